"""`archdesign d2 check [--json] FILE...` and `archdesign d2 fmt FILE [--write]`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from services.dsl.d2.api import format_d2
from services.dsl.d2.core import check
from services.dsl.d2.errors import D2Error

USAGE = "usage: archdesign d2 check [--json] FILE... | archdesign d2 fmt FILE [--write]"


def _check(args: list[str]) -> int:
    files = [a for a in args if a != "--json"]
    if not files:
        print(USAGE, file=sys.stderr)
        return 2
    status = 0
    for name in files:
        try:
            text = Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            row = {
                "file": name,
                "ok": False,
                "errors": [{"line": 1, "column": 1, "message": f"cannot read: {exc}"}],
                "shapes": [],
                "connections": [],
            }
            print(json.dumps(row, ensure_ascii=False))
            status = 1
            continue
        res = check(text)
        print(json.dumps({"file": name, **res.as_json()}, ensure_ascii=False))
        if not res.ok:
            status = 1
    return status


def _fmt(args: list[str]) -> int:
    write = "--write" in args
    files = [a for a in args if a != "--write"]
    if len(files) != 1:
        print(USAGE, file=sys.stderr)
        return 2
    path = Path(files[0])
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{path}: cannot read: {exc}", file=sys.stderr)
        return 1
    try:
        out = format_d2(text)
    except D2Error as exc:
        for issue in exc.issues:
            print(f"{path}:{issue}", file=sys.stderr)
        return 1
    if write:
        if out != text:
            path.write_text(out, encoding="utf-8")
    else:
        sys.stdout.write(out)
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE)
        return 0 if argv else 2
    verb, rest = argv[0], argv[1:]
    if verb == "check":
        return _check(rest)
    if verb == "fmt":
        return _fmt(rest)
    print(USAGE, file=sys.stderr)
    return 2
