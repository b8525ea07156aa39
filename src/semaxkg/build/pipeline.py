"""The build: load → convert → SHACL → OWL → write atomically. Nothing is written unless
every step succeeds, and the previous ``data/ttl/`` survives any failure."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.namespace import SH

from semaxkg.build.convert import Conversion, convert
from semaxkg.build.corpus import Corpus
from semaxkg.build.owlcheck import OwlResult, check_consistency
from semaxkg.build.qc import check_dataset, qc_problems
from semaxkg.build.serialize import dataset_quads, named_graphs, turtle_bytes, write_dataset
from semaxkg.build.vocab import default_vocabulary, load_ontology
from semaxkg.errors import Location, NotConformingError, Problem
from semaxkg.paths import current_project
from semaxkg.rdf.namespaces import BASE, ID, ONTOLOGY_GRAPH, SHAPES_GRAPH
from semaxkg.rdf.publication import make_publication
from semaxkg.store.local import LocalStore

log = logging.getLogger(__name__)

REPORT_FILE = "shacl-report.ttl"


@dataclass
class CheckResult:
    """A conforming conversion with its SHACL report graph and OWL outcome."""

    conversion: Conversion
    report: Graph
    owl: OwlResult


def load_shapes(directory: Path | None = None) -> Graph:
    """Every ``*.ttl`` file of the shapes folder (default: the current project's), merged."""
    g = Graph()
    for path in sorted((directory or current_project().shapes_dir).glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


def add_shapes_graph(ds: Dataset, shapes: Graph) -> None:
    """Put the shapes into ``ds`` as the graph ``…/graph/shapes`` (after validation, so the
    shapes never validate themselves): a server over any store documents them from the data."""
    g = ds.graph(SHAPES_GRAPH)
    for triple in shapes:
        g.add(triple)


def data_graph(ds: Dataset) -> Graph:
    """The union of every graph but the ontology, as one graph for pySHACL."""
    g = Graph()
    for named in named_graphs(ds):
        if named.identifier != ONTOLOGY_GRAPH:
            for t in named:
                g.add(t)
    return g


def _origin(node: object, conv: Conversion) -> str | None:
    """The YAML id behind a focus node (a claim's passages map to the claim)."""
    if not isinstance(node, URIRef):
        return None
    text = str(node)
    while text:
        ident = conv.origins.get(URIRef(text))
        if ident is not None:
            return ident
        if "/" not in text:
            break
        text = text.rsplit("/", 1)[0]
    return None


def _location(ident: str | None, corpus: Corpus) -> Location:
    """The statement file and line of a YAML id, or '(generated)'."""
    return corpus.locations.get(ident, Location("(generated)")) if ident else Location("(generated)")


def shacl_problems(report: Graph, conv: Conversion, corpus: Corpus) -> list[Problem]:
    """One located problem per SHACL result: statement id and YAML file:line."""
    problems = []
    for result in sorted(report.subjects(RDF.type, SH.ValidationResult), key=str):
        focus = report.value(result, SH.focusNode)
        message = report.value(result, SH.resultMessage)
        path = report.value(result, SH.resultPath)
        ident = _origin(focus, conv)
        loc = _location(ident, corpus)
        what = f"{ident or focus}: {message}"
        if path is not None:
            what += f" [{path.n3(report.namespace_manager)}]"
        problems.append(Problem(loc, what, "correct the statement so the graph conforms"))
    return problems


def check_graph(corpus: Corpus, *, reasoner: bool = True) -> CheckResult:
    """Convert and validate; raise :class:`NotConformingError` (exit 1) when the graph fails."""
    vocab = default_vocabulary()
    ontology = load_ontology()
    conv = convert(corpus, vocab, ontology)
    conforms, report, _text = shacl_validate(
        data_graph(conv.dataset), shacl_graph=load_shapes(), ont_graph=ontology,
        inference="none", advanced=True, allow_warnings=False,
    )
    if not conforms:
        problems = shacl_problems(report, conv, corpus)
        failed = Path(tempfile.gettempdir()) / "semaxkg-failed-shacl-report.ttl"
        failed.write_bytes(turtle_bytes(report))
        raise NotConformingError(
            f"the graph does not conform to the SHACL shapes ({len(problems)} violations; "
            f"report as RDF: {failed}):\n" + "\n".join(str(p) for p in problems), problems)
    log.info("SHACL: conforms")
    violations = check_dataset(conv.dataset)  # queries/qc/*-violation.rq must return no rows
    if violations:
        problems = qc_problems(violations, lambda iri: _location(_origin(URIRef(iri or ""), conv), corpus))
        raise NotConformingError(f"the graph fails its QC queries ({len(violations)} rows):\n"
                                 + "\n".join(str(p) for p in problems), problems)
    log.info("QC queries: no violations")
    owl = check_consistency(conv.dataset) if reasoner else OwlResult(False, True, "OWL check skipped")
    log.info("%s", owl.message)
    if not owl.consistent:
        raise NotConformingError(owl.message)
    return CheckResult(conv, report, owl)


def report_graph_for_output(report: Graph) -> Graph:
    """The SHACL report with a stable, blank-node-free shape for the committed output."""
    g = Graph()
    root = ID["shacl-report"]
    g.add((root, RDF.type, SH.ValidationReport))
    conforms = report.value(predicate=SH.conforms)
    g.add((root, SH.conforms, conforms if isinstance(conforms, Literal) else Literal(True)))
    return g


def build(corpus: Corpus, out_dir: Path, *, reasoner: bool = True) -> list[Path]:
    """Check, then write every output into a temporary folder and swap it into place."""
    result = check_graph(corpus, reasoner=reasoner)
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out_dir)
    tmp = Path(tempfile.mkdtemp(prefix=f"{_leftover_prefix(out_dir, 'new')}{os.getpid()}-",
                                dir=out_dir.parent))
    # mkdtemp makes a private (0700) folder; the output gets the umask's ordinary mode.
    tmp.chmod(0o777 & ~current_umask())
    try:
        add_shapes_graph(result.conversion.dataset, load_shapes())
        written = write_dataset(result.conversion.dataset, tmp)
        (tmp / REPORT_FILE).write_bytes(turtle_bytes(report_graph_for_output(result.report)))
        written.append(tmp / REPORT_FILE)
        # TriG, N-Quads, dumps/*.gz and void.ttl: the publication maker the web uses too
        written.extend(write_publication(tmp, dataset_quads(result.conversion.dataset)))
        _swap(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [out_dir / p.relative_to(tmp) for p in written]


def write_publication(out_dir: Path, quads: list[ox.Quad], base: str = BASE) -> list[Path]:
    """Write the publication of ``quads`` (TriG, N-Quads, gzipped dumps, VoID) into ``out_dir``;
    the description counts them in an in-memory store."""
    store = LocalStore.from_quads(quads, "build")
    return make_publication(store, base, quads).write(out_dir)


def _swap(new: Path, target: Path) -> None:
    """Replace ``target`` with ``new`` using renames, so a crash leaves one complete copy."""
    old = target.parent / f"{_leftover_prefix(target, 'old')}{os.getpid()}"
    if target.exists():
        _rename(target, old)
    try:
        _rename(new, target)
    except BaseException:
        if old.exists():
            old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _rename(source: Path, target: Path) -> None:
    """One step of the swap (a seam the killed-build tests stop at)."""
    source.rename(target)


def current_umask() -> int:
    """The process's umask (read by setting it and setting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _leftover_prefix(out_dir: Path, kind: str) -> str:
    """``.ttl-new-`` / ``.ttl-old-`` for ``data/ttl``: hidden folders beside the output, then
    the pid of the build that made them (git ignores them; see .gitignore)."""
    return f".{out_dir.name}-{kind}-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def remove_leftovers(out_dir: Path) -> list[Path]:
    """Remove what killed builds left beside ``out_dir`` (their pid is gone); a killed swap's
    previous output is put back first when ``out_dir`` itself is missing."""
    removed = []
    for kind in ("old", "new"):  # "old" first: it may be the only complete copy
        prefix = _leftover_prefix(out_dir, kind)
        for path in sorted(out_dir.parent.glob(prefix + "*")):
            pid = path.name.removeprefix(prefix).split("-", 1)[0]
            if not pid.isdigit() or _alive(int(pid)):
                continue  # not ours, or a build still running
            if kind == "old" and not out_dir.exists():
                path.rename(out_dir)
                log.warning("restored %s from a killed build's %s", out_dir, path.name)
                continue
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    if removed:
        log.info("removed %d folder(s) left by killed builds", len(removed))
    return removed
