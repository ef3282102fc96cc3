"""Our threat analysis against OWASP pytm on the same five models (bench/threats/models).

    .venv/bin/python -m bench.threats.compare_pytm [--details]

Each D2 model is analysed by archdesign; the same model is built in pytm (1.4, the dev
extra) from the data-flow model we read — same elements, boundaries and flows — with pytm's
attributes and controls set to exactly what the diagram shows (the mapping is in
`to_pytm`), then pytm's threat library is resolved over it. Printed: elements, flows,
threats found by each, and the overlap by CWE on the same element or flow, both ways:
which of our threats pytm also raises (a pytm finding on the same target citing one of the
threat's CWEs) and which of pytm's findings we also raise. docs/threats.md records it.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path
from typing import Any

from pytm import (
    LLM,
    TM,
    Actor,
    Boundary,
    Dataflow,
    Datastore,
    ExternalEntity,
    Process,
    Server,
)

from services.threats import ThreatModel, analyze_text
from services.threats.facts import FLOOD_GUARDS, Facts

MODELS = Path(__file__).parent / "models"
NAMES = ["secure_web_app", "three_tier", "rag_chatbot", "clinic", "ecommerce"]
CWE = re.compile(r"cwe\.mitre\.org/data/definitions/(\d+)", re.I)


def to_pytm(model: ThreatModel) -> tuple[TM, dict[str, Any], list[tuple[Any, str]]]:
    """The pytm model of our data-flow model; element objects by our id; flows with keys."""
    TM.reset()
    tm = TM("archdesign comparison", description="built from a D2 diagram")
    facts = Facts(model.elements, model.flows)
    objs: dict[str, Any] = {}
    for e in model.elements:
        if e.kind == "trust_boundary":
            objs[e.id] = Boundary(f"{e.label} [{e.id}]")
    for e in model.elements:
        name = f"{e.label} [{e.id}]"
        sensitive = bool(e.data & {"pii", "phi", "card", "credentials"})
        guarded = bool(facts.wired(e.id, frozenset({"guardrails"})))
        if e.kind == "trust_boundary":
            obj = objs[e.id]
        elif e.roles & {"llm", "llm_app"}:
            obj = LLM(name)
            obj.isThirdParty = e.kind == "external_entity"
            obj.processesUntrustedInput = facts.exposed(e.id)
            obj.hasContentFiltering = guarded
            obj.hasRAG = any(o.roles & {"vector_db"} for _f, o in facts.reach.neighbours(e.id))
            obj.processesPersonalData = bool(facts.sensitive_behind(e.id)) or sensitive
        elif e.kind == "external_entity":
            if e.roles & {"user", "admin"}:
                obj = Actor(name)
                obj.isAdmin = "admin" in e.roles
            else:
                obj = ExternalEntity(name)
        elif e.kind == "data_store":
            obj = Datastore(name)
            obj.isSQL = e.kb_kind in ("database", "postgres", "mysql", "rds", "sql_server")
            obj.storesPII = bool(e.data & {"pii", "phi", "card"})
            obj.storesSensitiveData = sensitive
            obj.storesLogData = "log" in e.roles
            obj.controls.isEncryptedAtRest = bool(e.encrypted)
            obj.controls.isEncrypted = bool(e.encrypted)
        else:
            web = e.id in facts.entries or e.kb_kind in ("web_app", "react", "api", "fastapi")
            obj = Server(name) if web else Process(name)
            authed = bool(facts.auth(e.id))
            obj.controls.authenticatesSource = authed
            obj.controls.implementsAuthenticationScheme = authed
            obj.controls.authorizesSource = authed
            obj.controls.hasAccessControl = authed
            obj.controls.handlesResourceConsumption = bool(facts.behind(e.id, FLOOD_GUARDS))
            if "waf" in e.roles:  # what a WAF does for what passes it
                obj.controls.validatesInput = obj.controls.sanitizesInput = True
        if e.boundary is not None:
            obj.inBoundary = objs[e.boundary]
        objs[e.id] = obj
    flows = []
    for f in model.flows:
        df = Dataflow(objs[f.src], objs[f.dst], f.label or "data")
        df.controls.isEncrypted = bool(f.encrypted)
        df.usesVPN = "through" in f.encrypted
        words = f.label.upper().split()
        df.protocol = "HTTPS" if "HTTPS" in words else ("HTTP" if "HTTP" in words else "")
        flows.append((df, f.key))
    tm.resolve()
    return tm, objs, flows


def compare(name: str) -> dict[str, Any]:
    model = analyze_text((MODELS / f"{name}.d2").read_text(encoding="utf-8"))
    tm, objs, flows = to_pytm(model)
    target_of = {id(obj): eid for eid, obj in objs.items()}
    target_of.update({id(df): key for df, key in flows})
    pytm_cwes: dict[str, set[str]] = {}
    sids: Counter[str] = Counter()
    pytm_findings = []
    for finding in tm.findings:
        target = target_of.get(id(finding.element), "?")
        cwes = {f"CWE-{n}" for n in CWE.findall(finding.references or "")}
        pytm_cwes.setdefault(target, set()).update(cwes)
        pytm_findings.append((target, finding.threat_id, finding.description, cwes))
        sids[f"{finding.threat_id} {finding.description}"] += 1
    ours_cwes: dict[str, set[str]] = {}
    for t in model.threats:
        ours_cwes.setdefault(t.target, set()).update(
            r for r in t.references if r.startswith("CWE-")
        )
    ours_matched = [
        t for t in model.open_threats() if pytm_cwes.get(t.target, set()) & set(t.references)
    ]
    pytm_matched = [p for p in pytm_findings if ours_cwes.get(p[0], set()) & p[3]]
    missed_rules = Counter(
        t.rule
        for t in model.open_threats()
        if not pytm_cwes.get(t.target, set()) & set(t.references)
    )
    missed_pytm = Counter(
        f"{p[1]} {p[2]}" for p in pytm_findings if not ours_cwes.get(p[0], set()) & p[3]
    )
    return {
        "name": name,
        "elements": sum(1 for e in model.elements if e.kind != "trust_boundary"),
        "boundaries": sum(1 for e in model.elements if e.kind == "trust_boundary"),
        "flows": len(model.flows),
        "ours": len(model.threats),
        "ours_open": len(model.open_threats()),
        "pytm": len(tm.findings),
        "ours_in_pytm": len(ours_matched),
        "pytm_in_ours": len(pytm_matched),
        "ours_only_rules": missed_rules,
        "pytm_only": missed_pytm,
        "pytm_severity": Counter(f.severity for f in tm.findings),
    }


def table_row(r: dict[str, Any]) -> str:
    """One model's row of the table docs/threats.md records."""
    return (
        f"| {r['name']} | {r['elements']} (+{r['boundaries']}) | {r['flows']} | "
        f"{r['ours']} ({r['ours_open']}) | {r['pytm']} | "
        f"{r['ours_in_pytm']}/{r['ours_open']} | {r['pytm_in_ours']}/{r['pytm']} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench.threats.compare_pytm")
    parser.add_argument("--details", action="store_true")
    args = parser.parse_args()
    rows = [compare(n) for n in NAMES]
    print(
        "| model | elements (+boundaries) | flows | ours: threats (open) | pytm: findings |"
        " our open threats pytm also raises | pytm findings we also raise |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(table_row(r))
    if args.details:
        for r in rows:
            print(f"\n## {r['name']}\npytm severities: {dict(r['pytm_severity'])}")
            print("our open threats with no pytm finding citing their CWEs, by rule:")
            print("  " + ", ".join(f"{k} {v}" for k, v in r["ours_only_rules"].most_common()))
            print("pytm findings with no threat of ours citing their CWEs (most frequent):")
            for k, v in r["pytm_only"].most_common(12):
                print(f"  {v:3d}  {k}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
