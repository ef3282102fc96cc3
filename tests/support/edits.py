"""A small diagram of our own and the helpers the architect's edit tests share (the sentences
and this diagram are ours, not the people-written evaluation set's)."""

from __future__ import annotations

from services.dsl.d2 import compile_d2
from services.dsl.d2.model import Diagram
from services.dsl.generation.request import GenerationRequest
from services.dsl.generation.update import update
from shared.contracts import GenerationKind, GenerationResult, Intent, SessionSnapshot

#: a library system: a person, a container at each level, stores, caches, an outside mailer
LIBRARY = """direction: right

# the library system
patron: Patron {shape: person}
edge: Edge {
  proxy: Front Proxy
}
core: Core {
  loans: Loans Service
  search: Catalogue Search
  notify: Notice Sender
}
books_db: Books DB {shape: cylinder}
hot_cache: Memcache
cold_cache: Page Cache
mailer: Mailgun

patron -> edge.proxy: HTTPS
edge.proxy -> core.loans: REST
edge.proxy -> core.search: REST
core.loans -> books_db: SQL
core.search -> hot_cache
core.loans -> cold_cache
core.notify -> mailer: send
"""


def edit(query: str, base: str = LIBRARY) -> GenerationResult:
    """The architect's answer to `query` as an edit of `base`."""
    session = SessionSnapshot(session_id="t", current_d2=base)
    return update(GenerationRequest(intent=Intent.DSL_UPDATE, query=query, session=session))


def applied(query: str, base: str = LIBRARY) -> Diagram:
    """The edited diagram (the answer must be one)."""
    result = edit(query, base)
    assert result.kind == GenerationKind.DIAGRAM, result.message
    assert result.d2, "a diagram answer without D2"
    return compile_d2(result.d2)


def linked(d: Diagram, a: str, b: str) -> bool:
    return any({c.src, c.dst} == {a, b} for c in d.connections)
