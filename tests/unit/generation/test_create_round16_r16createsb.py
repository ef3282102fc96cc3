"""Creates, round 16b (r16createsb): counts that multiply no box (``phrase_uncounted``), the
part each place holds however the places were counted (``phrase_counts``), what each region
holds (``regions.split``) and short requests that are not padded (``create_short``).
Sentences are our own, not the evaluation sets'; the guards are look-alikes that must keep
their copies or their skeleton."""

from __future__ import annotations

import pytest

from tests.unit.generation.test_create_phrases import diagram, labels


def _copies(query: str, word: str) -> int:
    return sum(word in label for label in labels(diagram(query)))


# ------------------------------------------------- counts of measures and bare places

# (request, the counted word that must not become boxes)
MEASURES = [
    ("a museum guide app with narration in 5 languages, backed by a content API", "language"),
    ("Transcoding service producing 4 renditions, then a packager and a CDN", "rendition"),
    ("we run a bakery chain (4 locations) and want online ordering with a postgres db", "location"),
    ("Hi! our clinic group has 3 sites and we'd like a patient portal talking to an EHR", "site"),
    ("pls design an invoicing api exporting 3 formats into an s3 bucket", "format"),
    ("pricing service that quotes in 6 currencies, reads rates from redis", "currenc"),
    ("Kindly propose a records system retaining 7 years of history in a warehouse", "year"),
    ("a subscription app with 3 plans, billing via stripe and a users db", "plan"),
    ("our shop ships to 5 countries; orders go from the storefront to the order service", "countr"),
    ("we have two offices and need a shared wiki with SSO and a postgres database", "office"),
    ("wanna make a recipe site in 4 languages w/ search via algolia", "language"),
    ("The broadcaster needs an encoder emitting 3 renditions to an origin server", "rendition"),
]


@pytest.mark.parametrize(("query", "word"), MEASURES)
def test_a_count_of_measures_or_places_makes_no_boxes(query: str, word: str) -> None:
    assert _copies(query, word) <= 1, labels(diagram(query))


# look-alikes: counted parts keep their copies
COUNTED_PARTS = [
    ("rabbitmq with 3 consumers", "consumer", 3),
    ("a web app talking to 3 workers that pull from a redis queue", "worker", 3),
    ("an orders API feeding 3 consumers through a rabbitmq queue", "consumer", 3),
    ("4 cameras stream video to an edge box that runs detection", "camera", 4),
]


@pytest.mark.parametrize(("query", "word", "n"), COUNTED_PARTS)
def test_a_count_of_parts_still_copies(query: str, word: str, n: int) -> None:
    assert _copies(query, word) >= n, labels(diagram(query))


# ------------------------------------------------- the part each place holds

# (request, the held part, its count, a part that is no place's own)
HELD = [
    (
        "sensors in 5 barns, a gateway in each one that forwards to a cloud dashboard",
        "gateway",
        5,
        "dashboard",
    ),
    (
        "We run 4 stores. Each one has a POS terminal that syncs sales to a central ERP.",
        "pos",
        4,
        "erp",
    ),
    (
        "there are 3 labs, an analyzer at every lab, results flow into one LIMS",
        "analyzer",
        3,
        "lims",
    ),
    (
        "our 6 depots. Each one runs a local server which pushes stock to our cloud api",
        "local server",
        6,
        "cloud api",
    ),
    (
        "3 hotels, a booking kiosk in each hotel, all talking to one reservations API",
        "kiosk",
        3,
        "reservation",
    ),
    (
        "we got 4 schools; each one gets a file server that backs up to one azure blob store",
        "file server",
        4,
        "blob",
    ),
    (
        "5 farms. Each one has a weather station which reports to our analytics service",
        "weather station",
        5,
        "analytics",
    ),
    (
        "3 warehouses with a label printer in each one, printers report to a fleet monitor",
        "label printer",
        3,
        "monitor",
    ),
    (
        "Across 4 branches, a printer in every branch, jobs go to one print server",
        "printer",
        4,
        "print server",
    ),
    (
        "we have 3 venues, a ticket scanner at each venue, scans go to a single ticketing API",
        "scanner",
        3,
        "ticketing",
    ),
    (
        "6 kitchens. Each one has a display screen that shows orders from the order service",
        "display",
        6,
        "order service",
    ),
    (
        "We own 3 gyms, each one runs an access controller that checks members in a cloud db",
        "access controller",
        3,
        "cloud db",
    ),
]


@pytest.mark.parametrize(("query", "part", "n", "single"), HELD)
def test_each_place_holds_its_part(query: str, part: str, n: int, single: str) -> None:
    got = labels(diagram(query))
    assert sum(part in label for label in got) >= n, got
    assert sum(single in label for label in got) <= 1, got


# ------------------------------------------------- what each region holds

REGIONS = [
    "players join 3 regions, one game host pool each, plus a lobby service and a stats db",
    "Our game needs 3 regions, one relay cluster each; a lobby service and a profiles db",
    "streaming platform across two regions, one transcoder pool each, plus a catalog API "
    "and a postgres catalog db and an admin portal",
]


@pytest.mark.parametrize("query", REGIONS)
def test_regions_copy_only_what_each_holds(query: str) -> None:
    got = labels(diagram(query))
    assert len(got) <= 14, got
    assert sum("lobby" in label or "catalog api" in label for label in got) <= 1, got


# ------------------------------------------------- short requests are not padded

SHORT = [
    ("rabbitmq with 3 consumers", {"users", "web app", "database"}),
    ("vault cluster, 3 nodes, raft storage", {"users", "web app"}),
    ("nats with 3 consumers", {"users", "web app", "database"}),
    ("kafka, 3 consumers, schema registry", {"users", "web app"}),
    ("redis sentinel, 3 nodes, haproxy", {"users", "web app"}),
    ("consul cluster, 3 servers, envoy", {"users", "web app", "database"}),
    ("etcd with 3 nodes and a backup job", {"users", "web app"}),
    ("mosquitto broker, 4 sensors, influxdb", {"users", "web app"}),
    ("sqs queue feeding 3 lambda workers", {"users", "web app", "database"}),
    ("minio: 4 nodes, erasure coding", {"users", "web app"}),
    ("zookeeper ensemble of 3 nodes plus kafka", {"users", "web app"}),
    ("3 celery workers on redis", {"users", "web app"}),
]


@pytest.mark.parametrize(("query", "padding"), SHORT)
def test_a_short_request_about_one_system_is_not_padded(query: str, padding: set[str]) -> None:
    got = labels(diagram(query))
    assert not padding & set(got), got


# look-alikes: a whole product asked for in a few words keeps its skeleton
PRODUCTS = ["etsy clone with search and payments", "canvas-like LMS on aws",
            "todo app with react", "mmo backend, sharded, photon"]  # fmt: skip


@pytest.mark.parametrize("query", PRODUCTS)
def test_a_short_product_ask_keeps_its_skeleton(query: str) -> None:
    assert len(labels(diagram(query))) >= 3, labels(diagram(query))
