"""The batched build: a corpus too large for one graph in memory, built one batch at a time.

Each batch is a folder of statement files whose subjects no other batch shares (the scale
benchmark's groups are such batches), so checking batches one by one checks the same
constraints as checking their union, and memory stays that of one batch. The stages are
public so that a driver (``benchmarks/scale.py``) can time them, sample SHACL or run batches
in worker processes; :func:`build_batches` runs them all, in order, in this process:

1. :func:`load_setup` once: the vocabulary, the ontology and the SHACL shapes;
2. per batch, :func:`load_batch` (YAML → :class:`~semaxkg.build.convert.Conversion`),
   :func:`shacl_check`, :func:`qc_check`, optionally :func:`owl_check`;
3. :func:`batch_graphs` and a :class:`GraphWriter` append the batch's graphs as N-Triples
   (one file per graph) and N-Quads (``dataset.nq``).

Unlike :func:`semaxkg.build.pipeline.build`, the output is not the publication (no TriG,
dumps or VoID: those need the whole graph) and is written in place, not swapped in.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from pyshacl import validate as shacl_validate
from rdflib import Graph

from semaxkg.build.convert import Conversion, convert
from semaxkg.build.corpus import load_corpus
from semaxkg.build.owlcheck import OwlResult, check_consistency
from semaxkg.build.pipeline import data_graph, load_shapes
from semaxkg.build.qc import check_dataset, describe
from semaxkg.build.serialize import named_graphs, nt_term
from semaxkg.build.vocab import Vocabulary, default_vocabulary, load_ontology
from semaxkg.errors import NotConformingError
from semaxkg.rdf.namespaces import ONTOLOGY_GRAPH, SHAPES_GRAPH

#: Times one named stage (``load``, ``convert``, ``shacl``, ``qc``, ``owl``, ``write``).
StageTimer = Callable[[str], AbstractContextManager[None]]
#: The N-Quads file of a batched build's output folder.
NQUADS_FILE = "dataset.nq"
#: Characters of pySHACL's report text quoted when a batch does not conform.
MAX_REPORT_CHARS = 3000


def _untimed(_stage: str) -> AbstractContextManager[None]:
    return nullcontext()


@dataclass(frozen=True)
class BuildSetup:
    """What every batch is checked against: loaded once per process."""

    vocabulary: Vocabulary
    ontology: Graph
    shapes: Graph


@dataclass(frozen=True)
class Batch:
    """One batch loaded and converted: its folder, claim count and RDF dataset."""

    index: int
    folder: Path
    claims: int
    conversion: Conversion


@dataclass(frozen=True)
class ShaclResult:
    """pySHACL's verdict on one batch and how many data triples it validated."""

    conforms: bool
    triples: int
    text: str


@dataclass
class BatchReport:
    """What :func:`build_batches` built: batches, claims, triples per graph, files written."""

    batches: int = 0
    claims: int = 0
    triples: dict[str, int] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    owl: list[OwlResult] = field(default_factory=list)

    @property
    def total_triples(self) -> int:
        """Triples over all graphs (a triple in two graphs counts twice, as in N-Quads)."""
        return sum(self.triples.values())


def load_setup() -> BuildSetup:
    """The current project's vocabulary, ontology and SHACL shapes."""
    return BuildSetup(default_vocabulary(), load_ontology(), load_shapes())


def load_batch(index: int, folder: Path, setup: BuildSetup, timer: StageTimer = _untimed) -> Batch:
    """Load the statement files of ``folder`` and convert them as the build does."""
    with timer("load"):
        corpus = load_corpus(folder, setup.vocabulary)
    claims = sum(1 for _ in corpus.statements())
    with timer("convert"):
        conversion = convert(corpus, setup.vocabulary, setup.ontology)
    return Batch(index, folder, claims, conversion)


def shacl_check(batch: Batch, setup: BuildSetup, timer: StageTimer = _untimed) -> ShaclResult:
    """Validate the batch's data (every graph but the ontology) against the shapes."""
    with timer("shacl"):
        data = data_graph(batch.conversion.dataset)
        conforms, _report, text = shacl_validate(
            data, shacl_graph=setup.shapes, ont_graph=setup.ontology, inference="none",
            advanced=True, allow_warnings=False)
    return ShaclResult(bool(conforms), len(data), str(text))


def qc_check(batch: Batch, timer: StageTimer = _untimed) -> None:
    """Run the QC queries on the batch; :class:`NotConformingError` naming the rows if any."""
    with timer("qc"):
        violations = check_dataset(batch.conversion.dataset)
    if violations:
        rows = "\n".join(describe(v) for v in violations[:5])
        raise NotConformingError(f"batch {batch.folder} fails its QC queries "
                                 f"({len(violations)} rows):\n{rows}")


def owl_check(batch: Batch, timer: StageTimer = _untimed) -> OwlResult:
    """The build's OWL check (ontology plus the batch's data, HermiT) on one batch."""
    with timer("owl"):
        return check_consistency(batch.conversion.dataset)


def nt_lines(triples: Iterable[tuple[object, object, object]]) -> list[str]:
    """N-Triples lines of rdflib triples, without the final `` .``."""
    return [f"{nt_term(s)} {nt_term(p)} {nt_term(o)}" for s, p, o in triples]


def batch_graphs(batch: Batch, setup: BuildSetup, timer: StageTimer = _untimed) -> dict[str, list[str]]:
    """The batch's graphs as N-Triples lines, by graph name. The ontology and the shapes are
    the same in every batch: only batch 0 carries them."""
    graphs: dict[str, list[str]] = {}
    with timer("write"):
        for graph in named_graphs(batch.conversion.dataset):
            name = str(graph.identifier)
            if name == str(ONTOLOGY_GRAPH) and batch.index > 0:
                continue
            graphs[name] = nt_lines(graph)
        if batch.index == 0:
            graphs[str(SHAPES_GRAPH)] = nt_lines(setup.shapes)
    return graphs


class GraphWriter:
    """Appends each batch's graphs as N-Triples (one ``<last segment>.nt`` per graph) and to
    one N-Quads file; the output folder is emptied first."""

    def __init__(self, out_dir: Path) -> None:
        shutil.rmtree(out_dir, ignore_errors=True)
        out_dir.mkdir(parents=True)
        self.out_dir = out_dir
        self.triples: dict[str, int] = {}
        self._quads = (out_dir / NQUADS_FILE).open("w", encoding="utf-8")

    def add(self, graphs: dict[str, list[str]]) -> None:
        """Append one batch's graphs (N-Triples lines by graph name)."""
        for name, lines in graphs.items():
            graph = f"<{name}>"
            with self.graph_file(name).open("a", encoding="utf-8") as nt:
                nt.writelines(f"{line} .\n" for line in lines)
            self._quads.writelines(f"{line} {graph} .\n" for line in lines)
            self.triples[name] = self.triples.get(name, 0) + len(lines)

    def graph_file(self, name: str) -> Path:
        """The N-Triples file of graph ``name``."""
        return self.out_dir / (name.rsplit("/", 1)[-1] + ".nt")

    def files(self) -> list[Path]:
        """Every file written so far: the N-Quads file, then one per graph."""
        return [self.out_dir / NQUADS_FILE, *(self.graph_file(name) for name in self.triples)]

    def close(self) -> None:
        """Close the N-Quads file."""
        self._quads.close()

    def __enter__(self) -> GraphWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def build_batches(corpora: Sequence[Path], out_dir: Path, *, shacl: bool = True, owl: bool = False,
                  timer: StageTimer = _untimed, setup: BuildSetup | None = None) -> BatchReport:
    """Build the statement folders ``corpora`` one batch each into ``out_dir``.

    Every batch is loaded, converted, SHACL-validated (``shacl``), QC-checked and OWL-checked
    (``owl``) before its graphs are appended; :class:`NotConformingError` on the first batch
    that fails (what was appended before stays: the folder is a work area, not ``data/ttl``).
    """
    setup = setup or load_setup()
    report = BatchReport()
    with GraphWriter(out_dir) as writer:
        for index, folder in enumerate(corpora):
            batch = load_batch(index, folder, setup, timer)
            if shacl:
                result = shacl_check(batch, setup, timer)
                if not result.conforms:
                    raise NotConformingError(f"batch {folder} does not conform to the shapes:\n"
                                             + result.text[:MAX_REPORT_CHARS])
            qc_check(batch, timer)
            if owl:
                outcome = owl_check(batch, timer)
                report.owl.append(outcome)
                if not outcome.consistent:
                    raise NotConformingError(f"batch {folder}: {outcome.message}")
            writer.add(batch_graphs(batch, setup, timer))
            report.batches += 1
            report.claims += batch.claims
    report.triples = dict(writer.triples)
    report.files = writer.files()
    return report
