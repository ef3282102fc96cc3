"""D2 abstract syntax tree: every node carries its source range as character offsets.

The parser (``parser.py``) builds these; the compiler (``ir.py``) reads them; the formatter
prints them back. Offsets are 0-based indices into the source string; ``Source`` turns them
into 1-based line/column for messages.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TypeGuard


class Source:
    """Maps character offsets of one text to 1-based (line, column)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                self._starts.append(i + 1)

    def line_col(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1


@dataclass
class Node:
    start: int
    end: int


# ---- strings and scalars --------------------------------------------------------------------


@dataclass
class Substitution(Node):
    """``${a.b}`` (or ``...${a}`` when spread)."""

    path: list[StringNode] = field(default_factory=list)
    spread: bool = False


@dataclass
class Import(Node):
    """``@file`` or ``...@file`` — recognised so policy can refuse it."""

    pre: str = ""
    path: list[StringNode] = field(default_factory=list)
    spread: bool = False

    def target(self) -> str:
        return self.pre + "/".join(p.text() for p in self.path)


@dataclass
class UnquotedString(Node):
    parts: list[str | Substitution] = field(default_factory=list)
    raw: str = ""
    pattern: list[str] | None = None  # glob pieces ("*" marks a wildcard) when the key has '*'

    def text(self) -> str:
        return "".join(p if isinstance(p, str) else "" for p in self.parts)


@dataclass
class DoubleQuotedString(Node):
    parts: list[str | Substitution] = field(default_factory=list)
    raw: str = ""

    def text(self) -> str:
        return "".join(p if isinstance(p, str) else "" for p in self.parts)


@dataclass
class SingleQuotedString(Node):
    value: str = ""

    def text(self) -> str:
        return self.value


@dataclass
class BlockString(Node):
    quote: str = ""
    tag: str = "md"
    value: str = ""

    def text(self) -> str:
        return self.value


StringNode = UnquotedString | DoubleQuotedString | SingleQuotedString | BlockString


@dataclass
class Null(Node):
    def text(self) -> str:
        return "null"


@dataclass
class Suspension(Node):
    value: bool = True

    def text(self) -> str:
        return "suspend" if self.value else "unsuspend"


@dataclass
class Boolean(Node):
    value: bool = False
    raw: str = ""

    def text(self) -> str:
        return self.raw


@dataclass
class Number(Node):
    raw: str = ""

    def text(self) -> str:
        return self.raw


Scalar = Null | Suspension | Boolean | Number | StringNode


# ---- composites -----------------------------------------------------------------------------


@dataclass
class Comment(Node):
    value: str = ""


@dataclass
class BlockComment(Node):
    value: str = ""


@dataclass
class KeyPath(Node):
    path: list[StringNode] = field(default_factory=list)

    def strings(self) -> list[str]:
        return [p.text() for p in self.path]


@dataclass
class Edge(Node):
    src: KeyPath | None = None
    src_arrow: str = ""  # "" | "<" | "*"
    dst: KeyPath | None = None
    dst_arrow: str = ""  # "" | ">" | "*"


@dataclass
class EdgeIndex(Node):
    index: int | None = None
    glob: bool = False


@dataclass
class Key(Node):
    """One map entry: ``key``, ``key: value``, ``a -> b: label {…}``, ``(a -> b)[0].x: y``."""

    ampersand: bool = False
    not_ampersand: bool = False
    key: KeyPath | None = None
    edges: list[Edge] = field(default_factory=list)
    edge_index: EdgeIndex | None = None
    edge_key: KeyPath | None = None
    primary: Scalar | None = None
    value: Value | None = None


@dataclass
class Array(Node):
    nodes: list[ArrayNode] = field(default_factory=list)


@dataclass
class Map(Node):
    nodes: list[MapNode] = field(default_factory=list)


Value = Scalar | Array | Map | Import | Substitution
MapNode = Comment | BlockComment | Key | Substitution | Import
ArrayNode = Comment | BlockComment | Substitution | Import | Scalar | Array | Map


def node_type(n: object) -> str:
    """The name the official tools use for a node kind in messages."""
    names = {
        Comment: "comment",
        BlockComment: "block comment",
        Null: "null",
        Suspension: "suspension",
        Boolean: "boolean",
        Number: "number",
        UnquotedString: "unquoted string",
        DoubleQuotedString: "double quoted string",
        SingleQuotedString: "single quoted string",
        Substitution: "substitution",
        Import: "import",
        Array: "array",
        Map: "map",
        Key: "map key",
        KeyPath: "key path",
        Edge: "edge",
    }
    if isinstance(n, BlockString):
        return f"{n.tag} block string"
    return names.get(type(n), "node")


def is_scalar(v: object) -> TypeGuard[Scalar]:
    return isinstance(
        v,
        Null
        | Suspension
        | Boolean
        | Number
        | UnquotedString
        | DoubleQuotedString
        | SingleQuotedString
        | BlockString,
    )
