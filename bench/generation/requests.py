"""Evaluation set of the built-in architect, written from an architect's point of view and
independently of the knowledge base: for each create request, the components a reviewer would
expect (each an alternative set of words, any of which may name it in a shape's label or id),
the connections they would expect (pairs of such components, either direction), and a size
band; for each edit case, a base request, the edit, and the expected result.
"""

from __future__ import annotations

# (request, required components, expected connections, (min shapes, max shapes))
# A component is a tuple of alternative words matched in a shape's label/id (lower case).
DB = ("database", "db", "postgres", "mysql", "mongo", "dynamo")
API = ("api", "service", "backend", "app", "function", "lambda")
USERS = ("user", "client", "browser", "customer", "mobile")
IDP = ("identity", "auth", "keycloak", "cognito", "okta", "login")

CREATE_CASES: list[
    tuple[
        str, list[tuple[str, ...]], list[tuple[tuple[str, ...], tuple[str, ...]]], tuple[int, int]
    ]
] = [
    ("a simple blog", [USERS, API, DB], [(USERS, API), (API, DB)], (3, 5)),
    (
        "create a secure web application with a database and authentication",
        [USERS, ("waf", "firewall"), API, DB, IDP],
        [(API, DB), (API, IDP)],
        (6, 12),
    ),
    (
        "a web app with a react frontend, a django backend and postgres",
        [USERS, ("react",), ("django",), ("postgres",)],
        [(("react",), ("django",)), (("django",), ("postgres",))],
        (4, 8),
    ),
    (
        "an e-commerce site with payments via stripe, redis caching and mysql",
        [USERS, ("stripe",), ("redis",), ("mysql",)],
        [(API, ("stripe",)), (API, ("redis",)), (API, ("mysql",))],
        (5, 12),
    ),
    (
        "microservices for user, order and payment with an api gateway and kafka",
        [("gateway",), ("user",), ("order",), ("payment",), ("kafka",)],
        [(("gateway",), ("order",)), (("order",), ("kafka",))],
        (6, 16),
    ),
    (
        "a RAG chatbot over company documents using pinecone and openai",
        [USERS, ("pinecone",), ("openai",), ("embedding",), ("document",)],
        [
            (("orchestr", "chat", "api", "rag"), ("pinecone",)),
            (("orchestr", "chat", "api", "rag"), ("openai",)),
        ],
        (5, 12),
    ),
    (
        "an IoT platform collecting sensor telemetry over mqtt into influxdb with a dashboard",
        [("device", "sensor"), ("mqtt",), ("influx",)],
        [(("device", "sensor"), ("mqtt",))],
        (4, 10),
    ),
    (
        "a data pipeline that loads salesforce data into snowflake with airflow and dbt",
        [("salesforce", "source"), ("snowflake",), ("airflow",)],
        [(("salesforce", "source", "ingest"), ("lake", "ingest", "dbt", "etl", "snowflake"))],
        (4, 10),
    ),
    (
        "a serverless api with aws lambda, dynamodb and s3",
        [("lambda",), ("dynamo",), ("s3",), ("gateway",)],
        [(("gateway",), ("lambda",)), (("lambda",), ("dynamo",))],
        (4, 8),
    ),
    (
        "an event-driven order system with rabbitmq and background workers",
        [("rabbit",), ("worker",), API],
        [(API, ("rabbit",)), (("rabbit",), ("worker",))],
        (4, 9),
    ),
    (
        "a mobile app backend with push notifications and firebase auth",
        [("mobile",), API, ("notification", "push"), ("firebase",)],
        [(("mobile",), ("api", "gateway", "load")), (API, ("notification", "push"))],
        (4, 10),
    ),
    (
        "a highly available web application with a load balancer, redis and postgres replicas",
        [USERS, ("load balancer", "load_balancer"), ("redis",), ("postgres",)],
        [(USERS, ("load balancer", "load_balancer")), (API, ("postgres",))],
        (4, 10),
    ),
    (
        "a HIPAA compliant patient portal with login",
        [USERS, IDP, DB, ("waf", "firewall"), ("log", "audit")],
        [(API, DB)],
        (6, 14),
    ),
    (
        "a web app with keycloak login, vault for secrets and prometheus monitoring",
        [("keycloak",), ("vault",), ("prometheus",), API],
        [(API, ("vault",)), (API, ("prometheus",))],
        (5, 11),
    ),
    (
        "a video streaming site with a cdn and object storage for uploads",
        [USERS, ("cdn",), ("storage", "s3", "bucket")],
        [(USERS, ("cdn",)), (API, ("storage",))],
        (4, 10),
    ),
    (
        "an internal admin tool with postgres",
        [(*USERS, "admin"), API, ("postgres",)],
        [(API, ("postgres",))],
        (3, 7),
    ),
    (
        "a search-heavy marketplace with elasticsearch and postgres",
        [USERS, ("elastic",), ("postgres",)],
        [(API, ("elastic",)), (API, ("postgres",))],
        (4, 9),
    ),
    (
        "a chat application with websockets, redis and mongodb",
        [USERS, ("realtime", "websocket"), ("redis",), ("mongo",)],
        [(USERS, ("realtime", "websocket")), (API, ("mongo",))],
        (4, 10),
    ),
    (
        "a machine learning recommendation service behind an api gateway",
        [("gateway",), ("recommend", "ml", "model")],
        [(API, ("recommend", "ml", "model"))],
        (3, 9),
    ),
    (
        "an analytics platform with kafka, spark and a data lake on s3",
        [("kafka",), ("spark",), ("lake", "s3")],
        [(("spark",), ("warehouse", "lake", "s3", "snowflake"))],
        (4, 10),
    ),
]

CREATE_CASES += [
    # second batch, written after the first scores, still without looking at the KB
    ("a url shortener with redis and postgres", [USERS, API, ("redis",), ("postgres",)], [(API, ("redis",)), (API, ("postgres",))], (4, 8)),
    ("a job board with full text search", [USERS, API, DB, ("search", "elastic")], [(API, ("search", "elastic"))], (4, 9)),
    ("a photo sharing app where users upload images", [USERS, API, ("storage", "s3", "bucket")], [(API, ("storage", "s3", "bucket"))], (3, 9)),
    ("a fintech payments platform that must be secure and PCI compliant", [USERS, ("waf", "firewall"), IDP, ("secret", "vault"), DB, ("log", "audit")], [(API, DB)], (7, 15)),
    ("a customer support chatbot using claude and a vector store", [USERS, ("claude",), ("vector",)], [(("orchestr", "api", "chat", "rag"), ("claude",))], (4, 12)),
    ("an order processing pipeline with sqs and lambda workers", [("sqs",), ("lambda",)], [(("sqs",), ("lambda", "worker"))], (3, 9)),
    ("a multiplayer game backend with websockets and redis", [USERS, ("realtime", "websocket"), ("redis",)], [(USERS, ("realtime", "websocket"))], (3, 9)),
    ("a healthcare records system with encryption and audit logs", [USERS, API, DB, ("log", "audit")], [(API, DB)], (4, 14)),
    ("a news feed service with a cache and a message queue", [API, ("cache",), ("queue",), ("worker", "consumer")], [(API, ("cache",)), (("queue",), ("worker", "consumer"))], (4, 10)),
    ("an internal analytics dashboard on top of bigquery", [("bigquery",), ("dashboard", "bi")], [(("bigquery",), ("dashboard", "bi"))], (2, 8)),
    ("a smart home system with thermostats and a mobile app", [("thermostat", "device"), ("mobile",), ("mqtt", "hub", "gateway")], [(("thermostat", "device"), ("mqtt", "hub", "gateway"))], (4, 10)),
    ("a booking system with postgres, email notifications and stripe", [USERS, ("postgres",), ("email",), ("stripe",)], [(API, ("postgres",)), (API, ("stripe",))], (5, 11)),
    ("a static marketing website", [USERS, ("web", "site")], [(USERS, ("web", "site"))], (2, 5)),
    ("a log analytics platform with elasticsearch and kafka", [("elastic",), ("kafka",)], [(("kafka",), ("elastic", "processor", "worker", "consumer", "etl", "ingest"))], (3, 10)),
]  # fmt: skip

# (base request, edit, expectation) — expectations:
#   ("has", words)            a shape whose label/id contains any of the words exists
#   ("lacks", words)          no shape matches
#   ("edge", a, b)            a connection between shapes matching a and b (either direction)
#   ("no_edge", a, b)         no such connection
#   ("label", words, text)    the shape matching words has exactly this label
#   ("parent", words, words)  the shape matching the first is inside the one matching the second
#   ("clarify",)              the reply asks a question instead of changing the diagram
SECURE = "create a secure web application with a database and authentication"
SHOP = "an e-commerce site with redis caching and mysql"
EDIT_CASES: list[tuple[str, str, list[tuple]]] = [
    (
        SECURE,
        "put a redis cache between the api and the database",
        [
            ("has", ("redis",)),
            ("edge", ("api",), ("redis",)),
            ("edge", ("redis",), ("database",)),
            ("no_edge", ("api",), ("database",)),
        ],
    ),
    (
        SECURE,
        "swap the database for postgres",
        [("has", ("postgres",)), ("lacks", ("database",)), ("edge", ("api",), ("postgres",))],
    ),
    (SECURE, "remove the waf", [("lacks", ("waf",)), ("edge", ("user",), ("web",))]),
    (
        SECURE,
        "rename the api to Orders API",
        [("label", ("orders",), "Orders API"), ("edge", ("orders",), ("database",))],
    ),
    (
        SECURE,
        "add monitoring to all services",
        [
            ("has", ("monitoring",)),
            ("edge", ("api",), ("monitoring",)),
            ("edge", ("web",), ("monitoring",)),
        ],
    ),
    (SECURE, "connect the web app to the identity provider", [("edge", ("web",), ("identity",))]),
    (
        SECURE,
        "disconnect the api from the secrets manager",
        [("no_edge", ("api",), ("secrets",)), ("has", ("secrets",))],
    ),
    (SECURE, "move the secrets manager into the data tier", [("parent", ("secrets",), ("data",))]),
    (SECURE, "add kafka connected to the api", [("edge", ("api",), ("kafka",))]),
    (SECURE, "relabel the database as Customer DB", [("label", ("database",), "Customer DB")]),
    (
        SECURE,
        "add a cdn in front of the waf",
        [
            ("edge", ("cdn",), ("waf",)),
            ("edge", ("user",), ("cdn",)),
            ("no_edge", ("user",), ("waf",)),
        ],
    ),
    (SECURE, "make the database red", [("has", ("database",))]),
    (
        SECURE,
        "group the api and the web app into Backend",
        [("parent", ("api",), ("backend",)), ("parent", ("web_app",), ("backend",))],
    ),
    (SECURE, "add a worker", [("has", ("worker",))]),
    (SECURE, "add an audit log", [("has", ("log",))]),
    (SECURE, "remove the thing", [("clarify",)]),
    (SHOP, "replace mysql with postgres", [("has", ("postgres",)), ("lacks", ("mysql",))]),
    (SHOP, "remove the cache", [("lacks", ("redis",)), ("has", ("mysql",))]),
    (SHOP, "add elasticsearch connected to the api", [("edge", ("api",), ("elastic",))]),
    (
        SHOP,
        "add a rabbitmq queue between the api and mysql",
        [("edge", ("api",), ("rabbit",)), ("edge", ("rabbit",), ("mysql",))],
    ),
    (SHOP, "use mongodb instead of mysql", [("has", ("mongo",)), ("lacks", ("mysql",))]),
    (SHOP, "add a waf", [("has", ("waf",)), ("edge", ("user",), ("waf",))]),
    (SHOP, "add login", [("has", ("identity",))]),
    (SHOP, "delete the connection between the api and redis", [("no_edge", ("api",), ("redis",))]),
    (
        "microservices for user, order and payment with an api gateway",
        "add a redis cache connected to the order service",
        [("edge", ("order_service",), ("redis",))],
    ),
    (
        "microservices for user, order and payment with an api gateway",
        "remove the service",
        [("clarify",)],
    ),
]

EDIT_CASES += [
    # second batch
    (SECURE, "put a load balancer in front of the api", [("edge", ("load",), ("api",))]),
    (SECURE, "add an email service", [("has", ("email",)), ("edge", ("api",), ("email",))]),
    (SECURE, "delete the secrets manager", [("lacks", ("secret",)), ("has", ("api",))]),
    (SECURE, "replace the identity provider with okta", [("has", ("okta",)), ("lacks", ("identity",)), ("edge", ("api",), ("okta",))]),
    (SECURE, "add a redis cache to the api", [("edge", ("api",), ("redis",))]),
    (SECURE, "add a read replica of the database", [("has", ("replica",))]),
    (SHOP, "add a payment provider", [("has", ("payment",)), ("edge", ("api",), ("payment",))]),
    (SHOP, "rename mysql to Orders DB", [("label", ("orders",), "Orders DB"), ("edge", ("api",), ("orders",))]),
    (SHOP, "add a cdn", [("has", ("cdn",)), ("edge", ("user",), ("cdn",))]),
    (SHOP, "remove the cache and add memcached", [("lacks", ("redis",)), ("has", ("memcached",))]),
    (SHOP, "highlight the api", [("has", ("api",))]),
    (SHOP, "connect the cache to the database", [("edge", ("redis",), ("mysql",))]),
]  # fmt: skip
