"""The build watcher of ``serve --watch`` (commands/watch_builds) and its command line."""

from __future__ import annotations

from pathlib import Path

from semaxkg.cli import main
from semaxkg.commands.watch_builds import build_problems, snapshot


def test_snapshot_sees_a_changed_file(corpus: dict[str, Path]) -> None:
    before = snapshot(corpus["statements"])
    assert sorted(before) == ["entities.yaml", "source-900.yaml"]
    source = corpus["statements"] / "source-900.yaml"
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert snapshot(corpus["statements"]) != before
    (corpus["statements"] / "notes.md").write_text("not a statement file", encoding="utf-8")
    assert sorted(snapshot(corpus["statements"])) == ["entities.yaml", "source-900.yaml"]


def test_build_problems_of_a_broken_and_a_good_corpus(corpus: dict[str, Path], tmp_path: Path) -> None:
    source = corpus["statements"] / "source-900.yaml"
    good = source.read_text(encoding="utf-8")
    source.write_text(good.replace("object: acth", "object: acht"), encoding="utf-8")
    problems = build_problems(corpus["statements"], tmp_path / "b1", corpus["root"], False)
    assert [str(p) for p in problems] == [
        "statements/source-900.yaml:18: unknown object 'acht' (did you mean 'acth'?) "
        "(fix: define it in an entities file or correct the id)"]
    assert not (tmp_path / "b1").exists()  # a failed build writes nothing
    source.write_text(good, encoding="utf-8")
    assert build_problems(corpus["statements"], tmp_path / "b2", corpus["root"], False) == []
    assert (tmp_path / "b2" / "semaxkg.nq").is_file()


def test_serve_watch_usage_errors(tmp_path: Path) -> None:
    assert main(["serve", "--watch", "--store", "http://127.0.0.1:1/query"]) == 2
    assert main(["serve", "--watch", "--statements", str(tmp_path / "none"), "--port", "1"]) == 2
