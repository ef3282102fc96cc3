"""D2 parser: source text -> AST (``ast.py``) plus every syntax error found.

Written from the language's observable behaviour (the official d2parser is the reference for
which characters end which token). Like the official parser it never stops at the first
problem: it always returns a best-effort tree and a list of ``(start, end, message)`` errors,
so tools keep working on broken input. It never raises. Strings and key paths are read by the
layer below, ``parser_strings.py``.
"""

from __future__ import annotations

import re

from services.dsl.d2 import ast as A
from services.dsl.d2.parser_strings import ParseErr, StringParser, block_body

_NUMBER = re.compile(
    r"[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|0[xX][0-9a-fA-F]+|\d+/\d+)\Z"
)
#: maps and arrays nested deeper than this are refused (with their position) and not read
#: further. The parser and the stages after it recurse once per level, so the limit sits well
#: below where Python's stack would end the compile (about 165 levels of maps).
_MAX_NESTING = 100


class _Parser(StringParser):
    """Maps, keys, edges and arrays over the strings of ``StringParser``."""

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
            bc.value = block_body(body)
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


def parse(text: str) -> tuple[A.Map, list[ParseErr]]:
    """Parse a whole file. Returns the tree and every error (empty when the text is valid)."""
    p = _Parser(text)
    m = p.parse_map(True)
    return m, p.errors
