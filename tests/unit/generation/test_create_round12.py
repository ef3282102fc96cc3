"""Creates, round 12: connections a request states in shapes the clause reader left alone
(a pronoun handled in a tool, a list of sinks off a stream, ...). Sentences are our own, not
the evaluation sets'."""

from __future__ import annotations

from bench.generation.people_checks import connected
from tests.unit.generation.test_create_phrases import diagram, labels


def test_a_pronoun_explored_in_a_tool_links_the_store_and_the_doer_to_the_tool() -> None:
    d = diagram(
        "Sequencers write raw reads to a NAS, the pipelines push results to S3, and analysts "
        "explore them in Jupyter."
    )
    assert connected(d, ["s3"], ["jupyter"]), labels(d)
    assert connected(d, ["analyst"], ["jupyter"]), labels(d)


def test_a_pronoun_served_through_a_cdn_links_the_store_to_the_cdn() -> None:
    d = diagram(
        "Our encoder workers cut uploads into HLS chunks, keep the chunks in MinIO and "
        "viewers stream them through Fastly."
    )
    assert connected(d, ["minio"], ["fastly"]), labels(d)


def test_a_pronoun_reviewed_in_a_tool_links_the_store_to_the_tool() -> None:
    d = diagram("Invoices land in Cassandra, and auditors review them in Metabase.")
    assert connected(d, ["cassandra"], ["metabase"]), labels(d)


def test_a_list_of_sinks_hangs_off_the_stream() -> None:
    d = diagram(
        "Kafka Connect: one source connector on MySQL, two sinks into Elasticsearch and Redshift"
    )
    assert connected(d, ["kafka"], ["elasticsearch"]), labels(d)
    assert connected(d, ["kafka"], ["redshift"]), labels(d)


def test_sinking_to_three_stores_links_the_named_stream_to_each() -> None:
    d = diagram(
        "Debezium reads the Postgres WAL into Redpanda, with connectors sinking to S3, "
        "ClickHouse and Elasticsearch."
    )
    for store in ("s3", "clickhouse", "elasticsearch"):
        assert connected(d, ["redpanda"], [store]), (store, labels(d))


def test_where_the_asker_works_is_no_part() -> None:
    d = diagram(
        "I work at a small zoo and we want visitors to book tickets in an app backed by Firebase."
    )
    assert not any("zoo" in label for label in labels(d)), labels(d)


def test_the_asker_s_startup_after_at_is_no_part() -> None:
    d = diagram("im the devops guy at a courier startup: a vue frontend, a django api, postgres")
    assert not any("courier" in label for label in labels(d)), labels(d)


def test_the_shop_the_askers_run_is_no_part_but_a_satellite_they_run_is() -> None:
    d = diagram(
        "my brother and I run a pottery shop and want our own store on Shopify with Klaviyo "
        "for emails"
    )
    assert not any("pottery" in label for label in labels(d)), labels(d)
    d = diagram("we run a small cubesat and need the ground segment: an antenna and InfluxDB")
    assert any("cubesat" in label for label in labels(d)), labels(d)


def test_two_middlemen_of_unlike_kinds_after_through_stand_in_a_row() -> None:
    d = diagram(
        "Orders in MySQL are copied to OpenSearch through Maxwell and Kinesis; the shop "
        "queries a search API."
    )
    assert connected(d, ["maxwell"], ["kinesis"]), labels(d)
    assert connected(d, ["kinesis"], ["opensearch"]), labels(d)


def test_a_connector_then_a_stream_via_links_the_stream_to_the_target() -> None:
    d = diagram("Ledger tables in Postgres reach ClickHouse via Debezium and Redpanda.")
    assert connected(d, ["redpanda"], ["clickhouse"]), labels(d)


def test_a_decoded_step_with_no_doer_stands_between_the_radio_and_the_store() -> None:
    d = diagram(
        "A dish on the roof picks up weather satellite passes, an SDR demodulates the signal, "
        "frames get decoded and saved to TimescaleDB, and forecasters browse it in Grafana."
    )
    assert any("decod" in label for label in labels(d)), labels(d)
    assert connected(d, ["decod"], ["timescale"]), labels(d)


def test_a_pseudonymised_step_feeds_the_analysis_environment() -> None:
    d = diagram(
        "Trial sites enter visits in the EDC system; the data is checked and pseudonymised "
        "before it is loaded into a SAS analysis environment."
    )
    assert connected(d, ["pseudonym"], ["sas analysis"]), labels(d)
    assert connected(d, ["edc"], ["pseudonym"]), labels(d)


def test_an_anonymised_step_sits_between_the_source_and_the_portal_unless_a_doer_is_named() -> None:
    d = diagram(
        "Datasets from our internal databases get anonymised, then published to a public "
        "portal with an API."
    )
    assert connected(d, ["internal"], ["anonymi"]), labels(d)
    assert connected(d, ["anonymi"], ["portal"]), labels(d)
    # with its doer named, the participle adds no step: the doer is the step
    d = diagram("Uploaded clips are transcoded by AWS MediaConvert and kept in S3.")
    assert not any("transcoder" in label for label in labels(d)), labels(d)


def test_a_part_per_tenant_is_one_part_not_one_for_each_service() -> None:
    d = diagram(
        "B2B invoicing SaaS: an invoices service, a customers service and a reports service "
        "behind a gateway, a KMS key per tenant, Metabase dashboards per tenant"
    )
    assert not any("(reports service)" in label for label in labels(d)), labels(d)
    assert sum("secrets manager" in label or "kms" in label for label in labels(d)) == 1


def test_sign_in_via_the_firm_s_idp_links_the_web_application_to_it() -> None:
    d = diagram(
        "Please design a small internal leave-request web application: staff request days "
        "off, team leads approve them, and approved leave is pushed to the payroll system "
        "every night. Sign-in via the firm's existing Okta."
    )
    assert connected(d, ["web application"], ["okta"]), labels(d)
