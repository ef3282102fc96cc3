"""Value checks shared by the compiler: style values, colours and gradients, arrowheads, and
markdown labels whose raw HTML the official compiler would refuse. Pure functions.
"""

from __future__ import annotations

import re

from services.dsl.d2.keywords import (
    ARROWHEADS,
    FILL_PATTERNS,
    FONTS,
    NAMED_COLORS,
    TEXT_TRANSFORMS,
)

_HEX = re.compile(r"^#(([0-9a-fA-F]{2}){3}|([0-9a-fA-F]){3})$")
_INT = re.compile(r"^[+-]?\d+$")
_BOOL = {"1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"}


def style_error(key: str, value: str) -> str | None:
    """The official message when `value` is not valid for style `key`, else None."""
    if key == "opacity":
        try:
            f = float(value)
        except ValueError:
            return 'expected "opacity" to be a number between 0.0 and 1.0'
        if not 0 <= f <= 1:
            return 'expected "opacity" to be a number between 0.0 and 1.0'
    elif key in ("stroke", "fill", "font-color"):
        if not valid_color(value):
            return (
                f'expected "{key}" to be a valid named color ("orange"), a hex code '
                '("#f0ff3a"), or a gradient ("linear-gradient(red, blue)")'
            )
    elif key == "fill-pattern":
        if value.lower() not in FILL_PATTERNS:
            return 'expected "fill-pattern" to be one of: ' + ", ".join(FILL_PATTERNS)
    elif key in ("stroke-width", "stroke-dash", "border-radius", "font-size"):
        n = None if not _INT.match(value) else int(value)
        limits = {
            "stroke-width": (0, 15, 'expected "stroke-width" to be a number between 0 and 15'),
            "stroke-dash": (0, 10, 'expected "stroke-dash" to be a number between 0 and 10'),
            "border-radius": (
                0,
                None,
                'expected "border-radius" to be a number greater or equal to 0',
            ),
            "font-size": (8, 100, 'expected "font-size" to be a number between 8 and 100'),
        }
        lo, hi, msg = limits[key]
        if n is None or n < lo or (hi is not None and n > hi):
            return msg
    elif key in (
        "shadow",
        "3d",
        "multiple",
        "animated",
        "bold",
        "italic",
        "underline",
        "filled",
        "double-border",
    ):
        if value not in _BOOL:
            return f'expected "{key}" to be true or false'
    elif key == "font":
        if value.lower() not in FONTS:
            return f'"{value}" is not a valid font in our system'
    elif key == "text-transform" and value.lower() not in TEXT_TRANSFORMS:
        return 'expected "text-transform" to be one of (' + ", ".join(TEXT_TRANSFORMS) + ")"
    return None


_MD_CODE_OR_TAG = re.compile(
    r"(```[\s\S]*?```|`[^`\n]*`|<!--[\s\S]*?-->|<![^>]*>)"
    r"|<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*?)?(/?)>"
)


def markdown_html_problem(md: str) -> str | None:
    """Raw HTML in markdown that does not nest (the official renders markdown and parses the
    result as XML, so every element must be closed, ``<br>`` included)."""
    stack: list[str] = []
    for mt in _MD_CODE_OR_TAG.finditer(md):
        if mt.group(1) is not None:
            continue  # code or a comment: not HTML
        closing, name, selfclose = mt.group(2), mt.group(3).lower(), mt.group(4)
        if selfclose:
            continue
        if not closing:
            stack.append(name)
            continue
        if not stack:
            return f"element </{name}> closes nothing"
        top = stack.pop()
        if top != name:
            return f"element <{top}> closed by </{name}>"
    if stack:
        return f"element <{stack[-1]}> closed by </div>"
    return None


_GRADIENT = re.compile(r"^(linear|radial)-gradient\((.+)\)$", re.S)
_CSS_HEX = re.compile(r"^#([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
_CSS_FUNC = re.compile(r"^(rgba?|hsla?|hwba?|hsva?)\(.*\)$", re.I | re.S)


def valid_color(value: str) -> bool:
    """A named colour, a hex code, or a gradient whose every stop is a CSS colour."""
    g = _GRADIENT.match(value)
    if g is None:
        v = value.strip()
        return v.lower() in NAMED_COLORS or bool(_HEX.match(v))
    params = _split_params(g.group(2))
    if not params:
        return False
    first = params[0].strip()
    if (g.group(1) == "linear" and (first.endswith("deg") or first.startswith("to "))) or (
        g.group(1) == "radial" and first in ("circle", "ellipse")
    ):
        params = params[1:]
    for p in params:
        parts = p.split()
        if len(parts) not in (1, 2):
            continue
        c = parts[0]
        if not (c.lower() in NAMED_COLORS or _CSS_HEX.match(c) or _CSS_FUNC.match(c)):
            return False
    return True


def _split_params(params: str) -> list[str]:
    parts: list[str] = []
    buf: list[str] = []
    depth = 0
    for ch in params:
        if ch == "," and depth == 0:
            parts.append("".join(buf))
            buf = []
            continue
        if ch == "(":
            depth += 1
        elif ch == ")" and depth > 0:
            depth -= 1
        buf.append(ch)
    if buf:
        parts.append("".join(buf))
    return parts


def to_arrowhead(shape: str, filled: str | None) -> str:
    is_filled = filled is not None and filled.lower() in ("true", "1", "t")
    if shape == "diamond":
        return "filled-diamond" if is_filled else "diamond"
    if shape == "circle":
        return "filled-circle" if is_filled else "circle"
    if shape == "box":
        return "filled-box" if is_filled else "box"
    if shape == "triangle":
        return "unfilled-triangle" if filled is not None and not is_filled else "triangle"
    if shape in ARROWHEADS:
        return shape
    return "triangle"
