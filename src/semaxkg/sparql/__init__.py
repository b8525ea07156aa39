"""sparql: see the layout in README.md."""
