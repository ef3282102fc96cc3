"""Expert answers: curated architecture/security guidance, retrieved by meaning, grounded in the
user's current diagram ("which components store personal data?" names them).

Retrieval ranks the topics of ``data/guidance.yaml`` by cosine similarity of sentence
embeddings (shared.embeddings) plus a keyword boost; when the encoder cannot load it falls back
to keywords alone, so the answer never depends on the model being present.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from services.dsl.d2 import D2Error, compile_d2
from services.dsl.d2.model import Diagram, Shape
from services.dsl.generation.kb import DATA_DIR, knowledge_base
from services.dsl.generation.refs import shape_kind
from services.dsl.generation.request import GenerationRequest
from shared.contracts import GenerationKind, GenerationResult


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    keywords: tuple[str, ...]
    applies_to: tuple[str, ...]
    points: tuple[str, ...]

    @property
    def text(self) -> str:
        return f"{self.title}: " + " ".join(self.points)


@lru_cache(maxsize=1)
def topics() -> tuple[Topic, ...]:
    with (DATA_DIR / "guidance.yaml").open(encoding="utf-8") as fh:
        raw: dict[str, Any] = yaml.safe_load(fh)
    return tuple(
        Topic(tid, t["title"], tuple(t["keywords"]), tuple(t["applies_to"]), tuple(t["points"]))
        for tid, t in raw.items()
    )


_vec_lock = threading.Lock()
_topic_vectors: Any = None
_encoder_failed = False


def _semantic_scores(query: str) -> list[float] | None:
    """Cosine similarity of the query with every topic, or None without an encoder."""
    global _topic_vectors, _encoder_failed
    if _encoder_failed:
        return None
    try:
        from shared.embeddings import encode

        with _vec_lock:
            if _topic_vectors is None:
                _topic_vectors = encode(
                    [f"{t.title}. {' '.join(t.keywords)}. {t.points[0]}" for t in topics()]
                )
        q = encode([query])[0]
    except Exception:
        _encoder_failed = True
        return None
    return [float(x) for x in _topic_vectors @ q]


def _keyword_score(query: str, topic: Topic) -> float:
    low = query.lower()
    score = 0.0
    for kw in topic.keywords:
        if re.search(r"(?<![\w-])" + re.escape(kw) + r"(?![\w-])", low):
            score += 0.15 + 0.01 * len(kw)
    return score


def retrieve(query: str, k: int = 3) -> list[Topic]:
    sem = _semantic_scores(query)
    scored = []
    for i, topic in enumerate(topics()):
        score = _keyword_score(query, topic) + (sem[i] if sem is not None else 0.0)
        scored.append((score, i, topic))
    scored.sort(key=lambda x: (-x[0], x[1]))
    return [t for _, _, t in scored[:k]]


def components_for(diagram: Diagram, topic: Topic) -> list[Shape]:
    kb = knowledge_base()
    wanted = set(topic.applies_to)
    out = []
    for s in diagram.shapes:
        if s.children:
            continue
        kind = shape_kind(kb, s)
        if wanted & set(s.classes) or (kind is not None and kind.category in wanted):
            out.append(s)
    return out


def _diagram(request: GenerationRequest) -> Diagram | None:
    if not request.session.current_d2:
        return None
    try:
        return compile_d2(request.session.current_d2)
    except D2Error:
        return None


def expert_reply(request: GenerationRequest) -> GenerationResult:
    found = retrieve(request.query, k=2)
    top = found[0]
    lines = [f"{top.title}:"]
    diagram = _diagram(request)
    if diagram is not None:
        comps = components_for(diagram, top)
        if comps:
            names = ", ".join(f"{s.label} ({s.id})" for s in comps[:10])
            lines.append(f"In your diagram this concerns: {names}.")
        else:
            lines.append("Your current diagram has no component this applies to directly.")
    lines += [f"- {p}" for p in top.points]
    if len(found) > 1:
        lines.append(f"Related: {found[1].title.lower()} — ask me about it for details.")
    return GenerationResult(
        kind=GenerationKind.ANSWER,
        message="\n".join(lines),
        generator="architect",
        notes=[f"topic: {top.id}"],
    )
