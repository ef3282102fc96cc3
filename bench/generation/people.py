"""Score the built-in architect on the generation sets written by people outside the project.

    .venv/bin/python -m bench.generation.people [--edits DIR] [--creates FILE] [--json]
        [--failures] [--no-official] [--part dev|held|all] [--only edits|creates]

Edits (DIR holds ``bases/*.d2`` and ``cases.jsonl``): each request is answered as a DSL_UPDATE
of its base; a case is right when every check holds in the edited diagram, or, for a
``clarify`` case, when the diagram is left as it was and the reply asks back. "Not understood"
counts the non-clarify cases answered without an edit. Creates (a JSONL file): each request is
answered as a DSL_CREATE; must-have recall, stated connections (directly or through
network/security middlemen), counts, the size band, and how many got a question instead of a
diagram. Every D2 the architect produced is compiled by the official D2 compiler
(node_modules/@terrastruct/d2) unless ``--no-official``. No LLM is used, whatever the
environment says.

``--part`` scores one side of a fixed split (:func:`split`): ``dev`` (70%, the part to look at
while working), ``held`` (30%, held out by a fixed seed: run it to report generalisation, never
to tune) or ``all``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.generation import people_checks as checks
from services.dsl.d2 import D2Error, compile_d2
from services.dsl.generation import architect
from services.dsl.generation.request import GenerationRequest
from shared.contracts import GenerationKind, Intent, SessionSnapshot

HERE = Path(__file__).resolve().parent / "people"
DEFAULT_EDITS = HERE / "edits_dev"
DEFAULT_CREATES = HERE / "creates_dev" / "cases.jsonl"
#: the seed of the dev / held-out split and the share held out
SPLIT_SEED = 11
HELD_SHARE = 0.3
PARTS = ("dev", "held", "all")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def split(cases: list[dict[str, Any]], part: str, key: str | None = None) -> list[dict[str, Any]]:
    """The cases of one part: ``held`` is a fixed 30% of the ids, ``dev`` the rest, ``all``
    every case. With `key` ("base" for the edits) the share is drawn per value of that field
    (seeded by the value), so every base keeps dev and held cases; without it over all ids
    (sorted, then shuffled with a fixed seed, so the split does not depend on the file's
    order)."""
    if part == "all":
        return cases
    groups: dict[str, list[str]] = defaultdict(list)
    for case in cases:
        groups[str(case.get(key, "")) if key else ""].append(case["id"])
    held: set[str] = set()
    for name in sorted(groups):
        ids = sorted(groups[name])
        rng = random.Random(f"{SPLIT_SEED}:{name}") if key else random.Random(SPLIT_SEED)
        if key:
            held.update(rng.sample(ids, round(len(ids) * HELD_SHARE)))
        else:
            rng.shuffle(ids)
            held.update(ids[: round(len(ids) * HELD_SHARE)])
    return [c for c in cases if (c["id"] in held) == (part == "held")]


def count_checks(case: dict[str, Any]) -> list[tuple[list[str], int]]:
    """A create case's counts: a list of ``[[words], N]`` pairs, or one such pair alone (both
    forms occur: the format note allows either)."""
    counts = case.get("counts") or []
    if len(counts) == 2 and isinstance(counts[1], int):
        counts = [counts]
    return [(list(words), int(n)) for words, n in counts]


def ask(intent: Intent, query: str, base: str | None = None) -> Any:
    session = SessionSnapshot(session_id="bench", current_d2=base)
    return architect.answer(GenerationRequest(intent=intent, query=query, session=session))


class Tally:
    """Right/total counters by group (overall, voice, kind)."""

    def __init__(self) -> None:
        self.right: dict[str, int] = defaultdict(int)
        self.total: dict[str, int] = defaultdict(int)

    def add(self, groups: list[str], ok: bool) -> None:
        for g in groups:
            self.total[g] += 1
            self.right[g] += int(ok)

    def rates(self) -> dict[str, str]:
        return {
            g: f"{self.right[g]}/{self.total[g]} = {self.right[g] / self.total[g]:.1%}"
            for g in sorted(self.total, key=lambda g: (g != "all", g))
        }


def score_edits(
    folder: Path, part: str = "all"
) -> tuple[dict[str, Any], list[str], list[tuple[str, str]]]:
    bases = {p.stem: p.read_text() for p in (folder / "bases").glob("*.d2")}
    tally = Tally()
    not_understood = 0
    failures: list[str] = []
    produced: list[tuple[str, str]] = []
    cases = split(read_jsonl(folder / "cases.jsonl"), part, key="base")
    for case in cases:
        base = bases[case["base"]]
        result = ask(Intent.DSL_UPDATE, case["query"], base)
        changed = result.kind == GenerationKind.DIAGRAM and bool(result.d2)
        wants_clarify = any("clarify" in c for c in case["expect"])
        if wants_clarify:
            ok = not changed
            why = "edited instead of asking back" if changed else ""
        elif not changed:
            ok = False
            not_understood += 1
            why = f"no edit: {result.message[:140]!r}"
        else:
            produced.append((case["id"], result.d2))
            try:
                diagram = compile_d2(result.d2)
            except D2Error as exc:
                ok, why = False, f"edited D2 does not compile: {exc}"
            else:
                failed = [c for c in case["expect"] if not checks.check_edit(diagram, c)]
                ok = not failed
                why = f"failed {json.dumps(failed)}" if failed else ""
        kinds = case.get("kinds", [])[:1]
        tally.add(["all", f"voice:{case['voice']}", *[f"kind:{k}" for k in kinds]], ok)
        if not ok:
            failures.append(f"{case['id']} [{case['voice']}] {case['query']!r}: {why}")
    non_clarify = sum(1 for c in cases if not any("clarify" in e for e in c["expect"]))
    summary = {
        "cases": len(cases),
        "bases": len(bases),
        "applied_correctly": tally.rates(),
        "not_understood": f"{not_understood}/{non_clarify}",
    }
    return summary, failures, produced


def score_creates(
    path: Path, part: str = "all"
) -> tuple[dict[str, Any], list[str], list[tuple[str, str]]]:
    must_ok = must_all = conn_ok = conn_all = count_ok = count_all = size_ok = asked = 0
    by_voice = Tally()
    failures: list[str] = []
    produced: list[tuple[str, str]] = []
    cases = split(read_jsonl(path), part)
    for case in cases:
        result = ask(Intent.DSL_CREATE, case["query"])
        tag = f"{case['id']} [{case['voice']}] {case['query'][:90]!r}"
        if result.kind != GenerationKind.DIAGRAM or not result.d2:
            asked += 1
            must_all += len(case["must"])
            conn_all += len(case["connections"])
            count_all += len(case.get("counts", []))
            by_voice.add(["all", f"voice:{case['voice']}"], False)
            failures.append(f"{tag}: no diagram: {result.message[:100]!r}")
            continue
        produced.append((case["id"], result.d2))
        diagram = compile_d2(result.d2)
        leaves = [s for s in diagram.shapes if not s.children]
        case_ok = True
        for words in case["must"]:
            must_all += 1
            if any(checks.matches(s, words) for s in leaves):
                must_ok += 1
            else:
                case_ok = False
                failures.append(f"{tag}: missing {words}")
        for a, b in case["connections"]:
            conn_all += 1
            if checks.connected(diagram, a, b):
                conn_ok += 1
            else:
                case_ok = False
                failures.append(f"{tag}: no connection {a[0]!r} - {b[0]!r}")
        for words, n in count_checks(case):
            count_all += 1
            found = sum(1 for s in leaves if checks.matches(s, words))
            if found >= n:
                count_ok += 1
            else:
                case_ok = False
                failures.append(f"{tag}: {found} x {words[0]!r}, asked for {n}")
        lo, hi = case["size"]
        if lo <= len(leaves) <= hi:
            size_ok += 1
        else:
            case_ok = False
            failures.append(f"{tag}: {len(leaves)} shapes, expected {lo}-{hi}")
        by_voice.add(["all", f"voice:{case['voice']}"], case_ok)

    def rate(a: int, b: int) -> str:
        return f"{a}/{b} = {a / b:.1%}" if b else "n/a"

    summary = {
        "cases": len(cases),
        "domains": len({c["domain"] for c in cases}),
        "must_have_recall": rate(must_ok, must_all),
        "connections": rate(conn_ok, conn_all),
        "counts_honoured": rate(count_ok, count_all),
        "size_in_range": rate(size_ok, len(cases)),
        "asked_back_instead": rate(asked, len(cases)),
        "cases_fully_right": by_voice.rates(),
    }
    return summary, failures, produced


def official_validity(produced: list[tuple[str, str]]) -> tuple[str, list[str]]:
    """How many of the produced D2 texts the official compiler accepts."""
    from tests.conformance.official import OfficialD2, available

    reason = available()
    if reason:
        return f"not checked ({reason})", []
    bad: list[str] = []
    with OfficialD2() as official:
        for case_id, text in produced:
            verdict = official.compile(f"{case_id}.d2", text)
            if verdict.get("ok") is not True:
                bad.append(f"{case_id}: {str(verdict.get('error'))[:160]}")
    good = len(produced) - len(bad)
    return f"{good}/{len(produced)}", bad


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edits", type=Path, default=DEFAULT_EDITS)
    parser.add_argument("--creates", type=Path, default=DEFAULT_CREATES)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--failures", action="store_true")
    parser.add_argument("--no-official", action="store_true")
    parser.add_argument("--part", choices=PARTS, default="all")
    parser.add_argument("--only", choices=("edits", "creates"), help="score one set only")
    args = parser.parse_args()
    for key in ("ANTHROPIC_API_KEY", "OPENAI_API_KEY"):
        os.environ.pop(key, None)
    sets = [args.only] if args.only else ["edits", "creates"]
    scorers = {"edits": (score_edits, args.edits), "creates": (score_creates, args.creates)}
    report: dict[str, Any] = {}
    failures: list[str] = []
    for name in sets:
        score, source = scorers[name]
        summary, failed, produced = score(source, args.part)
        if not args.no_official:
            summary["official_compiler_accepts"], bad = official_validity(produced)
            failed += [f"official compiler refused {b}" for b in bad]
        report[name] = summary
        failures += failed
        if args.failures:
            report[f"{name[:-1]}_failures"] = failed
    if args.json:
        print(json.dumps(report, indent=1))
        return 0
    for section in sets:
        print(f"== {section}")
        for key, value in report[section].items():
            if isinstance(value, dict):
                print(f"  {key}:")
                for group, r in value.items():
                    print(f"    {group:28} {r}")
            else:
                print(f"  {key:28} {value}")
    if args.failures:
        for line in failures:
            print("  FAIL", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
