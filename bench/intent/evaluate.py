"""Evaluate the intent classifier on the held-out set (no LLM).

    .venv/bin/python bench/intent/evaluate.py [--errors] [--file bench/intent/eval.jsonl]

Prints accuracy, per-intent precision/recall, the confusion matrix, and whether every prompt
injection in the set came out OUT_OF_SCOPE. The set is written apart from the example bank.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from services.intent.classifier import IntentClassifier
from services.intent.evaluation import EVAL_PATH, format_report, load_eval, score
from services.intent.patterns import is_injection
from shared.contracts import Intent


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--file", type=Path, default=EVAL_PATH)
    p.add_argument("--errors", action="store_true", help="list every misclassified message")
    args = p.parse_args(argv)

    items = load_eval(args.file)
    clf = IntentClassifier(use_llm=False)
    results = [
        clf.classify(it.query, has_diagram=it.has_diagram, last_intent=it.last_intent)
        for it in items
    ]
    report = score(items, results)
    print(f"eval set: {args.file} ({len(items)} messages)")
    print(format_report(report))
    injections = [(it, r) for it, r in zip(items, results, strict=True) if is_injection(it.query)]
    missed = [it.query for it, r in injections if r.intent != Intent.OUT_OF_SCOPE]
    print(f"\ninjections in set: {len(injections)}, not OUT_OF_SCOPE: {len(missed)}")
    if args.errors:
        print("\nerrors:")
        for it, r in report.errors:
            ctx = f"diagram={it.has_diagram} last={it.last_intent.value if it.last_intent else '-'}"
            print(
                f"  {it.label.value:<13} -> {r.intent.value:<13} {r.source.value:<8} "
                f"{r.confidence:.2f}  {it.query!r} ({ctx})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
