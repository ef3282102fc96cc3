"""Set a property, as one reader: the property words of a clause and what they are said of,
wherever either stands.

People give a property in many shapes: "bump A + B to 3 replicas each", "HPA on every
service in the cluster, min 2 replicas", "the orders DB should be a 3-node HA cluster",
"CMEK on orders PG + TLS on the order-svc -> PG hop", "make the telemetry store an InfluxDB
TSDB", "the Content DB is a Postgres", "can all three clients be HTTPS only", "DLQ it". The
reader finds the property spans first (:func:`spans`), in four families:

- ``count`` — replicas, instances, nodes, shards ("3 replicas", "a 3-node cluster", "x3");
- ``tech`` — the product or technology a shape is ("a Kafka topic", "an InfluxDB TSDB"),
  only after a verb or copula that says what the shape is or is shown as;
- ``quality`` — encryption (CMEK, KMS, at rest), immutability (WORM), availability (HA,
  multi-AZ), autoscaling (HPA), dead-lettering (DLQ), backups and retention;
- ``transport`` — TLS, mTLS, HTTPS, SSL, VPN, IPsec: a property of links; said of shapes
  ("can all three clients be HTTPS only"), it goes on their links and is noted on them.

The clause is then cut into pieces at "and" / "+" / "," where each side has a property of its
own ("CMEK on X and TLS on the Y -> X hop"), and each piece's targets are read: a link named
by its two ends (every pair of the piece: "the hub -> bus one and the router -> clips one"),
the links of shapes ("their arrows", "X's links", or a transport property said of shapes:
"can all three clients be HTTPS only" means their links), otherwise the shapes the piece
mentions (collectives included), "it"/"them" being what the previous clause touched.

How each family is drawn is decided in :mod:`edit_props`. The reader stands back where the
clause asks for another operation (add a component, remove, rename, replace, connect ...), so
"add a KMS next to X" stays an add. Pure functions.
"""

from __future__ import annotations

import re

from services.dsl.d2.model import Shape
from services.dsl.generation.attributes import (
    AFTER_SETTER,
    ATTRIBUTE,
    BARE_HEAD,
    GAPPED_OBJECT,
    SETTER,
    is_attribute,
    regular,
    sets_attribute,
    thing_after,
)
from services.dsl.generation.kb import knowledge_base
from services.dsl.generation.mentions import Mention
from services.dsl.generation.ops import LIST, PAIR, SHAPES, Abstract, Op
from services.dsl.generation.ops_labels import DRAWN_AS, LINK_WORDS
from services.dsl.generation.ops_style import COLOURS

_NUM = (
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a\s+couple\s+of|"
    r"a\s+pair\s+of)"
)
_UNIT = (
    r"(?:replicas?|instances?|nodes?|pods?|copies|copy|shards?|brokers?|members?|servers?|"
    r"vms?|containers?|tasks?|workers?|azs?|zones?|regions?)"
)
#: a count of copies: "3 replicas", "min 2 replicas", "a 3-node", "x3", "3x"
COUNT = re.compile(
    r"\b(?P<q>(?:min(?:imum)?|at\s+least|max(?:imum)?|up\s+to|exactly)\s+(?:of\s+)?)?"
    r"(?<!@)(?P<n>" + _NUM + r")\s*(?:-\s*|\s+)?"
    # "3 async read replicas", "two more hot standby nodes": kinds of copy before the unit
    r"(?:(?:a?sync(?:hronous)?|read|hot|warm|standby|extra|more|additional|active|passive|"
    r"follower|reader)[\s-]+){0,2}(?P<u>" + _UNIT + r")\b|"
    r"(?<![\w-])(?:x\s?(?P<x1>\d+)|(?P<x2>\d+)\s?x)(?![\w-])"
)
_WORD_NUM = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "twelve": "12",
    "a couple of": "2",
    "a pair of": "2",
}
#: a span of time ("90 days", "7d", "1 year")
#: a count in digits or spelt out ("7-year", "seven-year")
_COUNT = (
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|sixty|ninety)"
)
_SPAN = r"(?:days?|d|weeks?|months?|years?|yrs?|y|hours?|h|min(?:ute)?s?|secs?|seconds?)\b"
#: a standby copy: "a sync standby", "warm standby", "standby replica"
_STANDBY = (
    r"(?:(?:a?sync(?:hronous)?|hot|warm|cold|streaming)[\s-]+)?standby(?:\s+replicas?)?|"
    r"(?:a?sync(?:hronous)?|streaming)\s+replication"
)
#: copies kept in another region: "replicated in a second region", "cross-region replication",
#: "geo-replicated", "replicate it to eu-west-1"
_REPLICATED = (
    r"(?:geo|cross[\s-]region|multi[\s-]region)[\s-]?replicat\w*|"
    r"replicat\w*\s+(?:to|in|into|across|over)\s+(?:an?\s+|the\s+)?"
    r"(?:(?:second|secondary|another|other|2nd|dr|backup|two|three|2|3|separate|different|"
    r"multiple|several)\s+(?:regions?|(?:availability\s+)?zones?|azs?|data\s*cent(?:er|re)s?)|"
    r"[a-z]{2}-[a-z]+-\d)"
)
#: moved to a colder tier after a time: "lifecycle to cold storage after 90 days",
#: "transition to Glacier after 30d", "archive to cold storage after a year"
_COLD = (
    r"(?:cold(?:er)?\s+(?:storage|tier|@\d+)|glacier(?:\s+deep\s+archive)?|archive\s+tier|"
    r"deep\s+archive|infrequent\s+access|ia\s+tier|coldline|nearline)"
)
_LIFECYCLE = (
    r"lifecycle(?:\s+(?:rules?|polic(?:y|ies)))?(?:\s+(?:to|into)\s+" + _COLD + r")?"
    r"(?:\s+after\s+(?:\d+|a|one)\s*" + _SPAN + r")?|"
    r"(?:transition\w*|tier\w*|archiv\w*|mov\w+|aged?\s+out)\s+(?:off\s+)?(?:to|into)\s+"
    + _COLD
    + r"(?:\s+after\s+(?:\d+|a|one)\s*"
    + _SPAN
    + r")?|"
    + _COLD
    + r"\s+after\s+(?:\d+|a|one)\s*"
    + _SPAN
)
#: guards at the edge said of a shape: "WAF-protected", "rate limited to 100 rps", "throttled"
_EDGE_GUARD = (
    r"waf[\s-](?:protected|rules?|enabled)|"
    r"rate[\s-]limit(?:s|ed|ing)?(?:\s+(?:to|at|of)\s+\d+\s*(?:k\s*)?(?:req(?:uest)?s?|rps|"
    r"rpm|calls?|qps)?(?:\s*(?:/|per|a|an)\s*(?:s|sec|second|min|minute|hour|ip|user|client))?)?|"
    r"throttl(?:ed|ing)"
)
#: qualities of a shape, drawn as its note (the user's own words are kept)
QUALITY = re.compile(
    # an attribute with its value ("35d backup retention", "retention period of 90 days")
    r"\b(?:" + ATTRIBUTE.pattern[2:] + r"|"
    r"(?:envelope\s+|server[\s-]side\s+|client[\s-]side\s+|full[\s-]disk\s+)?"
    r"encrypt(?:ed|ion|s)?(?:\s+at\s+rest)?(?:\s+(?:with|using|via|by)\s+(?:an?\s+|the\s+)?"
    r"(?:kms|cmek|cmk|hsm|byok|customer[\s-]managed\s+keys?|own\s+keys?|aes-?\d*)\b)?|"
    r"(?:kms|cmek|cmk|byok|sse(?:-kms|-s3|-c)?|aes-?\d+)(?:[\s-]encrypt(?:ed|ion))?"
    r"(?:\s+at\s+rest)?|"
    r"tde|transparent\s+data\s+encryption|"
    r"customer[\s-]managed\s+keys?|at\s+rest|worm|write[\s-]once(?:[\s-]read[\s-]many)?|"
    r"immutable|immutability|object\s+lock|"
    r"ha|highly[\s-]available|high[\s-]availability|multi[\s-](?:az|region)|active[\s-]"
    r"(?:active|passive)|fail[\s-]?over|"
    + _STANDBY
    + r"|"
    + _REPLICATED
    + r"|"
    + _LIFECYCLE
    + r"|"
    + _EDGE_GUARD
    + r"|"
    r"hpa|auto[\s-]?scal\w*|horizontal\s+pod\s+autoscal\w*|"
    r"dlq|dead[\s-]letter(?:\s+queue)?|"
    r"(?:daily\s+|nightly\s+|hourly\s+)?backups?|pitr|point[\s-]in[\s-]time\s+recovery|"
    + _COUNT
    + r"[\s-]?(?:day|days|d|month|months|year|years)\s+retention|"
    r"(?:retention|ttl)(?:\s+(?:of|for|=|:)?\s*\d+\s*"
    + _SPAN
    + r")?|"
    # "a 5 min TTL", "30-day retention": the span before the word
    + _COUNT
    + r"[\s-]?"
    + _SPAN
    + r"\s+(?:ttl|retention|expiry)|"
    # "public-read off", "no public access", "block public access": an object store's reads
    r"public[\s-]?(?:read|access|acls?)\s+(?:off|disabled|blocked|removed|on|enabled)|"
    r"(?:no|block(?:ed)?|disable[ds]?)\s+public[\s-]?(?:read|access|acls?)|"
    r"(?:retain(?:ed|s)?|kept|keeps?|holds?|stores?)\s+(?:(?:data|it|them|everything|"
    r"records|logs|files|objects|messages|events)\s+|(?:(?:raw|all|the|its|their)\s+)?"
    r"(?:[a-z]+|@\d+)\s+)?(?:for\s+)?\d+\s*" + _SPAN + r"|"
    r"(?:daily|nightly|hourly|weekly)\s+(?:snapshots?|backed\s+up)|backed\s+up(?:\s+(?:daily|"
    r"nightly|hourly|weekly))?|snapshots?\s+(?:daily|nightly|hourly|every\s+\d+\s*\w+)|"
    r"versioning|"
    r"fifo|exactly[\s-]once|idempotent|read[\s-]only|"
    # attributes with no value that never name a box of their own
     + BARE_HEAD + r")\b",
)
#: properties of a link: drawn on its label
TRANSPORT = re.compile(
    r"\b(?:(?:m?tls(?:\s*v?1\.[0-3])?(?:[\s-]encrypted)?|ssl|https|ipsec|vpn|sasl(?:[\s_/-]\w+)?|"
    r"wireguard|ssh)(?:\s+only)?|encrypted\s+in\s+transit|in[\s-]transit\s+encryption|"
    r"(?:encrypted|encryption)\s+(?:on|over)\s+the\s+wire|cert(?:ificate)?\s+pinning)\b"
)
#: a verb or copula that says what a shape is or is shown as, with the words after it
_IS = re.compile(
    r"(?:\bmake\s+(?P<x>(?:the\s+)?(?:@\d+|it|them)(?:\s*(?:,|and|&)"
    r"\s*(?:the\s+)?@\d+)*)\s+(?=an?\s)|"
    r"\b(?:show|draw|render|depict|display|mark|label|model)\s+(?P<y>(?:the\s+)?(?:@\d+|it|"
    r"them))\s+(?:like|as)\s+|"
    r"(?P<z>@\d+)\s+(?:is|are|should\s+be|must\s+be|will\s+be)\s+"
    r"(?:(?:actually|really|in\s+fact)\s+(?:just\s+)?(?!an?\s)(?=[^@,;:()]*?(?:$|[,;:]))|"
    r"(?:actually\s+|really\s+|in\s+fact\s+|just\s+)*(?=an?\s))|"
    r"(?P<w>@\d+)\s+(?:runs?|is\s+running|is\s+built|is\s+hosted|is\s+backed)\s+"
    r"(?:on|with|atop)\s+)"
    r"(?P<art>an?\s+|the\s+)?(?P<t>(?:[^@,;:()]|@\d+)+?)"
    r"(?=\s*(?:$|[,;:(]|\s(?:and|but|so|because|since|please|pls|instead|now|too|as\s+well|"
    r"on\s+the\s+box|in\s+the\s+diagram)\b))"
)
#: words that are a shape or a look, never a technology
_NOT_TECH = (
    set(SHAPES)
    | set(DRAWN_AS)
    | set(COLOURS)
    | {
        "bigger",
        "smaller",
        "bold",
        "dashed",
        "dotted",
        "red",
        "cluster",
        "service",
        "component",
        "box",
        "node",
        "thing",
        "one",
        "part",
    }
)
#: "write this on the box", "put that on the label", "label their arrows that way": the
#: property said just before, drawn where the user points
ON_BOX = re.compile(
    r"(?:,\s*)?\b(?:write|put|note|show|add|mark|tag|label|display|jot|pencil|record)"
    r"(?:\s+down)?\s+(?:this|that|it|them|"
    r"so|these|those)?\s*(?:on|onto|in|into)\s+(?:the\s+|its\s+|their\s+)?(?:box(?:es)?|"
    r"labels?|shapes?|nodes?|diagram|it|them)\b"
)
_AGAIN = re.compile(
    r"^(?:just\s+|also\s+|and\s+)*(?:label|mark|tag|flag|note|write|draw|show)\s+"
    r"(?P<who>its|their|the|it|them|this|that)?\s*(?P<links>" + LINK_WORDS + r")?\s*"
    r"(?:that\s+way|so|like\s+that|the\s+same(?:\s+way)?|accordingly|as\s+such)$|"
    + ON_BOX.pattern.replace(r"(?:,\s*)?", "^", 1)
    + r"$"
)
#: other operations: the property reader stands back for them
_OTHER = re.compile(
    r"\b(?:add|create|remove|rename|replace|swap|migrate|merge|split|group|ungroup|connect|"
    r"disconnect|move|moved|insert|between|instead(?:\s+of)?|rather\s+than|behind|in\s+front\s+of|"
    r"place|placed|put|inside|into|called|named|replaced|provided\s+by|come|comes|goes|go)\b"
)
#: a mark verb: "tag X as PII + encrypted" is a requirement read whole (by ops_labels)
_MARK = re.compile(r"\b(?:mark|tag|flag|label|classify|treat|note)\w*\b")
#: an indefinite phrase: a property in it describes a new thing ("a read-only web tier")
_INDEFINITE = re.compile(r"\b(?:an?|one|some|new)\s+(?:[\w-]+\s+){0,2}$")
_COPULA = re.compile(
    # "have a 30-day retention", "subject to a 90-day retention period": said of the shape
    r"\b(?:be|is|are|make|made|into|as|like|with|have|has|get|gets|subject\s+to|under|"
    r"keep|keeps|enforce|enforces|apply|applies|"
    # "give it a 5 min TTL": a property given to the shape named
    r"(?:give|gives|giving)\s+(?:it|them|(?:the\s+)?@\d+))\s+(?:an?|one)\s+(?:[\w-]+\s+){0,2}$"
)
#: "give it a DLQ next to it": a place after the property makes it a part drawn there
_PLACED_AFTER = re.compile(
    r"\s+(?:next\s+to|beside|behind|in\s+front\s+of|alongside|between|connected\s+to)\b"
)
#: a property that is added, not a component: "add TLS to X", "add KMS encryption on Y"
_ADD_PROP = re.compile(r"\badd\s+(?!an?\s|one\s|new\s|another\s)")


def _count(m: re.Match[str]) -> str:
    """ "min 2 replicas", "a 3-node" -> "3 nodes", "x3" -> "3 replicas"."""
    n = m.group("n") or m.group("x1") or m.group("x2") or ""
    n = _WORD_NUM.get(re.sub(r"\s+", " ", n.lower()), n)
    unit = (m.group("u") or "replica").lower()
    unit = {"copy": "copies", "azs": "AZs", "az": "AZ"}.get(unit, unit)
    if n != "1" and not unit.endswith("s"):
        unit += "s"
    if n == "1":
        unit = re.sub(r"(?<!s)s$", "", unit)
    q = re.sub(r"\s+", " ", (m.group("q") or "").strip())
    q = {"minimum": "min", "maximum": "max", "at least": "min"}.get(q, q)
    return f"{q} {n} {unit}".strip()


def _said(ab: Abstract, start: int, end: int) -> str:
    """The words of ab.text[start:end] as the user wrote them (case kept)."""
    return ab.words(ab.text[start:end]).strip(" ,.;")


def is_tech(phrase: str) -> bool:
    """A product or technology name: a product of the knowledge base, or a word written
    with a capital (a name: "Mosquitto", "TSDB"), and not a word of shapes or looks."""
    words = re.findall(r"[A-Za-z][\w.+-]*", phrase)
    if not words or (len(words) == 1 and words[0].lower() in _NOT_TECH):
        return False
    matches = knowledge_base().find(phrase.lower())
    if any(not m.kind.generic or m.phrase in m.kind.labels for m in matches):
        return True
    return any(w[0].isupper() and w.lower() not in _NOT_TECH for w in words)


def cased(phrase: str) -> str:
    """A technology written all in lower case ("kafka topic", after a clause was read again)
    in the knowledge base's spelling ("Kafka topic"); a phrase with capitals is as written."""
    if phrase != phrase.lower():
        return phrase
    for m in sorted(knowledge_base().find(phrase), key=lambda m: -m.start):
        name = m.kind.labels.get(m.phrase) or (m.kind.label if not m.kind.generic else m.phrase)
        phrase = phrase[: m.start] + name + phrase[m.end :]
    return phrase


def spans(ab: Abstract) -> list[tuple[int, int, str, str]]:
    """(start, end, family, value) of every property of the clause, in order."""
    t = ab.text
    out: list[tuple[int, int, str, str]] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for m in _IS.finditer(t):
        phrase = m.group("t")
        s0 = m.start("t")
        if any(ab.m(r).tier > 1 or ab.m(r).pronoun for r in re.findall(r"@\d+", phrase)):
            continue  # "X is the Y": a shape of the diagram, not a technology
        # the counts and qualities of the phrase are read as such; the rest is a technology
        inner = [(c.start(), c.end()) for c in COUNT.finditer(phrase)]
        inner += [(c.start(), c.end()) for c in QUALITY.finditer(phrase)]
        inner += [(c.start(), c.end()) for c in TRANSPORT.finditer(phrase)]
        rest = phrase
        for a, b in sorted(inner, reverse=True):
            rest = rest[:a] + " " * (b - a) + rest[b:]
        rest_words = rest.strip()
        if not rest_words:
            continue
        lead = len(rest) - len(rest.lstrip())
        said = _said(ab, s0 + lead, s0 + lead + len(rest_words))
        said = re.sub(r"^(?:an?|the)\s+", "", said)
        said = re.sub(r"[\s-]+(?:cluster|setup|deployment|thing|one|box)$", "", said, flags=re.I)
        if said and is_tech(said):
            out.append((s0 + lead, s0 + lead + len(rest_words), "tech", cased(said)))
            taken.append((s0 + lead, s0 + lead + len(rest_words)))
    for m in COUNT.finditer(t):
        if free(m.start(), m.end()):
            value = _count(m)
            if value.startswith("up to ") and _RAISED.search(t[: m.start()]):
                value = value[len("up to ") :]  # "bump X up to 6 replicas": 6, not at most 6
            out.append((m.start(), m.end(), "count", value))
            taken.append((m.start(), m.end()))
    for m in TRANSPORT.finditer(t):
        if free(m.start(), m.end()):
            out.append((m.start(), m.end(), "transport", _said(ab, m.start(), m.end())))
            taken.append((m.start(), m.end()))
    for m in QUALITY.finditer(t):
        if free(m.start(), m.end()):
            out.append((m.start(), m.end(), "quality", _said(ab, m.start(), m.end())))
            taken.append((m.start(), m.end()))
    return sorted(
        f
        for f in out
        if f[2] == "tech"
        or not _INDEFINITE.search(t[: f[0]])
        or (
            (
                _COPULA.search(t[: f[0]])
                or (AFTER_SETTER.search(t[: f[0]]) and is_attribute(t[f[0] : f[1]]))
                or GAPPED_OBJECT.search(t[: f[0]])
            )
            and not _PLACED_AFTER.match(t[f[1] :])
        )
    )


#: a verb of change before "up to N": the new count, not a ceiling
_RAISED = re.compile(r"\b(?:bump|scal|increas|rais|grow|turn|set|go|crank)\w*\b(?:\s+\S+){0,4}\s*$")
_CUT = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+(?:and|whereas|while)\s+|\s*\+\s*|;\s*)")


def _pieces(text: str, found: list[tuple[int, int, str, str]]) -> list[tuple[int, int]]:
    """The clause cut where both sides have a property of their own and a target."""
    cuts = [(m.start(), m.end()) for m in _CUT.finditer(text)]
    # a shape named inside a property ("cold storage") is no target of its side
    for f in found:
        if f[2] == "quality":
            text = text[: f[0]] + text[f[0] : f[1]].replace("@", "#") + text[f[1] :]
    bounds = [0]
    for a, b in cuts:
        left = [f for f in found if bounds[-1] <= f[0] < a]
        right = [f for f in found if f[0] >= b]
        if not left or not right:
            continue
        nxt = next((c for c in cuts if c[0] > b), (len(text), len(text)))
        right_here = [f for f in right if f[0] < nxt[0]]
        # each side says what it is about: a shape or a pronoun on both
        if (
            right_here
            and "@" in text[bounds[-1] : a]
            # a shape in an aside is a reason, not a target ("7y retention (@3 rules)")
            and re.search(r"@|\bit\b|\bthem\b", re.sub(r"\([^()]*\)", "", text[b : nxt[0]]))
        ):
            bounds.extend([a, b])
    bounds.append(len(text))
    return [(bounds[k], bounds[k + 1]) for k in range(0, len(bounds), 2)]


def _refs(text: str) -> list[int]:
    return [int(r) for r in re.findall(r"@(\d+)", text)]


def _pairs(ab: Abstract, piece: str, loose: bool) -> list[tuple[Mention, Mention]]:
    """Every link the piece names by its two ends ("A's push to B" too, when `loose`: the
    piece has a property of links)."""
    out: list[tuple[Mention, Mention]] = []
    seen: set[tuple[int, int]] = set()
    for p in PAIR if loose else PAIR[:3]:
        for m in re.finditer(p, piece):
            key = (int(m.group(1)[1:]), int(m.group(2)[1:]))
            if key not in seen:
                seen.add(key)
                out.append((ab.m(m.group(1)), ab.m(m.group(2))))
    return out


def _is_prop(word: str) -> bool:
    return any(p.fullmatch(word) for p in (QUALITY, TRANSPORT, COUNT))


def _half_pair(ab: Abstract, piece: str) -> list[tuple[str, Mention]]:
    """ "the order-svc -> @1 hop": an end the mentions did not resolve, as written, and the
    end that did (the link is the one into @1 whose other end is named so)."""
    out = []
    for m in re.finditer(r"(?:^|\s)([a-z][\w.-]*)\s*->\s*(?:the\s+)?(@\d+)", piece):
        if not _is_prop(m.group(1)):
            out.append((m.group(1), ab.m(m.group(2))))
    for m in re.finditer(r"(@\d+)\s*->\s*(?:the\s+)?([a-z][\w.-]*)\b", piece):
        if (
            m.group(2) not in ("it", "them")
            and not _is_prop(m.group(2))
            and not re.fullmatch(SETTER + r"|turn|switch|make", m.group(2))
        ):
            out.append((m.group(2), ab.m(m.group(1))))
    return out


def _linked_pair(ab: Abstract, refs: list[int]) -> tuple[Mention, Mention] | None:
    """Two shapes of a piece linked to each other ("the camera clip uploads")."""
    ms = [ab.mentions[k] for k in refs if not ab.mentions[k].pronoun]
    if len(ms) != 2 or any(m.ambiguous or not m.shapes for m in ms):
        return None
    a, b = ms[0].shapes[0].id, ms[1].shapes[0].id
    if a == b:
        return None
    return ms[0], ms[1]


#: "everything that stores stuff", "all the data stores", "every stateful component": the
#: shapes that keep data, said as a collective
STORES = re.compile(
    r"\b(?:everything|anything|all|whatever|every\s+(?:thing|component|service|box|part)|"
    r"all\s+(?:the\s+)?(?:things|components|services|boxes|parts))\s+(?:that|which)\s+"
    r"(?:stores?|holds?|keeps?|persists?|saves?)\s*(?:stuff|data|anything|things|state|files|"
    r"records)?|"
    r"\b(?:all|every|each|any)\s+(?:of\s+)?(?:the\s+|our\s+)?(?:data\s*stores?|"
    r"storage(?:\s+(?:things|components|services|bits))?|stores|persistence(?:\s+layers?)?|"
    r"stateful\s+(?:things|components|services|stuff|bits|parts))\b"
)
_STORE_WORDS = re.compile(
    r"\b(?:db|dbs|database|store|storage|bucket|cache|redis|postgres\w*|mysql|dynamo\w*|s3|"
    r"blob|lake|warehouse|vault|bigquery|snowflake|elastic\w*|mongo\w*|cassandra|sql|"
    r"memcached?|archive|ledger)\b"
)


def stores(every: list[Shape]) -> list[Shape]:
    """The shapes of the diagram that keep data (drawn as stores, or named so)."""
    return [
        s
        for s in every
        if not s.children
        and (
            s.shape in ("cylinder", "stored_data")
            or {"database", "storage", "cache"} & set(s.classes)
            or _STORE_WORDS.search(s.label.lower())
        )
    ]


def _with_stores(ab: Abstract) -> Abstract:
    """The clause with "everything that stores stuff" as a mention of every store."""
    m = STORES.search(ab.text)
    found = stores(list(ab.every)) if m else []
    if m is None or not found:
        # "all the data stores" linked to the stores of one kind: every store is meant
        widened = [
            Mention(x.start, x.end, x.text, stores(list(ab.every)), True, x.count, False, x.tier)
            if x.collective and re.fullmatch(r"(?:data\s*)?stores|storage|datastores", x.text)
            else x
            for x in ab.mentions
        ]
        return Abstract(ab.text, widened, ab.quotes, ab.original, ab.spans, ab.every)
    said = Mention(0, 0, m.group(0), found, collective=True, tier=1)
    text = ab.text[: m.start()] + f"@{len(ab.mentions)}" + ab.text[m.end() :]
    return Abstract(text, [*ab.mentions, said], ab.quotes, ab.original, ab.spans, ab.every)


def _written(ab: Abstract, text: str) -> str:
    """`text` with its mentions written out as said ("@3" -> "service")."""
    return re.sub(r"@(\d+)", lambda g: ab.mentions[int(g.group(1))].text, text)


def props(ab: Abstract) -> list[Op] | None:
    """The property operations of a clause (None: it sets no property, or asks for more)."""
    ab = _with_stores(ab)
    t = regular(ON_BOX.sub("", ab.text).strip())
    found = spans(Abstract(t, ab.mentions, ab.quotes, ab.original, ab.spans, ab.every))
    if not found:
        return None
    other = _OTHER.search(t)
    if other and sets_attribute(t, other.start()):
        other = _OTHER.search(t, other.end())  # "put a 24h TTL on X": an attribute, not a part
    if other and not (other.group(0) == "add" and _ADD_PROP.match(t, other.start())):
        return None
    if (
        other
        and other.group(0) == "add"
        and not any(
            f[2] != "tech" and f[0] > other.start() and not thing_after(_written(ab, t[f[1] :]))
            for f in found
        )
    ):
        return None
    ops: list[Op] = []
    for a, b in _pieces(t, found):
        piece = t[a:b]
        here = [f for f in found if a <= f[0] < b]
        ops.extend(_piece_ops(ab, piece, here, a))
    mark = _MARK.search(t)
    if (
        mark
        and not sets_attribute(t, mark.start())
        and not re.match(r"note[sd]?\s+that\b", t[mark.start() :])
        and any(op.kind == "prop" for op in ops)
    ):
        return None  # "tag X as PII + encrypted": the requirement, read whole
    return ops or None


def _piece_ops(
    ab: Abstract, piece: str, here: list[tuple[int, int, str, str]], at: int
) -> list[Op]:
    link_props = [f for f in here if f[2] == "transport"]
    shape_props = [f for f in here if f[2] != "transport"]
    refs = _refs(piece)
    # a shape named inside a technology phrase is no target ("make X a Kafka topic")
    # nor one inside a quality ("lifecycle to cold storage" where "storage" named a store)
    in_tech = {
        k for f in here if f[2] in ("tech", "quality") for k in _refs(piece[f[0] - at : f[1] - at])
    }
    refs = [k for k in refs if k not in in_tech]
    ops: list[Op] = []
    pairs = _pairs(ab, piece, bool(link_props))
    halves = _half_pair(ab, piece) if not pairs else []
    # "their arrows", "the links of X", "mark the X uploads as encrypted": said of links
    of_links = bool(re.search(r"\b" + LINK_WORDS + r"\b|\b(?:traffic|uploads?|hops?)\b", piece))
    if of_links:
        link_props, shape_props = here, []
    if pairs or halves:
        value = ", ".join(f[3] for f in here)
        for x, y in pairs:
            ops.append(Op("link_prop", [x], [y], label=value, rel="pair"))
        for raw, y in halves:
            ops.append(Op("link_prop", [y], label=value, rel="half", new=raw))
        return ops
    if link_props:
        value = ", ".join(f[3] for f in link_props)
        linked = _linked_pair(ab, refs)
        if linked is not None and not any(ab.mentions[k].collective for k in refs):
            # their link when they are linked, else the links of each ("A and B be mTLS")
            ops.append(Op("link_prop", [linked[0]], [linked[1]], label=value, rel="linked"))
        else:
            targets = [ab.mentions[k] for k in refs if not ab.mentions[k].pronoun] or [
                ab.mentions[k] for k in refs
            ]
            ops.append(Op("link_prop", targets, label=value, rel="links" if targets else "ctx"))
            if targets and not of_links:
                # "memcache must be encrypted in transit": on its links, and noted on it
                ops.append(Op("prop", targets, label=value, rel="quality"))
    if shape_props:
        targets = [ab.mentions[k] for k in refs if not ab.mentions[k].pronoun] or [
            ab.mentions[k] for k in refs
        ]
        listed = [ab.many(g.group(0)) for g in re.finditer(LIST, piece)]
        if targets and listed and not any(m.collective for m in targets):
            # "encrypt X with keys from Y": the list the property is said of, the first
            longest = max(listed, key=len)
            targets = longest if len(longest) > 1 else targets[:1]
        for f in shape_props:
            ops.append(Op("prop", targets, label=f[3], rel=f[2]))
    return ops


def again(ab: Abstract) -> list[Op] | None:
    """ "write this on the box", "label their arrows that way": the property said before,
    drawn again on what the clause points at (its links when it names links)."""
    m = _AGAIN.search(ab.text)
    if m is None:
        return None
    links = bool(m.groupdict().get("links"))
    return [Op("prop_again", [x for x in ab.mentions if x.shapes], rel="links" if links else "")]
