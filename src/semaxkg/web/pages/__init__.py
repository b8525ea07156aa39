"""web.pages: see the layout in README.md."""
