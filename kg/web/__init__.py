"""The web faces of a built graph: the interactive views and the SPARQL endpoint."""
