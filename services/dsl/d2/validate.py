"""Safety policy and archdesign's style pack over parsed/compiled D2.

Safety is judged by meaning, never by substring: imports are AST nodes (``@x``, ``...@x``),
URLs are the values of ``link``/``icon``/``tooltip`` fields parsed with urllib, and limits
count bytes, shapes and nesting depth of the compiled tree. A label that says "important" or
"system" is just a label.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from services.dsl.d2 import ast as A
from services.dsl.d2.errors import D2Issue
from services.dsl.d2.model import Diagram
from shared import stylepack
from shared.settings import D2Settings

_ID = re.compile(stylepack.ID_PATTERN)
_URL_KEYS = {"link", "icon", "tooltip"}
_DANGEROUS = {"javascript", "data", "vbscript", "file", "blob", "about"}


def find_imports(tree: A.Map, src: A.Source) -> list[D2Issue]:
    """Every import in the tree (spread or not, at any depth) as a refusal."""
    out: list[D2Issue] = []

    def visit(n: object) -> None:
        if isinstance(n, A.Import):
            line, col = src.line_col(n.start)
            out.append(
                D2Issue(
                    line, col, f"imports are not allowed here (@{n.target()})", "D2_IMPORT_REFUSED"
                )
            )
        elif isinstance(n, (A.Map, A.Array)):
            for c in n.nodes:
                visit(c)
        elif isinstance(n, A.Key):
            visit(n.value)

    visit(tree)
    return out


def url_issues(tree: A.Map, src: A.Source, settings: D2Settings) -> list[D2Issue]:
    """link/icon/tooltip values that are URLs outside the allowed schemes/hosts."""
    out: list[D2Issue] = []
    schemes = {s.lower() for s in settings.allowed_url_schemes}
    hosts = {h.lower() for h in settings.allowed_url_hosts}

    def check_value(kw: str, v: A.Node) -> None:
        if not A.is_scalar(v) or isinstance(v, A.Null | A.Boolean | A.Number):
            return
        text = v.text().strip()
        parsed = urlparse(text)
        scheme = parsed.scheme.lower()
        line, col = src.line_col(v.start)
        cleaned = re.sub(r"[\x00-\x20]", "", text).lower()
        dangerous = next((d for d in _DANGEROUS if cleaned.startswith(d + ":")), None)
        if dangerous:
            out.append(
                D2Issue(
                    line, col, f"{kw} uses a forbidden URL scheme '{dangerous}:'", "D2_UNSAFE_URL"
                )
            )
            return
        if kw == "tooltip" and not scheme:
            return  # plain tooltip text
        if not scheme:
            if kw == "link" or kw == "icon":
                # a board link ("layers.x") or a relative path: no network access implied
                return
            return
        if scheme not in schemes:
            out.append(
                D2Issue(line, col, f"{kw} URL scheme '{scheme}' is not allowed", "D2_UNSAFE_URL")
            )
            return
        if kw == "icon" and (parsed.hostname or "").lower() not in hosts:
            out.append(
                D2Issue(line, col, f"icon host '{parsed.hostname}' is not allowed", "D2_UNSAFE_URL")
            )

    def visit(m: A.Map) -> None:
        for n in m.nodes:
            if not isinstance(n, A.Key):
                continue
            last = None
            if n.edge_key is not None and n.edge_key.path:
                last = n.edge_key.path[-1]
            elif n.key is not None and n.key.path and not n.edges:
                last = n.key.path[-1]
            kw = last.text().lower() if isinstance(last, A.UnquotedString) else ""
            if kw in _URL_KEYS:
                for v in (n.primary, n.value):
                    if v is not None:
                        check_value(kw, v)
            if isinstance(n.value, A.Map):
                visit(n.value)

    visit(tree)
    return out


def limit_issues(text: str, diagram: Diagram, settings: D2Settings) -> list[D2Issue]:
    out: list[D2Issue] = []
    n_shapes = len(diagram.shapes) + sum(len(b.shapes) for b in diagram.boards.values())
    if n_shapes > settings.max_shapes:
        out.append(
            D2Issue(
                1,
                1,
                f"too many shapes: {n_shapes} (limit {settings.max_shapes})",
                "D2_TOO_MANY_SHAPES",
            )
        )
    for s in diagram.shapes:
        depth = s.id.count(".") + 1 if '"' not in s.id else len(_split_id(s.id))
        if depth > settings.max_depth:
            out.append(
                D2Issue(
                    s.line or 1,
                    s.column or 1,
                    f"shape {s.id} is nested {depth} levels deep (limit {settings.max_depth})",
                    "D2_TOO_DEEP",
                )
            )
            break
    return out


def _split_id(i: str) -> list[str]:
    parts, cur, q = [], "", False
    for ch in i:
        if ch == '"':
            q = not q
        if ch == "." and not q:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return parts


def style_issues(diagram: Diagram, settings: D2Settings) -> list[D2Issue]:
    """Our style pack: snake_case ids, short labels, known classes and icons."""
    out: list[D2Issue] = []
    declared = set(diagram.classes)
    hosts = {h.lower() for h in settings.allowed_url_hosts}
    for s in diagram.shapes:
        pos = (s.line or 1, s.column or 1)
        for seg in _split_id(s.id):
            if not _ID.match(seg) or len(seg) > stylepack.ID_MAX_LEN:
                out.append(
                    D2Issue(
                        *pos,
                        f"id '{seg}' of {s.id} must be snake_case ASCII of at most "
                        f"{stylepack.ID_MAX_LEN} characters",
                        "STYLE_ID",
                    )
                )
                break
        if len(s.label) > stylepack.LABEL_MAX_LEN:
            out.append(
                D2Issue(
                    *pos,
                    f"label of {s.id} is {len(s.label)} characters (limit "
                    f"{stylepack.LABEL_MAX_LEN})",
                    "STYLE_LABEL",
                )
            )
        for c in s.classes:
            if c in stylepack.THREAT_CLASSES:
                continue
            if not stylepack.known_class(c):
                out.append(
                    D2Issue(
                        *pos,
                        f"class '{c}' of {s.id} is not one of the style pack's node "
                        "types: " + ", ".join(stylepack.NODE_CLASSES),
                        "STYLE_CLASS",
                    )
                )
            elif c not in declared:
                out.append(
                    D2Issue(
                        *pos,
                        f"class '{c}' of {s.id} is used but not declared in `classes: {{...}}`",
                        "STYLE_CLASS",
                    )
                )
        if s.icon:
            host = (urlparse(s.icon).hostname or "").lower()
            if host and host not in hosts:
                out.append(D2Issue(*pos, f"unknown icon host '{host}' on {s.id}", "STYLE_ICON"))
    for conn in diagram.connections:
        if len(conn.label) > stylepack.LABEL_MAX_LEN:
            out.append(
                D2Issue(
                    conn.line or 1,
                    conn.column or 1,
                    f"label of {conn.src} -> {conn.dst} is {len(conn.label)} characters (limit "
                    f"{stylepack.LABEL_MAX_LEN})",
                    "STYLE_LABEL",
                )
            )
    return out
