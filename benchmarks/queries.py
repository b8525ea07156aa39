"""The benchmark's query mix: realistic questions on the semaxkg shape (no user input)."""

from __future__ import annotations

PREFIXES = (
    "PREFIX sx: <https://w3id.org/semaxkg/ontology/> "
    "PREFIX sxid: <https://w3id.org/semaxkg/id/> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
)
JSON = "application/sparql-results+json"
TURTLE = "text/turtle"

#: (name, query, Accept)
QUERIES: list[tuple[str, str, str]] = [
    ('label-lookup', PREFIXES
     + 'SELECT ?e WHERE { ?e rdfs:label ?l FILTER(STRSTARTS(?l, "semax")) } LIMIT 20', JSON),
    ('label-exact', PREFIXES
     + 'SELECT ?l WHERE { sxid:entity-000003 rdfs:label ?l }', JSON),
    ('describe', PREFIXES
     + 'DESCRIBE sxid:claim-0000007', TURTLE),
    ('join-filter', PREFIXES
     + 'SELECT ?c ?o ?es WHERE { ?c sx:subject sxid:entity-000005 ; sx:object ?o ; '
     + 'sx:effectSize ?es FILTER(?es > 0.5) } LIMIT 50', JSON),
    ('group-by', PREFIXES
     + 'SELECT ?level (COUNT(?c) AS ?n) WHERE { ?c sx:evidenceLevel ?level } GROUP BY ?level'
     + ' ORDER BY DESC(?n)', JSON),
    ('text-search', PREFIXES
     + 'SELECT ?c ?q WHERE { ?c sx:quote ?q FILTER(CONTAINS(?q, "bdnf hippocampus")) } LIMIT'
     + ' 10', JSON),
    ('provenance-path', PREFIXES
     + 'SELECT ?c ?src ?title ?g WHERE { GRAPH ?g { ?c sx:subject sxid:entity-000001 ; '
     + 'sx:source ?src . ?src rdfs:label ?title } } LIMIT 20', JSON),
    ('optional-table', PREFIXES
     + 'SELECT ?c ?label ?es ?n WHERE { ?c a sx:Claim ; sx:object ?o OPTIONAL { ?o '
     + 'rdfs:label ?label } OPTIONAL { ?c sx:effectSize ?es } OPTIONAL { ?c sx:sampleSize ?n'
     + ' } } ORDER BY DESC(?n) LIMIT 25', JSON),
    ('construct', PREFIXES
     + 'CONSTRUCT { ?c sx:subject ?s ; sx:object ?o } WHERE { ?c sx:subject '
     + 'sxid:entity-000002 ; sx:object ?o ; sx:subject ?s } LIMIT 50', TURTLE),
    ('ask', PREFIXES
     + 'ASK { ?c sx:relation sx:treats ; sx:object sxid:entity-000004 }', JSON),
    ('property-path', PREFIXES
     + 'SELECT DISTINCT ?x WHERE { sxid:claim-0000003 sx:conflictsWith+ ?x } LIMIT 20', JSON),
    ('count-classes', PREFIXES
     + 'SELECT ?t (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/semaxkg/graph/entities> {'
     + ' ?e a ?t } } GROUP BY ?t', JSON),
]

#: For the soak: queries that are malformed, and ones that run for ever.
MALFORMED = ["SELECT * WHERE { ?s ?p }", "SELEC ?x {}", "ASK { FILTER( }", "PREFIX x <y> SELECT"]
PATHOLOGICAL = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
]
