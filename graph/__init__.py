"""zangraph library, one subpackage per concept, each depending only on those before it:

- ``model`` (the act model) and ``citation`` (an act or provision named as a lawyer does);
- ``reading`` — an act's text → ``Act``: ``normalise`` → ``build`` (the provision tree) →
  ``instructions`` (amending instructions), assembled by ``parse``; ``kzlaw`` (kazakhstan-law
  directories), ``history`` (redactions in git), ``stored`` (a stored text read back);
- ``time`` — entry into force, intervals, status on a day;
- ``consolidation`` — one act's version chains from every source;
- ``requirements`` — qualification requirements, positions, eligibility as model values;
- ``rdf`` — the model as RDF (the only writer of ontology terms), SPARQL terms, SHACL checks;
- ``store`` — the embedded Oxigraph store or a SPARQL service, and their write primitives;
- ``ingest`` — the pipeline: sources read in workers, written in batches, consolidated once;
- ``queries`` — questions over the store (a date, as known on a day, requirements, search);
- ``present`` — answers in words (languages, reasons, requirements, whole-act downloads).

Pure functions where possible; the CLI (``zangraph.graph.cli``) and the HTTP layer
(``zangraph.api``) only translate into calls of this package. (``queries.search`` names
hits with ``citation``; ``present`` reads through ``queries``.)
"""
