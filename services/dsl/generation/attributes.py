"""Attributes are never components: the words that put a property on a shape, wherever they
stand and whatever verb (or none) carries them.

People set a property with any verb that sets — "put a 24h TTL on the party cache", "record a
retention period of 90 days on X", "apply a 30-day retention policy to Y", "give Z a 5 min
timeout", "add a 7y retention to the archive", "enable versioning", "runs with three replicas"
— or with none at all ("docs store: SSE-KMS + object lock, 7y retention"). What they set is an
attribute *head* (retention, TTL, expiry, timeout, quota, rate limit, versioning, object lock,
encryption, replicas ...) with a *value* before or after it ("30d retention", "retention
period of 90 days", "ttl=24h"). A noun phrase whose head is an attribute names no new box:
"add a 24h TTL to X" annotates X, while "add a retention worker", "add a backup service",
"add an encryption gateway", "add a rate limiter" or "add a KMS" add components (their head
is a thing, or the word names a thing people draw).

This module holds the lexicon and the structural readings the property reader
(:mod:`ops_props`) and the requirement reader (:mod:`ops_labels`) share:

- :data:`ATTRIBUTE` — an attribute head with its value, before or after it;
- :func:`sets_attribute` — a setting verb whose object is an attribute (not a component);
- :data:`AFTER_SETTER` — the text before an attribute ends in a setting verb and an article,
  so the indefinite "a 30d retention" is the shape's attribute, not a new thing;
- :func:`regular` — "A runs with three replicas and B with two": the gapped second half gets
  the unit (or the head) of the first; "set the TTL of X to 6h": the head and its value
  together, the shape after them;
- :func:`attribute_list_end` — how far a list of attributes runs after a first one ("PII,
  AES-256 at rest + 7y retention").

Pure functions over strings.
"""

from __future__ import annotations

import re

from lemminflect import getAllLemmas
from rapidfuzz import process
from rapidfuzz.distance import OSA

_NUM = (
    r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|sixty|ninety|a|an)"
)
#: a unit of time, of rate or of size
_UNIT = (
    r"(?:days?|d|weeks?|wks?|w|months?|mos?|years?|yrs?|y|hours?|hrs?|h|"
    r"min(?:ute)?s?|m|secs?|seconds?|s|ms|milliseconds?|"
    r"(?:k\s*)?(?:rps|rpm|qps|req(?:uest)?s?(?:\s*/\s*|\s+per\s+|\s+an?\s+)"
    r"(?:s|sec|second|min|minute|hour|ip|user|client|day))|"
    r"[kmgt]b|[kmgt]ib)"
)
#: units written out, after a number in words ("seven years", "a year")
_LONG_UNIT = r"(?:days?|weeks?|months?|years?|hours?|minutes?|seconds?)"
#: a value: "90 days", "30d", "7y", "24h", "a year", "100 rps", "10 GB", "seven-year"
VALUE = (
    r"(?:\d+(?:\.\d+)?\s*-?\s*" + _UNIT + r"|(?<![\w-])" + _NUM + r"(?:\s+|-)" + _LONG_UNIT + r")\b"
)
#: heads that are attributes of a shape and never a box of their own
HEAD = (
    r"(?:(?:data\s+|log\s+|backup\s+|message\s+|snapshot\s+)?retention(?:\s+(?:period|policy|"
    r"window|time|rule))?|"
    r"ttl|time[\s-]to[\s-]live|expiry|expiration|(?:idle\s+|request\s+|read\s+|connection\s+)?"
    r"time[\s-]?outs?|quotas?|rate[\s-]limit(?:ing|s)?|throttling|"
    r"versioning|object[\s-]lock(?:ing)?|worm(?:\s+lock)?|legal\s+hold|"
    r"mfa|2fa|multi[\s-]factor(?:\s+auth(?:entication)?)?|"
    r"geo[\s-]redundan(?:t|cy)(?:\s+storage)?|multi[\s-](?:az|region)|"
    r"(?:at[\s-]rest\s+|in[\s-]transit\s+|envelope\s+|field[\s-]level\s+)?encryption"
    r"(?:\s+(?:at\s+rest|in\s+transit))?|"
    r"auto[\s-]?scaling|versioned|read[\s-]only|immutab(?:le|ility)|append[\s-]only|"
    r"pitr|point[\s-]in[\s-]time\s+recovery)"
)
#: an attribute with its value: "30d retention", "35d backup retention", "retention period of
#: 90 days", "ttl=24h", "a 5 min timeout", "retention 7y"
ATTRIBUTE = re.compile(
    r"\b(?:" + VALUE + r"\s+(?:[\w-]+\s+){0,1}" + HEAD + r"|"
    r"" + HEAD + r"\s*(?:(?:of|=|:|to|at|for|is|set\s+to|around|about|~)\s*)?" + VALUE + r")"
)
#: attributes said with no value that never name a box ("enable MFA on X")
BARE_HEAD = (
    r"mfa|2fa|multi[\s-]factor\s+auth(?:entication)?|geo[\s-]redundan(?:t|cy)|legal\s+hold|"
    r"append[\s-]only|time[\s-]to[\s-]live"
)
#: "(A gets a 2s timeout,) the @2 a 10s timeout": a gapped object after its shape
GAPPED_OBJECT = re.compile(r"(?:^|,|\band|\bwhile|\bwhereas)\s+(?:the\s+)?@\d+\s+(?:an?\s+)$")
#: tags of what a shape holds, and their kin ("PII", "PCI scope", "PHI", "confidential")
TAG = (
    r"(?:pii|pci(?:[\s-]dss)?(?:[\s-](?:in[\s-])?scope)?|phi|hipaa|gdpr|confidential|"
    r"restricted|sensitive|internal[\s-]only)"
)
#: verbs that set an attribute (their object is the attribute, the shape follows)
SETTER = (
    r"(?:put|puts|putting|add|adds|adding|set|sets|setting|apply|applies|applying|record|"
    r"records|note|notes|indicate|tag|mark|label|enable|enables|turn\s+on|switch\s+on|bump|"
    r"give|gives|configure|configures|enforce|enforces|attach|slap|stick|specify|define|"
    r"introduce|impose|want|need|needs|require|requires|use|uses)"
)
#: "put a ", "record a ", "give it a ", "apply a 30-day ": a setter and an article just
#: before an attribute (the attribute's value may stand between)
AFTER_SETTER = re.compile(
    r"\b" + SETTER + r"\s+(?:(?:it|them|(?:the\s+)?@\d+)\s+)?(?:an?|one|some)\s+"
    r"(?:[\w-]+\s+){0,2}$"
)
#: a component's head after an attribute word: "retention worker", "backup service"
_THING = (
    r"(?:workers?|services?|svc|jobs?|gateways?|limiters?|proxy|proxies|stores?|buckets?|"
    r"db|dbs|databases?|servers?|nodes?|box(?:es)?|components?|queues?|topics?|"
    r"functions?|lambdas?|daemons?|agents?|sidecars?|cron|scheduler|managers?|modules?|"
    r"apis?|vaults?|caches?|clusters?|engines?|processors?|handlers?|tool|app|apps|"
    r"providers?|checkers?|monitors?|scanners?|enforcers?|dashboards?|tables?|sweepers?|"
    r"reapers?|cleaners?|appliances?|layers?|tiers?|nodes?|hosts?|instances?)"
)
#: what may follow an attribute object: the shape it goes on, a list, or the clause's end
_AFTER_OBJECT = re.compile(
    r"\s*(?:$|[,;+&(.]|\s(?:on|onto|to|for|in|at|of|across|and|with|plus|please|too|"
    r"as\s+well)\b|\s*@\d+)"
)


def is_attribute(phrase: str) -> bool:
    """`phrase` is an attribute of the lexicon ("24h TTL", "rate limit of 100 rps", "MFA"),
    not a part people also draw as a box of its own ("hot standby", "backup")."""
    return re.fullmatch(ATTRIBUTE.pattern + "|" + HEAD + "|" + BARE_HEAD, phrase) is not None


def thing_after(rest: str) -> bool:
    """A component's head right after a property word (`rest` is what follows it): "MFA
    provider", "backup service" name a thing to add, not a property."""
    return re.match(r"\s+" + _THING + r"\b", rest) is not None


def sets_attribute(text: str, at: int) -> bool:
    """The verb at `at` ("put", "add", "apply" ...) has an attribute for its object: "put a
    24h TTL on @1", "add a 30-day retention to @2", "add retention of 7 years" — not "add a
    retention worker", "add a KMS" (words with no value that also name a box stay boxes)."""
    m = re.compile(
        r"\b" + SETTER + r"\s+(?:(?:it|them|(?:the\s+)?@\d+)\s+)?(?:(?:an?|one|some|the)\s+)?"
    ).match(text, at)
    if m is None:
        return False
    rest = text[m.end() :]
    a = ATTRIBUTE.match(rest)
    if a is None:
        h = re.match(HEAD + r"\b", rest)
        if h is None:
            return False
        end = h.end()
    else:
        end = a.end()
    tail = rest[end:]
    if re.match(r"\s+" + _THING + r"\b", tail):
        return False  # "add a retention worker": the head is the thing
    return _AFTER_OBJECT.match(tail) is not None


#: a small count, in digits or in words
_COUNT_WORD = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve)"
#: a count just said, with its unit: "three replicas", "5 nodes"
_COUNTED = re.compile(
    r"\b" + _COUNT_WORD + r"\s*[\s-]?"
    r"(?P<u>replicas?|instances?|nodes?|pods?|copies|shards?|brokers?|workers?|servers?|"
    r"containers?|tasks?)\b"
)
#: ", and the @2 with two": a second subject and a bare number, its unit gapped
_GAP = re.compile(
    r"(?P<lead>(?:,\s*(?:(?:and|while|whereas|but)\s+)?|\s+(?:and|while|whereas|but)\s+)"
    r"(?:the\s+)?(?:@\d+)(?!\d)\s*:?"
    r"(?:\s+(?:with|at|to|on|gets?|has|have|got|needs?|runs\s+with|should\s+have|on|just|only|"
    r"at\s+least))*\s*)(?P<n>" + _COUNT_WORD + r")"
    r"(?P<after>\s*(?:$|[,;.)]|\s(?:and|please|too|each)\b))"
)
_GAP_VALUE = re.compile(
    r"(?P<lead>(?:,\s*(?:(?:and|while|whereas|but)\s+)?|\s+(?:and|while|whereas|but)\s+)"
    r"(?:the\s+)?(?:@\d+)"
    r"(?:\s+(?:with|at|to|on|gets?|has|needs?|should\s+have|just|only))*\s+)"
    r"(?P<v>" + VALUE + r")(?P<after>\s*(?:$|[,;.)]|\s(?:and|please|too|each)\b))"
)


#: "the ttl of @1 to 6 hours": a head and its value with the shape between them
_HEAD_OF = re.compile(
    r"\b(?P<h>" + HEAD + r")\s+(?:of|on|for|in)\s+(?P<x>(?:the\s+)?@\d+)\s+"
    r"(?P<to>to|at|=|as|:)\s*(?P<v>" + VALUE + r")"
)


#: "@1 replicas to 4", "the replica count of @1 to 4": the unit before the shape or the value
_COUNT_OF = re.compile(
    r"(?:(?P<u>replicas|instances|nodes|pods|shards)\s+(?:count\s+)?(?:of|for|on)\s+"
    r"(?:the\s+)?(?P<x>@\d+)|(?P<x2>@\d+)\s+(?P<u2>replicas|instances|nodes|pods|shards)"
    r"(?:\s+count)?)\s+(?:to|=|at|:)\s*(?P<n>" + _COUNT_WORD + r")\b"
)


def _count_of(g: re.Match[str]) -> str:
    return f"{g.group('x') or g.group('x2')} to {g.group('n')} {g.group('u') or g.group('u2')}"


def regular(text: str) -> str:
    """ "@1 runs with three replicas and the @2 with two" -> "... the @2 with two replicas";
    "@1 gets 30d retention and @2 7d" -> "... @2 7d retention": the verb and the head of the
    first half are understood in the second (same length of text before the gap is kept);
    "set the ttl of @1 to 6 hours" -> "set the ttl to 6 hours on @1"."""
    text = _COUNT_OF.sub(_count_of, respelt_heads(text))
    text = _HEAD_OF.sub(
        lambda g: f"{g.group('h')} {g.group('to')} {g.group('v')} on {g.group('x')}", text
    )
    first = _COUNTED.search(text)
    if first is not None:
        unit = first.group("u")
        out = _GAP.sub(
            lambda g: g.group("lead") + g.group("n") + " " + unit + g.group("after"),
            text[first.end() :],
        )
        text = text[: first.end()] + out
    a = ATTRIBUTE.search(text)
    if a is not None:
        head = re.search(HEAD, a.group(0))
        if head is not None:
            word = head.group(0)
            text = text[: a.end()] + _GAP_VALUE.sub(
                lambda g: g.group("lead") + g.group("v") + " " + word + g.group("after"),
                text[a.end() :],
            )
    return text


#: one item of a list of attributes, as written (lower case)
_ITEM = re.compile(
    r"\s*(?:(?:and|plus|with|also|\+|&)\s+|\+\s*)?(?:an?\s+|the\s+)?"
    r"(?P<i>(?:"
    + ATTRIBUTE.pattern
    + r"|"
    + TAG
    + r"|(?:aes|sse|tls|kms|cmek|cmk|hsm)[\w-]*(?:\s+(?:at\s+rest|in\s+transit|encryption|"
    r"encrypted|keys?))*|"
    + HEAD
    + r"|(?:encrypted|backed\s+up)(?:\s+(?:at\s+rest|in\s+transit|daily|nightly))?|"
    r"(?:daily|nightly|hourly|weekly)\s+(?:backups?|snapshots?)|backups?)\b)"
)


def attribute_list_end(text: str, start: int) -> int:
    """Where a list of attributes that carries on at `start` (just after a comma or "+")
    ends: "…PII, AES-256 at rest + 7y retention" runs to the end; "…PII, since it holds
    names" stops at once (returns `start`)."""
    end = start
    pos = start
    while True:
        m = _ITEM.match(text, pos)
        if m is None:
            return end
        end = m.end()
        sep = re.match(r"\s*(?:,|\+|&|\band\b|\bplus\b|\bwith\b)", text[end:])
        if sep is None:
            return end
        pos = end + (sep.end() if sep.group(0).strip() in (",", "+", "&") else 0)


def cut_at_other(text: str) -> str:
    """`text` up to its first comma that does not carry on a list of attributes: "PII,
    AES-256 at rest + 7y retention" whole, "PII, it holds names" -> "PII"."""
    pos = 0
    low = text.lower()
    for m in re.finditer(r",", text):
        if m.start() < pos:
            continue
        end = attribute_list_end(low, m.end())
        if end == m.end() or not re.match(r"\s*(?:$|[.;!?)]|\s(?:please|thanks?)\b)", low[end:]):
            return text[: m.start()].rstrip()
        pos = end
    return text


#: "(A with 3 replicas,) B with 2", "(A gets a 2s timeout,) B a 10s timeout": the rest of a
#: gapped predicate, no verb of its own
GAPPED = (
    r"(?:(?:with|at|to|on|gets?|has)\s+(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"(?:\s*(?:$|[,;.)]|\s(?:and|please|too|each)\b))|an?\s+" + ATTRIBUTE.pattern + r")"
)


#: the attribute words a slip of the keyboard is put right to ("retension", "replcias")
_HEAD_WORDS = (
    "retention",
    "encryption",
    "encrypted",
    "versioning",
    "replicas",
    "instances",
    "expiry",
    "expiration",
    "timeout",
    "quota",
    "immutable",
    "autoscaling",
    "backups",
    "snapshots",
)


def respelt_heads(text: str) -> str:
    """`text` with a misspelt attribute word ("retension 30d", "3 replcias") put right: one
    edit away, the first letter kept, in a word no dictionary knows."""

    def fix(g: re.Match[str]) -> str:
        w = g.group(0)
        if w in _HEAD_WORDS or getAllLemmas(w):
            return w
        found = process.extractOne(w, _HEAD_WORDS, scorer=OSA.distance, score_cutoff=1)
        return found[0] if found and found[0][0] == w[0] else w

    return re.sub(r"(?<![@\w])[a-z]{6,}\b", fix, text)
