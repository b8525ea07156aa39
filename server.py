"""The semaxkg web app for any WSGI server, e.g. ``gunicorn --preload server:app``."""

from semaxkg.web import create_app

app = create_app()
