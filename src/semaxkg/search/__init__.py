"""Full-text search over the served graph: an SQLite FTS5 index and its ranking.

Serving-side only: the index is built from whatever :class:`~semaxkg.rdf.graph_store.GraphStore`
the app serves (the local files or ``serve --store``), never from the build. The web surfaces
(``/search``, ``/api/search``, the 404 suggestions) and the SPARQL text functions read it.
"""
