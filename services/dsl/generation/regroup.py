"""Group membership changes read by structure: which parts change group, which group they
leave and which they join (a drawn one, or a new one made where the old one stood).

People say it in many ways: "put both dbs in a Restricted zone instead of the Databases
box", "move X out of G and into a separate H group", "give it its own little Z zone", "A and
B, please put them together in one group Identity", "make a new group F for it". The
reader finds, wherever they stand in the clause:

- the source group: a drawn container after "out of", "from", "away from", "instead of",
  "rather than", "not part of", "no longer in";
- the target group: a drawn container after "in", "into", "to", "inside", "under", or a new
  one: a container noun with its name before it ("a Restricted zone", "its own Genetic Data
  zone", "a separate Shared Services group"), after it ("a new group Finance", "one group
  Identity", "a group called X") or quoted ("a 'PCI segment'"); the fillers ("own", "new",
  "separate", "little") are no part of the name, a naming noun ("zone", "tier") is;
- the members: the shapes named before the target or after "for" ("... for it"), a list, a
  collective or "it"/"them"; a collective that names the source box itself ("both dbs" of
  the Databases box) means what it holds.

The members leave the source first; a new group is then made where they are (the source's
parent), or beside their box when it is "their own". The reader asks for a target, so a
remark ("the cache is part of the data tier") or a plain "group the workers" is not read
here. A detector of :mod:`finder`; pure functions.
"""

from __future__ import annotations

import re

from services.dsl.generation.mentions import Mention
from services.dsl.generation.ops import CONTAINER_NOUN, LIST, Abstract, Op, quote_of
from services.dsl.generation.ops_structure import group

#: the verbs of a membership change ("put", "move", "give it its own ...", "make a group")
_VERB = re.compile(
    r"\b(?:put|puts|putting|move\w*|plac\w*|take|taking|took|pull\w*|give|giving|gave|"
    r"make|making|create\w*|group\w*|shift\w*|relocat\w*|stick|drop|bring|bringing|get|"
    r"set\s+up|carve|isolat\w*|wrap\w*|box|nest\w*|keep|want|need|should|must|belongs?|"
    r"go|goes|live|sit|like|prefer|leave|leaving)\b"
)
_MERGE = r"\b(?:merge|combine|squash|fuse|fold|consolidate|collapse|unify|join)\w*\b"
#: words that say "a group of their own", not part of its name
_FILLER = (
    r"(?:own|new|brand[\s-]new|separate|dedicated|single|little|small|tiny|distinct|special|"
    r"isolated|fresh|extra|proper|whole|common)"
)
#: nouns kept in the name of a new group ("Restricted Zone", "Data Tier")
_NAMING = frozenset(
    re.findall(r"\w+", "zone subnet vpc vnet namespace segment enclave tier layer region dmz lane")
)
#: what a new group's name never is made of
_NOT_NAME = frozenset(
    re.findall(
        r"\w+",
        "a an the it them this that those these for with and or to in into inside under within "
        "of on from out please pls too also as so then same one own group box zone their its "
        "his her our my your other rest",
    )
)
_DET = r"(?:a|an|one|its|their|his|her|the\s+new)"
_SOURCE = re.compile(
    # "X moved away from G into ...": the verb rewritten
    r"(?:(?<=@\d)\s+migrate|\b(?:leave|leaves|leaving)|"
    r"\b(?:out\s+of|out\s+from|away\s+from|from|outside(?:\s+of)?|"
    r"(?:instead\s+of|rather\s+than)(?:\s+(?:in|inside|within))?|"
    r"not\s+(?:be\s+)?"
    r"(?:a\s+)?part\s+of|no\s+longer\s+(?:be\s+)?(?:in|part\s+of)|not\s+(?:\w+\s+)?(?:with|in)))"
    r"\s+(?:the\s+|all\s+the\s+)?(?:other\s+)?(?P<box>@\d+)"
)
_EXISTING = re.compile(
    r"\b(?:in|into|to|inside|within|under|among)\s+(?:the\s+)?(?P<box>@\d+)(?!\s*->)"
)
#: "a Restricted zone", "its own little Genetic Data zone", "a 'PCI segment'"
_NAME_BEFORE = re.compile(
    r"\b" + _DET + r"\s+(?:" + _FILLER + r"\s+)*(?P<name>(?:qt\d+|[a-z][\w&/-]*)"
    r"(?:\s+[a-z][\w&/-]*){0,3}?)(?:\s+(?P<noun>" + CONTAINER_NOUN + r"))?\b"
    r"(?=\s*(?:$|[,.;:!?)]|\b(?:for|with|and|please|pls|to|too|instead|rather|inside|in|"
    r"within|under|so|because|since|then|holding|containing|out|away|from|next|beside|"
    r"outside)\b))"
)
#: "a new group Finance", "one group Identity", "a zone called Restricted"
_NAME_AFTER = re.compile(
    r"\b" + _DET + r"\s+(?:" + _FILLER + r"\s+)*(?P<noun>" + CONTAINER_NOUN + r")\s+"
    r"(?:(?:called|named|titled|labell?ed)\s+)?(?P<name>(?!(?:for|with|and|please|pls|to|it|"
    r"them|that|this|in|into|inside|under|within|of|on|the|instead|rather|so|then)\b)"
    r"(?:qt\d+|[a-z][\w&/-]*)(?:\s+(?!(?:for|with|and|please|pls|to|too|instead|rather|in|"
    r"inside|under|within|so|then|holding|containing)\b)[a-z][\w&/-]*){0,3})"
    r"(?=\s*(?:$|[,.;:!?)]|\b(?:for|with|and|please|pls|to|too|instead|rather|in|inside|"
    r"under|within|so|then|holding|containing|outside)\b))"
)


def _is_box(m: Mention) -> bool:
    return bool(m.shapes) and all(s.children or "zone" in s.classes for s in m.shapes)


def _new_name(ab: Abstract, text: str) -> tuple[str, int, int] | None:
    """The name of a new group the clause names, and where it is said; None for none."""
    for pattern in (_NAME_AFTER, _NAME_BEFORE):
        for m in pattern.finditer(text):
            name, noun = m.group("name"), m.group("noun")
            if "@" in name:
                continue
            words = name.split()
            quoted = quote_of(ab, name) if re.fullmatch(r"qt\d+", name) else None
            if quoted:
                return quoted, m.start(), m.end()
            if noun is None and pattern is _NAME_BEFORE:
                continue  # "a Restricted" alone: no group said
            if any(w in _NOT_NAME or re.fullmatch(CONTAINER_NOUN, w) for w in words):
                continue
            said = ab.words(name)
            if noun in _NAMING:
                cased = noun.capitalize() if said[:1].isupper() else noun
                said = f"{said} {noun.upper() if noun in ('vpc', 'vnet', 'dmz') else cased}"
            return said, m.start(), m.end()
    return None


def _held(ab: Abstract, m: Mention, box: Mention | None) -> Mention:
    """A collective that names the source box itself ("both dbs" of the Databases box): what
    the box holds (of the kind said, when the words tell)."""
    if box is None or not m.collective or m.ids != box.ids:
        return m
    inside = set(box.shapes[0].children)
    kids = [s for s in ab.every if s.id in inside]
    return Mention(m.start, m.end, m.text, kids, collective=True) if kids else m


def regroup(ab: Abstract) -> list[Op] | None:
    """The membership change a clause asks for (see the module docstring), or None."""
    # "give it its own zone": a possessive read as a pronoun mention is a word here
    t = re.sub(
        r"@(\d+)",
        lambda g: (
            ab.m(g.group(0)).text if ab.m(g.group(0)).text in ("its", "their") else g.group(0)
        ),
        ab.text,
    )
    if re.search(_MERGE, t):
        return None  # "squash them into one box called X": one shape, no group
    src = next((s for s in _SOURCE.finditer(t) if _is_box(ab.m(s.group("box")))), None)
    source = ab.m(src.group("box")) if src else None
    new = _new_name(ab, t)
    target: Mention | None = None
    at = len(t)
    if new is not None:
        at = new[1]
    else:
        for e in _EXISTING.finditer(t):
            box = ab.m(e.group("box"))
            if _is_box(box) and box is not source and (src is None or e.start() != src.start()):
                target, at = box, e.start()
                break
        if target is None or source is None:
            return None  # "move the api into Core": the plain move reads it
    if not _VERB.search(t) and (source is None or (target is None and new is None)):
        return None  # "X: out of A, into a new B" needs no verb; a name alone does
    cut = min(at, src.start()) if src else at
    members = [
        ab.m(r)
        for r in re.findall(r"@\d+", t[:cut])
        if ab.m(r) is not source and ab.m(r) is not target and ab.m(r).shapes
    ]
    after = re.search(
        r"\b(?:for|with|containing|holding|around)\s+(?:the\s+|both\s+)?(" + LIST + r")", t[at:]
    )
    if not members and after:
        members = [m for m in ab.many(after.group(1)) if m.shapes]  # "a new group F for it"
    plain = [m for m in members if not m.pronoun]
    if plain and any(m.pronoun for m in members):
        # "A and B, please put them together ...": "them" is the topic fronted before it
        members = plain
    members = [_held(ab, m, source) for m in members]
    if not members or (source is None and target is None and not new):
        return None
    if any(set(m.ids) & set(target.ids) for m in members) if target else False:
        return None
    if target is not None:
        return [Op("move", members, [target])]
    assert new is not None
    if source is not None:
        return [Op("move_out", members, [source]), Op("group", [], label=new[0], rel="touched")]
    said = group(ab) or []
    ours = {i for m in members for i in m.ids}
    if any(op.b or op.new or {i for m in op.a for i in m.ids} - ours for op in said):
        return None  # the group reader heard more: its parent, a new part, another member
    own = bool(re.search(r"\b(?:own|separate|dedicated|isolated)\b", t))
    if sum(len(m.shapes) for m in members) < 2 and not own and not re.search(r"\bnew\b|\bqt\d+", t):
        return None  # "put X in a Data Tier" with nothing more: the group reader's say
    return [Op("group", members, label=new[0], rel="leave" if own else "")]


#: "X really shouldn't live with the other stores", "X must not sit in the data box"
_NOT_WITH = re.compile(
    r"^(?:(?:but|and|hmm+|so|well|ok|okay|honestly|also|btw|actually)\s*,?\s+)*(?:the\s+)?"
    r"(?:[a-z]+\s+)?(?P<x>" + LIST + r")\s*:?\s+(?:\w+\s+)?"
    r"(?:should|shud|shoud|shld|must|does|do|can|shall|ought\s+to)\s+(?:really\s+)?not\s+(?:really\s+)?"
    r"(?:live|sit|be|stay|belong|reside|go|remain)\s+(?:with|in|inside|among|within|under|to)\s+"
    r"(?:the\s+|all\s+the\s+)?(?:other\s+|rest\s+of\s+the\s+)?(?P<box>@\d+)"
)


def not_with(ab: Abstract) -> list[Op] | None:
    """ "X shouldn't live with the other stores": X leaves the box that holds it (the box
    said by its members' name or its own)."""
    m = _NOT_WITH.match(ab.text)
    if m is None:
        return None
    box, who = ab.m(m.group("box")), ab.many(m.group("x"))
    held = {s.parent for w in who for s in w.shapes}
    homes = {s.parent for s in box.shapes}
    if not _is_box(box) and len(homes) == 1 and homes == held and None not in homes:
        # "... with the rest of the berth systems": the others named, their box meant
        home = [s for s in ab.every if s.id in homes]
        box = Mention(box.start, box.end, box.text, home)
    if not _is_box(box) or not held & set(box.ids):
        return None
    return [Op("move_out", who, [box])]


#: "remove the group": the box the clause before already dissolved, named again
_BOX_AGAIN = re.compile(
    r"^(?:please\s+|pls\s+|just\s+|so\s+)*(?:remove|delete|drop|dissolve|ungroup|get\s+rid\s+of|"
    r"kill|ditch|lose|scrap)\s+(?:the|that|this)\s+(?:" + CONTAINER_NOUN + r")s?\s*[.!]?$",
    re.I,
)


#: "take it out" with no place: out of the box the clause before named
_OUT_AGAIN = re.compile(
    r"^(?:please\s+|pls\s+|just\s+|so\s+)*(?:take|get|pull|move|lift)\s+(?:it|them)\s+out"
    r"(?:\s+(?:of\s+(?:it|there|that)|please|pls|too|now))?\s*[.!]?$",
    re.I,
)


def box_again(text: str, done: list[str]) -> bool:
    """A clause that asks again for what the clause before did: the box it dissolved ("the X
    group is not needed, please remove the group but keep what is inside"), the box it took
    a part out of ("X isn't part of G, take it out and ...": out, not off the diagram)."""
    if not done:
        return False
    if done[-1].startswith("dissolved ") and _BOX_AGAIN.match(text):
        return True
    return bool(re.match(r"moved .+ out of ", done[-1])) and bool(_OUT_AGAIN.match(text))
