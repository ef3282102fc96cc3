"""Leave-one-writer-out: the intent classifier built without one outside writer, scored on them.

    .venv/bin/python bench/intent/writer_out.py [--writer writer_c ...] [--errors] [--causes]

Each outside writer's examples (services/intent/data/bank_people/<writer>/) were written by
someone who read only the labelling policy. For each writer the bank is rebuilt WITHOUT that
writer's lines (and without any line of another source that is the same message after
`overlap_key`), the linear head retrained on it, and the writer's messages are classified
with no LLM: the closest thing to a set written by a stranger that we can score repeatedly
(the sealed held-out set is scored once). The figures (per writer, per intent, per voice,
the confusion matrix) are read as an estimate of accuracy on unseen writers.

Test messages and their session context:
- writer_d, writer_e: the writers' own cases (bench/intent/writers/<writer>.jsonl, copied
  unchanged — provenance in bench/intent/writers/README.md) with their has_diagram,
  last_intent, voice and hard fields; this includes the short follow-ups the bank import
  left out (their context is known here).
- writer_c: only the bank lines exist. Each line gets a session drawn from the other writers'
  cases: has_diagram with the rate of its label there (P(diagram | label), by a salted hash of
  the line, so the draw is fixed), no previous turn, voice "-".

`--errors` lists every miss with the rule that decided; `--causes` counts misses by the rule
and the confusion (label -> predicted), which is how the misses are tallied by cause.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from pathlib import Path

from services.intent.bank import PEOPLE_DIR, Example, bank_sources, load_bank
from services.intent.classifier import Decision, IntentClassifier
from services.intent.evaluation import EvalItem, format_report, load_eval, score
from services.intent.text import overlap_key
from services.intent.vector import VectorStage
from shared.contracts import Intent
from shared.settings import app_settings, intent_settings

WRITERS_DIR = Path(__file__).resolve().parent / "writers"
CONTEXT_SALT = "writer-out-context-1"


def writers() -> list[str]:
    return [p.name for p in bank_sources()[1:]]


def bank_lines(writer: str) -> list[Example]:
    """One writer's bank lines (the writer's folder read as a bank of its own)."""
    return load_bank(PEOPLE_DIR / writer, people=None)


def diagram_rates() -> dict[Intent, float]:
    """P(has_diagram | label) over every writer's own cases."""
    seen: Counter[Intent] = Counter()
    with_diagram: Counter[Intent] = Counter()
    for path in sorted(WRITERS_DIR.glob("*.jsonl")):
        for it in load_eval(path):
            seen[it.label] += 1
            with_diagram[it.label] += it.has_diagram
    return {i: with_diagram[i] / seen[i] if seen[i] else 0.5 for i in Intent}


def test_items(writer: str) -> list[EvalItem]:
    cases = WRITERS_DIR / f"{writer}.jsonl"
    if cases.exists():
        return load_eval(cases)
    rates = diagram_rates()
    items = []
    for ex in bank_lines(writer):
        digest = hashlib.sha256(f"{CONTEXT_SALT}:{ex.text}".encode()).hexdigest()
        has_diagram = int(digest[:8], 16) % 1000 < rates[ex.intent] * 1000
        items.append(EvalItem(ex.text, has_diagram, None, ex.intent, voice="-"))
    return items


def classifier_without(writer: str, held: set[str], clf_all: IntentClassifier) -> IntentClassifier:
    """A classifier whose bank holds no line of `writer` and no message of the test set."""
    full = clf_all.stage
    own = set(bank_lines(writer))
    keep = [
        i
        for i, ex in enumerate(full.examples)
        if overlap_key(ex.text) not in held and ex not in own
    ]
    stage = VectorStage(
        [full.examples[i] for i in keep],
        full.encode,
        clf_all.settings,
        cache_dir=Path(app_settings().data_dir) / "cache",
        vectors=full.index.vectors[keep],
    )
    return IntentClassifier(use_llm=False, stage=stage)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--writer", action="append", help="only these writers (default: all)")
    p.add_argument("--errors", action="store_true", help="list every miss")
    p.add_argument("--causes", action="store_true", help="misses by deciding rule and confusion")
    args = p.parse_args(argv)

    clf_all = IntentClassifier(settings=intent_settings(), use_llm=False)
    totals = [0, 0]
    injections = [0, 0]
    for writer in args.writer or writers():
        items = test_items(writer)
        held = {overlap_key(it.query) for it in items}
        clf = classifier_without(writer, held, clf_all)
        decisions: list[Decision] = [
            clf.explain(it.query, has_diagram=it.has_diagram, last_intent=it.last_intent)
            for it in items
        ]
        report = score(items, [d.result for d in decisions])
        totals[0] += report.correct
        totals[1] += report.total
        inj = [(it, d) for it, d in zip(items, decisions, strict=True) if it.injection]
        injections[0] += sum(d.result.intent is Intent.OUT_OF_SCOPE for _, d in inj)
        injections[1] += len(inj)
        print(f"\n=== {writer}: bank without it {len(clf.stage.examples)} lines ===")
        print(format_report(report))
        caught = sum(d.result.intent is Intent.OUT_OF_SCOPE for _, d in inj)
        print(f"injections OUT_OF_SCOPE: {caught}/{len(inj)}")
        misses = [
            (it, d) for it, d in zip(items, decisions, strict=True) if d.result.intent != it.label
        ]
        if args.causes:
            causes = Counter(
                f"{it.label.value}->{d.result.intent.value} by {d.rule}" for it, d in misses
            )
            print("misses by cause (label->predicted by rule):")
            for cause, n in causes.most_common():
                print(f"  {n:>3}  {cause}")
        if args.errors:
            for it, d in sorted(misses, key=lambda m: (m[0].label.value, m[1].result.intent)):
                last = it.last_intent.value if it.last_intent else "-"
                print(
                    f"  {it.label.value:<12}->{d.result.intent.value:<12} {d.rule:<28}"
                    f" {d.result.confidence:.2f} diagram={int(it.has_diagram)} last={last:<11}"
                    f" {it.query!r}"
                )
    print(
        f"\nleave-one-writer-out overall: {totals[0] / totals[1]:.4f} ({totals[0]}/{totals[1]}); "
        f"injections OUT_OF_SCOPE {injections[0]}/{injections[1]}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
