"""Password policy after NIST SP 800-63B §3.1.1.2: a minimum length (the request schema's
8 characters, counted in Unicode code points, spaces allowed, no truncation), no composition
rules, and no password an attacker would guess early: common, dictionary, keyboard-pattern,
repetitive or built from the user's own email, as zxcvbn estimates it (a score below
PASSWORD_MIN_SCORE is refused, 422 `PASSWORD_TOO_WEAK`, with zxcvbn's advice)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from zxcvbn import zxcvbn

from shared.errors import ValidationFailed

#: zxcvbn's cost grows with the length; its matchers look at this many leading characters
#: (the rest of a longer password only adds strength)
ESTIMATE_CHARS = 100


def user_words(email: str) -> list[str]:
    """Words of the user's own email that a password should not be built from."""
    return [email, *[w for w in re.split(r"[^a-z0-9]+", email.lower()) if len(w) > 2]]


def check_password(password: str, *, user_inputs: Sequence[str] = (), min_score: int) -> None:
    result = zxcvbn(password[:ESTIMATE_CHARS], user_inputs=list(user_inputs))
    score = int(result["score"])
    if score >= min_score:
        return
    feedback = result.get("feedback") or {}
    warning = str(feedback.get("warning") or "")
    raise ValidationFailed(
        "This password is too easy to guess"
        + (f": {warning.rstrip('.')}." if warning else ".")
        + " A few uncommon words make a strong passphrase.",
        error_code="PASSWORD_TOO_WEAK",
        details={
            "score": score,
            "min_score": min_score,
            "warning": warning,
            "suggestions": [str(s) for s in feedback.get("suggestions") or []],
        },
    )
