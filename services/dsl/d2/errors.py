"""The one error type of the D2 core, and the issue it carries (1-based positions)."""

from __future__ import annotations

from dataclasses import dataclass


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
