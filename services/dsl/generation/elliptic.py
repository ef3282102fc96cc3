"""Requests with the operation left implicit: the verb a reader supplies from the structure.

People leave the verb out when the roles already say what to do, or wrap it in another
construction. A clause the operation finder reads nothing in is read again here as the
plain request its structure stands for:

- a gerund or a wish around the verb: "replacing X with Y" (after "would you mind"),
  "we want X inside Y", "I want them in one group" -> the verb itself, "put ... in";
- a new thing placed by a relation, with no verb: "a WAF in front of X", "job queue between
  A and B" -> "add ...";
- a topic and what to do with it: "X: hexagon, orange" (a property list) -> "make X
  hexagon", "make X orange"; "the A -> B link: label it read-only" (a command about the
  topic, by pronoun) -> "label the A -> B link read-only";
- several shapes into one: "A and B -> one 'C'" -> "merge A and B into 'C'";
- a verb whose arguments follow a colon: "split X: A and B" -> "split X into A and B".

Each reading is a list of clauses in the user's words (mentions written out again), tried
in order by :mod:`update`; the first the finder reads wins. Pure functions.
"""

from __future__ import annotations

import re

from lemminflect import getAllLemmas

from services.dsl.generation.clause_facts import acts_on
from services.dsl.generation.news import placed_told
from services.dsl.generation.ops import LIST, SHAPES, Abstract
from services.dsl.generation.ops_props import is_tech
from services.dsl.generation.ops_style import looks, only_looks

#: how one thing is placed relative to others, when no verb says so
_PLACED = (
    r"(?:between|in front of|behind|before|after|next to|beside|alongside|on top of|"
    r"upstream of|downstream of|ahead of)"
)
#: a wish or a need that wraps what to do with its object
_WISH = (
    r"(?:want|wants|wanted|need|needs|would like|like|wish|wishes|prefer|prefers|expect|"
    r"expects|asked for|ask for|require|requires)"
)
#: where a wished-for thing is to be
_WHERE = (
    r"(?:in|inside|into|within|under|out of|outside(?: of)?|together|grouped|in one|"
    r"in a|in the same)"
)
#: verbs whose arguments may follow a colon, and the word that joins them
_COLON_VERBS = {
    "split": "into",
    "break up": "into",
    "divide": "into",
    "merge": "into",
    "combine": "into",
    "rename": "to",
    "relabel": "to",
    "replace": "with",
    "group": "as",
}


def _said(ab: Abstract, phrase: str) -> str:
    """A phrase of the abstract in the user's own words and case ("Alchemy", not "alchemy")."""
    said = ab.source(phrase)
    at = ab.original.lower().find(said.lower())
    return ab.original[at : at + len(said)] if at >= 0 and said else said


def _gerund(text: str) -> str | None:
    """ "replacing X with Y" -> "replace X with Y"."""
    m = re.match(r"([a-z]+ing)\b", text, re.I)
    if not m:
        return None
    lemmas = getAllLemmas(m.group(1).lower()).get("VERB")
    if not lemmas or lemmas[0] == m.group(1).lower():
        return None
    return lemmas[0] + text[m.end() :]


def _wish(ab: Abstract) -> str | None:
    """ "our auditors want X inside Y", "I want them in one group called Z": put X there."""
    m = re.search(
        r"^(?:[a-z@\d\s,]{0,40}?\s)?" + _WISH + r"\s+(?:to\s+have\s+|to\s+see\s+)?"
        r"(?P<obj>(?:both\s+of\s+|all\s+of\s+)?(?:the\s+)?(?:" + LIST + r"|them|it|these|those|"
        r"both)(?:\s+(?:both|all|two|together))?)\s+(?P<where>" + _WHERE + r"\b.*)$",
        ab.text,
    )
    if not m:
        return None
    obj = m.group("obj")
    refs = re.findall(r"@\d+", obj)
    topic = re.match(r"(?:the\s+)?(" + LIST + r")\b.*,", ab.text[: m.start("obj")])
    if topic and (not refs or all(ab.m(r).pronoun for r in refs)):
        obj = topic.group(1)  # "A and B, I want both of them in ...": the topic is meant
    return f"put {_said(ab, obj)} {_said(ab, m.group('where'))}"


#: verbs of where a component runs ("running on-site in X", "hosted in X", "lives in X")
_RUNS = (
    r"(?:run|runs|running|ran|live|lives|living|sit|sits|sitting|host|hosted|hosting|deploy|"
    r"deployed|deploying|located|reside|resides|residing|installed|executed|executing|"
    r"operated|colocated|co-located|add)"  # "deployed" reads as "add"
)
_WANT = r"(?:i|we|they|ops|the\s+team)\s+(?:\w+\s+)?(?:want|need|would\s+like|prefer)"
_IN_BOX = r"\s+(?:[a-z-]+\s+){0,2}?(?:in|inside|on|at|within|into|to)\s+(?:the\s+)?(?P<y>@\d+)"


def hosted(ab: Abstract) -> str | None:
    """ "I want X running on-site in Y", "X should be hosted in Y", "X, we want it to live in
    Y", "run X in Y": where a component runs is the container it is drawn in."""
    m = (
        re.match(
            r"(?:" + _WANT + r"\s+)?(?:the\s+)?(?P<x>" + LIST + r")\s+(?:(?:should|must|will|"
            r"shall|has\s+to|have\s+to|needs?\s+to|is\s+to|are\s+to|can|to)\s+(?:now\s+)?)?"
            r"(?:be\s+)?" + _RUNS + _IN_BOX,
            ab.text,
        )
        or re.match(
            r"(?:the\s+)?(?P<x>" + LIST + r")\s*,?\s*" + _WANT + r"\s+(?:it|them)\s+(?:to\s+)?"
            r"(?:be\s+)?" + _RUNS + _IN_BOX,
            ab.text,
        )
        or re.match(
            r"(?:run|host|deploy|relocate|rehost)\s+(?:the\s+)?(?P<x>" + LIST + r")" + _IN_BOX,
            ab.text,
        )
    )
    m = m or re.match(
        # "the ward site should host the scheduler": the container as the subject
        r"(?:the\s+)?(?P<y>@\d+)\s+(?:should|must|will|can|shall|could)?\s*(?:now\s+|also\s+)?"
        r"(?:host|hosts|run|runs|house|houses)\s+(?:the\s+)?(?P<x>" + LIST + r")\s*$",
        ab.text,
    )
    if m is None or not any(s.children for s in ab.m(m.group("y")).shapes):
        return None
    # "into the Y": the article keeps a box named like a shape ("the cloud box") a box
    return f"move {_said(ab, m.group('x'))} into the {_said(ab, m.group('y'))}"


def _placed(ab: Abstract) -> str | None:
    """ "job queue between A and B", "a WAF in front of X": an add with the verb left out."""
    m = re.match(
        r"(?P<new>(?:(?:an?|one|some)\s+)?[^@,;:]{2,40}?)\s+(?P<rel>" + _PLACED + r")\s+"
        r"(?P<rest>(?:the\s+|an?\s+)?@\d+.*)$",
        ab.text,
    )
    if not m or re.search(r"\b(?:is|are|was|were|be|it|them|we|i|you|they)\b", m.group("new")):
        return None
    return "add " + _said(ab, ab.text)


def _given(ab: Abstract) -> str | None:
    """ "give X a replica", "give it its own DLQ": a new part said of a drawn one (a look
    given, "give X a red border", is read by the styling detectors before this)."""
    m = re.match(
        r"give\s+(?P<x>(?:the\s+)?" + LIST + r"|it|them)\s+(?:a|an|one|its\s+own|their\s+own)\s+"
        r"(?P<y>[^@]+?)(?P<rest>\s+(?:next\s+to|beside|behind|in\s+front\s+of|for)\b.*)?$",
        ab.text,
    )
    if m is None or only_looks(m.group("y")) or looks(m.group("y")):
        return None
    y = re.sub(r"\s+(?:please|too|as well|also)$", "", m.group("y"))
    return f"add a {_said(ab, y)} for {_said(ab, m.group('x'))}"


#: nouns after a name that are part of it ("the X service:", "the X box:"), though verbs too
_HEADS = frozenset(
    re.findall(
        r"\w+",
        "service box group cluster link node queue store cache container thing part bit side "
        "one layer tier stack bucket topic table job worker hub feed",
    )
)


def _property_list(ab: Abstract) -> list[str] | None:
    """ "X: hexagon, orange" -> "make X hexagon", "make X orange"; "X: label it Y" ->
    "label X Y" (the topic stands where the pronoun did)."""
    m = re.match(
        r"(?P<topic>(?:the\s+)?" + LIST + r"(?:\s+[a-z]+){0,2}?)\s*:\s*(?P<said>.+)$", ab.text
    )
    if not m:
        # "the A -> B link: ...": a link as the topic
        m = re.match(
            r"(?P<topic>(?:the\s+)?@\d+\s*->\s*@\d+(?:\s+(?:link|edge|arrow|connection|line))?)"
            r"\s*:\s*(?P<said>.+)$",
            ab.text,
        )
    arrow = False
    if not m:
        # "X -> hexagon", "X => dashed, red": looks after an arrow (a new look, not a link)
        m = re.match(
            r"(?P<topic>(?:the\s+)?" + LIST + r")\s*(?:->|=>|→)\s*(?:a\s+|an\s+)?(?P<said>.+)$",
            ab.text,
        )
        arrow = m is not None
        if m and not only_looks(m.group("said")):
            return None  # "X -> Y" with a Y that is no look: a link or a replacement
    if not m:
        # "the two cameras the same, hexagon": a topic, then looks after a comma
        m = re.match(
            r"(?P<topic>(?:the\s+|both\s+|all\s+)?(?:two\s+|three\s+|four\s+|\d+\s+)?" + LIST + r")"
            r"\s+(?:(?:the\s+)?same|too|as well|also)?\s*,"
            r"\s*(?P<said>.+)$",
            ab.text,
        )
        if m and not _look(re.split(r"\s*,\s*|\s+and\s+", m.group("said"))[0]):
            return None
    if not m:
        return None
    topic_said = m.group("topic")
    extra = re.match(r"(.*@\d+)\s+([a-z]+)\b", topic_said)
    if extra and extra.group(2) not in _HEADS and getAllLemmas(extra.group(2)).get("VERB"):
        topic_said = extra.group(1)  # "X + Y hold PII: ...": a remark about the topic
    topic = _said(ab, topic_said)
    said = re.sub(r"[\s,]*\b(?:please|thanks|thank you)\b[\s,!.]*", " ", m.group("said")).strip()
    # "X: could you rename it to Y": the question around the command asks for it
    said = re.sub(
        r"^(?:(?:could|can|would|will)\s+(?:you|we|u)\s+(?:maybe\s+|kindly\s+|just\s+)?|"
        r"(?:i\s+)?(?:want|need|would like)\s+(?:you\s+)?to\s+|(?:just|kindly)\s+)",
        "",
        said,
    )
    cmd = re.match(
        r"(?P<verb>[a-z]+)\s+(?:(?:both|all|each)(?:\s+of\s+them)?|it|them|this|that|these|"
        r"those)\b\s*(?P<rest>.*)$",
        said,
    )
    if cmd and getAllLemmas(cmd.group("verb")).get("VERB"):
        # "X + Y hold PII: flag both as PII and enable TDE": each command said of the topic
        rest, *others = re.split(
            r"\s+and\s+(?:also\s+)?(?=(?:enable|disable|turn\s+on|"
            r"switch\s+on|activate|add|set|mark|flag|tag)\b)",
            cmd.group("rest"),
        )
        first = f"{cmd.group('verb')} {topic} {_said(ab, rest)}".strip()
        return [first, *(f"{_said(ab, o)} on {topic}" for o in others if "@" not in o)]
    items = [i.strip() for i in re.split(r"\s*,\s*|\s+and\s+|\s*\+\s*", said) if i.strip()]
    if arrow and any(len(i.split()) > 4 for i in items):
        items = [re.sub(r"\s*,\s*", " and ", said)]  # looks only: one restyle reads them all
    looks_only = []
    for item in items:  # the looks, up to a reason ("..., for to show they are devices")
        if not _look(item):
            break
        looks_only.append(item)
    items = looks_only or items
    if not items or any((len(i.split()) > 4 and not arrow) or "@" in i for i in items):
        return None
    return [f"make {topic} {_said(ab, i)}" for i in items]


def _look(item: str) -> bool:
    """A box shape or a look in words ("hexagon", "dotted border", "light blue")."""
    shape = re.search(r"\b(?:" + "|".join(SHAPES) + r")\b", item)
    return bool(shape or looks(item))


def _into_one(ab: Abstract) -> str | None:
    """ "A and B -> one 'C'", "A + B = a single C": several shapes into one."""
    m = re.match(
        r"(?P<list>(?:the\s+)?" + LIST + r")\s*(?:->|=|into|becomes?|become)\s*"
        r"(?:one|a single|single|a combined|one combined|a merged)\s+(?P<into>.+)$",
        ab.text,
    )
    if not m or len(re.findall(r"@\d+", m.group("list"))) < 2:
        return None
    return f"merge {_said(ab, m.group('list'))} into {_said(ab, m.group('into'))}"


def _colon_args(ab: Abstract) -> str | None:
    """ "split X: A and B" -> "split X into A and B"."""
    verbs = "|".join(_COLON_VERBS)
    m = re.match(r"(?P<verb>" + verbs + r")\s+(?P<x>[^:]+?)\s*:\s*(?P<y>.+)$", ab.text)
    if not m:
        return None
    join = _COLON_VERBS[m.group("verb")]
    return f"{m.group('verb')} {_said(ab, m.group('x'))} {join} {_said(ab, m.group('y'))}"


def _correction(ab: Abstract) -> str | None:
    """ "no wait, Alchemy", "actually make that Postmark": the name just given, corrected (the
    shape the clause before made or renamed is "it")."""
    m = re.match(
        r"(?:no\s+wait|wait(?:\s+no)?|actually|sorry|i\s+mean|make\s+that|scratch\s+that|"
        r"correction|oops)\b[\s,:;—–.-]*(?:(?:no|not\s+that|it\s+is|make\s+it|rather)\b[\s,]*)?"
        r"(?P<name>[a-z0-9][^@,;:]{0,40}?)[.!]*$",
        ab.loose,  # a product name matched only by its kind is still a name
    )
    if not m or re.match(r"(?:it|that|this|them|ok|okay|never\s*mind|thanks?)\b", m.group("name")):
        return None
    return f"rename it to {_said(ab, m.group('name'))}"


def fact_of(ab: Abstract) -> tuple[str, str] | None:
    """ "the sms gateway is twilio", "we switched to Postmark": a remark that names what a
    shape is (or what we use now) — (the shape in the user's words or "", the name)."""
    m = re.match(
        r"(?:the\s+)?(?P<x>@\d+)\s+(?:is|are|=)\s+(?:actually\s+|really\s+|now\s+|just\s+)*"
        r"(?P<y>[^@,;]{2,40}?)(?:\s+(?:now|these days|nowadays|actually))?$",
        ab.loose,
    ) or re.match(
        r"(?:we|i|they)\s+(?:\w+\s+)?(?:swap\w*|switch\w*|mov\w*|migrat\w*|went|chang\w*)\s+"
        r"(?:over\s+)?to\s+(?P<y>[^@,;]{2,40}?)(?:\s+(?:for|last|this|in|since|a)\b.*)?$",
        ab.loose,
    )
    if not m:
        return None
    name = _said(ab, m.group("y")).strip()
    last = name.split()[-1] if name.split() else ""
    # a name, not a state: written with a capital, or no word of the dictionary ("twilio")
    if not last or not (last[0].isupper() or not getAllLemmas(last.lower())):
        return None
    x = m.groupdict().get("x")
    return (_said(ab, x) if x else "", name)


def with_fact(ab: Abstract, fact: tuple[str, str]) -> str | None:
    """ "rename it", "swap that in (for X)", "use that instead": the operation whose argument
    the remark before supplied."""
    subject, name = fact
    if re.fullmatch(
        r"(?:rename|call|name|relabel)\s+(?:it|that|this|@\d+)(?:\s+accordingly)?", ab.text
    ):
        return f"rename {subject or 'it'} to {name}"
    m = re.fullmatch(
        r"(?:swap|put|bring|plug|use|drop|switch|replace)\s+(?:it|that|this|them|@\d+)\s+"
        r"(?:in|instead)(?:\s+(?:for|of)\s+(?P<old>.+))?",
        ab.text,
    )
    if m:
        old = _said(ab, m.group("old")) if m.group("old") else subject or "it"
        return f"replace {old} with {name}"
    return None


def accordingly(ab: Abstract, fact: tuple[str, str]) -> str | None:
    """ "label it accordingly", "update the label to match" after "X is Redis with GEOSEARCH":
    the remark's product drawn on X — as its technology when it is one (X keeps its name and
    says what it runs on), else as X's new name."""
    if not re.fullmatch(
        r"(?:label|relabel|tag|mark|update|fix|adjust|change)\s+(?:it|that|this|@\d+|the\s+label)"
        r"(?:\s+(?:accordingly|to\s+match|that\s+way|as\s+such))",
        ab.text,
    ):
        return None
    subject, name = fact
    if subject and is_tech(name):
        return f"{subject} runs on {name}"
    return f"rename {subject or 'it'} to {name}"


def readings(ab: Abstract, cased: str, fact: tuple[str, str] | None = None) -> list[list[str]]:
    """The plain requests a clause the finder read nothing in may stand for, most likely
    first (each a list of clauses, in the user's words); `fact` is what a remark before it
    named."""
    out: list[list[str]] = []
    told = with_fact(ab, fact) if fact else None
    if told:
        out.append([told])
    gerund = _gerund(cased)
    if gerund:
        out.append([gerund])
    for one in (
        _correction(ab),
        _given(ab),
        hosted(ab),
        _wish(ab),
        _into_one(ab),
        _colon_args(ab),
        _placed(ab),
        placed_told(ab, lambda p: _said(ab, p)),
        acts_on(ab, lambda p: _said(ab, p)),
    ):
        if one:
            out.append([one])
    listed = _property_list(ab)
    if listed:
        out.append(listed)
    return out
