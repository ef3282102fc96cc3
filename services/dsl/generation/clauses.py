"""A request as clauses: quotes set aside, wording made regular, compound requests split.

People wrap a command in politeness ("could you please"), framing ("for PCI: ...", "For HIPAA
compliance, ..."), reasons ("..., so that retries don't pile up") and chat shorthand ("pls",
"thru", "w/", "doesnt"). This module keeps quoted names aside
(``qt0``, ``qt1`` ... stand for them), spells out contractions and arrows, drops framing, and
splits it at sentence ends, semicolons, "and then" / "so" / ", and <verb>" into clauses. A
clause that turns out to ask for nothing is skipped by the caller. Pure functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lemminflect import getAllLemmas
from rapidfuzz import process
from rapidfuzz.distance import OSA

from services.dsl.generation.news import asked_after
from services.dsl.generation.ops import SHAPES
from services.dsl.generation.typos import respelt_head, respelt_words, untitled
from services.dsl.generation.verbs import repair, split_joined

#: the properties people use as verbs ("DLQ it", "encrypt them", "HA it")
PROPERTY_VERBS = (
    r"dlq|encrypt|tls|mtls|cmek|kms|hpa|autoscale|auto-scale|replicate|ha|harden|version|"
    r"back\s+up|lock\s+down|rate[\s-]limit|cache|shard"
)
_QUOTE = re.compile(r"\"([^\"]+)\"|“([^”]+)”|‘([^’]+)’|(?<![a-z0-9])'([^']+?)'(?![a-z0-9])", re.I)
_CONTRACTIONS = [
    (r"\b(should|must|does|do|did|is|are|was|were|could|would|need)n'?t\b", r"\1 not"),
    (r"\bcan'?t\b", "can not"),
    (r"\bwon'?t\b", "will not"),
    (r"\b(we|they|you|i)'(re|ve|ll|d|m)\b", r"\1"),
    (r"\b(it|that|this|there|he|she)'(ll|d)\b", r"\1 will"),
    (r"\b(it|that|there|what)'s\b", r"\1 is"),
    (r"'s\b", ""),
    (r"\bpls\b|\bplz\b", "please"),
    (r"\b(can|could|would|will|do|did|if|thank)\s+u\b", r"\1 you"),
    (r"\bthru\b", "through"),
    (r"\bw/o\b", "without"),
    (r"\bw/", "with "),
    (r"\bb/w\b", "between"),
    (r"\bno longer\b|\bany ?more\b|\bnot anymore\b", " anymore "),
]
ARROW = " -> "
_FRAMING = re.compile(
    # "re the outage - ...", "ahead of the audit — ...": a topic set off by a dash
    r"^(?:(?:re|regarding|ahead\s+of|as\s+part\s+of)\b[^,:;—–]{0,40}?\s+[—–-]+\s+|"
    r"(?:for|per|to satisfy|to comply with|to meet|to make (?:it|this|things) \w+|"
    r"because of|due to|small thing|quick one|heads up|fyi|btw|ok|okay|hey|hi|so|ahead of|"
    r"re|regarding|as part of|in light of|in prep for|prepping for)\b"
    r"[^,:;]{0,60}?[,:]\s+)",
    re.I,
)
#: an interjection or a news heading that opens a message ("FYI", "big news lol —", "so quick
#: update —"): dropped alone, so that what follows it is still read ("FYI we sunset X, ...")
_OPENER = re.compile(
    r"^(?:(?:so|ok|okay|alright|(?:hey|hi|hello)(?:\s+(?:there|all|team|folks|everyone))?|"
    r"fyi|btw|lol|haha|oh|yeah|yes|right|well|"
    r"(?:big|quick|small|some|good|little)\s+(?:news|update|change|thing|one|nit|ask|"
    r"request|question)|heads up|update|news|tiny nit|nit|two things|one more thing)"
    r"\b[\s,:!.—–-]*)+",
    re.I,
)
#: a stretch that tells something (a subject or a verb of change): never dropped as framing
_TELLS = re.compile(
    r"\b(?:we|i|they|you|our|it|there|is|are|was|were|has|have|had|\w+ed)\b",
    re.I,
)
_LEAD = re.compile(
    r"^(?:(?:please|kindly|also|and|ok|okay|so|now|then|just|hey|hi|fyi|btw|alright|right|"
    # "I think we should ...", "I guess can you ...": a hedge before the request asks nothing
    r"i\s+(?:think|guess|reckon|suppose|believe|feel\s+like)|honestly|tbh|"
    r"would you mind|do you mind|could you|can you|would you|will you|could we|can we|"
    r"would it be possible to|is it possible to|i want to|i would like to|i need you to|"
    r"i would like you to|we need to|we should|let us|lets|maybe|perhaps|pretty please|"
    r"to make (?:it|this|things|the diagram) \w+(?: and \w+)?)\b[\s,]*)+",
    re.I,
)
VERB_START = (
    r"add|remove|delete|drop|connect|disconnect|rename|replace|swap|switch|move|make|put|"
    r"group|relabel|label|use|insert|highlight|link|wire|hook|take|pull|call|have|let|mark|"
    r"split|merge|fold|combine|dissolve|ungroup|render|show|draw|place|kill|nuke|rip|get rid|"
    r"cut|ditch|scrap|slot|attach|wedge|squeeze|sandwich|stick|throw|chuck|pipe|slap|"
    r"shove|display|paint|colour|color|restyle|reshape|yeet|nix|axe|trash|toss|bin"
)
#: after a dash, a verb that brings a new component starts a request of its own ("X needs Y —
#: slap a KMS on it"); other verbs after a dash often restate the first clause
_NEW_VERB = r"add|slap|stick|throw|shove|pipe|attach|hook"
#: "— it'd pull from X", ", it reads from X", "; which feeds X": a pronoun (or "which") and a
#: verb after a dash or comma tell a relation of what the clause before named: its own clause
_RELATION_TAIL = (
    r"(?:it|they|this|that|which)\s+(?:will\s+|would\s+|should\s+|can\s+|could\s+|"
    r"needs?\s+to\s+|has\s+to\s+)?(?:also\s+)?[a-z]+(?:s|es)?\s+"
    r"(?:from|to|into|off|through|via)\b"
)
_SPLIT = re.compile(
    r"\s*(?:;|[.!?]\s+|\?$|,?\s+and then\s+|,?\s+then\s+|,\s*also\s+|,?\s+but\s+|"
    # "..., and while you're at it put X": the aside opens a second request
    r",?\s*(?:and\s+)?while\s+(?:you|we|i)?\s*(?:are\s+|am\s+)?at\s+it\b[\s,]*|"
    r"\s+[—–]+\s*(?=(?:" + _NEW_VERB + r")\b)|"
    # "add X — the order events feed it": a relation of the new one, told with "it" at the end
    r"\s+[—–]+\s*(?=[\w\s]{1,60}?\s(?:it|them)\s*(?:$|[.;!?]))|"
    r"\s+[—–-]+\s*(?=" + _RELATION_TAIL + r")|"
    r",\s*(?=(?!which|this|that)" + _RELATION_TAIL + r")|"
    r",?\s+so\s+(?=(?:please|pls|can|could|just|you|i|we)\b|(?:" + VERB_START + r")\b(?!-))|"
    # "X's contract ended, so that one can go": a pronoun that may go is a request of its own
    r",?\s+so\s+(?=(?:that\s+one|this\s+one|that|this|it|they|those|these|both)\s+"
    r"(?:can|could|should|must|may|will|has\s+to|have\s+to|needs?\s+to)\s+(?:go|be\s+"
    r"(?:removed|dropped|deleted|retired|gone|taken\s+out))\b)|"
    r",\s*(?=(?:please|pls|can you|could you|would you|" + VERB_START + r")\b(?!-))|"
    r"\s+[—–-]\s*(?=(?:please|pls|can you|could you|would you|can we|could we)\b)|"
    # "we have changed X, now we are using Y ...": the news after "now" is a clause of its own
    r",\s+now\s+(?=(?:we|i|they)\s)|"
    r",\s+and\s+(?=(?:it|they|then)\b)|,?\s+and\s+also\s+|\s+[—–]\s*and\s+|"
    # "swap X for Y and DLQ it": a property used as a verb on "it" is a request of its own
    r",?\s+and\s+(?=(?:" + PROPERTY_VERBS + r")\s+(?:it|them|both|those|these)\s*"
    r"(?:$|,?\s+(?:because|since|so\s+that|to\s+keep)\s))|"
    r",?\s+and\s+(?=(?:please|have|let|" + VERB_START + r")\b(?!-))|"
    # "..., because the auditors asked", "... to keep on-call happy": a reason or a purpose
    # after the request is a clause of its own (read when it asks for something, else
    # skipped), never the tail of the last name
    r",?\s+(?=(?:because|since|cause|coz|cuz)\s+(?:the|a|an|our|we|i|they|it|its|this|that|"
    r"these|those|people|everyone|nobody|someone|\w+s)\b)|"
    # "..., in line with our record-keeping rules", "..., as per the audit": a norm cited
    r",\s+(?=(?:in\s+line\s+with|in\s+accordance\s+with|as\s+per|per\s+(?:our|the)|"
    r"to\s+comply\s+with|for\s+compliance\s+with|as\s+required\s+by|according\s+to)\s)|"
    r",?\s+(?=to\s+(?:keep|avoid|prevent|stop|reduce|help|satisfy|appease|please|make\s+sure|"
    r"ensure|save|speed\s+up|cut\s+down|calm|placate|unblock)\s+\w+[^;.]*$))\s*",
    re.I,
)


@dataclass(frozen=True)
class Clause:
    text: str  # normalised (case kept), quotes as qt<N>
    quotes: tuple[str, ...]  # the quoted texts of the whole request, as written


def take_quotes(text: str) -> tuple[str, tuple[str, ...]]:
    quotes: list[str] = []

    def keep(m: re.Match[str]) -> str:
        quotes.append(next(g for g in m.groups() if g is not None).strip())
        return f" qt{len(quotes) - 1} "

    return _QUOTE.sub(keep, text), tuple(quotes)


#: emoji (pictographs, symbols, their joiners and variation selectors): chat ends a sentence
#: with one ("... whoever that was 😅 can you fix that?"), so a run of them is a full stop
_EMOJI = re.compile(
    r"[\s.!?,]*[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF][\U0001F000-\U0001FAFF"
    r"\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D\U0001F3FB-\U0001F3FF\s.!?]*"
)


def normalise(text: str) -> str:
    t = _EMOJI.sub(lambda m: ". " if m.end() < len(text) else "", text)
    t = t.replace("’", "'").replace("→", ARROW).replace("=>", ARROW).replace("↔", " <-> ")
    t = re.sub(r"\s*<-+>\s*", " <-> ", t)
    t = re.sub(r"(?<!<)\s*-+>\s*", ARROW, t)
    t = re.sub(r"\s+[+&]\s+", " and ", t)
    # "add X plus a Y": "plus" before a new noun phrase joins like "and"
    t = re.sub(r",?\s+plus\s+(?=(?:a|an|another|one)\s)", " and ", t, flags=re.I)
    # "everything goes through X first": the order word is no part of X's name
    t = re.sub(r"\b(through|via)\s+([\w -]{1,40}?)\s+first\b", r"\1 \2", t, flags=re.I)
    t = split_joined(t)
    # "take out both of them", "remove all three of those", "drop both.": the pronoun with a
    # count is the pronoun (the count only agrees with what was named before)
    t = re.sub(
        r"\b(?:both|all|each|all\s+(?:two|three|four|five)|the\s+(?:two|three|four))\s+of\s+"
        r"(them|those|these)\b",
        r"\1",
        t,
        flags=re.I,
    )
    # "join them together in one service": made one is merged, not linked (one group, zone
    # ... is a container they go in)
    t = re.sub(
        r"\b(?:join|put|bring|combine)\s+(?P<x>[^,;.]+?)\s+together\s+(?:in|into|as)\s+"
        r"(?:one|a\s+single)\b(?!\s+(?:group|container|zone|box|cluster|boundary|area|section|"
        r"layer|tier|subnet|vpc|network|namespace))(?:\s+(?:service|component|thing|app|system))?",
        r"merge \g<x>",
        t,
        flags=re.I,
    )
    # "A and B are now one service": the kind word says they are one, it names no part
    t = re.sub(
        r"\b(?P<v>(?:are|is)\s+(?:now\s+|really\s+|basically\s+|actually\s+)*(?:one|a\s+single))"
        r"\s+(?:service|component|thing|app|system|box|module|worker|job)\b",
        r"\g<v>",
        t,
        flags=re.I,
    )
    # "a second CDN next to the existing one": the one already drawn of the new one's kind
    t = re.sub(
        r"\b(?P<a>an?|another|a\s+second|one\s+more|a\s+backup|a\s+standby)\s+(?P<x>[\w-]+"
        r"(?:\s+[\w-]+){0,2}?)\s+(?P<p>next\s+to|alongside|beside|parallel\s+to|like)\s+the\s+"
        r"(?:existing|current|other|old|first|present)\s+one\b",
        r"\g<a> \g<x> \g<p> the existing \g<x>",
        t,
        flags=re.I,
    )
    # "viewers should hit both": "both" alone after a verb or a preposition is "them"
    t = re.sub(
        r"\b(?P<v>to|from|with|into|through|via|hits?|uses?|calls?|reach(?:es)?|quer(?:y|ies)|"
        r"feeds?|reads?|writes?|sends?|talks?|connect|link|wire)\s+both\b(?=\s*(?:$|[.;!?,]|"
        r"\s+(?:too|as\s+well|also|then|now)\b))",
        r"\g<v> them",
        t,
        flags=re.I,
    )
    # "instead of the old one": the one there before is what the clause before named
    t = re.sub(r"\bthe\s+(?:old|previous|current|existing|former)\s+one\b", "it", t, flags=re.I)
    # "have that service talk to X": a demonstrative with a bare kind word is "it"
    t = re.sub(
        r"\b(?:that|this)\s+(?:new\s+)?(?:service|component|box|node|thing|one)\b"
        r"(?=\s+(?:talk|call|send|read|write|connect|feed|pull|push|use|get|hit|sit|go|be|"
        r"should|must|can|will|needs?|to|from|with|into|behind|in)\b|\s*[.;!?,]|\s*$)",
        "it",
        t,
        flags=re.I,
    )
    # "that one can go": "that one" alone (no noun after it) points back like "it"
    t = re.sub(
        r"\b(?:that|this)\s+one\b(?=\s*(?:$|[.;!?,]|can|could|should|must|may|will|is|"
        r"has|needs|goes|too|as\s+well)\b|\s*[.;!?,]|\s*$)",
        "it",
        t,
        flags=re.I,
    )
    t = re.sub(
        r"\b(remove|delete|drop|ditch|kill|nuke|scrap|take\s+out|get\s+rid\s+of|add|include|"
        r"create|draw)\s+"
        r"(?:both|all\s+(?:two|three|four))(?=\s*(?:$|[.;!?,]))",
        r"\1 them",
        t,
        flags=re.I,
    )
    t = _placed(t)
    # "stored-data", "cloud shaped", "in a hexagon-shaped box": the box shape word as the
    # grammar writes it ("stored data", "cloud shape")
    t = re.sub(r"\bstored[\s-]+data\b", "stored data", t, flags=re.I)
    t = re.sub(r"\b(" + "|".join(SHAPES) + r")[\s-]+shaped\b", r"\1 shape", t, flags=re.I)
    for pattern, repl in _CONTRACTIONS:
        t = re.sub(pattern, repl, t, flags=re.I)
    return re.sub(r"\s+", " ", t).strip()


#: "take it out and put it in B", "pull X out of A, then drop it into B": one move
_OUT_THEN_IN = re.compile(
    r"\b(?:take|pull|get|lift)\s+(?P<x>it|them|[^,;.()]+?)(?P<out>\s+out(?:\s+of\s+[^,;.()]+?)?)"
    r"\s*,?\s+(?:and\s+then|and|then)\s+(?:put|place|move|drop|stick|set)\s+"
    r"(?:(?:it|them)\s+)?(?=(?:directly\s+|right\s+)?(?:in|into|inside|under|within)\b)",
    re.I,
)
#: "X should live in B, not A", "put it inside B (not in the A box)": the place refused after
#: the place given adds nothing (moving into B takes it out of A); read as is, its "not"
#: would cut a link
_NOT_THERE = re.compile(
    r"(?P<place>\b(?:in|into|inside|within|under)\s+[^,;.()]+?)\s*[,(]?\s*(?:and\s+|but\s+)?"
    r"not\s+(?:(?:in|into|inside|within|under)\s+)?(?P<refused>[^,;.()]+?)\s*\)?"
    r"(?=\s*(?:$|[.;,!?]))",
    re.I,
)


#: a place that is a new group ("in a new Finance zone", "into its own group")
_NEW_BOX = re.compile(
    r"\b(?:a|an|its|their|one)\s+(?:(?:new|own|separate|dedicated)\s+)+[^,;.()]*?"
    r"\b(?:group|zone|box|container|segment|tier|layer)\b",
    re.I,
)


def _refused(m: re.Match[str]) -> str:
    """The place given; the one refused after a new group is the group left ("in a new
    Finance zone, not in Billing": the new zone stands where Billing stood)."""
    if _NEW_BOX.search(m.group("place")):
        return f"{m.group('place')} instead of {m.group('refused')}"
    return m.group("place")


def _placed(t: str) -> str:
    """Moves said with a detour: "take it out and put it in B" is "move it in B"; a refused
    place after the given one is dropped; "directly" before the place is no name."""
    # the group left is kept: a new group is made where it stood ("... and put it in a new Z")
    t = _OUT_THEN_IN.sub(
        lambda m: f"move {m.group('x')}{m.group('out') if ' of ' in m.group('out') else ''} ", t
    )
    t = _NOT_THERE.sub(_refused, t)
    return re.sub(
        r"\b(?:directly|right)\s+(?=(?:in|into|inside|within|under)\s)", "", t, flags=re.I
    )


def strip_clause(text: str) -> str:
    t = text.strip(" ,.!?:;-")
    prev = None
    while prev != t:
        prev = t
        framing = _FRAMING.match(t)
        if framing and not re.search(r"\b(?:" + VERB_START + r")\b", framing.group(0), re.I):
            head = re.match(r"(?:for|per|to|because|due|ahead|re|regarding)\b", t, re.I)
            # "FYI we sunset X, ...": the news is the request, only the opener goes
            if head or not _TELLS.search(framing.group(0)[:-1]):
                t = t[framing.end() :]
        t = (
            _OPENER.sub("", t, count=1)
            if not re.match(
                r"(?:so|ok|okay|right|well|update|yes)\s+(?:that|the|it|this|we\b)", t, re.I
            )
            else t
        )
        t = _LEAD.sub("", t).strip(" ,.!?:;-")
    return t


#: "rename A to B and C to D": the verb said once for two pairs (gapping); each pair is a
#: clause with the verb written again
_GAPPED = re.compile(
    r"^(?P<verb>rename|relabel|connect|link|wire|move|swap|switch|replace|change)\s+"
    r"(?P<x>.+?)\s+(?P<prep>to|into|as|with|for|under)\s+(?P<y>.+?)"
    r",?\s+(?:and|&)\s+(?:also\s+)?(?P<x2>(?:the\s+)?[^,]+?)\s+(?P=prep)\s+(?P<y2>.+)$",
    re.I,
)


def _ungapped(part: str) -> list[str]:
    # "renmae A to B and C to D": the verb as the lexicon spells it
    head, _, tail = part.partition(" ")
    if tail and repair(head.lower()) != head.lower():
        part = f"{repair(head.lower())} {tail}"
    m = _GAPPED.match(part)
    if not m or re.match(r"(?:it|them|that|this)\b", m.group("x2"), re.I):
        return [part]
    verb2 = re.match(r"([a-z]+)\s+(?:it|them|a|an|its|their|this|that)\b", m.group("x2"), re.I)
    if verb2 and getAllLemmas(verb2.group(1).lower()).get("VERB"):
        return [part]  # "rename A to B and give it a replica next to it": a second command
    verb, prep = m.group("verb"), m.group("prep")
    return [
        f"{verb} {m.group('x')} {prep} {m.group('y')}",
        *_ungapped(f"{verb} {m.group('x2')} {prep} {m.group('y2')}"),
    ]


_ADD_VERB = r"(?:add|put|create|introduce|throw\s+in|stick\s+in|slap|stick|attach|give)"
#: "a KMS dependency on X": a dependency of X on a new component is a link from X to it
_DEPENDENCY = re.compile(
    r"^" + _ADD_VERB + r"\s+(?:a|an)\s+(?:new\s+)?(?P<x>.+?)\s+dependency\s+(?:on|to|for)\s+"
    r"(?P<y>.+?)(?:\s+for\s+.+)?$",
    re.I,
)
#: "video archive: add a glacier tier": the topic before the colon is the new one's neighbour
_TOPIC_ADD = re.compile(
    r"^(?P<t>[a-z][\w .-]{1,40}?)\s*:\s*" + _ADD_VERB + r"\s+(?P<x>.+)$",
    re.I,
)
#: words in an add that already place or wire the new component: the topic adds nothing then
_PLACED = re.compile(
    r"\b(?:between|in front of|behind|before|after|inside|into|within|next to|connected|"
    r"linked|wired|that|which|who|to|from|->)\b|->",
    re.I,
)
#: "add X, lifecycle 90d" / "add X, retention 7 years": a setting said after the add is the
#: new component's, not part of its name (kept for the note the add takes)
_SETTING = re.compile(r",\s*(?:with\s+)?(?:a\s+)?[a-z-]+\s+(?:of\s+)?\d+\s*[a-z]*\s*$", re.I)


#: "X — passive, watching A <-> B traffic": a watcher is linked to the first end it watches
_WATCHING = re.compile(
    r"^(?P<add>.+?)\s*(?:[—–-]+|,)\s*(?:\w+\s*,\s*|passively\s+)?(?:watching|monitoring|"
    r"sniffing|observing|inspecting|tapping|mirroring)\s+(?:the\s+|all\s+)?(?P<a>[^,]+?)\s*"
    r"(?:<->|->|/)\s*(?P<b>[^,]+?)\s+(?:traffic|flows?|packets|link|connection)\b.*$",
    re.I,
)
#: "on a SPAN port off the control network": a port, tap or segment of a container is a
#: place inside that container
_PORT_OF = re.compile(
    r"\s+on\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:port|tap|segment|vlan|subnet|interface|"
    r"session)\s+(?:off|of|on|in|from)\s+(?P<c>(?:the\s+)?[^,—–]+?)\s*$",
    re.I,
)


#: "A may only talk to B through C", "A reaches B only via C", "A must never call B except
#: through C": a rule told as policy is the reroute "A should not call B directly, through C"
_ONLY_THROUGH = re.compile(
    r"^(?P<a>.+?)\s+(?:(?:must|should|may|can|shall|is\s+to|are\s+to)\s+)?(?:only\s+|never\s+|"
    r"not\s+)?(?P<v>talk\s+to|talks\s+to|call|calls|reach|reaches|hit|hits|access|accesses|"
    r"send\s+to|sends\s+to|write\s+to|writes\s+to|read\s+from|reads\s+from)\s+"
    r"(?P<b>.+?)\s+(?:only\s+|except\s+|other\s+than\s+|unless\s+it\s+goes\s+)"
    r"(?:through|via)\s+(?P<c>.+)$|"
    r"^(?P<a2>.+?)\s+(?:must|should|may|can|shall)\s+only\s+(?P<v2>talk\s+to|call|reach|hit|"
    r"access|send\s+to|write\s+to|read\s+from)\s+(?P<b2>.+?)\s+(?:through|via)\s+(?P<c2>.+)$",
    re.I,
)


def _policy(part: str) -> str | None:
    m = _ONLY_THROUGH.match(part)
    if m is None:
        return None
    a, v, b, c = (m.group(g) or m.group(g + "2") for g in ("a", "v", "b", "c"))
    verb = re.sub(r"^(\w+?)(?:es|s)\b", r"\1", v) if not v.startswith(("access",)) else "access"
    verb = {"reach": "reach", "talk": "talk", "writ": "write"}.get(verb.split()[0], verb.split()[0])
    rest = v.split(maxsplit=1)[1] if " " in v else ""
    return f"{a} should not {verb} {rest + ' ' if rest else ''}{b} directly, it goes through {c}"


#: "drop edge A -> B", "remove the link from A to B": the word names the connection itself,
#: never a component called "Edge" (the arrow or "from .. to" says which connection)
_EDGE_WORD = r"(?:edge|link|arrow|connection|line|hop)"
_DROP_EDGE = re.compile(
    r"^(?:drop|remove|delete|cut|kill|nuke|rip\s+out|get\s+rid\s+of|take\s+out|lose)\s+"
    r"(?:the\s+|that\s+|this\s+)?" + _EDGE_WORD + r"\s+(?:(?:from|between)\s+)?(?P<a>.+?)"
    r"(?:\s*->\s*|\s+(?:to|and)\s+)(?P<b>.+)$",
    re.I,
)
#: "edge A -> B" / "add an arrow A -> B": a new connection written as an arrow
_ADD_EDGE = re.compile(
    r"^(?:(?:add|draw|create|put)\s+)?(?:an?\s+|the\s+|new\s+)*"
    + _EDGE_WORD
    + r"\s+(?:from\s+)?(?P<a>.+?)\s*->\s*(?P<b>.+)$",
    re.I,
)


def _edge_told(part: str) -> str | None:
    drop = _DROP_EDGE.match(part)
    if drop:
        return f"disconnect {drop.group('a')} from {drop.group('b')}"
    add = _ADD_EDGE.match(part)
    if add:
        return f"connect {add.group('a')} to {add.group('b')}"
    return None


#: "we are using Y instead of X", "we went with Y instead of X": news of a swap is the swap
_USING_INSTEAD = re.compile(
    r"^(?:we|i|they)\s+(?:are\s+|am\s+|have\s+)?(?:now\s+)?(?:going\s+to\s+)?(?:using|use|"
    r"run|running|went\s+with|going\s+with|switched\s+to|moved\s+to|picked|chose)\s+"
    r"(?P<y>.+?)\s+instead\s+of\s+(?P<x>.+)$",
    re.I,
)
#: "the email sender we are calling now Notification Gateway": a name told about a topic
_TOPIC_NAME = re.compile(
    # "the X box, can we call it Y instead?": the asking words are not part of X
    r"^(?P<x>.+?)\s*,?\s+(?:(?:can|could|shall|should|may)\s+)?(?:we|people|everyone|they|"
    r"the\s+team)\s+(?:are\s+|now\s+)*"
    r"(?:call|calling|name|naming)\s+(?:it\s+)?(?:now\s+)?(?P<y>.+?)(?:\s+(?:now|instead))?$",
    re.I,
)


#: "connect A to a new Y", "hook it up to a new Y": the new one is added hanging off A
_TO_NEW = re.compile(
    r"^(?:connect|link|wire|hook|plug|attach)\s+(?P<a>.+?)\s+(?:up\s+)?(?:to|with|into)\s+"
    r"(?:a|an|one)\s+(?:brand\s+)?new\s+(?P<y>.+)$",
    re.I,
)


#: "A and B we are making them one now, the name is C": a merge told about a topic
_MERGE_TOLD = re.compile(
    r"^(?P<xs>.+?\s+and\s+.+?)\s*,?\s+(?:we|i)\s+(?:are\s+|will\s+|want\s+to\s+)?"
    r"(?:making|make|merging|merge|combining|combine|joining|join|folding|fold)\s+(?:them|those|"
    r"these|both)\s+(?:together\s+)?(?:into\s+|in\s+)?(?:one|a\s+single)\b(?:\s+\w+)??"
    r"(?:\s+now)?(?:\s*,?\s*(?:and\s+)?(?:the\s+(?:new\s+)?name\s+is|called|named|call\s+it)"
    r"\s+(?P<n>.+))?$",
    re.I,
)


def _news_told(part: str) -> str | None:
    merged = _MERGE_TOLD.match(part)
    if merged:
        into = f" into {merged.group('n')}" if merged.group("n") else ""
        return f"merge {merged.group('xs')}{into}"
    to_new = _TO_NEW.match(part)
    if to_new and not re.search(r"\b(?:and|between)\b|->", to_new.group("a"), re.I):
        return f"add a {to_new.group('y')} behind {to_new.group('a')}"
    using = _USING_INSTEAD.match(part)
    if using:
        return f"use {using.group('y')} instead of {using.group('x')}"
    name = _TOPIC_NAME.match(part)
    if name and not re.match(r"(?:we|i|they|it|this|that)\b", name.group("x"), re.I):
        return f"rename {name.group('x')} to {name.group('y')}"
    return None


def carried(part: str) -> list[str]:
    """What an add carries, written out as plain clauses: "slap a KMS dependency on X" is
    "add KMS behind X"; "T: add X" is "add X behind T" (the topic is the neighbour it hangs
    off); a trailing setting ("lifecycle 90d") does not become part of the new name."""
    rule = _policy(part) or _edge_told(part) or _news_told(part)
    if rule:
        return [rule]
    watch = _WATCHING.match(part)
    if watch and re.match(_ADD_VERB + r"\b", part, re.I):
        add = _PORT_OF.sub(lambda m: f" inside {m.group('c')}", watch.group("add"))
        end = re.sub(r"^the\s+", "", watch.group("a"), flags=re.I)
        return [add, f"connect it to the {end}"]
    if re.match(_ADD_VERB + r"\b", part, re.I) and _PORT_OF.search(part):
        return [_PORT_OF.sub(lambda m: f" inside {m.group('c')}", part)]
    dep = _DEPENDENCY.match(part)
    if dep:
        return [f"add a {dep.group('x')} behind {dep.group('y')}"]
    topic = _TOPIC_ADD.match(part)
    if topic and not re.match(r"(?:qt\d+|note|nit|update|todo|also|and)\b", topic.group("t"), re.I):
        x = _SETTING.sub("", topic.group("x"))
        if not _PLACED.search(x):
            return [f"add {x} behind {topic.group('t')}"]
    return [part]


def _two_adds(part: str) -> list[str]:
    """ "add a hold queue and an overdue scanner behind it": two new components, each its own
    add (not "between A and a B", where the "and" joins the two ends)."""
    verb = re.match(_ADD_VERB + r"\s+", part, re.I)
    if verb is None or re.search(r"\bbetween\b", part, re.I):
        return [part]
    pieces = re.split(r",?\s+and\s+(?=(?:a|an|another)\s)", part, maxsplit=1, flags=re.I)
    if len(pieces) == 1:
        return [part]
    return [pieces[0], *_two_adds(f"{verb.group(0)}{pieces[1]}")]


#: "connect A to B, label X": a bare label right after a connect names the new link's text
_BARE_LABEL = re.compile(
    r"^(?:label|labell?ed|with\s+label)\s*:?\s+(?!(?:it|that|this|the|its)\b)"
    r"(?P<x>(?:(?!\b(?:as|to|with|on|of)\b).)+)$",
    re.I,
)


def _labels_link(texts: list[str]) -> list[str]:
    out: list[str] = []
    for t in texts:
        bare = _BARE_LABEL.match(t)
        if bare and out and re.match(r"connect\b", out[-1], re.I):
            t = f"label it {bare.group('x')}"
        out.append(t)
    return out


#: "we licensed a dictation tool for the doctors. could you add it": "it" is the new thing
#: the remark before told of (a noun phrase with "a"/"an", up to a preposition or the end)
_TOLD_OF = re.compile(
    r"\b(?:a|an)\s+(?:new\s+)?(?P<np>[\w-]+(?:\s+[\w-]+){0,4}?)(?=\s+(?:for|to|from|that|"
    r"which|in|on|with|by|at|so|because)\b|\s*$)",
    re.I,
)


def _added_told(texts: list[str]) -> list[str]:
    out: list[str] = []
    for t in texts:
        add = re.match(r"(?:add|include)\s+(?:it|that|this)\b(?P<rest>.*)$", t, re.I)
        before = out[-1] if out else ""
        told = _TOLD_OF.search(before) if add else None
        # "X is not a Y thing. put it ...": a denied kind is no new component
        if (
            add
            and told
            and not re.match(r"(?:" + VERB_START + r")\b", before, re.I)
            and not re.search(r"\bnot\s+(?:a|an)\s", before, re.I)
        ):
            t = f"add a {told.group('np')}{add.group('rest')}"
        out.append(t)
    return out


#: the command verbs a second request after "and" opens with (besides :data:`VERB_START`)
_COMMANDS = tuple(
    sorted(
        set(re.findall(r"[a-z]+", VERB_START))
        | {"change", "set", "update", "label", "relabel", "give"}
    )
)


def _command_word(word: str) -> bool:
    """`word` is a command verb, or one a typo away from one ("chnage", "conect")."""
    w = word.lower()
    if w in _COMMANDS:
        return True
    if w.endswith("ing") and set(getAllLemmas(w).get("VERB", ())) & set(_COMMANDS):
        return True  # "drawing X as a hexagon and giving it a red border": gerunds alike
    if len(w) < 5 or getAllLemmas(w):
        return False
    return process.extractOne(w, _COMMANDS, scorer=OSA.distance, score_cutoff=1) is not None


#: the words a request turns on, put right when a typo swapped two of their letters
_RESPELL = frozenset(
    set(_COMMANDS)
    | {"route", "reroute", "relocate", "edge", "arrow", "connection", "container", "tag", "note"}
)


def respelt_request(text: str) -> str:
    """`text` with the swapped letters of its cue words put right, for the readers that look at
    the whole request after its clauses ran ("ruote them through it": a bypass cue)."""
    return respelt_words(text, _RESPELL)


_AND_VERB = re.compile(
    r",?\s+and\s+(?:also\s+)?(?P<v>[a-z]+)\s+(?=(?:the|a|an|its|it|them|that)\b)", re.I
)


#: "flag X as PHI and enable backups": a verb that switches a setting on opens a request
_AND_SETTING = re.compile(
    r",?\s+and\s+(?:also\s+)?(?P<v>enable|disable|activate|deactivate|turn\s+on|turn\s+off|"
    r"switch\s+on|switch\s+off)\s+(?=[a-z])",
    re.I,
)


def _and_command(part: str) -> list[str]:
    """ "rename A to B and chnage the label on its link": a command verb after "and" (one
    the split pattern missed, misspelt or not in its list) opens a request of its own."""
    setting = _AND_SETTING.search(part)
    if setting and setting.start() > 0:
        rest = part[setting.start("v") :]
        if not re.search(
            r"\b(?:on|for|in|of|to|at)\b", rest[setting.end("v") - setting.start("v") :]
        ):
            rest += " on them"  # "... and enable TDE": on all the clause before named
        return [part[: setting.start()], *_and_command(rest)]
    gerunds = bool(re.match(r"[a-z]+ing\b", part, re.I))
    for m in _AND_VERB.finditer(part):
        if m.start() > 0 and (_command_word(m.group("v")) or (gerunds and _gerund(m.group("v")))):
            return [part[: m.start()], *_and_command(part[m.start("v") :])]
    return [part]


def _gerund(word: str) -> bool:
    """ "drawing X as a hexagon and giving it a red border": a command verb's -ing form,
    after a request that opened with one (the two requests said alike)."""
    w = word.lower()
    verbs = {*_COMMANDS, "give", "paint", "colour", "color", "style", "mark", "shade", "fill"}
    return w.endswith("ing") and bool(set(getAllLemmas(w).get("VERB", ())) & verbs)


#: "... no wait, scratch that", "actually no": the request takes back what it just said
_RETRACT = re.compile(
    r"^(?:no+\s*,?\s*wait|wait\s*,?\s*no|actually\s*,?\s*no|no\s*,?\s*actually|scratch\s+that|"
    r"never\s*mind|forget\s+(?:that|it|about\s+(?:that|it))|on\s+second\s+thoughts?|"
    r"ignore\s+(?:that|this|the\s+last\s+(?:bit|part))|cancel\s+that|undo\s+that|"
    r"strike\s+that|hmm+\s*,?\s*no)\b[\s,.!:;-]*",
    re.I,
)


#: a remark that only judges what was just said ("that's bad", "bad idea")
_JUDGED = re.compile(
    r"^(?:(?:that\s+is|thats|that|it\s+is|its|it)\s+)?(?:a\s+)?(?:bad|wrong|dumb|silly|not\s+right|"
    r"not\s+good|terrible)(?:\s+idea)?\b[\s,.;]*",
    re.I,
)
_KEEPS = re.compile(r"(?:keep|leave)\b", re.I)


def _retracted(parts: list[str]) -> list[str]:
    """The clauses left when one takes back the clause before it. What the retracting clause
    says after its marker is kept when it asks for something ("no wait, label it X"), dropped
    when it is a remark or a "keep the X" (which keeps what was there: no change). A marker
    before a bare name ("... Fireblocks, no wait, Alchemy") corrects a word, not the request:
    the clause is left as it was."""
    out: list[str] = []
    taken_back = False
    for k, part in enumerate(parts):
        m = _RETRACT.match(part)
        rest = _JUDGED.sub("", strip_clause(part[m.end() :])) if m else ""
        asks = bool(re.match(r"(?:" + VERB_START + r")\b", rest, re.I))
        if m and (not rest or asks or _KEEPS.match(rest)):
            then = rest or (parts[k + 1] if k + 1 < len(parts) else "")
            # "actually no, put it behind X": a correction that builds on what it names
            builds = re.match(r"(?:" + VERB_START + r")\b", then, re.I) and not _KEEPS.match(then)
            if (
                out
                and not taken_back
                and not (builds and re.search(r"\b(?:it|them)\b", then, re.I))
            ):
                out.pop()
            taken_back = True
            if asks and not _KEEPS.match(rest):
                out.append(rest)
            continue
        # "no wait, ... keep the WAF": a clause that only keeps things changes nothing
        if taken_back and re.match(r"(?:keep|leave)\s+(?:the\s+)?[\w -]+$", part, re.I):
            continue
        taken_back = False
        out.append(part)
    return out


#: "..., so that retries do not double-charge", "in order to save a hop": a purpose said
#: after the request asks for nothing (not "so that one can go", a removal of its own)
_PURPOSE = re.compile(
    r"\s*,?\s+(?:so\s+that|in\s+order\s+to|so\s+as\s+to)\s+(?!(?:one|it|this|that|they|"
    r"those|both)\s+(?:can|could|should|must|may|will)\s+(?:go|be\s+(?:removed|dropped|deleted|"
    r"retired|gone))|(?:link|links|connection|edge|arrow|call|path|flow|traffic|hop|box|one|"
    r"service|component|thing|part)\b)[^;.]*$",
    re.I,
)


def _without_wish(part: str) -> str:
    """The request without a negative purpose after it ("..., so that retries do not
    double-charge people"): a wish that something not happen lends its "not" to no link. A
    positive purpose ("so that the api reads from it") may tell the wiring: it stays."""
    cut = _PURPOSE.search(part)
    if cut is None or cut.start() == 0:
        return part
    if not re.search(r"\b(?:not|never|no|nobody|nothing|less|fewer|without)\b", cut.group(0), re.I):
        return part
    return part[: cut.start()]


#: a sign-off after the request ("..., thanks!", "... thx", "... ty", "cheers"): no part of
#: the last name or setting
_THANKS = re.compile(
    r"[\s,;.!—–-]*\b(?:(?:many\s+|big\s+)?thanks(?:\s+(?:a\s+lot|so\s+much|in\s+advance))?|"
    r"thank\s+(?:you|u)(?:\s+(?:so\s+much|very\s+much|in\s+advance))?|thx|tysm|ty|cheers|"
    r"much\s+appreciated|appreciate\s+it)\b[\s!.:)]*$",
    re.I,
)


def clauses(query: str) -> list[Clause]:
    """The clauses of `query`, in order."""
    text, quotes = take_quotes(query)
    text = _THANKS.sub("", text) or text
    text = asked_after(normalise(respelt_words(untitled(text), _RESPELL)))
    text = strip_clause(text)
    split = [p for p in _SPLIT.split(text) if p and p.strip()]
    parts = _retracted(
        [
            respelt_head(strip_clause(_without_wish(q)), _RESPELL)
            for p in split
            for q in _and_command(p)
        ]
    )
    texts = [c for p in parts if p for g in _ungapped(p) for a in _two_adds(g) for c in carried(a)]
    return [Clause(c, quotes) for c in _added_told(_labels_link(texts))]
