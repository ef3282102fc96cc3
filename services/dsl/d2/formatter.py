"""Canonical D2 text from the AST: two-space indentation, one entry per line, comments kept.

Strings stay unquoted when the parser would read them back the same, otherwise they are
double-quoted with escapes; block strings and comments are kept verbatim. The property test
checks ``compile(format(x)) == compile(x)``.
"""

from __future__ import annotations

import re

from services.dsl.d2 import ast as A

_INDENT = "  "
_SAFE_KEY = re.compile(
    r"^[A-Za-z0-9_@$%^!+=/,?~`\u0080-\U0010ffff]"
    r"(?:[^\s\"'|#;{}\[\]:.<>&()\\*$-]|[ -](?=[^\s\-<>*]))*$"
)
_SAFE_VALUE = re.compile(r"^[^\s\"'|#;{}\[\]\\$@][^#;{}\[\]\\$\n]*$")
_KEYWORD_VALUES = {"null", "true", "false", "suspend", "unsuspend"}


def _escaped(s: str, value: bool) -> str:
    """``s`` inside double quotes. In a value ``$`` is escaped too: ``"${x}"`` would be a
    substitution and ``"$5"`` an error, where the text meant a dollar sign."""
    out = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return out.replace("$", "\\$") if value else out


def _quote(s: str, value: bool = False) -> str:
    return f'"{_escaped(s, value)}"'


def value_string(s: str) -> str:
    """A scalar value as it must be written (unquoted when that reads back the same)."""
    return _string(A.UnquotedString(0, 0, [s]), False) if s else '""'


_PATTERN_SPECIAL = re.compile(r"[\\.:;{}\[\]#|\"'&()<>$@]|-(?=[->])|(?<=<)-")


def key_string(s: str) -> str:
    """A key segment as it must be written (unquoted when that reads back the same)."""
    if s and _SAFE_KEY.match(s) and s.strip() == s and not s.startswith(("...", "@")):
        return s
    return _quote(s)


def _sub(s: A.Substitution) -> str:
    inner = ".".join(_string(p, True) for p in s.path)
    return ("..." if s.spread else "") + "${" + inner + "}"


def _string(n: A.Node, in_key: bool) -> str:
    if isinstance(n, A.UnquotedString):
        if in_key:
            if n.pattern:
                # A glob cannot be quoted (quotes make "*" literal): escape what would end
                # or split the key instead.
                return _PATTERN_SPECIAL.sub(r"\\\g<0>", n.text())
            return key_string(n.text())
        if any(not isinstance(p, str) for p in n.parts):
            return _with_subs(n.parts)
        t = n.text()
        if (
            _SAFE_VALUE.match(t)
            and t.strip() == t
            and t.lower() not in _KEYWORD_VALUES
            and not t.startswith("...")
            and not re.fullmatch(r"[+-]?[\d.eE/x+-]+", t)
        ):
            return t
        return _quote(t, value=True)
    if isinstance(n, A.DoubleQuotedString):
        return _with_subs(n.parts, value=not in_key)
    if isinstance(n, A.SingleQuotedString):
        if "\n" in n.value:
            return _quote(n.value)
        return "'" + n.value.replace("'", "''") + "'"
    if isinstance(n, A.BlockString):
        return _block(n)
    if isinstance(n, A.Null):
        return "null"
    if isinstance(n, A.Suspension):
        return n.text()
    if isinstance(n, A.Boolean):
        return "true" if n.value else "false"
    if isinstance(n, A.Number):
        return n.raw
    return ""


def _with_subs(parts: list[str | A.Substitution], value: bool = True) -> str:
    """A double-quoted string of text and substitutions."""
    out = [_escaped(p, value) if isinstance(p, str) else _sub(p) for p in parts]
    return '"' + "".join(out) + '"'


def _terminator(quote: str) -> str:
    return quote[-1] + quote[1:] + "|" if quote else "|"


def _block(b: A.BlockString, depth: int = 0) -> str:
    body = b.value
    quote = b.quote
    # keep the written delimiter unless the body would close it early
    while _terminator(quote) in body and len(quote) < 16:
        quote = quote + "|" if quote else "|"
    pad = _INDENT * (depth + 1)
    lines = "\n".join((pad + ln) if ln.strip() else "" for ln in body.split("\n"))
    return f"|{quote}{b.tag}\n{lines}\n{_INDENT * depth}{_terminator(quote)}"


def _keypath(k: A.KeyPath | None) -> str:
    if k is None:
        return ""
    return ".".join(_string(p, True) for p in k.path)


def _edge_op(e: A.Edge) -> str:
    left = e.src_arrow or ""
    right = e.dst_arrow or ""
    if not left and not right:
        return "--"
    return f"{left}-{right}"


def _key(k: A.Key, depth: int) -> str:
    out = ""
    if k.ampersand:
        out += "&"
    if k.not_ampersand:
        out += "!&"
    if k.edges:
        chain = _keypath(k.edges[0].src)
        for e in k.edges:
            chain += f" {_edge_op(e)} {_keypath(e.dst)}"
        if k.edge_index is not None or k.edge_key is not None or k.key is not None:
            prefix = _keypath(k.key) + "." if k.key is not None else ""
            out += f"{prefix}({chain})"
            if k.edge_index is not None:
                out += "[*]" if k.edge_index.glob else f"[{k.edge_index.index}]"
            if k.edge_key is not None:
                out += "." + _keypath(k.edge_key)
        else:
            out += chain
    else:
        out += _keypath(k.key)
    if k.primary is not None:
        out += ": " + _value(k.primary, depth)
        if k.value is not None:
            out += " " + _value(k.value, depth)
    elif k.value is not None:
        if isinstance(k.value, A.Map):
            out += ": " + _value(k.value, depth)
        else:
            out += ": " + _value(k.value, depth)
    return out


def _value(v: A.Node, depth: int) -> str:
    if isinstance(v, A.Map):
        return _map(v, depth + 1, braces=True)
    if isinstance(v, A.Array):
        items = []
        for n in v.nodes:
            if isinstance(n, A.Comment | A.BlockComment):
                continue
            items.append(_value(n, depth))
        return "[" + "; ".join(items) + "]"
    if isinstance(v, A.Import):
        return _import(v)
    if isinstance(v, A.Substitution):
        return _sub(v)
    if isinstance(v, A.BlockString):
        return _block(v, depth)
    return _string(v, False)


#: an import path segment that reads back as itself when written bare between slashes
_PLAIN_SEGMENT = re.compile(r"[A-Za-z0-9_/-]+")


def _import(i: A.Import) -> str:
    parts = [_string(p, True) for p in i.path]
    path = "/".join(parts)
    if not all(_PLAIN_SEGMENT.fullmatch(p) for p in parts):
        # a path with odd characters reads back the same only quoted whole ("@\"a)/b\""):
        # neither one quoted segment of it nor "a/$" bare (one segment when read again)
        path = _quote("/".join(p.text() for p in i.path))
    return ("..." if i.spread else "") + "@" + i.pre + path


def _comment(c: A.Comment, pad: str) -> str:
    return "\n".join(pad + ("# " + ln if ln else "#") for ln in c.value.split("\n"))


def _map(m: A.Map, depth: int, braces: bool) -> str:
    pad = _INDENT * depth
    lines: list[str] = []
    for n in m.nodes:
        if isinstance(n, A.Comment):
            lines.append(_comment(n, pad))
        elif isinstance(n, A.BlockComment):
            body = "\n".join((pad + ln) if ln else "" for ln in n.value.split("\n"))
            lines.append(f'{pad}"""\n{body}\n{pad}"""')
        elif isinstance(n, A.Key):
            lines.append(pad + _key(n, depth))
        elif isinstance(n, A.Substitution):
            lines.append(pad + _sub(n))
        elif isinstance(n, A.Import):
            lines.append(pad + _import(n))
    if not braces:
        return "\n".join(lines) + ("\n" if lines else "")
    if not lines:
        return "{}"
    return "{\n" + "\n".join(lines) + "\n" + _INDENT * (depth - 1) + "}"


def format_ast(tree: A.Map) -> str:
    return _map(tree, 0, braces=False)
