"""A metamorphic robustness check of the architect's edits: same request, other wrapping.

    .venv/bin/python -m bench.generation.metamorphic [--failures] [--sets NAME ...]
        [--rewrites NAME ...] [--seed N] [--json]

For every DEV-part edit case (``people.split(..., "dev", key="base")`` of each set in
bench/generation/people/edits_*) that the architect gets right today, each rewrite below turns
the request into another wording of the same request; the pair is CONSISTENT when the
rewritten request passes the same checks. A rewrite that does not apply to a request (no
verb to misspell, no "the" before a name...) is skipped for it. The report gives the
consistency rate per rewrite and overall; ``--failures`` lists the broken pairs. Everything is
deterministic: each choice is drawn from a ``random.Random`` seeded by the seed, the case id
and the rewrite's name.

The rewrites (each a small pure function ``(query, names, rng) -> str | None``):

- ``lead_pls``: "pls " before the request.
- ``lead_could_you``: "could you maybe " before a request that opens with a bare verb.
- ``lead_hey``: "hey, quick one: " before the request.
- ``lead_think``: "I think we should " before a request that opens with a bare verb.
- ``reason_tail``: a trailing reason ("so that retries don't pile up", "because the auditors
  asked", ...).
- ``frame``: a framing prefix ("for PCI: ", "re the outage - ", ...).
- ``lower``: the whole request in lower case.
- ``title``: The Request In Title Case.
- ``punct``: other trailing punctuation (none, ".", "!", "?" kept for questions).
- ``double_space``: one space doubled.
- ``typo_verb``: two inner letters of the request's verb swapped ("rmeove").
- ``determiner``: "the" before a diagram name turned into "our" or "that".
- ``thanks_tail``: a trailing thanks (", thanks!", " thx!").
- ``combo``: a typo, a determiner, a lead, a reason and other punctuation at once.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from bench.generation import people_checks as checks
from bench.generation.people import HERE, ask, read_jsonl, split
from services.dsl.d2 import D2Error, compile_d2
from shared.contracts import GenerationKind, Intent

#: a rewrite: (request, the base's lowercased shape names, rng) -> the new request or None
Rewrite = Callable[[str, list[str], random.Random], str | None]

#: verbs a request may open with or turn on (the bench's own list, not the architect's)
VERBS = (
    "add",
    "remove",
    "delete",
    "drop",
    "rename",
    "relabel",
    "label",
    "move",
    "put",
    "place",
    "connect",
    "replace",
    "swap",
    "merge",
    "split",
    "group",
    "insert",
    "make",
    "change",
    "wire",
    "link",
    "route",
    "attach",
    "introduce",
    "include",
    "stick",
    "throw",
    "fold",
    "combine",
    "separate",
    "switch",
    "mark",
    "turn",
    "set",
    "take",
    "pull",
    "get",
    "give",
)
_ENDING = re.compile(r"[\s.!?]*$")


def _lead(text: str) -> str:
    """`text` with its first letter lowered, to follow a prefix (acronyms kept)."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[:2].isupper():
        return text
    return text[:1].lower() + text[1:]


def _opens_with_verb(query: str) -> bool:
    words = re.findall(r"[a-z']+", query.lower())
    return bool(words) and words[0] in VERBS


def lead_pls(query: str, names: list[str], rng: random.Random) -> str | None:
    return "pls " + _lead(query)


def lead_could_you(query: str, names: list[str], rng: random.Random) -> str | None:
    return "could you maybe " + _lead(query) if _opens_with_verb(query) else None


def lead_hey(query: str, names: list[str], rng: random.Random) -> str | None:
    return "hey, quick one: " + _lead(query)


def lead_think(query: str, names: list[str], rng: random.Random) -> str | None:
    return "I think we should " + _lead(query) if _opens_with_verb(query) else None


REASONS = (
    "so that retries don't pile up",
    "because the auditors asked",
    "since we keep getting paged about it",
    "to keep the on-call folks happy",
)


def reason_tail(query: str, names: list[str], rng: random.Random) -> str | None:
    body = _ENDING.sub("", query)
    return f"{body} {rng.choice(REASONS)}{query[len(body) :].strip()}"


FRAMES = ("for PCI: ", "re the outage - ", "ahead of the audit, ", "per yesterday's review: ")


def frame(query: str, names: list[str], rng: random.Random) -> str | None:
    return rng.choice(FRAMES) + _lead(query)


def lower(query: str, names: list[str], rng: random.Random) -> str | None:
    return query.lower() if query.lower() != query else None


def title(query: str, names: list[str], rng: random.Random) -> str | None:
    out = re.sub(r"[A-Za-z][a-z']*", lambda m: m.group(0)[:1].upper() + m.group(0)[1:], query)
    return out if out != query else None


def punct(query: str, names: list[str], rng: random.Random) -> str | None:
    body = _ENDING.sub("", query)
    if query.rstrip().endswith("?"):
        return body
    ending = query[len(body) :].strip()
    return body + rng.choice([e for e in ("", ".", "!") if e != ending])


def double_space(query: str, names: list[str], rng: random.Random) -> str | None:
    # not inside a quoted name, whose spaces are the name's own
    quoted = [range(*m.span()) for m in re.finditer(r"'[^']*'|\"[^\"]*\"", query)]
    spaces = [m.start() for m in re.finditer(" ", query) if not any(m.start() in q for q in quoted)]
    if not spaces:
        return None
    at = rng.choice(spaces)
    return query[:at] + " " + query[at:]


def typo_verb(query: str, names: list[str], rng: random.Random) -> str | None:
    for m in re.finditer(r"[A-Za-z]+", query):
        word = m.group(0)
        if word.lower() not in VERBS or len(word) < 4:
            continue
        # swap two neighbouring inner letters that differ (first and last letters kept)
        spots = [i for i in range(1, len(word) - 2) if word[i] != word[i + 1]]
        if not spots:
            continue
        i = rng.choice(spots)
        typo = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        return query[: m.start()] + typo + query[m.end() :]
    return None


def determiner(query: str, names: list[str], rng: random.Random) -> str | None:
    spots = []
    for m in re.finditer(r"\b(the|The) ([A-Za-z][\w-]*)", query):
        follower = m.group(2).lower()
        if re.search(r"[A-Z]\w*\s+$", query[: m.start()]) and m.group(1) == "the":
            continue  # "Double the Donation": the "the" of a name
        if any(n.split()[0] == follower for n in names if n.split()):
            spots.append(m)
    if not spots:
        return None
    m = rng.choice(spots)
    word = rng.choice(("our", "that"))
    word = word.title() if m.group(1) == "The" else word
    return query[: m.start(1)] + word + query[m.end(1) :]


def thanks_tail(query: str, names: list[str], rng: random.Random) -> str | None:
    body = _ENDING.sub("", query)
    return body + rng.choice((", thanks!", " ty", ". cheers", " thx!"))


def combo(query: str, names: list[str], rng: random.Random) -> str | None:
    """Several at once: a typo, "our"/"that", a lead, a reason, other punctuation."""
    out = query
    for step in (typo_verb, determiner, lead_hey, reason_tail, punct):
        out = step(out, names, rng) or out
    return out


REWRITES: dict[str, Rewrite] = {
    f.__name__: f
    for f in (
        lead_pls,
        lead_could_you,
        lead_hey,
        lead_think,
        reason_tail,
        frame,
        lower,
        title,
        punct,
        double_space,
        typo_verb,
        determiner,
        thanks_tail,
        combo,
    )
}


def judge(case: dict[str, Any], query: str, base: str) -> tuple[bool, str]:
    """Whether the architect's answer to `query` on `base` passes the case's checks (as in
    ``people.score_edits``), and why not."""
    result = ask(Intent.DSL_UPDATE, query, base)
    changed = result.kind == GenerationKind.DIAGRAM and bool(result.d2)
    if any("clarify" in c for c in case["expect"]):
        return (not changed, "edited instead of asking back" if changed else "")
    if not changed:
        return False, f"no edit: {result.message[:120]!r}"
    try:
        diagram = compile_d2(result.d2 or "")
    except D2Error as exc:
        return False, f"does not compile: {exc}"
    failed = [c for c in case["expect"] if not checks.check_edit(diagram, c)]
    return not failed, f"failed {json.dumps(failed)}" if failed else ""


def base_names(base: str) -> list[str]:
    """The lowercased labels and ids of the base's shapes."""
    diagram = compile_d2(base)
    names = {s.label.lower() for s in diagram.shapes}
    names |= {s.id.rsplit(".", 1)[-1].replace("_", " ").lower() for s in diagram.shapes}
    return sorted(n for n in names if n)


def run(
    sets: list[str], rewrites: list[str], seed: int
) -> tuple[dict[str, list[int]], list[str], int]:
    """Per rewrite [consistent, applied]; the broken pairs; how many cases were right."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    broken: list[str] = []
    right = 0
    for name in sets:
        folder = HERE / name
        bases = {p.stem: p.read_text() for p in (folder / "bases").glob("*.d2")}
        names = {k: base_names(v) for k, v in bases.items()}
        for case in split(read_jsonl(folder / "cases.jsonl"), "dev", key="base"):
            base = bases[case["base"]]
            if not judge(case, case["query"], base)[0]:
                continue
            right += 1
            for rw in rewrites:
                rng = random.Random(f"{seed}:{name}:{case['id']}:{rw}")
                query = REWRITES[rw](case["query"], names[case["base"]], rng)
                if query is None or query == case["query"]:
                    continue
                ok, why = judge(case, query, base)
                tally[rw][0] += int(ok)
                tally[rw][1] += 1
                if not ok:
                    broken.append(f"{name}/{case['id']} {rw}: {query!r}: {why}")
    return tally, broken, right


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    edit_sets = sorted(p.name for p in HERE.glob("edits_*") if p.is_dir())
    parser.add_argument("--sets", nargs="+", choices=edit_sets, default=edit_sets)
    parser.add_argument("--rewrites", nargs="+", choices=list(REWRITES), default=list(REWRITES))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--failures", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    for key in ("ANTHROPIC_API_KEY", "OPENAI_API_KEY"):
        os.environ.pop(key, None)
    tally, broken, right = run(args.sets, args.rewrites, args.seed)
    good = sum(t[0] for t in tally.values())
    total = sum(t[1] for t in tally.values())
    rates = {rw: f"{t[0]}/{t[1]} = {t[0] / t[1]:.1%}" for rw, t in tally.items() if t[1]}
    rates["overall"] = f"{good}/{total} = {good / total:.1%}" if total else "n/a"
    if args.json:
        report: dict[str, Any] = {"right_dev_cases": right, "consistency": rates}
        if args.failures:
            report["broken"] = broken
        print(json.dumps(report, indent=1))
        return 0
    print(f"right dev cases: {right}")
    for rw, rate in rates.items():
        print(f"  {rw:16} {rate}")
    if args.failures:
        for line in broken:
            print("  BROKEN", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
