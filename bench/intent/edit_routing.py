"""Does the intent stage send edit requests to the architect when it sees the open diagram?

    .venv/bin/python -m bench.intent.edit_routing [--part dev|held|all] [--list] [--flips]
        [--only routing|control|named]

(a) Routing: every edit request written by outsiders over a real base diagram
(bench/generation/people/edits_*/cases.jsonl, the cases that expect an edit, not a question
back) is classified with a diagram open, once without its base (as before issue 11/12's
diagram reading) and once with it; the share that reaches DSL_UPDATE, per set. ``--part``
takes one side of the generation sets' fixed dev/held split (bench/generation/people.py);
``--list`` prints the requests still routed elsewhere, only for the dev part.

(b) Negative control: every message of the intent evaluation sets (``ALL_SETS``) with a
diagram open is classified with a base diagram of the edit sets attached (rotated in a fixed
order), and compared with the same message without it: the messages whose label is not
DSL_UPDATE and that flip to DSL_UPDATE (``--flips`` lists them) must stay about zero, and the
accuracy of the whole sets must not drop. ``--only named`` is a harder control: each of those
negative messages gets a diagram holding a box for every component it names (the stand-in of
services/intent/operations.py) appended to its base, so that its words do name shapes of the
diagram. No LLM is used.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from bench.generation.people import HERE, read_jsonl, split
from services.intent.classifier import Decision, IntentClassifier
from services.intent.evaluation import ALL_SETS, load_eval
from services.intent.operations import stand_in
from shared.contracts import Intent


def edit_sets() -> list[Path]:
    return sorted(p for p in HERE.glob("edits_*") if p.is_dir())


def bases_of(folder: Path) -> dict[str, str]:
    return {p.stem: p.read_text() for p in sorted((folder / "bases").glob("*.d2"))}


def every_base() -> list[str]:
    """Every base diagram of the edit sets, in a fixed order (the control rotates them)."""
    return [d2 for folder in edit_sets() for _, d2 in sorted(bases_of(folder).items())]


def edit_requests(folder: Path, part: str) -> list[tuple[dict[str, object], str]]:
    """The cases of one set that expect an edit, each with its base's D2."""
    bases = bases_of(folder)
    cases = split(read_jsonl(folder / "cases.jsonl"), part, key="base")
    return [
        (c, bases[str(c["base"])]) for c in cases if not any("clarify" in e for e in c["expect"])
    ]


def routing(clf: IntentClassifier, part: str, listing: bool) -> None:
    print(f"(a) edit requests routed to DSL_UPDATE, part={part}  (without base -> with base)")
    totals = [0, 0, 0]
    away: Counter[str] = Counter()
    for folder in edit_sets():
        rows = edit_requests(folder, part)
        before = after = 0
        for case, d2 in rows:
            query = str(case["query"])
            old = clf.explain(query, has_diagram=True)
            new = clf.explain(query, has_diagram=True, diagram=d2)
            before += old.result.intent is Intent.DSL_UPDATE
            after += new.result.intent is Intent.DSL_UPDATE
            if new.result.intent is not Intent.DSL_UPDATE:
                away[new.result.intent.value] += 1
                if listing and part == "dev":
                    print(f"   {case['id']} {new.result.intent.value:<12} {new.rule:<28} {query!r}")
        totals = [totals[0] + len(rows), totals[1] + before, totals[2] + after]
        print(
            f"  {folder.name:<18} {len(rows):>4}  {_rate(before, len(rows))}  ->  "
            f"{_rate(after, len(rows))}"
        )
    n, b, a = totals
    print(f"  {'all':<18} {n:>4}  {_rate(b, n)}  ->  {_rate(a, n)}")
    print("  still routed away: " + ", ".join(f"{k}={v}" for k, v in away.most_common()))


def control(clf: IntentClassifier, flips: bool) -> None:
    bases = every_base()
    print("\n(b) intent evaluation sets, messages with a diagram open given a base diagram")
    right_without = right_with = total = flipped = negatives = 0
    moved: Counter[tuple[str, str]] = Counter()
    k = 0
    for path in ALL_SETS:
        for it in load_eval(path):
            total += 1
            old = clf.explain(it.query, has_diagram=it.has_diagram, last_intent=it.last_intent)
            new = old
            if it.has_diagram:
                new = clf.explain(
                    it.query,
                    has_diagram=True,
                    last_intent=it.last_intent,
                    diagram=bases[k % len(bases)],
                )
                k += 1
            right_without += old.result.intent is it.label
            right_with += new.result.intent is it.label
            if old.result.intent is not new.result.intent:
                moved[(old.result.intent.value, new.result.intent.value)] += 1
            if it.has_diagram and it.label is not Intent.DSL_UPDATE:
                negatives += 1
                if _flips(old, new):
                    flipped += 1
                    if flips:
                        print(f"   FLIP {path.name} [{it.label.value}] {new.rule}: {it.query!r}")
    print(
        f"  negatives (label not DSL_UPDATE, diagram open): {negatives}, "
        f"flipped to DSL_UPDATE: {flipped}"
    )
    print(
        f"  accuracy of ALL_SETS without base: {_rate(right_without, total)}, "
        f"with base: {_rate(right_with, total)}"
    )
    print(
        "  decisions moved: "
        + (", ".join(f"{a}->{b}={n}" for (a, b), n in moved.items()) or "none")
    )


def named_control(clf: IntentClassifier, flips: bool) -> None:
    """The negatives, each over its base plus a box for every component it names."""
    bases = every_base()
    print("\n(c) the same negatives over a diagram that holds the components they name")
    negatives = flipped = 0
    for path in ALL_SETS:
        for it in load_eval(path):
            if not it.has_diagram or it.label is Intent.DSL_UPDATE:
                continue
            d2 = bases[negatives % len(bases)] + "\n" + stand_in(it.query.lower())
            negatives += 1
            old = clf.explain(it.query, has_diagram=True, last_intent=it.last_intent)
            new = clf.explain(it.query, has_diagram=True, last_intent=it.last_intent, diagram=d2)
            if _flips(old, new):
                flipped += 1
                if flips:
                    print(f"   FLIP {path.name} [{it.label.value}] {new.rule}: {it.query!r}")
    print(f"  negatives: {negatives}, flipped to DSL_UPDATE: {flipped}")


def _flips(old: Decision, new: Decision) -> bool:
    return old.result.intent is not Intent.DSL_UPDATE and new.result.intent is Intent.DSL_UPDATE


def _rate(right: int, total: int) -> str:
    return f"{right:>4}/{total:<4} = {right / total:6.1%}" if total else "   -"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--part", choices=["dev", "held", "all"], default="all")
    p.add_argument("--list", action="store_true", help="requests routed away (dev part only)")
    p.add_argument("--flips", action="store_true", help="list the negative-control flips")
    p.add_argument("--only", choices=["routing", "control", "named"], default=None)
    args = p.parse_args(argv)
    if args.list and args.part != "dev":
        p.error("--list reads the dev part only: add --part dev")
    clf = IntentClassifier(use_llm=False)
    if args.only in (None, "routing"):
        routing(clf, args.part, args.list)
    if args.only in (None, "control"):
        control(clf, args.flips)
    if args.only == "named":
        named_control(clf, args.flips)
    return 0


if __name__ == "__main__":
    sys.exit(main())
