"""Entry point of the `archdesign` command: dispatches each verb to the module that owns it.

Verbs are imported lazily so `archdesign d2 check` does not load torch, and `archdesign up`
does not load the D2 compiler.
"""

from __future__ import annotations

import importlib
import sys

from shared.stages import WORKER_KINDS

#: verb -> module exposing ``main(argv: list[str]) -> int``
VERBS: dict[str, tuple[str, str]] = {
    "up": ("services.cli.up", "start the suite (gateway + one worker of each kind)"),
    "worker": ("services.cli.worker", "run one worker: " + " | ".join(WORKER_KINDS)),
    "worker-health": ("services.cli.health", "exit 0 if a worker on this host answers a ping"),
    "migrate": ("services.cli.migrate", "apply database migrations (alembic upgrade head)"),
    "ask": ("services.cli.ask", "send a query to a running gateway (or --local in-process)"),
    "d2": ("services.dsl.d2.cli", "D2 language core: check | fmt"),
    "intent": ("services.intent.cli", "intent classifier: classify"),
    "generate": ("services.dsl.generation.cli", "run intent + generation in-process"),
    "layout": ("services.layout.cli", "lay out a D2 file or a plain graph"),
    "threats": ("services.threats.cli", "threat model of D2 files (STRIDE, rules, reports)"),
}


def _usage() -> str:
    lines = ["usage: archdesign VERB [ARGS...]", "", "verbs:"]
    lines += [f"  {verb:<10} {help_}" for verb, (_, help_) in VERBS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(_usage())
        return 0
    verb, rest = args[0], args[1:]
    if verb not in VERBS:
        print(f"archdesign: unknown verb {verb!r}\n\n{_usage()}", file=sys.stderr)
        return 2
    module = importlib.import_module(VERBS[verb][0])
    code: int = module.main(rest)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
