"""A statement corpus of any size with the real Semax corpus's shape, for the scale benchmark.

The curated corpus (``data/statements``) is one *family*: every entity of every kind, the
studies, reference records, three sources with their claims, and the curated conflicts.
Family ``f`` is a copy in which every id carries the suffix ``-fNNNN`` and so does every
value that names an id (subjects, objects, broader concepts, populations, databases,
examined entities, conflicting claims, affiliations ...), so families never share a subject
and no rule finds a conflict across them: the corpus grows by adding compounds and sources,
as the issue expects, and the build's work per family is the same at every size. Persons
are known by name only (one name, one person IRI), so their names carry the suffix as well.

Which fields name an id is read from the statement model itself
(:mod:`semaxkg.build.model`): a field whose JSON schema has the pattern of ``Id`` or
``ObjectRef`` is a reference, wherever the model puts it. Files are grouped by the model the
loader gives them (:data:`semaxkg.build.corpus.FILE_KINDS`). A field, entity kind or file
the model gains later is therefore copied and renamed without a change here; only a new kind
of value that names something without an id pattern (like a person's name) needs one.

Sources: the model allows ``source-000`` … ``source-999``, so one synthetic source holds the
copies of the *same* original source from the families of one group (references renumbered
``slot * 1000 + n``, citations likewise; the source's own metadata, such as its author's
affiliations, is that of the group's first family), and a *group* of
:data:`FAMILIES_PER_SOURCE` families gives three sources. Every size is a whole number of
groups.

    python benchmarks/scale_corpus.py --groups 2 --out /tmp/corpus   # 10 families
    python benchmarks/scale_corpus.py --groups 2 --families 1 --out /tmp/corpus  # 2 copies
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter
from ruamel.yaml import YAML

from semaxkg.build import model
from semaxkg.build.corpus import FILE_KINDS, statement_files

LOG = logging.getLogger("scale_corpus")
ROOT = Path(__file__).resolve().parents[1]
STATEMENTS = ROOT / "data" / "statements"
#: Families whose copies of one original source share one synthetic source (one group).
FAMILIES_PER_SOURCE = 5
#: Longest id the schema accepts (``Id``: one leading character and up to 79 more).
MAX_ID = 80
#: Offset between the reference numbers of two families' copies within one source.
REFERENCE_SLOT = 1000
#: Highest source number the schema allows (``source-NNN``).
MAX_SOURCE = 999
#: Patterns of the model's id types: a string field with one of them names an id.
REFERENCE_PATTERNS = frozenset(str(TypeAdapter(t).json_schema()["pattern"])
                               for t in (model.Id, model.ObjectRef))
#: Fields holding persons' names (persons have no id: their IRI is the name's slug): an author
#: list in whatever model inherits it, and a source author's name.
PERSON_LISTS = frozenset({"author_list"})
PERSON_FIELDS = frozenset({("Author", "name")})

#: What :func:`_walk` does with a value: rename an id, rename a person, or a nested plan
#: (field name → plan for objects; the same plan for every item of a list).
REF = "ref"
PERSON = "person"
Plan = str | dict[str, Any] | None


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    return data


def _dump(data: dict[str, Any], path: Path) -> None:
    # JSON is YAML (1.2) and json writes it an order of magnitude faster than ruamel; one
    # value per line keeps the loader's file:line locations meaningful.
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False, default=str) + "\n",
                    encoding="utf-8")


class _Planner:
    """Compiles a model's JSON schema into a plan of where ids and person names are."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.defs: dict[str, Any] = schema.get("$defs", {})
        self.root = schema

    def plan(self, node: dict[str, Any], owner: str = "", name: str = "") -> Plan:
        if "$ref" in node:
            return self.plan(self.defs[node["$ref"].rsplit("/", 1)[-1]], owner, name)
        options = [*node.get("anyOf", []), *node.get("allOf", []), *node.get("oneOf", [])]
        if options:
            plans = [p for p in (self.plan(o, owner, name) for o in options) if p is not None]
            return plans[0] if plans else None
        kind = node.get("type")
        if kind == "string":
            if name in PERSON_LISTS or (owner, name) in PERSON_FIELDS:
                return PERSON
            return REF if node.get("pattern") in REFERENCE_PATTERNS else None
        if kind == "array":
            return self.plan(node.get("items", {}), owner, name)
        if kind == "object" and "properties" in node:
            title = str(node.get("title", ""))
            fields = {key: self.plan(sub, title, key) for key, sub in node["properties"].items()}
            kept = {key: p for key, p in fields.items() if p is not None}
            return kept or None
        return None


def model_plan(kind: type[BaseModel]) -> Plan:
    """Where the values that name an id or a person lie in a file of model ``kind``."""
    schema = kind.model_json_schema()
    return _Planner(schema).plan(schema)


@dataclass(frozen=True)
class _Renamer:
    ids: frozenset[str]
    family: int

    def id(self, value: str) -> str:
        if value not in self.ids:  # a controlled code or an ontology term: kept
            return value
        suffix = f"-f{self.family:04d}"
        if len(value) + len(suffix) > MAX_ID:  # keep within the schema's length, stay unique
            digest = hashlib.blake2b(value.encode(), digest_size=4).hexdigest()
            value = value[: MAX_ID - len(suffix) - 9] + "-" + digest
        return value + suffix

    def walk(self, node: Any, plan: Plan) -> Any:
        """A copy of ``node`` with its ids and person names renamed as ``plan`` says."""
        if plan is None:
            return node
        if isinstance(node, list):
            return [self.walk(item, plan) for item in node]
        if isinstance(node, dict) and isinstance(plan, dict):
            return {key: self.walk(value, plan.get(key)) for key, value in node.items()}
        if isinstance(node, str) and plan == REF:
            return self.id(node)
        if isinstance(node, str) and plan == PERSON:
            return f"{node} F{self.family:04d}"
        return node


def _ids_in(node: Any, plan: Plan) -> set[str]:
    """Every value of an ``id`` field the plan marks as an id."""
    found: set[str] = set()
    if isinstance(node, list):
        for item in node:
            found |= _ids_in(item, plan)
    elif isinstance(node, dict) and isinstance(plan, dict):
        for key, value in node.items():
            if key == "id" and plan.get(key) == REF and isinstance(value, str):
                found.add(value)
            else:
                found |= _ids_in(value, plan.get(key))
    return found


class Template:
    """The curated corpus, read once: its files by model kind and every id it defines."""

    def __init__(self, directory: Path = STATEMENTS) -> None:
        #: Non-source files by model (entities, studies, records, conflicts ...), in file order.
        self.family_parts: dict[type[BaseModel], list[dict[str, Any]]] = {}
        self.sources: list[dict[str, Any]] = []
        self.plans: dict[type[BaseModel], Plan] = {}
        ids: set[str] = set()
        for path in statement_files(directory):
            data = _load(path)
            kind = next((FILE_KINDS[key] for key in data if key in FILE_KINDS), None)
            if kind is None:
                raise ValueError(f"{path}: not a statement file the loader knows")
            plan = self.plans.setdefault(kind, model_plan(kind))
            ids |= _ids_in(data, plan)
            if kind is model.SourceFile:
                self.sources.append(data)
            else:
                self.family_parts.setdefault(kind, []).append(data)
        self.ids = frozenset(ids)
        self.claims = sum(len(s.get("statements") or []) for s in self.sources)

    def rename(self, value: str, family: int) -> str:
        """``value`` with the family suffix when it is one of the corpus's ids."""
        return _Renamer(self.ids, family).id(value)

    def family_files(self, family: int) -> dict[str, dict[str, Any]]:
        """One family's non-source files, one per model kind, by file stem."""
        renamer = _Renamer(self.ids, family)
        out: dict[str, dict[str, Any]] = {}
        for kind, parts in self.family_parts.items():
            stem = next(key for key, k in FILE_KINDS.items() if k is kind)
            merged: dict[str, Any] = {}
            for data in parts:
                copied = renamer.walk(data, self.plans[kind])
                for key, value in copied.items():
                    if not isinstance(value, list):
                        raise ValueError(f"top-level '{key}' is not a list: cannot merge files")
                    merged.setdefault(key, []).extend(value)
            out[f"{stem}-f{family:04d}"] = merged
        return out

    def source(self, original: int, number: int, families: list[int]) -> dict[str, Any]:
        """Synthetic source ``number``: copies of source ``original`` from ``families``."""
        base = self.sources[original]
        plan = self.plans[model.SourceFile]
        source_plan = plan.get("source") if isinstance(plan, dict) else None
        statement_plan = plan.get("statements") if isinstance(plan, dict) else None
        ref_plan = source_plan.get("references") if isinstance(source_plan, dict) else None
        block = dict(_Renamer(self.ids, families[0]).walk(base["source"], source_plan))
        block["id"] = f"source-{number:03d}"
        references: list[dict[str, Any]] = []
        statements: list[dict[str, Any]] = []
        for slot, family in enumerate(families):
            renamer, offset = _Renamer(self.ids, family), slot * REFERENCE_SLOT
            for ref in base["source"].get("references") or []:
                references.append({**renamer.walk(ref, ref_plan), "number": ref["number"] + offset})
            for st in base.get("statements") or []:
                renamed = dict(renamer.walk(st, statement_plan))
                if "cites" in renamed:
                    renamed["cites"] = [n + offset for n in st["cites"]]
                statements.append(renamed)
        if references:
            block["references"] = references
        return {"source": block, "statements": statements}


def write_group(template: Template, group: int, out: Path,
                families_per_group: int = FAMILIES_PER_SOURCE) -> list[Path]:
    """Write group ``group``: each family's non-source files and one source per original."""
    out.mkdir(parents=True, exist_ok=True)
    families = [group * families_per_group + i for i in range(families_per_group)]
    written = []
    for family in families:
        for stem, data in template.family_files(family).items():
            path = out / f"{stem}.yaml"
            _dump(data, path)
            written.append(path)
    for original in range(len(template.sources)):
        number = group * len(template.sources) + original
        if number > MAX_SOURCE:
            raise ValueError("more than 1000 sources: lower the number of groups")
        path = out / f"source-{number:03d}.yaml"
        _dump(template.source(original, number, families), path)
        written.append(path)
    return written


def generate(groups: int, out: Path, families_per_group: int = FAMILIES_PER_SOURCE,
             template: Template | None = None) -> list[Path]:
    """Write ``groups`` groups, each into ``out/group-NNN``; return the group folders."""
    template = template or Template()
    folders = []
    for group in range(groups):
        folder = out / f"group-{group:03d}"
        write_group(template, group, folder, families_per_group)
        folders.append(folder)
    return folders


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--groups", type=int, default=1)
    parser.add_argument("--families", type=int, default=FAMILIES_PER_SOURCE,
                        help="families (copies of the corpus) per group")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for folder in generate(args.groups, args.out, args.families):
        LOG.info("%s", folder)


if __name__ == "__main__":
    main()
