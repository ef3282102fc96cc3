"""Conversations with the built-in architect, replayed through its own create and edit paths.

Each conversation is a create request and six or more edit requests, the way a user grows a
diagram (a cache between two components, a queue and its worker, monitoring on every
service...). `replay` runs them through `architect.create` and `update.update` exactly as the
`dsl.generate` stage does and validates every version as `dsl.validate` does; an edit the
architect answers with a question instead of a diagram fails the replay loudly (the
conversations are chosen so that every edit applies).
"""

from __future__ import annotations

from dataclasses import dataclass

from services.dsl.d2 import validate_d2
from services.dsl.generation.architect import create
from services.dsl.generation.request import GenerationRequest
from services.dsl.generation.update import update
from shared.contracts import DiagramGraph, GenerationKind, Intent, SessionSnapshot

CONVERSATIONS: dict[str, list[str]] = {
    "shop": [
        "create an e-commerce web shop with a postgres database and stripe payments",
        "add a redis cache between the api and the database",
        "add a message queue connected to the api",
        "add a worker behind the message queue",
        "add an s3 bucket connected to the api",
        "add monitoring to all services",
        "add a waf in front of the load balancer",
    ],
    "telehealth": [
        "create a HIPAA compliant telehealth platform with video calls, patient records in "
        "postgres and authentication",
        "add an audit log connected to the api",
        "add a secrets manager connected to the api",
        "add a redis cache between the api and the database",
        "add an s3 bucket for medical files connected to the api",
        "add a notification service connected to the api",
        "add monitoring to all services",
    ],
    "kafka": [
        "design a data pipeline that ingests clickstream events through kafka into a data "
        "warehouse",
        "add a stream processor behind kafka",
        "add an s3 data lake connected to the stream processor",
        "add a schema registry connected to kafka",
        "add a dashboard connected to the data warehouse",
        "add monitoring to all services",
        "add an airflow scheduler connected to the data warehouse",
    ],
    "rag": [
        "build a RAG chatbot over our documents with a vector database",
        "add a redis cache connected to the api",
        "add an s3 bucket for documents connected to the ingestion worker",
        "add authentication",
        "add a rate limiter in front of the api",
        "add monitoring to all services",
        "add a postgres database for chat history connected to the api",
    ],
    "iot": [
        "create an IoT platform that ingests sensor data into a time series database",
        "add a stream processor behind the message broker",
        "add an alerting service connected to the api",
        "add a dashboard connected to the time series database",
        "add an s3 archive connected to the time series database",
        "add a device registry connected to the iot hub",
        "add monitoring to all services",
    ],
    "microservices": [
        "design a microservices shop with kafka and postgres",
        "add a redis cache connected to the order service",
        "add a search service with elasticsearch",
        "add an s3 bucket connected to the order service",
        "add a notification service connected to kafka",
        "add tracing to all services",
        "add a cdn",
    ],
    "bank": [
        "create a secure online banking application with a mobile app, authentication and an "
        "oracle database",
        "add a fraud detection service connected to the api",
        "add a message queue between the api and the fraud detection service",
        "add an hsm connected to the api",
        "add a redis session store connected to the api",
        "add a siem connected to the waf",
        "add a reporting service connected to the database",
    ],
    "saas": [
        "create a multi-tenant saas application with a react frontend, a node api, postgres "
        "and stripe billing",
        "add a redis cache between the api and postgres",
        "add a background worker with a job queue",
        "add an email service connected to the worker",
        "add single sign-on with okta",
        "add an s3 bucket for uploads connected to the api",
        "add logging to all services",
    ],
    "video": [
        "build a video streaming platform with a cdn, object storage and a transcoding pipeline",
        "add a message queue between the api and the object storage",
        "add a recommendation service connected to the api",
        "add a postgres database for metadata connected to the api",
        "add a redis cache connected to the api",
        "add analytics connected to the api",
        "add monitoring to all services",
    ],
    "social": [
        "create a social network with a web app, a mobile app and user, feed and media "
        "microservices with a graph database",
        "add a redis cache connected to the feed service",
        "add a media service with an s3 bucket",
        "add a search service with elasticsearch connected to the api",
        "add a notification service connected to the feed service",
        "add a kafka event bus between the feed service and the notification service",
        "add monitoring to all services",
    ],
    "serverless": [
        "create a serverless web app with api gateway, lambda functions and dynamodb",
        "add cognito for authentication",
        "add an sqs queue connected to the lambda function",
        "add a worker lambda behind the queue",
        "add an s3 bucket connected to dynamodb",
        "add cloudwatch to all services",
        "add a cloudfront cdn in front of the api gateway",
    ],
}


@dataclass
class Version:
    query: str
    d2: str
    graph: DiagramGraph


class ReplayError(RuntimeError):
    """An edit of a conversation did not give a diagram (the architect asked back)."""


def replay(requests: list[str]) -> list[Version]:
    """Every version of the conversation: the created diagram, then one per edit."""
    versions: list[Version] = []
    d2 = ""
    for i, query in enumerate(requests):
        intent = Intent.DSL_CREATE if i == 0 else Intent.DSL_UPDATE
        session = SessionSnapshot(session_id="bench", current_d2=d2 or None)
        request = GenerationRequest(intent=intent, query=query, session=session)
        result = create(request) if i == 0 else update(request)
        if result.kind is not GenerationKind.DIAGRAM or not result.d2:
            raise ReplayError(f"{query!r} gave no diagram: {result.message}")
        checked = validate_d2(result.d2)
        d2 = checked.d2
        versions.append(Version(query, d2, checked.graph))
    return versions
