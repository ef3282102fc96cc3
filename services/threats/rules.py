"""The specific rules: patterns of a whole diagram that STRIDE per element does not see —
a store the outside reaches without a service in between, a public entry with no
authentication behind it, an admin interface beside the public one or without an audit log,
sensitive data at rest without encryption, personal data sent to third parties, LLMs open to
prompt injection and data leakage, and public entries without rate limiting."""

from __future__ import annotations

from collections.abc import Callable

from services.threats.catalogue import bump, element_threat, flow_threat
from services.threats.facts import THROTTLES, Facts, data_words, describe_flow
from services.threats.signals import signals
from shared.threats.model import Severity, Threat


def store_exposed(facts: Facts) -> list[Threat]:
    out = []
    for store_id, path in facts.exposed_stores.items():
        e = facts.by_id[store_id]
        sensitive = bool(facts.sensitive(e))
        via_cdn = any("cdn" in facts.by_id[p].roles for p in path)
        base: Severity = "medium" if via_cdn and not sensitive else "high"
        out.append(
            element_threat(
                "DS-EXPOSED",
                e,
                severity=bump(base, sensitive),
                evidence=f"reached from the outside with no service in between: "
                f"{facts.path_text(path)}",
                mitigated=False,
            )
        )
    return out


def entry_without_auth(facts: Facts) -> list[Threat]:
    out = []
    for entry_id, path in facts.entries.items():
        e = facts.by_id[entry_id]
        if e.roles & {"pass_through"}:
            continue
        auth = facts.downstream_auth(entry_id)
        out.append(
            element_threat(
                "ENTRY-NO-AUTH",
                e,
                severity=bump("high", bool(facts.sensitive_behind(entry_id))),
                evidence=auth
                or f"reached by {facts.path_text(path)}; nothing behind it is wired to an "
                "identity provider",
                mitigated=bool(auth),
            )
        )
    return out


def admin_exposed(facts: Facts) -> list[Threat]:
    out = []
    public = [x for x in facts.reach.externals if "admin" not in facts.by_id[x].roles]
    reached = facts.reach.walk(public) if public else {}
    vpn = facts.ids_with(frozenset({"vpn"}))
    for admin_id in facts.admin_facing:
        e = facts.by_id[admin_id]
        sharing = sorted(
            p
            for p in facts.public_entries
            if p != admin_id and facts.by_id[p].boundary == e.boundary
        )
        severity: Severity = "medium"
        if reached.get(admin_id) is not None:
            path = facts.reach.path(reached, admin_id)
            severity, why = "high", f"the public reaches it: {facts.path_text(path)}"
        elif sharing:
            zone = e.boundary or "the top level"
            why = f"shares {zone} with the public entry {sharing[0]}"
        else:
            why = ""
        behind_vpn = facts.behind(admin_id, frozenset({"vpn"})) if vpn else ""
        out.append(
            element_threat(
                "ADMIN-EXPOSED",
                e,
                severity=severity,
                evidence=why
                or behind_vpn
                or f"apart from the public entries (zone {e.boundary or 'the top level'})",
                mitigated=not why,
            )
        )
    return out


def admin_without_audit(facts: Facts) -> list[Threat]:
    out = []
    for admin_id in facts.admin_facing:
        e = facts.by_id[admin_id]
        logged = facts.logs_near(admin_id)
        out.append(
            element_threat(
                "ADMIN-NO-AUDIT",
                e,
                severity=bump("medium", bool(facts.sensitive_behind(admin_id))),
                evidence=logged or "no audit log, log store or SIEM receives its actions",
                mitigated=bool(logged),
            )
        )
    return out


def sensitive_unencrypted(facts: Facts) -> list[Threat]:
    out = []
    for e in facts.elements:
        tags = facts.sensitive(e)
        if e.kind != "data_store" or not tags:
            continue
        words = data_words(tags)
        out.append(
            element_threat(
                "SENSITIVE-UNENCRYPTED",
                e,
                severity=bump("high", bool(tags & {"phi", "card"})),
                evidence=e.encrypted
                or f"holds {words}; no encryption at rest or key service shown",
                mitigated=bool(e.encrypted),
                data=words[:1].upper() + words[1:],
            )
        )
    return out


def third_party_data(facts: Facts) -> list[Threat]:
    out = []
    sig = signals()
    seen: dict[str, int] = {}
    for f in facts.flows:
        a, b = facts.by_id[f.src], facts.by_id[f.dst]
        if "third_party" not in b.roles or "llm" in b.roles or a.kind == "external_entity":
            continue
        tags = set(facts.sensitive(a)) | (f.data & {"phi", "card", "pii", "credentials"})
        for _g, other in facts.reach.neighbours(a.id):
            if other.kind == "data_store":
                tags |= facts.sensitive(other)
        if not tags:
            continue
        nth = seen.get(f.key, 0)
        seen[f.key] = nth + 1
        words = data_words(frozenset(tags))
        masked = sig.find("anonymised", f.label)
        out.append(
            flow_threat(
                "THIRD-PARTY-DATA",
                f,
                (a.label, b.label),
                nth=nth,
                severity=bump("medium", bool(tags & {"phi", "card"})),
                evidence=f"{masked!r} on {describe_flow(f)}"
                if masked
                else f"{a.id} handles {words} and calls {b.id}: {describe_flow(f)}",
                mitigated=bool(masked),
                data=words[:1].upper() + words[1:],
            )
        )
    return out


def _guardrails(facts: Facts, element_id: str) -> str:
    wired = facts.wired(element_id, frozenset({"guardrails"}))
    if wired:
        return f"guardrails wired to it: {wired}"
    return facts.behind(element_id, frozenset({"guardrails"}))


def llm_prompt_injection(facts: Facts) -> list[Threat]:
    out = []
    for e in facts.elements:
        if not e.roles & {"llm", "llm_app"} or not facts.exposed(e.id):
            continue
        guard = _guardrails(facts, e.id)
        out.append(
            element_threat(
                "LLM-PROMPT-INJECTION",
                e,
                severity="high",
                evidence=guard
                or f"user input reaches it with no guardrails: "
                f"{facts.open_path(e.id, frozenset({'guardrails'}))}",
                mitigated=bool(guard),
            )
        )
    return out


def llm_data_leakage(facts: Facts) -> list[Threat]:
    out = []
    for e in facts.elements:
        if not e.roles & {"llm", "llm_app"}:
            continue
        stores = [o for _f, o in facts.reach.neighbours(e.id) if o.kind == "data_store"]
        hosted = e.kind == "external_entity"
        if not stores and not hosted:
            continue
        tags = facts.sensitive_behind(e.id)
        guard = _guardrails(facts, e.id)
        why = (
            f"prompts leave for the hosted model {e.label}"
            if hosted
            else "it reads " + ", ".join(s.id for s in stores)
        )
        out.append(
            element_threat(
                "LLM-DATA-LEAKAGE",
                e,
                severity=bump("high", bool(tags)),
                evidence=guard or f"{why}; no output guardrails",
                mitigated=bool(guard),
            )
        )
    return out


def edge_rate_limit(facts: Facts) -> list[Threat]:
    out = []
    sig = signals()
    for entry_id, path in facts.entries.items():
        e = facts.by_id[entry_id]
        held = facts.behind(entry_id, THROTTLES)
        if not held:
            inbound = [f for f, _o in facts.reach.neighbours(entry_id) if f.dst == entry_id]
            limited = next((f for f in inbound if sig.find("rate_limit", f.label)), None)
            held = f"rate limit named on {describe_flow(limited)}" if limited else ""
        login = "idp" in e.roles or any(
            sig.find("auth_mechanism", f.label)
            for f, _o in facts.reach.neighbours(entry_id)
            if f.dst == entry_id
        )
        out.append(
            element_threat(
                "EDGE-NO-RATE-LIMIT",
                e,
                severity=bump("medium", login),
                evidence=held
                or f"reached by {facts.path_text(path)} with no WAF, gateway or rate limiter",
                mitigated=bool(held),
            )
        )
    return out


RULES: tuple[Callable[[Facts], list[Threat]], ...] = (
    store_exposed,
    entry_without_auth,
    admin_exposed,
    admin_without_audit,
    sensitive_unencrypted,
    third_party_data,
    llm_prompt_injection,
    llm_data_leakage,
    edge_rate_limit,
)
