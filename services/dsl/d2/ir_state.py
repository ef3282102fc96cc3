"""The IR compiler's state and the operations its parts share.

The IR stage is one compiler written in layers, each in its own module: this base (the state
of a compile: errors, the globs in force, the glob work budget; merging fields), the edges
(``ir_edges.py``) and the maps, keys and fields with imports (``ir.py``, the ``Compiler``).
The steps the layers call across each other are declared here, so that the edge layer and
the later passes over the IR (``substitutions.py``) need no import of the whole compiler.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from services.dsl.d2 import ast as A
from services.dsl.d2.filters import filters_pass
from services.dsl.d2.keywords import BOARD_KEYWORDS
from services.dsl.d2.tree import Field, GlobCtx, IRErr, IRMap, copy_edge, copy_field

#: Units of glob work one compile may spend (a unit: one field or edge a glob is matched
#: against, or one re-application of a glob). Globs re-apply to every field created after
#: them: 100 globs over 400 shapes took 156 s, while no file of the official repository's
#: corpus needs more than 8,803 units (docs/d2.md).
MAX_GLOB_WORK = 200_000


class GlobWorkExceeded(Exception):
    """A compile spent more than ``MAX_GLOB_WORK`` units on globs; carries the glob key."""

    def __init__(self, node: A.Node) -> None:
        super().__init__(f"globs need more than {MAX_GLOB_WORK} matches")
        self.node = node


class GlobBudget:
    """The glob work left to one compile (shared with the compiles of its imports)."""

    def __init__(self, limit: int = MAX_GLOB_WORK) -> None:
        self.left = limit

    def spend(self, units: int, node: A.Node) -> None:
        self.left -= units
        if self.left < 0:
            raise GlobWorkExceeded(node)


class IRState(ABC):
    def __init__(self, fs: dict[str, str] | None = None) -> None:
        self.errors: list[IRErr] = []
        self.fs = fs
        self.applying_glob = 0
        self.import_depth = 0
        self.in_glob = 0
        self.scope: IRMap | None = None  # the map the key being compiled was written in
        # globs in force per map being compiled (inner maps inherit the outer ones), the glob
        # keys being compiled now (guards against a glob re-triggering itself), and a count
        # of fields/edges created so far (a change re-applies the globs, lazily)
        self.glob_stack: list[list[GlobCtx]] = []
        self.glob_refs: list[tuple[A.Key, IRMap]] = []
        self.cur_glob: GlobCtx | None = None
        self.created = 0
        self.budget = GlobBudget()
        self.root_globs: list[GlobCtx] = []  # the file's root globs (read by an importer)
        self.base_dir = ""  # directory of the file being compiled, inside the bundle

    def err(self, node: A.Node | None, msg: str) -> None:
        if node is None:
            self.errors.append((0, 0, msg))
        else:
            self.errors.append((node.start, node.end, msg))

    # ---- the steps of the layers above -----------------------------------------------------

    @abstractmethod
    def compile_map(self, dst: IRMap, ast_map: A.Map) -> None:
        """Fold an AST map into ``dst``."""

    @abstractmethod
    def compile_key(self, key: A.Key, dst: IRMap) -> None:
        """Fold one key (a field or edges, globs included) into ``dst``."""

    @abstractmethod
    def compile_field(self, dst: IRMap, kp: A.KeyPath, key: A.Key) -> None:
        """Apply ``key``'s value to the fields ``kp`` names under ``dst``."""

    @abstractmethod
    def ensure_field(
        self, m: IRMap, kp: A.KeyPath, key: A.Key | None, create: bool = True
    ) -> list[Field]:
        """The fields ``kp`` names under ``m`` (created when ``create``), globs expanded."""

    # ---- shared steps ----------------------------------------------------------------------

    def filters_pass(self, dst: IRMap, ast_map: A.Map) -> bool:
        """Whether what the glob being applied matched passes its ``&``/``!&`` filters."""
        return filters_pass(self.cur_glob, dst, ast_map)

    def overlay_base(self, m: IRMap, base: IRMap | None) -> None:
        """A scenario or step starts as a copy of its base board."""
        if base is None:
            return
        for f in base.fields:
            if f.name.is_kw(BOARD_KEYWORDS):
                continue
            self.overlay_field(m, f)
        for e in base.edges:
            e2 = copy_edge(e, m)
            m.edges.append(e2)

    def overlay_field(self, m: IRMap, f: Field) -> None:
        """Merge a copy of ``f`` into ``m`` (values and map entries of ``f`` win)."""
        existing = m.get(f.name.text, f.name.quoted) if f.name.text else None
        if existing is None:
            m.fields.append(copy_field(f, m))
            return
        if f.primary is not None:
            existing.primary = f.primary
            existing.primary_key = f.primary_key
        if isinstance(f.composite, IRMap):
            em = existing.ensure_map()
            for g in f.composite.fields:
                self.overlay_field(em, g)
            for e in f.composite.edges:
                em.edges.append(copy_edge(e, em))
        elif f.composite is not None:
            existing.composite = f.composite
