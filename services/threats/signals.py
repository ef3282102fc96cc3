"""What the words of a diagram say about security: sensitive data, encryption, controls.

The word lists live in ``data/signals.yaml``. Labels, ids, tooltips and class names are read
as words (``user_db`` reads "user db") and matched on word boundaries, so "https" never reads
as "http". Each reader returns the phrase it found: it becomes the evidence a threat names.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

import yaml

DATA = Path(__file__).parent / "data" / "signals.yaml"
_SPLIT = re.compile(r"[^a-z0-9.]+")


def _pattern(phrases: list[str]) -> re.Pattern[str]:
    alternatives = sorted({str(p) for p in phrases}, key=len, reverse=True)
    body = "|".join(re.escape(p) for p in alternatives)
    return re.compile(r"(?<![a-z0-9])(" + body + r")(?![a-z0-9])")


class Signals:
    """The compiled word lists; one instance per process (:func:`signals`)."""

    def __init__(self, raw: dict[str, object]) -> None:
        sensitive = raw.pop("sensitive")
        assert isinstance(sensitive, dict)
        self._sensitive = {tag: _pattern(words) for tag, words in sensitive.items()}
        self._lists = {name: _pattern(words) for name, words in raw.items()}  # type: ignore[arg-type]

    def sensitive(self, text: str) -> dict[str, str]:
        """Sensitive data the text names: tag (phi, card, pii, credentials) -> the phrase."""
        low = normalise(text)
        out: dict[str, str] = {}
        for tag, pattern in self._sensitive.items():
            m = pattern.search(low)
            if m:
                out[tag] = m.group(1)
        return out

    def find(self, name: str, text: str) -> str:
        """The phrase of list `name` (encrypted_in_transit, admin, ...) in `text`, or ""."""
        m = self._lists[name].search(normalise(text))
        return m.group(1) if m else ""


@lru_cache(maxsize=16384)
def normalise(text: str) -> str:
    """Lower-case words separated by single spaces: ``User_DB (TLS-1.3)`` -> ``user db tls 1.3``."""
    low = unquote(text).lower().replace("_", " ").replace("-", " ")
    return " ".join(w.strip(".") for w in _SPLIT.split(low) if w.strip("."))


@lru_cache(maxsize=1)
def signals() -> Signals:
    with DATA.open(encoding="utf-8") as fh:
        return Signals(yaml.safe_load(fh))
