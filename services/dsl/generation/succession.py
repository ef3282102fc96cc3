"""Changes told as news replace: a part that left and a named newcomer, wherever they stand.

People report a replacement as two loose facts, in any order and in any voice: that a drawn
part was dropped ("we cancelled the X contract", "no more X", "we're not using X anymore",
"X got killed", "the X step is gone", "we moved off X") and that something with a name of
its own now does the work, said with whatever preposition fits the verb they happened to use
("... and moved sessions over to Memcached", "pull forecasts from MeteoSwiss now",
"everything gets ordered through PartsTech now", "we're on Kafka now", "... to a new partner,
GeneLink"). :mod:`retire` reads the constructions where the newcomer is the subject of a verb
of taking over; this module is the broad reader behind it (a fallback of
:func:`retire.migration`):

- the retirement cue (:data:`LEFT_BEFORE`, :data:`LEFT_AFTER`): a verb of dropping before a
  shape, or a participle / "gone" / "no more" after it, told as news or as a state;
- the successor (:func:`successor`): a phrase after a preposition of where the work goes
  now, or before "now"/"instead", that names something the diagram does not hold (a proper
  name as the user wrote it, or a product the knowledge base knows); an appositive proper
  name ("a new partner, GeneLink", "our new vendor called GeneLink") is the name, not the
  common noun before it. A word of it that the linker took for the retired part by its kind
  ("Memcached" for the session cache) is still the newcomer.

A successor inside a clause that asks for something else ("connect the api to Stripe") is
not one, and neither is a date ("by Friday"). The result is a ``replace``: the newcomer takes
the old part's place, shape and links. Pure functions.
"""

from __future__ import annotations

import re

from services.dsl.generation.kb import knowledge_base
from services.dsl.generation.ops import Abstract, Op

#: the words before a shape that are not its name ("our old", "that legacy")
_DET = (
    r"(?:(?:the|our|my|their|that|this|those|these|old|legacy|current|existing|previous|"
    r"in-house|inhouse|homegrown|home-grown|self-hosted|on-prem|entire|whole|own|former|"
    r"original|internal|custom|proprietary|generic|aging|ageing|outdated|clunky|"
    r"[a-z]+-(?:built|grown|made|hosted))\s+)*"
)
#: what is ended with a vendor ("we cancelled our contract with the X")
_DEAL = (
    r"(?:(?:contract|subscription|licen[cs]e|account|deal|plan|partnership)s?\s+(?:with|for|"
    r"of|at)\s+" + _DET + r")?"
)
#: a verb (as the abstract writes it: "ditched" is ``remove``, "moved off" is ``migrate``)
#: or a negation that tells the shape after it left
LEFT_BEFORE = (
    r"(?:remove|migrate(?:\s+(?:off|away\s+from|from))?|swap\w*\s+out|replac\w*|"
    r"cancel\w*|terminat\w*|end(?:ed)?|discontinu\w*|unplugg\w*|dropp\w*|"
    r"(?:chang\w*|switch\w*|mov\w*|cut\w*\s+over|port\w*)\s+(?:away\s+)?(?:from|off)|"
    r"(?<=\bwe\s)(?:swap|switch\w*|chang\w*)|"
    r"phas\w*\s+out|deprecat\w*|shut\w*\s+down|turn\w*\s+off|dump\w*|abandon\w*|"
    r"kill\w*|got\s+off|(?:stopp?\w*|quit)\s+(?:using|paying\s+for|running|hosting)|"
    r"no\s+more|anymore\s+(?:use|using|run|running|need|have|pay\s+for)|"
    r"(?:not|never)\s+(?:use|using|need|needing|run|running)\s+anymore|"
    r"(?:not|never)\s+(?:use|using|run|running|on)(?=\s+(?:[a-z-]+\s+){0,3}@\d+\s+"
    r"(?:anymore|now))|"
    r"(?<=\bwe\s)(?:(?:are|were|finally|now|fully)\s+)*off(?:\s+of)?)"
)
#: after the shape (and at most a word of its kind: "the X step is gone")
LEFT_AFTER = (
    r"(?:[a-z-]+\s+)?(?:(?:is|are|was|were|has\s+been|have\s+been|got|gets|is\s+being|"
    r"are\s+being|will\s+be)\s+(?:now\s+)?(?:remove|retired|sunset\w*|deprecated|"
    r"replaced|cancell?ed|terminated|killed|dropped|ended|discontinued|gone|dead|history|"
    r"over|no\s+more|not\s+(?:used|needed)\s+anymore)|"
    r"(?:ended|expired|died|went\s+away|went\s+dark)(?=\s*(?:$|[,;:.—–]|\s(?:last|this|in|on|a)\b))|"
    r"(?:is\s+|are\s+)?(?:gone|no\s+more|anymore\s+(?:used|needed)))\b"
)
#: a preposition of where the work goes now ("over to", "through", "from", "onto", "on")
_TOWARD = (
    r"\b(?:(?:over\s+|across\s+)?(?:to|onto|into)|with|through|via|from|on|in|by|"
    r"in\s+favou?r\s+of|for|"
    # "... the app uses HERE Maps now": a verb of using, the newcomer after it
    r"uses|using|use|relies\s+on|rely\s+on|chose|picked|adopted|signed\s+(?:up\s+)?with|"
    r"(?:we|i|they)\s+(?:now\s+)?(?:have|got|get))\s+"
)
#: words that end a newcomer's phrase (a time, a reason, the next thing said)
_END = re.compile(
    r"\s+(?:now|instead|these|nowadays|since|last|this|as|for|because|so|and|but|which|"
    r"that|who|in|on|at|from|to|with|via|through|today|yesterday|recently|already|too|also|"
    r"anyway|earlier|back|ago|a\s+while|over|starting|going|lol|tbh|btw)\b.*$"
)
#: the words before a newcomer's name ("a new", "our brand-new", "the")
_LEAD = re.compile(r"^(?:(?:the|a|an|our|their|some|new|brand-new|brand\s+new|shiny)\s+)*")
#: a name that is a date, not a part ("by Friday", "on Monday", "in Q3")
_CALENDAR = re.compile(
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|jan(?:uary)?|feb(?:ruary)?|march|april|may|"
    r"june|july|aug(?:ust)?|sep(?:tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|q[1-4]|"
    r"i|ok|okay|thanks|please",
    re.I,
)
#: a clause that asks for an edit of its own: its "to"/"with" is no successor
_ASKS = re.compile(
    r"(?:^|[,;:—–]\s*|\band\s+)(?:please\s+)?(?:add|connect|disconnect|rename|label|move|put|"
    r"make|route|point|send|draw|group|merge|split|mark|set|change|call|show|wire|link|"
    r"attach|insert|place|keep)\b"
)


#: a verb of doing the old part's work, after the newcomer ("Stripe handles charges")
_DOES = (
    r"(?:does|do|handles?|covers?|runs?|sends?|serves?|stores?|keeps?|processes|takes?\s+over|"
    r"took\s+over|has\s+taken\s+over|is\s+(?:now\s+)?(?:doing|handling|running|live|in\s+"
    r"charge|the\s+(?:new|replacement))|went\s+live|replaces?|replaced|"
    # any verb of the third person with its object: "Plivo delivers the receipts"
    r"(?!(?:is|was|has|does|goes|seems|looks|sounds)\b)[a-z]{3,}(?<!s)s(?=\s+(?:the|all|our|"
    r"its|their|every|@\d+)\b))\b"
)


def _named(said: str) -> bool:
    """`said` (as the user wrote it) names a thing of its own: a word with a capital that
    is no date, or a product the knowledge base knows (typed in lower case: "kafka")."""
    words = said.split()
    if not words:
        return False
    if any(re.search(r"[A-Z]", w) and not _CALENDAR.fullmatch(w.strip(".,")) for w in words):
        return True
    found = knowledge_base().find(said.lower())
    return bool(found) and not all(f.kind.generic for f in found)


def _phrase_name(ab: Abstract, phrase: str, gone: set[str]) -> str | None:
    """The newcomer a phrase of the abstract names, in the user's words, or None: a shape
    of the diagram other than the retired one (named in full) is no newcomer."""
    y = _LEAD.sub("", _END.sub("", phrase.strip())).strip(" .!?'\"")
    if not y or re.fullmatch(r"(?:it|them|that|this|there|here|us|me|you|everything|all)", y):
        return None
    for ref in re.findall(r"@\d+", y):
        m = ab.m(ref)
        if m.pronoun or (m.tier >= 2 and {s.id for s in m.shapes} - gone) or m.tier >= 3:
            return None  # another part, or the old one named in full
    if re.search(r"\b(?:link|links|connection|edge|arrow|line|flow|call)s?$", y):
        return None  # "remove the X to Y link": a link, not a newcomer
    said = ab.words(y).strip(" .!?'\"")
    # "a partner called PayFlex": the name said after the common noun
    said = re.split(r"\s(?:called|named|by\s+the\s+name\s+of)\s", said)[-1].strip()
    return said if _named(said) else None


def _appositive(ab: Abstract, rest: str, gone: set[str]) -> str | None:
    """ "a new partner, GeneLink, ...", "a vendor called GeneLink": the proper name set
    beside a common noun is the name."""
    m = re.match(
        r"\s*(?:,\s*|\(\s*|\s(?:called|named|by\s+the\s+name\s+of)\s+)"
        r"(?P<n>[^,;:()—–]+)",
        rest,
    )
    name = _phrase_name(ab, m.group("n"), gone) if m else None
    # a proper name in full: every word written with a capital or a digit ("GeneLink")
    if (
        not name
        or len(name.split()) > 4
        or not all(re.search(r"[A-Z0-9]", w) for w in name.split())
    ):
        return None
    return name


#: words before a verb that leave it a command ("please just remove X")
_FILLER = (
    r"\b(?:please|pls|just|also|and|so|now|then|ok|okay|actually|can\s+you|could\s+you|"
    r"would\s+you|will\s+you|go\s+ahead\s+and|let\s+us|lets)\b"
)
#: where one said thing ends and the next begins
_BREAK = r"(?:[,;:()—–]|\s-+\s)"


def successor(ab: Abstract, gone: set[str], skip: tuple[int, int]) -> str | None:
    """The newcomer's name said anywhere in the clause outside the span `skip` (the
    retirement cue), or None."""
    t = ab.text
    # (where, the phrase): after a preposition of where the work goes, up to the next break
    found = [
        (m.start(), phrase)
        for m in re.finditer(_TOWARD, t)
        for phrase in [re.split(_BREAK, t[m.end() :], maxsplit=1)[0]]
        # neither the preposition nor its phrase inside the retirement cue
        if m.end() + len(phrase) <= skip[0] or m.start() >= skip[1]
    ]
    opens = r"(?:^|" + _BREAK + r"\s*|\band\s+|\bso\s+)"
    said = [
        # ", kafka now", "— Kafka instead": a name that opens a clause, a time after it
        opens
        + r"(?:(?:it\s+is|we\s+use|using)\s+)?(?P<y>[^,;:()—–@]{2,40}?|[^,;:()—–@]{0,30}?@\d+)\s+"
        r"(?:now|instead|these\s+days|nowadays)\s*(?=$|[,;:.()—–]|\s-+\s)",
        # ", Stripe handles charges", "and GeneLink does that": the subject of a verb of
        # doing the work
        opens + r"(?P<y>[^,;:()—–@]{2,40}?|(?:the\s+)?@\d+(?:\s+[a-z]+){0,2}?)\s+"
        r"(?:now\s+|also\s+)?" + _DOES,
    ]
    found += [
        (m.start("y"), m.group("y"))
        for pattern in said
        for m in re.finditer(pattern, t)
        if m.end("y") <= skip[0] or m.start("y") >= skip[1]
    ]
    fresh: str | None = None
    for start, phrase in sorted(found):
        clause = re.split(_BREAK + r"|\band\b", t[:start])[-1]
        if _ASKS.match(clause.strip()):
            continue  # "connect the api to Stripe": a request of its own, not the news
        name = _phrase_name(ab, phrase, gone)
        if name:
            return name
        lead = _LEAD.sub("", _END.sub("", phrase.strip()))
        if (
            lead
            and len(lead.split()) <= 3
            and re.match(r"(?:the|an?|our|their|new)\s", phrase.strip())
        ):
            # "to a new partner, GeneLink": the common noun, then its proper name
            after = t.find(phrase, start) + len(phrase.rstrip())
            name = _appositive(ab, t[after:], gone)
            if name:
                return name
        fresh = fresh or _new_thing(ab, phrase, gone)
    # "customers use the new web banking portal now": no name, but said to be new
    return fresh


def _new_thing(ab: Abstract, phrase: str, gone: set[str]) -> str | None:
    """A common noun phrase said to be new ("the new web banking portal"), in the user's
    words, or None."""
    m = re.match(
        r"(?:the\s+|a\s+|an\s+|our\s+)?(?:brand[\s-])?new\s+(?P<y>[a-z0-9@][\w@/-]*"
        r"(?:\s+[\w@/-]+){0,3})$",
        _END.sub("", phrase.strip()).strip(" .!?"),
    )
    if m is None or re.search(
        r"\b(?:one|ones|thing|things|stuff|way|approach|version|setup|process|plan|team|"
        r"people|contract|deal|vendor|provider|partner|supplier)$",
        m.group("y"),
    ):
        return None
    for ref in re.findall(r"@\d+", m.group("y")):
        if ab.m(ref).pronoun or (ab.m(ref).tier >= 2 and {s.id for s in ab.m(ref).shapes} - gone):
            return None
    return ab.words(m.group("y")).strip() or None


def _ordered(ab: Abstract) -> bool:
    """The whole clause is an imperative request of its own ("rename X to Y, as ...")."""
    return bool(_ASKS.match(ab.text.strip()))


def succeeded(ab: Abstract) -> list[Op] | None:
    """A drawn part said to have left and a newcomer named anywhere in the clause: the
    newcomer replaces it (see the module docstring)."""
    if _ordered(ab):
        return None
    t = ab.text
    left = re.search(
        r"\b" + LEFT_BEFORE + r"\s+(?:of\s+)?" + _DET + _DEAL + r"(?P<x>@\d+)", t
    ) or re.search(r"(?P<x>@\d+)\s+" + LEFT_AFTER, t)
    if left is None:
        return None
    before = re.split(_BREAK, t[: left.start()])[-1]
    if (
        left.re.pattern.startswith(r"\b")
        and not re.sub(_FILLER, "", before).strip()
        and not re.match(r"no\s+more\b", t[left.start() :])
    ):
        return None  # "remove X, ...": a command, read by the plain readers
    x = ab.m(left.group("x"))
    gone = {s.id for s in x.shapes}
    if not gone or x.pronoun:
        return None
    name = successor(ab, gone, (left.start(), left.end()))
    return [Op("replace", [x], new=name)] if name else None


def proper(ab: Abstract, ops: list[Op] | None) -> list[Op] | None:
    """A replace whose newcomer is a common noun with a proper name beside it ("we moved
    off X to a new partner, GeneLink"): the proper name is the newcomer."""
    if not ops or len(ops) != 1 or ops[0].kind != "replace" or not ops[0].new:
        return ops
    op = ops[0]
    if _named(op.new) or len(op.new.split()) > 3:
        return ops
    at = ab.text.lower().find(op.new.lower())
    if at < 0:
        return ops
    gone = {s.id for m in op.a for s in m.shapes}
    name = _appositive(ab, ab.text[at + len(op.new) :], gone)
    if name:
        op.new = name
    return ops


#: a part told as gone with nothing after it: "we no longer need X", "no more X", "the X
#: step is gone", "we cancelled the X contract" (the subject is the part, or we)
_LEFT_ALONE = (
    r"^(?:(?:so|and|but|well|also|ok|anyway)\s+)*(?:"
    r"(?:we|i|they|the\s+team|everyone|nobody)\s+(?:have\s+|had\s+|just\s+|finally\s+|"
    r"already\s+)*(?:anymore\s+(?:use|need|run|have|pay\s+for)|(?:do\s+not|did\s+not|"
    r"are\s+not)\s+(?:use|using|need|run|running|have)\s+(?:anymore\s+)?(?=.*\banymore\b)|"
    r"cancel\w*|terminat\w*|ended|discontinu\w*|dropp\w*|(?:stopp\w*|quit)\s+using|"
    # "we ditched X" (the abstract's ``remove``), "we moved off X": told, not asked
    r"(?:remove|kill\w*|dump\w*|abandon\w*)(?:\s+off)?|phas\w*\s+out|deprecat\w*|"
    r"migrate\s+(?:off|away\s+from))\s+"
    + _DET
    + _DEAL
    + r"(?P<x>@\d+)|no\s+more\s+"
    + _DET
    + r"(?P<y>@\d+)|"
    r"(?:the\s+|our\s+)?(?P<z>@\d+)\s+"
    + LEFT_AFTER
    + r"|(?:the\s+|our\s+)?(?P<w>@\d+)\s+(?:is|are)\s+(?:not\s+(?:used|needed)\s+anymore|"
    r"anymore\s+(?:used|needed)))"
)


def left_alone(ab: Abstract) -> list[Op] | None:
    """News that a drawn part left, with no newcomer named: it is removed (its neighbours
    reconnected as for any removal). A clause that names a newcomer is :func:`succeeded`'s."""
    m = re.match(_LEFT_ALONE, ab.text.strip())
    if m is None:
        return None
    ref = next(g for g in ("x", "y", "z", "w") if m.group(g))
    if re.match(
        r"\s*(?:->|,?\s*(?:and|or|to|from|&)\s+(?:the\s+)?@|,\s*@|"
        r"(?:links?|connections?|edges?|arrows?|lines?|calls?|flows?)\b|"
        # "we no longer use X for refunds": X left one duty, not the diagram
        r"(?:anymore\s+)?for\s+(?!good\b|ever\b|now\b|real\b)[a-z@])",
        ab.text.strip()[m.end(ref) :],
    ):
        return None  # "we no longer need the X to Y link", "... X and Y": other readers'
    x = ab.m(m.group(ref))
    if not x.shapes or x.pronoun:
        return None
    return [Op("remove", [x])]
