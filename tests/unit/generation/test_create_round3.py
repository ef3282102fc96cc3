"""Creates, round 3 of issue 11: verbs out of names, relation lexicon in every inflection,
fan-outs, unknown domain nouns as generic components, capability nodes wired to their clause."""

from __future__ import annotations

from services.dsl.generation.kb import knowledge_base
from services.dsl.generation.phrases import read


def _names(text: str) -> list[str]:
    return [m.label.lower() for m in read(knowledge_base(), text)[0]]


def _pairs(text: str, *, strong: bool = False) -> set[tuple[str, str]]:
    mentions, links = read(knowledge_base(), text)
    names = [m.label.lower() for m in mentions]
    return {(names[x.src], names[x.dst]) for x in links if not (strong and x.weak)}


# 4. noise: a verb is no part of a component's name ------------------------------------------
def test_a_verb_only_word_ends_the_name_before_it() -> None:
    names = _names("a risk rating service evaluates every loan, results kept in mysql")
    assert "risk rating service" in names
    assert not any("evaluates" in n for n in names)


def test_an_uninflected_verb_after_a_plural_subject_is_cut() -> None:
    names = _names("couriers authenticate through keycloak, then reach the dispatch api")
    assert not any("authenticate" in n for n in names)


def test_a_verb_used_as_a_modifier_of_a_head_stays() -> None:
    assert any("redirect service" in n for n in _names("redirect service, redis, clickhouse"))
