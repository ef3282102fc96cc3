"""The data-flow model read from D2: element kinds and why, trust boundaries, flows with their
direction and crossing, sensitive data, encryption evidence, overrides."""

from __future__ import annotations

import pytest

from services.dsl.d2 import validate_d2
from services.threats import analyze_text
from shared.threats.model import ThreatModel


def kinds(model: ThreatModel) -> dict[str, str]:
    return {e.id: e.kind for e in model.elements}


@pytest.mark.parametrize(
    ("source", "kind", "reason"),
    [
        ("x: Anything {class: client}", "external_entity", "class client"),
        ("x: Anything {class: external}", "external_entity", "class external"),
        ("x: Anything {class: database}", "data_store", "class database"),
        ("x: Anything {class: queue}", "data_store", "class queue"),
        ("x: Someone {shape: person}", "external_entity", "shape person"),
        ("x: Something {shape: cylinder}", "data_store", "shape cylinder"),
        ("x: Orders {shape: sql_table}", "data_store", "shape sql_table"),
        ("x: PostgreSQL", "data_store", "label names 'postgresql' (postgres)"),
        ("x: Redis", "data_store", "label names 'redis' (redis)"),
        ("x: S3 bucket", "data_store", "label names 's3 bucket' (s3)"),
        ("x: Stripe", "external_entity", "label names 'stripe' (payment_provider)"),
        ("x: OpenAI", "external_entity", "label names 'openai' (openai_api)"),
        ("x: Orders API", "process", "label names 'api' (api)"),
        ("x: Users DB", "data_store", "label names 'db' (database)"),
        ("x: Admin portal", "process", "label ends in 'portal'"),
        ("x: Audit log", "data_store", "label names 'audit log' (logging)"),
        ("x: Patient records", "data_store", "label ends in 'records'"),
        ("x: Patients", "external_entity", "label ends in 'patients'"),
        ("user_db", "data_store", "label names 'db' (database)"),
        ("orders_db: Orders", "data_store", "id names 'db' (database)"),
        (
            "x: Thing {icon: https://icons.terrastruct.com/essentials%2F117-database.svg}",
            "data_store",
            "icon names 'database' (database)",
        ),
        ("x: Frobnicator", "process", "no word or class names a store or an outside party"),
    ],
)
def test_kind_and_reason(source: str, kind: str, reason: str) -> None:
    e = analyze_text(source).elements[0]
    assert (e.kind, e.reason) == (kind, reason)


def test_override_class_wins_over_everything() -> None:
    m = analyze_text(
        "cdn: CloudFront {class: [threat_data_store]}\n"
        "db: Postgres {shape: cylinder; class: threat_external_entity}\n"
        "box: {class: threat_process; inner: Worker}\n"
    )
    assert kinds(m) == {
        "cdn": "data_store",
        "db": "external_entity",
        "box": "process",
        "box.inner": "process",
    }
    assert m.element("cdn").reason == "override class threat_data_store"  # type: ignore[union-attr]


def test_override_classes_pass_the_style_pack_validator() -> None:
    src = (
        "classes: {process: {shape: rectangle}}\n"
        "a: A {class: [process; threat_data_store; threat_pii; threat_encrypted]}\n"
    )
    assert validate_d2(src).graph.nodes[0].classes == [
        "process",
        "threat_data_store",
        "threat_pii",
        "threat_encrypted",
    ]
    e = analyze_text(src).elements[0]
    assert e.kind == "data_store" and e.data == {"pii"} and e.encrypted


def test_containers_are_trust_boundaries_and_zones_are_innermost() -> None:
    m = analyze_text(
        "aws: {vpc: {private: {api: API}; data: {db: Postgres}}}\nusers: Users {shape: person}"
    )
    assert kinds(m)["aws"] == kinds(m)["aws.vpc"] == kinds(m)["aws.vpc.private"] == "trust_boundary"
    assert m.element("aws.vpc.private.api").boundary == "aws.vpc.private"  # type: ignore[union-attr]
    assert m.element("aws.vpc.data.db").boundary == "aws.vpc.data"  # type: ignore[union-attr]
    assert m.element("users").boundary is None  # type: ignore[union-attr]


def test_crosses_boundary_when_the_ends_sit_in_different_zones() -> None:
    m = analyze_text(
        "users: Users {shape: person}\n"
        "dmz: {waf: WAF}\n"
        "app: {api: API; worker: Worker}\n"
        "data: {db: Postgres}\n"
        "users -> dmz.waf\n"
        "dmz.waf -> app.api\n"
        "app.api -> app.worker\n"
        "app.worker -> data.db\n"
        "helper: Helper\n"
        "helper -> cron: tick\n"
        "users -> helper\n"
    )
    crossing = {(f.src, f.dst): f.crosses_boundary for f in m.flows}
    assert crossing == {
        ("users", "dmz.waf"): True,
        ("dmz.waf", "app.api"): True,
        ("app.api", "app.worker"): False,
        ("app.worker", "data.db"): True,
        ("helper", "cron"): False,
        # an external entity drawn outside every container is outside every boundary
        ("users", "helper"): True,
    }


def test_flow_direction_follows_the_arrow() -> None:
    m = analyze_text(
        "api: API\ndb: Postgres\nworker: Worker\napi <- worker: jobs\napi <-> db\napi -- x"
    )
    flows = {(f.src, f.dst): f.bidirectional for f in m.flows}
    assert flows == {("worker", "api"): False, ("api", "db"): True, ("api", "x"): True}


def test_sequence_spans_stand_for_their_actor_and_notes_are_not_elements() -> None:
    m = analyze_text(
        "flow: {\n  shape: sequence_diagram\n  alice: Alice {shape: person}\n  api: API\n"
        "  alice.t1 -> api.t2: request\n  api.n: a note\n}\n"
    )
    assert kinds(m) == {"flow": "process", "flow.alice": "external_entity", "flow.api": "process"}
    assert [(f.src, f.dst) for f in m.flows] == [("flow.alice", "flow.api")]


def test_annotations_are_not_elements() -> None:
    m = analyze_text(
        'title: |md # Shop | {near: top-center}\nnote: "hello" {shape: text}\napi: API'
    )
    assert kinds(m) == {"api": "process"}


@pytest.mark.parametrize(
    ("label", "tags"),
    [
        ("Patient records", {"phi"}),
        ("Card vault", {"card"}),
        ("Customer profiles", {"pii"}),
        ("Session store", {"credentials"}),
        ("Product catalogue", set()),
    ],
)
def test_sensitive_data_from_store_labels(label: str, tags: set[str]) -> None:
    e = analyze_text(f"x: {label} {{shape: cylinder}}").elements[0]
    assert e.data == tags


def test_a_store_learns_its_data_from_its_flows_and_flows_carry_it() -> None:
    m = analyze_text(
        "api: API\ndb: Postgres\nworker: Worker\napi -> db: patient records\nworker -> db"
    )
    assert m.element("db").data == {"phi"}  # type: ignore[union-attr]
    assert all(f.data == {"phi"} for f in m.flows)


def test_the_words_that_name_a_kind_are_not_read_as_data() -> None:
    m = analyze_text("idp: Identity provider\nsm: Secrets manager")
    assert all(not e.data for e in m.elements)
    assert m.element("idp").roles == {"idp"}  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("edge", "encrypted", "plaintext"),
    [
        ("a -> b: HTTPS", "'https' on the flow", ""),
        ("a -> b: mTLS gRPC", "'mtls' on the flow", ""),
        ("a -> b: login (OIDC)", "'oidc' on the flow", ""),
        ("a -> b: {class: threat_encrypted}", "class threat_encrypted", ""),
        ("a -> b: HTTP", "", "http"),
        ("a -> b: FTP upload", "", "ftp"),
        ("a -> b: SQL", "", ""),
        ("a -> vpn", "through VPN gateway (vpn)", ""),
    ],
)
def test_encryption_in_transit_evidence(edge: str, encrypted: str, plaintext: str) -> None:
    m = analyze_text(f"a: App\nb: Other\nvpn: VPN gateway\n{edge}")
    (f,) = m.flows
    assert (f.encrypted, f.plaintext) == (encrypted, plaintext)


def test_encryption_at_rest_evidence() -> None:
    m = analyze_text(
        "a: Orders DB (encrypted) {shape: cylinder}\n"
        "b: Users DB {shape: cylinder}\nkms: AWS KMS\nb -> kms: data keys\n"
        "c: Logs DB {shape: cylinder}\n"
    )
    assert m.element("a").encrypted == "its label says 'encrypted'"  # type: ignore[union-attr]
    assert m.element("b").encrypted == "keys from AWS KMS (kms)"  # type: ignore[union-attr]
    assert m.element("c").encrypted == ""  # type: ignore[union-attr]


def test_roles_from_the_knowledge_base_and_words() -> None:
    m = analyze_text(
        "waf: AWS WAF\nlb: ALB\ngw: Kong\nidp: Keycloak\nlog: Audit log\nrl: Rate limiter\n"
        "adm: Back office\nguard: Guardrails\nq: Kafka\n"
    )
    roles = {e.id: e.roles for e in m.elements}
    assert roles["waf"] == {"waf"}
    assert roles["lb"] == {"lb", "pass_through"}
    assert roles["gw"] == {"gateway"}
    assert roles["idp"] == {"idp"}
    assert roles["log"] == {"log", "audit"}
    assert "rate_limit" in roles["rl"]
    assert roles["adm"] == {"admin", "user"}
    assert roles["guard"] == {"guardrails"}
    assert roles["q"] == {"queue"}
