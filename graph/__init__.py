"""zangraph library: normalise → recognise → build → RDF → store → queries.

Pure functions where possible; the CLI (``zangraph.graph.cli``) and the HTTP layer
(``zangraph.api``) only translate into calls of this package.
"""
