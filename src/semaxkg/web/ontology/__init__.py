"""web.ontology: see the layout in README.md."""
