"""The words a create request frames itself with, which name no component.

A request wraps its architecture in a sentence about itself: "we want to launch a store",
"Please produce a diagram for ...", "Kindly prepare ...", "a reference architecture for ...",
"a ground segment diagram", "make it look legit and secure", "nothing fancy". The reader
(:mod:`phrase_pieces`) reads content words into runs; these helpers tell it which words are
the request's verbs of asking or the words that qualify the diagram itself, so that no box is
drawn for them. Pure functions over the token list.
"""

from __future__ import annotations

from services.dsl.generation.phrase_vocab import CLAUSE_END, Vocabulary, readings, singular

#: verbs whose "to" opens the request's own aim ("we want to launch", "need to replace")
WANTS = frozenset(
    {
        "want", "wants", "wanted", "need", "needs", "needed", "like", "love", "plan", "plans",
        "planning", "planned", "hope", "hoping", "try", "trying", "going", "wish", "aim",
        "aiming", "intend", "intending", "looking", "asked", "able",
    }
)  # fmt: skip
#: words of courtesy before an imperative ("Please produce", "Kindly prepare")
POLITE = frozenset({"please", "kindly", "pls", "plz"})
#: what an imperative verb of asking is followed by ("Produce a diagram", "draw me ...")
_OBJECT_START = frozenset(
    {"a", "an", "the", "me", "us", "our", "my", "this", "that", "it", "for", "something"}
)
#: nouns that name the picture asked for: the words before them qualify it, not a part
FRAME_NOUNS = frozenset(
    {
        "architecture",
        "diagram",
        "drawing",
        "picture",
        "sketch",
        "blueprint",
        "schematic",
        "layout",
        "skeleton",
        "overview",
        "outline",
        "mockup",
    }
)
#: words before a country that make it where the system is, not a part ("a bank in Kenya")
WHERE = frozenset({"in", "across", "at", "throughout", "around"})
#: verbs after which adjectives describe the design ("make it look legit", "nothing fancy")
PREDICATES = frozenset(
    {
        "look", "looks", "looking", "seem", "seems", "feel", "feels", "sound", "sounds",
        "nothing", "something", "anything", "too", "very", "enough", "stay", "stays", "remain",
        "remains", "keep", "keeps",
    }
)  # fmt: skip


#: who wants, when the request speaks of its own aim ("we want to", "I'd like to")
ASKERS = frozenset(
    {
        "i", "we", "you", "they", "i'd", "we'd", "would", "agency", "company", "team",
        "startup", "business", "organisation", "organization", "firm", "management",
        "leadership", "boss", "ceo", "owner", "client",
    }
)  # fmt: skip

_AUXILIARIES = frozenset({"are", "am", "were", "was", "really", "also", "just", "still", "'re"})


def aim_marker(tokens: list[str], i: int) -> bool:
    """Is tokens[i] the "to" of an infinitive the request aims with ("we want to launch")? Not
    a component's ("the WMS needs to sync to the ERP": a stated relation)."""
    if tokens[i] != "to" or i < 2 or i + 1 >= len(tokens) or tokens[i - 1] not in WANTS:
        return False
    k = i - 2
    while k > 0 and tokens[k] in _AUXILIARIES:  # "we are hoping to", "I really want to"
        k -= 1
    return tokens[k] in ASKERS or tokens[k] in CLAUSE_END


def asking_verb(tokens: list[str], i: int, vocab: Vocabulary) -> bool:
    """Is tokens[i] a verb of the request's own asking: the verb of an infinitive after a
    want ("want to launch an online store"), an imperative after "please"/"kindly" ("Please,
    drawing for my shop"), or a request's opening imperative with its object after it
    ("Produce a diagram for ...", "Provide a reference architecture")?"""
    tok = tokens[i]
    if not tok.isalpha() or tok in vocab.stop or not _verb(tok):
        return False
    if i > 0 and aim_marker(tokens, i - 1):
        return tok not in vocab.heads
    nxt = tokens[i + 1] if i + 1 < len(tokens) else "."
    if nxt not in _OBJECT_START:
        return False
    before = [t for t in tokens[max(0, i - 2) : i] if t != ","]
    if before and before[-1] in POLITE:
        return True
    # only the request's first word: "upload a contract" further on is what the system does
    return i == 0 and tok not in vocab.heads


def _verb(tok: str) -> bool:
    pos = readings(tok)
    if "VERB" in pos:
        return True
    # "drawing": a verb's -ing form lemminflect may list only as a noun
    return tok.endswith("ing") and len(tok) > 5 and not pos - {"NOUN", "ADJ", "VERB"}


def qualifies_frame(tok: str, run: list[int], known: bool) -> bool:
    """Does the run of token indexes `run` (no knowledge-base phrase or head noun in it: not
    `known`) stand before a noun for the picture asked for ("a reference architecture")?"""
    return tok in FRAME_NOUNS and bool(run) and not known


#: verbs that give their object a quality ("make it secure", "keep it cheap")
_MAKES = frozenset({"make", "makes", "keep", "keeps", "get", "gets", "want", "need"})


def lead(tokens: list[str], start: int) -> str:
    """The word before the run starting at `start`; "look" for the object pronoun of a verb
    that gives it a quality ("make it secure": what follows describes the design)."""
    before = tokens[start - 1] if start > 0 else ""
    if before in ("it", "this", "everything") and start > 1 and tokens[start - 2] in _MAKES:
        return "look"
    return before


def predicate(before: str, words: list[str]) -> bool:
    """An unknown short run that describes the design after a verb like "look" or a word like
    "nothing" ("look legit and secure", "nothing fancy"), not a part of it."""
    return before in PREDICATES and len(words) <= 2


#: what a verb's object starts with ("judges review them", "refs enter the scores")
_OBJECT_WORDS = frozenset({"them", "it", "the", "a", "an", "their", "its", "each", "every"})


def role_verb(tokens: list[str], i: int, run: list[int], vocab: Vocabulary) -> bool:
    """Is tokens[i] the verb of a person named just before it ("judges review them", "site
    inspectors enter defects", "the sponsor receives")? Then it is no part of the name."""
    if not run or len(run) > 2:
        return False
    person, tok = tokens[run[-1]], tokens[i]
    if singular(person) not in vocab.people or "VERB" not in readings(tok):
        return False
    nxt = tokens[i + 1] if i + 1 < len(tokens) else "."
    if nxt in _OBJECT_WORDS:
        return True
    if tok in vocab.heads:
        return False
    plural = singular(person) != person
    agrees = plural != (tok.endswith("s") and not tok.endswith("ss"))
    if "NOUN" in readings(tok):
        # "guests book on our site", "citizens register online through a portal", "driver
        # pay on the kiosk": a word of both kinds is the verb of the people opening their
        # clause when a place or manner follows it (a name goes on with a noun: "guest wifi",
        # and a verb with its object may name a feature: "customers order food")
        return _opens_clause(tokens, run) and nxt in _AFTER_VERB
    # a word English knows only as a verb, agreeing with its subject: "inspectors enter",
    # "the sponsor receives" (not "user login", "player profiles": names)
    return agrees


#: words that follow a verb, never a name ("book on", "register online", "pay via")
_AFTER_VERB = frozenset(
    {"on", "in", "at", "through", "thru", "via", "from", "into", "using", "online", "over"}
)
#: words after which a run opens its clause (its subject)
_CLAUSE_OPENERS = frozenset(
    {"", ".", ",", ";", ":", "and", "then", "where", "which", "while", "when", "so", "also"}
)


def _opens_clause(tokens: list[str], run: list[int]) -> bool:
    """Does the run stand first in its clause (an article or "our" may come before it)?"""
    k = run[0] - 1
    while k >= 0 and tokens[k] in ("the", "our", "a", "an", "all", "each", "every"):
        k -= 1
    return (tokens[k] if k >= 0 else "") in _CLAUSE_OPENERS


#: "I'm a", "I work as a": the requester introducing themselves
_SELF = frozenset({"i'm", "im", "am", "as"})


def introduces_self(tokens: list[str], start: int) -> bool:
    """Does the run at `start` name the requester ("I'm a park ranger", "I work as an
    analyst")? The requester is who asks, not a part or a user of the design."""
    if start > 1 and tokens[start - 1] in ("a", "an") and tokens[start - 2] in _SELF:
        return True
    return own_organisation(tokens, start)


#: verbs of the requester's own work or business ("I work at a ...", "we run a ...")
_WORK = frozenset(
    {"work", "works", "working", "volunteer", "volunteers", "volunteering", "intern", "teach"}
)
_RUN = frozenset({"run", "own", "manage", "operate"})
_WHO = frozenset({"i", "we", "me", "us", "partner", "friend", "friends", "family"})
_DETERMINERS = frozenset({"a", "an", "the", "our", "my"})
#: words between the determiner and the organisation's name ("a small animal shelter")
_SIZES = frozenset({"small", "tiny", "little", "local", "big", "large", "young", "new"})
#: what a business is called when the asker says they run one ("we run a bakery")
_ORGS = frozenset(
    {
        "shop", "store", "business", "company", "startup", "agency", "practice", "clinic",
        "shelter", "restaurant", "cafe", "bakery", "charity", "nonprofit", "school", "museum",
        "studio", "consultancy", "firm", "gym", "salon", "hotel", "club", "farm", "brewery",
        "boutique", "franchise", "chain", "team", "league", "association", "society",
    }
)  # fmt: skip


def own_organisation(tokens: list[str], start: int) -> bool:
    """Does the run at `start` name the requester's own organisation ("I volunteer for a small
    animal shelter", "I work at a museum", "we run an online candle shop", "the only devops
    guy at a logistics startup")? Where the asker works is not a part of the design."""
    k = start - 1
    while k >= 0 and tokens[k] in _SIZES:
        k -= 1
    if k < 1 or tokens[k] not in _DETERMINERS:
        return False
    before = tokens[k - 1]
    if before in ("at", "for") and k >= 2:
        # "I work at a", "I volunteer for a", "the only devops guy at a"
        window = tokens[max(0, k - 6) : k - 1]
        return any(t in _WORK for t in window) or (
            before == "at" and any(t in ("i'm", "im", "am", "guy", "person") for t in window)
        )
    if before in _RUN and k >= 2:
        # "my partner and I run a candle shop" (not "we run a cubesat": a part they run)
        name = tokens[start : start + 4]
        return any(t in _WHO for t in tokens[max(0, k - 4) : k - 1]) and any(
            singular(t) in _ORGS for t in name
        )
    return False


#: what a component sends, named as a list item before its destination ("logs to Loki")
PAYLOADS = frozenset(
    {
        "traces", "spans", "metrics", "logs", "events", "alerts", "findings", "records",
        "messages", "results", "reports", "audit", "telemetry", "readings", "snapshots",
        "backups", "exports", "invoices", "receipts", "documents", "files", "images",
    }
)  # fmt: skip


def payload_item(tokens: list[str], i: int, vocab: Vocabulary) -> bool:
    """Is tokens[i] a payload opening a list item, its destination after "to"/"into"
    ("..., traces to Tempo, metrics to Mimir")? The clause's subject sends it there."""
    if tokens[i] not in PAYLOADS or i == 0 or tokens[i - 1] not in (",", ":", ";"):
        return False
    return i + 2 < len(tokens) and tokens[i + 1] in ("to", "into", "->", "→")
