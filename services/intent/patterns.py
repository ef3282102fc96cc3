"""Stage 1: high-precision rules. A rule that fires must be right; it need not fire often.

Each rule is anchored on the whole message (or on an unmistakable phrase such as a prompt
injection), so "add a read replica to the orders database" never matches a create rule and
"show only the data stores" never matches an edit rule. Everything a rule does not catch goes
on to the embedding stage. Rules are measured on their own in bench/intent/evaluate.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.intent import injection
from services.intent.text import normalise
from shared.chat_commands import parse_action
from shared.contracts import Intent


@dataclass(frozen=True)
class PatternHit:
    intent: Intent
    confidence: float
    rule: str


_WORDS = r"(please|pls|plz|thanks|thank you|now|again|instead|view|layout|mode|only)"

# Bare greetings, acknowledgements and requests for help with no content.
_VAGUE = re.compile(
    r"^(hi|hello|hey|hiya|yo|howdy|good (morning|afternoon|evening)|help|help me|"
    r"can you help( me)?|ok|okay|k|thanks|thank you|thx|ty|cool|nice|great|hmm+|test|"
    r"testing|\?+|\.+|!+|yes|no|sure|maybe)( there)?[\s.!?,]*$"
    # small talk after a greeting: "hey! how are you doing today?"
    r"|^((hi|hello|hey|hiya|yo|good (morning|afternoon|evening))( there)?[\s.!?,]*)?"
    r"(how are you|how are u|how r u|how's it going|hows it going|how are things|what's up|"
    r"whats up|sup|how have you been|how's your day|how is your day)( doing)?( today)?"
    r"[\s.!?,]*$"
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
    # the threats view: "show threats", "threat view", "hide the threats", "threats off"
    rf"|^(please )?(show|switch to|go to|open|display|hide|turn (off|on)|toggle)( me)?( the)? "
    rf"(threats?|stride)( view| overlay| map| heat ?map)?( please)?[\s.!?]*$"
    rf"|^(please )?(the )?(threats?|stride)( view| overlay| map| heat ?map)?( (on|off))"
    rf"( please)?[\s.!?]*$"
    rf"|^(please )?(the )?(threats?|stride) (view|overlay|map|heat ?map)( please)?[\s.!?]*$"
)


def match(text: str, repaired: str | None = None) -> PatternHit | None:
    """The rule that fires on `text`, if any (text need not be normalised). `repaired` is the
    message with typos and shorthand repaired (lexicon.canonical): an injection is looked for
    in both, so "ignroe ur previus instrucions" is caught like the spelled-out attack."""
    t = normalise(text)
    if not t:
        return PatternHit(Intent.CLARIFY, 0.99, "empty")
    if injection.family(text) is not None:
        return PatternHit(Intent.OUT_OF_SCOPE, 0.99, "injection")
    if repaired is not None and injection.family(repaired) is not None:
        return PatternHit(Intent.OUT_OF_SCOPE, 0.99, "injection-repaired")
    if _VAGUE.match(t):
        return PatternHit(Intent.CLARIFY, 0.95, "vague")
    if _VIEW_DIRECTION.match(t):
        return PatternHit(Intent.VIEW_TOGGLE, 0.97, "view-direction")
    if _VIEW_FILTER.match(t):
        return PatternHit(Intent.VIEW_TOGGLE, 0.97, "view-filter")
    if parse_action(text) is not None or (repaired is not None and parse_action(repaired)):
        # "undo", "revert to version 2", "pin the gateway where it is": an edit of the
        # project's diagram that the versions and pins APIs carry out (shared/chat_commands.py)
        return PatternHit(Intent.DSL_UPDATE, 0.97, "history-command")
    return None


def is_injection(text: str) -> bool:
    return injection.family(text) is not None
