"""Layout service: layered layout with containers, React Flow JSON and SVG export."""
