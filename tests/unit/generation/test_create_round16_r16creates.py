"""Creates, round 16 (r16creates): a clause's subject and its verb read from where they stand
(``phrase_subjects``). A subject opening its clause keeps its own box when its verb is a noun
too ("tenants log repairs ...", "curators review loans ...") and when its role is not in the
people lexicon ("surveyors", "grading stations"); the verb's bare object carried on by a
relation is what flows, so the relation is the subject's. Sentences are our own, not the
evaluation sets'; the guards are look-alikes that must stay names."""

from __future__ import annotations

import pytest

from tests.unit.generation.test_create_phrases import diagram, labels, linked

# ---------------------------------------------------------------- a verb that is a noun too

# (request, the subject drawn, a word the subject's box must not carry)
NOUN_VERBS = [
    ("a repair portal where tenants log faults through a web form backed by postgres",
     "tenants", "faults"),
    ("Museum curators review loans in a collections system; the system keeps data in MySQL",
     "curators", "loans"),
    ("hikers book huts via the mobile app, the app calls a reservations API",
     "hikers", "huts"),
    ("for our bakery: bakers plan batches on a kitchen tablet which syncs to a cloud API",
     "bakers", "batches"),
    ("pls draw: landlords list flats on the website, website stores listings in postgres",
     "landlords", "flats"),
    ("Insurance brokers quote premiums through a pricing API that reads rate tables from redis",
     "brokers", "premiums"),
    ("our club members rate matches in a small app that writes into firestore",
     "members", "matches"),
    ("So basically the growers report yields from a phone app to our harvest service.",
     "growers", "yields"),
    ("gym trainers post workouts to a content service; the service saves them in mongo",
     "trainers", "workouts"),
    ("Kindly design it so that reviewers score essays in a grading portal backed by a database",
     "reviewers", "essays"),
    ("shoppers search products on our storefront, storefront queries an elasticsearch cluster",
     "shoppers", "products"),
    ("In our hospital, pharmacists check orders in the pharmacy system, which reads the EHR",
     "pharmacists", "orders"),
]  # fmt: skip


@pytest.mark.parametrize(("query", "subject", "object_"), NOUN_VERBS)
def test_the_subject_of_a_noun_verb_keeps_its_own_box(
    query: str, subject: str, object_: str
) -> None:
    d = diagram(query)
    mine = [label for label in labels(d) if subject in label]
    assert mine, labels(d)
    assert not any(object_ in label for label in mine), labels(d)


# ---------------------------------------------------------------- roles the lexicon lacks

# (request, the subject drawn, a word its box must not carry, what the subject links to)
AGENTS = [
    ("Surveyors submit site plans via a field app; the field app uploads to object storage",
     "surveyors", "plans", "field app"),
    ("Please model a grants system. Evaluators assess proposals in a review portal.",
     "evaluators", "proposals", "review portal"),
    ("Sampling stations post readings to a central results service backed by postgres.",
     "sampling stations", "readings", "results service"),
    ("Weighing stations transmit readings to an ingest API; the API writes to timescaledb",
     "weighing stations", "readings", "ingest api"),
    ("We require an architecture in which assessors inspect claims via an internal workbench.",
     "assessors", "claims", "workbench"),
    ("Sorting stations scan parcels into a tracking service that publishes to kafka",
     "sorting stations", "parcels", "tracking service"),
    ("assayers record samples through a LIMS backed by an oracle database",
     "assayers", "samples", "lims"),
    ("Valuers rate properties in a survey app which uploads to an object store",
     "valuers", "properties", "survey app"),
    ("Bidders place bids through the auction site, which writes into a bids database",
     "bidders", "place", "auction site"),
    ("Licensees file returns via an online portal; returns land in a returns database",
     "licensees", "returns", "online portal"),
    ("Fishers tag catches on a handheld device that talks to a catch registry API",
     "fishers", "catches", "handheld device"),
    ("Cataloguers label items in a metadata editor that writes to the catalogue db",
     "cataloguers", "items", "metadata editor"),
    ("Labelling stations print tags through a print service connected to the warehouse system",
     "labelling stations", "tags", "print service"),
    ("the ops folks: schedulers plan shifts in a rostering app which saves to postgres",
     "schedulers", "shifts", "rostering app"),
    ("conductors validate tickets on a handheld device that talks to a ticketing backend",
     "conductors", "tickets", "handheld device"),
]  # fmt: skip


@pytest.mark.parametrize(("query", "subject", "object_", "target"), AGENTS)
def test_an_agent_subject_is_drawn_and_linked(
    query: str, subject: str, object_: str, target: str
) -> None:
    d = diagram(query)
    mine = [label for label in labels(d) if subject in label]
    assert mine, labels(d)
    assert not any(object_ in label for label in mine), labels(d)
    assert linked(d, subject, target), (labels(d), [(c.src, c.dst) for c in d.connections])


# ---------------------------------------------------------------- look-alikes: names stay names

# (request, a label that must stay one box)
NAMES = [
    ("weather stations -> mqtt broker -> timescaledb", "weather stations"),
    ("Home Assistant on a Raspberry Pi, Zigbee lights and door sensors", "zigbee lights"),
    ("Bidder: SSP bid requests hit our bidder pods via a load balancer", "bidder pods"),
    ("kafka feeds an events stream processor that writes to clickhouse", "stream processor"),
    ("logs search UI on top of opensearch, fed by fluent bit", "search ui"),
    ("polling workers pull jobs from a redis queue", "polling workers"),
    ("our billing events topic feeds the invoice service", "invoice service"),
    ("user profiles service, order history service and a postgres database", "profiles service"),
    ("smart meters -> NB-IoT -> ingestion service -> billing system", "smart meters"),
    ("a storefront, product reviews service and a reviews database", "reviews service"),
    ("deals sync to HubSpot from our small CRM app", "crm app"),
    ("docs hosted on Netlify, forum on Discourse, downloads served from a CDN", "cdn"),
]  # fmt: skip


@pytest.mark.parametrize(("query", "name"), NAMES)
def test_a_name_that_looks_like_a_clause_stays_a_name(query: str, name: str) -> None:
    d = diagram(query)
    assert any(name in label for label in labels(d)), labels(d)


def test_what_flows_is_no_part() -> None:
    d = diagram("Notaries submit deeds via an authenticated API that writes to a registry db")
    assert not any("deeds" in label for label in labels(d)), labels(d)


def test_a_feature_object_ending_its_item_is_kept() -> None:
    d = diagram("a marketplace where buyers request quotes, suppliers answer in a portal")
    assert any("quotes" in label for label in labels(d)), labels(d)
