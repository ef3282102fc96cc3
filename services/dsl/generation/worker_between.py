"""A worker told after a queue was put in front of a part: "put a queue in front of the
registry; the intake just drops a message and a small worker does the actual registry
call" — the worker goes between that queue and the part it calls (queue -> worker -> part,
the queue's direct link replaced), read as "add a small worker between Q and P"."""

from __future__ import annotations

import re

from services.dsl.d2.model import Shape
from services.dsl.generation.edit_run import Run
from services.dsl.generation.mentions import scan

_WORKER = re.compile(
    r"(?:^|\b(?:and|then|while|but)\s+|[,;]\s*)(?:then\s+)?(?:an?|one|some)\s+"
    r"(?P<worker>(?:(?:little|small|tiny|separate|background|dedicated|new|async)\s+)*"
    r"(?:worker|consumer|processor|job|daemon|poller))\s+(?:then\s+)?(?:will\s+|should\s+)?"
    r"(?:does|do|makes|make|handles|handle|performs|perform|runs|run|calls|call|hits|hit|"
    r"takes\s+care\s+of|is\s+doing|is\s+making)\s+(?:the\s+|that\s+)?"
    r"(?:actual\s+|real\s+|slow\s+)?(?P<target>[\w\- ]+?)"
    r"(?:\s+(?:calls?|requests?|work|part|bit))?\s*[.!]?$",
    re.I,
)


def _queued(run: Run, target: Shape) -> Shape | None:
    """The one queue drawn with a link into `target`."""
    d = run.st.diagram
    found = []
    for c in d.connections:
        src = d.shape(c.src)
        if (
            c.dst == target.id
            and src is not None
            and (src.shape == "queue" or "queue" in src.classes)
        ):
            found.append(src)
    return found[0] if len(found) == 1 else None


def worker_between(run: Run, text: str) -> str | None:
    """`text` as "add a W between Q and P" when it tells a worker doing the calls to P that a
    queue Q now fronts; None otherwise."""
    m = _WORKER.search(text.strip())
    if not m:
        return None
    st = run.st
    _, mentions = scan(st.kb, st.diagram, st.d2, m.group("target"))
    named = [x for x in mentions if len(x.shapes) == 1]
    if len(named) != 1:
        return None
    target = named[0].shapes[0]
    queue = _queued(run, target)
    if queue is None:
        return None
    return f"add a {m.group('worker')} between {queue.label} and {target.label}"
