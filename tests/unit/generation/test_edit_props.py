"""Setting properties as one reader (issue 11): counts, technologies, qualities and link
transport, said wherever they stand and of collectives, drawn one way per family (label for a
technology or a count, the note for a quality, the link's label for transport); the sentence
grammar's restyle and the operation finder's give the same look. The sentences are ours, on
the LIBRARY diagram of tests/support/edits.py."""

from __future__ import annotations

from services.dsl.d2.model import Diagram, Shape
from services.dsl.generation.commands import COMMANDS
from services.dsl.generation.edit_props import relabelled
from services.dsl.generation.edit_state import State
from services.dsl.generation.kb import knowledge_base
from tests.support.edits import LIBRARY, applied, edit


def _shape(d: Diagram, sid: str) -> Shape:
    found = d.shape(sid)
    assert found is not None, sid
    return found


def _label(d: Diagram, a: str, b: str) -> str:
    return next(c.label for c in d.connections if {c.src, c.dst} == {a, b})


# ---- counts


def test_a_count_of_copies_goes_into_the_label_wherever_it_is_said() -> None:
    for q, sids, said in (
        (
            "scale the loans service and the catalogue search out to 4 replicas each",
            ["core.loans", "core.search"],
            "4 replicas",
        ),
        ("run Front Proxy as three instances", ["edge.proxy"], "3 instances"),
        ("books db: 2-node cluster please", ["books_db"], "2 nodes"),
        (
            "autoscaling on every service in core, at least 2 pods",
            ["core.loans", "core.search", "core.notify"],
            "min 2 pods",
        ),
    ):
        d = applied(q)
        for sid in sids:
            assert said in _shape(d, sid).label, (q, sid, _shape(d, sid).label)


def test_a_new_count_replaces_the_old_one_and_ids_and_links_stay() -> None:
    assert relabelled("Loans (Go, 2 replicas)", "count", "5 replicas") == "Loans (Go, 5 replicas)"
    d = applied("bump the notice sender up to 6 replicas")
    assert _shape(d, "core.notify").label == "Notice Sender (6 replicas)"
    assert any(c.src == "core.notify" and c.dst == "mailer" for c in d.connections)


# ---- technologies


def test_what_a_shape_is_built_with_goes_into_its_label() -> None:
    for q, sid, said in (
        ("make the books db a Cassandra cluster", "books_db", "Cassandra"),
        ("the catalogue search is an OpenSearch domain", "core.search", "OpenSearch"),
        ("page cache please draw it as a Varnish", "cold_cache", "Varnish"),
    ):
        d = applied(q)
        assert said in _shape(d, sid).label, (q, _shape(d, sid).label)
        assert sid in {s.id for s in d.shapes}


def test_a_product_of_the_same_kind_in_the_name_gives_way() -> None:
    assert relabelled("Session Redis", "tech", "Memcached") == "Session Memcached"
    assert relabelled("Leaderboard (Redis)", "tech", "DynamoDB") == "Leaderboard (DynamoDB)"
    assert relabelled("Orders Postgres", "tech", "Postgres") == "Orders Postgres"


def test_the_property_told_before_is_written_on_the_box() -> None:
    d = applied("the books db is really a MariaDB. put that on the box")
    assert "MariaDB" in _shape(d, "books_db").label


# ---- qualities and collectives


def test_a_quality_is_noted_on_each_shape_said_or_meant() -> None:
    d = applied("WORM storage for the books db")
    assert "WORM" in (_shape(d, "books_db").tooltip or "")
    d = applied("customer-managed keys on everything that keeps data")
    for sid in ("books_db", "hot_cache", "cold_cache"):
        assert "customer-managed keys" in (_shape(d, sid).tooltip or ""), sid
    assert not _shape(d, "core.loans").tooltip


def test_a_property_used_as_a_verb_on_it() -> None:
    d = applied("add a task queue next to the loans service and DLQ it")
    made = [s for s in d.shapes if "queue" in s.label.lower()]
    assert made and "DLQ" in (made[0].tooltip or "")


# ---- links


def test_transport_goes_on_the_link_named_by_its_ends_or_its_data() -> None:
    d = applied("mTLS on the proxy -> loans hop")
    assert _label(d, "edge.proxy", "core.loans") == "REST (mTLS)"
    d = applied("SASL on core -> mailer hop and WORM for the books db")
    assert "WORM" in (_shape(d, "books_db").tooltip or "")
    d = applied("the patron to proxy traffic should be TLS 1.3")
    assert "TLS 1.3" in _label(d, "patron", "edge.proxy")


def test_transport_said_of_shapes_goes_on_their_links() -> None:
    d = applied("could the loans service and catalogue search be mTLS only?")
    assert "mTLS only" in _label(d, "edge.proxy", "core.loans")
    assert "mTLS only" in _label(d, "edge.proxy", "core.search")
    d = applied("IPsec for the mailer, write it on its arrows")
    assert "IPsec" in _label(d, "core.notify", "mailer")


def test_a_property_already_on_the_link_is_not_written_twice() -> None:
    d = applied("the patron -> proxy link must use https")
    assert _label(d, "patron", "edge.proxy") == "HTTPS"


# ---- what the reader leaves to others


def test_other_operations_are_not_read_as_properties() -> None:
    d = applied("add a KMS next to the books db")
    assert len(d.shapes) > len(applied("mark the books db as PII").shapes)
    d = applied("the mailer is Postmark now, swap it in")
    assert not any(s.label == "Mailgun" for s in d.shapes)


# ---- one restyle path


def test_the_grammar_and_the_finder_draw_a_colour_the_same_way() -> None:
    by_finder = applied("make the page cache orange")
    st = State(knowledge_base(), LIBRARY)
    st.d2 = LIBRARY
    said = next(h(st, m) for p, h in COMMANDS if (m := p.match("make cold_cache orange")))
    assert said
    from services.dsl.d2 import compile_d2

    by_grammar = compile_d2(st.d2)
    assert _shape(by_finder, "cold_cache").style == _shape(by_grammar, "cold_cache").style
    assert _shape(by_grammar, "cold_cache").style.get("fill") == "orange"
    assert "highlighted" not in edit("highlight the mailer").message
