"""A link told with "only" after new parts were drawn: the other new parts lose that link.

"split S into a (batch) and b (online); W talks to b only": the split hands both parts the
whole's links, W's too; "only" says W keeps its link to b alone among the parts this request
made, so W's links to the other new parts go. Shapes drawn before the request are left as
they are ("only" says which of the new parts, not that W's other links go). Pure over the
edit state.
"""

from __future__ import annotations

import re

from services.dsl.d2 import edits as E
from services.dsl.generation.edit_state import State
from services.dsl.generation.ops import Op

#: "... talks to b only", "... only to b", "... just b": the link is the one meant
_ONLY = re.compile(r"\bonly\s*[.!]?\s*$|\b(?:only|just|solely|exclusively)\s+(?:to|with|from)\b")


def only_told(st: State, text: str, ops: list[Op], shapes_before: set[str]) -> list[str]:
    """Cut the links of each connect's source to the parts this request drew other than its
    target, when the clause says "only"; the summaries of what was cut."""
    if not _ONLY.search(text):
        return []
    said = []
    for op in ops:
        if op.kind != "connect" or len(op.a) != 1 or len(op.b) != 1:
            continue
        if len(op.a[0].shapes) != 1 or len(op.b[0].shapes) != 1:
            continue
        who, kept = op.a[0].shapes[0].id, op.b[0].shapes[0].id
        for c in list(st.diagram.connections):
            other = c.dst if c.src == who else c.src if c.dst == who else None
            if other is None or other == kept or other in shapes_before:
                continue
            names = [s.label for s in map(st.diagram.shape, (c.src, c.dst)) if s is not None]
            st.d2 = E.disconnect(st.d2, c.src, c.dst, diagram=st.diagram)
            said.append(f"disconnected {' from '.join(names)}")
    return said
