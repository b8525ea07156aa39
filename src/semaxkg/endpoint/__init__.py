"""The SPARQL query engine behind the endpoint, independent of the HTTP layer.

One concept per module: ``limits`` (named limits and their defaults), ``dataset`` (loading RDF
files into an immutable in-memory store), ``lexer`` (a tokeniser for the checks done before
execution), ``formats`` (media types), ``negotiation`` (choosing a format from ``Accept``),
``serializers`` (result bodies), ``engine`` (one query in, one response out), ``executor``
(running the engine in a child process that can be killed on time-out), ``cache`` (results
keyed by the graph version) and ``service_description`` (the ``sd:`` graph).
"""
