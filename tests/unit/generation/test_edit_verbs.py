"""Issue 11, edits round 3: verbs read by their class, not their surface (lemma + lexicon +
typo repair), and migrations said with the subject first. Our own sentences on our own
library diagram."""

from __future__ import annotations

from services.dsl.generation.verbs import plain_verbs
from shared.contracts import GenerationKind
from tests.support.edits import applied, edit, linked


def labels(query: str) -> list[str]:
    return [s.label for s in applied(query).shapes]


# ------------------------------------------------------------------ verb classes by lemma


def test_an_inflected_verb_of_a_class_becomes_its_plain_verb_in_the_same_tense() -> None:
    assert plain_verbs("we substituted @0 with @1") == "we swapped @0 with @1"
    assert plain_verbs("the @0 instructs it") == "the @0 signals it"


def test_a_noun_that_is_also_a_verb_stays_a_noun_in_a_name() -> None:
    assert plain_verbs("add a message queue and an order desk") == (
        "add a message queue and an order desk"
    )


def test_a_removal_verb_nobody_wrote_a_rule_for() -> None:
    got = labels("please eradicate the page cache")
    assert "Page Cache" not in got and "Memcache" in got


def test_a_misspelt_inflected_verb_is_repaired_to_the_lexicon() -> None:
    got = labels("we substitued Mailgun with Postmark")
    assert "Mailgun" not in got and any("postmark" in n.lower() for n in got)


def test_a_short_misspelt_verb_at_the_start_of_a_clause() -> None:
    got = labels("ad a rate limiter in front of the loans service")
    assert any("rate limiter" in n.lower() for n in got)


def test_a_function_word_at_the_start_is_not_repaired_into_a_verb() -> None:
    # "all" is one edit from "call": it must stay a determiner
    assert plain_verbs("all the @0 must send to @1").startswith("all the")


def test_two_small_words_written_as_one() -> None:
    d = applied("put a throttle inbetween the front proxy and catalogue search")
    new = next(s for s in d.shapes if "throttle" in s.label.lower())
    assert linked(d, "edge.proxy", new.id) and linked(d, new.id, "core.search")


def test_a_verb_of_acting_on_the_new_part_links_it() -> None:
    d = applied("add a Fine Calculator. The loans service commands it to bill late returns.")
    new = next(s for s in d.shapes if "fine" in s.label.lower())
    assert linked(d, "core.loans", new.id)


# ------------------------------------------------------------------ migrations, subject first


def test_subject_got_swapped_for_a_product_with_a_time_after() -> None:
    d = applied("the mailer got exchanged for Postmark during the holidays")
    new = next(s for s in d.shapes if "postmark" in s.label.lower())
    assert "Mailgun" not in [s.label for s in d.shapes] and linked(d, "core.notify", new.id)


def test_subject_has_been_migrated_from_words_to_a_product() -> None:
    got = labels("FYI the page cache has been migrated from the legacy box to Varnish.")
    assert "Page Cache" not in got and any("varnish" in n.lower() for n in got)


def test_work_now_provided_by_a_product() -> None:
    got = labels("Kindly note that page caching is now provided by Fastly.")
    assert "Page Cache" not in got and any("fastly" in n.lower() for n in got)


def test_a_shape_is_a_product_now() -> None:
    got = labels("memcache is Dragonfly now")
    assert "Memcache" not in got and any("dragonfly" in n.lower() for n in got)


def test_a_state_now_is_not_a_replacement() -> None:
    # "X runs offline now": no copula, no new product
    got = labels("the page cache runs cold now; remove the mailer")
    assert "Page Cache" in got and "Mailgun" not in got


def test_moving_to_a_place_is_not_a_migration() -> None:
    got = labels("the page cache is moving to the core, remove the mailer")
    assert "Page Cache" in got


# ------------------------------------------------------------------ links stated around a new part


def test_each_predicate_after_and_links_the_new_part() -> None:
    d = applied(
        "add a Hold Queue. The loans service writes reservations to it and catalogue search "
        "polls it for availability."
    )
    new = next(s for s in d.shapes if "hold queue" in s.label.lower())
    assert linked(d, "core.loans", new.id) and linked(d, "core.search", new.id)


def test_a_link_through_a_named_middle_goes_to_the_middle() -> None:
    d = applied("the patron should talk to catalogue search via the front proxy")
    assert linked(d, "patron", "edge.proxy") and not linked(d, "patron", "core.search")


def test_getting_things_from_a_shape_makes_it_the_source() -> None:
    d = applied("the notice sender should also get the overdue events from the loans service")
    assert any(c.src == "core.loans" and c.dst == "core.notify" for c in d.connections)


# ------------------------------------------------------------------ removal said as a state


def test_a_shape_that_can_go_is_removed() -> None:
    assert "Page Cache" not in labels("nobody reads it any more, so the page cache can go")


def test_a_shape_that_is_not_existing_is_removed() -> None:
    assert "Memcache" not in labels("The Memcache is not existing in production at all.")


def test_an_arrow_alone_names_the_link_to_cut() -> None:
    d = applied("cut loans→books db")
    assert not linked(d, "core.loans", "books_db")
    assert "Books DB" in [s.label for s in d.shapes]


def test_a_container_named_as_a_link_end_cuts_its_childs_link() -> None:
    d = applied("Core should not write to the Books DB anymore, please delete that link")
    assert not linked(d, "core.loans", "books_db")


# ------------------------------------------------------------------ add between, either order


def test_a_new_part_sitting_between_two_shapes() -> None:
    d = applied("ops would like a small audit tap sitting between the proxy and the loans service")
    new = next(s for s in d.shapes if "audit tap" in s.label.lower())
    assert linked(d, "edge.proxy", new.id) and linked(d, new.id, "core.loans")
    assert not linked(d, "edge.proxy", "core.loans")


def test_between_first_then_the_verb_and_a_reason_after() -> None:
    d = applied(
        "Between Loans Service and Books DB please place a connection pooler, because the "
        "loans service is not talking to the DB efficiently."
    )
    new = next(s for s in d.shapes if "pooler" in s.label.lower())
    assert linked(d, "core.loans", new.id) and linked(d, new.id, "books_db")


# ------------------------------------------------------------------ ask back


def test_a_replacement_without_a_name_asks_which() -> None:
    r = edit("replace the mailer with the new one from procurement")
    assert r.kind == GenerationKind.ANSWER and "Mailgun" in r.message


def test_work_done_by_people_is_not_a_replacement() -> None:
    got = labels("the page cache is handled by the platform team, remove the mailer")
    assert "Page Cache" in got and "Mailgun" not in got


def test_a_shape_that_has_to_go_somewhere_is_not_removed() -> None:
    got = labels("the page cache has to go through the loans service")
    assert "Page Cache" in got


def test_a_verb_like_noun_in_a_new_name_is_kept() -> None:
    assert plain_verbs("rename the @0 to orders @1") == "rename the @0 to orders @1"


def test_a_list_in_apposition_to_a_description_is_removed() -> None:
    got = labels("Please remove both of the caching things, the memcache and the page cache.")
    assert "Memcache" not in got and "Page Cache" not in got and "Books DB" in got


# ------------------------------------------------------------------ adds said other ways


def test_an_object_relative_makes_the_named_shape_the_caller() -> None:
    d = applied("we need a quota checker that the loans service calls before each loan")
    new = next(s for s in d.shapes if "quota" in s.label.lower())
    assert any(c.src == "core.loans" and c.dst == new.id for c in d.connections)


def test_an_existential_is_an_add() -> None:
    got = labels("There should be a bot filter in front of the front proxy.")
    assert any("bot filter" in n.lower() for n in got)


def test_a_heading_names_the_new_component() -> None:
    d = applied("new service: Renewal Reminder, the loans service calls it")
    new = next(s for s in d.shapes if "renewal" in s.label.lower())
    assert linked(d, "core.loans", new.id)


def test_non_native_what_and_one_as_article() -> None:
    d = applied("Please create one Overdue Tracker what receive events from the loans service.")
    new = next(s for s in d.shapes if "overdue" in s.label.lower())
    assert new.label.lower().startswith("overdue tracker")
    assert any(c.src == "core.loans" and c.dst == new.id for c in d.connections)


def test_links_said_after_a_between_place() -> None:
    d = applied(
        "Add a Stock Service between Loans Service and Books DB, and Notice Sender should "
        "also use it."
    )
    new = next(s for s in d.shapes if "stock" in s.label.lower())
    assert linked(d, "core.notify", new.id) and linked(d, "core.loans", new.id)


def test_the_relative_after_a_new_link_target_is_read() -> None:
    d = applied(
        "the loans service should emit events to a new event hub, which the notice sender consumes"
    )
    new = next(s for s in d.shapes if "event hub" in s.label.lower())
    assert linked(d, "core.loans", new.id) and linked(d, new.id, "core.notify")


def test_an_arrow_chain_links_each_hop() -> None:
    d = applied("loans → notice sender → mailer → patron")
    assert linked(d, "core.loans", "core.notify") and linked(d, "mailer", "patron")
