"""SHACL shapes: ``data.ttl`` for zangraph's own graph; candidate shapes are generated
per requirement and date by ``zangraph.graph.requirements.shapes``."""

from pathlib import Path

DATA_SHAPES = Path(__file__).with_name("data.ttl")

__all__ = ["DATA_SHAPES"]
