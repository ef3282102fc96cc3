"""Links a create clause states in two shapes the edit path's reader leaves alone.

- A thing handled by a pronoun with a place or tool after it ("analysts explore them in
  Jupyter", "watch it on Grafana", "serve them through the CDN"): the pronoun stands for what
  an earlier step stored, so that store reaches the tool, and the one doing it uses the tool.
  The reader finds the pronoun ambiguous between the earlier store and the doer and draws
  nothing; here the doer is set apart and the one left is the antecedent.
- A list of sinks ("three sinks into S3, BigQuery and OpenSearch", "sinking to A and B"):
  the stream before them (or the design's one stream, when the clause names none) feeds each.

Both read the clause's abstract (mentions as ``@N``) and return (source, target) node ids.
"""

from __future__ import annotations

from services.dsl.generation.design import Design
from services.dsl.generation.ops import Abstract

#: prepositions naming where a pronoun's thing is handled ("in Grafana", "through the CDN")
_PLACE = frozenset({"in", "on", "through", "via", "with", "using", "into", "inside", "from"})
_ARTICLES = frozenset({"the", "a", "an", "our", "their", "its"})
_SINK = frozenset({"sink", "sinks", "sinking", "sinked"})
_LIST = frozenset({",", "and", "&", "plus", "or"})
#: classes of the shapes a list of sinks is fed by
_STREAM = frozenset({"queue"})
#: classes of the shapes a pronoun's thing is kept in
_STORE = frozenset({"database", "storage"})


def tail_links(ab: Abstract, design: Design) -> list[tuple[str, str]]:
    """The links of the clause's pronoun tools and sink lists."""
    words = ab.text.replace(",", " , ").split()
    return _pronoun_tools(ab, design, words) + _sinks(ab, design, words)


def _mention(ab: Abstract, word: str) -> list[str] | None:
    if not word.startswith("@") or not word[1:].isdigit():
        return None
    return ab.m(word).ids


def _pronoun_tools(ab: Abstract, design: Design, words: list[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for k, w in enumerate(words):
        if not w.startswith("@") or not w[1:].isdigit() or not ab.m(w).pronoun:
            continue
        j = k + 1
        if j >= len(words) or words[j] not in _PLACE:
            continue
        j += 1
        while j < len(words) and words[j] in _ARTICLES:
            j += 1
        tool = _mention(ab, words[j]) if j < len(words) else None
        if not tool or ab.m(words[j]).pronoun or len(tool) != 1 or tool[0] not in design.nodes:
            continue
        # the doer: a mention just before the verb ("@5 explore @6"), no comma between
        doer: list[str] = []
        for i in range(k - 1, max(k - 4, -1), -1):
            if words[i] == ",":
                break
            found = _mention(ab, words[i])
            if found is not None:
                doer = [] if ab.m(words[i]).pronoun else found
                break
        left = [i for i in ab.m(w).ids if i not in doer and i in design.nodes]
        if len(left) > 1:  # "lands in T and the team watches it": the store is what is watched
            left = [i for i in left if design.nodes[i].cls in _STORE]
        if len(left) == 1 and left[0] != tool[0]:
            out.append((left[0], tool[0]))
        if len(doer) == 1 and doer[0] in design.nodes and doer[0] != tool[0]:
            out.append((doer[0], tool[0]))
    return out


def _sinks(ab: Abstract, design: Design, words: list[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for k, w in enumerate(words):
        if w not in _SINK or k + 1 >= len(words) or words[k + 1] not in ("into", "to", "in"):
            continue
        targets: list[str] = []
        j = k + 2
        while j < len(words):
            found = _mention(ab, words[j])
            if found is not None and len(found) == 1:
                targets.append(found[0])
            elif words[j] not in _LIST | _ARTICLES:
                break
            j += 1
        source = _stream_before(ab, design, words[:k])
        out.extend((source, t) for t in targets if source and t != source and t in design.nodes)
    return out


def _stream_before(ab: Abstract, design: Design, words: list[str]) -> str:
    """The stream a sink list hangs off: the last one the clause names before it, or the
    design's only stream."""
    for w in reversed(words):
        found = _mention(ab, w)
        node = design.nodes.get(found[0]) if found and len(found) == 1 else None
        if node is not None and node.cls in _STREAM:
            return node.id
    streams = [n.id for n in design.nodes.values() if n.cls in _STREAM]
    return streams[0] if len(streams) == 1 else ""
