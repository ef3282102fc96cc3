"""The rule catalogue (``rules.yaml``): each rule's category, texts and references.

A threat's title, description and mitigation are its rule's templates filled with the names
of its element (``{name}``) or its flow's ends (``{src}``, ``{dst}``) and a few words of its
own (``{data}``); so a stored model keeps only those words, and the texts come back from
here (:meth:`shared.threats.model.ThreatModel.from_json`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml

Category = Literal["S", "T", "R", "I", "D", "E"]

DATA = Path(__file__).parent / "rules.yaml"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    category: Category
    title: str
    description: str
    mitigation: str
    references: tuple[str, ...]


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Rule]:
    with DATA.open(encoding="utf-8") as fh:
        raw: dict[str, dict[str, Any]] = yaml.safe_load(fh)
    return {
        rid: Rule(
            id=rid,
            category=r["category"],
            title=r["title"],
            description=r["description"],
            mitigation=r["mitigation"],
            references=tuple(r["references"]),
        )
        for rid, r in raw.items()
    }


def fill(template: str, words: dict[str, str]) -> str:
    """`template` with its {placeholders} replaced (the catalogue's texts use no other braces;
    plain replacing is several times faster than str.format on thousands of threats)."""
    for key, value in words.items():
        template = template.replace("{" + key + "}", value)
    return template
