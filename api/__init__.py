"""The HTTP layer (FastAPI app factory, REST, SPARQL endpoint, pages) — built by the service issue.

It depends on ``zangraph.graph``, never the reverse.
"""
