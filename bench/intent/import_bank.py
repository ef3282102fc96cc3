"""Import an outside writer's messages into the example bank.

    .venv/bin/python bench/intent/import_bank.py CASES.jsonl WRITER

CASES.jsonl holds ``{"query", "has_diagram", "last_intent", "label", ...}`` lines (the format
of the evaluation sets); the messages go to services/intent/data/bank_people/WRITER/<LABEL>.txt,
one a line, as written. The bank has no session context, so a message whose label only the
previous turn decides — a follow-up of three words or fewer after some turn ("why?", "the
other one", "bit more") — is left out: without its context it would teach the wrong label.
Messages that an evaluation set also holds (services/intent/text.overlap_key) and repeats
within the writer are left out too. Prints what was kept and left out.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from services.intent.bank import PEOPLE_DIR
from services.intent.evaluation import ALL_SETS, load_eval
from services.intent.text import overlap_key
from shared.contracts import Intent

CONTEXT_WORDS = 3


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("cases", type=Path)
    p.add_argument("writer")
    args = p.parse_args(argv)
    held = {overlap_key(it.query) for path in ALL_SETS for it in load_eval(path)}
    kept: dict[Intent, list[str]] = {i: [] for i in Intent}
    seen: set[str] = set()
    left: Counter[str] = Counter()
    for line in args.cases.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        query, key = " ".join(row["query"].split()), overlap_key(row["query"])
        if key in held:
            left["in an evaluation set"] += 1
        elif key in seen:
            left["repeated"] += 1
        elif row.get("last_intent") and len(query.split()) <= CONTEXT_WORDS:
            left["short follow-up (context decides)"] += 1
        else:
            seen.add(key)
            kept[Intent(row["label"])].append(query)
    out = PEOPLE_DIR / args.writer
    out.mkdir(parents=True, exist_ok=True)
    for intent, lines in kept.items():
        (out / f"{intent.value}.txt").write_text("".join(q + "\n" for q in lines), "utf-8")
    print(
        f"{args.writer}: kept {sum(map(len, kept.values()))}",
        {i.value: len(v) for i, v in kept.items()},
    )
    print("left out:", dict(left))
    return 0


if __name__ == "__main__":
    sys.exit(main())
