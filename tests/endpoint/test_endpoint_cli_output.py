"""``semaxkg query`` output (issue 15 item 6): a text table, a final newline, no chatter,
and "did you mean" for a mistyped option."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from endpoint_support import REPO

from semaxkg import cli

CLAIMS = ("PREFIX sxo: <https://w3id.org/semaxkg/ontology/>\n"
          "PREFIX sx: <https://w3id.org/semaxkg/id/>\n"
          "SELECT * WHERE { ?claim sxo:effectSize ?size ; sxo:about ?about ; "
          "<http://www.w3.org/2000/01/rdf-schema#label> ?label FILTER(?size < 2) } "
          "ORDER BY ?size")


def _run(*words: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "semaxkg.cli", *words], capture_output=True,
                          text=True, timeout=120, cwd=REPO, check=False)


def test_issue15_text_table_is_aligned_like_jena(
        nq_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["query", CLAIMS, "--format", "text", "--data", str(nq_file)]) == 0
    rule, double = "-" * 46, "=" * 46  # every line is as wide as the rules
    assert capsys.readouterr().out.splitlines() == [
        rule,
        "| claim        | size | about    | label     |",
        double,
        '| sx:claim-000 | 0    | sx:semax | "claim 0" |',
        '| sx:claim-001 | 1    | sx:semax | "claim 1" |',
        rule,
    ]


def test_ask_as_text(nq_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["query", "ASK { ?s ?p ?o }", "--format", "text", "--data",
                     str(nq_file)]) == 0
    assert capsys.readouterr().out == "Ask => Yes\n"


def test_issue15_piped_json_ends_with_a_newline_and_logs_nothing(nq_file: Path) -> None:
    done = _run("query", "ASK { ?s ?p ?o }", "--data", str(nq_file))
    assert done.returncode == 0
    assert done.stdout == '{"head": {}, "boolean": true}\n'
    assert done.stderr == ""
    verbose = _run("-v", "query", "ASK { ?s ?p ?o }", "--data", str(nq_file))
    assert "INFO semaxkg.store.dataset: loaded 124 quads" in verbose.stderr


def test_issue15_bad_query_gives_the_endpoint_message(nq_file: Path) -> None:
    done = _run("query", "SELECT * { ?s sxo:x ?o }", "--data", str(nq_file))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        'Bad request: SPARQL syntax error at line 1, column 15: the prefix "sxo:" is not '
        "declared.\nFix: add this line at the top of the query: "
        "PREFIX sxo: <https://w3id.org/semaxkg/ontology/>\n"
        "  1 | SELECT * { ?s sxo:x ?o }\n"
        "    |               ^^^^\n")


@pytest.mark.parametrize(("words", "hint"), [
    (["query", "--fromat", "csv", "ASK {}"], "(did you mean --format?)"),
    (["query", "ASK {}", "--format", "jsn"], "(did you mean json?)"),
    (["qurey", "ASK {}"], "(did you mean query?)"),
    (["serve", "--prot", "8000"], "(did you mean --port?)"),
    (["build", "--verbse"], "(did you mean --verbose?)"),
])
def test_issue15_unknown_option_gets_did_you_mean(
        words: list[str], hint: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.main(words)
    assert stopped.value.code == 2
    error = capsys.readouterr().err.rstrip("\n").splitlines()[-1]
    assert error.endswith(hint), error


def test_unrelated_word_gets_no_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["query", "--zzzzzz", "ASK {}"])
    assert "did you mean" not in capsys.readouterr().err


def test_a_terminal_gets_the_table_without_asking(nq_file: Path) -> None:
    import os
    import pty

    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "semaxkg.cli", "query", "ASK { ?s ?p ?o }", "--data",
             str(nq_file)], stdout=follower, stderr=subprocess.PIPE, timeout=120, cwd=REPO,
            check=False)
        os.close(follower)
        follower = -1
        printed = os.read(leader, 1000)
    finally:
        if follower >= 0:
            os.close(follower)
        os.close(leader)
    assert done.returncode == 0 and done.stderr == b""
    assert printed.replace(b"\r\n", b"\n") == b"Ask => Yes\n"


def test_query_after_data_is_not_taken_for_a_missing_query(nq_file: Path) -> None:
    # Shown by `semaxkg query --data FILE 'ASK {}'`: --data took the query as a second file and
    # argparse said "the following arguments are required: query".
    done = _run("query", "--data", str(nq_file), "ASK {}")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (f"ERROR semaxkg: no query given: --data took every word after it as "
                           f"a file ({nq_file} ASK {{}}); put the query before --data, or end "
                           "the files with --\n")
    ended = _run("query", "--data", str(nq_file), "--", "ASK { ?s ?p ?o }")
    assert (ended.returncode, ended.stdout) == (0, '{"head": {}, "boolean": true}\n')


def test_empty_query_gets_the_endpoint_message(nq_file: Path) -> None:
    # Shown by `semaxkg query ''`: it said found ""; correct the query at or just before "".
    done = _run("query", "  ", "--data", str(nq_file))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "Bad request: the query is empty.\nFix: send the text of a SPARQL query.\n"


def test_text_table_escapes_tabs_and_aligns_wide_characters() -> None:
    # Shown by `semaxkg query` on a terminal with ("t\tab" AS ?u) ("日本" AS ?y): the raw tab
    # and the two-column characters pushed the cells out of line.
    from semaxkg.commands.text_table import solutions_table

    answer = {"head": {"vars": ["u", "y"]}, "results": {"bindings": [
        {"u": {"type": "literal", "value": "t\tab\r"}, "y": {"type": "literal", "value": "日本"}},
        {"u": {"type": "literal", "value": "x"}, "y": {"type": "literal", "value": "abcdef"}}]}}
    assert solutions_table(answer, {}) == (
        "------------------------\n"
        "| u         | y        |\n"
        "========================\n"
        '| "t\\tab\\r" | "日本"   |\n'
        '| "x"       | "abcdef" |\n'
        "------------------------\n")


@pytest.mark.parametrize(("query", "fmt", "message"), [
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1", "csv",
     "--format csv does not fit the answer of a CONSTRUCT query: use one of text, json, xml, "
     "turtle, json-ld, rdf-xml, n-triples, n3, trig, n-quads"),
    ("SELECT * { ?s ?p ?o } LIMIT 1", "turtle",
     "--format turtle does not fit the answer of a SELECT query: use one of text, json, xml, csv, tsv"),
    ("ASK { ?s ?p ?o }", "json-ld",
     "--format json-ld does not fit the answer of an ASK query: use one of text, json, xml, csv, tsv"),
])
def test_format_that_cannot_carry_the_answer_is_refused(nq_file: Path, query: str, fmt: str,
                                                        message: str) -> None:
    # Shown by `semaxkg query --format csv 'CONSTRUCT …'`: it wrote Turtle without a word (and
    # --format turtle for a SELECT wrote JSON).
    done = _run("query", query, "--format", fmt, "--data", str(nq_file))
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"ERROR semaxkg: {message}\n")


def test_verbose_after_the_sub_command(nq_file: Path) -> None:
    # Shown by `semaxkg query -v 'ASK {}'`: "unrecognized arguments: -v (did you mean -v?)".
    for flag in ("-v", "--verbose"):
        done = _run("query", flag, "ASK { ?s ?p ?o }", "--data", str(nq_file))
        assert (done.returncode, done.stdout) == (0, '{"head": {}, "boolean": true}\n')
        assert "INFO semaxkg.store.dataset: loaded 124 quads" in done.stderr
    quiet = _run("--project", str(REPO), "query", "ASK { ?s ?p ?o }", "--data", str(nq_file))
    assert quiet.stderr == ""


def test_sxf_score_of_a_resource_answers_on_the_command_line(nq_file: Path) -> None:
    # Shown by `semaxkg query` with sxf:score(?s, "semax"): unbound for every resource, as the
    # command line had no search index (the endpoint answers <…/id/semax> with 1).
    query = ('PREFIX sxf: <https://w3id.org/semaxkg/function/>\n'
             'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n'
             'SELECT ?s ?score WHERE { ?s rdfs:label ?label '
             'BIND(sxf:score(?s, "%s") AS ?score) FILTER(BOUND(?score)) } ORDER BY ?s')
    for text in ("semax", "semx"):
        done = _run("query", query % text, "--format", "csv", "--data", str(nq_file))
        assert (done.returncode, done.stderr) == (0, "")
        assert done.stdout.splitlines() == ["s,score", "https://w3id.org/semaxkg/id/semax,1"]
