"""Evaluate the intent classifier on a labelled set (no LLM).

    .venv/bin/python bench/intent/evaluate.py [--file F] [--part all|tune|scored] [--errors]

F is any JSON-lines file of ``{"query", "has_diagram", "last_intent", "label"[, "injection",
"voice", "hard"]}`` (default bench/intent/eval.jsonl). Prints accuracy, per-intent
precision/recall, the confusion matrix, accuracy per voice and hard/easy (when the set has
them), the errors counted by kind, and whether every prompt injection came out OUT_OF_SCOPE.
`--part` scores one side of the seeded tune/scored split (services/intent/evaluation.py);
the errors of the scored part are never listed, so that it stays unread.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from services.intent.classifier import IntentClassifier
from services.intent.evaluation import EVAL_PATH, format_report, load_eval, score
from services.intent.lexicon import canonical
from services.intent.patterns import is_injection
from shared.contracts import Intent

NEAR = 0.95


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--file", type=Path, default=EVAL_PATH)
    p.add_argument("--part", choices=["all", "tune", "scored"], default="all")
    p.add_argument("--errors", action="store_true", help="list every misclassified message")
    args = p.parse_args(argv)
    if args.errors and args.part == "scored":
        p.error("the scored part is only counted: its errors are not listed")

    items = load_eval(args.file, args.part)
    clf = IntentClassifier(use_llm=False)
    decisions = [
        clf.explain(it.query, has_diagram=it.has_diagram, last_intent=it.last_intent)
        for it in items
    ]
    results = [d.result for d in decisions]
    report = score(items, results)
    print(f"eval set: {args.file} part={args.part} ({len(items)} messages), no LLM")
    print(format_report(report))
    injections = [(it, r) for it, r in zip(items, results, strict=True) if it.injection]
    missed = [it.query for it, r in injections if r.intent != Intent.OUT_OF_SCOPE]
    # the injection rule reads the message as written and with typos repaired
    by_rule = sum(
        is_injection(it.query) or is_injection(canonical(it.query)) for it, _ in injections
    )
    print(
        f"\nprompt injections in set (labelled by hand): {len(injections)}, "
        f"caught by the injection rule: {by_rule}, not OUT_OF_SCOPE: {len(missed)}"
    )
    if args.errors:
        for q in missed:
            print(f"  MISSED: {q!r}")
    # Each rule of the cascade, measured: how often it decided and how often it was right.
    # "+abstain" / "+guess": not confident, no LLM; an LLM would have been asked.
    fired: Counter[str] = Counter(d.rule for d in decisions)
    right = Counter(
        d.rule for d, it in zip(decisions, items, strict=True) if d.result.intent == it.label
    )
    print(
        "\ndecided by rule (right/decided): "
        + ", ".join(f"{rule}={right[rule]}/{n}" for rule, n in fired.most_common())
    )
    # How close the set is to the bank: exact copies are refused by a test; near copies are
    # counted here so the figure can be read with that in mind.
    stage = clf.stage
    sims = [p[0][0] for p in stage.index.neighbours(stage.encode([it.query for it in items]), 1)]
    near = sum(s >= NEAR for s in sims)
    print(
        f"messages whose nearest bank example has cosine >= {NEAR}: {near}; "
        f"median nearest cosine: {sorted(sims)[len(sims) // 2]:.3f}"
    )
    if args.errors:
        rule_of = {id(it): d.rule for it, d in zip(items, decisions, strict=True)}
        print("\nerrors, by kind:")
        for (label, predicted), errs in report.error_groups().items():
            print(f"-- {label.value} -> {predicted.value} ({len(errs)})")
            for it, r in errs:
                last = it.last_intent.value if it.last_intent else "-"
                ctx = f"diagram={it.has_diagram} last={last}"
                tags = f"{it.voice or '-'}{' hard' if it.hard else ''}"
                print(f"  {rule_of[id(it)]:<24} {r.confidence:.2f}  {it.query!r} ({ctx}; {tags})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
