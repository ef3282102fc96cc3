"""Counts that multiply no box: "a chain of clinics (3 locations)", "audio guide in 6
languages", "ABR ladder, 4 renditions", "for 5 tenants", "2 years of history".

A number before a noun copies a part only when the noun is a part the diagram draws (a
service, worker, node, broker, device...). A count of measures (languages, formats,
renditions, currencies, years...) is a property of the design: the counted noun is no
component at all (its mention becomes a region, which the planner skips). A count of places
that no "each" hands a part to ("3 locations", "two offices") is the same: the places are
where the design is used, not boxes. A count of people ("3 admins", "5 tenants") keeps the
people's box, drawn once. Counts handed to a part by a place ("4 factories, each with a
gateway", phrase_counts.distribute) and counts of replicas ("3 nodes") are left alone.
"""

from __future__ import annotations

from services.dsl.generation.phrase_mentions import Mention
from services.dsl.generation.phrase_vocab import Vocabulary, singular

#: nouns that measure a design rather than name its parts
MEASURES = frozenset(
    {
        "language", "locale", "translation", "rendition", "format", "resolution", "bitrate",
        "codec", "currency", "year", "month", "week", "day", "hour", "minute", "second",
        "timezone", "market", "country", "version", "variant", "flavor", "flavour", "size",
        "plan", "tier", "level", "category", "genre", "brand", "product line", "season",
        "shift", "quality", "profile", "dialect",
    }
)  # fmt: skip
#: people counted: their box is drawn once ("5 tenants", "3 admins")
PEOPLE = frozenset({"tenant", "user", "customer", "member", "employee", "seat", "subscriber"})


def uncount(vocab: Vocabulary, mentions: list[Mention]) -> None:
    """Drop the counts (and, for measures and bare places, the boxes) of counted nouns that
    are no parts of the diagram."""
    for m in mentions:
        if m.count < 2 or m.per or m.category == "region" or not m.words:
            continue
        head = singular(m.words[-1])
        if m.kind is None and (head in MEASURES or head in vocab.places):
            m.count, m.category = 1, "region"
        elif (head in PEOPLE or head in vocab.people) and m.category in ("client", "admin"):
            m.count = 1
