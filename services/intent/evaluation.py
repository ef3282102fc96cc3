"""Scoring the classifier on a labelled set: accuracy, per-intent precision/recall, confusion.

Pure functions over plain data; bench/intent/evaluate.py prints them for the held-out set and
tests/unit/intent/test_evaluation_bar.py holds the accuracy bar.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from shared.contracts import Intent, IntentResult

EVAL_PATH = Path(__file__).resolve().parents[2] / "bench" / "intent" / "eval.jsonl"


@dataclass(frozen=True)
class EvalItem:
    query: str
    has_diagram: bool
    last_intent: Intent | None
    label: Intent
    injection: bool = False  # a prompt injection (labelled by hand): must be OUT_OF_SCOPE


@dataclass
class Report:
    total: int = 0
    correct: int = 0
    confusion: dict[tuple[Intent, Intent], int] = field(default_factory=dict)
    by_source: Counter[str] = field(default_factory=Counter)
    errors: list[tuple[EvalItem, IntentResult]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def precision(self, intent: Intent) -> float:
        predicted = sum(n for (_, p), n in self.confusion.items() if p == intent)
        return self.confusion.get((intent, intent), 0) / predicted if predicted else 0.0

    def recall(self, intent: Intent) -> float:
        actual = sum(n for (a, _), n in self.confusion.items() if a == intent)
        return self.confusion.get((intent, intent), 0) / actual if actual else 0.0

    def support(self, intent: Intent) -> int:
        return sum(n for (a, _), n in self.confusion.items() if a == intent)


def load_eval(path: Path = EVAL_PATH) -> list[EvalItem]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        last = raw.get("last_intent")
        items.append(
            EvalItem(
                query=raw["query"],
                has_diagram=bool(raw.get("has_diagram", False)),
                last_intent=Intent(last) if last else None,
                label=Intent(raw["label"]),
                injection=bool(raw.get("injection", False)),
            )
        )
    return items


def score(items: list[EvalItem], results: list[IntentResult]) -> Report:
    report = Report()
    for item, result in zip(items, results, strict=True):
        report.total += 1
        key = (item.label, result.intent)
        report.confusion[key] = report.confusion.get(key, 0) + 1
        report.by_source[result.source.value] += 1
        if result.intent == item.label:
            report.correct += 1
        else:
            report.errors.append((item, result))
    return report


def format_report(report: Report) -> str:
    intents = list(Intent)
    short = {i: i.value.replace("DSL_", "").replace("_", "")[:8] for i in intents}
    lines = [
        f"accuracy: {report.accuracy:.4f} ({report.correct}/{report.total})",
        "decided by: " + ", ".join(f"{k}={v}" for k, v in sorted(report.by_source.items())),
        "",
        f"{'intent':<14}{'precision':>10}{'recall':>8}{'support':>9}",
    ]
    for i in intents:
        lines.append(
            f"{i.value:<14}{report.precision(i):>10.3f}{report.recall(i):>8.3f}"
            f"{report.support(i):>9}"
        )
    lines += ["", "confusion (rows = label, columns = predicted):"]
    lines.append(" " * 14 + "".join(f"{short[i]:>9}" for i in intents))
    for a in intents:
        cells = "".join(f"{report.confusion.get((a, p), 0):>9}" for p in intents)
        lines.append(f"{a.value:<14}{cells}")
    return "\n".join(lines)
