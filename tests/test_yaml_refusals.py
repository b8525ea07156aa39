"""Hostile statement files (issue 11, item 6): each is refused by ``semaxkg build``,
``validate`` and ``check-sources`` with exit 2 and the exact file:line:column message, and a
failed build leaves the previous output byte-for-byte as it was."""

from __future__ import annotations

import hashlib
import shutil
import tracemalloc
from pathlib import Path

import pytest

from semaxkg.build import yamlguard
from semaxkg.build.model import MAX_PARAPHRASE_CHARS, MAX_TEXT_CHARS
from semaxkg.build.yamlfile import load_yaml
from semaxkg.build.yamlguard import (
    MAX_FILE_BYTES,
    MAX_KEY_CHARS,
    MAX_LINE_CHARS,
    MAX_NESTING_DEPTH,
    MAX_NUMBER_CHARS,
)
from semaxkg.cli import main
from semaxkg.errors import InputError
from tests.conftest import MINI_ENTITIES, MINI_TEXT, mini_source

#: Nine levels of nine aliases: 9**9 (387 million) strings once expanded.
ALIAS_BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(f"{b}: &{b} [" + ",".join([f"*{a}"] * 9) + "]\n"
              for a, b in zip("abcdefgh", "bcdefghi", strict=True))
)


def _files(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini corpus and its built output, made once for the module."""
    root = tmp_path_factory.mktemp("built")
    (root / "sources").mkdir()
    (root / "sources" / "mini.txt").write_text(MINI_TEXT, encoding="utf-8")
    (root / "statements").mkdir()
    (root / "statements" / "entities.yaml").write_text(MINI_ENTITIES, encoding="utf-8")
    sha = hashlib.sha256(MINI_TEXT.encode("utf-8")).hexdigest()
    (root / "statements" / "source-900.yaml").write_text(mini_source(sha, len(MINI_TEXT)),
                                                         encoding="utf-8")
    assert main(["build", "--no-reasoner", "--statements", str(root / "statements"),
                 "--out", str(root / "ttl")]) == 0
    return root


@pytest.fixture()
def corpus(built_once: Path, tmp_path: Path) -> Path:
    """A private copy of the built mini corpus."""
    shutil.copytree(built_once, tmp_path / "c")
    return tmp_path / "c"


def refused(corpus: Path, name: str, content: bytes | str, caplog: pytest.LogCaptureFixture) -> str:
    """Write ``statements/name``; check build, validate and check-sources exit 2 and the
    output is untouched; return the log."""
    path = corpus / "statements" / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    before = _files(corpus / "ttl")
    statements = ["--statements", str(corpus / "statements")]
    caplog.clear()
    assert main(["build", "--no-reasoner", *statements, "--out", str(corpus / "ttl")]) == 2
    assert _files(corpus / "ttl") == before
    assert not list(corpus.glob(".ttl-*")), "temporary folders must be cleaned up"
    assert main(["validate", "--no-reasoner", *statements]) == 2
    assert main(["check-sources", *statements, "--sources", str(corpus / "sources")]) == 2
    return caplog.text


def expect(corpus: Path, name: str, where: str, message: str, fix: str, log: str) -> None:
    """The exact located message appears, once for each of the three commands."""
    line = f"{corpus / 'statements' / name}:{where}: {message} (fix: {fix})"
    assert log.count(line) == 3, log[-2000:]


def source_with(old: str, new: str) -> str:
    """The mini source file with one edit."""
    sha = hashlib.sha256(MINI_TEXT.encode("utf-8")).hexdigest()
    text = mini_source(sha, len(MINI_TEXT))
    assert old in text
    return text.replace(old, new, 1)


def pos(content: str, needle: str, line_only: bool = False) -> str:
    """``line:column`` (1-based) where ``needle`` first occurs in ``content``."""
    for number, line in enumerate(content.splitlines(), start=1):
        if needle in line:
            return str(number) if line_only else f"{number}:{line.index(needle) + 1}"
    raise AssertionError(needle)


NO_ANCHORS = "statement files may not use YAML anchors or aliases"


def test_alias_bomb_is_refused_at_its_first_anchor_line(corpus: Path, caplog: pytest.LogCaptureFixture) -> None:
    log = refused(corpus, "lol.yaml", ALIAS_BOMB, caplog)
    expect(corpus, "lol.yaml", "1:4", f"anchor '&a' refused: {NO_ANCHORS}",
           "remove the anchor and write each value out in full", log)


def test_alias_bomb_is_refused_before_anything_is_expanded(tmp_path: Path) -> None:
    path = tmp_path / "lol.yaml"
    path.write_text(ALIAS_BOMB, encoding="utf-8")
    tracemalloc.start()
    try:
        with pytest.raises(InputError):
            load_yaml(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000  # the bomb expands to 387 million strings; refused, it costs kilobytes


def test_alias_to_an_undefined_anchor_is_refused(corpus: Path, caplog: pytest.LogCaptureFixture) -> None:
    content = source_with("    hedging: anecdotal\n", "    hedging: *sure\n")
    log = refused(corpus, "source-900.yaml", content, caplog)
    expect(corpus, "source-900.yaml", pos(content, "*sure"), f"alias '*sure' refused: {NO_ANCHORS}",
           "write the value out in full", log)


def test_anchor_on_a_statement_is_refused(corpus: Path, caplog: pytest.LogCaptureFixture) -> None:
    content = source_with("  - id: s900-anxiety\n", "  - &x\n    id: s900-anxiety\n")
    log = refused(corpus, "source-900.yaml", content, caplog)
    expect(corpus, "source-900.yaml", pos(content, "&x"), f"anchor '&x' refused: {NO_ANCHORS}",
           "remove the anchor and write each value out in full", log)


def test_merge_key_is_refused_with_its_line(corpus: Path, caplog: pytest.LogCaptureFixture) -> None:
    content = source_with("    hedging: anecdotal\n", "    hedging: anecdotal\n    <<: {note: x}\n")
    log = refused(corpus, "source-900.yaml", content, caplog)
    expect(corpus, "source-900.yaml", pos(content, "<<"),
           "merge key '<<' refused: statement files may not use YAML merge keys",
           "write the keys out in full", log)


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system", "!foo", "!!binary", "!!set", "!!str", "!"])
def test_explicit_tag_is_refused_with_its_line(corpus: Path, caplog: pytest.LogCaptureFixture, tag: str) -> None:
    content = source_with("    hedging: anecdotal\n", f"    hedging: {tag} [anecdotal]\n")
    log = refused(corpus, "source-900.yaml", content, caplog)
    expect(corpus, "source-900.yaml", pos(content, f"{tag} [anecdotal]"),
           f"tag '{tag}' refused: statement files may not use YAML tags",
           "remove the tag and write a plain value", log)


def test_10000_deep_nesting_is_refused_at_the_depth_limit(corpus: Path, caplog: pytest.LogCaptureFixture) -> None:
    log = refused(corpus, "deep.yaml", "[\n" * 10_000 + "]\n" * 10_000, caplog)
    # One '[' a line, each one level deeper: the one past the limit is on the next line.
    expect(corpus, "deep.yaml", f"{MAX_NESTING_DEPTH + 1}:1",
           f"nesting deeper than {MAX_NESTING_DEPTH} levels (MAX_NESTING_DEPTH) refused",
           "flatten the structure", log)


def test_4000_deep_flow_sequence_on_one_line_is_refused_at_the_depth_limit(
        corpus: Path, caplog: pytest.LogCaptureFixture) -> None:
    log = refused(corpus, "deep.yaml", "a: " + "[" * 4000 + "]" * 4000 + "\n", caplog)
    expect(corpus, "deep.yaml", f"1:{3 + MAX_NESTING_DEPTH}",
           f"nesting deeper than {MAX_NESTING_DEPTH} levels (MAX_NESTING_DEPTH) refused",
           "flatten the structure", log)


def test_10_mb_text_is_refused_by_the_file_size_limit(corpus: Path, caplog: pytest.LogCaptureFixture) -> None:
    # The 10 MB 'text:', as a folded block of 100-character lines.
    block = "".join("      " + "x" * 93 + "\n" for _ in range(100_000))
    content = source_with("    text: Some users report feeling anxious on it.\n", "    text: >\n" + block)
    log = refused(corpus, "source-900.yaml", content, caplog)
    cut_line = content.encode("utf-8").count(b"\n", 0, MAX_FILE_BYTES) + 1
    expect(corpus, "source-900.yaml", str(cut_line),
           f"file of {len(content.encode('utf-8'))} bytes refused: statement files are at most "
           f"{MAX_FILE_BYTES} bytes (MAX_FILE_BYTES); the limit is passed on this line",
           "split it into several statement files", log)


def test_file_with_more_values_than_the_limit_is_refused_at_the_first_one_past_it(
        corpus: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    # A million one-character list items fit in the size limit and cost ruamel minutes and a
    # gigabyte; the value count stops them. (A smaller limit keeps the test fast.)
    monkeypatch.setattr(yamlguard, "MAX_NODES", 1000)
    log = refused(corpus, "dense.yaml", "- 1\n" * 2000, caplog)
    # The top list is the first value, so the 1,000th item is the first past the limit.
    expect(corpus, "dense.yaml", "1000:3", "more than 1000 values (MAX_NODES) refused: the file is too "
           "dense to be a statement file", "split it into several statement files", log)


def test_text_over_the_schema_limit_is_refused_naming_the_field_and_limit(
        corpus: Path, caplog: pytest.LogCaptureFixture) -> None:
    long = "An anxious user." + " An anxious user." * 200
    content = source_with("    text: Some users report feeling anxious on it.\n", f"    text: {long}\n")
    log = refused(corpus, "source-900.yaml", content, caplog)
    expect(corpus, "source-900.yaml", pos(content, "text: An anxious", line_only=True),
           f"'text' is {len(long)} characters long; the limit is {MAX_PARAPHRASE_CHARS}",
           f"shorten 'text' to at most {MAX_PARAPHRASE_CHARS} characters", log)


def test_note_over_the_text_limit_is_refused_naming_the_field_and_limit(
        corpus: Path, caplog: pytest.LogCaptureFixture) -> None:
    content = source_with("    hedging: anecdotal\n",
                          f"    hedging: anecdotal\n    qualifiers:\n      note: {'n' * 5000}\n")
    log = refused(corpus, "source-900.yaml", content, caplog)
    expect(corpus, "source-900.yaml", pos(content, "note: nnn", line_only=True),
           f"'note' is 5000 characters long; the limit is {MAX_TEXT_CHARS}",
           f"shorten 'note' to at most {MAX_TEXT_CHARS} characters", log)


def test_invalid_utf8_is_located_by_line_and_column(corpus: Path, caplog: pytest.LogCaptureFixture) -> None:
    content = source_with("    hedging: anecdotal\n", "    hedging: anecd\u00e9tal\n")
    raw = content.encode("utf-8").replace("é".encode(), b"\xe9")  # Latin-1, not UTF-8
    log = refused(corpus, "source-900.yaml", raw, caplog)
    expect(corpus, "source-900.yaml", pos(content, "é"), "invalid UTF-8 byte 0xe9 (invalid continuation byte)",
           "save the file as UTF-8", log)


def test_nul_byte_is_located_by_line_and_column(corpus: Path, caplog: pytest.LogCaptureFixture) -> None:
    content = source_with("    hedging: anecdotal\n", "    hedging: anec\0dotal\n")
    log = refused(corpus, "source-900.yaml", content, caplog)
    expect(corpus, "source-900.yaml", pos(content, "\0"), "NUL byte refused: the file is binary or not UTF-8",
           "save the file as UTF-8 text", log)


def test_utf16_file_is_refused_at_its_byte_order_mark(corpus: Path, caplog: pytest.LogCaptureFixture) -> None:
    log = refused(corpus, "source-900.yaml", source_with("a", "a").encode("utf-16"), caplog)
    expect(corpus, "source-900.yaml", "1:1", "UTF-16 or UTF-32 text refused (byte-order mark)",
           "save the file as UTF-8", log)


def test_utf8_byte_order_mark_is_accepted(corpus: Path) -> None:
    path = corpus / "statements" / "source-900.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert main(["validate", "--no-reasoner", "--statements", str(corpus / "statements")]) == 0


def test_duplicate_key_is_refused_with_both_lines(corpus: Path, caplog: pytest.LogCaptureFixture) -> None:
    content = source_with("    hedging: anecdotal\n", "    hedging: anecdotal\n    hedging: doubled\n")
    log = refused(corpus, "source-900.yaml", content, caplog)
    first = pos(content, "hedging: anecdotal", line_only=True)
    expect(corpus, "source-900.yaml", pos(content, "hedging: doubled"),
           f"duplicate key 'hedging' (first at line {first})", "remove one of the two or rename it", log)


def test_number_and_quoted_key_that_read_alike_are_duplicates(corpus: Path, caplog: pytest.LogCaptureFixture) -> None:
    log = refused(corpus, "odd.yaml", "entities: []\n1: a\n'1': b\n", caplog)
    expect(corpus, "odd.yaml", "3:1", "duplicate key '1' (first at line 2)",
           "remove one of the two or rename it", log)


def test_100000_digit_integer_is_refused_by_the_line_limit(corpus: Path, caplog: pytest.LogCaptureFixture) -> None:
    content = source_with("{start: 87,", "{start: " + "9" * 100_000 + ",")
    log = refused(corpus, "source-900.yaml", content, caplog)
    expect(corpus, "source-900.yaml", f"{pos(content, '{start: 999', line_only=True)}:{MAX_LINE_CHARS + 1}",
           f"line longer than {MAX_LINE_CHARS} characters (MAX_LINE_CHARS) refused",
           "break the value over several lines (a '>' folded block)", log)


def test_5000_digit_integer_is_refused_by_the_number_limit(corpus: Path, caplog: pytest.LogCaptureFixture) -> None:
    content = source_with("{start: 87,", "{start: " + "9" * 5000 + ",")
    log = refused(corpus, "source-900.yaml", content, caplog)
    expect(corpus, "source-900.yaml", pos(content, "999"),
           f"number of 5000 characters refused: numbers have at most {MAX_NUMBER_CHARS} characters "
           "(MAX_NUMBER_CHARS)", "correct the number, or quote it if it is text", log)


def test_1e400000_is_refused_as_not_finite(corpus: Path, caplog: pytest.LogCaptureFixture) -> None:
    content = source_with("    object: increased-anxiety\n", "    value: 1e400000\n")
    log = refused(corpus, "source-900.yaml", content, caplog)
    expect(corpus, "source-900.yaml", pos(content, "1e400000"), "number '1e400000' refused: not a finite number",
           "give a finite number, or quote it if it is text", log)


def test_impossible_date_is_refused_with_its_line(corpus: Path, caplog: pytest.LogCaptureFixture) -> None:
    content = source_with("  title: Mini\n", "  title: Mini\n  date: 2024-02-30\n")
    log = refused(corpus, "source-900.yaml", content, caplog)
    expect(corpus, "source-900.yaml", pos(content, "2024-02-30"),
           "value '2024-02-30' refused: day is out of range for month",
           "correct the value, or quote it if it is text", log)


def test_escape_beyond_unicode_is_refused_with_its_line(corpus: Path, caplog: pytest.LogCaptureFixture) -> None:
    content = source_with("  title: Mini\n", '  title: "Mini \\U00110000"\n')
    log = refused(corpus, "source-900.yaml", content, caplog)
    # Located where the reader stopped: at the escape's code.
    expect(corpus, "source-900.yaml", pos(content, "00110000"),
           "unreadable YAML value: chr() arg not in range(0x110000)", "correct the value near here", log)


def test_escaped_surrogate_is_refused_with_its_line(corpus: Path, caplog: pytest.LogCaptureFixture) -> None:
    content = source_with("  title: Mini\n", '  title: "Mini \\ud800"\n')
    log = refused(corpus, "source-900.yaml", content, caplog)
    expect(corpus, "source-900.yaml", pos(content, '"Mini'),
           "escaped UTF-16 surrogate ('\\ud800'…'\\udfff') refused: not a character",
           "write the character itself, or its '\\U' escape", log)


def test_complex_key_is_refused(corpus: Path, caplog: pytest.LogCaptureFixture) -> None:
    log = refused(corpus, "odd.yaml", "entities: []\n? [a]\n: 1\n", caplog)
    expect(corpus, "odd.yaml", "2:3", "complex mapping key refused: keys are plain field names",
           "use a field name as the key", log)


def test_long_key_is_refused(corpus: Path, caplog: pytest.LogCaptureFixture) -> None:
    log = refused(corpus, "odd.yaml", "entities: []\n? " + "k" * 200 + "\n: 1\n", caplog)
    expect(corpus, "odd.yaml", "2:3", f"key of 200 characters refused: keys are at most {MAX_KEY_CHARS} "
           "characters (MAX_KEY_CHARS)", "use a field name as the key", log)


def test_tab_indentation_is_located(corpus: Path, caplog: pytest.LogCaptureFixture) -> None:
    log = refused(corpus, "odd.yaml", "entities:\n\t- id: x\n", caplog)
    expect(corpus, "odd.yaml", "2:1", "malformed YAML: while scanning for the next token found character "
           "'\\t' that cannot start any token", "fix the YAML syntax", log)


def test_second_document_is_refused_at_its_line(corpus: Path, caplog: pytest.LogCaptureFixture) -> None:
    log = refused(corpus, "odd.yaml", "entities: []\n---\nentities: []\n", caplog)
    expect(corpus, "odd.yaml", "2:1", "malformed YAML: expected a single document in the stream "
           "but found another document", "fix the YAML syntax", log)


@pytest.mark.parametrize("directive", ["%YAML 1.1", "%TAG !e! tag:example.com,2000:"])
def test_yaml_directive_is_refused(corpus: Path, caplog: pytest.LogCaptureFixture, directive: str) -> None:
    log = refused(corpus, "odd.yaml", f"{directive}\n---\nentities: []\n", caplog)
    expect(corpus, "odd.yaml", "2:1", "YAML directive ('%YAML' or '%TAG') refused",
           "remove the directive line", log)


def test_yaml_is_read_in_one_place() -> None:
    """Every command loads statements through the bounded loader: only it imports ruamel."""
    src = Path(__file__).resolve().parents[1] / "src" / "semaxkg"
    users = sorted(str(p.relative_to(src)) for p in src.rglob("*.py")
                   if "ruamel" in p.read_text(encoding="utf-8"))
    assert users == ["build/yamlfile.py", "build/yamlguard.py"]
