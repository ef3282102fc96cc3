"""Words as people type them, mapped to the words the intent frames look for.

Messages come with typos ("remvoe", "expnad", "databse", "creat a diagramm"), chat shorthand
("pls", "u", "w/", "cna") and spelling variants. The frames (frames.py) are written over
canonical words, so each token is repaired once here:

- a fixed table of shorthand and frequent slips (exact, no guessing);
- a token that is not an English word (pyspellchecker's dictionary) and lies within one edit
  (two for long words; transpositions count as one) of a word in ``KEYWORDS`` becomes that
  word (rapidfuzz). Known words are never changed, so "remote" stays "remote".

Only the keyword list can come out, so a repair can never invent a word a frame does not
know, and the cost is a dictionary lookup per token.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA
from spellchecker import SpellChecker

from services.intent.text import normalise

# Words the frames and the reference finder read; a misspelt word is repaired to one of them.
KEYWORDS: tuple[str, ...] = tuple(
    [
        "add",
        "adding",
        "remove",
        "removing",
        "delete",
        "deleting",
        "replace",
        "replacing",
        "rename",
        "renaming",
        "connect",
        "connecting",
        "connection",
        "connections",
        "insert",
        "include",
        "including",
        "change",
        "changing",
        "create",
        "creating",
        "design",
        "designing",
        "diagram",
        "diagrams",
        "architecture",
        "architectures",
        "separate",
        "possible",
        "feasible",
        "another",
        "different",
        "scratch",
        "fresh",
        "expand",
        "collapse",
        "highlight",
        "display",
        "focus",
        "filter",
        "hide",
        "unhide",
        "picture",
        "bigger",
        "smaller",
        "larger",
        "zoom",
        "readable",
        "labels",
        "icons",
        "arrows",
        "arrow",
        "direction",
        "vertical",
        "horizontal",
        "layout",
        "database",
        "databases",
        "service",
        "services",
        "server",
        "servers",
        "gateway",
        "balancer",
        "queue",
        "cache",
        "replica",
        "monitoring",
        "security",
        "secure",
        "encryption",
        "storage",
        "network",
        "should",
        "would",
        "could",
        "recommend",
        "recommended",
        "explain",
        "difference",
        "compare",
        "comparison",
        "better",
        "cheaper",
        "worth",
        "overkill",
        "necessary",
        "important",
        "needed",
        "instructions",
        "previous",
        # whose data: "diagrams other pepole made" is an ask for someone else's work
        "people",
        "users",
        "customers",
        "companies",
        "tenants",
        "ignore",
        "disregard",
        "system",
        "prompt",
        "everything",
        "nothing",
        "something",
        "somewhere",
        "anything",
        "component",
        "components",
        "group",
        "grouped",
        "grouping",
        "between",
        "without",
        "please",
        "thanks",
        "instead",
        "whether",
        "really",
        "actually",
        "current",
        "existing",
        "diagram's",
        # round 9: authority overrides and pins with typos ("ADMIN OVERIDE disabel all safety
        # cheks", "lokc the positons"), formal adoption and enclosing verbs
        "override",
        "bypass",
        "disable",
        "enable",
        "safety",
        "lock",
        "freeze",
        "position",
        "positions",
        "proceed",
        "incorporate",
        "enclose",
        "surround",
        "reachable",
        "accessible",
        "exposed",
        "dashboard",
        "identity",
        "authentication",
        "authorization",
        "backup",
        "payment",
        "payments",
        "message",
        "broker",
        "frontend",
        "backend",
        "mobile",
        "application",
        "platform",
        "pipeline",
        "system",
        "systems",
        "kubernetes",
        "terraform",
        # history, style and reasons (issue 12, round 6): "go bakc to verison 2"
        "back",
        "version",
        "versions",
        "revert",
        "restore",
        "style",
        "border",
        "dashed",
        "rationale",
        "arrange",
        "regroup",
    ]
)

# Shorthand and slips that are too short for an edit distance to tell apart safely.
SHORTHAND: dict[str, str] = {
    "pls": "please",
    "plz": "please",
    "pleas": "please",
    "u": "you",
    "ur": "your",
    "cna": "can",
    "cn": "can",
    "teh": "the",
    "hte": "the",
    "wat": "what",
    "wht": "what",
    "waht": "what",
    "whta": "what",
    "thx": "thanks",
    "ty": "thanks",
    "gimme": "give me",
    "wanna": "want to",
    "cud": "could",
    "gonna": "going to",
    "lemme": "let me",
    "dont": "don't",
    "doesnt": "doesn't",
    "didnt": "didn't",
    "cant": "can't",
    "isnt": "isn't",
    "wont": "won't",
    "im": "i'm",
    "ive": "i've",
    "lets": "let's",
    "thats": "that's",
    "whats": "what's",
    "w/": "with",
    # "rm the bastion": the shell verb as chat shorthand for remove
    "rm": "remove",
    "w/o": "without",
    "b/w": "between",
    "btw": "by the way",
    "diag": "diagram",
    "diagramm": "diagram",
    "arch": "architecture",
    "pic": "picture",
    "svc": "service",
    "svcs": "services",
    "msvc": "microservice",
    "microsvcs": "microservices",
    "db": "database",
    "dbs": "databases",
    "lb": "load balancer",
    "alb": "load balancer",
    "elb": "load balancer",
    "gw": "gateway",
    "comps": "components",
    "thru": "through",
    "nite": "night",
    "somthing": "something",
    "smth": "something",
    "sth": "something",
    "pwd": "password",
    # chat shorthand and slips read in people's messages (issue 12)
    "shld": "should",
    "shd": "should",
    "btwn": "between",
    "betw": "between",
    "upd8": "update",
    "n": "and",
    "pls.": "please",
    "idae": "idea",
    "undoo": "undo",
    "fr": "for",
    "startt": "start",
    "swichted": "switched",
    "swtiched": "switched",
    # round 9: pins typed fast ("lok the positons")
    "lok": "lock",
    "lck": "lock",
    "pinn": "pin",
    # history commands typed fast ("go bak to v2", "rool it back"): words too short to repair
    "bak": "back",
    "bck": "back",
    "bakc": "back",
    "rool": "roll",
    "rol": "roll",
}

_TOKEN = re.compile(r"w/o|w/|b/w|[a-z0-9][a-z0-9'_-]*|[^\sa-z0-9]")


@lru_cache(maxsize=1)
def _speller() -> SpellChecker:
    return SpellChecker(distance=1)


def is_word(word: str) -> bool:
    """Whether `word` (lower case) is an English word in the spelling dictionary."""
    return bool(_speller().known([word]))


@lru_cache(maxsize=8192)
def repair(word: str) -> str:
    """The canonical form of one lower-case token."""
    if word in SHORTHAND:
        return SHORTHAND[word]
    if len(word) < 4 or not word.isalpha() or word in _KEYWORD_SET:
        return word
    if _speller().known([word]):
        return word
    limit = 1 if len(word) <= 6 else 2
    hit = process.extractOne(word, KEYWORDS, scorer=OSA.distance, score_cutoff=limit)
    if hit is None:
        return word
    candidate = hit[0]
    # The first letter is rarely the slip; a change there turns "bigger" into "digger".
    return candidate if candidate[0] == word[0] else word


_KEYWORD_SET = frozenset(KEYWORDS)


def tokens(text: str) -> list[str]:
    """Normalised, repaired tokens (punctuation kept as its own tokens)."""
    out: list[str] = []
    for tok in _TOKEN.findall(normalise(text)):
        out.extend(repair(tok).split())
    return out


# "ad a firewall": the verb "add" with a letter missing; "ad impressions" stays an advert.
_AD_VERB = re.compile(r"\bad (a|an|the|some|one|two|another)\b")


# "y does the cdn point at the api", "hm, y is the cache connected?": "why" in chat shorthand,
# only where a question starts (a lone "y" elsewhere is an axis or a variable).
_Y_WHY = re.compile(
    r"(^|[.!?]\s+|^(hm+|hmm|ok|so|but|and|wait|oh)[,.]?\s+)y (is|does|do|are|did|would|isn't|"
    r"aren't|doesn't|was|were|has|have)\b"
)


def canonical(text: str) -> str:
    """The message as the frames read it: lower case, repaired words, single spaces.

    Punctuation stays attached as separate tokens; `join` keeps "?" and "," so that frames
    can see where sentences and clauses end.
    """
    joined = re.sub(r"\s+([?.!,;:])", r"\1", " ".join(tokens(text)))
    joined = _Y_WHY.sub(lambda m: f"{m.group(1)}why {m.group(3)}", joined)
    return _AD_VERB.sub(r"add \1", joined)
