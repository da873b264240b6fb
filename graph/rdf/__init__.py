"""RDF: the model mapped to the ontology (the only writer of zg:/eli: terms), values as SPARQL terms, RDF read from users, SHACL of zangraph's own data."""
