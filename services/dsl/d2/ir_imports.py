"""Where a D2 import points: ``@file``, ``@dir/file``, ``@file.part.inner`` in a bundle.

A bundle is an in-memory file system (path -> text; ``compile_text(..., fs=...)``). An
import names a file relative to the importing file's directory, with or without ``.d2``; the
rest of a dotted path after the file picks a part of it. The IR compiler (``ir.py``) compiles
the file it finds; this module only resolves names, as the official compiler does. Imports
are refused by the safety policy (``validate.py``) wherever user-written D2 is accepted, so
only ``check()`` with a bundle (conformance, the CLI) reaches them.
"""

from __future__ import annotations

import posixpath

from services.dsl.d2.tree import Field, GlobCtx, IRMap, copy_field

#: imports nested deeper than this are taken for a cycle
MAX_IMPORT_DEPTH = 20


def norm_import(target: str) -> str:
    """The bundle path of an import target: no leading ``./``, ``.d2`` appended."""
    t = target
    while t.startswith("./"):
        t = t[2:]
    if not t.endswith(".d2"):
        t += ".d2"
    return t


def find_import(
    fs: dict[str, str], base_dir: str, target: str
) -> tuple[str, str, list[str]] | None:
    """``(text, path, inner)`` of the file ``target`` names from ``base_dir``, or None.

    ``inner`` is the part of the file the import picks (``["x", "y"]`` for ``@f.x.y``
    when ``f.d2`` is the file); ``path`` is the whole target as a bundle path, whose
    directory the imported file's own imports are relative to.
    """
    rel = posixpath.normpath(posixpath.join(base_dir, target)) if base_dir else target
    path = norm_import(rel)
    text = fs.get(path)
    inner: list[str] = []
    if text is None:
        segs = rel.lstrip("./").split("/")
        for cut in range(len(segs) - 1, 0, -1):
            cand = norm_import("/".join(segs[:cut]))
            if cand in fs:
                text, inner = fs[cand], segs[cut:]
                break
    if text is None:
        return None
    return text, path, inner


def import_part(m: IRMap, inner: list[str], root_globs: list[GlobCtx]) -> IRMap | str:
    """The part ``inner`` of a compiled file ``m`` as a map to merge, or the segment that
    is missing. A plain value comes back as an empty map carrying it (``imported_scalar``);
    a map carries the file's root globs (``***`` ones apply where it is spread)."""
    for i, seg in enumerate(inner):
        last = i == len(inner) - 1
        f = m.get(seg)
        if f is None:
            return seg
        if f.map is None:
            if last:
                return _scalar_import(f)
            holder = IRMap()
            holder.fields.append(copy_field(f, holder))
            return holder
        m = f.map
        if last:
            m.imported_primary = f.primary
    m.imported_globs = root_globs
    return m


def _scalar_import(f: Field) -> IRMap:
    return IRMap(imported_primary=f.primary, imported_scalar=True)
