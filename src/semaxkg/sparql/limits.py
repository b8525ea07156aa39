"""Named limits of the SPARQL endpoint, with their documented defaults.

Each limit is also a configuration key of the web app (see ``semaxkg.web.config``), so a
deployment can change it through a config file, a ``SEMAXKG_*`` environment variable or the
mapping given to ``create_app``.
"""

from __future__ import annotations

#: Seconds a query may run before its executor process is killed and the client gets 503.
QUERY_TIMEOUT_SECONDS: float = 10.0

#: Seconds a client has to send a whole request body once its headers arrived: 408 after
#: (a slow or stalled body must not hold the server, issue 11).
BODY_READ_TIMEOUT_SECONDS: float = 10.0

#: Most rows (SELECT) or triples (CONSTRUCT/DESCRIBE) in one response; more are cut and the
#: response says so (``SPARQL-Results-Truncated`` header, and a note in SPARQL JSON).
MAX_RESULT_ROWS: int = 10_000

#: Largest accepted request body (a POSTed query or form), in bytes; larger gets 413.
MAX_BODY_BYTES: int = 1024 * 1024

#: Longest accepted query text, in characters (GET or POST); longer gets 413.
MAX_QUERY_CHARS: int = 256 * 1024

#: Memory an executor process may add on top of the shared store before the query is stopped.
QUERY_MEMORY_BYTES: int = 2 * 1024 * 1024 * 1024

#: Private memory (bytes) a query executor may hold before it is replaced by a fresh fork
#: after an answer: its own heap plus the store pages pyoxigraph wrote to while reading, which
#: copy-on-write made its own (issue 14: four executors each copying the store took the server
#: to 4x Oxigraph's memory). Off by default (0): a fresh child copies the pages again, and at
#: 1.5M triples a 128 MiB limit halved the peak (2.07 -> 1.07 GiB) but cut cache-off
#: throughput to a fifth; at 150k a 32 MiB limit took 13 % off the peak and half the
#: throughput (benchmarks/README.md). Set it where memory matters more than speed.
EXECUTOR_PRIVATE_BYTES: int = 0

#: Result cache: most entries, most bytes in all, and the largest body worth caching.
RESULT_CACHE_ENTRIES: int = 2048
RESULT_CACHE_BYTES: int = 64 * 1024 * 1024
RESULT_CACHE_ENTRY_BYTES: int = 1024 * 1024

#: Seconds a browser may cache a CORS preflight answer.
CORS_MAX_AGE_SECONDS: int = 86_400

#: Longest request target (path, "?" and query string as sent, in bytes) the app answers;
#: longer gets 414 with a message pointing to POST. Granian itself refuses a request target
#: over 65,534 bytes (hyper's fixed limit) before the app sees it, with an empty 414 and no
#: CORS headers: this lower limit makes every refusal a client can be expected to meet a
#: readable one, and keeps GET's limit the same under any server.
MAX_URL_BYTES: int = 32 * 1024

#: Most bytes in all request header fields (names and values); more gets 431. Granian refuses
#: more than about 400 KiB of headers, or more than 100 fields, with an empty 431.
MAX_HEADER_BYTES: int = 64 * 1024

#: Deepest nesting a query may have, checked by a cheap scan before any SPARQL parser runs
#: (:mod:`semaxkg.sparql.nesting`); deeper gets 400. Each open ``{``, ``(`` or ``[`` counts
#: one level, and so does each chained operator inside it (``UNION``, ``OPTIONAL``, ``MINUS``,
#: ``BIND``, ``NOT``, ``EXISTS``, ``|``, ``/``, ``^``, ``!``, ``&``, ``=``, ``<``, ``>``,
#: ``+``, ``-``, ``*``), because the parser turns each into one more level of its tree. Not a
#: setting: it guards the parser's stack, which overflows (killing the process) at a few hundred
#: levels in a thread with a 2 MiB stack; the deepest named query in queries/ needs 21.
MAX_QUERY_NESTING: int = 64
