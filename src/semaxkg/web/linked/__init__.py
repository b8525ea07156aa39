"""web.linked: see the layout in README.md."""
