"""rdf: see the layout in README.md."""
