"""Randomly corrupted statement files give a located error or success, never a traceback.

Two fuzzers: character-level corruption of the mini corpus, and grammar-aware mutations of
mini and real statement files (anchors, aliases, tags, merge keys, deep nesting, bad bytes,
odd numbers and escapes, directives, duplicate keys, truncation) aimed at the loader's limits.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from semaxkg.build.convert import convert
from semaxkg.build.corpus import load_corpus
from semaxkg.build.vocab import default_vocabulary, load_ontology
from semaxkg.build.yamlguard import MAX_LINE_CHARS, MAX_NESTING_DEPTH
from semaxkg.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
#: Real statement files small enough to load many times (each is loaded on its own).
REAL_FILES = ("entities-000.yaml", "entities-001.yaml", "entities-002.yaml", "conflicts.yaml")

VOCAB = default_vocabulary()
ONTOLOGY = load_ontology()

edits = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 200)),
    st.tuples(st.just("duplicate"), st.integers(0, 200)),
    st.tuples(st.just("swap"), st.integers(0, 200)),
    st.tuples(st.just("char"), st.integers(0, 5000), st.sampled_from(list(":-[]{}#'\" \t\n9xé\x00"))),
    st.tuples(st.just("truncate"), st.integers(0, 5000)),
)


def corrupt(text: str, ops: list[tuple]) -> str:  # type: ignore[type-arg]
    for op in ops:
        lines = text.splitlines(keepends=True)
        if op[0] == "delete" and lines:
            del lines[op[1] % len(lines)]
        elif op[0] == "duplicate" and lines:
            i = op[1] % len(lines)
            lines.insert(i, lines[i])
        elif op[0] == "swap" and len(lines) > 1:
            i = op[1] % (len(lines) - 1)
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        elif op[0] == "char" and text:
            i = op[1] % len(text)
            text = text[:i] + op[2] + text[i + 1:]
            continue
        elif op[0] == "truncate":
            text = text[: op[1] % (len(text) + 1)]
            continue
        text = "".join(lines)
    return text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(["source-900.yaml", "entities.yaml"]), ops=st.lists(edits, min_size=1, max_size=4))
def test_corrupted_files_never_crash(mini: dict[str, Path], target: str, ops: list[tuple]) -> None:  # type: ignore[type-arg]
    work = mini["root"] / "fuzz"
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(mini["statements"], work)
    path = work / target
    path.write_text(corrupt(path.read_text(encoding="utf-8"), ops), encoding="utf-8")
    try:
        corpus = load_corpus(work, VOCAB)
    except InputError as exc:
        assert exc.problems
        for p in exc.problems:
            assert p.location.path.endswith(".yaml")
            assert p.location.line is not None and p.location.line >= 1
            assert p.message
        return
    convert(corpus, VOCAB, ONTOLOGY)  # anything that loads must also convert


# Grammar-aware mutations: each names a YAML feature or limit the loader must refuse or bound.
_VALUES = st.sampled_from([
    "&a x", "*a", "&a [1, 2]", "!!python/object/apply:os.system ['true']", "!foo x", "!!binary aGk=",
    "!!set {a}", "!!str 1", "! x", "{<<: {a: 1}}", "1e400000", ".nan", "-.inf", "2020-13-40",
    "2020-02-30T25:00:00", "0x_", "0o", "9" * 40, "9" * 5000, '"\\U00110000"', '"\\ud800"',
    '"\\x4"', "'it''s'", "|-\n  block", ">\n folded", "[a, {b: c}]", "? [a]", "null", "~", "",
])
_BYTES = st.sampled_from([b"\xff", b"\xc3", b"\x00", b"\xef\xbb\xbf", b"\xfe\xff", b"\r", b"\t",
                          b"\xc2\x85", b"\xe2\x80\xa8", b"\x1b", b"\xed\xa0\x80"])
grammar_edits = st.one_of(
    st.tuples(st.just("value"), st.integers(0, 400), _VALUES),
    st.tuples(st.just("nest"), st.integers(0, 400), st.integers(1, MAX_NESTING_DEPTH + 40),
              st.sampled_from(["[]", "{}"])),
    st.tuples(st.just("line"), st.integers(0, 400), st.sampled_from(
        ["<<: {a: 1}", "---", "...", "%YAML 1.1", "%TAG !e! tag:e.com,2000:", "? [a]\n: 1",
         "&x", "*x", "a: &x 1", "b: *x"])),
    st.tuples(st.just("long"), st.integers(0, 400), st.integers(MAX_LINE_CHARS - 20, MAX_LINE_CHARS + 20)),
    st.tuples(st.just("duplicate"), st.integers(0, 400)),
    st.tuples(st.just("bytes"), st.integers(0, 20_000), _BYTES),
    st.tuples(st.just("truncate"), st.integers(0, 20_000)),
)


def mutate(raw: bytes, ops: list[tuple]) -> bytes:  # type: ignore[type-arg]
    """Apply grammar-aware edits to a statement file's bytes."""
    for op in ops:
        lines = raw.split(b"\n")
        i = op[1] % len(lines)
        line = lines[i]
        head, colon, _tail = line.partition(b": ")
        if op[0] == "value" and colon:
            lines[i] = head + colon + op[2].encode("utf-8")
        elif op[0] == "nest" and colon:
            lines[i] = head + colon + (op[3][0] * op[2] + op[3][1] * op[2]).encode("ascii")
        elif op[0] == "line":
            indent = line[: len(line) - len(line.lstrip(b" "))]
            lines.insert(i, indent + op[2].encode("utf-8"))
        elif op[0] == "long" and colon:
            lines[i] = head + colon + b"x" * max(op[2] - len(head) - 2, 1)
        elif op[0] == "duplicate":
            lines.insert(i, line)
        elif op[0] == "bytes":
            at = op[1] % (len(raw) + 1)
            raw = raw[:at] + op[2] + raw[at:]
            continue
        elif op[0] == "truncate":
            raw = raw[: op[1] % (len(raw) + 1)]
            continue
        raw = b"\n".join(lines)
    return raw


def _loads_or_is_located(folder: Path) -> None:
    """The property: the corpus loads (and converts), or every problem has a file and a line."""
    try:
        corpus = load_corpus(folder, VOCAB)
    except InputError as exc:
        assert exc.problems
        for p in exc.problems:
            assert p.location.path.endswith(".yaml"), p
            assert p.location.line is not None and p.location.line >= 1, p
            assert p.message and len(str(p)) < 2_000, p  # a message never echoes a whole value
        return
    convert(corpus, VOCAB, ONTOLOGY)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(["source-900.yaml", "entities.yaml"]),
       ops=st.lists(grammar_edits, min_size=1, max_size=3))
def test_grammar_aware_mutations_of_the_mini_corpus_are_loaded_or_located(
        mini: dict[str, Path], target: str, ops: list[tuple]) -> None:  # type: ignore[type-arg]
    work = mini["root"] / "fuzz"
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(mini["statements"], work)
    path = work / target
    path.write_bytes(mutate(path.read_bytes(), ops))
    _loads_or_is_located(work)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(REAL_FILES), ops=st.lists(grammar_edits, min_size=1, max_size=3))
def test_grammar_aware_mutations_of_real_statement_files_are_loaded_or_located(
        tmp_path: Path, name: str, ops: list[tuple]) -> None:  # type: ignore[type-arg]
    work = tmp_path / "real"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir()
    raw = (ROOT / "data" / "statements" / name).read_bytes()
    (work / name).write_bytes(mutate(raw, ops))
    try:
        load_corpus(work, VOCAB)
    except InputError as exc:
        assert all(p.location.line is not None and p.location.line >= 1 for p in exc.problems), exc
