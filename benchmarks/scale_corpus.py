"""A statement corpus of any size with the real Semax corpus's shape, for the scale benchmark.

The curated corpus (``data/statements``) is one *family*: its entities, studies, records,
three sources with their claims, and the curated conflicts. Family ``f`` is a copy in which
every id (entity, study, record, statement, conflict) carries the suffix ``-fNNNN``, so
families never share a subject and no rule finds a conflict across them: the corpus grows by
adding compounds and sources, as the issue expects, and the build's work per family is the
same at every size.

Sources: the model allows ``source-000`` … ``source-999``, so one synthetic source holds the
copies of the *same* original source from :data:`FAMILIES_PER_SOURCE` families (references
renumbered ``slot * 1000 + n``, citations likewise), and a *group* of that many families
gives three sources. Every size is a whole number of groups.

    python benchmarks/scale_corpus.py --groups 2 --out /tmp/corpus   # 10 families
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
STATEMENTS = ROOT / "data" / "statements"
#: Families whose copies of one original source share one synthetic source.
FAMILIES_PER_SOURCE = 5
#: Keys whose values name an id (renamed per family when they do).
REFERENCE_KEYS = frozenset({"id", "subject", "object", "study", "comparator", "anatomy",
                            "condition", "claims", "record", "record_mechanism", "record_part"})
#: Longest id the schema accepts.
MAX_ID = 80
#: Offset between the reference numbers of two families' copies within one source.
REFERENCE_SLOT = 1000


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    return data


def _dump(data: dict[str, Any], path: Path) -> None:
    # JSON is YAML (1.2) and json writes it an order of magnitude faster than ruamel; one
    # value per line keeps the loader's file:line locations meaningful.
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False, default=str) + "\n",
                    encoding="utf-8")


class Template:
    """The curated corpus, read once: entity files, sources, conflict files and every id."""

    def __init__(self, directory: Path = STATEMENTS) -> None:
        self.entity_files: list[dict[str, Any]] = []
        self.conflict_files: list[dict[str, Any]] = []
        self.sources: list[dict[str, Any]] = []
        for path in sorted(directory.glob("*.yaml")):
            data = _load(path)
            if "source" in data:
                self.sources.append(data)
            elif "entities" in data or "studies" in data:
                self.entity_files.append(data)
            else:
                self.conflict_files.append(data)
        self.ids: set[str] = set()
        for data in [*self.entity_files, *self.conflict_files]:
            for key in ("entities", "studies", "records", "conflicts"):
                self.ids.update(item["id"] for item in data.get(key) or [])
        for data in self.sources:
            self.ids.update(st["id"] for st in data.get("statements") or [])

    def rename(self, value: str, family: int) -> str:
        """``value`` with the family suffix when it is one of the corpus's ids."""
        if value not in self.ids:
            return value
        suffix = f"-f{family:04d}"
        if len(value) + len(suffix) > MAX_ID:  # keep within the schema's length, stay unique
            digest = hashlib.blake2b(value.encode(), digest_size=4).hexdigest()
            value = value[: MAX_ID - len(suffix) - 9] + "-" + digest
        return value + suffix

    def _walk(self, node: Any, family: int, key: str | None = None) -> Any:
        if isinstance(node, dict):
            return {k: self._walk(v, family, k) for k, v in node.items()}
        if isinstance(node, list):
            return [self._walk(v, family, key) for v in node]
        if isinstance(node, str) and key in REFERENCE_KEYS:
            return self.rename(node, family)
        return node

    def family_files(self, family: int) -> tuple[dict[str, Any], dict[str, Any]]:
        """The entities file and the conflicts file of one family."""
        entities: dict[str, Any] = {"entities": [], "studies": []}
        for data in self.entity_files:
            entities["entities"] += self._walk(data.get("entities") or [], family)
            entities["studies"] += self._walk(data.get("studies") or [], family)
        conflicts: dict[str, Any] = {"records": [], "conflicts": []}
        for data in self.conflict_files:
            conflicts["records"] += self._walk(data.get("records") or [], family)
            conflicts["conflicts"] += self._walk(data.get("conflicts") or [], family)
        return entities, conflicts

    def source(self, original: int, number: int, families: list[int]) -> dict[str, Any]:
        """Synthetic source ``number``: copies of source ``original`` from ``families``."""
        base = self.sources[original]
        block = copy.deepcopy(base["source"])
        block["id"] = f"source-{number:03d}"
        references: list[dict[str, Any]] = []
        statements: list[dict[str, Any]] = []
        for slot, family in enumerate(families):
            offset = slot * REFERENCE_SLOT
            for ref in base["source"].get("references") or []:
                renamed = self._walk(ref, family)
                renamed["number"] = ref["number"] + offset
                references.append(renamed)
            for st in base.get("statements") or []:
                renamed = self._walk(st, family)
                if "cites" in renamed:
                    renamed["cites"] = [n + offset for n in st["cites"]]
                statements.append(renamed)
        if references:
            block["references"] = references
        return {"source": block, "statements": statements}


def write_group(template: Template, group: int, out: Path) -> list[Path]:
    """Write group ``group`` (its families' entity and conflict files, three sources)."""
    out.mkdir(parents=True, exist_ok=True)
    families = [group * FAMILIES_PER_SOURCE + i for i in range(FAMILIES_PER_SOURCE)]
    written = []
    for family in families:
        entities, conflicts = template.family_files(family)
        for name, data in ((f"entities-f{family:04d}.yaml", entities),
                           (f"conflicts-f{family:04d}.yaml", conflicts)):
            _dump(data, out / name)
            written.append(out / name)
    for original in range(len(template.sources)):
        number = group * len(template.sources) + original
        if number > 999:
            raise ValueError("more than 1000 sources: lower the number of groups")
        path = out / f"source-{number:03d}.yaml"
        _dump(template.source(original, number, families), path)
        written.append(path)
    return written


def generate(groups: int, out: Path) -> list[Path]:
    """Write ``groups`` groups, each into ``out/group-NNN``; return the group folders."""
    template = Template()
    folders = []
    for group in range(groups):
        folder = out / f"group-{group:03d}"
        write_group(template, group, folder)
        folders.append(folder)
    return folders


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--groups", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    for folder in generate(args.groups, args.out):
        print(folder)


if __name__ == "__main__":
    main()
