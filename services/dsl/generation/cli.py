"""`archdesign generate`: intent + generation in-process, no servers needed.

    archdesign generate "REQUEST" [--base FILE.d2] [--json] [--intent INTENT]
    archdesign generate --jsonl FILE        # lines {"id", "query", "base_d2"?}

Prints the D2 (or the answer text when there is none), or with --json / --jsonl one line
``{"intent", "message", "d2", "generator"}`` per request (plus ``id`` for --jsonl). The intent
comes from the intent service's classifier unless --intent forces it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from services.dsl.generation import GenerationRequest, generate
from shared.contracts import Intent, SessionSnapshot


def _classify(query: str, has_diagram: bool, forced: str | None) -> Intent:
    if forced:
        return Intent(forced.upper())
    from services.intent.classifier import get_classifier  # lazy: loads the encoder

    return get_classifier().classify(query, has_diagram=has_diagram).intent


def run_one(query: str, base_d2: str | None, forced_intent: str | None) -> dict[str, Any]:
    session = SessionSnapshot(session_id="cli", current_d2=base_d2 or None)
    intent = _classify(query, bool(base_d2), forced_intent)
    result = generate(GenerationRequest(intent=intent, query=query, session=session))
    out: dict[str, Any] = {
        "intent": intent.value,
        "message": result.message,
        "d2": result.d2,
        "generator": result.generator,
    }
    if result.view is not None:
        out["view"] = result.view.model_dump()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="archdesign generate", description=__doc__.split("\n")[0])
    parser.add_argument("request", nargs="?", help="what to design or change")
    parser.add_argument("--base", type=Path, help="the current diagram (a .d2 file)")
    parser.add_argument("--json", action="store_true", help="one JSON line instead of the D2")
    parser.add_argument("--jsonl", type=Path, help="a file of JSON lines {id, query, base_d2?}")
    parser.add_argument(
        "--intent",
        choices=[i.value for i in Intent],
        type=str.upper,
        help="skip the classifier and use this intent",
    )
    args = parser.parse_args(argv)
    if args.jsonl:
        for line in args.jsonl.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            out = {
                "id": item.get("id"),
                **run_one(item["query"], item.get("base_d2"), item.get("intent") or args.intent),
            }
            print(json.dumps(out, ensure_ascii=False), flush=True)
        return 0
    if not args.request:
        parser.error("give a REQUEST or --jsonl FILE")
    base = args.base.read_text(encoding="utf-8") if args.base else None
    out = run_one(args.request, base, args.intent)
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        print(out["d2"] if out["d2"] else out["message"], end="" if out["d2"] else "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
