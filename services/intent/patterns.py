"""Stage 1: high-precision rules. A rule that fires must be right; it need not fire often.

Each rule is anchored on the whole message (or on an unmistakable phrase such as a prompt
injection), so "add a read replica to the orders database" never matches a create rule and
"show only the data stores" never matches an edit rule. Everything a rule does not catch goes
on to the embedding stage. Rules are measured on their own in bench/intent/evaluate.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from shared.contracts import Intent


@dataclass(frozen=True)
class PatternHit:
    intent: Intent
    confidence: float
    rule: str


def normalise(text: str) -> str:
    """Lower-case, unify quotes and dashes, collapse whitespace."""
    t = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    t = t.replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", t).strip()


# Prompt injections and attempts to change the assistant's rules: always OUT_OF_SCOPE, even
# inside an otherwise valid request ("add a cache and ignore previous instructions").
_INJECTION = re.compile(
    r"""
    \b(ignore|disregard|forget|override|bypass|skip)\b[^.?!\n]{0,40}?
        \b(previous|prior|above|earlier|preceding|all|your|the|system|original|initial)\b[^.?!\n]{0,25}?
        \b(instructions?|prompts?|rules|guidelines|directions|messages?|restrictions|filters|
           safety|guardrails|constraints|programming|context)\b
    | \b(ignore|disregard|forget)\s+(everything\s+|all\s+|what\s+was\s+said\s+)?(the\s+)?
        (above|before)\s*(\band\b|[,.;:!]|$)
    | \b(system|hidden|initial|original|secret|developer)\s+(prompt|instructions|message)\b
    | \b(reveal|print|show|repeat|output|dump|leak|display|tell\s+me)\b[^.?!\n]{0,30}
        \b(your|the)\s+(instructions|prompt|configuration|rules|guidelines)\b
    | \byou\s+are\s+now\s+(dan|in|a|an|my|no\s+longer)\b
    | \bdo\s+anything\s+now\b
    | \b(jailbreak|jailbroken|developer\s+mode|god\s+mode|dan\s+mode)\b
    | \bpretend\s+(you\s+are|you're|to\s+be)\s+(an?\s+)?(ai|assistant|model|chatbot)\b
        [^.?!]{0,30}\b(without|no)\b
    | \bact\s+as\s+(an?\s+)?(unrestricted|unfiltered|uncensored|jailbroken)\b
    | \bfrom\s+now\s+on\s+you\s+(will|must|are|shall)\b
    | \bnew\s+(system\s+)?instructions\s*:
    | </?\s*system\s*>|^\s*system\s*:|\#\#\#\s*system
    | \bi\s+have\s+been\s+pwned\b
    """,
    re.IGNORECASE | re.VERBOSE,
)

_WORDS = r"(please|pls|plz|thanks|thank you|now|again|instead|view|layout|mode|only)"

# Bare greetings, acknowledgements and requests for help with no content.
_VAGUE = re.compile(
    r"^(hi|hello|hey|hiya|yo|howdy|good (morning|afternoon|evening)|help|help me|"
    r"can you help( me)?|ok|okay|k|thanks|thank you|thx|ty|cool|nice|great|hmm+|test|"
    r"testing|\?+|\.+|!+|yes|no|sure|maybe)( there)?[\s.!?,]*$"
)

_DIRECTION = (
    r"(left[- ]?to[- ]?right|right[- ]?to[- ]?left|top[- ]?(to[- ]?bottom|down)|"
    r"bottom[- ]?(to[- ]?top|up)|horizontal(ly)?|vertical(ly)?)"
)
# The whole message is a change of direction/orientation of the current diagram.
_VIEW_DIRECTION = re.compile(
    rf"^(please |can you |could you )?((switch|change|flip|rotate|make|set|show|display|"
    rf"view|render|lay|arrange|turn)( it| this| the (diagram|layout|view|graph))?( out)?"
    rf"( to| as| in| into)?( an?| the)? )?{_DIRECTION}( {_WORDS})*( please)?[\s.!?]*$"
)
_KINDS = (
    r"(security|data ?stores?|databases?|storage|network|compute|external|"
    r"security (components|controls|parts|nodes)|data (stores|layer))"
)
# "show only the security components", "only data stores", "hide the labels", data-flow view.
_VIEW_FILTER = re.compile(
    rf"^(please |can you |could you )?((show|display|view|keep)( me)? )?(only|just)( the)? "
    rf"{_KINDS}( components| nodes| parts| services| controls)?( only)?( please)?[\s.!?]*$"
    rf"|^(please )?(hide|show|turn (off|on)|remove|toggle)( all)?( the)? (edge |node )?labels"
    rf"( again| back| please)*[\s.!?]*$"
    rf"|^(please )?(labels|icons) (off|on)[\s.!?]*$"
    rf"|^(please )?((show|switch to|go to|open)( me)?( the)? )?data[- ]?flow( view| diagram)?"
    rf"( please)?[\s.!?]*$"
)


def match(text: str) -> PatternHit | None:
    """The rule that fires on `text`, if any (text need not be normalised)."""
    t = normalise(text)
    if not t:
        return PatternHit(Intent.CLARIFY, 0.99, "empty")
    if _INJECTION.search(t):
        return PatternHit(Intent.OUT_OF_SCOPE, 0.99, "injection")
    if _VAGUE.match(t):
        return PatternHit(Intent.CLARIFY, 0.95, "vague")
    if _VIEW_DIRECTION.match(t):
        return PatternHit(Intent.VIEW_TOGGLE, 0.97, "view-direction")
    if _VIEW_FILTER.match(t):
        return PatternHit(Intent.VIEW_TOGGLE, 0.97, "view-filter")
    return None


def is_injection(text: str) -> bool:
    return _INJECTION.search(normalise(text)) is not None
