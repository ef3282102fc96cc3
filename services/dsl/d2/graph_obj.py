"""The graph stage's objects while a board is compiled, and how it names and places them.

``GraphObj`` wraps a ``model.Shape`` with what the checks need to remember (the AST nodes of
its ``near``, ``width``, ``3d`` ..., where it was referenced). Ids are spelled as the
official graph spells them (``id_seg``: quoted when a segment needs quotes). Errors point at
the AST node ``ref_node``/``pk_node`` choose, as the official compiler's messages do.
Read by the compiler (``compiler.py``, ``reserved.py``), its checks (``graph_checks.py``) and
the sequence-diagram pass (``sequence.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from services.dsl.d2 import ast as A
from services.dsl.d2 import tree as T
from services.dsl.d2.model import Shape


@dataclass
class GraphObj:
    shape: Shape
    node: A.Node | None
    children: dict[str, GraphObj] = field(default_factory=dict)
    order: list[GraphObj] = field(default_factory=list)
    parent: GraphObj | None = None
    shape_set: bool = False
    label_key: A.Node | None = None
    width: str | None = None
    height: str | None = None
    three_d: A.Node | None = None
    double_border: A.Node | None = None
    near_node: A.Node | None = None
    has_pos: A.Node | None = None
    seg: str = ""  # the id segment as the official graph spells it (quoted when needed)
    # (key, map it was written in, default scope object) per reference
    refs: list[tuple[A.Key, T.IRMap | None, GraphObj]] = field(default_factory=list)

    @property
    def is_grid(self) -> bool:
        return "grid-rows" in self.shape.attrs or "grid-columns" in self.shape.attrs


def descends(a: GraphObj, b: GraphObj) -> bool:
    """``a`` lies somewhere inside ``b``."""
    cur = a.parent
    while cur is not None:
        if cur is b:
            return True
        cur = cur.parent
    return False


def id_segment(text: str) -> str:
    """``text`` as one id segment of the official graph (quoted when it needs to be)."""
    return id_seg(T.Name(text, False))


_KEY_SPECIALS = frozenset("#;\n\\{}[]'\"|:.-<>*&()@")


def id_seg(n: T.Name) -> str:
    """One id segment spelled as the official formatter spells a key (quoted when needed)."""
    t = n.text
    if not t:
        return '""'
    special = False
    for i, ch in enumerate(t):
        if ch == "-" and i + 1 < len(t) and t[i + 1] != "-":
            continue  # a lone dash inside a name needs no quotes
        if ch in _KEY_SPECIALS:
            special = True
            break
    if special and '"' in t and "\n" not in t:
        return "'" + t.replace("'", "''") + "'"
    if special or t[0].isspace() or t[-1].isspace():
        return '"' + t.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if t.lower() == "null":
        return "'null'"
    return t


def ids(names: list[T.Name]) -> str:
    """A path of names as one dotted id of the official graph."""
    return ".".join(id_seg(n) for n in names)


def ref_node(f: T.Field) -> A.Node | None:
    """Where an error about field ``f`` points: the last place it was named."""
    return f.last_node if f.last_node is not None else (f.keys[-1] if f.keys else None)


def pk_node(f: T.Field) -> A.Node | None:
    """Where an error about ``f``'s value points: the key that set it, else ``ref_node``."""
    return f.primary_key if f.primary_key is not None else ref_node(f)
