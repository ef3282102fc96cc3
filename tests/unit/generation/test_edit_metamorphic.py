"""The same edit request in other wrappings gives the same edit (the rewrites of
bench.generation.metamorphic over our own sentences and the library diagram)."""

from __future__ import annotations

import random

import pytest

from bench.generation.metamorphic import REWRITES
from services.dsl.d2.model import Diagram
from tests.support.edits import applied, linked


def _removed_proxy(d: Diagram) -> bool:
    return d.shape("edge.proxy") is None and d.shape("core.loans") is not None


def _catalogue_in_edge(d: Diagram) -> bool:
    return any(s.label == "Catalogue Search" and s.id.startswith("edge.") for s in d.shapes)


def _mailer_to_books(d: Diagram) -> bool:
    return linked(d, "mailer", "books_db")


def _loans_to_hot(d: Diagram) -> bool:
    return linked(d, "core.loans", "hot_cache")


#: (request, what must hold after it) — each right as written today
CASES = [
    ("remove the Front Proxy", _removed_proxy),
    ("move the Catalogue Search into the Edge", _catalogue_in_edge),
    ("connect the Mailgun to the Books DB", _mailer_to_books),
    ("link the Loans Service to the Memcache", _loans_to_hot),
]

#: the rewrites whose categories the readers were taught (a fixed seed per pair)
FIXED = ["frame", "title", "typo_verb", "determiner", "reason_tail", "lead_think", "thanks_tail"]
FIXED += ["combo", "lower"]


@pytest.mark.parametrize(("query", "holds"), CASES)
def test_as_written(query: str, holds: object) -> None:
    assert callable(holds) and holds(applied(query))


NAMES = ["front proxy", "catalogue search", "edge", "mailgun", "books db", "loans service"]
NAMES += ["memcache"]


def _rewritten(rewrite: str, query: str) -> str | None:
    return REWRITES[rewrite](query, NAMES, random.Random(f"{rewrite}:{query}"))


#: (rewritten request, what must hold) for each pair where the rewrite applies (fixed seeds)
REWRITTEN = [
    pytest.param(said, holds, id=f"{rewrite}:{query}")
    for rewrite in FIXED
    for query, holds in CASES
    if (said := _rewritten(rewrite, query)) is not None
]


def test_every_rewrite_applies_to_some_request() -> None:
    assert all(any(_rewritten(r, q) is not None for q, _ in CASES) for r in FIXED)


@pytest.mark.parametrize(("said", "holds"), REWRITTEN)
def test_rewritten_the_same(said: str, holds: object) -> None:
    assert callable(holds) and holds(applied(said)), said


def _replaced_memcache(d: Diagram) -> bool:
    labels = [s.label.lower() for s in d.shapes]
    return "memcache" not in labels and any("redis" in x for x in labels)


def _no_loans_page_link(d: Diagram) -> bool:
    return not linked(d, "core.loans", "cold_cache") and d.shape("edge") is not None


def _mailer_is(word: str) -> object:
    return lambda d: (
        any(word in s.label.lower() for s in d.shapes)
        and not any("mailgun" in s.label.lower() for s in d.shapes)
    )


def _mailer_in_core(d: Diagram) -> bool:
    return any(s.label == "Mailgun" and s.id.startswith("core.") for s in d.shapes)


def _notice_merged(d: Diagram) -> bool:
    return not any(s.label == "Notice Sender" for s in d.shapes) and (
        d.shape("core.loans") is not None
    )


def _loans_split(d: Diagram) -> bool:
    labels = [s.label.lower() for s in d.shapes]
    return "loans service" not in labels and any("worker" in x for x in labels)


def _memcache_renamed(d: Diagram) -> bool:
    labels = [s.label for s in d.shapes]
    return "Search Cache" in labels and "Memcache" not in labels


def _mailer_cloud(d: Diagram) -> bool:
    return any(s.label == "Mailgun" and s.shape == "cloud" for s in d.shapes)


def _page_cache_gone(d: Diagram) -> bool:
    return not any(s.label == "Page Cache" for s in d.shapes)


def _proxy_out_of_edge(d: Diagram) -> bool:
    return any(s.label == "Front Proxy" and not s.id.startswith("edge.") for s in d.shapes)


def _limiter_between(d: Diagram) -> bool:
    lim = [s.id for s in d.shapes if "limiter" in s.label.lower()]
    return bool(lim) and linked(d, "edge.proxy", lim[0]) and linked(d, lim[0], "core.loans")


def _stores_grouped(words: tuple[str, ...], group: str) -> object:
    def holds(d: Diagram) -> bool:
        inside = [s for s in d.shapes if s.label in words]
        return len(inside) == len(words) and all(
            (p := d.shape(s.id.rsplit(".", 1)[0])) is not None and p.label == group for s in inside
        )

    return holds


@pytest.mark.parametrize(
    ("query", "holds"),
    [
        # a topic set off before the request
        ("ahead of the launch, memcache -> redis", _replaced_memcache),
        # a hedge before the request
        ("I think we should drop edge loans -> page cache", _no_loans_page_link),
        # swapped letters in a command word (short, unknown, or a real word at a clause head)
        ("pls dorp the front proxy", _removed_proxy),
        ("cahnge the mailgun to sendgrid", _mailer_is("sendgrid")),
        ("plcae the mailgun in the core", _mailer_in_core),
        ("flod the notice sender into the loans service", _notice_merged),
        ("spilt the loans service into a loans api and a loans worker", _loans_split),
        # Title Case throughout
        ("We Swapped Mailgun For Sendgrid Last Week", _mailer_is("sendgrid")),
        ("Please Change The Name Of Memcache To 'Search Cache'", _memcache_renamed),
        ("Make The Mailgun A Cloud Shape", _mailer_cloud),
        # "our" / "that" where "the" stands
        ("fold our notice sender into the loans service", _notice_merged),
        ("rip out that page cache", _page_cache_gone),
        ("merge the notice sender into that loans service", _notice_merged),
        ("take the front proxy out of our edge", _proxy_out_of_edge),
        ("insert a rate limiter between our front proxy and the loans service", _limiter_between),
        (
            "group the memcache, our page cache and the books db into 'Storage'",
            _stores_grouped(("Memcache", "Page Cache", "Books DB"), "Storage"),
        ),
        ("we retired that page cache last week", _page_cache_gone),
        ("the librarians merged that notice sender into the loans service", _notice_merged),
        # swapped letters before a detour the move reader knows
        ("tkae the mailgun out and put it in the core", _mailer_in_core),
        # a sign-off after the last name of a list
        (
            "put the memcache and the page cache in a new group called Caches, thanks!",
            _stores_grouped(("Memcache", "Page Cache"), "Caches"),
        ),
        ("link the loans service to the memcache thx", _loans_to_hot),
        # a purpose after the last name of a list
        (
            "add a group 'Stores' and put inside books db, memcache and the page cache to keep "
            "things tidy",
            _stores_grouped(("Memcache", "Page Cache", "Books DB"), "Stores"),
        ),
        (
            "group the memcache and the page cache as Caches because the librarians asked",
            _stores_grouped(("Memcache", "Page Cache"), "Caches"),
        ),
        (
            "put the memcache and the page cache in a new group called Caches to keep things tidy",
            _stores_grouped(("Memcache", "Page Cache"), "Caches"),
        ),
    ],
)
def test_wrapped_requests(query: str, holds: object) -> None:
    assert callable(holds) and holds(applied(query)), query
