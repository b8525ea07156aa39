"""Randomly corrupted statement files give a located error or success, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from semaxkg.convert import convert
from semaxkg.corpus import load_corpus
from semaxkg.errors import InputError
from semaxkg.vocab import default_vocabulary, load_ontology

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
