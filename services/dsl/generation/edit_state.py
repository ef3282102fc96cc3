"""What an edit request works on: the current D2 text with its compiled diagram (cached per
text), and the look-ups the edit commands share — the kind and label a phrase asks for, a
fresh id, the zone a kind belongs in, the diagram's processes, backends and entry links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from services.dsl.d2 import ast as A
from services.dsl.d2 import edits as E
from services.dsl.d2.core import compile_text
from services.dsl.d2.model import Diagram, Shape
from services.dsl.generation.design import clip_label, snake_id
from services.dsl.generation.kb import COMPONENT_HEADS, Kind, KnowledgeBase
from services.dsl.generation.refs import clean_ref, describe, resolve, shape_kind
from services.dsl.generation.spelling import speller
from shared.stylepack import NODE_CLASSES, classes_block

_FILLER = frozenset(["a", "an", "the", "new", "another", "second", "of", "for", "our", "my"])


class Clarify(Exception):
    """The request cannot be applied without asking the user something."""


@dataclass
class State:
    kb: KnowledgeBase
    d2: str

    _cache: tuple[str, Diagram] | None = None

    @property
    def diagram(self) -> Diagram:
        # compiled once per text: commands read it several times between edits
        if self._cache is None or self._cache[0] != self.d2:
            self._cache = (self.d2, compile_shared(self.d2))
        return self._cache[1]

    last_added: str | None = None  # what "it" refers to in the next command

    # a text and a diagram with the same shapes (not necessarily its compile: see `connect`)
    _same_shapes: tuple[str, Diagram] | None = None

    def connect(
        self, src: str, dst: str, label: str | None = None, style: dict[str, str] | None = None
    ) -> None:
        """``E.connect`` on the current text.

        A connection between existing shapes adds no shape, and the edit only reads the shape
        ids of the diagram it is handed, so the diagram that vouched for the text before a
        connect vouches for the text after it: a run of connects (a new monitoring shape wired
        to eight services) compiles once instead of once per connect.
        """
        known = self._same_shapes
        shapes = known[1] if known is not None and known[0] == self.d2 else self.diagram
        self.d2 = E.connect(self.d2, src, dst, label, diagram=shapes, style=style)
        self._same_shapes = (self.d2, shapes)

    #: the operation layer hands the commands shape ids it has already resolved
    by_id: bool = False

    def one(self, ref: str, *, containers: bool = False) -> Shape:
        if self.by_id:
            exact = self.diagram.shape(ref)
            if exact is not None:
                return exact
        if clean_ref(ref) in ("it", "that", "this", "them") and self.last_added:
            found = self.diagram.shape(self.last_added)
            if found is not None:
                return found
        res = resolve(self.kb, self.diagram, ref, containers=containers)
        if not res.shapes:
            names = ", ".join(s.label for s in self.diagram.shapes if not s.children)
            raise Clarify(
                f"I couldn't find “{clean_ref(ref)}” in the diagram. "
                f"Which component do you mean? It has: {names}."
            )
        if not res.ok:
            raise Clarify(f"“{clean_ref(ref)}” could mean {describe(res.shapes)}. Which one?")
        return res.shape


@lru_cache(maxsize=4096)
def _mended(word: str, kb: KnowledgeBase) -> str:
    low = word.lower()
    if len(low) < 5 or word.isupper() or low in kb.vocab_set or speller().known([low]):
        return word
    hit = process.extractOne(
        low, kb.vocab, scorer=OSA.distance, score_cutoff=1 if len(low) <= 6 else 2
    )
    if hit is None:
        return word
    other = str(hit[0])
    stem = next(
        (i for i, (a, b) in enumerate(zip(low, other, strict=False)) if a != b),
        min(len(low), len(other)),
    )
    if hit[1] == 2 and stem >= 4 and len(low) - stem <= 3 and speller().known([low[:stem]]):
        # a word and a short different ending ("chatbot" / "chatgpt"): another compound of
        # the same word, not a misspelling of it
        return word
    return other


def mend(kb: KnowledgeBase, phrase: str) -> str:
    """`phrase` with a misspelt word mended to the knowledge base's word ("a rate limter",
    "kafak"), when that makes the phrase name a kind it did not name before."""
    mended = re.sub(r"(?<![\w-])[A-Za-z]+(?![\w-])", lambda w: _mended(w.group(0), kb), phrase)
    if mended == phrase:
        return phrase
    before = sum(len(m.phrase) for m in kb.find(phrase))
    after = sum(len(m.phrase) for m in kb.find(mended))
    heads = set(re.findall(r"[a-z]+", mended.lower())) - set(re.findall(r"[a-z]+", phrase.lower()))
    return mended if after > before or heads & COMPONENT_HEADS else phrase


def new_spec(kb: KnowledgeBase, phrase: str) -> tuple[str, str, Kind | None]:
    """(label, class, kind) for a shape described by `phrase` ("a redis cache")."""
    phrase = mend(kb, phrase)
    named = re.search(r"(?:called|named|labell?ed)\s+[\"“']?([^\"”']+)[\"”']?", phrase)
    found = kb.find(phrase)
    kind = max(found, key=lambda m: (not m.kind.generic, len(m.phrase))).kind if found else None
    aside = re.search(r"\(([^()]+)\)\s*$", phrase)
    if named:
        label = named.group(1).strip()
    elif aside and clean_ref(phrase[: aside.start()]):
        # "a rate limiter (envoy)": the user's name, with the product they named
        head = clean_ref(phrase[: aside.start()]).capitalize()
        product = kb.kind_for(aside.group(1))
        kind = product or kind
        named_as = product.label_for(aside.group(1).strip().lower()) if product else None
        label = f"{head} ({named_as or aside.group(1).strip()})"
    elif kind is not None:
        phrase_hit = next(m.phrase for m in found if m.kind is kind)
        label = kind.label_for(phrase_hit)
        extra = [
            w
            for w in re.findall(r"[a-z0-9-]+", phrase.lower())
            if w not in _FILLER and w not in phrase_hit.split()
        ]
        said = set(words_of_label(phrase_hit))
        if kind.generic and (extra or (len(said) > 1 and not said & set(words_of_label(label)))):
            # "a read replica of the database" says more than "Database"; "an output filter"
            # is the user's name for what the knowledge base calls "Guardrails"
            label = clean_ref(phrase).capitalize()
        short = re.fullmatch(r"[A-Z][A-Z0-9]{2,5}", phrase_said(phrase, phrase_hit))
        if kind.generic and short and short.group(0).lower() not in words_of_label(label):
            # "a KMS": the knowledge base's "Secrets manager", with the acronym the user wrote
            label = f"{label} ({short.group(0)})"
    else:
        label = clean_ref(phrase).capitalize()
    cls = kind.cls if kind else "process"
    return clip_label(label), cls, kind


def phrase_said(phrase: str, hit: str) -> str:
    """The words of `phrase` that matched the knowledge base's `hit`, as the user cased them."""
    m = re.search(r"\b" + re.escape(hit) + r"\b", phrase, re.I)
    return m.group(0) if m else ""


def words_of_label(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def names_kind(label: str, kind: Kind) -> bool:
    """The kind's id may name a box so labelled: the label says it ("Redis cache": redis),
    and is not another product of that kind ("OpenSearch" is no "elasticsearch")."""
    squashed = re.sub(r"[^a-z0-9]", "", label.lower())
    return not kind.generic and kind.id.replace("_", "") in squashed


def fresh_id(diagram: Diagram, label: str, kind: Kind | None) -> str:
    base = kind.id if kind is not None and names_kind(label, kind) else snake_id(label)
    taken = {s.name.lower() for s in diagram.shapes}
    if base not in taken:
        return base
    n = 2
    while f"{base[:27]}_{n}" in taken:
        n += 1
    return f"{base[:27]}_{n}"


def zone_for(diagram: Diagram, kind: Kind | None) -> str | None:
    if kind is None:
        return None
    for s in diagram.shapes:
        if s.parent is None and s.children and s.id == kind.zone:
            return s.id
    return None


def processes(diagram: Diagram, kb: KnowledgeBase) -> list[Shape]:
    return [s for s in diagram.shapes if "process" in s.classes and not s.children]


def backends(diagram: Diagram, kb: KnowledgeBase) -> list[Shape]:
    procs = processes(diagram, kb)
    back = [
        s
        for s in procs
        if (k := shape_kind(kb, s)) and k.category in ("api", "service", "function")
    ]
    return (
        back
        or [s for s in procs if (k := shape_kind(kb, s)) is None or k.category != "web"]
        or procs
    )


def entry_edges(diagram: Diagram) -> list[tuple[str, str]]:
    clients = {s.id for s in diagram.shapes if "client" in s.classes}
    by_id = {s.id: s for s in diagram.shapes}
    return [
        (c.src, c.dst)
        for c in diagram.connections
        if c.src in clients
        and c.dst in by_id
        and "client" not in by_id[c.dst].classes
        and "security" not in by_id[c.dst].classes
    ]


def compile_shared(text: str) -> Diagram:
    """The D2 core's compile of `text`, on the parse the structural edits cache.

    The edits parse every text they touch and this compiles the same texts: sharing the
    (read-only) tree means each text of an update is parsed once and compiled once. The last
    few compiles are remembered by text: a session's next request edits the diagram the
    previous one produced (and compiled), so its first compile is free.
    """
    return _compiled(text)


@lru_cache(maxsize=32)
def _compiled(text: str) -> Diagram:
    # both are entry points of the core: whatever fails leaves them as a D2Error
    # (errors.only_d2_errors, the one place that wraps internal errors)
    return compile_text(text, tree=E.parse_text(text))


def is_classes_block(node: A.MapNode) -> bool:
    """The root ``classes: {...}`` entry (an unquoted key, as the compiler reads it)."""
    if not isinstance(node, A.Key) or node.key is None or node.edges:
        return False
    path = node.key.path
    return len(path) == 1 and isinstance(path[0], A.UnquotedString) and path[0].text() == "classes"


def ensure_classes(d2: str, diagram: Diagram | None = None) -> str:
    """Declare every style-pack class the shapes use in the root ``classes`` block.

    ``diagram``: the compiled `d2` when the caller has it (only read).
    """
    diagram = diagram if diagram is not None else compile_shared(d2)
    used = {c for s in diagram.shapes for c in s.classes if c in NODE_CLASSES}
    if used <= set(diagram.classes):
        return d2
    wanted = [c for c in NODE_CLASSES if c in used | set(diagram.classes)]
    block = classes_block(wanted)
    tree = E.parse_text(d2)  # cached: the compile above read the same parse
    for node in tree.nodes:
        if is_classes_block(node):
            return d2[: node.start] + block + d2[node.end :]
    lines = d2.split("\n")
    at = 1 if lines and lines[0].startswith("direction") else 0
    return "\n".join([*lines[:at], block, *lines[at:]])
