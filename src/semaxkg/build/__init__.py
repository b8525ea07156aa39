"""build: see the layout in README.md."""
