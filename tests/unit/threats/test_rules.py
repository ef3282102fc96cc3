"""The specific rules, each on hand-made diagrams: where it fires, its severity, and the
control that mitigates it (with the evidence named)."""

from __future__ import annotations

from services.threats import analyze_text
from shared.threats.model import Threat, ThreatModel


def rule(model: ThreatModel, rule_id: str) -> dict[str, Threat]:
    return {t.target: t for t in model.threats if t.rule == rule_id}


def test_store_reachable_from_the_outside_without_a_service() -> None:
    m = analyze_text(
        "users: Users {shape: person}\nlb: Load balancer\ndb: Customer DB {shape: cylinder}\n"
        "api: API\nother: Postgres\nusers -> lb -> db\nusers -> api -> other\n"
    )
    found = rule(m, "DS-EXPOSED")
    assert set(found) == {"db"}  # the load balancer is plumbing; the API is a service
    t = found["db"]
    assert (t.status, t.severity) == ("open", "critical")  # customer data: one level up
    assert t.evidence.endswith("users -> lb -> db")


def test_static_assets_behind_a_cdn_are_a_lesser_exposure() -> None:
    m = analyze_text(
        "users: Users {shape: person}\ncdn: CloudFront\nassets: S3 bucket\nusers -> cdn -> assets"
    )
    assert rule(m, "DS-EXPOSED")["assets"].severity == "medium"


def test_public_entry_without_authentication() -> None:
    src = (
        "users: Users {shape: person}\nweb: Web app\napi: API\n"
        "db: Customer DB\nusers -> web -> api -> db\n"
    )
    t = rule(analyze_text(src), "ENTRY-NO-AUTH")["web"]
    assert (t.status, t.severity) == ("open", "critical")  # customer data behind it
    t = rule(analyze_text(src + "idp: Okta\napi -> idp: validate tokens\n"), "ENTRY-NO-AUTH")["web"]
    assert t.status == "mitigated"
    assert t.evidence == "behind it, wired to Okta: api -> idp (validate tokens)"
    t = rule(
        analyze_text(src.replace("users -> web", "users -> web: OAuth2 bearer")), "ENTRY-NO-AUTH"
    )
    assert t["web"].status == "mitigated"


ADMIN = """
users: Customers {shape: person}
ops: Administrators {shape: person}
{zones}
users -> {pub}: HTTPS
ops -> {adm}: HTTPS
"""


def admin(zones: str, pub: str, adm: str) -> ThreatModel:
    return analyze_text(ADMIN.replace("{zones}", zones).replace("{pub}", pub).replace("{adm}", adm))


def test_admin_interface_reachable_from_the_public_is_high() -> None:
    m = admin("web: Shop\nconsole: Admin console\nweb -> console", "web", "console")
    t = rule(m, "ADMIN-EXPOSED")["console"]
    assert (t.status, t.severity) == ("open", "high")
    assert t.evidence == "the public reaches it: users -> web -> console"


def test_admin_interface_in_the_public_zone_is_medium() -> None:
    m = admin("dmz: {web: Shop; console: Admin console}", "dmz.web", "dmz.console")
    t = rule(m, "ADMIN-EXPOSED")["dmz.console"]
    assert (t.status, t.severity) == ("open", "medium")
    assert t.evidence == "shares dmz with the public entry dmz.web"


def test_admin_interface_in_its_own_zone_behind_a_vpn_is_mitigated() -> None:
    m = admin(
        (
            "dmz: {web: Shop}\nmgmt: {vpn: VPN gateway; console: Admin console}\n"
            "mgmt.vpn -> mgmt.console"
        ),
        "dmz.web",
        "mgmt.vpn",
    )
    assert set(rule(m, "ADMIN-EXPOSED")) == {"mgmt.console"}  # the VPN only lets them in
    t = rule(m, "ADMIN-EXPOSED")["mgmt.console"]
    assert t.status == "mitigated"
    assert t.evidence == "every path from the outside passes mgmt.vpn"


def test_admin_actions_need_an_audit_log() -> None:
    src = (
        "ops: Admins {shape: person}\nconsole: Admin console\ndb: Postgres\nops -> console -> db\n"
    )
    t = rule(analyze_text(src), "ADMIN-NO-AUDIT")["console"]
    assert (
        t.status == "open" and t.evidence == "no audit log, log store or SIEM receives its actions"
    )
    t = rule(
        analyze_text(src + "audit: Audit log\nconsole -> audit: admin events\n"), "ADMIN-NO-AUDIT"
    )
    assert t["console"].status == "mitigated"
    assert t["console"].evidence == "logs to Audit log: console -> audit (admin events)"


def test_sensitive_store_without_encryption_at_rest() -> None:
    m = analyze_text(
        "phi: Patient records {shape: cylinder}\ncards: Card vault {shape: cylinder}\n"
        "crm: Customer profiles {shape: cylinder}\ncat: Product catalogue {shape: cylinder}\n"
        "enc: Patient archive (encrypted, KMS) {shape: cylinder}\n"
    )
    found = rule(m, "SENSITIVE-UNENCRYPTED")
    assert set(found) == {"phi", "cards", "crm", "enc"}
    assert found["phi"].severity == found["cards"].severity == "critical"
    assert found["crm"].severity == "high"
    assert (
        found["phi"].title == "Health data (PHI) in Patient records is not shown encrypted at rest"
    )
    assert found["enc"].status == "mitigated"


def test_key_service_wired_to_a_store_mitigates_it() -> None:
    m = analyze_text(
        "db: Patient records {shape: cylinder}\nkms: Cloud KMS\ndb -> kms: envelope keys\n"
    )
    t = rule(m, "SENSITIVE-UNENCRYPTED")["db"]
    assert (t.status, t.evidence) == ("mitigated", "keys from Cloud KMS (kms)")


def test_personal_data_sent_to_a_third_party() -> None:
    src = "api: API\ndb: Customer DB\nmail: SendGrid\napi -> db\napi -> mail: {}\n"
    t = rule(analyze_text(src.replace("{}", "emails")), "THIRD-PARTY-DATA")["api->mail"]
    assert (t.status, t.severity) == ("open", "medium")
    assert t.title == "Personal data (PII) sent to third party SendGrid"
    t = rule(analyze_text(src.replace("{}", "pseudonymised events")), "THIRD-PARTY-DATA")
    assert t["api->mail"].status == "mitigated"
    # no sensitive data anywhere near: no threat
    assert not rule(analyze_text("api: API\nmail: SendGrid\napi -> mail"), "THIRD-PARTY-DATA")


def test_llm_prompt_injection_and_data_leakage() -> None:
    src = (
        "users: Users {shape: person}\napp: Chat app\nrag: RAG orchestrator\nvec: Vector DB\n"
        "llm: OpenAI\nusers -> app: HTTPS\napp -> rag\nrag -> vec\nrag -> llm: prompts\n"
    )
    m = analyze_text(src)
    inj, leak = rule(m, "LLM-PROMPT-INJECTION"), rule(m, "LLM-DATA-LEAKAGE")
    assert set(inj) == {"rag", "llm"} and all(t.status == "open" for t in inj.values())
    assert inj["rag"].evidence.endswith("users -> app -> rag")
    assert set(leak) == {"rag", "llm"}
    assert leak["llm"].evidence == "prompts leave for the hosted model OpenAI; no output guardrails"
    guarded = analyze_text(
        src.replace("app -> rag", "app -> guard -> rag").replace(
            "rag -> llm", "rag -> guard\nrag -> llm"
        )
        + "guard: Guardrails\n"
    )
    assert rule(guarded, "LLM-PROMPT-INJECTION")["rag"].status == "mitigated"
    assert rule(guarded, "LLM-DATA-LEAKAGE")["rag"].status == "mitigated"


def test_an_llm_no_user_reaches_is_not_open_to_prompt_injection() -> None:
    m = analyze_text("batch: Scheduler\nllm: Ollama\nbatch -> llm")
    assert not rule(m, "LLM-PROMPT-INJECTION")


def test_rate_limiting_at_the_edge() -> None:
    src = (
        "users: Users {shape: person}\nlb: Load balancer\napi: API\n"
        "idp: Keycloak\nusers -> lb -> api\nusers -> idp: login\n"
    )
    found = rule(analyze_text(src), "EDGE-NO-RATE-LIMIT")
    assert set(found) == {"api", "idp"}  # the load balancer passes requests on
    assert found["api"].severity == "medium"
    assert found["idp"].severity == "high"  # a login endpoint: credential stuffing
    gated = analyze_text(src.replace("users -> lb -> api", "gw: API gateway\nusers -> gw -> api"))
    assert rule(gated, "EDGE-NO-RATE-LIMIT")["gw"].status == "mitigated"
    assert "api" not in rule(gated, "EDGE-NO-RATE-LIMIT")  # behind the gateway: not an entry
    named = analyze_text(src.replace("users -> idp: login", "users -> idp: login (rate limited)"))
    assert rule(named, "EDGE-NO-RATE-LIMIT")["idp"].status == "mitigated"
