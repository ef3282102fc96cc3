"""STRIDE per element: S and R for external entities; S, T, R, I, D and E for processes; T, I
and D for data stores (and R where the store is a log); T, I and D for every flow that crosses
a trust boundary. Each threat is mitigated when the diagram shows its control, with the
evidence named, and open otherwise, with what is missing named."""

from __future__ import annotations

from services.threats.catalogue import bump, element_threat, flow_threat
from services.threats.facts import FLOOD_GUARDS, Facts, describe_flow
from services.threats.signals import signals
from shared.threats.model import Element, Flow, Severity, Threat


def external_entity(facts: Facts, e: Element) -> list[Threat]:
    admin = "admin" in e.roles
    login = facts.wired(e.id, frozenset({"idp"}))
    auth = f"signs in through {login}" if login else ""
    if not auth:
        for _f, other in facts.reach.neighbours(e.id):
            if other.kind == "process" and (found := facts.downstream_auth(other.id)):
                auth = f"its requests reach {other.id}; {found}"
                break
    logged = ""
    for _f, other in facts.reach.neighbours(e.id):
        if other.kind == "process" and (found := facts.logs_near(other.id)):
            logged = f"{other.id} {found}"
            break
    return [
        element_threat(
            "EE-S",
            e,
            severity=bump("medium", admin),
            evidence=auth or "no identity provider or authentication mechanism on its flows",
            mitigated=bool(auth),
        ),
        element_threat(
            "EE-R",
            e,
            severity=bump("low", admin, "payment" in e.roles),
            evidence=logged or "no process it calls sends to a log",
            mitigated=bool(logged),
        ),
    ]


def process(facts: Facts, e: Element) -> list[Threat]:
    exposed = facts.exposed(e.id)
    entry = e.id in facts.entries
    # an entry point takes the outside's requests itself; an exposed process gets them passed on
    level: Severity = "high" if entry else ("medium" if exposed else "low")
    edge: Severity = "medium" if entry else "low"
    sensitive = bool(facts.sensitive(e))
    where = "a public entry" if entry else ("reachable from the outside" if exposed else "internal")
    auth = facts.auth(e.id)
    if not auth and exposed:
        auth = facts.behind(e.id, frozenset({"idp"})) or _behind_authenticator(facts, e)
    if not auth and e.roles & {"pass_through", "waf"}:
        # plumbing and WAFs pass requests on; authentication happens behind them
        auth = facts.downstream_auth(e.id)
    no_auth = f"{where}; no identity provider wired to it or in front of it"
    waf = facts.behind(e.id, frozenset({"waf"})) if exposed else "no path from the outside"
    flood = facts.behind(e.id, FLOOD_GUARDS) if exposed else "no path from the outside"
    logged = facts.logs(e.id)
    secrets = facts.wired(e.id, frozenset({"secrets", "kms"}))
    if e.roles & {"secrets", "kms"}:
        secrets = ""  # it holds the secrets: the leak to fear is its own, not its config's
    return [
        element_threat(
            "P-S",
            e,
            severity=bump(level, sensitive),
            evidence=auth or no_auth,
            mitigated=bool(auth),
        ),
        element_threat(
            "P-T",
            e,
            severity=bump(edge, exposed and sensitive),
            evidence=waf or f"open path without a WAF: {facts.open_path(e.id, frozenset({'waf'}))}",
            mitigated=bool(waf),
        ),
        element_threat(
            "P-R",
            e,
            severity=bump("low", "admin" in e.roles, bool(e.data & {"card", "phi"})),
            evidence=logged or "sends nothing to a log, audit store or SIEM",
            mitigated=bool(logged),
        ),
        element_threat(
            "P-I",
            e,
            severity=bump(edge, sensitive),
            evidence=f"fetches secrets: {secrets}"
            if secrets
            else (
                "it holds the secrets; who may read which one is not shown"
                if e.roles & {"secrets", "kms"}
                else "no secrets manager wired to it"
            ),
            mitigated=bool(secrets),
        ),
        element_threat(
            "P-D",
            e,
            severity=edge,
            evidence=flood
            or f"open path without a WAF, gateway, CDN or rate limiter: "
            f"{facts.open_path(e.id, FLOOD_GUARDS)}",
            mitigated=bool(flood),
        ),
        element_threat(
            "P-E",
            e,
            severity=bump(level, sensitive),
            evidence=auth or no_auth,
            mitigated=bool(auth),
        ),
    ]


def _behind_authenticator(facts: Facts, e: Element) -> str:
    guards = facts.authenticators
    if not guards or facts.reach.unguarded(e.id, guards) is not None:
        return ""
    before = facts.reach.guards_before(e.id, guards)
    return "every path from the outside passes " + ", ".join(
        f"{g} ({facts.auth(g)})" for g in before
    )


def data_store(facts: Facts, e: Element) -> list[Threat]:
    sig = signals()
    sensitive = bool(facts.sensitive(e))
    text = f"{e.label} {e.id}"
    integrity = sig.find("integrity", text)
    backup = next(
        (o for _f, o in facts.reach.neighbours(e.id) if sig.find("backup", f"{o.label} {o.id}")),
        None,
    )
    kept = (
        f"its label says {integrity!r}"
        if integrity
        else (f"backed up to {backup.label} ({backup.id})" if backup else "")
    )
    available = sig.find("availability", text)
    isolated, why = _isolated(facts, e)
    out = [
        element_threat(
            "DS-T",
            e,
            severity=bump("medium", sensitive),
            evidence=kept or "no versioned, immutable or backed-up copy shown",
            mitigated=bool(kept),
        ),
        element_threat(
            "DS-I",
            e,
            severity=bump("medium", sensitive),
            evidence=why,
            mitigated=isolated,
        ),
        element_threat(
            "DS-D",
            e,
            severity=bump("low", facts.exposed(e.id)),
            evidence=(f"its label says {available!r}" if available else "")
            or (f"backed up to {backup.label} ({backup.id})" if backup else "")
            or "no replica, cluster or backup shown",
            mitigated=bool(available or backup),
        ),
    ]
    if "log" in e.roles:
        siem = facts.wired(e.id, frozenset({"siem"})) if "siem" not in e.roles else ""
        protected = (
            f"its label says {integrity!r}"
            if integrity
            else (f"forwarded to a SIEM: {siem}" if siem else "")
        )
        out.append(
            element_threat(
                "DS-R",
                e,
                severity=bump("medium", "audit" in e.roles),
                evidence=protected or "not shown append-only or forwarded to a SIEM",
                mitigated=bool(protected),
            )
        )
    return out


def _isolated(facts: Facts, e: Element) -> tuple[bool, str]:
    """Whether only processes reach the store and no public entry shares its zone."""
    outside = [o for _f, o in facts.reach.neighbours(e.id) if o.kind == "external_entity"]
    if outside:
        return False, f"reached directly by {outside[0].label} ({outside[0].id})"
    if e.boundary is None:
        return False, "no trust boundary around it"
    sharing = [p for p in facts.public_entries if facts.by_id[p].boundary == e.boundary]
    if sharing:
        return False, f"zone {e.boundary} also holds the public entry {sharing[0]}"
    users = sorted({o.id for _f, o in facts.reach.neighbours(e.id)})
    return True, f"in zone {e.boundary}, apart from the public entries; reached by " + (
        ", ".join(users) if users else "nothing"
    )


def crossing_flow(facts: Facts, f: Flow, nth: int) -> list[Threat]:
    a, b = facts.by_id[f.src], facts.by_id[f.dst]
    labels = (a.label, b.label)
    public = "external_entity" in (a.kind, b.kind)
    sensitive = bool(f.data & {"phi", "card", "pii", "credentials"})
    sig = signals()
    signed = sig.find("service_auth", f.label)
    integrity = f.encrypted or (f"{signed!r} on the flow" if signed else "")
    missing = (
        f"clear-text {f.plaintext!r} named on the flow" if f.plaintext else "not marked encrypted"
    )
    guard = b.roles & FLOOD_GUARDS
    limited = sig.find("rate_limit", f.label)
    held = ""
    if guard:
        held = f"{b.id} is a {'/'.join(sorted(guard))}"
    elif "queue" in b.roles:
        held = f"{b.id} queues the work"
    elif limited:
        held = f"{limited!r} on the flow"
    return [
        flow_threat(
            "FLOW-T",
            f,
            labels,
            nth=nth,
            severity=bump("medium", public),
            evidence=integrity or missing,
            mitigated=bool(integrity),
        ),
        flow_threat(
            "FLOW-I",
            f,
            labels,
            nth=nth,
            severity=bump(
                "medium", public or sensitive, sensitive and (public or bool(f.plaintext))
            ),
            evidence=f.encrypted or missing,
            mitigated=bool(f.encrypted),
        ),
        flow_threat(
            "FLOW-D",
            f,
            labels,
            nth=nth,
            severity=bump("low", public),
            evidence=held or f"{describe_flow(f)}: nothing throttles or buffers it",
            mitigated=bool(held),
        ),
    ]
