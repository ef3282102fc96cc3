"""Draw the properties :mod:`ops_props` read, one way per family, so a reader of the diagram
(and a check) finds them where it looks:

- ``tech`` — in the label: "Telemetry Store (InfluxDB TSDB)". A product of the same kind
  already named in the label gives way ("Menu Redis" made Memcached: "Menu Memcached"), as does
  a technology in the label's parentheses; the id, links and everything else stay.
- ``count`` — in the label's parentheses too, after the technology: "Orders DB (Postgres,
  3 nodes)"; a new count replaces the old one.
- ``quality`` — in the note (tooltip), after any note already there: "CMEK; WORM". Encryption,
  availability, autoscaling, dead-lettering and backups are facts about the box, not its name.
- ``transport`` — on the link's label, in parentheses after what it says ("place order
  (HTTPS only)"); a link with no label takes it as its label. A property already in the label
  is not written twice.

Pure edits of the state's text (through the D2 core's structural edits).
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from services.dsl.d2 import edits as E
from services.dsl.d2.model import Shape
from services.dsl.generation.design import clip_label
from services.dsl.generation.edit_state import State
from services.dsl.generation.kb import knowledge_base
from services.dsl.generation.ops_props import COUNT, is_tech

_PAREN = re.compile(r"^(?P<base>.*?)\s*\((?P<items>[^()]*)\)\s*$")


def _kind_ids(phrase: str) -> set[str]:
    return {m.kind.category for m in knowledge_base().find(phrase.lower()) if not m.kind.generic}


def relabelled(label: str, family: str, value: str) -> str:
    """`label` with the technology or count `value` written into it."""
    m = _PAREN.match(label)
    base, items = (
        (m.group("base"), [i.strip() for i in m.group("items").split(",")])
        if m
        else (
            label,
            [],
        )
    )
    items = [i for i in items if i]
    if family == "count":
        items = [i for i in items if not COUNT.fullmatch(i)] + [value]
    else:
        if set(re.findall(r"\w+", value.lower())) <= set(re.findall(r"\w+", label.lower())):
            return label  # "Orders Postgres" is a Postgres already
        cats = _kind_ids(value)
        swapped = False
        for word in re.findall(r"[\w.+-]+", base):
            if cats and _kind_ids(word) & cats:
                # "Menu Redis" is Memcached now: the product in the name gives way
                base = re.sub(r"\b" + re.escape(word) + r"\b", value, base, count=1)
                swapped = True
                break
        items = [i for i in items if not is_tech(i) or COUNT.fullmatch(i)]
        if not swapped:
            items = [value, *items]
    return clip_label(f"{base} ({', '.join(items)})" if items else base)


def set_prop(st: State, targets: list[Shape], family: str, value: str) -> str:
    """The property drawn on each target, as its family is drawn (see the module)."""
    for t in targets:
        live = st.diagram.shape(t.id) or t
        if family in ("tech", "count"):
            st.d2 = E.set_label(
                st.d2, t.id, relabelled(live.label, family, value), diagram=st.diagram
            )
        else:
            old = (live.tooltip or "").strip()
            note = f"{old}; {value}" if old and value.lower() not in old.lower() else old or value
            st.d2 = E.set_tooltip(st.d2, t.id, note, diagram=st.diagram)
    names = ", ".join(t.label for t in targets)
    if family == "tech":
        return f"marked {names} as {value}"
    return f"set {value} on {names}" if family == "count" else f"noted “{value}” on {names}"


def links_of(st: State, shapes: list[Shape]) -> list[tuple[str, str]]:
    """The links touching any of `shapes` (or anything inside them)."""
    ids = {s.id for s in shapes}

    def inside(x: str) -> bool:
        return x in ids or any(x.startswith(i + ".") for i in ids)

    return [(c.src, c.dst) for c in st.diagram.connections if inside(c.src) or inside(c.dst)]


def link_named(st: State, end: Shape, raw: str) -> tuple[str, str] | None:
    """ "the order-svc -> PG hop" with only PG resolved: the link at PG whose other end is
    written like `raw` (or the one link at PG)."""
    at = links_of(st, [end])
    if len(at) == 1:
        return at[0]

    def score(pair: tuple[str, str]) -> float:
        other = st.diagram.shape(pair[0] if pair[1] == end.id else pair[1])
        if other is None:
            return 0.0
        text = f"{other.label} {other.id.split('.')[-1]}".lower()
        return max(fuzz.partial_ratio(raw, other.label.lower()), fuzz.partial_ratio(raw, text))

    best = max(at, key=score, default=None)
    return best if best is not None and score(best) >= 70 else None


def set_link_prop(st: State, links: list[tuple[str, str]], value: str) -> str:
    """`value` on the label of each link (kept once)."""
    done = []
    for src, dst in links:
        c = next((c for c in st.diagram.connections if (c.src, c.dst) == (src, dst)), None)
        old = c.label if c is not None else ""
        if old and value.lower() in old.lower():
            done.append(old)
            continue
        new = f"{old} ({value})" if old else value
        style = dict(c.style) if c is not None else {}
        st.d2 = E.disconnect(st.d2, src, dst, diagram=st.diagram)
        st.connect(src, dst, new, style or None)
        done.append(f"{_name(st, src)} -> {_name(st, dst)}")
    if not done:
        return "found no link to mark"
    return f"marked {len(done)} link{'s' if len(done) > 1 else ''} {value}"


def _name(st: State, sid: str) -> str:
    s = st.diagram.shape(sid)
    return s.label if s is not None else sid
