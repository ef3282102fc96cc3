"""Creates, round 3 of issue 11: verbs out of names, relation lexicon in every inflection,
fan-outs, unknown domain nouns as generic components, capability nodes wired to their clause."""

from __future__ import annotations

from services.dsl.generation.kb import knowledge_base
from services.dsl.generation.phrases import read


def _names(text: str) -> list[str]:
    return [m.label.lower() for m in read(knowledge_base(), text)[0]]


def _pairs(text: str, *, strong: bool = False) -> set[tuple[str, str]]:
    mentions, links = read(knowledge_base(), text)
    names = [m.label.lower() for m in mentions]
    return {(names[x.src], names[x.dst]) for x in links if not (strong and x.weak)}


# 4. noise: a verb is no part of a component's name ------------------------------------------
def test_a_verb_only_word_ends_the_name_before_it() -> None:
    names = _names("a risk rating service evaluates every loan, results kept in mysql")
    assert "risk rating service" in names
    assert not any("evaluates" in n for n in names)


def test_an_uninflected_verb_after_a_plural_subject_is_cut() -> None:
    names = _names("couriers authenticate through keycloak, then reach the dispatch api")
    assert not any("authenticate" in n for n in names)


def test_a_verb_used_as_a_modifier_of_a_head_stays() -> None:
    assert any("redirect service" in n for n in _names("redirect service, redis, clickhouse"))


# 1. relations: fan-out, lexicon ---------------------------------------------------------------
def test_one_for_x_one_for_y_hangs_every_branch_off_the_source() -> None:
    pairs = _pairs(
        "clicks land in redpanda, then two readers: one for fraud checks, one copying to duckdb",
        strong=True,
    )
    srcs = {a for a, b in pairs if "fraud" in b} & {a for a, b in pairs if "duckdb" in b}
    assert any("redpanda" in s for s in srcs)


def test_fan_out_branches_are_not_chained_to_each_other() -> None:
    pairs = _pairs("jobs go to sqs and then to two lambdas, one for thumbnails, another for ocr")
    assert not any("thumbnail" in a and "ocr" in b for a, b in pairs)


def test_hand_off_and_fan_out_are_relations() -> None:
    pairs = _pairs("the kiosk hands off to the intake worker, which fans out to nats", strong=True)
    assert any("kiosk" in a and "intake" in b for a, b in pairs)
    assert not any("fan" in n for n in _names("the intake worker fans out to nats"))


def test_members_in_parentheses_replace_an_unnamed_host() -> None:
    mentions, links = read(
        knowledge_base(), "web shop in front of services (pricing, stock, search)"
    )
    names = {m.label.lower(): m for m in mentions if m.category != "region"}
    assert {"pricing", "stock"} <= set(names)
    pairs = {(mentions[x.src].label.lower(), mentions[x.dst].label.lower()) for x in links}
    assert ("web shop", "stock") in pairs


# 3. domain nouns: the user's words stay, an English word is not respelt -----------------------
def test_an_english_word_is_not_respelt_into_a_trade_word() -> None:
    names = _names("a weather feed, a harvest forecast and a tractor driver app")
    assert any("weather" in n for n in names) and any("driver" in n for n in names)


def test_a_feed_or_an_operator_is_an_outside_system() -> None:
    got = {
        m.label.lower(): m.category for m in read(knowledge_base(), "tide feed, port operator")[0]
    }
    assert got == {"tide feed": "external", "port operator": "external"}


def test_a_generic_kind_named_in_the_users_word_keeps_that_word() -> None:
    assert any(n.startswith("checkout") for n in _names("storefront, basket, checkout, mysql"))


def test_a_comma_list_after_an_arrow_shares_it_whatever_the_kinds() -> None:
    pairs = _pairs("vector agent -> clickhouse, loki, jaeger -> grafana", strong=True)
    assert {("vector agent", "loki"), ("vector agent", "jaeger")} <= pairs


# 2. capabilities are used by the application of their clause ----------------------------------
def test_a_capability_is_wired_to_the_app_of_its_clause() -> None:
    from services.dsl.generation.capabilities import capability_links, capability_mentions

    text = "Members renew their subscription in the club app. Coaches see a roster page."
    mentions, _ = read(knowledge_base(), text)
    found = capability_mentions(knowledge_base(), text, mentions)
    every = mentions + found
    pairs = {
        (every[x.src].label.lower(), every[x.dst].category)
        for x in capability_links(text, mentions, found)
    }
    assert ("club app", "payment") in pairs


def test_a_capability_keeps_the_users_noun() -> None:
    from services.dsl.generation.capabilities import capability_mentions

    found = capability_mentions(knowledge_base(), "readers get a monthly newsletter", [])
    assert any(m.label.lower().startswith("newsletter") for m in found)


def test_all_after_a_list_shares_the_relation_with_every_item() -> None:
    pairs = _pairs("quote service, policy service, claims service, all on mariadb", strong=True)
    got = {a for a, b in pairs if "maria" in b}
    assert got >= {"quote service", "policy service", "claims service"}


def test_a_store_in_parentheses_after_an_application_is_its_own_shape() -> None:
    mentions, links = read(knowledge_base(), "clinic portal, scan uploader (gcs), mysql")
    names = [m.label.lower() for m in mentions]
    assert "scan uploader" in names
    assert any("cloud storage" in n for n in names)
    pairs = {(names[x.src], names[x.dst]) for x in links if not x.weak}
    assert any(a == "scan uploader" and "cloud storage" in b for a, b in pairs)


# 4. noise: mass nouns for what flows are no components ----------------------------------------
def test_data_that_flows_is_no_component() -> None:
    assert "data" not in _names("then the data goes to a rollup job and a grafana board")


def test_a_head_that_is_also_a_verb_joins_the_head_after_it() -> None:
    assert "odds feed service" in _names("an odds feed service with a redis cache")


# 1. relations across sentences and coordinated verbs ------------------------------------------
def test_it_at_a_sentence_start_is_the_component_before() -> None:
    pairs = _pairs("The score service tallies the votes. It publishes to rabbitmq.", strong=True)
    assert ("score service", "rabbitmq") in pairs


def test_a_second_verb_keeps_the_subject() -> None:
    pairs = _pairs("the kiosk app reads from memcached and writes to mariadb", strong=True)
    assert {("kiosk app", "memcached"), ("kiosk app", "mariadb")} <= pairs


# 3. an unknown noun introduced as a new thing is a component ----------------------------------
def test_an_unknown_noun_introduced_by_an_article_in_a_list_is_a_component() -> None:
    names = _names("the co-op wants a members board, a harvest almanac for next season, and a map")
    assert any("almanac" in n for n in names)
