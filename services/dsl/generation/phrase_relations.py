"""Links between the mentions of a clause, as the words between them state."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from services.dsl.generation.phrase_mentions import Mention
from services.dsl.generation.phrase_vocab import APP_CATEGORIES, HUB_CATEGORIES, USED_CATEGORIES


@dataclass(frozen=True)
class Link:
    src: int  # index into the mentions
    dst: int
    via: bool = False  # a middleman stated with "through" / "via"
    weak: bool = False  # "with", "on", "for": a link only where nothing else joins the two
    near: bool = False  # named side by side in a clause, no relation word: roles decide


def relate(
    mentions: list[Mention],
    links: list[Link],
    apart: list[Link],
    current: tuple[list[Link], list[int]],
    before: str,
    idx: int,
    listed: bool = False,
) -> list[Link]:
    """Link mention `idx` to the one before it as the words between them say; a list item
    shares the relation of the item before it ("extract from A and B", "export to A, B and C"),
    and "via M" after a list puts M in the middle of every link of the list. Returns the links
    of the current list. `listed`: the item is inside a list of three or more ("A -> B, C, D"),
    where items of different categories still share the relation."""
    group, run = current
    if before in ("forward", "backward", "shared", "shared_back"):
        run = [hosted(mentions, links, r) for r in run]
    prev = run[-1]
    if before == "shared":  # "A, B and C all run on D": every item of the list
        made = [Link(r, idx) for r in run if r != idx]
        links.extend(made)
        return made
    if before == "shared_back":  # "A, B and C are collected by D": D does it to every item
        made = [Link(idx, r) for r in run if r != idx]
        links.extend(made)
        return made
    if before in ("forward", "assoc"):
        # "cart, orders and payments -> postgres": every item of the list states the link
        store = mentions[prev].category in USED_CATEGORIES
        sources = [
            r
            for r in (run if before == "forward" else [prev])
            if (mentions[r].category in USED_CATEGORIES) == store
        ]
        made = [Link(r, idx, weak=before == "assoc") for r in sources if r != idx]
        links.extend(made)
        return made
    if before == "backward":
        link = Link(idx, prev)
        links.append(link)
        return [link]
    if before == "through":
        stated = [g for g in group if g in links]
        for g in stated:
            links.remove(g)
            apart.append(g)  # A -> B through M: A and B stay apart
            for extra in (Link(g.src, idx, True), Link(idx, g.dst, True)):
                if extra not in links and extra.src != extra.dst:
                    links.append(extra)
        if not stated:  # "from A and B via M": every item of the list goes through M
            links.extend(Link(r, idx, True) for r in run)
        return []
    if before in ("list", "and") and group:
        if before == "list" and mentions[idx].category != mentions[prev].category and not listed:
            return []  # "s3 behind cloudfront, a static site": a new item, not one more origin
        out = []
        for g in group:
            if g.dst == prev and g.src != idx:
                out.append(Link(g.src, idx, weak=g.weak))
            elif g.src == prev and g.dst != idx:
                out.append(Link(idx, g.dst, weak=g.weak))
        links.extend(out)
        apart.append(Link(prev, idx))  # items of one list are peers
        return group + out
    return []


#: the words of a platform that runs the components named on it ("KServe on GKE")
HOST_KINDS = frozenset({"kubernetes"})
HOST_HEADS = frozenset({"cluster", "pool", "vm", "vms", "server", "servers", "nodes"})


def _host(m: Mention) -> bool:
    return (m.kind is not None and m.kind.id in HOST_KINDS) or m.words[-1] in HOST_HEADS


def hosted(mentions: list[Mention], links: list[Link], i: int) -> int:
    """ "KServe on GKE behind a gateway", "workers on a GPU pool -> S3": a relation after a
    platform that hosts the item before it ("on"/"in") is the hosted item's, not the
    platform's. Returns the hosted item, or `i` itself."""
    if not _host(mentions[i]):
        return i
    for link in reversed(links):
        if link.dst == i and link.weak and not link.near and link.src < i:
            return link.src
    return i


def near(mentions: list[Mention], order: list[int], links: list[Link]) -> list[Link]:
    """Side-by-side mentions of a clause with no stated link between them ("orders service
    and mysql"): the planner links them when their roles call for it and the design does not
    join them yet. A store, queue or outside system of the clause that no application of the
    clause reaches is used by the application named before it ("workers for rendering, kv for
    config, r2 for assets": the workers use both)."""
    joined = {frozenset((link.src, link.dst)) for link in links}
    out = []
    for a, b in itertools.pairwise(order):
        if a >= 0 and b >= 0 and a != b and frozenset((a, b)) not in joined:
            out.append(Link(a, b, weak=True, near=True))
            joined.add(frozenset((a, b)))
    hub: int | None = None
    for i in order:
        if i < 0:
            hub = None
            continue
        cat = mentions[i].category
        if cat in HUB_CATEGORIES:
            hub = i
        elif hub is not None and cat in USED_CATEGORIES:
            apps = [j for j in order if j >= 0 and mentions[j].category in HUB_CATEGORIES]
            if not any(frozenset((i, j)) in joined for j in apps):
                out.append(Link(hub, i, weak=True, near=True))
                joined.add(frozenset((hub, i)))
    return out


def _product(m: Mention) -> bool:
    """A mention naming a product ("Stripe", "Keycloak"), not a generic kind or a new word."""
    if m.kind is None:
        return False
    return not m.kind.generic or " ".join(m.words) in m.kind.labels


def fold_roles(mentions: list[Mention], links: list[Link]) -> tuple[list[Mention], list[Link]]:
    """ "Stripe for checkout", "Keycloak for login", "Vault for secrets": a named product tied
    by "for"/"with"/"as" to a generic word of its own category names that product's role, not a
    second component. The generic mention folds into the product (the user's word stays in
    its label, "Stripe (checkout)") and its links move to the product."""
    into: dict[int, int] = {}
    for link in links:
        if not link.weak or link.near or link.via:
            continue
        a, b = mentions[link.src], mentions[link.dst]
        for p, g in ((link.src, link.dst), (link.dst, link.src)):
            prod, gen = mentions[p], mentions[g]
            if p in into or g in into or not _product(prod) or _product(gen) or gen.proper:
                continue
            if prod.category != gen.category or a.clause != b.clause or gen.count > 1:
                continue
            if _host(prod):
                continue  # "the ranker on a k8s cluster": a part the platform runs
            if gen.kind is None and gen.category not in APP_CATEGORIES:
                continue  # "ledger on Postgres": a part of its own, stored there
            own = " ".join(gen.words)
            default = gen.kind is not None and gen.label.startswith(gen.kind.label)
            if own not in prod.label.lower() and not default:
                prod.label = f"{prod.label} ({own})"
            into[g] = p
            break
    if not into:
        return mentions, links
    return fold_into(mentions, links, dict(into))


def fold_into(
    mentions: list[Mention], links: list[Link], into: dict[int, int | None]
) -> tuple[list[Mention], list[Link]]:
    """`mentions` without the keys of `into`, and `links` with each dropped end moved to the
    mention it folds into (a link to an end that folds into nothing goes)."""
    keep = [i for i in range(len(mentions)) if i not in into]
    new = {old: k for k, old in enumerate(keep)}
    out: list[Link] = []
    for link in links:
        src, dst = into.get(link.src, link.src), into.get(link.dst, link.dst)
        if src not in new or dst not in new:
            continue
        moved = Link(new[src], new[dst], link.via, link.weak, link.near)
        if moved.src != moved.dst and moved not in out:
            out.append(moved)
    return [mentions[i] for i in keep], out
