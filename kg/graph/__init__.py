"""The graph: records → RDF, the Oxigraph store, SPARQL, export and validation.

Only this stage (and the views that read it) knows RDF terms; every IRI comes from
``namespace``, which mirrors ``ontology/kg.ttl``.
"""
