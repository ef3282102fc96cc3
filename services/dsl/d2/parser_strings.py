"""The D2 parser's lowest layer: the scanner state and the strings of keys and values.

Unquoted strings (with globs and ``${}`` substitutions), double- and single-quoted strings
with their escapes, block strings (``|md ... |``, ``|||go ... |||``), key paths (``a.b."c"``),
substitutions and import paths. The maps, edges and arrays around them are ``parser.py``'s
``_Parser``, which builds on ``StringParser``. Errors are collected as ``(start, end,
message)``, never raised.
"""

from __future__ import annotations

from services.dsl.d2 import ast as A

_ESCAPES = {
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
    '"': '"',
}
_MAX_KEY_LEN = 518  # the official parser's limit for one key segment
ParseErr = tuple[int, int, str]


class StringParser:
    """The scanner (text, position, errors) and the string readers."""

    def __init__(self, text: str) -> None:
        self.s = text
        self.n = len(text)
        self.i = 0
        self.errors: list[ParseErr] = []
        self.depth = 0
        self.nesting = 0
        self.in_edge_group = False

    # ---- low level ---------------------------------------------------------------------------

    def err(self, start: int, end: int, msg: str) -> None:
        self.errors.append((start, end, msg))

    def peek_not_space(self, i: int | None = None) -> tuple[str, int, int]:
        """Next non-space char from `i`: (char, newlines skipped, its index); char '' at EOF."""
        j = self.i if i is None else i
        newlines = 0
        s, n = self.s, self.n
        while j < n:
            ch = s[j]
            if ch.isspace():
                if ch == "\n":
                    newlines += 1
                j += 1
                continue
            return ch, newlines, j
        return "", newlines, j

    def read_not_space(self) -> str:
        ch, _, j = self.peek_not_space()
        if not ch:
            self.i = self.n
            return ""
        self.i = j + 1
        return ch

    def parse_key(self) -> A.KeyPath | None:
        k = A.KeyPath(self.i, self.i)
        while True:
            ch, nl, _j = self.peek_not_space()
            if not ch or nl or ch in "(.":
                break
            sn = self.parse_string(True)
            if sn is None:
                break
            if isinstance(sn, A.UnquotedString) and sn.text().startswith("@"):
                t = sn.text()
                self.err(sn.start, sn.end, f"{t} is not a valid import, did you mean ...{t}?")
            if not k.path:
                k.start = sn.start
            k.path.append(sn)
            ch, nl, j = self.peek_not_space()
            if not ch or nl or ch != ".":
                break
            self.i = j + 1
        if not k.path:
            return None
        k.end = k.path[-1].end
        for part in k.path:
            if len(part.text()) > _MAX_KEY_LEN:
                self.err(
                    k.start,
                    k.end,
                    f"key length {len(part.text())} exceeds maximum allowed length of 518",
                )
                break
        return k

    # ---- strings -----------------------------------------------------------------------------

    def parse_string(self, in_key: bool) -> A.StringNode | None:
        ch, nl, j = self.peek_not_space()
        if not ch or nl:
            return None
        self.i = j + 1
        if ch == '"':
            return self.parse_double_quoted(in_key)
        if ch == "'":
            return self.parse_single_quoted()
        if ch == "|":
            return self.parse_block_string()
        self.i = j
        return self.parse_unquoted(in_key)

    def parse_unquoted(self, in_key: bool) -> A.UnquotedString | None:
        s, n = self.s, self.n
        us = A.UnquotedString(self.i, self.i)
        last_non_space = self.i
        sb: list[str] = []
        raw: list[str] = []
        pattern: list[str] | None = None
        last_pat = 0
        if s.startswith("...@", self.i):
            self.err(
                self.i,
                self.i + 4,
                "unquoted strings cannot begin with ...@ as that's import spread syntax",
            )
        while self.i < n:
            r = s[self.i]
            if self.in_edge_group and r == ")":
                r2, nl, _j = self.peek_not_space(self.i + 1)
                if not r2 or nl or r2 in "\n#{}[]:.":
                    break
                self.i += 1
                last_non_space = self.i
                sb.append(r)
                raw.append(r)
                continue
            if r in "\n;#{}[]":
                break
            width = 1
            if in_key:
                if r in ":.<>&":
                    break
                if r == "-":
                    if self.i + 1 >= n:
                        break
                    r2 = s[self.i + 1]
                    if r2 in "\n;#{}[]":
                        self.i += 1
                        sb.append("-")
                        raw.append("-")
                        last_non_space = self.i
                        break
                    if r2 in "->*":
                        break
                    sb.append("-")
                    raw.append("-")
                    r = r2
                    width = 2
            if r == "*":
                cur = "".join(sb)
                if pattern is None:
                    pattern = []
                if not cur:
                    pattern.append("*")
                else:
                    pattern.extend([cur[last_pat:], "*"])
                last_pat = len(cur) + 1
            self.i += width
            if not r.isspace():
                last_non_space = self.i
            if not in_key and r == "$":
                sub = self.parse_substitution(False)
                if sub is not None:
                    if sb:
                        us.parts.append("".join(sb))
                        sb.clear()
                        raw.clear()
                    us.parts.append(sub)
                    last_non_space = self.i
                continue
            if r != "\\":
                sb.append(r)
                raw.append(r)
                continue
            if self.i >= n:
                self.err(self.i - 1, n, "unfinished escape sequence")
                break
            r2 = s[self.i]
            self.i += 1
            if r2 == "\n":
                c3, nl, j = self.peek_not_space()
                if not c3 or nl:
                    break
                self.i = j
                continue
            sb.append(_ESCAPES.get(r2, r2))
            raw.append("\\" + r2)
        us.end = last_non_space
        sv = "".join(sb).rstrip()
        if pattern is not None:
            if last_pat < len(sv):
                pattern.append(sv[last_pat:])
            us.pattern = pattern
        us.raw = "".join(raw).rstrip()
        if not sv:
            if us.parts:
                return us
            return None
        us.parts.append(sv)
        return us

    def parse_double_quoted(self, in_key: bool) -> A.DoubleQuotedString:
        s, n = self.s, self.n
        ds = A.DoubleQuotedString(self.i - 1, self.i)
        msg = 'double quoted strings must be terminated with "'
        sb: list[str] = []
        raw: list[str] = []
        while True:
            if self.i >= n:
                self.err(ds.start, n, msg)
                break
            r = s[self.i]
            if r == "\n":
                self.err(ds.start, self.i, msg)
                break
            self.i += 1
            if not in_key and r == "$":
                sub = self.parse_substitution(False)
                if sub is not None:
                    if sb:
                        ds.parts.append("".join(sb))
                        sb.clear()
                    ds.parts.append(sub)
                    continue
            if r == '"':
                break
            if r != "\\":
                sb.append(r)
                raw.append(r)
                continue
            if self.i >= n:
                self.err(self.i - 1, n, "unfinished escape sequence")
                self.err(ds.start, n, msg)
                break
            r2 = s[self.i]
            self.i += 1
            if r2 == "\n":
                continue
            sb.append(_ESCAPES.get(r2, r2))
            raw.append("\\" + r2)
        if sb:
            ds.parts.append("".join(sb))
        ds.raw = "".join(raw)
        ds.end = self.i
        return ds

    def parse_single_quoted(self) -> A.SingleQuotedString:
        s, n = self.s, self.n
        ss = A.SingleQuotedString(self.i - 1, self.i)
        msg = "single quoted strings must be terminated with '"
        sb: list[str] = []
        while True:
            if self.i >= n:
                self.err(ss.start, n, msg)
                break
            r = s[self.i]
            if r == "\n":
                self.err(ss.start, self.i, msg)
                break
            self.i += 1
            if r == "'":
                if self.i < n and s[self.i] == "'":
                    self.i += 1
                    sb.append("'")
                    continue
                break
            if r != "\\":
                sb.append(r)
                continue
            if self.i >= n:
                continue
            if s[self.i] == "\n":
                self.i += 1
                continue
            sb.append(r)
        ss.value = "".join(sb)
        ss.end = self.i
        return ss

    def parse_block_string(self) -> A.BlockString:
        s, n = self.s, self.n
        bs = A.BlockString(self.i - 1, self.i)
        self.depth += 1
        try:
            quote: list[str] = []
            while True:
                if self.i >= n:
                    return self._unterminated_block(bs, "".join(quote))
                r = s[self.i]
                if r.isspace() or r.isalpha() or r.isdigit() or r == "_":
                    break
                quote.append(r)
                self.i += 1
            bs.quote = "".join(quote)
            tag: list[str] = []
            while True:
                if self.i >= n:
                    return self._unterminated_block(bs, bs.quote)
                r = s[self.i]
                if r.isspace():
                    break
                tag.append(r)
                self.i += 1
            bs.tag = "".join(tag) or "md"
            sb: list[str] = []
            while True:
                if self.i >= n:
                    return self._unterminated_block(bs, bs.quote)
                r = s[self.i]
                if not r.isspace():
                    sb.append(" " * (self.depth * 2))
                    break
                self.i += 1
                if r == "\n":
                    break
            end_hint = bs.quote[-1] if bs.quote else "|"
            end_rest = (bs.quote[1:] + "|") if bs.quote else ""
            while True:
                if self.i >= n:
                    bs.value = "".join(sb)
                    return self._unterminated_block(bs, bs.quote)
                r = s[self.i]
                self.i += 1
                if r != end_hint:
                    sb.append(r)
                    continue
                if self.i + len(end_rest) > n:
                    bs.value = "".join(sb)
                    return self._unterminated_block(bs, bs.quote)
                if not s.startswith(end_rest, self.i):
                    sb.append(end_hint)
                    continue
                self.i += len(end_rest)
                bs.value = block_body("".join(sb))
                bs.end = self.i
                return bs
        finally:
            self.depth -= 1

    def _unterminated_block(self, bs: A.BlockString, quote: str) -> A.BlockString:
        self.err(bs.start, self.n, f"block string must be terminated with {quote}|")
        self.i = self.n
        bs.end = self.n
        bs.value = block_body(bs.value)
        return bs

    def parse_substitution(self, spread: bool) -> A.Substitution | None:
        start = self.i - 1 - (3 if spread else 0)
        sub = A.Substitution(start, self.i, spread=spread)
        ch, nl, j = self.peek_not_space()
        if not ch or nl:
            return None
        if ch != "{":
            self.err(start, j, "substitutions must begin on {")
            return None
        self.i = j + 1
        k = self.parse_key()
        if k is not None:
            sub.path = k.path
        ch, nl, j = self.peek_not_space()
        if not ch:
            self.err(start, self.n, "substitutions must be terminated by }")
        elif nl or ch != "}":
            self.err(start, self.i, "substitutions must be terminated by }")
        else:
            self.i = j + 1
        sub.end = self.i
        return sub

    def parse_import(self, spread: bool) -> A.Import:
        start = self.i - 1 - (3 if spread else 0)
        imp = A.Import(start, self.i, spread=spread)
        pre: list[str] = []
        while self.i < self.n and self.s[self.i] in "./":
            pre.append(self.s[self.i])
            self.i += 1
        imp.pre = "".join(pre)
        k = self.parse_key()
        if k is not None:
            path = list(k.path)
            if (
                isinstance(path[0], A.UnquotedString)
                and len(path) > 1
                and isinstance(path[1], A.UnquotedString)
                and path[1].text() == "d2"
            ):
                del path[1]
            imp.path = path
        imp.end = self.i
        return imp


def block_body(s: str) -> str:
    """A block string's or block comment's text: trailing space after the last newline and
    the indentation common to its lines removed."""
    return _trim_common_indent(_trim_space_after_last_newline(s))


def _trim_space_after_last_newline(s: str) -> str:
    idx = s.rfind("\n")
    if idx < 0:
        return s.rstrip()
    last = s[idx + 1 :].rstrip()
    if not last:
        return s[:idx]
    return s[: idx + 1] + last


def _split_indent(line: str, max_spaces: int) -> tuple[str, str]:
    indent: list[str] = []
    width = 0
    i = 0
    for ch in line:
        if not ch.isspace():
            break
        i += 1
        indent.append("  " if ch == "\t" else ch)
        width += 2 if ch == "\t" else len(ch.encode())
        if max_spaces > -1 and width == max_spaces:
            break
    return "".join(indent), line[i:]


def _trim_common_indent(s: str) -> str:
    common = ""
    for line in s.split("\n"):
        if not line:
            continue
        ind, rest = _split_indent(line, -1)
        if not ind:
            return s
        if not rest:
            continue
        if not common or len(ind) < len(common):
            common = ind
    if not common:
        return s
    width = len(common.encode())
    return "\n".join(line if not line else _split_indent(line, width)[1] for line in s.split("\n"))
