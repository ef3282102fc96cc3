"""Issue 11, edits round 3: verbs read by their class, not their surface (lemma + lexicon +
typo repair), and migrations said with the subject first. Our own sentences on our own
library diagram."""

from __future__ import annotations

from services.dsl.generation.verbs import plain_verbs
from tests.support.edits import applied, linked


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
