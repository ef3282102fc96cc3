"""The one error type of the D2 core, the issue it carries (1-based positions), and the one
place where anything else that escapes the core becomes a ``D2Error``."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class D2Issue:
    line: int
    column: int
    message: str
    code: str = "D2_SYNTAX"

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.message}"


class D2Error(Exception):
    """Every problem found in a D2 text, each with its position. The only exception raised."""

    def __init__(self, issues: list[D2Issue]) -> None:
        self.issues = list(issues) or [D2Issue(1, 1, "invalid D2", "D2_SYNTAX")]
        super().__init__("\n".join(str(i) for i in self.issues))

    def __str__(self) -> str:
        return "\n".join(str(i) for i in self.issues)


def only_d2_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Mark an entry point of the core: whatever else it raises leaves it as a ``D2Error``.

    Input nested beyond what Python's stack holds is ``D2_TOO_DEEP``; any other exception is
    a bug of ours and still surfaces as the one error type (``D2_INTERNAL``, with its kind).
    """

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except D2Error:
            raise
        except RecursionError:
            raise D2Error([D2Issue(1, 1, "input is nested too deeply", "D2_TOO_DEEP")]) from None
        except Exception as exc:
            raise D2Error(
                [D2Issue(1, 1, f"internal error: {type(exc).__name__}: {exc}", "D2_INTERNAL")]
            ) from None

    return wrapper
