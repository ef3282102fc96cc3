"""STRIDE per element and per crossing flow: which letters each element gets, and the
mitigated/open decision with the diagram's evidence for each control."""

from __future__ import annotations

from services.threats import analyze_text
from shared.threats.model import Threat, ThreatModel


def get(model: ThreatModel, tid: str) -> Threat:
    found = [t for t in model.threats if t.id == tid]
    assert found, f"{tid} not in {[t.id for t in model.threats]}"
    return found[0]


def letters(model: ThreatModel, target: str, prefix: str) -> str:
    return "".join(
        sorted(
            t.category for t in model.threats if t.target == target and t.rule.startswith(prefix)
        )
    )


BASE = """
users: Users {shape: person}
edge: {waf: WAF}
app: {api: API; worker: Worker}
data: {db: Postgres; logs: Logs}
users -> edge.waf: HTTPS
edge.waf -> app.api: HTTPS
app.api -> app.worker: jobs
app.api -> data.db: SQL
app.worker -> data.logs: logs
"""


def test_stride_letters_per_element_kind() -> None:
    m = analyze_text(BASE)
    assert letters(m, "users", "EE-") == "RS"
    assert letters(m, "app.api", "P-") == "DEIRST"
    assert letters(m, "data.db", "DS-") == "DIT"
    assert letters(m, "data.logs", "DS-") == "DIRT"  # a log also gets repudiation
    assert letters(m, "app.api->data.db", "FLOW-") == "DIT"  # crosses app -> data
    assert letters(m, "app.api->app.worker", "FLOW-") == ""  # stays inside app


def test_every_threat_has_the_fields_and_a_stable_id() -> None:
    a, b = analyze_text(BASE), analyze_text(BASE)
    assert [t.as_json() for t in a.threats] == [t.as_json() for t in b.threats]
    assert len({t.id for t in a.threats}) == len(a.threats)
    for t in a.threats:
        assert t.category in "STRIDE" and t.severity in ("low", "medium", "high", "critical")
        assert t.title and t.description and t.mitigation and t.evidence and t.references
        assert t.status in ("open", "mitigated")
        assert all(r.split("-")[0] in ("CWE", "CAPEC") or ":" in r for r in t.references)


def test_spoofing_of_a_process_is_mitigated_by_an_identity_provider_wired_in() -> None:
    without = analyze_text(BASE)
    t = get(without, "P-S:app.api")
    assert t.status == "open" and "no identity provider" in t.evidence
    assert t.severity == "medium"  # reachable from the outside, not itself a public entry
    m = analyze_text(BASE + "app.idp: Keycloak\napp.api -> app.idp: validate tokens\n")
    t = get(m, "P-S:app.api")
    assert t.status == "mitigated"
    assert t.evidence == "wired to Keycloak: app.api -> app.idp (validate tokens)"
    assert get(m, "P-E:app.api").status == "mitigated"


def test_spoofing_is_mitigated_behind_an_authenticating_gateway() -> None:
    src = (
        "users: Users {shape: person}\ngw: API gateway\nidp: Auth0\nsvc: Orders service\n"
        "users -> gw: HTTPS\ngw -> idp: verify JWT\ngw -> svc: HTTPS\n"
    )
    t = get(analyze_text(src), "P-S:svc")
    assert t.status == "mitigated" and t.evidence.startswith(
        "every path from the outside passes gw"
    )
    # a second way in that skips the gateway opens it again
    t = get(analyze_text(src + "users -> svc: HTTPS\n"), "P-S:svc")
    assert t.status == "open" and t.severity == "high"  # now a public entry itself


def test_internal_service_spoofing_is_mitigated_by_mtls_on_every_inbound_flow() -> None:
    src = "a: Orders service\nb: Inventory service\na -> b: {}\n"
    assert get(analyze_text(src.replace("{}", "REST")), "P-S:b").status == "open"
    t = get(analyze_text(src.replace("{}", "mTLS")), "P-S:b")
    assert (t.status, t.evidence, t.severity) == ("mitigated", "'mtls' on a -> b (mTLS)", "low")


def test_tampering_needs_a_waf_on_every_path_from_the_outside() -> None:
    m = analyze_text(BASE)
    t = get(m, "P-T:app.api")
    assert t.status == "mitigated" and t.evidence == "every path from the outside passes edge.waf"
    bypass = analyze_text(BASE + "users -> app.api: HTTPS\n")
    t = get(bypass, "P-T:app.api")
    assert t.status == "open" and t.evidence.endswith("users -> app.api")


def test_repudiation_needs_a_log() -> None:
    m = analyze_text(BASE)
    assert get(m, "P-R:app.api").status == "open"
    t = get(m, "P-R:app.worker")
    assert t.status == "mitigated" and t.evidence == "logs to Logs: app.worker -> data.logs (logs)"


def test_information_disclosure_of_a_process_needs_a_secrets_manager() -> None:
    assert get(analyze_text(BASE), "P-I:app.api").status == "open"
    m = analyze_text(BASE + "app.vault: HashiCorp Vault\napp.api -> app.vault: secrets\n")
    assert get(m, "P-I:app.api").status == "mitigated"
    # the secrets store itself is never mitigated by "fetching secrets"
    assert get(m, "P-I:app.vault").evidence.startswith("it holds the secrets")


def test_denial_of_service_on_a_public_entry_needs_a_throttle() -> None:
    src = "users: Users {shape: person}\nweb: Web app\nusers -> web: HTTPS\n"
    t = get(analyze_text(src), "P-D:web")
    assert (t.status, t.severity) == ("open", "medium")
    t = get(
        analyze_text(src.replace("users -> web", "cdn: Cloudflare\nusers -> cdn -> web")), "P-D:web"
    )
    assert t.status == "mitigated" and "cdn" in t.evidence


def test_data_store_threats_and_their_controls() -> None:
    m = analyze_text(BASE)
    assert get(m, "DS-T:data.db").status == "open"
    assert get(m, "DS-D:data.db").status == "open"
    t = get(m, "DS-I:data.db")
    assert t.status == "mitigated" and t.evidence.startswith("in zone data, apart from the public")
    better = analyze_text(
        BASE.replace("db: Postgres", "db: Postgres (multi-AZ, versioned)")
        + "data.backup: DB backups\ndata.db -> data.backup\n"
    )
    assert get(better, "DS-T:data.db").evidence == "its label says 'versioned'"
    assert get(better, "DS-D:data.db").evidence == "its label says 'multi az'"


def test_a_store_in_the_public_zone_or_without_zone_is_not_isolated() -> None:
    t = get(
        analyze_text(
            "users: Users {shape: person}\nweb: Web app\ndb: Postgres\nusers -> web\nweb -> db"
        ),
        "DS-I:db",
    )
    assert (t.status, t.evidence) == ("open", "no trust boundary around it")
    shared = (
        "users: Users {shape: person}\nz: {web: Web app; db: Postgres}\n"
        "users -> z.web\nz.web -> z.db"
    )
    t = get(analyze_text(shared), "DS-I:z.db")
    assert (t.status, t.evidence) == ("open", "zone z also holds the public entry z.web")


def test_log_repudiation_is_mitigated_by_immutability_or_a_siem() -> None:
    assert get(analyze_text(BASE), "DS-R:data.logs").status == "open"
    m = analyze_text(BASE + "data.siem: Splunk SIEM\ndata.logs -> data.siem\n")
    assert get(m, "DS-R:data.logs").status == "mitigated"
    m = analyze_text(BASE.replace("logs: Logs", "logs: Logs (append-only)"))
    assert get(m, "DS-R:data.logs").evidence == "its label says 'append only'"


def test_crossing_flow_encryption_decides_tampering_and_disclosure() -> None:
    m = analyze_text(BASE)
    assert get(m, "FLOW-I:users->edge.waf").status == "mitigated"
    t = get(m, "FLOW-I:app.api->data.db")
    assert (t.status, t.evidence, t.severity) == ("open", "not marked encrypted", "medium")
    assert get(m, "FLOW-T:app.api->data.db").status == "open"
    m = analyze_text(BASE.replace("SQL", "SQL over TLS"))
    assert get(m, "FLOW-I:app.api->data.db").status == "mitigated"
    assert get(m, "FLOW-T:app.api->data.db").status == "mitigated"


def test_crossing_flow_severity_rises_with_public_ends_sensitive_data_and_plaintext() -> None:
    src = "users: Patients {shape: person}\nz: {portal: Patient portal}\nusers -> z.portal: HTTP\n"
    t = get(analyze_text(src), "FLOW-I:users->z.portal")
    assert (t.severity, t.evidence) == ("critical", "clear-text 'http' named on the flow")


def test_parallel_flows_get_their_own_threat_ids() -> None:
    m = analyze_text("a: {x: API}\nb: {y: Postgres}\na.x -> b.y: reads\na.x -> b.y: writes\n")
    ids = sorted(t.id for t in m.threats if t.rule == "FLOW-I")
    assert ids == ["FLOW-I:a.x->b.y", "FLOW-I:a.x->b.y#1"]
    assert {t.flow_nth for t in m.threats if t.rule == "FLOW-I"} == {0, 1}


def test_flow_disruption_is_held_by_a_queue_or_a_guard() -> None:
    m = analyze_text(
        "a: {api: API}\nb: {q: RabbitMQ; w: Worker}\na.api -> b.q: jobs\na.api -> b.w: calls\n"
    )
    assert get(m, "FLOW-D:a.api->b.q").evidence == "b.q queues the work"
    assert get(m, "FLOW-D:a.api->b.w").status == "open"
