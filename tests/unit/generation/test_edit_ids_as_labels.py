"""A shape named in a request by its D2 id ("hot_cache", "core.notify") is the shape of that id,
not the words the id splits into. Our own sentences on our library diagram
(tests/support/edits.py)."""

from __future__ import annotations

from tests.support.edits import applied, linked


def test_shapes_named_by_their_d2_ids_are_linked() -> None:
    d = applied("core.notify should also call hot_cache")
    assert linked(d, "core.notify", "hot_cache")


def test_a_shape_removed_by_its_id_alone() -> None:
    d = applied("hot_cache: remove it")
    assert "hot_cache" not in {s.id for s in d.shapes}
    assert "core.search" in {s.id for s in d.shapes}  # its neighbour stays
