"""``semaxkg stats``: claims per source, kind and evidence level, and the number of conflicts."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from semaxkg.build.convert import convert
from semaxkg.build.stats import compute_stats, format_stats
from semaxkg.build.vocab import default_vocabulary, load_ontology
from semaxkg.commands.common import add_statements_option, load_checked_corpus
from semaxkg.paths import current_project
from semaxkg.rdf.dataset_size import size_of_file
from semaxkg.rdf.namespaces import SXO

HELP = """\
Print the graph's headline numbers: the built dataset's size (distinct triples in the union
of the graphs; quads across the named graphs), claims per source, per kind and per evidence
level, and conflicts per kind. Reads the statement files (no build needed).

example:
  semaxkg stats
"""


def run(args: argparse.Namespace) -> int:
    """Print the statistics to standard output."""
    corpus = load_checked_corpus(args)
    vocab = default_vocabulary()
    conv = convert(corpus, vocab, load_ontology())
    coded = {**vocab.codes(SXO.EvidenceLevel), **vocab.codes(SXO.SupportKind)}
    ranks = {code: vocab.ranks[iri] for code, iri in coded.items()}
    data_file = current_project().data_file
    if data_file.is_file():
        # The size of what is served (the built dataset), named as on the home page and VoID.
        size = [f"size of the built dataset ({data_file.name}, as served):",
                *(f"  {line}" for line in size_of_file(data_file).lines())]
    else:
        size = ["dataset not built yet: run `semaxkg build`, then its size is shown here"]
    sys.stdout.write("\n".join(size) + "\n" + format_stats(compute_stats(conv.dataset), ranks)
                     + "\n")
    return 0


def register(sub: Any) -> None:
    """Add the ``stats`` sub-command."""
    p = sub.add_parser("stats", help="print claims per source, kind, evidence level; conflicts",
                       description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_statements_option(p)
    p.set_defaults(handler=run)
