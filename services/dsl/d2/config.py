"""Checks of ``vars.d2-config`` (the in-file render configuration), as the official compiler.

Only the root ``vars`` of a board may hold ``d2-config``; its keys are a closed set with typed
values (booleans, integers, known theme ids, colour maps). Reads the IR; returns errors as
``(start, end, message)`` like the other stages.
"""

from __future__ import annotations

import re

from services.dsl.d2 import ast as A
from services.dsl.d2 import tree as T
from services.dsl.d2.keywords import NAMED_COLORS

Err = tuple[int, int, str]

_BOOL = {"1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"}
_INT = re.compile(r"^[+-]?\d+$")
_HEX = re.compile(r"^#(([0-9a-fA-F]{2}){3}|([0-9a-fA-F]){3})$")
#: the official theme catalogue (d2themescatalog)
THEME_IDS = frozenset(
    {0, 1, 3, 4, 5, 6, 7, 8, 100, 101, 102, 103, 104, 105, 200, 201, 300, 301, 302, 303}
)
_THEME_CODES = frozenset(
    [
        "N1",
        "N2",
        "N3",
        "N4",
        "N5",
        "N6",
        "N7",
        "B1",
        "B2",
        "B3",
        "B4",
        "B5",
        "B6",
        "AA2",
        "AA4",
        "AA5",
        "AB4",
        "AB5",
    ]
)
_MAP_KEYS = ("theme-overrides", "dark-theme-overrides", "data")


def _at(node: A.Node | None, msg: str) -> Err:
    return (node.start, node.end, msg) if node is not None else (0, 0, msg)


def _ref(f: T.Field) -> A.Node | None:
    return f.keys[-1] if f.keys else f.last_node


def _scalar(f: T.Field) -> str:
    p = f.primary
    return p.text() if p is not None else ""


def validate_configs(root: T.IRMap) -> list[Err]:
    """Every problem with ``vars.d2-config`` anywhere under ``root``."""
    errs: list[Err] = []
    stack = [root]
    while stack:
        m = stack.pop()
        for f in m.fields:
            if f.map is not None:
                stack.append(f.map)
            if not (f.name.is_kw({"vars"}) and f.map is not None):
                continue
            cfg = f.map.get("d2-config")
            if cfg is None or cfg.map is None:
                continue
            if not T.board_kind(m):
                errs.append(_at(_ref(cfg), '"d2-config" can only appear at root vars'))
                continue
            errs.extend(_check(cfg.map))
    return errs


def _check(cfg: T.IRMap) -> list[Err]:
    errs: list[Err] = []
    for f in cfg.fields:
        name, val = f.name.text, _scalar(f)
        if f.primary is None and name not in _MAP_KEYS:
            errs.append(_at(_ref(f), f'"{name}" needs a value'))
            continue
        if name in ("sketch", "center"):
            if val not in _BOOL:
                errs.append(_at(_ref(f), f'expected a boolean for "{name}", got "{val}"'))
        elif name in _MAP_KEYS:
            if f.map is None:
                errs.append(_at(_ref(f), f'"{name}" needs a map'))
            elif name != "data":
                errs.extend(_theme_overrides(f.map))
        elif name in ("theme-id", "dark-theme-id"):
            if not _INT.match(val):
                errs.append(_at(_ref(f), f'expected an integer for "{name}", got "{val}"'))
            elif int(val) not in THEME_IDS:
                errs.append(_at(_ref(f), f"{int(val)} is not a valid theme ID"))
        elif name == "pad":
            if not _INT.match(val):
                errs.append(_at(_ref(f), f'expected an integer for "{name}", got "{val}"'))
        elif name != "layout-engine":
            errs.append(_at(_ref(f), f'"{name}" is not a valid config'))
    return errs


def _theme_overrides(m: T.IRMap) -> list[Err]:
    errs: list[Err] = []
    for f in m.fields:
        node = f.primary_key or _ref(f)
        if f.name.text.upper() not in _THEME_CODES:
            errs.append(_at(node, f'"{f.name.text}" is not a valid theme code'))
            continue
        v = _scalar(f)
        if v.lower() not in NAMED_COLORS and not _HEX.match(v):
            errs.append(
                _at(
                    node,
                    f'expected "{f.name.text}" to be a valid named color ("orange") or a hex '
                    'code ("#f0ff3a")',
                )
            )
    return errs
