"""store: see the layout in README.md."""
