"""Pins (placeholder)."""

from .model import Layout, SizedGraph


def apply_pins(graph: SizedGraph, layout: Layout, pinned: dict[str, tuple[float, float]]) -> Layout:
    return layout
