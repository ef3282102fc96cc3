"""archdesign's D2 language core: parse -> IR -> compiled model -> validation/format/edits.

A pure library (no I/O). Staged like the official implementation: ``parser`` (AST with
ranges) -> ``ir`` (fields/edges, globs, nulls, refs) -> ``compiler`` (shapes, attributes,
value checks) -> ``validate`` (safety + style pack) -> ``formatter`` and ``edits``.
"""

from services.dsl.d2.api import compile_d2, format_d2, to_graph, validate_d2
from services.dsl.d2.core import CheckResult, check
from services.dsl.d2.errors import D2Error, D2Issue
from services.dsl.d2.model import Connection, Diagram, Shape

__all__ = [
    "CheckResult",
    "Connection",
    "D2Error",
    "D2Issue",
    "Diagram",
    "Shape",
    "check",
    "compile_d2",
    "format_d2",
    "to_graph",
    "validate_d2",
]
