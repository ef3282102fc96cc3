"""What a message points at, through the MentionLinker interface."""

from __future__ import annotations

from services.intent.classifier import IntentClassifier
from services.intent.references import Mention, references
from shared.contracts import Intent


def test_knowledge_base_kinds_and_names_are_components() -> None:
    refs = references("move the postgres database behind the 'edge proxy' and the auth box")
    sources = {m.source for m in refs.components}
    assert {"kb", "quoted", "named"} <= sources
    assert any(m.kind == "postgres" for m in refs.components)
    assert refs.resolvable


def test_pointers_to_nothing_are_not_components() -> None:
    refs = references("change the part we discussed and add the usual")
    assert not refs.resolvable and len(refs.pointers) == 2


def test_deictic_words_wait_for_the_conversation() -> None:
    refs = references("make that one dashed")
    assert not refs.resolvable and refs.deictic


def test_relative_and_expletive_that_and_it_point_at_nothing() -> None:
    for text in (
        "add an uptime checker that runs outside our cloud",
        "colour everything that talks to the vendor grey",
        "is it possible to add a third zone",
        "it's fine, add a dead letter queue",
    ):
        assert not references(text).deictic, text
    for text in ("remove that", "move it below the api", "wire that to the bus"):
        assert references(text).deictic, text


class NoNames:
    """A linker that never finds anything: every edit becomes unresolvable."""

    def mentions(self, text: str) -> list[Mention]:
        return []


class EverythingNamed:
    """A linker that resolves the whole message, as a diagram-aware linker could."""

    def mentions(self, text: str) -> list[Mention]:
        return [Mention(text, 0, len(text), "named")]


def test_the_classifier_uses_the_linker_it_is_given(classifier: IntentClassifier) -> None:
    text = "change the part we discussed"
    blind = IntentClassifier(use_llm=False, stage=classifier.stage, linker=NoNames())
    seeing = IntentClassifier(use_llm=False, stage=classifier.stage, linker=EverythingNamed())
    assert blind.frames(text)[1].reference is False
    assert seeing.frames(text)[1].reference is True
    assert blind.classify(text, has_diagram=True).intent == Intent.CLARIFY
