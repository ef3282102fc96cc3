"""The operation finder: which detector reads a clause, in which order, and where a clause
runs on into a second predicate.

The detectors (:mod:`ops_parts`, :mod:`ops_labels` and :mod:`ops_structure` for shapes,
:mod:`links` for links) are tried most specific first; the first that reads the clause gives
its operations. Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from services.dsl.generation.attributes import GAPPED
from services.dsl.generation.edge_said import edge_label_end
from services.dsl.generation.elliptic import hosted
from services.dsl.generation.links import (
    chain_new,
    connect,
    connect_new,
    disconnect,
    edge_label_it,
    edge_ref,
    link_noun,
    middle,
    not_direct,
    one_calling,
    reroute,
    via,
)
from services.dsl.generation.looks_told import looks_told
from services.dsl.generation.news import moved_onto, own_group, remark
from services.dsl.generation.ops import EDGE_PROPS, LIST, Abstract, Op
from services.dsl.generation.ops_labels import (
    edge_label,
    edge_prop,
    edge_prop_it,
    edge_style,
    edges_prop,
    label_append,
    marked,
    rename,
    required_it,
    requirement,
    reshape,
    shape_prop,
)
from services.dsl.generation.ops_parts import add, remove, replace, stop_using
from services.dsl.generation.ops_props import again, props
from services.dsl.generation.ops_structure import (
    container,
    group,
    merge,
    move,
    not_in_box,
    split,
    ungroup,
)
from services.dsl.generation.ops_style import only_looks, restyle
from services.dsl.generation.owned import dead_letter
from services.dsl.generation.payload_links import failures_land, payload_link
from services.dsl.generation.regroup import not_with, regroup
from services.dsl.generation.relations_new import relate_new
from services.dsl.generation.retire import migration
from services.dsl.generation.succession import left_alone
from services.dsl.generation.told_links import add_told, prefer, told

DETECTORS: list[Callable[[Abstract], list[Op] | None]] = [
    looks_told,
    label_append,
    again,
    marked,
    ungroup,
    edge_label,
    edge_label_it,
    edge_label_end,
    edges_prop,
    dead_letter,
    props,
    edge_prop,
    edge_prop_it,
    edge_style,
    split,
    merge,
    regroup,
    not_with,
    moved_onto,
    migration,
    left_alone,
    replace,
    stop_using,
    rename,
    not_in_box,
    not_direct,
    requirement,
    shape_prop,
    required_it,
    restyle,
    reshape,
    one_calling,
    disconnect,
    payload_link,
    failures_land,
    add_told,
    middle,
    via,
    reroute,
    link_noun,
    container,
    own_group,
    group,
    move,
    remove,
    chain_new,
    connect_new,
    relate_new,
    add,
    edge_ref,
    connect,
    told,
]


def _pronoun(ab: Abstract) -> str:
    """A pattern of "it"/"them", as written or as a mention of what the last clause touched."""
    refs = [f"@{k}" for k, m in enumerate(ab.mentions) if m.pronoun]
    return "(?:" + "|".join(["it", "them", *refs]) + ")"


def _predicates(ab: Abstract) -> list[Abstract]:
    """ "the services send to the agent, the agent forwards to the gateway": one abstract per
    predicate (a comma before a shape and a verb starts the next one)."""
    pieces = re.split(
        r"\s*,\s*(?:and\s+)?(?=(?:the\s+)?@\d+\s+(?!and\b|or\b|" + GAPPED + r")[a-z])|"
        # "rename A to B, and the C -> it edge should say X": a link named by its ends
        r"\s*,\s*(?:and\s+)?(?=(?:the\s+)?@\d+\s*->\s*(?:it|them|@\d+)\s+(?:edge|link|"
        r"connection|arrow|line|call)s?\b)|"
        # "... to it and the Y asks it ...": a shape, a verb and a pronoun start a predicate
        r"\s+and\s+(?=(?:the\s+)?@\d+\s+(?!and\b|or\b)[a-z]+\s+" + _pronoun(ab) + r"\b)|"
        # "put A and B in a new zone, and encrypt them too": a verb on what was just named
        r"\s*,\s*and\s+(?=[a-z]+\s+" + _pronoun(ab) + r"(?:\s+(?:too|as\s+well|also))?\s*$)",
        ab.text,
    )
    return [Abstract(p, ab.mentions, ab.quotes, ab.original, ab.spans, ab.every) for p in pieces]


#: ", so that X is scanned first", ", so the service is not going to the db every time": a
#: purpose after a comma ("so" and a subject with its verb), not a request of its own
SO_THAT = (
    r"\s*,\s*(?:and\s+)?so\s+"
    # the last words of the clause only: "..., so it is PCI data, mark it encrypted" asks
    r"(?=[^,;]*$)"
    # "..., so its link has to be TLS": what must be is a request, not a purpose
    r"(?![^,;.]*\b(?:has\s+to|have\s+to|must|should|needs?\s+to|ought\s+to|shall|please|"
    r"label|mark|call|rename|add|remove|connect|make)\b)"
    r"(?:that\b(?!\s+(?:link|connection|edge|arrow|line|one|box|shape|"
    r"component|hop|call)\b)|(?=(?:the\s+|our\s+|its\s+|their\s+)?(?:@\d+|it|they|we|"
    r"there|nobody|no one|\w+)\s+(?:\w+\s+)?(?:is|are|isn|aren|does|do|don|doesn|can|cannot|"
    r"won|will|would|never|no longer|gets?|stays?|only|always|has|have)\b))"
)


#: ", we do not use either of them anymore": what people no longer do, said after a request
REMARK = (
    r"(?:\s*,\s*(?:as\s+|since\s+)?|\s+as\s+)(?:we|i|they|nobody|no one|the team)\s+"
    r"(?:do\s+not|don'?t|dont|"
    r"no\s+longer|anymore|never|are\s+not|aren'?t|have\s+not|haven'?t|stopped|quit)\b|"
    # ", we're auditing storage": what we are doing, said after the request
    r"\s*,\s*(?:as\s+|since\s+)?(?:we|i)\s+(?:are\s+|am\s+)?(?:currently\s+|just\s+)?"
    r"(?!adding\b|using\b|moving\b|going\b|planning\b)[a-z]{3,}ing\b"
)


def first_predicate(ab: Abstract) -> tuple[list[Op], str]:
    """The operations of a clause, and the words left to read next (see :func:`_first`); a
    clause that says where a component runs ("X should be hosted inside Y") is a move or
    nothing here (then :mod:`elliptic` reads it as "move X into Y"), never a link."""
    if remark(ab):
        return [], ""  # "X was added last year for speed": how it is, no request
    ops, more = _first(ab)
    if ops and hosted(ab) and not any(op.kind == "move" for op in ops):
        return [], ""
    for op in ops:
        _keep_saas_mark(ab.text, op)
    return ops, more


def _keep_saas_mark(text: str, op: Op) -> None:
    """ "migrated X to Y (SaaS)": the readers of a new name drop the bracket; put it back,
    so that the replacer draws Y as a vendor's hosted product (a cloud)."""
    if op.kind != "replace" or not op.new or re.search(r"\bsaas\b", op.new, re.I):
        return
    at = text.lower().find(op.new.lower())
    if at >= 0 and re.match(r"\s*\(\s*saas\s*\)", text[at + len(op.new) :], re.I):
        op.new = f"{op.new} (SaaS)"


def _first(ab: Abstract) -> tuple[list[Op], str]:
    """The operations of a clause, and the words left to read next: when the clause runs on
    into another predicate ("X should not come from Y, the Z is sending it directly") and its
    first predicate asks for something alone, the rest is read afterwards."""
    look = re.match(r"(?:the\s+)?" + LIST + r"\s*(?:->|=>|→)\s*(?P<said>[^@]+)$", ab.text)
    if look and only_looks(look.group("said")):
        return [], ""  # "X -> light blue, dashed": a new look, read as "make X ..." after
    purpose = re.search(
        r"\s*,\s*(?:for\s+(?:to\s+)?|in order to\s+|so as to\s+|just\s+to\s+)(?:show\w*|"
        r"indicat\w*|signal\w*|mak\w* (?:it )?clear|say\w*|tell\w*|mark\w*)\b|"
        # "render X as a hexagon to mark it as a batch process": the look's purpose
        r"(?<=\S)\s+(?:so\s+as\s+|in\s+order\s+)?to\s+(?:show|indicate|signal|mark|flag|"
        r"make\s+(?:it\s+)?clear)\s+(?:that\s+)?(?:it|this|that|them|they|@\d+)\b"
        r"(?=.*\b(?:as|is|are)\b)",
        ab.text,
    )
    if purpose and purpose.start() > 0:
        # "..., for to show they are devices": a purpose says why, it asks for nothing
        short = Abstract(ab.text[: purpose.start()], ab.mentions, ab.quotes, ab.original)
        short.spans, short.every = ab.spans, ab.every
        return first_predicate(short)
    aim = re.search(
        r"^connect\b.*?\b(?:to|with|into|and)\s+[^,]*?@\d+(?P<aim>\s+for\s+[^@,;]+)$", ab.text
    )
    if aim and not re.search(r"\b(?:qt\d+|labell?ed|called)\b|" + EDGE_PROPS, aim.group("aim")):
        # "wire A and B to it for envelope encryption": what the link is for, not a property
        short = Abstract(ab.text[: aim.start("aim")], ab.mentions, ab.quotes, ab.original)
        short.spans, short.every = ab.spans, ab.every
        return first_predicate(short)
    reason = re.search(
        r"\s*,?\s*\b(?:because|since|as otherwise|otherwise|that way|so as to|"
        # "so that retries don't pile up" (not "so that link ...": a demonstrative)
        r"so that(?!\s+(?:@\d+|link|connection|edge|arrow|one|hop|call|path)\b)|in order to)\b|"
        # "..., so the X is not going to the db every time": a purpose said as what won't be
        r"\s*,\s*so\s+(?=(?:the\s+)?(?:@\d+|it|they|we|[a-z]+)\s+(?:[a-z]+\s+){0,3}?"
        r"(?:not|never|no longer)\b)|"
        # "remove A and B, we do not use either of them anymore": a remark of ours after it
        r"\s*,\s*(?=(?:we|i|they|nobody|no one)\s+(?:do|does|did|are|have|can)?\s*"
        r"(?:not|never|no longer)\b)" + "|" + SO_THAT + "|" + REMARK,
        ab.text,
    )
    if reason and reason.start() > 0:
        # "between A and B put an X, because A is not connected to B directly": the reason
        # is no request (a migration may span it: "remove X since Y does that now")
        told = migration(ab)
        if told:
            return told, ""
        short = Abstract(ab.text[: reason.start()], ab.mentions, ab.quotes, ab.original)
        short.spans, short.every = ab.spans, ab.every
        ops, more = first_predicate(short)
        if ops:
            return ops, more
    parts = _predicates(ab)
    if len(parts) > 1:
        told = migration(ab)  # "we ditched X, Y does it now": two facts, one operation
        if told:
            return told, ""
        ops = find_ops(parts[0])
        if ops and ops[0].kind not in ("connect", "add"):
            return ops, ab.source(ab.text[len(parts[0].text) :].lstrip(" ,"))
    return find_ops(ab), ""


def find_ops(ab: Abstract) -> list[Op]:
    """The operations of one abstracted clause (empty: it asks for nothing we know)."""
    for detect in DETECTORS:
        ops = detect(ab)
        if ops:
            if detect is connect:
                parts = _predicates(ab)
                more = [connect(p) for p in parts] if len(parts) > 1 else []
                if more and all(more):
                    ops = [op for found in more for op in found or []]
                # "A talks to it and it writes into B": the stated links of every predicate
                return prefer(ab, ops)
            return ops
    return []
