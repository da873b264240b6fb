"""zangraph — a temporal knowledge graph of Kazakhstan legislation."""

__version__ = "0.1.0"
