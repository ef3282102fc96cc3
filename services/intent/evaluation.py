"""Scoring the classifier on a labelled set: accuracy, per-intent precision/recall, confusion,
accuracy per voice and for hard/easy messages, and the errors grouped by kind of confusion.

Pure functions over plain data; bench/intent/evaluate.py prints them for any set in the
JSON-lines format (``query, has_diagram, last_intent, label[, injection, voice, hard]``) and
tests/unit/intent/test_intent_evaluation.py holds the accuracy bar.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from shared.contracts import Intent, IntentResult

BENCH_DIR = Path(__file__).resolve().parents[2] / "bench" / "intent"
EVAL_PATH = BENCH_DIR / "eval.jsonl"
FRESH_PATH = BENCH_DIR / "eval_fresh.jsonl"
PEOPLE_DEV_PATH = BENCH_DIR / "eval_people_dev.jsonl"
PEOPLE_DEV2_PATH = BENCH_DIR / "eval_people_dev2.jsonl"
# Written by outsiders, run once as the held-out set of session 3, a development set since.
HELDOUT_S3_PATH = BENCH_DIR / "eval_heldout_s3.jsonl"
# The same for session 4 (450 messages, nine voices, 26 injections).
HELDOUT_S4_PATH = BENCH_DIR / "eval_heldout_s4.jsonl"
HELDOUT_S5_PATH = BENCH_DIR / "eval_heldout_s5.jsonl"
HELDOUT_S6_PATH = BENCH_DIR / "eval_heldout_s6.jsonl"
HELDOUT_S7_PATH = BENCH_DIR / "eval_heldout_s7.jsonl"
HELDOUT_S8_PATH = BENCH_DIR / "eval_heldout_s8.jsonl"
HELDOUT_S9_PATH = BENCH_DIR / "eval_heldout_s9.jsonl"
HELDOUT_S10_PATH = BENCH_DIR / "eval_heldout_s10.jsonl"
HELDOUT_S11_PATH = BENCH_DIR / "eval_heldout_s11.jsonl"
ALL_SETS = (
    EVAL_PATH,
    FRESH_PATH,
    PEOPLE_DEV_PATH,
    PEOPLE_DEV2_PATH,
    HELDOUT_S3_PATH,
    HELDOUT_S4_PATH,
    HELDOUT_S5_PATH,
    HELDOUT_S6_PATH,
    HELDOUT_S7_PATH,
    HELDOUT_S8_PATH,
    HELDOUT_S9_PATH,
    HELDOUT_S10_PATH,
    HELDOUT_S11_PATH,
)

# The development set written by people (issue 12) is split once by a salted hash of each
# message: the "scored" part is only ever counted, never read, so that it can tell whether
# work on the "tune" part generalised. The salt is fixed; changing it would leak the split.
DEV_SPLIT_SALT = "intent-dev-split-1"
DEV_SCORED_PERCENT = 30
Part = Literal["all", "tune", "scored"]


def dev_part(query: str) -> Literal["tune", "scored"]:
    digest = hashlib.sha256(f"{DEV_SPLIT_SALT}:{query}".encode()).hexdigest()
    return "scored" if int(digest[:8], 16) % 100 < DEV_SCORED_PERCENT else "tune"


@dataclass(frozen=True)
class EvalItem:
    query: str
    has_diagram: bool
    last_intent: Intent | None
    label: Intent
    injection: bool = False  # a prompt injection (labelled by hand): must be OUT_OF_SCOPE
    voice: str = ""  # the writer's register (terse, chatty, typos, ...), when the set has one
    hard: bool | None = None  # near the border of a second intent, when the set says


@dataclass
class Report:
    total: int = 0
    correct: int = 0
    confusion: dict[tuple[Intent, Intent], int] = field(default_factory=dict)
    by_source: Counter[str] = field(default_factory=Counter)
    errors: list[tuple[EvalItem, IntentResult]] = field(default_factory=list)
    rights: list[EvalItem] = field(default_factory=list)

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

    def accuracy_by(self, key: Callable[[EvalItem], str]) -> dict[str, tuple[int, int]]:
        """(right, total) per group of items."""
        out: dict[str, list[int]] = {}
        for it in self.rights:
            out.setdefault(key(it), [0, 0])[0] += 1
        for it, _ in self.errors:
            out.setdefault(key(it), [0, 0])
        for it in [*self.rights, *(e for e, _ in self.errors)]:
            out[key(it)][1] += 1
        return {k: (v[0], v[1]) for k, v in sorted(out.items())}

    def error_groups(self) -> dict[tuple[Intent, Intent], list[tuple[EvalItem, IntentResult]]]:
        """The errors by (label, predicted), largest group first."""
        groups: dict[tuple[Intent, Intent], list[tuple[EvalItem, IntentResult]]] = {}
        for it, r in self.errors:
            groups.setdefault((it.label, r.intent), []).append((it, r))
        return dict(sorted(groups.items(), key=lambda kv: -len(kv[1])))


def parse_item(raw: dict[str, object]) -> EvalItem:
    last = raw.get("last_intent")
    hard = raw.get("hard")
    return EvalItem(
        query=str(raw["query"]),
        has_diagram=bool(raw.get("has_diagram", False)),
        last_intent=Intent(str(last)) if last else None,
        label=Intent(str(raw["label"])),
        injection=bool(raw.get("injection", False)),
        voice=str(raw.get("voice") or ""),
        hard=bool(hard) if hard is not None else None,
    )


def load_eval(path: Path = EVAL_PATH, part: Part = "all") -> list[EvalItem]:
    """The items of a set; `part` selects the tune/scored split (any set can be split)."""
    items = [
        parse_item(json.loads(line))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    if part == "all":
        return items
    return [it for it in items if dev_part(it.query) == part]


def score(items: list[EvalItem], results: list[IntentResult]) -> Report:
    report = Report()
    for item, result in zip(items, results, strict=True):
        report.total += 1
        key = (item.label, result.intent)
        report.confusion[key] = report.confusion.get(key, 0) + 1
        report.by_source[result.source.value] += 1
        if result.intent == item.label:
            report.correct += 1
            report.rights.append(item)
        else:
            report.errors.append((item, result))
    return report


def _short(intent: Intent) -> str:
    return intent.value.replace("DSL_", "").replace("_", "")[:8]


def _groups(title: str, table: dict[str, tuple[int, int]]) -> list[str]:
    lines = ["", title]
    for name, (right, total) in table.items():
        lines.append(f"  {name:<12}{right / total:>8.4f}  ({right}/{total})")
    return lines


def format_report(report: Report) -> str:
    intents = list(Intent)
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
    lines.append(" " * 14 + "".join(f"{_short(i):>9}" for i in intents))
    for a in intents:
        cells = "".join(f"{report.confusion.get((a, p), 0):>9}" for p in intents)
        lines.append(f"{a.value:<14}{cells}")
    every = [*report.rights, *(e for e, _ in report.errors)]
    if any(it.voice for it in every):
        lines += _groups("accuracy per voice:", report.accuracy_by(lambda it: it.voice or "-"))
    if any(it.hard is not None for it in every):
        hard = report.accuracy_by(lambda it: {True: "hard", False: "easy", None: "-"}[it.hard])
        lines += _groups("accuracy hard / easy:", hard)
    lines += ["", "errors by kind (label -> predicted):"]
    for (a, p), errs in report.error_groups().items():
        lines.append(f"  {a.value:<13} -> {p.value:<13} {len(errs):>4}")
    return "\n".join(lines)
