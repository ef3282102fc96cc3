"""Edits round 10: compound requests, a link's label told by one end, relations to a new
component, a new component beside one of its kind, purposes after a request. Sentences of our
own on the library diagram of ``tests/support/edits.py`` (never the people-written evaluation
sets). Each test fails on main 4fa080a, but for one control (a component of another kind
next to a drawn one is only placed by it)."""

from __future__ import annotations

from services.dsl.d2.model import Diagram
from services.dsl.generation.clauses import clauses
from tests.support.edits import applied, linked


def has(d: Diagram, src: str, dst: str) -> bool:
    return any((c.src, c.dst) == (src, dst) for c in d.connections)


def label(d: Diagram, src: str, dst: str) -> str:
    return next(c.label for c in d.connections if (c.src, c.dst) == (src, dst))


def new_shape(d: Diagram, word: str) -> str:
    return next(s.id for s in d.shapes if word in s.label.lower())


def texts(query: str) -> list[str]:
    return [c.text for c in clauses(query)]


# 1. a link's label told by one of its ends


def test_a_link_named_by_its_owner_and_the_kind_of_its_far_end_says_the_quote() -> None:
    d = applied("make the loans service's db link say 'jdbc pool'")
    assert label(d, "core.loans", "books_db") == "jdbc pool"


def test_its_link_means_a_link_of_what_the_clause_before_renamed() -> None:
    d = applied(
        "rename the Loans Service to Lending, and change the label on its db link to 'rows'"
    )
    assert label(d, new_shape(d, "lending"), "books_db") == "rows"


def test_the_arrow_from_one_end_is_the_one_to_what_the_clause_before_touched() -> None:
    d = applied("Notice Sender we call Herald now. On the arrow into mailgun please write 'smtp'")
    assert label(d, new_shape(d, "herald"), "mailer") == "smtp"


def test_a_link_of_an_end_with_one_link_reads_the_new_text() -> None:
    d = applied("the notice sender's link should read 'smtp relay'")
    assert label(d, "core.notify", "mailer") == "smtp relay"


def test_an_end_with_two_links_and_nothing_to_pick_one_asks_back() -> None:
    from tests.support.edits import edit

    answer = edit("on the arrow out of the front proxy write 'h2'")
    assert answer.d2 is None or "Catalogue Search" in answer.message
    assert "Loans Service" in answer.message and "Catalogue Search" in answer.message


# 2. compound requests: a retraction, a second command after "and", "both"


def test_no_wait_takes_back_the_request_before_it() -> None:
    d = applied(
        "link the notice sender straight to the patron? no wait thats bad, keep it as is. "
        "just make the notice sender link say 'smtp'"
    )
    assert not linked(d, "core.notify", "patron")
    assert label(d, "core.notify", "mailer") == "smtp"


def test_scratch_that_replaces_the_request_with_the_one_after_it() -> None:
    d = applied("remove the page cache. scratch that, remove the memcache instead")
    ids = {s.id for s in d.shapes}
    assert "cold_cache" in ids and "hot_cache" not in ids


def test_never_mind_leaves_only_the_other_requests() -> None:
    d = applied("rename the books db to Catalogue DB; add a fax gateway. never mind")
    assert any(s.label == "Catalogue DB" for s in d.shapes)
    assert not any("fax" in s.label.lower() for s in d.shapes)


def test_a_misspelt_command_after_and_is_a_request_of_its_own() -> None:
    assert texts("rename the mailer to Postmark and chnage the label on its link to 'x'") == [
        "rename the mailer to Postmark",
        # the head of the clause is put right too (services/dsl/generation/typos.py)
        "change the label on its link to qt0",
    ]
    assert texts("remove the page cache and updte the label on the db link to 'x'")[1].startswith(
        "update"
    )


def test_add_both_after_the_clauses_that_added_them_adds_nothing_more() -> None:
    d = applied("we need a fines app. it gets updates from an event bus. please add both")
    assert not any(s.label.lower() == "both" for s in d.shapes)
    assert has(d, new_shape(d, "event bus"), new_shape(d, "fines"))


def test_it_after_an_add_whose_tail_reads_nothing_is_still_the_new_one() -> None:
    d = applied("add a fines app that gets the notices too. connect the notice sender to it")
    assert linked(d, "core.notify", new_shape(d, "fines"))


# 3. a relation to a component introduced with "a"/"an" adds it


def test_receiving_from_a_new_component_adds_it_upstream() -> None:
    d = applied("the catalogue search consumes events from a kafka topic")
    assert has(d, new_shape(d, "kafka"), "core.search")


def test_it_gets_something_from_a_new_component() -> None:
    d = applied("add a fines app. it gets its config from a config server")
    assert has(d, new_shape(d, "config"), new_shape(d, "fines"))


def test_a_pronoun_sending_to_a_new_component_adds_it_downstream() -> None:
    d = applied("add a fines app. it pushes receipts to a print spooler")
    assert has(d, new_shape(d, "fines"), new_shape(d, "spooler"))


# 4. where a new component goes: beside one of its kind, for two shapes


def test_a_second_one_next_to_a_drawn_one_takes_its_links() -> None:
    d = applied("add a second mail relay next to mailgun")
    relay = new_shape(d, "relay")
    assert has(d, "core.notify", relay) and not linked(d, relay, "mailer")


def test_a_backup_alongside_a_drawn_one_takes_its_container_and_links() -> None:
    d = applied("put a backup proxy alongside the front proxy as a failover path")
    backup = new_shape(d, "backup")
    assert backup.startswith("edge.")
    assert has(d, "patron", backup) and has(d, backup, "core.search")


def test_a_product_of_the_same_kind_beside_a_drawn_one_is_its_twin() -> None:
    d = applied("add a redis next to the page cache")
    redis = new_shape(d, "redis")
    assert has(d, "core.loans", redis) and not linked(d, redis, "cold_cache")


def test_a_component_of_another_kind_next_to_a_drawn_one_is_only_placed_by_it() -> None:
    d = applied("add a cloudfront cdn next to the front proxy")
    cdn = new_shape(d, "cloudfront")
    assert linked(d, cdn, "edge.proxy") and not linked(d, "patron", cdn)


def test_another_one_next_to_the_existing_one_and_both_used() -> None:
    d = applied(
        "add another memcache next to the existing one; the catalogue search should hit both"
    )
    twin = next(
        s.id for s in d.shapes if s.id not in ("hot_cache",) and "memcache" in s.label.lower()
    )
    assert has(d, "core.search", twin) and has(d, "core.search", "hot_cache")


def test_a_new_component_for_two_shapes_is_linked_to_both_the_same_way() -> None:
    d = applied("add a rate limiter for the loans service and the catalogue search")
    limiter = new_shape(d, "rate limiter")
    assert has(d, "core.loans", limiter) and has(d, "core.search", limiter)


# 5. a purpose after a request


def test_a_negative_purpose_lends_its_not_to_no_link() -> None:
    d = applied("add a dedupe table for the loans service so that retries don't double-lend books")
    assert has(d, "core.loans", "books_db")
    assert linked(d, "core.loans", new_shape(d, "dedupe"))


def test_a_negative_purpose_after_an_apposition_removes_nothing() -> None:
    d = applied(
        "we need a dedupe store for the loans service, basically a table it checks before "
        "lending so that retries do not double-lend books"
    )
    assert has(d, "core.loans", "books_db")
    assert linked(d, "core.loans", new_shape(d, "dedupe"))


def test_a_purpose_after_a_connect_is_not_a_property() -> None:
    d = applied(
        "add a Vault. wire the loans service and the notice sender to it for envelope encryption"
    )
    vault = new_shape(d, "vault")
    assert has(d, "core.loans", vault) and has(d, "core.notify", vault)
    assert not any((s.tooltip or "") for s in d.shapes)


def test_a_purpose_after_hooking_up_two_shapes_is_not_noted_on_them() -> None:
    d = applied("hook the catalogue search up to the loans service for payload encryption")
    assert linked(d, "core.search", "core.loans")
    assert not any((s.tooltip or "") for s in d.shapes)


# 6. a link's label: the old one after "instead of"; a relation whose cargo names a shape


def test_an_old_label_after_instead_of_may_hold_a_container_word() -> None:
    d = applied("loans -> books db label: 'jdbc pool' instead of the sql box")
    assert label(d, "core.loans", "books_db") == "jdbc pool"


def test_an_old_label_with_group_in_it_does_not_make_a_group() -> None:
    d = applied("proxy->search label 'gql' instead of rest group")
    assert label(d, "edge.proxy", "core.search") == "gql"


def test_receiving_something_named_like_a_shape_from_another_links_the_source() -> None:
    d = applied("the notice sender should get loans updates from the catalogue search too")
    assert has(d, "core.search", "core.notify")


def test_taking_books_data_from_a_shape_links_it_as_the_source() -> None:
    d = applied("the notice sender takes books data from the loans service")
    assert has(d, "core.loans", "core.notify")
