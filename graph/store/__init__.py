"""The store: the embedded on-disk Oxigraph store or a SPARQL 1.1 service behind one ``GraphStore``, staging of what a write is about to add, recovery of an interrupted write."""
