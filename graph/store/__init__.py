"""The store: the embedded on-disk Oxigraph store or a SPARQL 1.1 service behind one ``GraphStore``, with the
write primitives an ingest uses (one transaction; bulk load under a journal) and the ingest's scratch directories.
Recovering an interrupted write needs consolidation, so it is ``graph.ingest.pipeline.recover``."""
