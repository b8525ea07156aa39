"""Apache Jena, run for real against a live ``semaxkg serve`` (127.0.0.1, free port).

Jena is Debian's ``libapache-jena-java`` (4.5.0) on the JRE, started from its jars. Its reads go
through RIOT (``RDFDataMgr``): the HTTP request with Jena's own Accept list, the 303 followed,
the syntax picked from the answer's Content-Type. Each kind of IRI, the Turtle and N-Quads dumps
and VoID are read in one JVM (SPARQL Update ``LOAD <iri> INTO GRAPH <iri>``, so each stays
separate), then compared triple by triple with the document the app sends for Jena's Accept.

Three quirks of Debian's Jena 4.5 shape the commands (all are Jena's, not the server's):

* ``riot <url>`` and ``sparql --namedGraph <url>`` treat a URL as a file name (JENA-2241, fixed
  in Jena 4.6), so URLs are read with ``update`` (LOAD), ``sparql --data`` and ``rsparql``;
  ``riot`` reads local files (the downloaded ``.gz`` dump and a JSON-LD document).
* Jena's default JSON-LD reader (1.1, titanium) needs a Jakarta JSON-P 2 implementation, which
  Debian does not package (``libjsonp2-java`` is the API only), so JSON-LD is read with Jena's
  JSON-LD 1.0 reader. Jena never asks for JSON-LD first (it ranks it below Turtle).
* Debian's jena-core misplaces Jena's Xerces message bundles, and Jena fails at start without
  them (``XERCES_BUNDLES`` below): the ``jena`` fixture puts a copy on the classpath.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from ld_support import (
    IRI_SAMPLES,
    JENA_RDF,
    LiveServer,
    as_set,
    negotiated_triples,
    parsed,
    same_graph,
    sample_path,
)

#: Where Debian installs Java libraries (one unversioned symlink per jar).
JAVA_LIBS = Path("/usr/share/java")
#: Jena's modules (libapache-jena-java).
JENA_JARS = ("jena-cmds", "jena-arq", "jena-core", "jena-base", "jena-iri", "jena-rdfconnection",
             "jena-shacl", "jena-shex", "jena-tdb", "jena-tdb2", "jena-dboe-base", "jena-dboe-index",
             "jena-dboe-storage", "jena-dboe-trans-data", "jena-dboe-transaction")
#: The jars Jena 4.5 loads, from the Debian packages libapache-jena-java depends on; slf4j-simple
#: (libslf4j-java) sends Jena's log to stderr, httpclient-cache (libhttpclient-java) is needed by
#: the JSON-LD 1.0 reader. Named one by one: ``/usr/share/java/*`` holds both log4j-over-slf4j
#: and slf4j-log4j12, and SLF4J then stops Jena at start (a delegation loop).
DEPENDENCY_JARS = ("commons-cli", "commons-codec", "commons-compress", "commons-csv", "commons-io",
                   "commons-lang3", "dexx.collection", "gson", "guava", "httpclient", "httpclient-cache",
                   "httpcore", "jackson-core", "jackson-databind", "jackson-annotations", "jsonld-java",
                   "jakarta.json-api", "protobuf", "thrift", "titanium-json-ld", "slf4j-api",
                   "slf4j-simple")
#: Short runs: the client compiler only and the serial collector halve the JVM's time here.
JVM_FLAGS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
#: Upper bound on one Jena run (each takes 2-5 s here, the LOAD of every IRI included).
JENA_SECONDS = 180
#: Debian's jena-core 4.5.0-2 has Jena's copy of Xerces under package ``xerces`` but its message
#: bundles under the upstream path, so Jena's first XSD datatype fails ("internal error" in
#: XSSimpleTypeDecl). The bundles are copied to where the classes look for them.
XERCES_BUNDLES = "org/apache/jena/ext/xerces/"
XERCES_CLASS = "xerces/impl/xpath/regex/RegexParser.class"
XERCES_MESSAGES = "xerces/impl/xpath/regex/message.properties"

MISSING_JARS = [name for name in JENA_JARS + DEPENDENCY_JARS if not (JAVA_LIBS / f"{name}.jar").exists()]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),  # rdflib json-ld
    pytest.mark.skipif(shutil.which("java") is None,
                       reason="java is not installed (Debian default-jre-headless)"),
    pytest.mark.skipif(bool(MISSING_JARS), reason="Apache Jena is not installed (Debian "
                       f"libapache-jena-java): missing {', '.join(MISSING_JARS)} in {JAVA_LIBS}"),
]

SXO = "https://w3id.org/semaxkg/ontology/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SELECT_QUERY = f"""PREFIX sxo: <{SXO}> PREFIX rdfs: <{RDFS}>
SELECT ?subject ?label (COUNT(?claim) AS ?claims)
WHERE {{ ?claim sxo:claimSubject ?subject . ?subject rdfs:label ?label }}
GROUP BY ?subject ?label ORDER BY DESC(?claims) ?subject ?label"""
CONSTRUCT_QUERY = f"""PREFIX sxo: <{SXO}> PREFIX rdfs: <{RDFS}>
CONSTRUCT {{ ?claim a sxo:Claim ; rdfs:label ?label ; sxo:claimSubject ?subject }}
WHERE {{ ?claim a sxo:Claim ; rdfs:label ?label ; sxo:claimSubject ?subject }}"""
#: Every triple of the dataset's default graph (what ``sparql --data`` read).
ALL_TRIPLES = "CONSTRUCT WHERE { ?s ?p ?o }"
DUMP_TTL = "/dumps/semaxkg.ttl"
DUMP_NQ = "/dumps/semaxkg.nq"


@dataclass(frozen=True)
class Jena:
    """Jena's command classes on the Debian jars."""

    classpath: str

    def run(self, command: str, *args: str) -> str:
        """Run a Jena command (e.g. ``arq.update``); its stdout. It must succeed and log nothing."""
        done = subprocess.run(["java", *JVM_FLAGS, "-cp", self.classpath, command, *args],
                              capture_output=True, text=True, timeout=JENA_SECONDS, check=False)
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
        return done.stdout


def _xerces_bundles(jena_core: Path, target: Path) -> None:
    """Copy jena-core's Xerces message bundles under ``target`` to the package its classes use
    (nothing to do with upstream's layout or a fixed Debian package)."""
    with zipfile.ZipFile(jena_core) as jar:
        names = set(jar.namelist())
        if XERCES_CLASS not in names or XERCES_MESSAGES in names:
            return
        for name in sorted(names):
            if name.startswith(XERCES_BUNDLES) and name.endswith(".properties"):
                out = target / "xerces" / name[len(XERCES_BUNDLES):]
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(jar.read(name))


@pytest.fixture(scope="module")
def jena(tmp_path_factory: pytest.TempPathFactory) -> Jena:
    """Jena on the Debian jars, with the Xerces bundles put where Debian's jena-core needs them."""
    bundles = tmp_path_factory.mktemp("jena-xerces")
    _xerces_bundles(JAVA_LIBS / "jena-core.jar", bundles)
    jars = [str(JAVA_LIBS / f"{name}.jar") for name in JENA_JARS + DEPENDENCY_JARS]
    return Jena(":".join([str(bundles), *jars]))


@pytest.fixture(scope="module")
def paths(app: Flask) -> dict[str, str]:
    """The path of each kind of IRI, and of the Turtle dump (each read into its own graph)."""
    client = app.test_client()
    found = {kind: sample_path(kind, client) for kind in IRI_SAMPLES}
    return {**found, "dump-ttl": DUMP_TTL}


@pytest.fixture(scope="module")
def loaded(jena: Jena, live_server: LiveServer, paths: dict[str, str],
           tmp_path_factory: pytest.TempPathFactory) -> list[ox.Quad]:
    """What Jena read from each IRI into a graph named by the IRI, and the N-Quads dump's quads,
    all in one ``arq.update`` run (``--dump`` writes the dataset as TriG)."""
    urls = sorted(live_server.url + path for path in paths.values())
    request = tmp_path_factory.mktemp("jena") / "load.ru"
    request.write_text(" ;\n".join([*(f"LOAD <{url}> INTO GRAPH <{url}>" for url in urls),
                                    f"LOAD <{live_server.url}{DUMP_NQ}>"]) + "\n", encoding="utf-8")
    trig = jena.run("arq.update", f"--update={request}", "--dump")
    return list(ox.parse(trig.encode(), format=ox.RdfFormat.TRIG))


def _graph(quads: list[ox.Quad], name: str) -> list[ox.Triple]:
    return [ox.Triple(q.subject, q.predicate, q.object) for q in quads
            if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == name]


def _canonical(quads: list[ox.Quad]) -> set[ox.Quad]:
    """The quads with canonical blank node labels (datasets equal up to blank node renaming)."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


def _in_default_graph(triples: list[ox.Triple]) -> list[ox.Quad]:
    return [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]


@pytest.mark.parametrize("kind", sorted(IRI_SAMPLES))
def test_jena_reads_every_kind_of_iri(loaded: list[ox.Quad], live_server: LiveServer,
                                      paths: dict[str, str], client: FlaskClient, kind: str) -> None:
    read = _graph(loaded, live_server.url + paths[kind])
    assert read
    assert same_graph(as_set(read), negotiated_triples(client, paths[kind], JENA_RDF))


def test_jena_reads_the_turtle_dump(loaded: list[ox.Quad], live_server: LiveServer,
                                    client: FlaskClient) -> None:
    read = _graph(loaded, live_server.url + DUMP_TTL)
    served = ox.parse(client.get(DUMP_TTL).get_data(), format=ox.RdfFormat.TURTLE)
    assert _canonical(_in_default_graph(read)) == _canonical(_in_default_graph(list(served)))


def test_jena_reads_the_nquads_dump_with_its_graphs(loaded: list[ox.Quad], live_server: LiveServer,
                                                     client: FlaskClient) -> None:
    read = [q for q in loaded if not (isinstance(q.graph_name, ox.NamedNode)
                                      and q.graph_name.value.startswith(live_server.url))]
    served = list(ox.parse(client.get(DUMP_NQ).get_data(), format=ox.RdfFormat.N_QUADS))
    assert not [q for q in read if isinstance(q.graph_name, ox.DefaultGraph)]
    assert _canonical(read) == _canonical(served)


def test_jena_sparql_data_reads_an_iri(jena: Jena, live_server: LiveServer, client: FlaskClient) -> None:
    path = sample_path("claim", client)
    out = jena.run("arq.sparql", f"--data={live_server.url}{path}", "--results=N-Triples", ALL_TRIPLES)
    assert same_graph(parsed(out, "nt"), negotiated_triples(client, path, JENA_RDF))


def test_jena_riot_reads_the_downloaded_gz_dump(jena: Jena, live_server: LiveServer, client: FlaskClient,
                                               tmp_path: Path) -> None:
    # Over HTTP, Jena parses the gzip bytes as Turtle (it unzips local files only), so download first.
    gz = tmp_path / "semaxkg.nq.gz"
    gz.write_bytes(requests.get(live_server.url + DUMP_NQ + ".gz", timeout=60).content)
    out = jena.run("riotcmd.riot", "--output=N-Quads", str(gz))
    served = ox.parse(client.get(DUMP_NQ).get_data(), format=ox.RdfFormat.N_QUADS)
    assert _canonical(list(ox.parse(out.encode(), format=ox.RdfFormat.N_QUADS))) == _canonical(list(served))


@pytest.mark.parametrize("kind", ["resource", "class"])
def test_jena_jsonld10_reader_reads_our_jsonld(jena: Jena, live_server: LiveServer, client: FlaskClient,
                                               tmp_path: Path, kind: str) -> None:
    path = sample_path(kind, client)
    document = tmp_path / "document.jsonld"
    document.write_bytes(requests.get(f"{live_server.url}{path}.jsonld", timeout=60).content)
    out = jena.run("riotcmd.riot", "--syntax=JSONLD10", "--output=N-Triples", str(document))
    assert same_graph(parsed(out, "nt"), parsed(client.get(f"{path}.jsonld").get_data(), "json-ld"))


@pytest.fixture(scope="module")
def oxstore(built_dir: Path) -> ox.Store:
    """The built dataset in a pyoxigraph store of the test's own."""
    store = ox.Store()
    store.bulk_load(path=str(built_dir / "semaxkg.nq"), format=ox.RdfFormat.N_QUADS)
    return store


def _rows(solutions: ox.QuerySolutions) -> list[tuple[ox.NamedNode | ox.BlankNode | ox.Literal | None, ...]]:
    names = [v.value for v in solutions.variables]
    return [tuple(solution[name] for name in names) for solution in solutions]


@pytest.mark.parametrize("method", [(), ("--post",)], ids=["get", "post"])
def test_jena_rsparql_select(jena: Jena, live_server: LiveServer, oxstore: ox.Store,
                             method: tuple[str, ...]) -> None:
    out = jena.run("arq.rsparql", f"--service={live_server.url}/sparql", *method, "--results=json",
                   SELECT_QUERY)
    got = ox.parse_query_results(out.encode(), format=ox.QueryResultsFormat.JSON)
    expected = oxstore.query(SELECT_QUERY, use_default_graph_as_union=True)
    assert isinstance(got, ox.QuerySolutions) and isinstance(expected, ox.QuerySolutions)
    assert [v.value for v in got.variables] == ["subject", "label", "claims"]
    rows = _rows(got)
    assert rows == _rows(expected)
    assert len(rows) > 1


def test_jena_rsparql_construct(jena: Jena, live_server: LiveServer, oxstore: ox.Store) -> None:
    out = jena.run("arq.rsparql", f"--service={live_server.url}/sparql", "--results=N-Triples",
                   CONSTRUCT_QUERY)
    got = {ox.Triple(q.subject, q.predicate, q.object)
           for q in ox.parse(out.encode(), format=ox.RdfFormat.N_TRIPLES)}
    expected = oxstore.query(CONSTRUCT_QUERY, use_default_graph_as_union=True)
    assert isinstance(expected, ox.QueryTriples)
    assert got == set(expected)
    assert len(got) > 100
