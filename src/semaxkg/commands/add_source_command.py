"""``semaxkg add-source``: propose the ``source:`` block of a new source, and write the stub."""

from __future__ import annotations

import argparse
import hashlib
import logging
import re
from pathlib import Path
from typing import Any

from semaxkg.build.curation.proposal import DEFAULT_PUBLISHER_KIND, propose, render
from semaxkg.build.yamlfile import load_yaml
from semaxkg.errors import InputError, Location, Problem
from semaxkg.paths import current_project, display

log = logging.getLogger(__name__)

#: Largest source text accepted, in bytes (the three sources are 6-12 KB).
MAX_SOURCE_BYTES = 2 * 1024 * 1024
SOURCE_FILE = re.compile(r"^source-(\d{3})\.yaml$")

HELP = """\
Read a source text, record its SHA-256 and length, and propose its source: block (title,
sections with their starts, a numbered reference list, disclosures spotted by key word)
for you to confirm. Prints the proposal; with --write, writes it as the next free
data/statements/source-NNN.yaml (never over an existing file). Put the text itself in the
sources folder (../shared/sources) under the same file name.

examples:
  semaxkg add-source ../shared/sources/003_new.txt
  semaxkg add-source ../shared/sources/003_new.txt --write
"""


def next_source_id(statements_dir: Path) -> str:
    """``source-NNN`` with NNN one above the highest used (000 when there is none)."""
    used = [int(m.group(1)) for p in statements_dir.glob("source-*.yaml")
            if (m := SOURCE_FILE.match(p.name))]
    return f"source-{max(used) + 1 if used else 0:03d}"


def read_text(path: Path) -> str:
    """The UTF-8 text of ``path``; :class:`InputError` when it is missing, too big or not UTF-8."""
    if not path.is_file():
        raise InputError([Problem(Location(str(path)), "no such file", "give the source text's path")])
    with path.open("rb") as handle:
        data = handle.read(MAX_SOURCE_BYTES + 1)
    if len(data) > MAX_SOURCE_BYTES:
        raise InputError([Problem(Location(str(path)), f"larger than {MAX_SOURCE_BYTES} bytes",
                                  "split the document or raise MAX_SOURCE_BYTES")])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError([Problem(Location(str(path)), f"not UTF-8 (byte {exc.start})",
                                  "save the text as UTF-8")]) from None


def _check_not_recorded(statements: Path, text: str, refuse: bool) -> None:
    """Warn (``refuse``: raise :class:`InputError`) when a source records this very text."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    for path in sorted(statements.glob("source-*.yaml")):
        try:
            doc = load_yaml(path, display(path))
        except InputError:
            continue  # a broken file is validate's to report, not a reason to refuse here
        meta = doc.data.get("source") if isinstance(doc.data, dict) else None
        if isinstance(meta, dict) and meta.get("sha256") == digest:
            where = doc.location(("source", "sha256"))
            problem = Problem(where, f"this text is recorded already as {meta.get('id')}",
                              "add the statements to that file instead of a second source")
            if refuse:
                raise InputError([problem])
            log.warning("%s", problem)


def run(args: argparse.Namespace) -> int:
    """Print the proposal; with ``--write``, write the stub statement file."""
    project = current_project(writable=args.write)
    statements: Path = args.statements or project.statements_dir
    source_id = args.id or next_source_id(statements)
    target = statements / f"{source_id}.yaml"
    text = read_text(args.file)
    kept = project.sources_dir / args.file.name
    if not kept.is_file() or kept.read_bytes() != text.encode("utf-8"):
        log.warning("%s is not in the sources folder %s: copy it there under this name, or "
                    "check-sources and locate will not find it", args.file.name, project.sources_dir)
    _check_not_recorded(statements, text, refuse=args.write)
    proposal = propose(text, args.file.name, source_id, args.publisher_kind)
    stub = render(proposal)
    if not args.write:
        print(stub, end="")
        return 0
    if target.exists():
        raise InputError([Problem(Location(project.display(target)), "exists already",
                                  "choose another --id, or edit that file by hand")])
    with target.open("x", encoding="utf-8") as handle:
        handle.write(stub)
    log.info("wrote %s: %d sections, %d references, %d disclosures to confirm",
             project.display(target), len(proposal.sections), len(proposal.references),
             len(proposal.disclosures))
    return 0


def register(sub: Any) -> None:
    """Add the ``add-source`` sub-command."""
    p = sub.add_parser("add-source", help="propose a new source's metadata block",
                       description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", type=Path, metavar="FILE", help="the source text (UTF-8)")
    p.add_argument("--write", action="store_true", help="write the stub statement file")
    p.add_argument("--id", metavar="SOURCE_ID", type=_source_id,
                   help="the id to give (default: the next free source-NNN)")
    p.add_argument("--publisher-kind", default=DEFAULT_PUBLISHER_KIND, metavar="CODE",
                   help=f"a code of sxo:PublisherKind (default: {DEFAULT_PUBLISHER_KIND})")
    p.add_argument("--statements", type=Path, help="folder with the statement YAML files "
                   "(default: the project's data/statements)")
    p.set_defaults(handler=run)


def _source_id(value: str) -> str:
    if not re.fullmatch(r"source-\d{3}", value):
        raise argparse.ArgumentTypeError(f"{value!r} is not source-NNN")
    return value
