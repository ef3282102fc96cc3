"""D2 parser: source text -> AST (``ast.py``) plus every syntax error found.

Written from the language's observable behaviour (the official d2parser is the reference for
which characters end which token). Like the official parser it never stops at the first
problem: it always returns a best-effort tree and a list of ``(start, end, message)`` errors,
so tools keep working on broken input. It never raises.
"""

from __future__ import annotations

import re

from services.dsl.d2 import ast as A

_NUMBER = re.compile(
    r"[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|0[xX][0-9a-fA-F]+|\d+/\d+)\Z"
)
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
_MAX_KEY_LEN = 518
#: maps and arrays nested deeper than this are refused (with their position) and not read
#: further. The parser and the stages after it recurse once per level, so the limit sits well
#: below where Python's stack would end the compile (about 165 levels of maps).
_MAX_NESTING = 100

ParseErr = tuple[int, int, str]


def _space(ch: str) -> bool:
    return ch.isspace()


class _Parser:
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

    # ---- maps --------------------------------------------------------------------------------

    def parse_map(self, file_map: bool) -> A.Map:
        start = self.i if file_map else self.i - 1
        m = A.Map(start, start)
        if not file_map:
            self.depth += 1
        self.nesting += 1
        try:
            if self.nesting > _MAX_NESTING + 1:  # + the file's own map
                self.err(start, self.i, "maps nested too deeply")
                self.i = self.n
                return m
            while True:
                r = self.read_not_space()
                if not r:
                    if not file_map:
                        self.err(m.start, self.n, "maps must be terminated with }")
                    m.end = self.n
                    return m
                if r == ";":
                    continue
                if r == "}":
                    if file_map:
                        self.err(
                            self.i - 1, self.i, "unexpected map termination character } in file map"
                        )
                        continue
                    m.end = self.i
                    return m
                node = self.parse_map_node(r)
                if node is not None:
                    m.nodes.append(node)
                if isinstance(node, A.BlockComment):
                    continue
                self._skip_rest(node, ";}#", "invalid text beginning unquoted key")
        finally:
            if not file_map:
                self.depth -= 1
            self.nesting -= 1

    def _skip_rest(self, node: object, stops: str, bad_start: str) -> None:
        after = self.i
        while True:
            ch, nl, j = self.peek_not_space()
            if not ch or nl or ch in stops:
                break
            self.i = j + 1
        if after == self.i:
            return
        if node is None:
            self.err(after, self.i, bad_start)
        elif isinstance(node, A.Key) and node.value is not None:
            hint = ""
            if isinstance(node.value, A.BlockString):
                hint = ". See https://d2lang.com/tour/text#advanced-block-strings."
            self.err(after, self.i, f"unexpected text after {A.node_type(node.value)}{hint}")
        else:
            self.err(after, self.i, f"unexpected text after {A.node_type(node)}")

    def parse_map_node(self, r: str) -> A.MapNode | None:
        handled, node = self._comment_or_spread(r)
        if handled:
            return node
        self.i -= 1
        return self.parse_map_key()

    def _comment_or_spread(
        self, r: str
    ) -> tuple[bool, A.Comment | A.BlockComment | A.Substitution | A.Import | None]:
        """What maps and arrays both hold — comments and spreads (``...${x}``, ``...@f``) —
        parsed after their first character `r`: (True, node); (False, None) and nothing
        consumed otherwise."""
        s = self.s
        if r == "#":
            return True, self.parse_comment()
        if r == '"' and s.startswith('""', self.i):
            self.i += 2
            return True, self.parse_block_comment()
        if r == "." and s.startswith("..", self.i) and self.i + 2 < self.n:
            nxt = s[self.i + 2]
            if nxt == "$":
                self.i += 3
                return True, self.parse_substitution(True)
            if nxt == "@":
                self.i += 3
                return True, self.parse_import(True)
        return False, None

    def parse_comment(self) -> A.Comment:
        c = A.Comment(self.i - 1, self.i)
        lines = [self._comment_line()]
        while True:
            ch, nl, j = self.peek_not_space()
            if not ch or ch != "#" or nl >= 2:
                break
            self.i = j + 1
            if nl == 1:
                lines.append("\n")
            lines.append(self._comment_line())
        c.value = "".join(lines)
        c.end = self.i
        return c

    def _comment_line(self) -> str:
        end = self.s.find("\n", self.i)
        if end < 0:
            end = self.n
        line = self.s[self.i : end]
        self.i = end
        return line[1:] if line.startswith(" ") else line

    def parse_block_comment(self) -> A.BlockComment:
        bc = A.BlockComment(self.i - 3, self.i)
        msg = 'block comments must be terminated with """'
        self.depth += 1
        try:
            while True:
                if self.i >= self.n:
                    self.err(bc.start, self.n, msg)
                    bc.end = self.n
                    return bc
                ch = self.s[self.i]
                if not ch.isspace():
                    break
                self.i += 1
                if ch == "\n":
                    break
            end = self.s.find('"""', self.i)
            if end < 0:
                self.err(bc.start, self.n, msg)
                body = self.s[self.i :]
                self.i = self.n
            else:
                body = self.s[self.i : end]
                self.i = end + 3
            bc.value = _trim_common_indent(_trim_space_after_last_newline(body))
            bc.end = self.i
            return bc
        finally:
            self.depth -= 1

    # ---- keys and edges ----------------------------------------------------------------------

    def parse_map_key(self) -> A.Key | None:
        s = self.s
        mk = A.Key(self.i, self.i)
        if self.i < self.n:
            if s[self.i] == "!" and s.startswith("&", self.i + 1):
                self.i += 2
                mk.not_ampersand = True
            elif s[self.i] == "&":
                self.i += 1
                mk.ampersand = True
        self._map_key_body(mk)
        mk.end = self.i
        if mk.key is None and not mk.edges:
            return None
        return mk

    def _map_key_body(self, mk: A.Key) -> None:
        if self.i < self.n and self.s[self.i] == "(":
            self.i += 1
            self.parse_edge_group(mk)
            return
        k = self.parse_key()
        mk.key = k
        ch, nl, j = self.peek_not_space()
        if not ch or nl:
            return
        if ch == "(":
            self.i = j + 1
            self.parse_edge_group(mk)
            return
        if ch in "<>-":
            mk.key = None
            self.parse_edges(mk, k)
        self.parse_map_key_value(mk)

    def parse_map_key_value(self, mk: A.Key) -> None:
        ch, nl, j = self.peek_not_space()
        if not ch or nl:
            return
        if ch == "{":
            if mk.key is None and not mk.edges:
                return
        elif ch == ":":
            self.i = j + 1
            if mk.key is None and not mk.edges:
                self.err(mk.start, self.i, "map value without key")
        else:
            return
        mk.value = self.parse_value()
        if mk.value is None:
            self.err(self.i - 1, self.i, "missing value after colon")
        if mk.value is not None and A.is_scalar(mk.value):
            ch, nl, j = self.peek_not_space()
            if not ch or nl or ch != "{":
                return
            self.i = j
            mk.primary = mk.value
            mk.value = self.parse_value()

    def parse_edge_group(self, mk: A.Key) -> None:
        self.in_edge_group = True
        try:
            src = self.parse_key()
            self.parse_edges(mk, src)
            ch, nl, j = self.peek_not_space()
            if not ch or nl:
                return
            if ch != ")":
                self.err(mk.start, self.i, "edge groups must be terminated with )")
                return
            self.i = j + 1
            ch, nl, j = self.peek_not_space()
            if not ch or nl:
                return
            if ch == "[":
                self.i = j + 1
                mk.edge_index = self.parse_edge_index()
            ch, nl, j = self.peek_not_space()
            if not ch or nl:
                return
            if ch == ".":
                self.i = j + 1
                mk.edge_key = self.parse_key()
        finally:
            self.in_edge_group = False
        self.parse_map_key_value(mk)

    def parse_edge_index(self) -> A.EdgeIndex | None:
        ei = A.EdgeIndex(self.i - 1, self.i)
        ch, nl, j = self.peek_not_space()
        if not ch or nl:
            return None
        if ch.isdigit():
            self.i = j + 1
            digits = [ch]
            while True:
                ch, nl, j = self.peek_not_space()
                if not ch or nl:
                    self.err(ei.start, self.i, "unterminated edge index")
                    return None
                if ch == "]":
                    break
                self.i = j + 1
                if not ch.isdigit():
                    self.err(j, j + 1, "unexpected character in edge index")
                    continue
                digits.append(ch)
            try:
                ei.index = int("".join(digits))
            except ValueError:
                ei.index = 0
        elif ch == "*":
            self.i = j + 1
            ei.glob = True
        else:
            self.err(j, j + 1, "unexpected character in edge index")
        ch, nl, j = self.peek_not_space()
        if not ch or nl or ch != "]":
            self.err(ei.start, self.i, "unterminated edge index")
            return ei
        self.i = j + 1
        ei.end = self.i
        return ei

    def parse_edges(self, mk: A.Key, src: A.KeyPath | None) -> None:
        while True:
            e = A.Edge(src.start if src else self.i, self.i, src=src)
            ch, nl, j = self.peek_not_space()
            if not ch or nl:
                return
            if ch in "<*":
                e.src_arrow = ch
            elif ch != "-":
                return
            if src is None:
                self.err(j, j + 1, "connection missing source")
                e.start = j
            self.i = j + 1
            if not self.parse_edge(e):
                return
            dst = self.parse_key()
            if dst is None:
                self.err(e.start, self.i, "connection missing destination")
            else:
                e.dst = dst
                e.end = dst.end
            mk.edges.append(e)
            src = dst

    def parse_edge(self, e: A.Edge) -> bool:
        while True:
            if self.i >= self.n:
                self.err(e.start, self.n, "unterminated connection")
                e.end = self.n
                return False
            ch = self.s[self.i]
            if ch in ">*":
                e.dst_arrow = ch
                self.i += 1
                e.end = self.i
                return True
            if ch == "\\":
                self.i += 1
                c2, nl, j = self.peek_not_space()
                if not c2:
                    continue
                if nl == 0:
                    self.err(e.start, j, "only newline escapes are allowed in connections")
                    e.end = self.i
                    return False
                if nl > 1:
                    continue
                self.i = j
                continue
            if ch == "-":
                self.i += 1
                continue
            e.end = self.i
            return True

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
                bs.value = _trim_common_indent(_trim_space_after_last_newline("".join(sb)))
                bs.end = self.i
                return bs
        finally:
            self.depth -= 1

    def _unterminated_block(self, bs: A.BlockString, quote: str) -> A.BlockString:
        self.err(bs.start, self.n, f"block string must be terminated with {quote}|")
        self.i = self.n
        bs.end = self.n
        bs.value = _trim_common_indent(_trim_space_after_last_newline(bs.value))
        return bs

    # ---- values ------------------------------------------------------------------------------

    def parse_array(self) -> A.Array:
        a = A.Array(self.i - 1, self.i)
        self.depth += 1
        self.nesting += 1
        try:
            if self.nesting > _MAX_NESTING + 1:  # + the file's own map
                self.err(a.start, self.i, "arrays nested too deeply")
                self.i = self.n
                return a
            while True:
                r = self.read_not_space()
                if not r:
                    self.err(a.start, self.n, "arrays must be terminated with ]")
                    a.end = self.n
                    return a
                if r == ";":
                    continue
                if r == "]":
                    a.end = self.i
                    return a
                node = self.parse_array_node(r)
                if node is not None:
                    a.nodes.append(node)
                if isinstance(node, A.BlockComment):
                    continue
                self._skip_rest(node, ";]#", "invalid text beginning unquoted string")
        finally:
            self.depth -= 1
            self.nesting -= 1

    def parse_array_node(self, r: str) -> A.ArrayNode | None:
        handled, node = self._comment_or_spread(r)
        if handled:
            return node
        self.i -= 1
        return self.parse_value()

    def parse_value(self) -> A.Value | None:
        ch, nl, j = self.peek_not_space()
        if not ch or nl:
            return None
        self.i = j + 1
        if ch == "[":
            return self.parse_array()
        if ch == "{":
            return self.parse_map(False)
        if ch == "@":
            return self.parse_import(False)
        self.i = j
        sn = self.parse_string(False)
        if sn is None or not isinstance(sn, A.UnquotedString):
            return sn
        if any(not isinstance(p, str) for p in sn.parts):
            return sn
        t = sn.text()
        low = t.lower()
        if low == "null":
            return A.Null(sn.start, sn.end)
        if low in ("suspend", "unsuspend"):
            return A.Suspension(sn.start, sn.end, value=low == "suspend")
        if low in ("true", "false"):
            return A.Boolean(sn.start, sn.end, value=low == "true", raw=t)
        if _NUMBER.match(t):
            return A.Number(sn.start, sn.end, raw=t)
        return sn

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


def parse(text: str) -> tuple[A.Map, list[ParseErr]]:
    """Parse a whole file. Returns the tree and every error (empty when the text is valid)."""
    p = _Parser(text)
    m = p.parse_map(True)
    return m, p.errors
