"""The search surfaces: ``/search`` (a page), ``/api/search`` (JSON) and 404 suggestions."""
