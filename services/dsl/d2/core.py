"""The pipeline of the D2 core: text -> AST -> IR -> compiled Diagram, and `check`.

Each stage collects errors; the first stage that reports any stops the pipeline, as the
official compiler does (parse errors are reported before compile errors). Positions are
1-based line/column. Nothing here raises except `D2Error` (the entry points are marked
``only_d2_errors``). A compile whose globs need more work than the IR stage's budget
(``ir_state.MAX_GLOB_WORK``) stops with ``D2_TOO_COMPLEX`` at the glob that ran out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from services.dsl.d2 import ast as A
from services.dsl.d2.compiler import GraphCompiler
from services.dsl.d2.config import validate_configs
from services.dsl.d2.errors import D2Error, D2Issue, only_d2_errors
from services.dsl.d2.graph_obj import id_segment
from services.dsl.d2.ir import Compiler
from services.dsl.d2.ir_state import MAX_GLOB_WORK, GlobWorkExceeded
from services.dsl.d2.model import Diagram, Shape
from services.dsl.d2.parser import parse
from services.dsl.d2.substitutions import resolve_substitutions
from services.dsl.d2.tree import IRMap, remove_suspended


@dataclass
class CheckResult:
    ok: bool
    errors: list[D2Issue] = field(default_factory=list)
    shapes: list[dict[str, str]] = field(default_factory=list)
    connections: list[dict[str, str]] = field(default_factory=list)
    diagram: Diagram | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "errors": [
                {"line": e.line, "column": e.column, "message": e.message} for e in self.errors
            ],
            "shapes": self.shapes,
            "connections": self.connections,
        }


def _issues(src: A.Source, errs: list[tuple[int, int, str]], code: str) -> list[D2Issue]:
    out: list[D2Issue] = []
    seen: set[tuple[int, int, str]] = set()
    for start, _end, msg in errs:
        line, col = src.line_col(start)
        k = (line, col, msg)
        if k in seen:
            continue
        seen.add(k)
        out.append(D2Issue(line, col, msg, code))
    return out


@only_d2_errors
def parse_text(text: str) -> A.Map:
    """Parse `text`; raise D2Error with every syntax error."""
    tree, errs = parse(text)
    if errs:
        raise D2Error(_issues(A.Source(text), errs, "D2_SYNTAX"))
    return tree


def compile_ast(text: str, tree: A.Map, fs: dict[str, str] | None = None) -> Diagram:
    """The compiled diagram of ``tree`` (the parse of ``text``, which positions refer to)."""
    ir = Compiler(fs)
    root = IRMap()
    try:
        ir.compile_map(root, tree)
        remove_suspended(root)
        resolve_substitutions(ir, root)
    except GlobWorkExceeded as exc:
        line, col = A.Source(text).line_col(exc.node.start)
        msg = f"globs need more than {MAX_GLOB_WORK} matches: use fewer or narrower globs"
        raise D2Error([D2Issue(line, col, msg, "D2_TOO_COMPLEX")]) from None
    ir.errors.extend(validate_configs(root))
    if ir.errors:
        raise D2Error(_issues(A.Source(text), ir.errors, "D2_COMPILE"))
    errors: list[tuple[int, int, str]] = []
    d = GraphCompiler(errors).compile_board(root)
    src = A.Source(text)
    if errors:
        raise D2Error(_issues(src, errors, "D2_COMPILE"))
    for s in d.shapes:
        if s.offset >= 0:
            s.line, s.column = src.line_col(s.offset)
    for c in d.connections:
        if c.offset >= 0:
            c.line, c.column = src.line_col(c.offset)
    return d


@only_d2_errors
def compile_text(text: str, fs: dict[str, str] | None = None, tree: A.Map | None = None) -> Diagram:
    """Compile D2 text to a Diagram; raises D2Error (and only D2Error).

    ``tree``: the text's parse when the caller has it already (it is only read).
    """
    if not isinstance(text, str):
        raise D2Error([D2Issue(1, 1, "input must be text", "D2_SYNTAX")])
    if tree is None:
        tree = parse_text(text)
    return compile_ast(text, tree, fs)


def check(text: str, fs: dict[str, str] | None = None) -> CheckResult:
    """Compile and summarise like the official compiler's diagram; never raises."""
    try:
        d = compile_text(text, fs)
    except D2Error as e:
        return CheckResult(ok=False, errors=list(e.issues))
    # the terminal themes write every label in capitals (the official graph does it before
    # layout, so it shows in the diagram it returns)
    caps = d.config.get("theme-id", "").strip() in _CAPS_LOCK_THEMES
    shapes = [_exported_shape(s, caps) for s in d.shapes]
    conns = [
        {
            "src": c.src,
            "dst": c.dst,
            "src_arrow": c.src_arrow,
            "dst_arrow": c.dst_arrow,
            "label": _shown(_caps(c.label, c.style, caps), c.style),
        }
        for c in d.connections
    ]
    conns += [_lifeline(s) for s in d.shapes if s.seq_role == "actor"]
    return CheckResult(ok=True, shapes=shapes, connections=conns, diagram=d)


_CAPS_LOCK_THEMES = {"300", "301"}  # Terminal, Terminal Grayscale


def _caps(label: str, style: dict[str, str], caps: bool) -> str:
    if caps and style.get("text-transform", "").lower() != "none":
        return label.upper()
    return label


def _exported_shape(s: Shape, caps: bool) -> dict[str, str]:
    """A shape as the official diagram exports it (after its sequence-diagram layout)."""
    label = s.label
    if s.shape != "code" and s.language != "latex":
        label = _caps(label, s.style, caps)
    label, shape = _shown(label, s.style), _EXPORTED.get(s.shape, s.shape)
    if s.seq_role == "span":  # the official layout draws spans as unlabeled boxes
        label, shape = "", "rectangle"
    elif s.seq_role == "note":
        shape = "page"
    return {"id": s.id, "label": label, "shape": shape}


def _lifeline(actor: Shape) -> dict[str, str]:
    """The lifeline connection the official sequence layout adds below each actor.

    Its end is a point named ``<actor id>-lifeline-end-<FNV-1a 32 of "<id>-lifeline-end">``.
    """
    seg = id_segment(actor.name)
    h = 0x811C9DC5
    for b in (seg + "-lifeline-end").encode():
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return {
        "src": actor.id,
        "dst": f"{seg}-lifeline-end-{h}",
        "src_arrow": "none",
        "dst_arrow": "none",
        "label": "",
    }


#: the official exporter draws these D2 shapes with another shape's name
_EXPORTED = {"circle": "oval", "square": "rectangle"}


def _shown(label: str, style: dict[str, str]) -> str:
    """The label as the official diagram carries it (text-transform applied)."""
    t = style.get("text-transform", "").lower()
    if t == "uppercase":
        return label.upper()
    if t == "lowercase":
        return label.lower()
    if t == "capitalize":
        return " ".join(w[:1].upper() + w[1:] for w in label.split(" "))
    return label
