"""Issue 11, edits part A: chatty openers, migrations told as news, compound requests, links
asked for by their noun and rerouted, written in our own words on our own library diagram."""

from __future__ import annotations

from services.dsl.generation.clauses import clauses
from tests.support.edits import applied, linked


def labels(query: str) -> list[str]:
    return [s.label for s in applied(query).shapes]


# ------------------------------------------------------------------ chatty / framing voice


def test_an_opener_is_dropped_but_the_news_after_it_is_read() -> None:
    texts = [c.text for c in clauses("FYI we retired the old mailer last week, Postmark is live")]
    assert texts and texts[0].startswith("we retired")


def test_a_request_after_a_dash_is_its_own_clause() -> None:
    texts = [c.text for c in clauses("patrons hate waiting — could you add a cdn in front?")]
    assert texts[-1].startswith("add a cdn")


def test_a_greeting_without_news_is_still_dropped() -> None:
    # a guard: the opener change must not keep "hey folks" as words to read
    assert [c.text for c in clauses("hey folks, could you drop the page cache")] == [
        "drop the page cache"
    ]


# ------------------------------------------------------------------ migrations as news


def test_sunset_then_taker_replaces_and_keeps_links() -> None:
    d = applied("heads up — we sunset Mailgun in March, SendGrid handles all of it now")
    names = [s.label for s in d.shapes]
    assert not any("Mailgun" in n for n in names)
    new = next(s for s in d.shapes if "sendgrid" in s.label.lower())
    assert linked(d, "core.notify", new.id)


def test_changed_from_our_old_x_to_y() -> None:
    got = labels("We have changed from our old Memcache to Valkey since spring.")
    assert any("valkey" in n.lower() for n in got) and "Memcache" not in got


def test_taker_first_does_what_the_old_one_did() -> None:
    d = applied("Postmark does what the Mailgun did")
    new = next(s for s in d.shapes if "postmark" in s.label.lower())
    assert "Mailgun" not in [s.label for s in d.shapes]
    assert linked(d, "core.notify", new.id)


def test_a_retired_participle_with_a_taker_after() -> None:
    got = labels("the page cache is being retired; Redis takes over")
    assert "Page Cache" not in got and any("redis" in n.lower() for n in got)


# ------------------------------------------------------------------ compound requests


def test_rename_then_it_means_the_renamed_shape() -> None:
    d = applied("rename the Notice Sender to 'Reminder Bot', and hook it to the books db too")
    bot = next(s for s in d.shapes if s.label == "Reminder Bot")
    assert linked(d, bot.id, "books_db")


def test_insert_then_kill_the_direct_link() -> None:
    d = applied("slot a waf betwen the patron and the front proxy and cut the direct line")
    assert not linked(d, "patron", "edge.proxy")
    waf = next(s for s in d.shapes if "waf" in s.label.lower() or "firewall" in s.label.lower())
    assert linked(d, "patron", waf.id) and linked(d, waf.id, "edge.proxy")


# ------------------------------------------------------------------ links by their noun


def test_a_pair_before_the_link_noun_cuts_the_link_not_the_shape() -> None:
    d = applied("nuke the proxy -> search link")
    assert not linked(d, "edge.proxy", "core.search")
    assert "Front Proxy" in [s.label for s in d.shapes]
    d = applied("cut the loans to page cache connection")
    assert not linked(d, "core.loans", "cold_cache")
    assert "Page Cache" in [s.label for s in d.shapes]


def test_add_a_connection_from_a_to_b_is_directed() -> None:
    d = applied("could we get a connection from the Notice Sender to the Books DB please")
    assert any(c.src == "core.notify" and c.dst == "books_db" for c in d.connections)


def test_a_link_must_go_via_a_new_component() -> None:
    d = applied("proxy -> search has to go through a rate limiter from now on")
    assert not linked(d, "edge.proxy", "core.search")
    rl = next(s for s in d.shapes if "rate" in s.label.lower())
    assert linked(d, "edge.proxy", rl.id) and linked(d, rl.id, "core.search")


def test_drop_a_new_component_between_two_adds_it() -> None:
    d = applied("drop a circuit breaker between the loans service and the books db")
    cb = next(s for s in d.shapes if "breaker" in s.label.lower())
    assert linked(d, "core.loans", cb.id) and linked(d, cb.id, "books_db")
    assert "Loans Service" in [s.label for s in d.shapes]


def test_change_the_name_of_renames() -> None:
    assert "Lending API" in labels("Please change the name of the Loans Service to Lending API.")
