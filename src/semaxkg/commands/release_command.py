"""``semaxkg release``: record the current build as a dataset version."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
from typing import Any

from semaxkg.build.curation.releases import make_release
from semaxkg.paths import current_project
from semaxkg.rdf.iri_scheme import BASE

log = logging.getLogger(__name__)

HELP = f"""\
Record the current build (data/ttl/semaxkg.nq) as release VERSION (MAJOR.MINOR.PATCH) in
data/releases/VERSION/: the gzipped N-Quads dump, release.ttl (version IRI
{BASE}releases/VERSION, date, DCAT distribution with size and SHA-256,
previous version) and changelog.md (the claim diff from the previous release). Run
'semaxkg build' first; a release is never overwritten.

example:
  semaxkg release 0.2.0
"""


def run(args: argparse.Namespace) -> int:
    """Write the release folder."""
    project = current_project(writable=True)
    date = args.date or dt.datetime.now(dt.UTC).date()
    made = make_release(project.data_file, project.releases_dir, args.version, date)
    log.info("release %s: %d claims, %d quads, dump sha256 %s, in %s", made.version, made.claims,
             made.quads, made.sha256, project.display(made.folder))
    return 0


def register(sub: Any) -> None:
    """Add the ``release`` sub-command."""
    p = sub.add_parser("release", help="record the current build as a dataset release",
                       description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("version", metavar="VERSION", help="MAJOR.MINOR.PATCH, higher than the last")
    p.add_argument("--date", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                   help="the release date (default: today, UTC)")
    p.set_defaults(handler=run)
