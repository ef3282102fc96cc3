"""Creates, round 15: the people a request names are drawn as people even when English also
reads their word as a verb ("the vets") or the role is a compound ("order takers",
"presenters"); a self-hosted model named alone is served, not a whole retrieval stack.
Sentences are our own, not the evaluation sets'."""

from __future__ import annotations

from services.dsl.d2.model import Diagram
from tests.unit.generation.test_create_phrases import diagram, labels

PERSON_ICON = "programmer"


def _people(d: Diagram) -> list[str]:
    """Labels of the leaves drawn as people (the users icon)."""
    return [
        s.label.lower()
        for s in d.shapes
        if not s.children and PERSON_ICON in str(getattr(s, "icon", "") or "")
    ]


# ---------------------------------------------------------------- roles read as verbs


def test_a_role_english_reads_as_a_verb_is_drawn_as_a_person() -> None:
    d = diagram(
        "a scheduling site for pet owners and a records database; "
        "the vets look up histories from a tablet app"
    )
    assert any("vet" in p for p in _people(d)), labels(d)
    assert not any("histories" in label for label in labels(d)), labels(d)


def test_the_verb_itself_draws_no_person() -> None:
    d = diagram("we vet every supplier in a review portal backed by postgres")
    assert not any("vet" in label for label in labels(d)), labels(d)


def test_a_part_named_for_the_activity_stays_a_part() -> None:
    d = diagram("a vetting service checks new suppliers before the catalog API lists them")
    assert any("vetting service" in label for label in labels(d)), labels(d)
    assert not any("vet" in p for p in _people(d)), labels(d)


# ---------------------------------------------------------------- compound roles


def test_order_takers_are_people() -> None:
    d = diagram("order takers key phone orders into the POS, which writes to postgres")
    assert any("takers" in p for p in _people(d)), labels(d)


def test_presenters_are_people() -> None:
    d = diagram("presenters upload their shows to a shared drive and the stream server plays them")
    assert any("presenters" in p for p in _people(d)), labels(d)


def test_a_verb_of_taking_draws_no_taker() -> None:
    d = diagram("the API takes orders and stores them in postgres")
    assert not any("take" in label for label in labels(d)), labels(d)


# ---------------------------------------------------------------- a model alone


def test_a_served_model_alone_brings_no_retrieval_stack() -> None:
    d = diagram("vLLM cluster behind an API gateway")
    found = " ".join(labels(d))
    assert "vllm" in found and "gateway" in found, labels(d)
    for part in ("vector", "embedding", "rag", "ingestion"):
        assert part not in found, labels(d)


def test_a_model_behind_a_proxy_brings_no_retrieval_stack() -> None:
    d = diagram("ollama on a gpu server behind nginx")
    assert not any("vector" in label or "embedding" in label for label in labels(d)), labels(d)


def test_a_chatbot_over_documents_still_gets_retrieval() -> None:
    d = diagram("a chatbot over our docs using a self-hosted llama model")
    found = " ".join(labels(d))
    assert "vector" in found and "embedding" in found, labels(d)


def test_a_vector_store_with_a_model_still_reads_as_retrieval() -> None:
    d = diagram(
        "an embeddings service writes to qdrant, and the API asks ollama with the top matches"
    )
    found = " ".join(labels(d))
    assert "qdrant" in found and "ollama" in found and "embedding" in found, labels(d)
