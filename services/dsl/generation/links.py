"""The links a clause asks for: connect, disconnect, reroute, and the links a relative tail
states for a component just added ("... that consumes from X and writes into Y").

Part of the operation finder (:mod:`finder`); reads the abstract of :mod:`ops`. A verb of
calling or sending makes its subject the source ("A calls B"), a verb of receiving or a
"from"/"by" makes the named shape the source ("fed from X", "triggered by X"); "all the X in
the C" means every shape inside container C. Pure functions.
"""

from __future__ import annotations

import re
from itertools import pairwise

from services.dsl.generation.mentions import Mention
from services.dsl.generation.ops import LIST, Abstract, Op, new_phrase, quote_of
from services.dsl.generation.ops_structure import move

#: the nouns a link goes by ("the direct p2p", "that hop")
LINK_NOUN = r"(?:link|connection|edge|arrow|line|call|hop|path|p2p|flow|wire|route)s?\b"


def link_noun(ab: Abstract) -> list[Op] | None:
    """ "add a connection from A to B", "draw an arrow A -> B", "A needs a link to B": a link
    asked for by its noun, in the direction the words give."""
    t = ab.text
    m = re.search(
        r"\b(?:add|draw|create|put|make|need|needs|want|give|establish|set up|introduce|get|"
        r"have|see)\s+"
        r"(?:a|an|one|the|another|new|second|direct|\s)*" + LINK_NOUN + r"\s*(?:going\s+|"
        r"running\s+)?(?:from\s+(?:the\s+)?(@\d+)\s+(?:to|into|towards|->)\s+(?:the\s+)?(@\d+)|"
        r"(?:the\s+)?(@\d+)\s*(?:->|to)\s*(?:the\s+)?(@\d+))",
        t,
    )
    if m is None:
        m2 = re.search(
            r"^(?:the\s+)?(@\d+)\s+(?:\w+\s+){0,2}(?:needs?|gets?|wants?|should have)\s+"
            r"(?:a|an|one)\s+(?:new\s+|direct\s+)?" + LINK_NOUN + r"\s*(?:to|into|towards)\s+"
            r"(?:the\s+)?(@\d+)",
            t,
        )
        if m2 is None:
            return None
        a, b = m2.group(1), m2.group(2)
    else:
        a, b = m.group(1) or m.group(3), m.group(2) or m.group(4)
    return [Op("connect", [ab.m(a)], [ab.m(b)], label="directed")]


def middle(ab: Abstract) -> list[Op] | None:
    """ "put the gateway in the middle: billing sends to the gateway and the gateway opens
    the barrier": the links the words after the colon state, each in its direction (the
    direct link it replaces goes afterwards, see :mod:`bypass`)."""
    m = re.search(
        r"\b(?:put|place|add|insert|stick|move|have)\s+(?:the\s+)?(@\d+)\s+(?:in\s+(?:the\s+)?"
        r"middle|in\s+between|between\s+them)\s*[:,;—–-]\s*(.+)$",
        ab.text,
    )
    if m is None:
        return None
    x = {s.id for s in ab.m(m.group(1)).shapes}
    ops = []
    for a, b in re.findall(
        r"(@\d+)\s+(?:[a-z]+\s+){0,3}?(?:to\s+|into\s+|->\s*)?(?:the\s+)?(@\d+)", m.group(2)
    ):
        ends = [{s.id for s in ab.m(r).shapes} for r in (a, b)]
        if (ends[0] == x) != (ends[1] == x):  # one end is the shape put in the middle
            ops.append(Op("connect", [ab.m(a)], [ab.m(b)], label="directed"))
    return ops or None


def not_direct(ab: Abstract) -> list[Op] | None:
    """ "the vendor VPN should terminate on a firewall, not the jump host directly", "reports
    should come off a new web tier rather than direct reads against the mirror": the A-B link
    is cut and runs through the new component (from B to A when A takes from it)."""
    m = re.search(
        r"^(?:the\s+)?(@\d+)(?:\s+@\d+|\s+[a-z]+)?\s+(?:\w+\s+){0,3}?(?P<rel>on|to|at|into|"
        r"through|via|off|from|behind)\s+(?:an?|one)\s+(?:new\s+)?(?P<new>[^@,;]+?)"
        r"(?:\s+(?:in|inside|within)\s+(?:the\s+)?(?P<home>@\d+))?\s*,?\s*(?:and\s+|but\s+)?"
        r"(?:not|rather than|instead of)\s+(?:\w+\s+){0,3}?(?:the\s+)?(?P<b>@\d+)",
        ab.text,
    )
    if m is None:
        return _no_direct_noun(ab)
    a, b = ab.m(m.group(1)), ab.m(m.group("b"))
    phrase = ab.words(new_phrase(m.group("new"))[0])
    if not phrase or {s.id for s in a.shapes} == {s.id for s in b.shapes}:
        return None
    src, dst = ([b], [a]) if m.group("rel") in ("off", "from") else ([a], [b])
    route = Op("route_new", src, dst, new=phrase)
    if m.group("home"):
        route.rel, route.b = "inside", [*dst, ab.m(m.group("home"))]
    return [Op("disconnect", [a], [b]), route]


def _no_direct_noun(ab: Abstract) -> list[Op] | None:
    """ "A: no direct access to B, go via G", "no more direct calls from A to B, route them
    through G": a direct link said as a noun is cut and runs through the drawn G."""
    m = re.search(
        r"^(?:the\s+)?(?P<a>@\d+)\s*(?::|-|—|–|,)?\s*(?:should\s+have\s+|has\s+|gets\s+)?"
        r"no\s+(?:more\s+|longer\s+(?:any\s+)?)?direct\s+(?:access|calls?|link|connection|"
        r"path|traffic|route|requests?|reads?|writes?)\s+(?:to|into|with|on)\s+(?:the\s+)?"
        r"(?P<b>@\d+)\s*(?:,|;|—|–|-)?\s*(?:(?:it|they|he|she|that)\s+)?(?:(?:must|should|has\s+to|"
        r"have\s+to|needs?\s+to|will|can)\s+)?(?:go|goes|route\s+(?:it|them)|pass|only)?\s*"
        r"(?:via|through|thru|over)\s+(?:the\s+)?(?P<g>@\d+)\s*$",
        ab.text,
    )
    if m is None:
        return _no_link_noun(ab)
    a, b, g = (ab.m(m.group(k)) for k in ("a", "b", "g"))
    if len({frozenset(s.id for s in x.shapes) for x in (a, b, g)}) < 3:
        return None
    return [Op("disconnect", [a], [b]), Op("route", [a], [g, b])]


def _no_link_noun(ab: Abstract) -> list[Op] | None:
    """ "no sync call from A to B anymore", "no more direct link between A and B": the link
    said as a noun under "no" is cut (a remark after a rewiring that replaces it)."""
    m = re.search(
        r"^(?:(?:and|so|then|also)\s+)*(?:there\s+(?:is|should\s+be|must\s+be|will\s+be)\s+)?"
        r"no\s+(?:more\s+|longer\s+(?:an?y?\s+)?)?(?:[a-z-]+\s+){0,2}?(?:calls?|links?|"
        r"connections?|paths?|traffic|requests?|edges?|arrows?|hops?)\s+(?:from\s+|between\s+)?"
        r"(?:the\s+)?"
        r"(?P<a>@\d+)\s+(?:to|into|->|and)\s+(?:the\s+)?(?P<b>@\d+)"
        r"(?:\s+(?:anymore|any\s+longer|from\s+now\s+on|now|either|please))*\s*$",
        ab.text,
    ) or re.search(
        # "no direct A -> B path"
        r"^(?:(?:and|so|then|also)\s+)*no\s+(?:more\s+)?(?:[a-z-]+\s+){0,2}?(?:the\s+)?"
        r"(?P<a>@\d+)\s*->\s*(?:the\s+)?(?P<b>@\d+)\s+(?:calls?|links?|connections?|paths?|"
        r"traffic|requests?|edges?|arrows?|hops?)(?:\s+(?:anymore|any\s+longer|now|please))*\s*$",
        ab.text,
    )
    if m is None or not re.search(r"\bfrom\s+(?:the\s+)?@|\bbetween\b|->", ab.text):
        return None
    a, b = ab.m(m.group("a")), ab.m(m.group("b"))
    if {s.id for s in a.shapes} == {s.id for s in b.shapes}:
        return None
    return [Op("disconnect", [a], [b])]


def via(ab: Abstract) -> list[Op] | None:
    """ "A -> B has to go via an API gateway", "route A's calls to B through X", "traffic
    from A to B should pass through X": the A-B link is rerouted through X (new when it is
    introduced with an article)."""
    t = ab.text
    m = re.search(
        r"(?:\broute\s+)?(?:the\s+)?(?:\w+\s+)?(?:from\s+)?(?:the\s+)?(@\d+)"
        # "route A's calls to B through X": what A sends, then where
        r"(?:\s+(?:calls?|traffic|requests?|reads?|writes?|queries|messages?|link|path))?\s*(?:->|to|"
        r"and)\s*(?:the\s+)?(@\d+)\s+(?:\w+\s+){0,4}?(?:via|through|over|thru)\s+(.+)$",
        t,
    )
    if m is None or not re.search(r"\b(?:go|goes|route\w*|pass\w*|flow|run|travel|via)\b", t):
        return None
    a, b, rest = ab.m(m.group(1)), ab.m(m.group(2)), m.group(3)
    shape = re.match(r"(?:the\s+)?(@\d+)", rest)
    if shape and ab.m(shape.group(1)).tier >= 2 and not re.match(r"(?:an?|one|some)\s", rest):
        op = Op("route", [a], [ab.m(shape.group(1)), b])
        return [Op("disconnect", [a], [b]), op]
    new = re.match(
        r"(?:an?|one|some|a new)\s+(.+)",
        ab.loose[ab.loose.rfind(rest[:6]) :] if rest[:6] in ab.loose else rest,
    )
    if new is None:
        return None
    phrase = new_phrase(new.group(1))[0]
    return [Op("disconnect", [a], [b]), Op("route_new", [a], [b], new=ab.words(phrase))]


def reroute(ab: Abstract) -> list[Op] | None:
    """ "X must go via Y", "route the charge through a new Z in the backend", "requests are
    placed on a new queue": after a link was cut, the path it took now runs through Y (or a
    new Z); with no cut link, the subject is connected to Y, or Z is added."""
    t = ab.text
    end = r"(?=\s+(?:in|inside|within|that|which|first|instead|now)\b|\s*[,;]|$)"
    m = re.search(
        r"\b(?:route\w*|go|goes|going|pass\w*|flow\w*|travel\w*|sen[dt]\w*)\b.*?"
        r"\b(?:via|through|over)\s+(?:the\s+)?(@\d+|(?:an?|one)\s+(?:new\s+)?[^@,;]+?)" + end,
        t,
    ) or re.search(
        r"\b(?:plac\w*|put|publish\w*|written|pushed|queued)\b[^@]*?"
        r"\b(?:on|onto|into|in)\s+((?:an?|one)\s+new\s+[^@,;]+?)" + end,
        t,
    )
    if m is None or _pair_in(t):
        return None
    target = m.group(1)
    shape = target.startswith("@")
    if (
        not shape
        and not re.match(r"(?:an?|one)\s+new\b", target)
        and "instead" not in t
        and not re.search(r"\b(?:route\w*|via|through)\b", t)
    ):
        return None
    subject = re.match(r"(?:the\s+)?(@\d+)\s", t)
    op = Op("reroute", [ab.m(subject.group(1))] if subject else [])
    if shape:
        op.b = [ab.m(target)]
    else:
        op.new = ab.words(new_phrase(re.sub(r"^(?:an?|one)\s+(?:new\s+)?", "", target))[0])
    after = t[m.end(1) :]
    home = re.match(r"\s+(?:in|inside|within)\s+(?:the\s+)?(@\d+)", after)
    if home:
        op.label = home.group(1)
        op.rel = "inside"
        op.b = [*op.b, ab.m(home.group(1))] if shape else [ab.m(home.group(1))]
        after = after[home.end() :]
    op.rest = ab.source(after.strip(" ,"))
    return [op]


def _pair_in(t: str) -> bool:
    return bool(re.search(r"(@\d+)\s*(?:->|to|and)\s*(?:the\s+)?(@\d+)", t))


def one_calling(ab: Abstract) -> list[Op] | None:
    """ "the HSM should be the one calling it, not the envelope API": A calls it, B not."""
    m = re.search(
        r"(@\d+)\s+(?:\w+\s+){0,3}(?:the one|the ones|who|that)\s+(?:\w+\s+)?"
        + FORWARD
        + r"\s*(?:the\s+)?(@\d+)\s*,?\s*(?:and\s+|but\s+)?not\s+(?:the\s+)?(@\d+)",
        ab.text,
    )
    if m is None:
        return None
    a, it, b = (ab.m(m.group(k)) for k in (1, 2, 3))
    return [Op("disconnect", [b], [it]), Op("connect", [a], [it])]


def disconnect(ab: Abstract) -> list[Op] | None:
    t = ab.text
    m = re.search(
        r"\b(?:disconnect|unlink|detach)\s+(?:the\s+)?(@\d+)\s+(?:from|and)\s+(?:the\s+)?(@\d+)", t
    ) or re.search(
        r"\b(?:remove|cut|delete)\s+(?:the\s+|this\s+|"
        r"that\s+)?(?:\w+\s+)?(?:link|connection|edge|arrow|line|call|"
        r"hop)s?\s+(?:from|between)\s+(?:the\s+)?(@\d+)\s+(?:to|and|"
        r"->)\s+(?:the\s+)?(@\d+)",
        t,
    )
    m = (
        m
        or re.search(
            # "drop the A -> B link", "remove A to B edge": the pair before the link noun
            r"\b(?:remove|cut|delete|disconnect)\s+(?:the\s+|this\s+|that\s+)?(@\d+)\s*(?:->|<->|"
            r"to|and)\s*(?:the\s+)?(@\d+)\s+(?:\w+\s+)?" + LINK_NOUN,
            t,
        )
        or re.search(
            # "cut A -> B": an arrow between two shapes names their link, no noun needed
            r"\b(?:remove|cut|delete|disconnect|sever|break)\s+(?:the\s+)?(@\d+)\s*(?:->|<->)\s*"
            r"(?:the\s+)?(@\d+)\s*(?:please|pls)?$",
            t,
        )
    )
    if m:
        return [Op("disconnect", [ab.m(m.group(1))], [ab.m(m.group(2))])]
    direct = re.search(
        r"(@\d+)[^@]*?(@\d+)\s+(?:\w+\s+)?directly\b[^@,]{0,40}?,?\s*(?:and\s+|but\s+)?(?:not|"
        r"anymore|no longer)\b[^@]*?\b(?:through|via|over|from)\s+(?:the\s+)?(@\d+)",
        t,
    )
    if direct:
        who, now, was = (ab.m(direct.group(k)) for k in (1, 2, 3))
        return [Op("disconnect", [who], [was]), Op("connect", [who], [now])]
    neg = re.search(
        r"("
        + LIST
        + r")[^@]*?\b(?:not|never|stop|anymore)\b[^@]*?(?:from\s+|to\s+|with\s+)?(?:the\s+)?("
        + LIST
        + r")",
        t,
    )
    if neg:
        a, b = ab.many(neg.group(1)), ab.many(neg.group(2))
        own = {s.id for m in a for s in m.shapes}
        if b and {s.id for m in b for s in m.shapes} <= own:
            # "X should not take the data from Y": a word of X's own name is not the other end
            later = [ab.m(r) for r in re.findall(r"@\d+", t[neg.end(2) :])]
            other = [m for m in later if {s.id for s in m.shapes} - own]
            b = other[:1] or b
        inside = [
            m for m in a if any(s.id.startswith(c.id + ".") for s in m.shapes for c in b[0].shapes)
        ]
        if len(b) == 1 and inside and re.search(r"\b(?:in|inside|within|under)\s+(?:the\s+)?@", t):
            # "X does not need to live in the Y zone anymore": out of the container (and
            # into the one the clause names next, when it does)
            moved = move(ab)
            if moved and moved[0].kind in ("move", "move_near") and moved[0].b[0] is not b[0]:
                return moved
            return [Op("move_out", inside, b)]
        ops = [Op("disconnect", a, b)]
        via = re.search(
            r"\b(?:via|through|over|go through|goes through|instead)\s+(?:the\s+)?(@\d+)",
            t[neg.end(2) :] or "",
        )
        if via:
            ops.append(Op("route", a, b, rest=via.group(1)))
            ops[-1].b = [ab.m(via.group(1)), *b]
        new = re.search(
            # "via an X", or "via the X" where X is drawn nowhere (a new middle named as known)
            r"\b(?:via|through|over)\s+(?:an?\s+|one\s+|some\s+|the\s+(?=[^@,;]*$))([^@,;]+?)"
            r"(?:\s+(?:now|instead|from now on|these days))?$",
            t[neg.end(2) :],
        ) or re.search(
            # "..., limits get pushed in by a loader job instead": a new middle on the path
            r"\b(?:by|from|with|using)\s+(?:an?\s+|one\s+|some\s+)(?:new\s+)?([^@,;]+?)"
            r"\s+instead$",
            t[neg.end(2) :],
        )
        if new and not via:
            ops.append(Op("route_new", a, b, new=ab.words(new.group(1))))
        return ops
    m = re.search(
        r"\b(?:remove|cut|delete|drop)\s+(?:this|that|the|@(\d+))\s+(?:(?:direct|old|existing|"
        r"current|original|remaining|previous)\s+)*" + LINK_NOUN,
        t,
    )
    if m and (not ab.mentions or (m.group(1) and ab.m(m.group(1)).pronoun)):
        return [Op("disconnect_context")]
    return None


FORWARD = (
    r"(?:call|hit|talk|send|push|writ|publish|forward|quer|read|fetch|use|scrap|authenticat|"
    r"report|export|index|notif|feed|stream|log|access|reach|depend|sync|trigger|invok|produc|"
    r"poll|subscrib|emit|post|upload|replicat|text|alert|ship|deliver|persist|load|look|"
    r"check|validat|verif|connect|route|hand|pass|go|goes|went|dump|stor|sav|archiv|land|"
    r"drop|put|copy|copie|mirror|back|sink|offload|signal|ping|contact|consult|ask|request|"
    r"tell|clean|purg|prun|scan|watch|monitor|->)\w*(?:\s+(?!@)[^@\s]+){0,4}?"
)
BACKWARD = (
    r"(?:consum\w*|(?:fed (?:from|by)|gets? fed (?:from|by)|receiv\w* from|"
    # "gets the fault events from X", "should take the data from X": X is the source
    r"coming from|comes? from|(?:gets?|getting|got|takes?|taking|took|receiv\w*|obtain\w*)"
    # what is received may name a shape ("gets order events from X": X is still the source)
    r"(?:\s+[^\s]+){0,4}?\s+from|is indexed by|indexed by|"
    r"called by|pulled by|triggered by|written by|"
    # "it'd pull from the scheduler", "pulls jobs from X": X is the source
    r"(?:pull|pulls|pulling|pulled|read|reads|reading)(?:\s+(?!@)[^@\s]+){0,3}?\s+from))"
)


def _everything_in(ab: Abstract, ops: list[Op]) -> list[Op]:
    """ "all the services in the core platform": every shape inside that container."""
    m = re.search(
        r"\b(?:all|every|each)\s+(?:of\s+)?(?:the\s+)?(?:@\d+\s+)?(?:[a-z]+\s+){0,2}"
        r"(?:in|inside|within|of|under)\s+(?:the\s+)?(@(\d+))",
        ab.text,
    )
    if not m:
        return ops
    c = ab.m(m.group(1))
    if len(c.shapes) != 1 or not c.shapes[0].children:
        return ops
    inside = [s for s in ab.every if s.id.startswith(c.shapes[0].id + ".") and not s.children]
    whole = Mention(c.start, c.end, c.text, inside, collective=True, tier=c.tier)
    named = [ab.m(r) for r in re.findall(r"@\d+", m.group(0))]
    for op in ops:
        for side in (op.a, op.b):
            if any(x is c or x in named for x in side):
                side[:] = [whole]
    return ops


#: one stop of a chain: a drawn shape or a new name of up to three words
_STOP = r"(?:(?:the\s+)?@\d+|[a-z][\w.-]*(?:\s+[a-z][\w.-]*){0,2})"


def chain_new(ab: Abstract) -> list[Op] | None:
    """ "so it'd be Notification Service -> SendGrid -> taxpayer": a chain through a stop
    that is not drawn yet adds it and wires each hop (the drawn stops as they are)."""
    m = re.search(
        r"(?:^|\b(?:be|is|becomes|now|like|:)\s+)(" + _STOP + r"(?:\s*->\s*" + _STOP + r"){2,})"
        r"\s*(?:now|instead|then|please)?$",
        ab.text,
    )
    if m is None:
        return None
    stops = [p.strip() for p in m.group(1).split("->")]
    drawn = [re.fullmatch(r"(?:the\s+)?(@\d+)", p) for p in stops]
    new = [k for k, d in enumerate(drawn) if d is None]
    if len(new) != 1 or len(stops) - len(new) < 2:
        return None  # one new stop between drawn ones: more would be a guess at their order
    ops: list[Op] = [Op("add", new=ab.words(stops[new[0]]))]
    for k in range(len(stops) - 1):
        x, y = drawn[k], drawn[k + 1]
        if x is not None and y is not None:  # a hop between two drawn stops
            ops.append(Op("connect", [ab.m(x.group(1))], [ab.m(y.group(1))]))
        elif x is not None:  # into the new stop
            ops.append(Op("connect", [ab.m(x.group(1))], [], rest="new"))
        elif y is not None:  # out of it
            ops.append(Op("connect", [], [ab.m(y.group(1))], rest="new"))
    return ops


def connect(ab: Abstract) -> list[Op] | None:
    ops = _connect(ab)
    return _edge_words(ab, _everything_in(ab, _through(ab, ops))) if ops else ops


#: what a link carries, said after it: "via push notifications", "over mTLS", "labelled 'x'"
_CARRIES = re.compile(
    r"\b(?:via|over|using)\s+(?!(?:an?|the|one|some|new|it|them|this|that)\b)"
    r"(?P<w>[a-z][\w/+.-]*(?:\s+[a-z][\w/+.-]*){0,3})\s*(?:too|also|please|now)?\s*$|"
    r"\b(?:labell?ed|called|named|saying|as|with\s+(?:the\s+)?label)\s+(?P<q>qt\d+)"
)


def _edge_words(ab: Abstract, ops: list[Op]) -> list[Op]:
    """The label the text gives the one link it asks for (no label for a fan of links)."""
    m = _CARRIES.search(ab.text)
    if m is None or len(ops) != 1 or ops[0].kind != "connect":
        return ops
    ops[0].edge = quote_of(ab, m.group("q")) or "" if m.group("q") else ab.words(m.group("w"))
    return ops


def edge_label_it(ab: Abstract) -> list[Op] | None:
    """ "... and label that connection 'payout transfers'", "call the new link 'x'": a name
    for the link the clause before made or named."""
    if any(not m.pronoun for m in ab.mentions):
        return None
    m = re.search(
        r"\b(?:label|name|call|caption|title|tag)\w*\s+(?:that|this|the|it|its|the\s+new)?\s*"
        r"(?:new\s+)?(?:" + LINK_NOUN + r")?\s*(?:as|to|with)?\s*(qt\d+)\s*$",
        ab.text,
    )
    if m is None or not re.search(r"\b(?:that|this|it|its|new)\b|" + LINK_NOUN, ab.text):
        return None
    return [Op("edge_label_ctx", label=quote_of(ab, m.group(1)) or "")]


def _through(ab: Abstract, ops: list[Op]) -> list[Op]:
    """ "it should talk to the hub via the radio": the link goes to the middle shape, and on
    from it to the far end (each kept when already drawn)."""
    m = re.search(r"\b(?:via|through|thru|over)\s+(?:the\s+)?(@\d+)\s*(?:now|instead)?$", ab.text)
    if m is None or len(ops) != 1 or ops[0].kind != "connect" or not ops[0].b:
        return ops
    mid = ab.m(m.group(1))
    op = ops[0]
    if any(x is mid for x in [*op.a, *op.b]):
        return ops
    return [Op("connect", op.a, [mid], rest=op.rest), Op("connect", [mid], op.b)]


def connect_new(ab: Abstract) -> list[Op] | None:
    """ "all the services must write their logs to a central log service (ELK)": a link to a
    component introduced with an indefinite article is a new component, added and wired."""
    m = re.search(
        r"^(?:the\s+|all\s+(?:of\s+)?(?:the\s+)?|every\s+|each\s+)?("
        + LIST
        + r")(?:\s+in\s+(?:the\s+)?"
        r"@\d+)?\s+(?:should|must|will|needs? to|has to|have to|shall)\s+(?:also\s+)?"
        + FORWARD
        + r"\s+(?:to|in|into|through|via|with)\s+(?:a|an|one|some)\s+(?:new\s+)?(.+)$",
        ab.text,
    )
    if not m:
        return None
    phrase = new_phrase(ab.loose[ab.loose.find(m.group(2)) :] if m.group(2) in ab.loose else "")
    new = ab.words(phrase[0]) if phrase[0] else ab.words(m.group(2))
    ops = _everything_in(ab, [Op("connect", ab.many(m.group(1)), [], rest="new")])
    tail = phrase[1] if phrase[0] else ""
    # "..., which the Y consumes": the links said of the new one are read after it
    return [Op("add", new=new, rest=ab.source(tail) if tail else ""), *ops]


def _connect(ab: Abstract) -> list[Op] | None:
    t = ab.text
    chain = re.fullmatch(r"(?:the\s+)?@\d+(?:\s*->\s*(?:the\s+)?@\d+){2,}", t)
    if chain:  # "A -> B -> C": each hop, a path in the direction it is written
        refs = re.findall(r"@\d+", t)
        return [Op("connect", [ab.m(x)], [ab.m(y)], label="path") for x, y in pairwise(refs)]
    m = re.search(
        r"\bconnect\w*\s+(?:up\s+)?(?:the\s+|both\s+)?(" + LIST + r")\s+(?:up\s+)?(?:\w+\s+)?"
        r"(?:to|with|and|->|into)\s+(?:the\s+|both\s+|all\s+)?(" + LIST + ")",
        t,
    ) or re.search(
        r"^(?:the\s+)?(" + LIST + r")\s*(?:->)\s*(?:the\s+)?(" + LIST + r")"
        r"(?:\s+(?:directly|direct|too|as well|also))?\s*(?:,.*)?$",
        t,
    )
    directed = (
        "directed"
        if re.search(
            r"\b(?:add|new|another|second)\s+(?:a\s+)?(?:link|connection|arrow|edge)\b|\bback\b", t
        )
        else ""
    )
    if m:
        return [Op("connect", ab.many(m.group(1)), ab.many(m.group(2)), label=directed)]
    m = re.search(
        r"(" + LIST + r")?[^@]*?\b" + BACKWARD + r"\s+(?:the\s+|both\s+|all\s+)*(" + LIST + ")", t
    )
    if m:
        src, dst = ab.many(m.group(2)), ab.many(m.group(1) or "")
        return [Op("connect", src, dst)] if dst else [Op("connect", src, [], rest="context")]
    m = re.search(
        r"(?:^|\b)(?:("
        + LIST
        + r")\s+)?(?:[^@]*?\s)?\b"
        + FORWARD
        + r"\s+(?:the\s+|both\s+|all\s+|every\s+|each\s+|two\s+|three\s+|four\s+|"
        r"also\s+|too\s+|directly\s+|to\s+|into\s+|from\s+|with\s+|in\s+|"
        r"on\s+)*(" + LIST + ")",
        t,
    )
    if m:
        before = t[: m.start(2)]
        subj = ab.many(m.group(1) or "") or ab.many(" ".join(re.findall(r"@\d+", before))[-40:])
        obj = ab.many(m.group(2))
        if re.search(r"\bconnect\w*\s+(?:up\s+)?(?:the\s+)?" + LIST, t) and not subj:
            both = ab.many(m.group(2))
            tail = re.search(r"(?:to|with|and|->)\s+(?:the\s+)?(" + LIST + r")\s*$", t[m.end(2) :])
            if len(both) >= 2 and not tail:
                return [Op("connect", both[:1], both[1:])]
            if tail:
                return [Op("connect", both, ab.many(tail.group(1)))]
        if subj:
            return [Op("connect", subj, obj, label=directed)]
        return [Op("connect", [], obj, rest="context")]
    return None


BACK_WORDS = re.compile(
    r"\b(?:from|by|when|whenever|once|after|consum\w*|fed|receiv\w*|subscrib\w*|listen\w*)\b"
)
RELATION = re.compile(
    r"\b(?:from|by|to|into|in|on|when|whenever|via|through|with)\b|" + FORWARD + "|" + BACKWARD
)


#: "... when their refill is ready": a state of someone's thing says when, not what feeds it
#: (a shape after "when" with a verb of its own, "when X calls", still does)
_STATE_TOLD = re.compile(
    r"\s*\b(?:when|whenever|once|as\s+soon\s+as|if)\s+(?:their|his|her|your|our)\s+@\d+\s+"
    r"(?:is|are|was|were|gets|get|becomes|become|has\s+been|have\s+been)\b[^,;]*"
)


def tail_links(ab: Abstract, new: str) -> list[Op]:
    """The links a relative tail states for the component just added (`new`, its id):
    "that consumes from X and writes into Y", "X calls it", "reporting into Y",
    "triggered by X". Each predicate is read on its own: a shape named before its verb with
    "it"/"them" after it is the caller of the new component; a shape after "from", "by" or
    "when" feeds it; any other shape after a verb is what it calls."""
    # a new predicate starts at a comma or "and" before a non-shape, or before a shape that a
    # verb follows ("... sends to it and the Y asks it ..."); "A and B call it" stays one
    pieces = re.split(
        r"\s*(?:[,;]\s*(?:and\s+)?|\s+and\s+)(?:(?!(?:the\s+|also\s+)?@)|"
        r"(?=(?:the\s+)?@\d+\s+(?!and\b|or\b)[a-z]+\s+(?:"
        + "|".join(["it", "them", *(f"@{k}" for k, m in enumerate(ab.mentions) if m.pronoun)])
        + r")\b))",
        _STATE_TOLD.sub("", ab.text),
    )
    ops: list[Op] = []
    for piece in pieces:
        rel = re.match(
            # "as the mail provider the X uses": a role, then a relative with no "that"
            r"(?:that|which|who|whom|as\s+(?:the|an?|our|its)\s+(?:[a-z-]+\s+){1,3}?(?=the\s|@))"
            r"\s*(?:the\s+|both\s+|all\s+)?(" + LIST + r")\s+"
            r"(?:also\s+|then\s+|will\s+|can\s+|should\s+)?([a-z]+)",
            piece,
        )
        if rel and not re.match(r"(?:is|are|was|were|has|have|and|or)$", rel.group(2)):
            # "a checker that the X calls": the X is the subject, the new one its object
            subj = ab.many(rel.group(1))
            backward = bool(
                re.match(BACKWARD, rel.group(2) + " from")
                or re.match(r"(?:consum|receiv|subscrib|listen|read|pull|fetch)", rel.group(2))
            )
            ops.append(
                Op("connect", [], subj, rest="new") if backward else Op("connect", subj, rest="new")
            )
            continue
        refs = [int(r) for r in re.findall(r"@(\d+)", piece)]
        own = [k for k in refs if ab.mentions[k].pronoun or new in ab.mentions[k].ids]
        others = [k for k in refs if k not in own and ab.mentions[k].tier >= 2]
        if not others:
            continue
        blank = re.sub(r"@\d+", lambda g: "_" * len(g.group(0)), piece)
        verb = RELATION.search(blank)
        if verb is None:
            continue
        if own:
            acts = re.search(r"\b(?:" + FORWARD + "|" + BACKWARD + ")", blank)
            at = min(piece.index(f"@{own[0]}"), acts.start() if acts else verb.start())
            before = [k for k in others if piece.index(f"@{k}") < at]
            if before:
                ops.append(Op("connect", [ab.mentions[k] for k in before], rest="new"))
                continue
        for k in others:
            lead = piece[: piece.index(f"@{k}")].split()[-3:]
            back = bool(BACK_WORDS.search(" ".join(lead))) and not re.search(
                r"\b(?:to|into)\b", " ".join(lead[-1:])
            )
            m = [ab.mentions[k]]
            ops.append(Op("connect", m, rest="new") if back else Op("connect", [], m, rest="new"))
    return ops


def edge_ref(ab: Abstract) -> list[Op] | None:
    """A clause that only names a link ("the nightly sync from A to B"): what "it" means next."""
    m = re.fullmatch(
        r"(?:the|this|that)\s+(?:[a-z]+\s+){0,2}(?:from|between)\s+(?:the\s+)?(@\d+)\s+"
        r"(?:to|and|->)\s+(?:the\s+)?(@\d+)",
        ab.text,
    )
    # "the A -> B channel is plaintext", "the link from A to B is slow": a remark about a link
    noun = (
        r"(?:" + LINK_NOUN + r"|(?:channel|traffic|integration|feed|stream|pipe|interface|"
        r"connector|leg|lane)s?\b)"
    )
    # "channel" may name a shape ("Channel Manager"); in a link's description it is the link
    text = re.sub(
        r"@(\d+)",
        lambda g: w if re.fullmatch(noun, w := ab.m(g.group(1)).text) else g.group(0),
        ab.text,
    )
    m = (
        m
        or re.match(
            r"(?:the|this|that|our)?\s*(?:(?:[a-z-]+\s+){0,2}(?:from|between)\s+)?(?:the\s+)?(@\d+)\s*"
            r"(?:->|<->|to|and)\s*(?:the\s+)?(@\d+)\s+(?:[a-z-]+\s+){0,2}?" + noun + r"\s+"
            r"(?:is|are|was|runs|goes|uses|carries|has|still|currently|today)\b[^@]*$",
            text,
        )
        or re.match(
            r"(?:the|this|that|our)\s+(?:[a-z-]+\s+){0,2}?" + noun + r"\s+(?:from|between)\s+"
            r"(?:the\s+)?(@\d+)\s+(?:to|and|->)\s+(?:the\s+)?(@\d+)\s+(?:is|are|was|runs|goes|"
            r"uses|carries|has|still|currently|today)\b[^@]*$",
            text,
        )
    )
    return [Op("edge_ref", [ab.m(m.group(1))], [ab.m(m.group(2))])] if m else None
