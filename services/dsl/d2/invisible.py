"""Characters that make D2 text show something other than what it says (the Trojan Source
class): bidirectional controls, invisible format characters and control characters.

A right-to-left override (U+202E) in a label makes ``evil.com/txt.exe`` display reversed; a
zero-width space or a tag character hides text in a name or smuggles instructions past a
reader. The policy refuses them — it never strips them, since a silently changed label is
not the label that was written — with ``D2_INVISIBLE_CHAR`` at the character's own line and
column (``docs/d2.md``):

* bidirectional controls: U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069;
* every other character of Unicode category Cf (format: zero-width space, soft hyphen, word
  joiner, BOM, tag characters ...), except the zero-width joiner and non-joiner (U+200D,
  U+200C) between two non-ASCII visible characters, where emoji sequences and Persian and
  Indic scripts need them;
* control characters (category Cc) other than tab, newline and carriage return, whether
  written literally or through an escape (``"\\a"``) of a quoted or unquoted string.

Checked anywhere in the text (keys, labels, tooltips, edge labels, comments: what a reviewer
reads is the text), before it is parsed; ``api.validate_d2`` runs it, so nothing downstream
(layout, React Flow JSON, SVG) ever receives such a character.
"""

from __future__ import annotations

import unicodedata

from services.dsl.d2 import ast as A
from services.dsl.d2.errors import D2Issue

BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_JOINERS = frozenset("\u200c\u200d")
_ALLOWED_CONTROLS = frozenset("\t\n\r")
#: issues listed one by one before the rest are summed up in one
MAX_LISTED = 20


def why_hidden(ch: str) -> str | None:
    """What makes ``ch`` dangerous in displayed text, or None when it is not (joiners are
    judged in context by ``_joins``)."""
    if ch in BIDI_CONTROLS:
        return "a bidirectional control"
    cat = unicodedata.category(ch)
    if cat == "Cf":
        return "an invisible format character"
    if cat == "Cc" and ch not in _ALLOWED_CONTROLS:
        return "a control character"
    return None


def _visible_non_ascii(ch: str) -> bool:
    return ord(ch) > 0x7F and unicodedata.category(ch)[0] not in "CZ"


def _joins(text: str, i: int) -> bool:
    """A joiner at ``i`` that joins two non-ASCII visible characters (an emoji sequence,
    a Persian or Indic word)."""
    return 0 < i < len(text) - 1 and (
        _visible_non_ascii(text[i - 1]) and _visible_non_ascii(text[i + 1])
    )


def _issue(src: A.Source, offset: int, ch: str, why: str, where: str) -> D2Issue:
    line, col = src.line_col(offset)
    name = unicodedata.name(ch, "")
    what = f"U+{ord(ch):04X}" + (f" {name}" if name else "")
    return D2Issue(
        line,
        col,
        f"{what} {where}is {why}: it can make the text read differently from what it says",
        "D2_INVISIBLE_CHAR",
    )


def _capped(issues: list[D2Issue]) -> list[D2Issue]:
    if len(issues) <= MAX_LISTED:
        return issues
    rest = issues[MAX_LISTED]
    more = D2Issue(
        rest.line,
        rest.column,
        f"and {len(issues) - MAX_LISTED} more such characters from here on",
        "D2_INVISIBLE_CHAR",
    )
    return [*issues[:MAX_LISTED], more]


def text_issues(text: str) -> list[D2Issue]:
    """Every hidden character written in ``text``, each at its position."""
    src: A.Source | None = None
    out: list[D2Issue] = []
    for i, ch in enumerate(text):
        if ch.isascii() and (ch.isprintable() or ch in _ALLOWED_CONTROLS):
            continue  # the common case, decided without a Unicode lookup
        why = why_hidden(ch)
        if why is None or (ch in _JOINERS and _joins(text, i)):
            continue
        src = src or A.Source(text)
        out.append(_issue(src, i, ch, why, ""))
    return _capped(out)


def escape_issues(tree: A.Map, text: str) -> list[D2Issue]:
    """Control characters that escapes put into strings (``"\\a"``, ``a\\bc``), at the string."""
    src = A.Source(text)
    out: list[D2Issue] = []

    def string(s: A.Node | None) -> None:
        if not isinstance(s, A.UnquotedString | A.DoubleQuotedString):
            return
        for p in s.parts:
            if isinstance(p, str):
                for ch in p:
                    # format characters cannot come from an escape (``\x`` is x, which the
                    # text check saw): only the control characters of ``\a`` and the like
                    if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS:
                        why = "a control character"
                        out.append(_issue(src, s.start, ch, why, "(written as an escape) "))

    def path(kp: A.KeyPath | None) -> None:
        if kp is not None:
            for p in kp.path:
                string(p)

    def value(v: A.Node | None) -> None:
        if isinstance(v, A.Map | A.Array):
            for n in v.nodes:
                if isinstance(n, A.Key):
                    key(n)
                else:
                    value(n)
        else:
            string(v)

    def key(k: A.Key) -> None:
        path(k.key)
        for e in k.edges:
            path(e.src)
            path(e.dst)
        path(k.edge_key)
        string(k.primary)
        value(k.value)

    value(tree)
    return _capped(out)
