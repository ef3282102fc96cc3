"""The structural reader: a clause's operations from its parse, whatever its words.

The detectors of :mod:`finder` read constructions they were written for; a request in other
words ("unhook A and B from C", "drop the arow from A to B", "we aren't using X anymore",
"billing should get a dead letter queue") fell through to "I didn't understand". This reader
takes the clause's frames (:mod:`clause_parse`: a verb with its particle, objects, subject
and prepositional roles), finds the operation the verb names with the project's own verb
vocabulary (the verb classes of :mod:`verbs`, the slang of :data:`ops.SLANG`, the verbs of
communication of :mod:`relation_words`; a verb that undoes a joining verb, "unhook",
"unplug", "detach", disconnects) and fills the operation's roles from the frame's arguments,
whose mentions :mod:`mentions` already linked. It gives the same :class:`ops.Op` records the
detectors give, so applying them is unchanged. :mod:`update` asks it when no detector read the
clause. Pure functions.
"""

from __future__ import annotations

import re

from rapidfuzz import process
from rapidfuzz.distance import OSA

from services.dsl.generation.clause_parse import PLACEHOLDERS, Arg, Frame, frames
from services.dsl.generation.links import LINK_NOUN
from services.dsl.generation.mentions import Mention
from services.dsl.generation.ops import SHAPES, SLANG, Abstract, Op
from services.dsl.generation.relation_words import direction, verb_lemma
from services.dsl.generation.verbs import plain, repair

#: the link nouns of :mod:`links` ("arrow", "connection", ...), targets of a typo repair
_LINK_WORDS = re.findall(r"[a-z0-9]+", LINK_NOUN.split(")")[0])

#: verbs that join two things; with a prefix that undoes ("un", "dis", "de") they separate
_JOINING = frozenset({"connect", "link", "hook", "wire", "plug", "attach", "couple", "tie",
                      "join", "bind", "chain", "patch"})  # fmt: skip
#: verbs that separate without a prefix
_SEPARATING = frozenset({"disconnect", "detach", "sever", "decouple", "isolate", "unlink",
                         "separate", "cut"})  # fmt: skip
#: verbs that place a thing somewhere
_PLACING = frozenset({"move", "put", "place", "relocate", "shift", "nest", "drag", "stick",
                      "push", "pull", "bring", "take", "sit", "set", "live", "belong", "stay",
                      "go", "reside", "land"})  # fmt: skip
#: verbs whose object, a new thing, the subject comes to have ("billing should get a DLQ")
_HAVING = frozenset({"get", "need", "have", "want", "require", "deserve", "use", "gain"})
#: verbs of a rename or a replacement, read in any form
_NAMED = {"rename": "rename", "replace": "replace", "substitute": "swap", "swap": "swap",
          "switch": "swap", "merge": "merge", "split": "split", "group": "group"}  # fmt: skip


def _slang(phrase: str) -> str:
    """`phrase` ("hook up", "take out") as the plain verb :data:`ops.SLANG` makes of it."""
    out = f" {phrase} "
    for pattern, verb in SLANG:
        if "@" in pattern or "\\1" in verb:
            continue
        out = re.sub(pattern, verb, out)
    return out.strip()


def operation(lemma: str, word: str, particle: str) -> str:
    """The operation a verb names: remove, add, connect, send, disconnect, move, replace,
    rename, merge, split, group, or "" for none."""
    lemma = lemma if lemma.isalpha() else word
    fixed = repair(word)
    if fixed != word:  # "conect", "remvoe": a misspelt verb of the vocabulary
        lemma = fixed
    said = _slang(f"{lemma} {particle}".strip()).split()
    first = said[0] if said else lemma
    if first in ("remove", "add", "connect", "merge", "split", "group", "swap", "migrate"):
        return (
            {"swap": "replace", "migrate": "replace"}[first]
            if first
            in (
                "swap",
                "migrate",
            )
            else first
        )
    verb = plain(lemma)
    if verb in ("remove", "removed"):
        return "remove"
    if verb in ("add", "swap", "migrate"):
        return "add" if verb == "add" else "replace"
    if lemma in _NAMED:
        return _NAMED[lemma]
    if lemma in _SEPARATING:
        return "disconnect"
    for prefix in ("un", "dis", "de"):
        if lemma.startswith(prefix) and lemma[len(prefix) :] in _JOINING:
            return "disconnect"
    if lemma in _JOINING:
        return "connect"
    if lemma in ("take", "pull", "rip", "kick") and particle in ("out", "off", "away"):
        return "remove"
    if lemma in _PLACING:
        return "move"
    if lemma in _HAVING:
        return "have"
    if verb_lemma(word) or verb_lemma(lemma):
        return "send"
    return ""


def _link_noun(arg: Arg) -> bool:
    if arg.mentions:
        return False
    head = arg.head
    if re.fullmatch(LINK_NOUN, head):
        return True
    hit = process.extractOne(head, _LINK_WORDS, scorer=OSA.distance, score_cutoff=1)
    return hit is not None and len(head) >= 4


class _Reading:
    """A frame's arguments as mentions of the clause."""

    def __init__(self, ab: Abstract, frame: Frame) -> None:
        self.ab, self.f = ab, frame

    def shapes(self, args: tuple[Arg, ...]) -> list[Mention]:
        """The drawn shapes the arguments name (each argument one mention at most)."""
        out = []
        for a in args:
            named = [self.ab.mentions[k] for k in a.mentions]
            named = [m for m in named if m.shapes and (m.tier > 1 or m.pronoun)]
            if not named or a.fresh:
                return []
            out.append(named[-1])
        return out

    def words(self, arg: Arg) -> str:
        """An argument's words with the mentions it holds written as the user wrote them."""
        text = arg.words
        for k in arg.mentions:
            s, e = self.ab.spans[k]
            text = re.sub(
                rf"\b{PLACEHOLDERS[k % len(PLACEHOLDERS)]}\b", self.ab.original[s:e], text
            )
        text = re.sub(r"^(?:an?|the|one|some|another)\s+", "", text, flags=re.I)
        return re.sub(r"\bqt(\d+)\b", lambda g: self.ab.quotes[int(g.group(1))], text).strip()

    def ends(self) -> tuple[list[Mention], list[Mention]] | None:
        """The two ends a link noun's roles give ("from A to B", "between A and B")."""
        f = self.f
        between = self.shapes(f.role("between"))
        if len(between) >= 2:
            return between[:1], between[1:]
        a, b = self.shapes(f.role("from")), self.shapes(f.role("to", "into", "towards"))
        if a and b:
            return a, b
        return None


def _remove(r: _Reading) -> list[Op] | None:
    f = r.f
    if f.objects and all(_link_noun(o) for o in f.objects):
        ends = r.ends()
        return [Op("disconnect", ends[0], ends[1])] if ends else None
    objs = r.shapes(f.objects)
    if not objs:
        return None
    instead = f.role("instead of", "for")
    if len(objs) == 1 and instead and not r.shapes(instead[:1]):
        return [Op("replace", objs, new=r.words(instead[0]))]  # "drop X in favour of Y"
    out_of = r.shapes(f.role("out of", "from", "off"))
    if f.role("out of", "from", "off") and not out_of:
        return None  # "pull it out of there": a place, not a removal
    if out_of:
        within = {i for m in out_of for s in m.shapes for i in (s.id,)}
        if all(any(s.parent in within for s in m.shapes) for m in objs):
            return [Op("move_out", objs, out_of)]  # "take X out of the zone"
        return [Op("disconnect", objs, out_of)]  # "cut X off from Y": the link goes
    return [Op("remove", objs)]


def _disconnect(r: _Reading) -> list[Op] | None:
    f = r.f
    if f.objects and all(_link_noun(o) for o in f.objects):
        ends = r.ends()
        return [Op("disconnect", ends[0], ends[1])] if ends else None
    objs = r.shapes(f.objects) or r.shapes(f.subject)
    other = r.shapes(f.role("from", "off", "away from", "out of", "with"))
    if objs and other:
        return [Op("disconnect", objs, other)]
    if len(objs) >= 2:  # "decouple A and B"
        return [Op("disconnect", objs[:1], objs[1:])]
    return None


def _connect(r: _Reading) -> list[Op] | None:
    f = r.f
    objs = r.shapes(f.objects)
    to = r.shapes(f.role("to", "into", "with", "onto", "towards"))
    if objs and to:
        return [Op("connect", objs, to, label="directed")]
    if len(objs) >= 2:
        return [Op("connect", objs[:1], objs[1:])]
    subj = r.shapes(f.subject)
    if subj and (to or objs):
        return [Op("connect", subj, to or objs, label="directed")]
    return None


def _send(r: _Reading) -> list[Op] | None:
    """ "A pings B", "A pulls from B": a verb of communication between two drawn shapes."""
    f = r.f
    subj = r.shapes(f.subject)
    roles = [name for name, _ in f.roles]
    other = r.shapes(f.objects) or r.shapes(next((a for _, a in f.roles), ()))
    if not subj or not other or f.negated:
        return None
    way = direction(verb_lemma(f.word) or f.lemma, roles[:1])
    src, dst = (subj, other) if way == "out" else (other, subj)
    return [Op("connect", src, dst, label="directed")]


_ADD_ROLES = (
    ("between", "between"),
    ("in front of", "in front of"),
    ("behind", "behind"),
    ("after", "after"),
    ("before", "in front of"),
    ("next to", "next to"),
    ("beside", "beside"),
    ("inside", "inside"),
    ("into", "in"),
    ("in", "in"),
    ("within", "in"),
    ("to", "to"),
    ("on", "on"),
    ("for", "for"),
)


#: the roles that place a new component
_PLACES = frozenset({"between", "in front of", "behind", "after", "before", "next to", "beside",
                     "inside", "into", "in", "within", "off", "on", "to"})  # fmt: skip


def _add(r: _Reading, whole: tuple[Arg, ...], owner: list[Mention]) -> list[Op] | None:
    """A new component (a phrase naming nothing drawn) placed by the frame's roles."""
    fresh = [o for o in whole if not r.shapes((o,)) and not _link_noun(o)]
    if len(fresh) != 1:
        return None
    new = r.words(fresh[0])
    if not new or new.lower() in ("it", "them", "this", "that", "one", "something"):
        return None
    roles = [
        *_ADD_ROLES,
        ("through", "to"),
        ("via", "to"),
        ("from", "to"),
        ("by", "to"),
        ("off", "to"),
    ]
    for role, rel in roles:
        at = r.shapes(r.f.role(role))
        if rel == "between" and len(at) >= 2:
            return [Op("add", at[:1], at[1:], new=new, rel="between")]
        if at and rel != "between":
            return [Op("add", at, new=new, rel=rel)]
    if owner:
        return [Op("add", owner, new=new, rel="for")]
    return [Op("add", new=new)]


def _replace(r: _Reading) -> list[Op] | None:
    f = r.f
    old = r.shapes(f.objects)
    by = f.role("with", "by", "for", "to", "into")
    if old and by and not r.shapes(by[:1]):
        return [Op("replace", old[:1], new=r.words(by[0]))]
    instead = r.shapes(f.role("instead of"))
    if instead and f.objects and not r.shapes(f.objects[:1]):
        return [Op("replace", instead[:1], new=r.words(f.objects[0]))]
    return None


def _move(r: _Reading) -> list[Op] | None:
    f = r.f
    # "X should sit next to Y", "X belongs in Y": an intransitive placing verb moves its subject
    objs = r.shapes(f.objects) or ([] if f.objects else r.shapes(f.subject))
    off = r.shapes(f.role("off", "away from", "from"))
    onto = f.role("to", "onto", "over to")
    if off and onto and not r.shapes(onto[:1]):
        # "we moved NWP off X to Y": Y, a product not drawn, takes the place of what moved
        # (a drawn NWP), or of X when what moved is not drawn ("the notices")
        return [Op("replace", (objs or off)[:1], new=r.words(onto[0]))]
    if not objs:
        return _add(r, f.objects, []) if f.objects and f.objects[0].fresh else None
    if r.shapes(f.role("out of")) or (f.particle == "out" and r.shapes(f.role("of", "from"))):
        return [Op("move_out", objs, r.shapes(f.role("out of", "of", "from")))]
    near = r.shapes(f.role("next to", "beside", "near", "alongside"))
    if near:
        return [Op("move_near", objs, near)]
    into = r.shapes(f.role("into", "inside", "in", "within", "under"))
    if into and all(s.children for m in into for s in m.shapes):
        return [Op("move", objs, into)]
    return None


def _have(r: _Reading, frame_all: tuple[Frame, ...]) -> list[Op] | None:
    f = r.f
    if f.negated and f.lemma in ("use", "need", "want", "require"):
        # "we don't use X", "X is no longer needed": what is not used goes
        gone = r.shapes(f.subject) if f.passive else r.shapes(f.objects)
        if not gone:
            return None
        # "we aren't using X anymore, Y does it now": the other frame's new product replaces X
        for g in frame_all:
            if g is f or g.negated:
                continue
            other = _Reading(r.ab, g)
            for arg in (*g.subject, *g.objects):
                if other.shapes((arg,)) or arg.head in ("we", "i", "it", "this", "that", "they"):
                    continue
                if arg.words[:1].isupper() or arg.head == arg.words.lower():
                    return [Op("replace", gone[:1], new=other.words(arg))]
        return [Op("remove", gone)]
    if f.negated:
        return None
    owner = r.shapes(f.subject)
    return _add(r, f.objects, owner) if f.objects and f.objects[0].fresh else None


#: what a copula's complement names that is no product ("X should be a cylinder", "X is red")
_NOT_PRODUCT = frozenset({*SHAPES, "red", "green", "blue", "orange", "bold", "dashed", "box",
                          "external", "optional", "async", "sync", "one", "it", "that", "there",
                          "part", "thing", "shape", "service", "component", "node"})  # fmt: skip


def _become(r: _Reading) -> list[Op] | None:
    """ "the price cache should be Redis", "X is Mapbox now": the drawn subject is now the
    named product (a proper or plain noun, no article: not "a cache", not a colour)."""
    f = r.f
    subj = r.shapes(f.subject)
    if not subj or f.negated or len(f.objects) != 1:
        return None
    what = f.objects[0]
    named = what.pos in ("PROPN", "NOUN") or (what.pos == "ADJ" and what.words[:1].isupper())
    if what.fresh or r.shapes((what,)) or not named:
        return None
    if what.head in _NOT_PRODUCT or not (f.modal or what.pos != "NOUN"):
        return None
    return [Op("replace", subj[:1], new=r.words(what))]


def _say(r: _Reading) -> list[Op] | None:
    """A link's new label, told as what the link says ("should read 'X'", "is labelled X")."""
    f = r.f
    ends = r.ends()
    said = [o for o in f.objects if re.fullmatch(r"qt\d+", o.words.strip())]
    if ends is None or not said or f.lemma not in ("say", "read", "show", "be", "label", "display"):
        return None
    return [Op("edge_label", ends[0], ends[1], label=r.words(said[0]))]


def replaces(ab: Abstract) -> bool:
    """The clause reads as one drawn component giving way to a new one."""
    ops = read(ab)
    return bool(ops) and all(op.kind == "replace" for op in ops or [])


def read(ab: Abstract) -> list[Op] | None:
    """The operations the clause's structure asks for, or None when its verb names none or
    its arguments do not fit the operation."""
    if not ab.spans:
        return None
    keep = {k for k, m in enumerate(ab.mentions) if m.pronoun or m.tier <= 1 or not m.shapes}
    parsed = frames(ab.original, ab.spans, keep)
    for f in parsed:
        kind = operation(f.lemma, f.word, f.particle)
        r = _Reading(ab, f)
        ops: list[Op] | None = None
        if kind == "remove" and not f.negated:
            ops = _remove(r)
        elif kind == "disconnect" and not f.negated:
            ops = _disconnect(r)
        elif kind == "connect" and not f.negated:
            ops = _connect(r)
        elif kind == "send":
            ops = _send(r)
        elif kind == "add" and not f.negated:
            # "a satellite feed should be added": the passive's subject is what is added
            ops = _add(r, f.subject if f.passive else f.objects, [])
        elif kind == "replace" and not f.negated:
            ops = _replace(r)
        elif kind == "move" and not f.negated:
            ops = _move(r)
        elif kind == "have":
            ops = _have(r, parsed)
        elif f.lemma == "be":
            ops = _become(r)
        if (
            not ops
            and f.negated
            and f.role("from", "between")
            and _link_noun(Arg((), f.lemma, f.lemma))
        ):
            ends = r.ends()  # "no more arrow from A to B"
            ops = [Op("disconnect", ends[0], ends[1])] if ends else None
        if not ops and not f.negated and f.subject and all(_link_noun(a) for a in f.subject):
            ops = _say(r)  # "the arrow between A and B should say 'X'"
        elif not kind and not f.negated and not f.subject and f.objects and f.objects[0].fresh:
            # "slot a limiter ahead of X", "hang a DLQ off X": an order whose verb nobody
            # listed, a new thing and where it goes
            placed = any(r.shapes(a) for name, a in f.roles if name in _PLACES)
            ops = _add(r, f.objects, []) if placed else None
        if ops:
            return ops
    return None
