"""Pure-Python layered engine (placeholder; replaced below)."""

from .model import Layout, SizedGraph


def layout_native(graph: SizedGraph) -> Layout:
    raise NotImplementedError
