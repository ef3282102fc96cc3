"""Migrations told as news: "we ditched X, Y does that now", "X is being retired, Y takes
over", "Y does what X did", "we changed from our old X to Y".

Part of the operation finder (:mod:`finder`); reads the abstract of :mod:`ops` (slang verbs
are already plain there: "ditched" is ``remove``, "moved off" is ``migrate``). People tell a
replacement as two facts rather than a command: one component leaves (a verb of retiring
with the shape after it, or a shape with a retiring participle) and another takes its work
(a phrase followed by a verb of doing or taking over). Both facts may stand in any order,
with fillers, times ("last quarter") and reasons between them. The result is a ``replace``:
the new component takes the old one's place and keeps its links. Pure functions.
"""

from __future__ import annotations

import re

from services.dsl.generation.kb import knowledge_base
from services.dsl.generation.mentions import Mention
from services.dsl.generation.ops import Abstract, Op
from services.dsl.generation.succession import proper, succeeded

#: a verb that makes the shape after it leave ("we sunset X", "we moved off X")
RETIRE = (
    r"(?:remove|migrate(?:\s+(?:off|away\s+from|from))?|sunset\w*|retire\w*|replac\w*|"
    r"chang\w*\s+from|switch\w*\s+from|mov\w*\s+(?:off|away\s+from|from)|"
    # "we cut over from the old X to Y"; "we switched ID vendors, it's Y now": the kind left
    r"cut\w*\s+over\s+(?:from|off)|(?<=\bwe\s)(?:swap|switch\w*|chang\w*)|"
    r"phas\w*\s+out|deprecat\w*|shut\w*\s+down|turn\w*\s+off|dump\w*|"
    r"left|leav\w*|got\s+off|abandon\w*|outgrew|kill\w*|stop\w*\s+using|"
    # "we stopped running our own X", "we're finally off the old X"
    r"stop\w*\s+(?:running|hosting|operating|maintaining|self-hosting)|"
    r"(?<=we\s)(?:(?:are|were|finally|now|fully)\s+)*off|"
    r"(?<=i\s)(?:(?:am|was|finally|now|fully)\s+)*off|"
    # "we're finally off the old X": off it, as news
    r"(?<=\bwe\s)(?:\w+\s+){0,2}?off(?:\s+of)?|(?<=\bnow\s)off(?:\s+of)?)"
)
#: the participle after the shape ("X is being retired", "X got decommissioned")
RETIRED = (
    r"(?:is|are|was|were|has\s+been|have\s+been|got|gets|is\s+being|are\s+being|will\s+be)\s+"
    r"(?:now\s+)?(?:remove|retired|sunset\w*|deprecated|phased\s+out|replaced|gone|"
    r"shut\s+down|turned\s+off|going\s+away|dead|history)"
)
#: the words between a verb and its shape that are not a name ("our old", "the legacy")
_DET = (
    r"(?:(?:the|our|my|their|old|legacy|current|existing|previous|in-house|inhouse|"
    r"homegrown|home-grown|self-hosted|on-prem|entire|whole|own|former|original|internal|"
    r"custom|proprietary|aging|ageing|outdated|[a-z]+-(?:built|grown|made|hosted))\s+)*"
)
#: the new component's phrase and the verb of taking the old one's work
_TAKER = (
    r"(?P<y>[^@,;:—–()]*?(?:@\d+[^@,;:—–()]*?)?)\s+(?:now\s+|also\s+)?"
    r"(?:does|do|handles?|covers?|runs?(?!\s+(?:through|via|over)\b)|is\s+doing|takes?\s+over|took\s+over|"
    r"has\s+taken\s+over|is\s+(?:now\s+)?live|went\s+live|is\s+in|is\s+(?:now\s+)?(?:used|"
    r"handling|doing|running|in\s+charge)|replaces?|is\s+the\s+(?:new|replacement)|"
    r"will\s+(?:do|handle|take))\b"
)
_EMPTY = re.compile(r"(?:it|that|this|them|they|there|which|who|we|i|you|now|instead)?")


def _new_name(ab: Abstract, phrase: str, old: str) -> str | None:
    """The new component's name in the user's words, or None when `phrase` names nothing
    new (a pronoun, the old shape again, nothing but an existing shape)."""
    y = re.sub(r"^(?:and|but|so|now|instead|the|a|an|our|we\s+use)\s+", "", phrase.strip())
    y = re.sub(r"\s+(?:now|instead|these days|already)$", "", y).strip()
    if _EMPTY.fullmatch(y) or y == old:
        return None
    refs = re.findall(r"@\d+", y)
    if refs and not re.sub(r"@\d+|\s", "", y):
        # only shapes: a new product is a name no other shape carries in full (a product of
        # the old one's kind may be linked to the old shape: that is still the new one)
        gone = {s.id for s in ab.m(old).shapes}
        if any(ab.m(r).tier >= 3 and {s.id for s in ab.m(r).shapes} - gone for r in refs):
            return None
    return ab.words(y) or None


def migration(ab: Abstract) -> list[Op] | None:
    """One shape leaves and a phrase takes over its work: a replace."""
    return housed(
        ab,
        proper(
            ab,
            _retired_then_taker(ab)
            or _taker_first(ab)
            or _subject_changed(ab)
            or _is_now(ab)
            or _made_into(ab)
            or succeeded(ab),
        ),
    )


#: where the new component runs, said after it: ", deployed within the X", "hosted in X",
#: "inside the X" (the slang reader has made "deployed" an ``add``)
_HOME = re.compile(
    r"(?:,\s*|\s+)(?:(?:and\s+)?(?:add|deploy\w*|host\w*|running|runs|run|living|lives|"
    r"placed|located|sitting|sits)\s+)?(?:within|inside|in)\s+(?:of\s+)?(?:the\s+|our\s+)?"
    r"(?P<g>@\d+)\b"
)


def housed(ab: Abstract, ops: list[Op] | None) -> list[Op] | None:
    """A replace whose new component is said to run inside a container ("migrated from X
    to a self-hosted Y, deployed within the backend"): the new one goes into that box."""
    if not ops or len(ops) != 1 or ops[0].kind != "replace" or ops[0].b:
        return ops
    op = ops[0]
    old = {s.id for m in op.a for s in m.shapes}
    for m in _HOME.finditer(ab.text):
        home = ab.m(m.group("g"))
        boxes = [s for s in home.shapes if s.children and s.id not in old]
        if len(boxes) == 1:
            # "inside the MT box": the one container the words name (not "MT Router")
            op.b, op.rel = [Mention(home.start, home.end, home.text, boxes)], "inside"
            # "replace X with Y in the backend": the place is no part of Y's name
            op.new = (
                re.sub(
                    r"\s*,?\s+(?:(?:and\s+)?(?:deploy\w*|host\w*|running|runs|living|lives|placed|"
                    r"located|sitting|sits)\s+)?(?:within|inside|in)\s+(?:of\s+)?(?:the\s+|our\s+)?"
                    + re.escape(home.text)
                    + r"(?:\s+(?:box|group|container|zone|tier|layer))?\s*$",
                    "",
                    op.new,
                    flags=re.I,
                )
                or op.new
            )
            break
    return ops


def _made_into(ab: Abstract) -> list[Op] | None:
    """ "make the X a kafka topic instead", "turn X into a Postgres", "X should be a Redis
    instead": the shape becomes another product (a known kind; "make X a cylinder" is a shape
    and "make X red" a style, read by their own detectors)."""
    m = re.search(
        r"\b(?:make|turn|convert|change)\s+(?:the\s+)?(?P<x>@\d+)\s+(?P<into>into\s+|to\s+)?"
        r"(?P<y>(?:an?\s+)?[^@,;:]+?)(?:\s+(?P<when>instead|now|from now on|going forward))?\s*$",
        ab.text,
    ) or re.search(
        r"(?P<x>@\d+)\s+(?:should|must|will|can)\s+be\s+(?P<into>)(?P<y>an?\s+[^@,;:]+?)\s+"
        r"(?P<when>instead|now|from now on|going forward)\s*$",
        ab.text,
    )
    if m is None or not (m.group("when") or m.group("into")):
        return None
    name = _new_name(ab, re.sub(r"^(?:an?|the)\s+", "", m.group("y")), m.group("x"))
    if not name:
        return None
    found = knowledge_base().find(name.lower())
    if not found or (not m.group("when") and all(f.kind.generic for f in found)):
        return None
    return [Op("replace", [ab.m(m.group("x"))], new=name)]


#: words after a new component's name that are not part of it (a time, a reason)
_AFTER_NAME = (
    r"\s+(?:since|last|this|from|in|as of|starting|for|because|so|a while|recently|over|"
    r"during|at|on|per|already|now|too|instead|these days|nowadays)\b.*$"
)
#: the auxiliaries between a subject and its participle ("has been", "got", "is now being")
_AUX = r"(?:(?:is|are|was|were|has|have|had|been|being|got|gets|get|will|be|now|just)\s+)*"
#: a verb of changing, active or passive, the new one after "to", "for", "with" or "by"
_CHANGED = (
    r"(?:swap\w*|replac\w*|switch\w*|migrat\w*|chang\w*|exchang\w*|trad\w*|"
    r"convert\w*|transition\w*|upgrad\w*)"
)
#: a participle of doing: "X is now provided by Y" says Y does X's work
_DONE_BY = (
    r"(?:provided|handled|done|served|covered|hosted|offered|performed|supplied|"
    r"taken over|delivered|powered|implemented|processed)"
)


#: the head of a phrase that names people, not a component
_PEOPLE = (
    r"\b(?:team|teams|squad|group|department|dept|org|organisation|organization|people|staff|"
    r"engineers?|developers?|devs|ops|sre|admins?|we|us|them|someone|nobody|vendor|contractor)$"
)


def _subject_changed(ab: Abstract) -> list[Op] | None:
    """ "X got swapped for Y", "X has been migrated from the in-house module to Y",
    "X is now provided by Y": the subject shape changes to a new one."""
    m = re.search(
        r"(?P<x>@\d+)\s+"
        + _AUX
        + r"(?:"
        + _CHANGED
        + r"\s+(?:out\s+)?(?:(?:from|off)\s+[^@,;]*?\s+)?(?:for|with|by|to|onto|over to|into)|"
        + _DONE_BY
        + r"\s+by)\s+(?:the\s+)?(?P<y>[^@,;:—–]+?(?:@\d+[^@,;:—–]*?)?)\s*(?:$|[,;:—–])",
        ab.text,
    )
    if m is None:
        return None
    name = _new_name(ab, re.sub(_AFTER_NAME, "", m.group("y")), m.group("x"))
    if name and re.search(_PEOPLE, name.lower()):
        return None  # "X is handled by the platform team": who runs it, not what replaces it
    return [Op("replace", [ab.m(m.group("x"))], new=name)] if name else None


#: "(really) part of the X", "in X", "with the X team": where a shape belongs, after a copula
_BELONGS = (
    r"(?:really\s+|actually\s+|just\s+|more\s+)*(?:an?\s+)?(?:part\s+of|member\s+of|in|inside|"
    r"within|under|at|on|with|owned\s+by)\b"
)


def _is_now(ab: Abstract) -> list[Op] | None:
    """ "X is Y now", "X's Y these days", "we ditched X, Y now": a shape said to be a new
    product from now on (a time word closes the clause)."""
    m = re.search(
        r"(?:^|[,;:—–]\s*)(?:the\s+)?(?P<x>@\d+)\s+(?:is|are|=|'s)?\s*(?:now\s+)?"
        r"(?P<y>[^@,;]*?(?:@\d+[^@,;]*?)?)\s+(?:now|these days|nowadays|from now on)\s*$",
        ab.text,
    )
    if m is None:
        return None
    if re.match(_BELONGS, m.group("y")):
        return None  # "X is really part of the web side now": where it belongs, not a product
    x = m.group("x")
    old = {s.id for s in ab.m(x).shapes}
    before = [ab.m(r) for r in re.findall(r"@\d+", ab.text[: m.start("x")])]
    gone = re.search(r"\bremove\s+(?:the\s+)?(@\d+)", ab.text[: m.start("x")])
    if gone and {s.id for s in ab.m(gone.group(1)).shapes} == old:
        x = gone.group(1)  # "we ripped out X, broker's Y now": the removed one is replaced
    elif before or not m.group(0).split("@", 1)[1].split(None, 1)[1].startswith(
        ("is", "are", "=", "'s")
    ):
        return None  # a new product is said with a copula ("X is Y now"), not "X runs offline now"
    name = _new_name(ab, m.group("y"), x)
    if name is None or re.fullmatch(r"(?:an?\s+)?[a-z]+(?:ed|ing)", name.lower()):
        return None  # "X is deprecated now", "X is running now": a state, not a product
    if re.match(r"[a-z]{3,}(?:ed|en)\s+(?:by|to|for|with)\b", name.lower()) or re.search(
        _PEOPLE, name.lower()
    ):
        return None  # "it's owned by a different team now": who has it, not what it is
    return [Op("replace", [ab.m(x)], new=name)]


def _retired_then_taker(ab: Abstract) -> list[Op] | None:
    t = ab.text
    left = (
        re.search(r"\b" + RETIRE + r"\s+" + _DET + r"(@\d+)", t)
        or re.search(r"(@\d+)\s+" + RETIRED + r"\b", t)
        # "stripe's gone, ...": the copula dropped with the contraction
        or re.search(r"(@\d+)\s+(?:gone|dead|history|out)\b(?=\s*[,;—–])", t)
    )
    if left is None:
        return None
    x = left.group(1)
    # "ditched X last week and went with Y": a time said after X is no part of what follows
    after = re.sub(
        r"^\s+(?:(?:last|this|over the|earlier this)\s+(?:week|month|quarter|year|sprint)|"
        r"yesterday|recently|already|today|finally|a while ago|"
        # "a couple weeks ago", "3 months ago", "last wk"
        r"(?:(?:a\s+(?:couple|few)\s+(?:of\s+)?|\d+\s+|(?:two|three|four|some)\s+)?"
        r"(?:days?|weeks?|wks?|months?|years?|sprints?|quarters?)\s+ago)|last\s+wk)\b",
        "",
        t[left.end() :],
    )
    # "we moved off X, it's Y now": the pronoun is the new state of things
    now = re.match(
        r"\s*(?:,|;|—|–|\band\b)\s*(?:now\s+)?(?:it|that|this)\s+(?:is|=)\s+(?:now\s+)?"
        r"(?P<y>[^@,;:—–()]+?)\s+(?:now|these days|nowadays|instead)"
        # "... instead of whoever/whatever that was": the old one, by its kind
        r"(?:\s+instead)?(?:\s+of\s+(?:who|what)(?:ever|soever)?\b[^@,;]*)?\s*$",
        after,
    )
    if now:
        y = _new_name(ab, now.group("y"), x)
        if y and not re.search(_PEOPLE, y.lower()):
            return [Op("replace", [ab.m(x)], new=y)]
    taker = re.search(r"(?:^|[,;:—–(]|\band\b|\bbut\b|\bnow\b)\s*" + _TAKER, after)
    if taker:
        y = _new_name(ab, taker.group("y"), x)
        if y:
            return [Op("replace", [ab.m(x)], new=y)]
    # The new one named by what happened to the work, in the order tried: the move ("we ditched
    # X and moved everything over to Y last sprint", at the start of what follows X), the work
    # going over ("... and moved everything over to Y", anywhere after X), the choice ("we
    # ditched X and went with Y", "rip out X, we're going (NDC) direct with Y", "... and
    # settled on Y", "... and picked Y instead"); (pattern, anywhere, people-check).
    told_new: tuple[tuple[str, bool, bool], ...] = (
        (
            r"\s*(?:,|;|—|–|-|\band\b|\bso\b|[^\w\s@]+)?\s*(?:we\s+|i\s+|everything\s+|all\s+|"
            r"it\s+)?(?:have\s+|has\s+|had\s+|was\s+|got\s+)?(?:mov\w*|"
            r"switch\w*|migrat\w*|went|gone|chang\w*|port\w*|shift\w*)\s+(?:everything|all\s+of\s+it|"
            r"all|it|us|things|them)?\s*(?:over\s+)?(?:to|onto)\s+(?:the\s+)?(?P<y>[^,;:—–()]+)",
            False,
            True,
        ),
        (
            r"\b(?:(?:mov\w*|swap\w*|switch\w*|migrat\w*|shift\w*|transition\w*|port\w*)\s+"
            r"(?:(?:all|the|our|of)\s+)*(?:(?:everything|all|it|that|this|things|stuff|traffic|"
            r"workloads?|load|us|them|calls|requests)\s+)?"
            r"(?:(?:over|across)\s+)?|(?:went|gone|go|going)\s+(?:over|across)\s+)(?:to|onto)\s+"
            r"(?:the\s+)?(?P<y>[^,;:—–()]+)",
            True,
            False,
        ),
        (
            # "we moved off X, everything goes through Y now"
            r"(?:^|[,;:—–]|\band\b|\bso\b|\bnow\b)\s*(?:everything|it|all|(?:all\s+(?:of\s+)?)?"
            r"(?:the\s+|our\s+)?(?:@\d+|[a-z-]+))\s+(?:now\s+)?"
            r"(?:goes|go|runs|run|flows|is\s+routed|gets\s+routed)\s+(?:now\s+)?"
            r"(?:through|via|over)\s+(?:the\s+)?(?P<y>[^,;:—–()]+)",
            True,
            True,
        ),
        (
            r"\s*(?:,|;|—|–|-|\band\b|\bso\b|\bnow\b|[^\w\s@]+)?\s*(?:(?:and|so|now|then)\s+)?"
            r"(?:we\s+|i\s+|they\s+)?(?:(?:are|were|have|had|will|now|just|finally)\s+)*"
            r"(?:(?:went|gone|go|goes|going)\s+(?:[a-z0-9-]+\s+){0,2}?(?:with|for)|"
            r"(?<=we\s)(?:now\s+)?(?:with|on)|"
            r"(?:opt\w*\s+for|settl\w*\s+(?:on|for)|decid\w*\s+on|chose|choose|chosen|choosing|"
            r"pick\w*|adopt\w*|(?:now\s+)?us(?:e|es|ing)))\s+(?:the\s+)?(?P<y>[^,;:—–()]+)",
            False,
            True,
        ),
    )
    for pattern, anywhere, not_people in told_new:
        said = (re.search if anywhere else re.match)(pattern, after)
        if said is None:
            continue
        name = _new_name(ab, re.sub(_AFTER_NAME, "", said.group("y")), x)
        if name and not (not_people and re.search(_PEOPLE, name.lower())):
            return [Op("replace", [ab.m(x)], new=name)]
    # "we ditched X for Y (last quarter)": a verb of dropping, the new one after "for"
    swap = re.match(r"\s*(?:for|in favou?r of)\s+(?:the\s+)?(?P<y>[^,;:—–()]+)", after)
    if swap and re.search(
        r"\b(?:remove|dump\w*|abandon\w*|kill\w*|left|leav\w*)\s+" + _DET + r"$",
        t[: left.end() - len(x)],
    ):
        name = _new_name(ab, re.sub(_AFTER_NAME, "", " " + swap.group("y")).strip(), x)
        if name and not re.search(_PEOPLE, name.lower()) and _named_product(ab, name):
            return [Op("replace", [ab.m(x)], new=name)]
    # "we changed from our old X to Y (since last month)"
    to = re.match(
        # "we moved off the old X and onto Y": the new one joined by "and"
        r"\s*(?:(?:,\s*|and\s+)?(?:to|onto|over to)|for|with)\s+(?:the\s+)?(?P<y>[^,;:—–()]+)",
        after,
    )
    if to and re.search(r"(?:from|off|migrate)\s+" + _DET + r"$", t[: left.end() - len(x)]):
        y = re.sub(
            r"\s+(?:since|last|this|from|in|as of|starting|for|because|so|a while|recently)"
            r"\b.*$",
            "",
            to.group("y"),
        )
        name = _new_name(ab, y, x)
        if name:
            return [Op("replace", [ab.m(x)], new=name)]
    return None


def _named_product(ab: Abstract, name: str) -> bool:
    """`name` names a product, not a reason ("ditched X for Y" vs "dropped X for good"): a
    kind the knowledge base knows, or a name written with a capital."""
    found = knowledge_base().find(name.lower())
    return bool(found and not all(f.kind.generic for f in found)) or any(
        w[:1].isupper() for w in name.split()
    )


def _taker_first(ab: Abstract) -> list[Op] | None:
    """ "Y does what X did", "Y took over from X", "Y replaces the old X"."""
    m = re.search(
        r"^(?:(?:so|now|and)\s+)?(?P<y>[^,;]+?)\s+(?:now\s+)?(?:does|handles|covers|is doing)\s+"
        r"(?:what|the work|the job|everything|all)\s+(?:that\s+)?(?:the\s+)?"
        + _DET
        + r"(?P<x>@\d+)\s+(?:did|does|used to|was doing|handled)\b|"
        r"^(?:(?:so|now|and)\s+)?(?P<z>[^,;]+?)\s+(?:took over from|takes over from|"
        r"replaced|replaces|supersedes|is replacing|will replace)\s+(?:the\s+)?"
        + _DET
        + r"(?P<w>@\d+)",
        ab.text,
    )
    if m is None:
        return None
    x = m.group("x") or m.group("w")
    name = _new_name(ab, m.group("y") or m.group("z") or "", x)
    return [Op("replace", [ab.m(x)], new=name)] if name else None
