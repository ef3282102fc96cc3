"""Creates: general readers of stated relations and of what is one component (issue 11,
create half, round 6): relation verbs in every tense, reverse arrows, passives with "by",
"w/", a product's role word, a platform's hosted part. Sentences are our own."""

from __future__ import annotations

import pytest

from bench.generation.people_checks import connected
from services.dsl.generation.kb import knowledge_base
from services.dsl.generation.phrases import read
from tests.unit.generation.test_create_phrases import diagram, labels


def _links(text: str, stated: bool = False) -> set[tuple[str, str]]:
    """The links of `text` as pairs of lower-case labels (either direction); `stated`: only
    the links its words state, not mentions merely side by side."""
    mentions, links = read(knowledge_base(), text)
    out = set()
    for link in links:
        if stated and (link.near or link.weak):
            continue
        a, b = mentions[link.src].label.lower(), mentions[link.dst].label.lower()
        out |= {(a, b), (b, a)}
    return out


def _joined(text: str, a: str, b: str, stated: bool = False) -> bool:
    return any(a in x and b in y for x, y in _links(text, stated))


@pytest.mark.parametrize(
    ("text", "a", "b"),
    [
        ("the crm, the ledger app and the helpdesk are all feeding one data warehouse", "crm",
         "warehouse"),
        ("the kiosk app keeps hitting the booking service all day", "kiosk", "booking"),
        ("a report job was querying snowflake every hour", "report job", "snowflake"),
    ],
)  # fmt: skip
def test_a_relation_verb_is_read_in_any_tense(text: str, a: str, b: str) -> None:
    assert _joined(text, a, b, stated=True), _links(text)


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ("postgres <- orders api <- web shop", [("postgres", "orders"), ("orders", "web shop")]),
        ("S3 ← thumbnail worker ← upload queue", [("s3", "thumbnail"), ("thumbnail", "upload")]),
        ("grafana <-- prometheus", [("grafana", "prometheus")]),
    ],
)
def test_a_reverse_arrow_links_its_two_ends(text: str, pairs: list[tuple[str, str]]) -> None:
    for a, b in pairs:
        assert _joined(text, a, b), _links(text)


@pytest.mark.parametrize(
    ("text", "a", "b"),
    [
        ("partner orders are normalised by a mapping service", "mapping", "partner orders"),
        ("the upload bucket gets scanned by a clamav worker", "clamav", "upload bucket"),
        ("every event queue is drained by the billing worker", "billing", "event queue"),
    ],
)
def test_a_participle_before_by_names_the_doer(text: str, a: str, b: str) -> None:
    assert _joined(text, a, b, stated=True), _links(text)


def test_w_slash_reads_as_with_and_keeps_the_host() -> None:
    d = diagram("rag chatbot w/ qdrant")
    assert any("rag chatbot" in x for x in labels(d)), labels(d)
    assert connected(d, ["rag chatbot"], ["qdrant"]), labels(d)
    d = diagram("recipe app with favourites, comments, ratings")
    assert any("favourites" in x for x in labels(d)), labels(d)
    assert any("comments" in x for x in labels(d)), labels(d)


def test_an_unknown_noun_phrase_opening_a_clause_before_using_is_a_component() -> None:
    for text, name in (("rag chatbot using pinecone and openai", "rag chatbot"),
                       ("homework helper with postgres", "homework helper")):  # fmt: skip
        mentions, _ = read(knowledge_base(), text)
        assert any(name in m.label.lower() for m in mentions), [m.label for m in mentions]


@pytest.mark.parametrize(
    ("text", "product", "role"),
    [
        ("Adyen for checkout, a Go api and MySQL", "adyen", "checkout"),
        ("an api with Auth0 for login and postgres", "auth0", "login"),
        ("an api, and Vault for secrets", "vault", "secret"),
    ],
)
def test_a_products_role_word_is_no_second_component(text: str, product: str, role: str) -> None:
    d = diagram(text)
    assert any(product in x for x in labels(d)), labels(d)
    # one shape is the product in that role; no other shape of the role beside it
    assert not any(role in x and product not in x for x in labels(d)), labels(d)


@pytest.mark.parametrize(
    ("text", "a", "b"),
    [
        ("the ranker on a k8s cluster reads from redis", "ranker", "redis"),
        ("a scoring model on GKE behind an API gateway", "scoring", "gateway"),
        ("the transcoder on a GPU pool writes into s3", "transcoder", "s3"),
    ],
)
def test_a_relation_after_a_platform_is_the_hosted_parts(text: str, a: str, b: str) -> None:
    assert _joined(text, a, b), _links(text)
