"""One normal form of a message for every rule of the classifier: lower case, plain quotes
and dashes, single spaces. The bank's duplicate check and the evaluation sets' overlap check
use it too, so "Add a cache" and "add  a cache" count as the same message."""

from __future__ import annotations

import re


def normalise(text: str) -> str:
    """Lower-case, unify quotes and dashes, collapse whitespace."""
    t = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    t = t.replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", t).strip()


def overlap_key(text: str) -> str:
    """The key two messages are the same message by, for keeping the bank and the evaluation
    sets apart: the normal form without punctuation ("Help!" and "help" are one message), or
    the normal form itself when the message is only punctuation ("??")."""
    t = normalise(text)
    words = " ".join(re.sub(r"[^\w\s]", " ", t).split())
    return words or t
