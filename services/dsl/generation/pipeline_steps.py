"""Processing steps a create request states as participles with no doer.

"the packets get decoded and stored in InfluxDB", "records are validated and pseudonymised
before being loaded into the warehouse", "uploads are watermarked for preview": a step of the
pipeline named only by what happens to the data. Nothing in the request names the part that
does it, so the phrase reader draws none and the flow jumps over the step. Here each such
participle of a processing verb (a closed list: decoding, masking, enriching ... not storing
or sending, which are links) becomes a step named after its verb ("Decoder",
"Pseudonymisation"), put between the part named before it in the sentence and the part named
after it. A participle with its doer ("scanned by classifiers") is left to the reader.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from services.dsl.generation.create import Builder

#: processing verbs by their participle stem -> the step's name
_STEPS: dict[str, str] = {
    "decod": "Decoder",
    "encod": "Encoder",
    "transcod": "Transcoder",
    "geocod": "Geocoder",
    "demodulat": "Demodulator",
    "pseudonymis": "Pseudonymisation",
    "pseudonymiz": "Pseudonymization",
    "anonymis": "Anonymisation",
    "anonymiz": "Anonymization",
    "tokenis": "Tokenisation",
    "tokeniz": "Tokenization",
    "normalis": "Normalisation",
    "normaliz": "Normalization",
    "sanitis": "Sanitisation",
    "sanitiz": "Sanitization",
    "deduplicat": "Deduplication",
    "enrich": "Enrichment",
    "watermark": "Watermarking",
    "redact": "Redaction",
    "mask": "Masking",
    "encrypt": "Encryption",
    "compress": "Compression",
    "resiz": "Resizer",
    "transcrib": "Transcription",
    "calibrat": "Calibration",
    "de-identifi": "De-identification",
    "deidentifi": "De-identification",
}
_PARTICIPLE = re.compile(
    r"\b(?:gets?|got|is|are|was|were|be|being|been|then|and|,)\s+(?:then\s+|also\s+|first\s+)?"
    r"(" + "|".join(sorted(_STEPS, key=len, reverse=True)) + r")(?:ed|d)\b(?!\s+by\b)"
)
_SENTENCE = re.compile(r"[^.!?]+")


def add_steps(b: Builder, query: str) -> int:
    """Add the steps the request's participles state; returns how many were added."""
    added = 0
    for sentence in _SENTENCE.finditer(query.lower()):
        text = sentence.group(0)
        for hit in _PARTICIPLE.finditer(text):
            name = _STEPS[hit.group(1)]
            stem = hit.group(1)[:6]
            if any(stem in n.label.lower() or stem in n.id for n in b.d.nodes.values()):
                continue  # the request names the part already ("a decoder service")
            before, after = _around(b, text, hit.start(1), hit.end())
            if before is None and after is None:
                continue
            node = b.add(b.kb.generic("service"), name, backend=True)
            if before is not None:
                b.d.connect(before, node.id)
            if after is not None:
                b.d.connect(node.id, after)
            added += 1
    return added


def _around(b: Builder, text: str, start: int, end: int) -> tuple[str | None, str | None]:
    """The nodes named last before `start` and first after `end` in the sentence `text`."""
    best_before: tuple[int, str] | None = None
    best_after: tuple[int, str] | None = None
    for node in b.d.nodes.values():
        for name in _names(node.label, node.id):
            for m in re.finditer(r"\b" + re.escape(name) + r"\b", text):
                if m.end() <= start and (best_before is None or m.end() > best_before[0]):
                    best_before = (m.end(), node.id)
                elif m.start() >= end and (best_after is None or m.start() < best_after[0]):
                    best_after = (m.start(), node.id)
    return (
        best_before[1] if best_before else None,
        best_after[1] if best_after else None,
    )


def _names(label: str, node_id: str) -> list[str]:
    """How a node may be written in the request: its label without a kind in brackets, and
    its id's words."""
    plain = re.sub(r"\s*\([^)]*\)", "", label).strip().lower()
    out = [plain, node_id.replace("_", " ").lower()]
    return [n for n in dict.fromkeys(out) if len(n) >= 3]
