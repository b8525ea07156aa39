"""Keep what is sound in a statement file that fails the schema, so one run reports every
problem: a bad field is set aside (a required one gets a placeholder), an item that cannot
be repaired is left out, and the rest of the file is still checked across files."""

from __future__ import annotations

import copy
import typing
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from semaxkg.build.yamlfile import LocatedDocument, PathKey

#: Top-level lists whose items are checked (and left out) one by one.
LIST_SECTIONS = ("statements", "entities", "studies", "records", "conflicts")
#: Stands for a required value that was missing or wrong; a problem naming it is a knock-on
#: of one already reported, so :class:`~semaxkg.build.corpus_checks.CorpusChecker` drops it.
PLACEHOLDER = "zz-unset-value"
#: The placeholder of a refused ``sha256`` (it must look like one); never a real text's digest.
SHA256_PLACEHOLDER = "0" * 64
#: Text a knock-on problem names: a problem whose message holds one is dropped.
PLACEHOLDER_MARKS = (PLACEHOLDER, SHA256_PLACEHOLDER)
#: Repair rounds before a file is given up (each round fixes every error pydantic reports).
MAX_ROUNDS = 6

_PLACEHOLDERS: dict[str, Any] = {
    "locators": [{"start": 0, "end": 1}],
    "locator": {"start": 0, "end": 1},
    "terms": [PLACEHOLDER],
    "design": [PLACEHOLDER],
    "claims": [PLACEHOLDER],
    "length": 1,
    "sha256": SHA256_PLACEHOLDER,
}


@dataclass
class Salvaged:
    """The repaired document (indices renumbered when items were left out) and its model."""

    doc: LocatedDocument
    model: BaseModel


@dataclass
class _Repair:
    data: Any
    placed: set[PathKey] = field(default_factory=set)
    dropped: set[tuple[str, int]] = field(default_factory=set)


def clean_loc(err: Any) -> PathKey:
    """The path into the document of one pydantic error (union member names removed)."""
    loc: PathKey = tuple(p for p in err["loc"] if isinstance(p, str | int))
    return tuple(p for p in loc if not ((isinstance(p, str) and p[:1].isupper()) or "[" in str(p)))


def raw_ids(data: Any) -> dict[str, set[str]]:
    """Every ``id`` written in each list section, valid or not (they are known to other files)."""
    found: dict[str, set[str]] = {s: set() for s in LIST_SECTIONS}
    if isinstance(data, dict):
        for section in LIST_SECTIONS:
            items = data.get(section)
            for item in items if isinstance(items, list) else []:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    found[section].add(item["id"])
    return found


def _get(data: Any, path: PathKey) -> Any:
    for p in path:
        data = data[p]
    return data


def _is_item(path: PathKey) -> bool:
    return len(path) == 2 and path[0] in LIST_SECTIONS and isinstance(path[1], int)


def _remove(rep: _Repair, path: PathKey) -> bool:
    """Set aside the value at ``path`` (or the field or item holding it); False when only
    the whole file is left to set aside."""
    while path and isinstance(path[-1], int) and not _is_item(path):
        path = path[:-1]
    if _is_item(path):
        rep.dropped.add((str(path[0]), int(path[1])))
        return True
    if len(path) <= 1:
        return False
    if path in rep.placed:  # the placeholder was refused too: set aside what holds it
        return _remove(rep, path[:-1])
    try:
        parent = _get(rep.data, path[:-1])
    except (KeyError, IndexError, TypeError):
        return _remove(rep, path[:-1])
    if isinstance(parent, dict) and path[-1] in parent:
        parent.pop(path[-1])
        return True
    return _remove(rep, path[:-1])


def _place(rep: _Repair, path: PathKey) -> bool:
    """Give a missing required field a placeholder; False when it has none."""
    name = path[-1]
    if path in rep.placed or not isinstance(name, str):
        return False
    try:
        parent = _get(rep.data, path[:-1])
    except (KeyError, IndexError, TypeError):
        return False
    if not isinstance(parent, dict):
        return False
    parent[name] = copy.deepcopy(_PLACEHOLDERS.get(name, PLACEHOLDER))
    rep.placed.add(path)
    return True


def _without_dropped(rep: _Repair, doc: LocatedDocument) -> LocatedDocument:
    """Leave out the dropped items and renumber the line map to match."""
    data = rep.data
    lines = dict(doc.lines)
    for section in LIST_SECTIONS:
        gone = sorted(i for s, i in rep.dropped if s == section)
        if not gone or not isinstance(data.get(section), list):
            continue
        data[section] = [x for i, x in enumerate(data[section]) if i not in gone]
        moved: dict[PathKey, int] = {}
        for key, line in lines.items():
            if len(key) >= 2 and key[0] == section and isinstance(key[1], int):
                if key[1] in gone:
                    continue
                shift = sum(1 for g in gone if g < key[1])
                moved[(section, key[1] - shift, *key[2:])] = line
            else:
                moved[key] = line
        lines = moved
    return LocatedDocument(doc.path, data, lines)


def salvage(doc: LocatedDocument, model: type[BaseModel], exc: ValidationError) -> Salvaged | None:
    """The largest sound part of ``doc`` as ``model``, or None when the file cannot be kept."""
    rep = _Repair(copy.deepcopy(doc.data))
    errors = [(clean_loc(e), e["type"]) for e in exc.errors()]
    for _round in range(MAX_ROUNDS):
        for loc, kind in errors:
            if loc[:2] in rep.dropped:
                continue
            if not ((kind == "missing" and _place(rep, loc)) or _remove(rep, loc)):
                return None
        trial = _without_dropped(_Repair(copy.deepcopy(rep.data), rep.placed, rep.dropped), doc)
        try:
            return Salvaged(trial, model.model_validate(trial.data))
        except ValidationError as again:
            errors = [(_original(rep, clean_loc(e)), e["type"]) for e in again.errors()]
    return None


def _original(rep: _Repair, loc: PathKey) -> PathKey:
    """Map a path of the renumbered trial document back to the original's item index."""
    if len(loc) >= 2 and loc[0] in LIST_SECTIONS and isinstance(loc[1], int):
        index = loc[1]
        for gone in sorted(i for s, i in rep.dropped if s == loc[0]):
            if gone <= index:
                index += 1
        return (loc[0], index, *loc[2:])
    return loc


def fields_at(model: type[BaseModel], loc: PathKey) -> list[str]:
    """The field names the model allows where ``loc`` points (for "did you mean")."""
    cls: type[BaseModel] | None = model
    for p in loc[:-1]:
        if isinstance(p, int) or cls is None:
            continue
        info = cls.model_fields.get(p)
        cls = _model_in(info.annotation) if info is not None else None
    return list(cls.model_fields) if cls is not None else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
