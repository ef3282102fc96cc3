"""The architect's update path: a request's edits applied to the current diagram.

The request is split into clauses (:mod:`clauses`); in each, the mentions of diagram shapes
are linked (:mod:`mentions`) and the operations found from its verbs and structure
(:mod:`ops`), then applied with the D2 core's structural edits (:mod:`edit_ops`, the commands
of :mod:`commands`), which keep the user's text, comments and order. A shape written as its
D2 id ("orders_db") is read as its label. A clause the operation finder reads nothing in is
read again as the plain request its structure implies
(:mod:`elliptic`: "X in front of Y", "X: hexagon, orange", a gerund, a wish), then tried
against the sentence grammar of :mod:`commands`; a clause none reads (a reason, a remark) is
skipped when another clause asked for something, but what it names is kept: its shapes are
"it" next, the one link between them is "that link", a product it names ("X is twilio") is
the argument of a following "rename it" / "swap that in". "It" and "them" mean what the
previous clause touched. An ambiguous reference stops the update
with a question naming the candidates instead of a guess.
"""

from __future__ import annotations

import re

from lemminflect import getAllLemmas

from services.dsl.d2 import D2Error
from services.dsl.d2.model import Shape
from services.dsl.generation.as_shape import as_shape
from services.dsl.generation.bypass import bypass_direct, stand_in
from services.dsl.generation.clause_facts import (
    made_again,
    person_named,
    personal,
    possessed_link,
    split_to,
)
from services.dsl.generation.clauses import Clause, clauses, normalise, respelt_request
from services.dsl.generation.commands import COMMANDS, split_commands
from services.dsl.generation.crossing import crossing, restates
from services.dsl.generation.detour import detour
from services.dsl.generation.edit_ops import Run, execute, stated_links
from services.dsl.generation.edit_run import by_links, drawn_pairs, narrowed
from services.dsl.generation.edit_state import Clarify, State, ensure_classes
from services.dsl.generation.elliptic import accordingly, fact_of, readings
from services.dsl.generation.finder import first_predicate
from services.dsl.generation.kb import KnowledgeBase, knowledge_base
from services.dsl.generation.label_told import label_told
from services.dsl.generation.last_resort import ask_back, last_resort
from services.dsl.generation.links import tail_links
from services.dsl.generation.mentions import Mention, scan, topic_last
from services.dsl.generation.only_told import only_told
from services.dsl.generation.ops import SHAPES, Abstract, End, Op, abstract
from services.dsl.generation.ops_structure import KEEP_LOOSE
from services.dsl.generation.refs import describe
from services.dsl.generation.regroup import box_again
from services.dsl.generation.relation_words import verb_lemma
from services.dsl.generation.renames import rename_said
from services.dsl.generation.request import GenerationRequest
from services.dsl.generation.retire import migration
from services.dsl.generation.role_told import named_again, role_told
from services.dsl.generation.split_duties import duties_after
from services.dsl.generation.succession import left_alone, succeeded
from services.dsl.generation.told_links import tail_more
from services.dsl.generation.worker_between import worker_between
from shared.contracts import GenerationKind, GenerationResult

HELP = (
    "I can add, remove, rename, replace, connect, disconnect, move, relabel, restyle, group, "
    "merge or split components — e.g. “add a redis cache between the api and the database”."
)


def _grammar(st: State, sentence: str) -> str | None:
    """The sentence grammar's reading of one clause, or None."""
    for part in split_commands(sentence):
        for pattern, handler in COMMANDS:
            m = pattern.match(part)
            if m:
                return handler(st, m)
        return None
    return None


def _quoted(text: str, quotes: tuple[str, ...]) -> str:
    """`text` with each quoted name's placeholder ("qt0") written as the user quoted it."""
    return re.sub(
        r"\bqt(\d+)\b",
        lambda m: f"'{quotes[int(m.group(1))]}'" if int(m.group(1)) < len(quotes) else m.group(0),
        text,
    )


def _grammar_or_none(st: State, text: str, quotes: tuple[str, ...]) -> str | None:
    if re.fullmatch(
        r"(?:add|create|include|insert|draw)\s+(?:it|them|that|this|those|both|all)\b.*", text
    ):
        return None  # "..., please add it": the component the clause before introduced
    text = _quoted(text, quotes)
    try:
        return _grammar(st, text)
    except Clarify:
        return None


#: an add that names its own new component (not "add it", "put them")
_ADDS = re.compile(
    r"\b(?:add|put|create|introduce|throw in|stick in|insert)\s+(?!(?:it|them|this|that)\b)",
    re.I,
)


def _motive(text: str, later: list[Clause]) -> bool:
    """ "we're adding returns, can you add a returns topic ...": the first clause is the
    motive of the add that follows, not an add of its own."""
    return bool(
        re.search(
            r"(?:^|\b(?:and|so|but|because|since)\s+)(?:we|i)\s+(?:\w+\s+)?(?:add|adding|"
            r"need|want|starting)\b",
            text,
            re.I,
        )
        and any(_ADDS.search(c.text) for c in later[:1])
    )


def _parts_told_before(text: str, before: str) -> str | None:
    """ "split it" after a clause that told the parts ("X is really two things, A for this
    and B for that"): the split, written out."""
    if not re.fullmatch(r"(?:split|break|divide)\s+(?:it|them|that)(?:\s+up)?", text, re.I):
        return None
    m = re.match(
        r"(?:the\s+)?(.+?)\s+(?:is|are)\s+(?:really|actually|in fact)?\s*(?:two|three|2|3)\s+"
        r"(?:\w+\s+)?(?:things|parts|pieces|components|services)\s*[,:]\s*(.+)",
        before,
        re.I,
    )
    return f"split {m.group(1)} into {m.group(2)}" if m else None


#: a verb that links things ("connect them", "hook him up to it")
_LINKING = re.compile(
    r"\b(?:connect|link|hook|wire|join|attach|tie|plug|point|route|send|call|feed|pipe)\w*",
    re.I,
)
#: "add" negated ("the box does not add much", "that didn't add anything"): no new part
_NOT_ADDING = re.compile(r"\b(?:does|do|did|would|will|could)\s+not\s+(?:really\s+)?add\b", re.I)


def _unsure(run: Run, mentions: list[Mention], words: list[str]) -> list[Mention]:
    """The mentions of a remark, said with "the" ("bill run is hammering the DB", not "see
    container status"), that still mean several shapes once the drawn links of the other
    shapes it names have narrowed them (the DBs the bill run is linked to)."""
    # a box and a part of it ("crm": Billing & CRM, Customer CRM) mean the part
    said = [narrowed(m, [s for s in m.shapes if not s.children]) for m in mentions]
    amb = [
        m
        for m in said
        if m.ambiguous and not m.pronoun and m.start > 0 and words[m.start - 1] in _DEFINITE
    ]
    plain = [m for m in said if m.shapes and not m.ambiguous and not m.pronoun]
    return [m for m in by_links(run, amb, plain)[0] if m.ambiguous]


_DEFINITE = frozenset(["the", "that", "this"])


def _targetless(ops: list[Op], mentions: list[Mention], unsure: list[Mention]) -> None:
    """ "X is hammering the DB, add a read replica": an add that names nothing of its own is
    for what the remark before named; when that could be several, ask which."""
    if not unsure or not ops or any(op.kind != "add" for op in ops):
        return
    if any(m.shapes and not m.pronoun for m in mentions):
        return
    raise Clarify(f"“{unsure[0].text}” could mean {describe(unsure[0].shapes)}. Which one?")


def _keep_contents(ops: list[Op], later: list[Clause]) -> None:
    """ "remove the X grouping; its components should remain": a removal becomes an ungroup
    when a following clause keeps what was inside."""
    keep = re.compile(
        r"\b(?:its|their|the)\s+(?:\w+\s+)?(?:components|contents?|children|services|members|"
        r"shapes|nodes|things)\b.*\b(?:remain|stay|kept|keep|survive)|\bkeep\w*\s+(?:its|their|"
        r"the)\s+(?:\w+\s+)?(?:components|contents?|children|members)\b|"
        # "keep the meters and the RTU as they are", "A and B should remain (top level)"
        r"^(?:just\s+|only\s+)?(?:keep|leave|retain)\b|\b(?:should|must|can|will|to)\s+"
        r"(?:\w+\s+)?(?:remain|stay|survive|be kept)\b|\bwithout\s+the\s+(?:box|group\w*|"
        r"container|zone|frame|boundary)\b|" + KEEP_LOOSE,
        re.I,
    )
    if not any(keep.search(c.text) for c in later[:2]):
        return
    for op in ops:
        if op.kind == "remove" and any(s.children for m in op.a for s in m.shapes):
            op.kind = "ungroup"


def _news_joined(kb: KnowledgeBase, st: State, parts: list[Clause]) -> list[Clause]:
    """ "X is being retired. Y takes over.": a migration told in two sentences is one clause
    (a clause that reads nothing alone and reads as a migration with the next one)."""
    out: list[Clause] = []
    k = 0
    while k < len(parts):
        first = k + 1 < len(parts) and _reads_nothing(
            kb, st, parts[k].text, parts[k].quotes, gone=True
        )
        # "Y does the work now. X is gone.": the newcomer told first, the leaving next
        then = not first and k + 1 < len(parts) and _reads_gone(kb, st, parts[k + 1])
        if first or then:
            joined = Clause(f"{parts[k].text}, {parts[k + 1].text}", parts[k].quotes)
            tokens, mentions = scan(kb, st.diagram, st.d2, joined.text, [], joined.quotes)
            ab = abstract(joined.text, tokens, mentions, joined.quotes)
            if (migration if first else succeeded)(ab):
                out.append(joined)
                k += 2
                continue
        out.append(parts[k])
        k += 1
    return out


def _reads_gone(kb: KnowledgeBase, st: State, part: Clause) -> bool:
    """The clause tells that a drawn part left ("the X is gone"), and nothing more."""
    tokens, mentions = scan(kb, st.diagram, st.d2, part.text, [], part.quotes)
    return bool(mentions) and bool(left_alone(abstract(part.text, tokens, mentions, part.quotes)))


def _duties_joined(parts: list[Clause]) -> list[Clause]:
    """ "Split X in two: A and B. B sends to Y, A gets Z.": what the parts do, told in the
    next sentence, is read with the split."""
    out: list[Clause] = []
    for c in parts:
        told = duties_after(out[-1].text, c.text) if out and out[-1].quotes == c.quotes else None
        if told:
            out[-1] = Clause(told, c.quotes)
        else:
            out.append(c)
    return out


def _reads_nothing(
    kb: KnowledgeBase, st: State, text: str, quotes: tuple[str, ...], *, gone: bool = False
) -> bool:
    """The clause asks for nothing (with `gone`, or only tells that a part left: "we
    cancelled the X contract" may be the first half of a replacement)."""
    tokens, mentions = scan(kb, st.diagram, st.d2, text, [], quotes)
    if not mentions:
        return False
    ab = abstract(text, tokens, mentions, quotes)
    ab.every = st.diagram.shapes
    return not first_predicate(ab)[0] or bool(gone and left_alone(ab))


def _link_told(st: State, seen: list[Shape]) -> tuple[Shape, Shape] | None:
    """The one link of the diagram between two shapes a remark mentions, if one only."""
    ids = {s.id for s in seen}
    links = {(c.src, c.dst) for c in st.diagram.connections if {c.src, c.dst} <= ids}
    if len(links) != 1:
        return None
    src, dst = st.diagram.shape(next(iter(links))[0]), st.diagram.shape(next(iter(links))[1])
    return (src, dst) if src is not None and dst is not None else None


#: "pipe X failures to Y": what X sends (its failures, alerts, logs) goes to Y
_PIPED = re.compile(
    r"^(?:pipe|send|route|forward|stream|push|ship|feed)\s+(?:the\s+|all\s+)?(?P<s>.+?)\s+"
    r"(?:failures|errors|alerts|alarms|logs|events|metrics|traces|incidents|exceptions|"
    r"notifications|data|updates)\s+(?:to|into)\s+(?P<d>.+)$",
    re.I,
)


def _piped(text: str) -> list[list[str]]:
    """ "pipe X failures to Y": X sends to Y, a Y the diagram lacks being a new one."""
    m = _PIPED.match(text)
    if m is None:
        return []
    src, dst = m.group("s"), re.sub(r"^(?:the|a|an)\s+", "", m.group("d"), flags=re.I)
    return [[f"the {src} should send to the {dst}"], [f"the {src} should send to a new {dst}"]]


def _comma_parts(text: str) -> list[list[str]]:
    """ "put a WAF in front of X, merchant traffic hits the WAF first": a request and a remark
    after a comma; the request is read alone, the remark after it (read or not)."""
    at = text.find(", ")
    if at < 0 or len(text[:at].split()) < 2:
        return []
    return [[text[:at], text[at + 2 :]]]


def _implied(
    kb: KnowledgeBase,
    st: State,
    run: Run,
    ab: Abstract,
    text: str,
    quotes: tuple[str, ...],
    fact: tuple[str, str] | None,
) -> list[str] | None:
    """The first reading of :mod:`elliptic` whose first clause the finder reads."""
    for reading in [*readings(ab, text, fact), *_piped(text), *_comma_parts(text)]:
        tokens, mentions = scan(kb, st.diagram, st.d2, reading[0], run.context, quotes)
        again = abstract(reading[0], tokens, mentions, quotes)
        again.every = st.diagram.shapes
        if first_predicate(again)[0]:
            return reading
    return None


def _resort(
    kb: KnowledgeBase, st: State, run: Run, ab: Abstract, quotes: tuple[str, ...]
) -> list[str] | None:
    """The reading of :mod:`last_resort` the finder reads, for a clause nothing else read;
    raises Clarify when two readings of different operations remain, naming both."""
    links = drawn_pairs(run)
    read = []
    for reading in last_resort(ab, links):
        tokens, mentions = scan(kb, st.diagram, st.d2, reading.text, run.context, quotes)
        again = abstract(reading.text, tokens, mentions, quotes)
        again.every = st.diagram.shapes
        grammar = any(p.match(part) for part in split_commands(reading.text) for p, _ in COMMANDS)
        if first_predicate(again)[0] or grammar:
            read.append(reading)
    question = ask_back(read)
    if question:
        raise Clarify(_quoted(question, quotes))
    return [read[0].text, *read[0].more] if read else None


#: "slap a cache in front of that", "remove it", "connect them to X": a pronoun where a
#: component goes (after a placing word, or as the object of a verb)
_PRONOUN_SLOT = re.compile(
    r"(?:\b(?:in\s+front\s+of|behind|before|after|next\s+to|beside|between|around|of|to|from|"
    r"into|onto|on|for|with)|^(?:remove|delete|drop|kill|ditch|rename|move|make|connect|link|"
    r"wire|hook|split|merge|replace|swap|highlight|mark|label|relabel|group|put|take))\s+"
    r"(?P<p>it|that|this|them|those|these|that\s+thing)(?=\s*$|\s+(?:to|from|with|into|in|"
    r"on|up|out|and|behind|as|red|green|blue|orange|bold|dashed)\b)",
    re.I,
)


def _unbound(text: str, mentions: list[Mention]) -> str | None:
    """The pronoun a request opens with when nothing was named before it to point at."""
    m = _PRONOUN_SLOT.search(text)
    if m is None:
        return None
    low = text.lower()
    named = [
        x
        for x in mentions
        if x.shapes and not x.pronoun and 0 <= low.find(x.text.lower()) < m.start("p")
    ]
    return None if named else m.group("p")


def _subject_left_out(st: State, run: Run, text: str, mentions: list[Mention]) -> bool:
    """A clause that opens with a verb of communication right after a component was added
    and names no drawn shape ("... and also send alerts with X"): its subject is the new
    component ("pipe the loans service errors to X" says whose errors: not the new one's)."""
    first = re.match(r"(?:also\s+|then\s+)*([a-z]+)\b", text.lower())
    return bool(
        first
        and not any(m.shapes and not m.pronoun for m in mentions)
        and st.last_added
        and run.context
        and run.context[-1].id == st.last_added
        and verb_lemma(first.group(1))
    )


def _spelt_out(
    kb: KnowledgeBase, st: State, parts: list[Clause]
) -> list[tuple[str, frozenset[str]]]:
    """The shapes the request names by a whole label or id (one each), with its words."""
    if len(parts) < 2:
        return []  # one clause: its own mentions already saw each other
    out = []
    for clause in parts:
        _, mentions = scan(kb, st.diagram, st.d2, clause.text, [], clause.quotes)
        for m in mentions:
            if m.tier >= 3 and len(m.shapes) == 1 and not m.pronoun:
                out.append((m.shapes[0].id, frozenset(m.text.lower().split())))
    return out


#: a word written as a D2 id is ("orders_db", "core.loans"): joined by "_" or "."
_ID_WORD = re.compile(r"(?<![\w.'])[A-Za-z][\w]*(?:[._][A-Za-z0-9]\w*)+(?![\w'])")


def _ids_as_labels(st: State, text: str) -> str:
    """ "hot_cache: remove", "core.loans should call X": a shape named by its id as the D2
    text spells it (whole, or its last segment when only one shape has it) is read as its
    label, which the mention linker knows whole (it splits the id at "_" and "." into words
    that each name something else)."""

    def label(m: re.Match[str]) -> str:
        word = m.group(0).lower()
        hits = [s for s in st.diagram.shapes if s.id.lower() == word]
        hits = hits or [s for s in st.diagram.shapes if s.name.lower() == word]
        return hits[0].label if len(hits) == 1 and hits[0].label else m.group(0)

    return _ID_WORD.sub(label, text)


#: "our X", "that X": a possessive or demonstrative before a shape's name is its "the"
_DETERMINER = re.compile(r"\b(?P<d>our|my|your|that|this)\s+(?=(?P<w>[A-Za-z0-9]+))", re.I)
#: what stands before "that"/"this" when it points at a name (a preposition, a conjunction);
#: after other words it may open a clause ("so that X can", "the one that X calls")
_POINTS_AFTER = frozenset(
    re.findall(
        r"\w+",
        "to from into in inside of between and with for out on behind via through onto under "
        "within off at by around near beside past than or against about like",
    )
)


#: verbs whose "that" opens a clause, and auxiliaries
_CLAUSE_VERBS = frozenset(
    re.findall(
        r"\w+",
        "be have do say think know mean believe guess ensure check note see feel hope make "
        "can could will would shall should may might must tell show read write so",
    )
)


def _verb_before(word: str) -> bool:
    """`word` is a verb that takes an object ("moved", "want"), not one that takes a clause
    ("said that X is") or an auxiliary."""
    verbs = set(getAllLemmas(word).get("VERB", ()))
    return bool(verbs) and not verbs & _CLAUSE_VERBS


def _determiners(st: State, text: str) -> str:
    """ "fold our tokenizer into that auth svc": the shape named after "our", "my", "your",
    or after "that"/"this" where it points (after a preposition, or as the verb's object), is
    written with "the", the determiner every reader knows."""
    words = {
        w
        for s in st.diagram.shapes
        for w in re.findall(r"[a-z0-9]+", f"{s.label} {s.id.replace('_', ' ')}".lower())
    }

    def put(m: re.Match[str]) -> str:
        det, word = m.group("d"), m.group("w").lower()
        if word not in words or word in ("own", "one", "side", "team"):
            return m.group(0)
        if det.lower() in ("that", "this"):
            head = text[: m.start()].lower()
            before = re.findall(r"[\w']+", head)
            listed = bool(re.search(r"[,(:—–]\s*$", head))  # "A, that B and C"
            # "rip out that X", "we moved that X": the object of a verb (not "is that X")
            first_verb = len(before) == 1 or (bool(before) and _verb_before(before[-1]))
            if before and not (first_verb or listed) and before[-1] not in _POINTS_AFTER:
                return m.group(0)
        return "The " if det[0].isupper() else "the "

    return _DETERMINER.sub(put, text)


#: "the two", "these two", "both of them", "the pair" standing alone (no noun after them):
#: a plural pronoun ("merge the two into one X": the two just named)
_THE_TWO = re.compile(
    r"\b(?:(?:the|these|those)\s+(?:two|2|pair)|both\s+of\s+(?:them|these|those)|"
    r"(?:the|these|those)\s+(?:two|2)\s+of\s+them)\b"
    r"(?=\s*(?:$|[,.;:!?]|(?:into|to|in|inside|together|as|and|with|under|behind|from|so|"
    r"please|pls|too|as well)\b))",
    re.I,
)


#: the verbs a polite request leaves as gerunds ("would you mind putting ..."): read as verbs
_GERUND_VERBS = frozenset(
    [
        "put",
        "move",
        "place",
        "take",
        "pull",
        "connect",
        "link",
        "group",
        "merge",
        "split",
        "rename",
        "relabel",
        "label",
        "make",
    ]
)
_OP_GERUND = re.compile(r"(?P<lead>^\s*(?:and\s+|then\s+|also\s+)*)(?P<g>[a-z]+ing)\b", re.I)


def _gerund_as_verb(m: re.Match[str]) -> str:
    lemmas = getAllLemmas(m.group("g").lower()).get("VERB", ())
    verb = next((v for v in lemmas if v in _GERUND_VERBS), None)
    return f"{m.group('lead')}{verb}" if verb else m.group(0)


#: "no direct DB access from X", "no direct access from X to the DB": a rule against a link
_NO_DIRECT = re.compile(
    r"^no\s+(?:more\s+)?direct\s+(?:(?P<x>[\w\s.-]+?)\s+)?(?:access|calls?|connections?|"
    r"reads?|writes?|queries|traffic)\s+from\s+(?P<y>[\w\s.-]+?)(?:\s+to\s+(?P<z>[\w\s.-]+?))?$",
    re.I,
)


def _no_direct(m: re.Match[str]) -> str:
    target = m.group("x") or m.group("z")
    if not target:
        return m.group(0)
    return f"{m.group('y')} must not access {target} directly"


#: "put X there", "move them over there": the place the clause before named or made
_THERE = re.compile(
    r"\b(?P<v>put|puts|putting|move|moving|place|placing|stick|drop|relocate)\s+"
    r"(?P<x>(?!an?\s)[^,;.]{1,60}?)\s+(?:over\s+|in\s+)?there\b(?!\s+(?:is|are|should|must))",
    re.I,
)


#: "add reviewer (person)", "create audit-log (queue)": a new part and its kind in brackets
_BRACKET_KIND = re.compile(
    r"\b(?P<verb>add|create|introduce|include|insert|draw)\s+(?:(?:an?|one|new)\s+)*"
    r"(?P<name>[\w][\w .'-]{0,40}?)\s*\(\s*(?:an?\s+)?(?P<kind>[a-z][a-z ]{1,20}?)\s*\)",
    re.I,
)


def _bracket_kind(kb: KnowledgeBase, text: str) -> tuple[str, list[str]]:
    """ "add reviewer (person), uses X": the kind in brackets is what the new part is ("add a
    person called reviewer"), not a mention of the people already drawn; a kind that is a
    D2 shape ("person", "queue") is its shape too (the clause to draw it so, after)."""
    shaped: list[str] = []

    def said(m: re.Match[str]) -> str:
        word = m.group("kind").lower()
        kind = kb.kind_for(word)
        if kind is None and word in SHAPES:
            # "add an sms provider (cloud) that ...": the bracket says how it is drawn only
            shaped.append(f"make the {m.group('name')} a {word}")
            return m.group(0)[: m.end("name") - m.start()]
        if kind is None or not kind.generic or word in kind.labels:
            return m.group(0)  # "a payment provider (Stripe)": a product names the new part
        if word in SHAPES:
            shaped.append(f"make the {m.group('name')} a {word}")
        return f"{m.group('verb')} a {m.group('kind')} called {m.group('name')}"

    return _BRACKET_KIND.sub(said, text), shaped


#: "saves them in own database" (an article left out): "own" after a preposition or a verb
#: "he"/"she" opening a clause or a coordinated predicate: the person last named
_PERSONAL = re.compile(r"(?P<lead>^\s*|\b(?:and|then|so|but|where)\s+|[,;]\s*)(?:he|she)\b", re.I)
#: looking at a screen is using it ("he look at a dashboard which reads X")
_LOOK_AT = re.compile(
    r"\b(looks?|looked|looking|views?|viewed|viewing)\s+(?:at\s+)?(?=(?:an?|the)\s)", re.I
)
_USE_FORM = {
    "look": "use ",
    "looks": "uses ",
    "looked": "used ",
    "looking": "using ",
    "view": "use ",
    "views": "uses ",
    "viewed": "used ",
    "viewing": "using ",
}
_BARE_OWN = re.compile(
    r"\b(?P<w>in|into|to|on|with|from|has|have|had|gets?|needs?|uses?|keeps?|wants?)\s+"
    r"own\s+(?=[a-z])",
    re.I,
)


def _names(st: State, words: str) -> bool:
    """`words` name a drawn shape, all of them one mention ("the vet", "Clinic Vet")."""
    tokens, mentions = scan(st.kb, st.diagram, st.d2, words)
    return (
        any(
            m.shapes
            and not m.pronoun
            and m.end - m.start >= len(tokens) - (tokens[0].group(0) == "the")
            for m in mentions
        )
        if tokens
        else False
    )


def apply_edits(kb: KnowledgeBase, d2: str, query: str) -> tuple[str, list[str]]:
    """Apply every command of `query` to `d2`; raises Clarify or D2Error."""
    st = State(kb, d2)
    run = Run(st)
    done: list[str] = []
    unread: list[str] = []
    unread_said: list[str] = []  # the same, with the user's quoted names put back
    read = clauses(role_told(query))
    if read:
        # "split it to A and B": the parts, as after "into"
        read = [Clause(split_to(t), read[0].quotes) for t in named_again([c.text for c in read])]
    parts = _duties_joined(_news_joined(kb, st, read))
    run.exact = _spelt_out(kb, st, parts)
    fact: tuple[str, str] | None = None
    linked_before = {(c.src, c.dst) for c in st.diagram.connections}
    shapes_before = {s.id for s in st.diagram.shapes}
    crossed = False
    unsure: list[Mention] = []  # what a remark named that could mean several shapes
    read_ahead = 0  # clauses a detour already read as its middle
    person: str | None = None  # the words of the person the request named last
    for n, clause in enumerate(parts):
        if read_ahead:
            read_ahead -= 1
            continue
        bracketed, shaped = _bracket_kind(kb, clause.text)
        added = run.context[-1] if run.context else None
        bracketed, drawn_as = as_shape(
            bracketed,
            just_added=added.label if added is not None and added.id == st.last_added else None,
        )
        shaped += drawn_as
        parts[n + 1 : n + 1] = [Clause(c, clause.quotes) for c in shaped]
        text = _determiners(st, _ids_as_labels(st, bracketed))
        text = _BARE_OWN.sub(lambda m: f"{m.group('w')} its own ", _THE_TWO.sub("them", text))
        # "would you mind taking X out of A and putting it with B": the verbs of the request
        text = _OP_GERUND.sub(_gerund_as_verb, text)
        # "no direct DB access from X": X must not reach the DB directly
        text = _NO_DIRECT.sub(_no_direct, text)
        # "make a group Venue and put the scanner there": "there" is the place just named
        text = _THERE.sub(r"\g<v> \g<x> in it", text)
        if n:
            prior = scan(kb, st.diagram, st.d2, parts[n - 1].text, [], parts[n - 1].quotes)[1]
            person = person_named(prior) or person
        # "remove his link to X": the person the request named last; "X's link to Y": a link
        text = possessed_link(personal(text, person), lambda x: _names(st, x))
        if run.context:
            # "add the Night Clerk. She checks a dashboard": the person just named is "it"
            text = _PERSONAL.sub(lambda m: f"{m.group('lead')}it", text)
        # "she looks at a dashboard": a reader uses what it looks at
        text = _LOOK_AT.sub(lambda m: _USE_FORM[m.group(1).lower()], text)
        if _motive(clause.text, parts[n + 1 :]) or box_again(text, done):
            continue
        said_here = Clause(text, clause.quotes)
        pairs_now = drawn_pairs(run)
        labelled = label_told(run, said_here)
        routed = (
            (labelled, 0)
            if labelled
            else detour(run, said_here, parts[n + 1 :])
            or rename_said(run, said_here, parts[n + 1 :])
        )
        if routed:
            # "A must not call B directly, it should go through C": the link and its new way
            # (a path the request laid out itself, no other link's detour afterwards);
            # "a -> b: text": a link's label; "change name of X into Y"
            done.append(routed[0])
            read_ahead = routed[1]
            linked_before |= drawn_pairs(run) - pairs_now
            continue
        text = worker_between(run, text) or text
        ruled = crossing(run, text)
        if ruled or (crossed and restates(text)):
            # "all traffic between A and B must go over a VPN": each link across labelled;
            # "show this on every connection crossing it" after it says the same again
            done.extend([ruled] if ruled else [])
            crossed = crossed or bool(ruled)
            continue
        tail = implied = elided = resorted = False
        first = n == 0 and not run.context
        while text:
            tokens, mentions = scan(kb, st.diagram, st.d2, text, run.context, clause.quotes)
            pronoun = _unbound(text, mentions) if first else None
            if pronoun:
                # nothing before "that" says what it is: guessing would edit the wrong box
                raise Clarify(f"Which component do you mean by “{pronoun}”? Please name it.")
            first = False
            ab = abstract(text, tokens, mentions, clause.quotes)
            ab.every = st.diagram.shapes
            links = tail_links(ab, run.context[-1].id) if tail and run.context else []
            if tail and run.context:
                # the tail read again as stated links: what the tail reader missed
                made = run.context[-1]
                links = tail_more(ab, End([Mention(0, 0, made.label, [made])]), links)
            again = accordingly(ab, fact) if fact and not implied else None
            if again:
                # "X is Redis w/ GEOSEARCH, label it accordingly": the remark's product on X
                implied, text = True, again
                continue
            ops, more = (links, "") if links else first_predicate(ab)
            if not ops and not elided and _subject_left_out(st, run, text, mentions):
                # "add X, it reads Y and also sends Z": the verb's subject is the new one
                elided = True
                text = f"it {text}"
                continue
            if not ops and unread and (told := _parts_told_before(text, unread[-1])):
                text = told  # "X is really two things: A and B. can you split it?"
                continue
            if any(
                op.kind == "connect"
                and op.rest == "context"
                and (
                    not run.context
                    or (op.b and all(m.pronoun for m in op.b) and not _LINKING.search(text))
                )
                for op in ops
            ):
                # "lookups to X are slow": a remark, nothing said what links to X; "the
                # auditors asked for it": "it" is what was just touched, no second end
                ops = []
            if _NOT_ADDING.search(text):
                ops = [op for op in ops if op.kind != "add"]  # "X doesn't add much": a remark
            _targetless(ops, mentions, unsure)
            _keep_contents(ops, parts[n + 1 :])
            run.follow = ""
            if links:
                done.append(stated_links(run, links))
                break
            if not ops and not implied:
                implied = True
                reading = _implied(kb, st, run, ab, text, clause.quotes, fact)
                if reading:
                    # "X: hexagon, orange": the first clause now, the others next
                    text = reading[0]
                    parts[n + 1 : n + 1] = [Clause(r, clause.quotes) for r in reading[1:]]
                    continue
            if not ops:
                said = _grammar_or_none(st, text, clause.quotes)
                resort = None if said or resorted else _resort(kb, st, run, ab, clause.quotes)
                resorted = True
                if resort:
                    # "I would like the link between A and B removed": the operation word
                    # said anywhere, read as the plain request (:mod:`last_resort`)
                    text = resort[0]
                    parts[n + 1 : n + 1] = [Clause(r, clause.quotes) for r in resort[1:]]
                    continue
                seen = [s for m in mentions if not m.ambiguous for s in m.shapes]
                if said is None:
                    unread.append(text)
                    unread_said.append(_quoted(text, clause.quotes))
                    fact = fact_of(ab) or fact  # "X is twilio": an argument for what follows
                    unsure = _unsure(run, mentions, [t.group(0).lower() for t in tokens])
                    # "it" next: the subject of the remark (its first shape); after an add
                    # whose own tail reads nothing ("add X that gets the Y too. connect Z to
                    # it"), still the new one
                    run.context = run.context if tail else seen[::-1] or run.context
                    # "that link" next: the one link the remark names by its two ends
                    run.edge = _link_told(st, seen) or run.edge
                else:
                    done.append(said)
                    # "mark X as external, and slap a Y on it": "it" is what the grammar's
                    # clause named (the shapes still there after it)
                    kept = [t for t in (st.diagram.shape(s.id) for s in seen) if t is not None]
                    run.context = kept[:1] or run.context
                break
            run.touched, run.named, run.edge = [], run.edge, None
            unsure = []
            before = st.d2
            fresh = [s for s in st.diagram.shapes if s.id not in shapes_before]
            # "... its own database, please add one Escrow DB for it": the one just made
            ops = [op for op in ops if op.kind != "add" or not made_again(op.new, fresh)]
            for op in ops:
                said = execute(run, op)
                if said:
                    done.append(said)
            # "W talks to b only" after a split: W's links to the other new parts go
            done.extend(only_told(st, text, ops, shapes_before))
            if st.d2 == before and run.edge is None:
                # a clause that changed nothing ("they need read access to X", the link
                # being there) does not change what "it" means next
                run.edge = run.named
            run.context = topic_last(
                [s for s in (st.diagram.shape(t.id) for t in run.touched) if s] or run.context,
                mentions,
            )
            tail = bool(run.follow) and any(op.kind in ("add", "reroute") for op in ops)
            text = run.follow or more
    if done:
        # the whole-request cues are read with their typos put right, as the clauses were
        whole = normalise(respelt_request(query))
        done.extend(bypass_direct(st, linked_before, whole))
        done.extend(stand_in(st, linked_before, shapes_before, whole))
    if not done:
        sentence = unread_said[0] if unread_said else query
        raise Clarify(f"I didn't understand “{sentence}” as a change to the diagram. {HELP}")
    return ensure_classes(st.d2, st.diagram), done


def update(request: GenerationRequest) -> GenerationResult:
    """Apply the request's edit commands to the session's diagram (the architect creates one
    instead when there is none)."""
    current = request.session.current_d2 or ""
    try:
        d2, done = apply_edits(knowledge_base(), current, request.query)
    except Clarify as question:
        return GenerationResult(
            kind=GenerationKind.ANSWER,
            message=str(question),
            generator="architect",
            notes=["clarify"],
        )
    except D2Error as err:
        return GenerationResult(
            kind=GenerationKind.ANSWER,
            generator="architect",
            notes=["edit_failed"],
            message=f"I couldn't apply that change: {err.issues[0].message}. "
            "Could you rephrase it or name the component differently?",
        )
    summary = "; ".join(done)
    message = (
        f"Updated the diagram: {summary[0].upper() + summary[1:]}."
        if summary
        else "Nothing to change."
    )
    return GenerationResult(
        kind=GenerationKind.DIAGRAM, message=message, d2=d2, generator="architect"
    )
