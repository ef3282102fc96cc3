"""Chat commands that do what the versions and pins APIs do: "undo", "revert to version 2",
"go back to the previous version", "pin the gateway where it is", "unpin the gateway".

One parser, read by two services: the intent classifier's pattern stage (a whole message that
is such a command is DSL_UPDATE, an edit of the project's diagram) and the generation stage
(which hands the parsed :class:`~shared.contracts.ChatAction` to persistence, the stage that
carries it out with the same code as `POST .../versions/{n}/revert` and `PUT .../pins/{id}`).

Every rule is anchored on the whole message, so "undo the cache and add a queue" or "pin
numbers in the label" never match: a rule that fires must be right.
"""

from __future__ import annotations

import re

from shared.contracts import ChatAction

_POLITE = r"(?:(?:please|pls|can you|could you|would you|now|ok|okay|just)[ ,]+)*"
_END = r"(?:[ ,]+(?:please|pls|thanks|thank you|now))*[\s.!?]*$"

_UNDO = re.compile(
    rf"^{_POLITE}(?:undo"
    r"(?: (?:that|this|it|the last (?:change|edit|step)|my last (?:change|edit)))?"
    r"|(?:go|step) back(?: (?:one|a) (?:version|step))?"
    r"|(?:go|step|switch|roll|revert|return) back to the (?:previous|last|prior|earlier) "
    r"(?:version|diagram|one)"
    r"|(?:revert|restore|return) to the (?:previous|prior|earlier) (?:version|diagram|one)"
    r"|(?:revert|roll ?back|take back|reverse) (?:that|this|it|the last (?:change|edit|step)|"
    r"my last (?:change|edit))"
    r"|roll ?back)"
    rf"{_END}"
)

_REVERT = re.compile(
    rf"^{_POLITE}(?:revert|roll ?back|go back|switch back|return|restore|reset)"
    r"(?: (?:the )?(?:diagram|design|project|it|this))?(?: back)?(?: to)?(?: the)?"
    r" (?:version|v) ?#?(\d{1,6})"
    rf"{_END}"
)

_PIN = re.compile(
    rf"^{_POLITE}(?:pin|lock|freeze)(?: down)? (?:the |my )?(.{{1,80}}?)"
    r"(?: (?:box|node|component|shape))?"
    r"(?: (?:where it is|where it's|where it stands|in place|in its place|in position|"
    r"at its (?:position|place|spot)|there|here))?"
    rf"{_END}"
)
_KEEP = re.compile(
    rf"^{_POLITE}keep (?:the |my )?(.{{1,80}}?)(?: (?:box|node|component|shape))?"
    r" (?:where it is|where it's|in place|in its place|at its (?:position|place|spot)|pinned)"
    rf"{_END}"
)
_UNPIN = re.compile(
    rf"^{_POLITE}(?:unpin|unlock|unfreeze|release)(?: the| my)? (.{{1,80}}?)"
    r"(?: (?:box|node|component|shape))?"
    rf"{_END}"
)

#: words that make "pin X" something other than a node ("pin the version", "lock it down")
_NOT_A_NODE = re.compile(
    r"^(?:(?:it|this|that|them|all|everything)(?: down| up)?|down|(?:the )?versions?\b.*)$"
)


def _normal(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def parse_action(text: str) -> ChatAction | None:
    """The history or pin command that the whole message is, or None."""
    t = _normal(text)
    if not t or len(t) > 160:
        return None
    if m := _REVERT.match(t):
        return ChatAction(op="revert", version=int(m.group(1)))
    if _UNDO.match(t):
        return ChatAction(op="undo")
    if m := _UNPIN.match(t):
        target = m.group(1).strip()
        return None if _NOT_A_NODE.match(target) else ChatAction(op="unpin", target=target)
    for rule in (_PIN, _KEEP):
        if m := rule.match(t):
            target = m.group(1).strip()
            return None if _NOT_A_NODE.match(target) else ChatAction(op="pin", target=target)
    return None
