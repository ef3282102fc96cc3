"""Edits round 19 (props): attributes are never components. A property put on a shape — with
any setting verb or none, with its value before or after its head, listed with others, or
gapped ("A with three replicas and B with two") — annotates that shape; no box is named after
the property. Look-alikes ("add a retention worker", "add a KMS") still add components.

Sentences of our own over a small photo-sharing diagram of our own."""

from __future__ import annotations

import pytest

from services.dsl.d2 import compile_d2
from services.dsl.d2.model import Diagram, Shape
from tests.support.edits import applied

PHOTOS = """direction: right

user: Photographer {shape: person}
api: Upload API
feed: Feed Service
thumbs: Thumbnailer
photos: Photo Bucket {shape: stored_data}
meta_db: Metadata DB {shape: cylinder}
sess: Session Cache

user -> api: upload
api -> photos: put
api -> meta_db
thumbs -> photos
feed -> meta_db
feed -> sess
"""
_IDS = {s.id for s in compile_d2(PHOTOS).shapes}


def _shape(d: Diagram, sid: str) -> Shape:
    found = [s for s in d.shapes if s.id == sid]
    assert found, sid
    return found[0]


def _said_on(d: Diagram, sid: str) -> str:
    s = _shape(d, sid)
    return f"{s.label} {s.tooltip or ''}".lower()


def _no_new_box(d: Diagram) -> None:
    assert {s.id for s in d.shapes} == _IDS, {s.id for s in d.shapes} - _IDS


# --- a setting verb (or "should have", "runs with") whose object is an attribute ---------
SETTERS = [
    ("put a 48h TTL on the session cache", "sess", ["48h", "ttl"]),
    ("please add a 30-day retention policy to the photo bucket", "photos", ["30", "retention"]),
    ("could you record a retention period of 2 years on the metadata db", "meta_db", ["2 years"]),
    ("apply a 90 day retention to the photo bucket, legal wants it", "photos", ["90"]),
    ("give the session cache a 15 min TTL", "sess", ["15", "ttl"]),
    ("configure a 7 day expiry on the session cache pls", "sess", ["7", "expiry"]),
    ("i want a rate limit of 100 rps on the upload api", "api", ["100"]),
    ("add a timeout of 30s to the feed service", "feed", ["30s"]),
    ("enforce a quota of 10 GB on the photo bucket", "photos", ["10 gb"]),
    ("slap a 24h ttl on sess cache", "sess", ["24h"]),
    (
        "Hello, would it be possible to note a data retention of 180 days on the Photo "
        "Bucket? Many thanks.",
        "photos",
        ["180"],
    ),
    ("pls put 12 month retention on meta db", "meta_db", ["12 month"]),
    ("set the ttl of the session cache to 6 hours", "sess", ["6 hours"]),
    ("The metadata db should have a retention of 5 years.", "meta_db", ["5 years"]),
    ("session cache -> ttl 10m", "sess", ["10m"]),
    # slips of the keyboard in the attribute word
    ("photo bukcet: retension 30d", "photos", ["30d"]),
    ("put a 30 day retantion on the meta db", "meta_db", ["30 day"]),
    ("bump feed service to 4 replcias pls", "feed", ["4 replicas"]),
]


@pytest.mark.parametrize(("query", "sid", "words"), SETTERS)
def test_a_set_attribute_annotates_its_shape(query: str, sid: str, words: list[str]) -> None:
    d = applied(query, PHOTOS)
    _no_new_box(d)
    said = _said_on(d, sid)
    assert all(w in said for w in words), said


# --- every attribute a clause lists goes on its target -------------------------------------
LISTS = [
    ("photo bucket: versioning + object lock, 10y retention", "photos", ["object lock", "10y"]),
    ("Metadata DB: AES-256 at rest, PITR, 14d backup retention", "meta_db", ["aes", "14d"]),
    ("tag the metadata db as PII, encrypted at rest + 3y retention", "meta_db", ["pii", "3y"]),
    ("mark photo bucket as confidential, SSE-KMS, object lock", "photos", ["sse-kms", "lock"]),
    ("label the photo bucket as PCI, 30d retention", "photos", ["pci", "30d"]),
    (
        "turn on object lock for the photo bucket with a 7 year retention",
        "photos",
        ["object lock", "7 year"],
    ),
    (
        "metadata db -> turn on PITR, 35d backup retention",
        "meta_db",
        ["pitr", "35d"],
    ),
    ("photo bucket: SSE-KMS + 7y retention (GDPR rules)", "photos", ["kms", "7y"]),
    (
        "Please flag the Metadata DB as PHI, AES-256 at rest and 6y retention.",
        "meta_db",
        ["phi", "6y"],
    ),
    ("session cache: 2h ttl, 3 replicas", "sess", ["2h", "3 replicas"]),
    ("Feed Service: rate limit of 20 rps, 5s timeout", "feed", ["20 rps", "5s"]),
    ("upload api: 50 rps rate limit + 10s timeout", "api", ["50 rps", "10s"]),
    ("photo bucket -> versioning, 400 day retention", "photos", ["versioning", "400 day"]),
    (
        "Kindly mark the session cache as internal-only, 30 min TTL.",
        "sess",
        ["internal", "30 min"],
    ),
    (
        "for the audit, put a 1 year retention and object lock on the photo bucket",
        "photos",
        ["1 year", "object lock"],
    ),
]


@pytest.mark.parametrize(("query", "sid", "words"), LISTS)
def test_every_listed_attribute_goes_on_the_target(query: str, sid: str, words: list[str]) -> None:
    d = applied(query, PHOTOS)
    _no_new_box(d)
    said = _said_on(d, sid)
    assert all(w in said for w in words), said


# --- gapping: the second half borrows the first's verb and unit -----------------------------
GAPS = [
    ("the Upload API runs with four replicas and the Feed Service with three", "4", "3"),
    ("Feed Service with 3 replicas, Thumbnailer with 2", "3", "2"),
    ("give upload api 3 replicas and feed service 5", "3", "5"),
    ("The feed service should run with 2 instances whereas the thumbnailer with 4.", "2", "4"),
    ("Please note that the Feed Service runs on 6 nodes and the Thumbnailer on 2.", "6", "2"),
    ("bump the upload api to 5 replicas and the feed service to 3", "5", "3"),
    ("upload api: 4 pods, feed service: 2", "4", "2"),
    ("scale the feed service to 8 instances, and the thumbnailer to 4", "8", "4"),
    ("Could the feed service have 3 replicas and the thumbnailer 2? Thanks!", "3", "2"),
    ("the feed service has got 2 replicas while the thumbnailer has 6", "2", "6"),
    ("set feed service replicas to 4 and thumbnailer to 1", "4", "1"),
    ("we run feed service with 7 replicas, thumbnailer with 3", "7", "3"),
]


@pytest.mark.parametrize(("query", "first", "second"), GAPS)
def test_a_gapped_second_half_gets_its_own_count(query: str, first: str, second: str) -> None:
    d = applied(query, PHOTOS)
    _no_new_box(d)
    labels = {s.id: s.label for s in d.shapes}
    one, two = ("api", "feed") if "upload" in query.lower() else ("feed", "thumbs")
    assert first in labels[one] and second in labels[two], labels


# --- look-alikes: a head that is a thing stays a component ----------------------------------
COMPONENTS = [
    ("add a retention worker that cleans the photo bucket", "retention"),
    ("add a backup service for the metadata db", "backup"),
    ("add an encryption gateway in front of the upload api", "encryption"),
    ("add a rate limiter in front of the upload api", "limiter"),
    ("add a KMS", "kms"),
    ("add a KMS next to the metadata db", "kms"),
    ("add a TTL sweeper job next to the session cache", "sweeper"),
    ("add a quota service for the upload api", "quota"),
    ("add an MFA provider and connect the upload api to it", "mfa"),
    ("put a cache in front of the feed service", "cache"),
    ("add a timeout monitor next to the feed service", "timeout"),
    ("please add a retention cleaner job for the photo bucket", "retention"),
    ("add MFA provider to the upload api", "mfa"),
    ("add backup service for meta db", "backup"),
]


@pytest.mark.parametrize(("query", "word"), COMPONENTS)
def test_a_thing_named_after_an_attribute_is_still_added(query: str, word: str) -> None:
    d = applied(query, PHOTOS)
    new = [s for s in d.shapes if s.id not in _IDS]
    assert any(word in f"{s.id} {s.label}".lower() for s in new), [s.id for s in new]


def test_put_into_a_group_stays_a_move() -> None:
    d = applied("put the thumbnailer in a new Workers group", PHOTOS)
    assert any(s.id.endswith("thumbs") and "." in s.id for s in d.shapes)
