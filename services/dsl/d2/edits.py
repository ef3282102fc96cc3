"""Structural edits on D2 text: pure text -> text functions that touch only what they must.

Each edit parses the text, finds the AST nodes that declare or reference a shape (ids are
absolute and dotted, matched case-insensitively like D2 does, with ``_`` resolved), and
splices the source at those nodes' ranges. Untouched lines, comments and order stay as
written. Problems raise ``D2Error`` with an ``EDIT_*`` code.

Every edit takes an optional ``diagram=``: the compiled model of ``text`` when the caller has it
already, which saves compiling the text again. Only its shape ids are read (to check the ids
an edit names), so a diagram of any text with the same shapes serves as well.

This module is the edit API; the edits live in ``edit_shapes.py`` (shapes) and
``edit_edges.py`` (connections), on the shared reading of the source in ``edit_source.py``
(which also keeps the one parse and compile per text that a run of edits shares).
"""

from __future__ import annotations

from services.dsl.d2.edit_edges import connect, disconnect, insert_between
from services.dsl.d2.edit_shapes import (
    add_shape,
    move_shape,
    remove_shape,
    rename_shape,
    set_class,
    set_icon,
    set_label,
    set_shape,
    set_style,
    set_tooltip,
)
from services.dsl.d2.edit_source import join_id, parse_text, split_id

__all__ = [
    "add_shape",
    "connect",
    "disconnect",
    "insert_between",
    "join_id",
    "move_shape",
    "parse_text",
    "remove_shape",
    "rename_shape",
    "set_class",
    "set_icon",
    "set_label",
    "set_shape",
    "set_style",
    "set_tooltip",
    "split_id",
]
