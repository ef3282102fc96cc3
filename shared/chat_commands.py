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
    # the particle after its object: "roll it back", "take that back", "put it back how it was"
    r"|(?:roll|take|put|change|set|turn) (?:it|that|this|them|those|everything|the last "
    r"(?:change|edit|step)|my last (?:change|edit)) back"
    r"(?: (?:to (?:how|the way) it was|the way it was|how it was|again))?"
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
#: ... nor "lock it down more", "lock everything down tighter": a wish for more security, said
#: with a pronoun and a degree, pins nothing
_NOT_A_NODE = re.compile(
    r"^(?:(?:it|this|that|them|all|everything|things|stuff)(?: down| up)?"
    r"(?: (?:more|further|tighter|harder|better|properly|completely|fully|even more|some more|"
    r"a (?:bit|little|lot)(?: more)?|some|again|too|as well))*"
    r"|down(?: (?:more|further|tighter|harder))*|(?:the )?versions?\b.*)$"
)


def _normal(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


# Where a history command told after its reason starts: "the client hated that change, please
# roll it back", "that broke the layout - revert to version 3", "nope. undo".
# A reason is news or a verdict; a head that is itself an edit ("add a cache, then undo") keeps
# the message an edit sequence that no single command covers.
_TAIL = re.compile(r"(?:[.!;:]|\s[-–—]+|,(?= (?:so |just |please |pls |ok |okay )))\s+(?=\S)")
_HEAD_EDIT = re.compile(
    r"^(?:(?:please|pls|ok|okay|now|first|just)[ ,]+)*(?:add|remove|delete|drop|rename|move|"
    r"connect|link|put|replace|swap|create|make|change|insert|split|merge|pin|lock|unpin|group|"
    r"set|turn|show|hide|draw|update|upgrade|use|wire|route)\b"
)


def parse_action(text: str) -> ChatAction | None:
    """The history or pin command that the whole message is, or None. A reason told first
    ("leadership didn't like it, please roll it back") leaves the undo or revert that ends the
    message; a pin must be the whole message."""
    t = _normal(text)
    if not t or len(t) > 160:
        return None
    whole = _parse(t)
    if whole is not None:
        return whole
    parts = _TAIL.split(t)
    if len(parts) > 1 and "?" not in t and not any(_HEAD_EDIT.match(p) for p in parts[:-1]):
        tail = _parse(re.sub(r"^(?:(?:so|just|ok|okay)[ ,]+)+", "", parts[-1]))
        if tail is not None and tail.op in ("undo", "revert"):
            return tail
    return None


def _parse(t: str) -> ChatAction | None:
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
