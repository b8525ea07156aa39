"""Load every statement file, validate it against the schema and the ontology, and
collect every problem with its file:line before giving up."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from semaxkg.build.corpus_checks import CorpusChecker
from semaxkg.build.model import (
    ConflictsFile,
    Corpus,
    EntitiesFile,
    SourceFile,
)
from semaxkg.build.salvage import clean_loc, fields_at, raw_ids, salvage
from semaxkg.build.suggest import did_you_mean
from semaxkg.build.vocab import Vocabulary
from semaxkg.build.yamlfile import LocatedDocument, PathKey, load_yaml
from semaxkg.errors import InputError, Location, Problem

__all__ = ["FILE_KINDS", "SHOWN_CHARS", "Corpus", "load_corpus", "statement_files"]

#: Longest quoted value in a message (a wrong value may be a whole file's worth of text).
SHOWN_CHARS = 80
#: Top-level keys that tell which kind of statement file a YAML file is.
FILE_KINDS: dict[str, type[BaseModel]] = {
    "source": SourceFile,
    "entities": EntitiesFile,
    "studies": EntitiesFile,
    "conflicts": ConflictsFile,
    "records": ConflictsFile,
}



def _field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if not isinstance(p, int)]
    return parts[-1] if parts else "document"


def _shown(value: Any) -> str:
    """``repr`` of a value for a message, cut to :data:`SHOWN_CHARS` characters."""
    text = repr(value)
    return text if len(text) <= SHOWN_CHARS else f"{text[:SHOWN_CHARS]}… ({len(text)} characters)"


def _problems_from_validation(doc: LocatedDocument, model: type[BaseModel],
                              exc: ValidationError) -> list[Problem]:
    problems = []
    for err in exc.errors():
        loc: PathKey = clean_loc(err)
        name = _field_name(loc)
        kind = err["type"]
        if kind == "extra_forbidden":
            hint = did_you_mean(name, fields_at(model, loc))
            msg, fix = f"unknown field '{name}'{hint}", f"remove '{name}' or correct its spelling"
        elif kind == "missing":
            msg, fix = f"missing field '{name}'", f"add '{name}:' here"
        elif kind == "string_too_long":
            limit = err.get("ctx", {}).get("max_length")
            msg = f"'{name}' is {len(err.get('input', ''))} characters long; the limit is {limit}"
            fix = f"shorten '{name}' to at most {limit} characters"
        elif kind == "value_error":  # a rule across fields of one entry (see the models)
            msg = str(err["msg"]).removeprefix("Value error, ")
            fix = "correct this entry as said"
        elif kind == "string_too_short":
            least = err.get("ctx", {}).get("min_length")
            msg = f"'{name}' is {len(err.get('input', ''))} characters long; at least {least} are needed"
            fix = f"write at least {least} characters in '{name}'"
        elif kind == "string_pattern_mismatch":
            pattern = err.get("ctx", {}).get("pattern", "")
            msg = f"'{name}' has value {_shown(err.get('input'))}, which does not match {pattern}"
            fix = "use lower-case letters, digits and hyphens for ids" if name in {
                "id", "subject", "object", "study"} else "correct the value"
        else:
            msg = f"'{name}': {err['msg']} (got {_shown(err.get('input'))})"
            fix = "give a value of the right type"
        problems.append(Problem(doc.location(loc), msg, fix))
    return problems


def _classify(doc: LocatedDocument) -> type[BaseModel] | None:
    if not isinstance(doc.data, dict):
        return None
    for key in doc.data:
        if key in FILE_KINDS:
            return FILE_KINDS[key]
    return None


def statement_files(directory: Path) -> list[Path]:
    """The statement files of a directory, in a fixed order."""
    return sorted(p for p in directory.glob("*.yaml") if p.is_file())


def load_corpus(directory: Path, vocab: Vocabulary, display_root: Path | None = None,
                more_checks: Callable[[Corpus], list[Problem]] | None = None) -> Corpus:
    """Load and check every statement file; raise :class:`InputError` listing every problem.
    ``more_checks`` runs on what loaded even when some of it failed (one run, every problem)."""
    if not directory.is_dir():
        raise InputError([Problem(Location(str(directory)), "statement directory not found",
                                  "pass --statements DIR pointing at data/statements")])
    files = statement_files(directory)
    if not files:
        raise InputError([Problem(Location(str(directory)), "no *.yaml statement files",
                                  "add at least one source file")])
    checker = CorpusChecker(vocab)
    parsed: list[tuple[LocatedDocument, BaseModel]] = []
    for path in files:
        shown = str(path.relative_to(display_root)) if display_root else str(path)
        try:
            doc = load_yaml(path, shown)
        except InputError as exc:
            checker.problems.extend(exc.problems)
            continue
        model = _classify(doc)
        if model is None:
            checker.add(Location(shown, 1), "not a statement file",
                        "start the file with 'source:', 'entities:', 'studies:', 'records:' or 'conflicts:'")
            continue
        for section, ids in raw_ids(doc.data).items():
            checker.known_ids[section] |= ids
        try:
            parsed.append((doc, model.model_validate(doc.data)))
        except ValidationError as exc:
            checker.problems.extend(_problems_from_validation(doc, model, exc))
            # Check the rest of the file too: one run reports every problem, no knock-ons.
            kept = salvage(doc, model, exc)
            if kept is not None:
                parsed.append((kept.doc, kept.model))
    # Entities first (statements refer to them), then sources, statements, conflicts.
    for doc, item in parsed:
        if isinstance(item, EntitiesFile):
            checker.entities_file(doc, item)
    for doc, item in parsed:
        if isinstance(item, EntitiesFile):
            checker.entity_links(doc, item)
            checker.study_facts(doc, item)
    for doc, item in parsed:
        if isinstance(item, SourceFile):
            checker.source_file(doc, item)
    for doc, item in parsed:
        if isinstance(item, SourceFile):
            checker.statements(doc, item)
    for doc, item in parsed:
        if isinstance(item, ConflictsFile):
            checker.records_file(doc, item)
    for doc, item in parsed:
        if isinstance(item, ConflictsFile):
            checker.conflicts_file(doc, item)
    if more_checks is not None:
        checker.problems.extend(more_checks(checker.corpus))
    if checker.problems:
        raise InputError(checker.reported())
    return checker.corpus
