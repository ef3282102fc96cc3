"""The structural clause reader (services/dsl/generation/clause_reader.py): requests in words
no detector was written for, read from the clause's dependency parse (spaCy). Our own
sentences on our own library diagram (tests/support/edits.py)."""

from __future__ import annotations

from services.dsl.generation.clause_parse import frames
from services.dsl.generation.clause_reader import operation
from tests.support.edits import applied, linked


def names(query: str) -> list[str]:
    return [s.label for s in applied(query).shapes]


# ------------------------------------------------------------------ the parse and the verbs


def test_a_frame_has_the_verb_its_particle_objects_and_roles() -> None:
    text = "hook the loans service up to the mailer"
    spans = [(text.index(w), text.index(w) + len(w)) for w in ("the loans service", "mailer")]
    (f, *_) = frames(text, spans, set())
    assert (f.lemma, f.particle) == ("hook", "up")
    assert [o.mentions for o in f.objects] == [(0,)]
    assert [a.mentions for a in f.role("to")] == [(1,)]


def test_verbs_map_to_operations_through_the_projects_vocabulary() -> None:
    assert operation("unhook", "unhook", "") == "disconnect"  # un- undoes a joining verb
    assert operation("unplug", "unplug", "") == "disconnect"
    assert operation("wire", "wire", "up") == "connect"  # the slang of ops.SLANG
    assert operation("rip", "rip", "out") == "remove"
    assert operation("eradicate", "eradicate", "") == "remove"  # a verb class of verbs.py
    assert operation("substitute", "substitute", "") == "replace"
    assert operation("ping", "ping", "") == "send"  # a verb of relation_words


# ------------------------------------------------------------------ through the architect


def test_a_prefixed_joining_verb_detaches_several_from_one() -> None:
    d = applied("unhook the loans service and the catalogue search from the front proxy")
    assert not linked(d, "edge.proxy", "core.loans")
    assert not linked(d, "edge.proxy", "core.search")
    assert linked(d, "patron", "edge.proxy")  # nothing else goes


def test_a_separating_verb_nobody_wrote_a_rule_for() -> None:
    d = applied("decouple the notice sender from mailgun")
    assert not linked(d, "core.notify", "mailer")
    assert "Mailgun" in [s.label for s in d.shapes]


def test_a_misspelt_link_noun_between_two_named_ends() -> None:
    d = applied("trash the arow from the loans service to the books db")
    assert not linked(d, "core.loans", "books_db")
    assert "Books DB" in [s.label for s in d.shapes]


def test_a_negative_subject_removes_what_nobody_uses() -> None:
    got = names("nobody uses the page cache these days")
    assert "Page Cache" not in got and "Memcache" in got


def test_a_passive_no_longer_needed_removes_the_subject() -> None:
    got = names("the memcache is no longer needed")
    assert "Memcache" not in got and "Page Cache" in got


def test_a_copula_with_a_product_replaces_the_subject() -> None:
    got = names("the page cache should be Varnish")
    assert "Page Cache" not in got and any("varnish" in n.lower() for n in got)


def test_moved_off_one_thing_onto_a_new_one_is_a_replacement() -> None:
    got = names("we moved delivery off mailgun to Postmark")
    assert "Mailgun" not in got and any("postmark" in n.lower() for n in got)


def test_a_removal_the_next_sentence_turns_into_a_replacement() -> None:
    got = names("We do not use anymore the Mailgun account. Now we have Postmark for this.")
    assert "Mailgun" not in got and any("postmark" in n.lower() for n in got)


def test_a_link_that_should_say_something_is_relabelled() -> None:
    d = applied("the line between the catalogue search and memcache ought to read 'lookups'")
    assert any(
        {c.src, c.dst} == {"core.search", "hot_cache"} and c.label == "lookups"
        for c in d.connections
    )


def test_no_more_link_between_two_named_ends() -> None:
    d = applied("no more arrow from the catalogue search to memcache")
    assert not linked(d, "core.search", "hot_cache")


def test_an_intransitive_placing_verb_moves_its_subject() -> None:
    d = applied("the notice sender should live next to the front proxy")
    notify = next(s for s in d.shapes if s.label == "Notice Sender")
    assert notify.parent == "edge"


def test_an_order_whose_verb_nobody_listed_places_a_new_thing() -> None:
    d = applied("dangle a retry queue off the notice sender")
    assert any("retry queue" in s.label.lower() for s in d.shapes)


def test_a_passive_add_takes_its_subject_and_not_the_role_after_it() -> None:
    got = names("An audit trail should be added as a further store, fed through the loans service")
    assert any("audit trail" in n.lower() for n in got)
    assert not any(n.lower().startswith("as ") for n in got)


def test_dropped_in_favour_of_a_new_product_is_a_replacement() -> None:
    got = names("we ditched the page cache in favour of Varnish")
    assert "Page Cache" not in got and any("varnish" in n.lower() for n in got)


def test_shapes_named_by_their_d2_ids() -> None:
    d = applied("core.notify should also call hot_cache")
    assert linked(d, "core.notify", "hot_cache")
