"""``semaxkg diff``: the claims added, removed and changed between two builds or releases."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import Any

from semaxkg.build.curation.claimdiff import claim_set, diff, read_quads
from semaxkg.build.curation.diffreport import FORMATS, render
from semaxkg.build.suggest import did_you_mean
from semaxkg.errors import UsageError
from semaxkg.paths import current_project
from semaxkg.rdf.release_layout import DUMP_NAME, releases

log = logging.getLogger(__name__)

HELP = """\
Compare the claims of A and B, each a release version (in data/releases/), a build folder
holding semaxkg.nq (such as data/ttl), or an N-Quads file (.nq or .nq.gz). Lists the claims
added and removed and, for each changed claim, every changed field (evidence level,
hedging, locators, conflicts, ...). Exit 0 when nothing changed, 1 when something did.

examples:
  semaxkg diff 0.1.0 data/ttl
  semaxkg diff 0.1.0 0.2.0 --format markdown
"""


def resolve(spec: str) -> Path:
    """The N-Quads file ``spec`` names (a release version, a build folder or a file)."""
    path = Path(spec)
    if path.is_dir():
        for name in ("semaxkg.nq", DUMP_NAME):
            if (path / name).is_file():
                return path / name
        raise UsageError(f"{spec} holds neither semaxkg.nq nor {DUMP_NAME}: name a build folder")
    if path.is_file():
        return path
    project = current_project()
    release = project.releases_dir / spec / DUMP_NAME
    if release.is_file():
        return release
    known = releases(project.releases_dir)
    listed = f"the releases are {', '.join(known)}" if known else "no release is recorded yet"
    raise UsageError(f"{spec!r} is not a release, a build folder or an N-Quads file"
                     f"{did_you_mean(spec, known)} ({listed})")


def run(args: argparse.Namespace) -> int:
    """Print the diff; exit 1 when the claims differ."""
    a = claim_set(read_quads(resolve(args.a)))
    b = claim_set(read_quads(resolve(args.b)))
    d = diff(a, b)
    print(render(d, args.a, args.b, args.format), end="")
    return 0 if d.empty else 1


def register(sub: Any) -> None:
    """Add the ``diff`` sub-command."""
    p = sub.add_parser("diff", help="claims added, removed and changed between two builds",
                       description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("a", metavar="A", help="the older release, build folder or N-Quads file")
    p.add_argument("b", metavar="B", help="the newer one")
    p.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    p.set_defaults(handler=run)
