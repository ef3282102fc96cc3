"""Score the built-in architect on bench/generation/requests.py and time it.

    .venv/bin/python -m bench.generation.evaluate [--json] [--repeat N]

Create cases: required components present, expected connections present (directly or through
edge components: CDN/WAF/LB/gateway), size within the band, D2 passes our validator.
Edit cases: every expectation of the edited diagram holds. Latency: create and update p50/p99.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import Any

from bench.generation.requests import CREATE_CASES, EDIT_CASES
from services.dsl.d2 import D2Error, compile_d2, validate_d2
from services.dsl.d2.model import Diagram, Shape
from services.dsl.generation import GenerationRequest, generate
from shared.contracts import GenerationKind, Intent, SessionSnapshot

EDGE_CLASSES = {"network", "security"}


def leaves(d: Diagram) -> list[Shape]:
    return [s for s in d.shapes if not s.children and "zone" not in s.classes]


def matching(shapes: list[Shape], words: tuple[str, ...]) -> list[Shape]:
    return [s for s in shapes if any(w in s.label.lower() or w in s.id.lower() for w in words)]


def connected(d: Diagram, a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """A connection between shapes matching a and b, directly or via edge components."""
    shapes = leaves(d)
    sa = {s.id for s in matching(shapes, a)}
    sb = {s.id for s in matching(shapes, b)}
    by_id = {s.id: s for s in d.shapes}
    adj: dict[str, set[str]] = {}
    for c in d.connections:
        adj.setdefault(c.src, set()).add(c.dst)
        adj.setdefault(c.dst, set()).add(c.src)
    for start in sa:
        frontier, seen = [start], {start}
        while frontier:
            cur = frontier.pop()
            for nxt in adj.get(cur, ()):
                if nxt in sb and nxt != start:
                    return True
                passable = by_id.get(nxt) and EDGE_CLASSES & set(by_id[nxt].classes)
                if nxt not in seen and passable and nxt not in sa:
                    seen.add(nxt)
                    frontier.append(nxt)
    return False


def direct(d: Diagram, a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    shapes = leaves(d)
    sa = {s.id for s in matching(shapes, a)}
    sb = {s.id for s in matching(shapes, b)}
    return any(
        (c.src in sa and c.dst in sb) or (c.src in sb and c.dst in sa) for c in d.connections
    )


def create(query: str, intent: Intent = Intent.DSL_CREATE, base: str | None = None) -> Any:
    session = SessionSnapshot(session_id="bench", current_d2=base)
    return generate(GenerationRequest(intent=intent, query=query, session=session))


def valid(d2: str) -> bool:
    try:
        validate_d2(d2)
        return True
    except D2Error:
        return False


def check_edit(d: Diagram | None, result: Any, exp: tuple) -> bool:
    if exp[0] == "clarify":
        return bool(result.kind == GenerationKind.ANSWER)
    if d is None:
        return False
    shapes = leaves(d)
    if exp[0] == "has":
        return bool(matching(shapes, exp[1]))
    if exp[0] == "lacks":
        return not matching(shapes, exp[1])
    if exp[0] == "edge":
        return direct(d, exp[1], exp[2])
    if exp[0] == "no_edge":
        return not direct(d, exp[1], exp[2])
    if exp[0] == "label":
        hits = matching(shapes, exp[1])
        return any(s.label == exp[2] for s in hits)
    if exp[0] == "parent":
        inner = matching(shapes, exp[1])
        outer = matching(d.shapes, exp[2])
        return any(s.parent in {o.id for o in outer} for s in inner)
    raise ValueError(exp)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def run(repeat: int) -> dict[str, Any]:
    comp_ok = comp_all = conn_ok = conn_all = size_ok = valid_ok = 0
    failures: list[str] = []
    for query, comps, conns, (lo, hi) in CREATE_CASES:
        r = create(query)
        d = compile_d2(r.d2)
        valid_ok += valid(r.d2)
        for c in comps:
            comp_all += 1
            if matching(leaves(d), c):
                comp_ok += 1
            else:
                failures.append(f"missing {c[0]!r} in {query!r}")
        for a, b in conns:
            conn_all += 1
            if connected(d, a, b):
                conn_ok += 1
            else:
                failures.append(f"no {a[0]!r} - {b[0]!r} connection in {query!r}")
        n = len(leaves(d))
        if lo <= n <= hi:
            size_ok += 1
        else:
            failures.append(f"{n} shapes for {query!r} (expected {lo}-{hi})")
    edit_ok = edit_valid = 0
    for base_q, edit, exps in EDIT_CASES:
        base = create(base_q).d2
        r = create(edit, Intent.DSL_UPDATE, base)
        d = compile_d2(r.d2) if r.d2 else None
        if r.d2:
            edit_valid += valid(r.d2)
        else:
            edit_valid += 1
        ok = all(check_edit(d, r, e) for e in exps)
        edit_ok += ok
        if not ok:
            failures.append(f"edit {edit!r}: {r.message[:120]}")
    # latency (warm): create and update, repeated
    create_ms: list[float] = []
    update_ms: list[float] = []
    bases = {q: create(q).d2 for q, _, _ in EDIT_CASES}
    for _ in range(repeat):
        for query, *_ in CREATE_CASES:
            t = time.perf_counter()
            create(query)
            create_ms.append((time.perf_counter() - t) * 1000)
        for base_q, edit, _ in EDIT_CASES:
            t = time.perf_counter()
            create(edit, Intent.DSL_UPDATE, bases[base_q])
            update_ms.append((time.perf_counter() - t) * 1000)
    return {
        "create_cases": len(CREATE_CASES),
        "components_present": round(comp_ok / comp_all, 4),
        "connections_sensible": round(conn_ok / conn_all, 4),
        "size_proportionate": round(size_ok / len(CREATE_CASES), 4),
        "create_valid_d2": round(valid_ok / len(CREATE_CASES), 4),
        "edit_cases": len(EDIT_CASES),
        "edits_correct": round(edit_ok / len(EDIT_CASES), 4),
        "edit_valid_d2": round(edit_valid / len(EDIT_CASES), 4),
        "create_ms_p50": round(statistics.median(create_ms), 2),
        "create_ms_p99": round(percentile(create_ms, 99), 2),
        "update_ms_p50": round(statistics.median(update_ms), 2),
        "update_ms_p99": round(percentile(update_ms, 99), 2),
        "failures": failures,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    out = run(args.repeat)
    if args.json:
        print(json.dumps(out))
    else:
        for k, v in out.items():
            if k != "failures":
                print(f"{k:24} {v}")
        for f in out["failures"]:
            print("  FAIL", f)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
