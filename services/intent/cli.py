"""`archdesign intent classify` — the classifier from the command line, JSON lines out.

    archdesign intent classify "MESSAGE" [--has-diagram] [--last-intent INTENT]
    archdesign intent classify --jsonl FILE      # lines {"query", "has_diagram"[, "last_intent",
                                                 #   "base_d2"]}

One JSON line per message, ``{"intent", "confidence", "source"}``, in input order; the model
loads once. ``--jsonl -`` reads standard input. A line's optional ``base_d2`` is the D2 of
the diagram open in the session: the message is then also read against its shapes. Exit 2
on bad arguments or a bad input line.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from services.intent.classifier import IntentClassifier, get_classifier
from shared.contracts import Intent, IntentResult


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="archdesign intent", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("classify", help="classify one message or a JSON-lines file")
    c.add_argument("message", nargs="?", help="the message to classify")
    c.add_argument("--has-diagram", action="store_true", help="the session holds a diagram")
    c.add_argument("--last-intent", choices=[i.value for i in Intent], default=None)
    c.add_argument("--jsonl", metavar="FILE", help='JSON lines {"query", "has_diagram"}')
    c.add_argument("--no-llm", action="store_true", help="never call the LLM stage")
    return p


def _line(result: IntentResult) -> str:
    return json.dumps(
        {
            "intent": result.intent.value,
            "confidence": result.confidence,
            "source": result.source.value,
        }
    )


def _run_jsonl(stream: TextIO, clf: IntentClassifier, out: TextIO) -> int:
    for n, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
            query = item["query"]
            if not isinstance(query, str):
                raise TypeError("query must be a string")
            has_diagram = bool(item.get("has_diagram", False))
            last = item.get("last_intent")
            last_intent = Intent(last) if last else None
            base = item.get("base_d2")
            if base is not None and not isinstance(base, str):
                raise TypeError("base_d2 must be a string")
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            print(f"archdesign intent: line {n}: {exc}", file=sys.stderr)
            return 2
        result = clf.classify(query, has_diagram=has_diagram, last_intent=last_intent, diagram=base)
        out.write(_line(result) + "\n")
    out.flush()
    return 0


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if (args.message is None) == (args.jsonl is None):
        print("archdesign intent classify: give a MESSAGE or --jsonl FILE", file=sys.stderr)
        return 2
    clf = IntentClassifier(use_llm=False) if args.no_llm else get_classifier()
    if args.jsonl is not None:
        if args.jsonl == "-":
            return _run_jsonl(sys.stdin, clf, sys.stdout)
        try:
            with open(args.jsonl, encoding="utf-8") as f:
                return _run_jsonl(f, clf, sys.stdout)
        except OSError as exc:
            print(f"archdesign intent: {exc}", file=sys.stderr)
            return 2
    last = Intent(args.last_intent) if args.last_intent else None
    print(_line(clf.classify(args.message, has_diagram=args.has_diagram, last_intent=last)))
    return 0
