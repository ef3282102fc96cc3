"""The components a create request names, read from its noun phrases, and the links it states.

A request is read as clauses (split at sentence ends and ``:``), each a sequence of tokens.
Relation words ("talks to", "->", "behind", "through"...) and stop words (articles, fillers,
common verbs) end a noun phrase; list separators (",", "and", "+", "/") end a list item. A noun
phrase is a component when the knowledge base names a kind in it, when it ends in a component
head noun ("... service", "... db", "... queue"), when it is a short item of a list, or when the
request wrote it as a proper name (capitalised mid-sentence). Misspelt words are corrected
towards the vocabulary with rapidfuzz. Counts ("two regions", "three services") are read off
the number before a phrase. Pure functions over plain data; the vocabulary is in
``data/phrases.yaml``.
"""

from __future__ import annotations

import re

from services.dsl.generation.kb import KnowledgeBase
from services.dsl.generation.phrase_counts import PER_SIBLING, distribute, per_each, replicas
from services.dsl.generation.phrase_groups import (
    collective,
    expand_members,
    fan_source,
    in_front,
    uses,
)
from services.dsl.generation.phrase_mentions import Mention, integrated, mention
from services.dsl.generation.phrase_pieces import Piece, pieces
from services.dsl.generation.phrase_relations import Link, fold_roles, near, relate
from services.dsl.generation.phrase_vocab import (
    APP_HEADS,
    NUMBERS,
    STATED,
    TOKEN,
    singular,
    verb_forms,
    vocabulary,
)

__all__ = [
    "APP_HEADS", "NUMBERS", "PER_SIBLING", "TOKEN", "Link", "Mention", "read", "singular",
    "verb_forms",
]  # fmt: skip


def read(kb: KnowledgeBase, text: str) -> tuple[list[Mention], list[Link]]:
    """The components `text` names and the links it states between them."""
    text = _multiplied(kb, text)
    vocab = vocabulary(kb)
    mentions: list[Mention] = []
    links: list[Link] = []
    apart: list[Link] = []  # pairs never linked side by side
    clauses = pieces(text, vocab)
    last: int | None = None
    fan: int | None = None  # the component a fan-out's branches hang off
    members: dict[int, list[int]] = {}  # unnamed plural hosts and their listed members
    owner: int | None = None
    sender: int | None = None  # the last clause's last part not named as a host
    for ci, clause in enumerate(clauses):
        whole = len(clauses) == 1 and len(clause) == 1  # "url shortener": the system asked for
        seps = ("list", "and", "clause", "paren")
        prev: int | None = None
        group: list[Link] = []  # the links of the current list ("from A and B")
        run: list[int] = []  # the items of the current list
        order: list[int] = []  # the clause's mentions, a pronoun cutting the sequence (-1)
        subject: int | None = None  # the component "it" stands for
        senders: list[int] = []  # the clause's parts not named as hosts ("on every node")
        # "4 services: auth, presence, ...": the counted group's members are this list
        listing = ci > 0 and last is not None and _introduces(mentions[last], text)
        if listing and last is not None:
            members[last], owner = [], last
        for k, piece in enumerate(clause):
            after = clause[k + 1].before if k + 1 < len(clause) else "clause"
            # "an app with favourites, comments": the first item after "with" opens a list
            opens_list = piece.opener and after in ("list", "and")
            listy = (piece.before in seps or opens_list) and after in seps
            listy = listy and (len(clause) > 1 or whole)
            leads = piece.before == "clause" and after == "assoc"  # "rag bot with X"
            # a verb's object carried on by a relation is what flows ("notaries submit transfers
            # via X"); a bare object ending its item is a feature ("buyers request quotes, ...")
            told = after in STATED and not piece.plain
            feature = piece.plain and after in _ITEM_ENDS and piece.prev not in _OWNERS
            actor = k + 1 < len(clause) and clause[k + 1].plain  # "polling stations submit X"
            m = mention(
                kb, vocab, piece, ci, listy=listy or feature, source=told, host=leads, actor=actor
            )
            beyond = _beyond_place(clause, k)
            plural = singular(piece.words[-1]) != piece.words[-1]
            if m is None and beyond is not None and plural:
                # "displays at the stops, ...", "units at the pump stations talk to X": the
                # parts' own place stands between them and the list separator or relation
                # (plural things standing at many places; "watch on their phones" is a verb)
                listy = piece.before in seps and beyond in seps
                m = mention(kb, vocab, piece, ci, listy=listy, source=beyond in STATED)
            if m is None and piece.place and prev is not None and after in STATED:
                continue  # "X at pumping stations talk to Y": the relation is X's
            if m is None and piece.plain and prev is not None and after in (*STATED, "assoc"):
                group = []
                continue  # "notaries submit transfers via X": the relation is the subject's
            if m is None:
                # a relation after a prose run belongs to it ("postgres, assets in s3")
                if piece.before in ("clause", "list", "and") or after in (*STATED, "assoc"):
                    prev = None
                group = []
                continue
            listed = _paren_list(clause, k)
            opens = piece.in_paren and piece.before == "paren" and prev is not None
            if opens and listed and prev is not None and collective(mentions[prev]):
                members[prev] = []  # "microservices (catalog, cart, checkout)"
                owner, prev = prev, None
            elif opens and prev is not None and uses(mentions[prev], m):
                mentions.append(m)  # "uploads (s3)", "pacing (aerospike)": what the host uses
                links.append(Link(prev, len(mentions) - 1))
                continue
            elif opens and prev is not None:
                host = mentions[prev]
                if m.kind is not None and host.kind is None:
                    host.kind, host.category = m.kind, m.kind.category
                host.label = f"{host.label} ({m.label})"
                host.words = host.words + m.words
                continue
            if piece.subject and prev is None and last is not None:
                prev, run, subject = last, [last], last  # "... . It publishes to X"
            if piece.coordinated:  # "it writes to A and calls B": B is the subject's too
                source = (
                    subject if subject is not None else next((o for o in order if o >= 0), None)
                )
                if source is not None:
                    prev, run, group = source, [source], []
            mentions.append(m)
            idx = len(mentions) - 1
            in_list = listing and (k == 0 or piece.before in ("list", "and"))
            if owner is not None and ((piece.in_paren and owner in members) or in_list):
                members[owner].append(idx)
            else:
                listing = False
            before = prev if prev is not None else last
            if piece.payload and fan is None:
                # "collectors on every node, traces to Tempo": the last part the clause named
                # for itself (not a host it is "on"/"in") sends the payload
                fan = senders[-1] if senders else (sender if sender is not None else before)
            if piece.fan and (fan is not None or before is not None):
                if fan is None and before is not None:
                    fan = fan_source(mentions, links, before)
                if fan is not None:
                    links.append(Link(fan, idx))
                    apart.extend(Link(x.dst, idx) for x in links if x.src == fan)  # branches
                prev, run = None, []
            elif piece.before == "clause":
                fan = None
            if piece.after_pronoun:
                prev = None
                order.append(-1)
            order.append(idx)
            if piece.before != "assoc" and not piece.fan:
                senders.append(idx)
            if piece.relative and prev is not None:
                links.append(Link(idx, prev))  # "X, which Kibana reads": Kibana -> X
            elif prev is not None:
                # "A -> B, C, D": a comma list goes on; "B and C, D": the "and" closed it
                closed = k > 0 and clause[k - 1].before == "and"
                listed = not closed and (len(run) >= 2 or after == "list")
                # "A, B and C all on D": the relation is every item's
                every = piece.shared and piece.before in ("assoc", "forward", "backward")
                shared = "shared_back" if piece.before == "backward" else "shared"
                how = shared if every else piece.before
                group = relate(mentions, links, apart, (group, run), how, idx, listed)
            run = [*run, idx] if prev is not None and piece.before in ("list", "and") else [idx]
            outside = integrated(m)
            if outside is not None:  # "workday integration": our integration -> Workday
                mentions.append(outside)
                links.append(Link(idx, len(mentions) - 1))
                apart.append(Link(idx, len(mentions) - 1))
            prev = idx
        links += near(mentions, order, links + apart)
        if last is not None and order:
            first = next((i for i in order if i >= 0), None)
            if first is not None and first != last:
                links.append(Link(last, first, weak=True, near=True))
        last = next((i for i in reversed(order) if i >= 0), last)
        sender = senders[-1] if senders else sender  # "X in the cluster: logs to Loki"
    if members:
        links = expand_members(mentions, links, members)
    mentions, links = fold_roles(mentions, links)
    links = in_front(text, mentions, links)
    per_each(kb, vocab, text.lower(), mentions)
    distribute(vocab, text, mentions)
    replicas(text, mentions)
    return mentions, links


#: what ends a list item or a clause after a verb's object
_ITEM_ENDS = ("list", "and", "clause")
#: determiners before an object that is what the subject owns, not a feature ("their stock")
_OWNERS = frozenset({"the", "a", "an", "their", "its", "our", "his", "her", "my", "your", "them",
                     "it", "each", "every"})  # fmt: skip


def _beyond_place(clause: list[Piece], k: int) -> str | None:
    """What follows the place phrase right after piece `k` ("displays at the stops, ..."),
    or None when no place phrase follows it."""
    if k + 1 >= len(clause) or not clause[k + 1].place:
        return None
    return clause[k + 2].before if k + 2 < len(clause) else "clause"


def _paren_list(clause: list[Piece], k: int) -> bool:
    """Does a list go on in the brackets after piece `k`? "suppliers (Amadeus, Hotelbeds)"
    and "suppliers (Amadeus for flights, Hotelbeds for rooms)": a qualifier of each item
    ("for flights") stands between the items."""
    for piece in clause[k + 1 :]:
        if not piece.in_paren:
            return False
        if piece.before in ("list", "and"):
            return True
    return False


#: a count written as a multiplier before a word ("2x Logstash", "3X Redis nodes")
_MULTIPLIER = re.compile(r"\b([2-8])x\s+([a-z][\w.-]*)", re.I)


def _multiplied(kb: KnowledgeBase, text: str) -> str:
    """ "2x Logstash" is two Logstash: the multiplier becomes the number, one token for one so
    every later index into the text still holds. Only before a name (capitalised, or a kind
    the knowledge base knows): "a 4x speedup" counts no speedups."""

    def count(m: re.Match[str]) -> str:
        word = m.group(2)
        named = word[0].isupper() or any(f.start == 0 for f in kb.find(word.lower()))
        return f"{m.group(1)} {word}" if named else m.group(0)

    return _MULTIPLIER.sub(count, text)


def _introduces(m: Mention, text: str) -> bool:
    """A counted group that ends its clause with a colon introduces its members' list."""
    if m.count < 2 or not collective(m):
        return False
    return re.search(re.escape(" ".join(m.words)) + r"\s*:", text.lower()) is not None
