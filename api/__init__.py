"""The HTTP layer: FastAPI app factory, REST, SPARQL endpoint, Graph Store Protocol, pages.

It depends on ``zangraph.graph``; the library never imports it (only the CLI's ``serve``
command does, lazily, so that the other commands start without FastAPI).
"""
