"""Drawings of chain maps (SVG and PNG), from chain-map data."""
