"""``semaxkg publish`` against a real Oxigraph server (and a faulty proxy in front of it)."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from store_support import (
    GRAPH,
    MANIFEST,
    TTL,
    FaultProxy,
    Faults,
    OxigraphServer,
    built_graphs,
    file_lines,
    file_triples,
    run_cli,
)

from semaxkg.cli import main
from semaxkg.errors import StoreError
from semaxkg.store import manifest as manifest_module
from semaxkg.store.remote import RemoteStore
from semaxkg.store.upload import Publisher, graphs_in_directory, split_dataset


def expected_counts() -> dict[str, int]:
    return {name: file_triples(path) for name, path in built_graphs().items()}


def manifest_of(server: OxigraphServer) -> manifest_module.Manifest | None:
    return RemoteStore(server.query_url).manifest(refresh=True)


def table_rows(stdout: str) -> dict[str, tuple[int, int, int]]:
    """The printed table: graph → (file, before, after)."""
    rows = {}
    for line in stdout.splitlines()[1:]:
        name, local, before, after, _seconds = line.split()
        rows[GRAPH + name] = (int(local), int(before), int(after))
    return rows


def test_publish_puts_every_graph_with_exact_counts_and_content(oxigraph: OxigraphServer) -> None:
    done = run_cli("publish", "--data", str(TTL), "--to", oxigraph.query_url)
    assert done.returncode == 0, done.stderr
    expected = expected_counts()
    assert {GRAPH + n for n in ("conflicts", "entities", "ontology", "source-000",
                                "source-001", "source-002")} <= set(expected)
    counts = oxigraph.counts()
    manifest_triples = counts.pop(MANIFEST)
    assert counts == expected
    # 4 dataset-level triples plus 5 per graph entry.
    assert manifest_triples == 4 + 5 * len(expected)
    assert table_rows(done.stdout) == {name: (n, 0, n) for name, n in expected.items()}
    for name, path in built_graphs().items():
        stored = {line for line in oxigraph.graph_triples(name) if "_:" not in line}
        assert stored == file_lines(path), name
    manifest = manifest_of(oxigraph)
    assert manifest is not None and manifest.complete
    assert {g: e.triples for g, e in manifest.entries.items()} == expected


def test_republish_is_idempotent(oxigraph: OxigraphServer) -> None:
    first = run_cli("publish", "--data", str(TTL), "--to", oxigraph.query_url)
    assert first.returncode == 0, first.stderr
    before = oxigraph.counts()
    version = manifest_of(oxigraph).version()  # type: ignore[union-attr]
    ontology = oxigraph.graph_triples(GRAPH + "ontology")
    second = run_cli("publish", "--data", str(TTL), "--to", oxigraph.query_url)
    assert second.returncode == 0, second.stderr
    assert oxigraph.counts() == before
    assert table_rows(second.stdout) == {n: (c, c, c) for n, c in expected_counts().items()}
    assert manifest_of(oxigraph).version() == version  # type: ignore[union-attr]
    # Blank nodes (OWL axioms) are replaced, not added: same number of lines.
    assert len(oxigraph.graph_triples(GRAPH + "ontology")) == len(ontology)


def test_publish_of_a_dataset_file_splits_it_by_graph(oxigraph: OxigraphServer,
                                                      tmp_path: Path) -> None:
    graphs = split_dataset(TTL / "semaxkg.nq", tmp_path)
    assert {g.name: g.triples for g in graphs} == expected_counts()
    assert all(g.media_type == "application/n-triples" for g in graphs)
    done = run_cli("publish", "--to", oxigraph.query_url, "--data", str(TTL / "semaxkg.nq"))
    assert done.returncode == 0, done.stderr
    counts = oxigraph.counts()
    counts.pop(MANIFEST)
    assert counts == expected_counts()


def test_prune_deletes_stale_graphs_only_when_asked(oxigraph: OxigraphServer) -> None:
    stale = GRAPH + "source-999"
    ox_put = __import__("requests").put
    ox_put(oxigraph.store_url, params={"graph": stale}, data=b"<urn:a> <urn:b> <urn:c> .\n",
           headers={"Content-Type": "application/n-triples"}, timeout=10).raise_for_status()
    kept = run_cli("publish", "--data", str(TTL), "--to", oxigraph.query_url)
    assert kept.returncode == 0
    assert "not in this dataset (left as they are; --prune deletes them): " + stale in kept.stderr
    assert oxigraph.counts()[stale] == 1
    pruned = run_cli("publish", "--data", str(TTL), "--to", oxigraph.query_url, "--prune")
    assert pruned.returncode == 0, pruned.stderr
    assert stale not in oxigraph.counts()
    assert f"deleted stale graph {stale}" in pruned.stderr


def test_wrong_password_fails_with_401_and_the_fix(oxigraph: OxigraphServer) -> None:
    proxy = FaultProxy(oxigraph.base, Faults(credentials=("editor", "s3cret")))
    try:
        denied = run_cli("publish", "--data", str(TTL), "--to", proxy.query_url, "--auth", "editor",
                         env={"SEMAXKG_STORE_PASSWORD": "wrong"})
        assert denied.returncode == 3
        assert re.search(r"ERROR semaxkg: checking the SPARQL endpoint: http://127\.0\.0\.1:\d+/query"
                         r" answered 401 Unauthorized; the store said: wrong or missing "
                         r"credentials; fix: check the user and password", denied.stderr)
        assert oxigraph.counts() == {}
        allowed = run_cli("publish", "--data", str(TTL), "--to", proxy.query_url, "--auth", "editor",
                          env={"SEMAXKG_STORE_PASSWORD": "s3cret"})
        assert allowed.returncode == 0, allowed.stderr
        counts = oxigraph.counts()
        counts.pop(MANIFEST)
        assert counts == expected_counts()
    finally:
        proxy.stop()


def test_digest_authentication_sends_each_body_once(oxigraph: OxigraphServer) -> None:
    """Virtuoso's -auth endpoints use Digest: the HEAD before the uploads gets the nonce."""
    faults = Faults(digest=("semax", "pw"))
    proxy = FaultProxy(oxigraph.base, faults)
    try:
        done = run_cli("publish", "--data", str(TTL), "--to", proxy.query_url, "--auth", "semax",
                       "--auth-scheme", "digest", env={"SEMAXKG_STORE_PASSWORD": "pw"})
        assert done.returncode == 0, done.stderr
        assert faults.refused_bodies == 0
        assert faults.unauthorised >= 1  # the first request of the run met the challenge
        counts = oxigraph.counts()
        counts.pop(MANIFEST)
        assert counts == expected_counts()
        wrong = run_cli("publish", "--data", str(TTL), "--to", proxy.query_url, "--auth", "semax",
                        "--auth-scheme", "digest", env={"SEMAXKG_STORE_PASSWORD": "nope"})
        assert wrong.returncode == 3
        assert "answered 401 Unauthorized; the store said: digest credentials needed" in wrong.stderr
    finally:
        proxy.stop()


def test_transient_failures_are_retried_with_backoff(oxigraph: OxigraphServer,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    faults = Faults(fail_puts=2)
    proxy = FaultProxy(oxigraph.base, faults)
    try:
        with caplog.at_level(logging.WARNING):
            code = main(["publish", "--data", str(TTL), "--to", proxy.query_url])
        assert code == 0
        assert faults.failed == 2
        retries = [r.getMessage() for r in caplog.records if "retrying in" in r.getMessage()]
        assert len(retries) == 2
        assert retries[0].startswith(f"writing the manifest: {proxy.store_url}?graph=")
        assert "answered 503 Service Unavailable; the store said: busy, try again; retrying in "\
               "0.0 s (attempt 2 of 4)" in retries[0]
        assert "(attempt 3 of 4)" in retries[1]
        counts = oxigraph.counts()
        counts.pop(MANIFEST)
        assert counts == expected_counts()
    finally:
        proxy.stop()


def test_a_store_that_keeps_failing_is_given_up_on(oxigraph: OxigraphServer) -> None:
    proxy = FaultProxy(oxigraph.base, Faults(fail_puts=100))
    try:
        done = run_cli("publish", "--data", str(TTL), "--to", proxy.query_url, "--retries", "1")
        assert done.returncode == 3
        assert re.search(r"ERROR semaxkg: writing the manifest: http://127\.0\.0\.1:\d+/store\?graph="
                         r"https%3A%2F%2Fw3id\.org%2Fsemaxkg%2Fgraph%2Fmanifest answered 503 Service "
                         r"Unavailable; the store said: busy, try again \(gave up after 2 attempts\)",
                         done.stderr), done.stderr
    finally:
        proxy.stop()


def test_timeout_names_the_graph(oxigraph: OxigraphServer) -> None:
    target = GRAPH + "entities"
    proxy = FaultProxy(oxigraph.base, Faults(hold_puts=3, hold_graph=target))
    try:
        done = run_cli("publish", "--data", str(TTL), "--to", proxy.query_url, "--timeout", "1", "--retries", "0")
        assert done.returncode == 3
        assert re.search(rf"publishing graph {target} failed: uploading graph {target}: "
                         r"http://127\.0\.0\.1:\d+/store sent no answer within 1 s \(timed out\)",
                         done.stderr), done.stderr
        manifest = manifest_of(oxigraph)
        assert manifest is not None and not manifest.complete
        assert target not in manifest.entries
    finally:
        proxy.stop()


def test_count_mismatch_fails_and_the_graph_is_not_claimed(oxigraph: OxigraphServer) -> None:
    target = GRAPH + "entities"
    proxy = FaultProxy(oxigraph.base, Faults(truncate_graph=target))
    try:
        done = run_cli("publish", "--data", str(TTL), "--to", proxy.query_url)
        assert done.returncode == 3
        entities = file_triples(TTL / "entities.ttl")
        assert (f"publishing graph {target} failed: the store holds 1 triples in the graph after "
                f"the upload, the file {TTL / 'entities.ttl'} has {entities}. The manifest "
                f"<{MANIFEST}> does not claim this graph; run publish again") in done.stderr
        manifest = manifest_of(oxigraph)
        assert manifest is not None and not manifest.complete
        assert sorted(manifest.entries) == [GRAPH + "conflicts"]
    finally:
        proxy.stop()


def test_store_killed_mid_upload_leaves_no_graph_claimed(tmp_path: Path) -> None:
    """Kill Oxigraph while source-001 is being sent; restart it on the same folder."""
    location = tmp_path / "store"
    server = OxigraphServer(tmp_path, location=location)
    target = GRAPH + "source-001"
    proxy = FaultProxy(server.base, Faults(kill_on_graph=target, on_kill=server.kill))
    try:
        done = run_cli("publish", "--data", str(TTL), "--to", proxy.query_url, "--retries", "1")
        assert done.returncode == 3
        assert f"publishing graph {target} failed: uploading graph {target}:" in done.stderr
        assert f"The manifest <{MANIFEST}> does not claim this graph" in done.stderr
        assert server.process.poll() is not None
    finally:
        proxy.stop()
        server.stop()
    restarted = OxigraphServer(tmp_path, location=location, port=server.port)
    try:
        manifest = manifest_of(restarted)
        assert manifest is not None and not manifest.complete
        # Claims are written every few seconds: those written are a subset of the graphs
        # verified before the kill, and each is exactly in the store.
        done_before = {name for name in built_graphs() if name < target}  # sent in name order
        assert set(manifest.entries) <= done_before
        counts = restarted.counts()
        for name, entry in manifest.entries.items():
            assert counts[name] == entry.triples == file_triples(built_graphs()[name])
        assert target not in manifest.entries
        # Publishing again completes the store.
        again = run_cli("publish", "--data", str(TTL), "--to", restarted.query_url)
        assert again.returncode == 0, again.stderr
        final = manifest_of(restarted)
        assert final is not None and final.complete
        assert {g: e.triples for g, e in final.entries.items()} == expected_counts()
    finally:
        restarted.stop()


def test_unreachable_store_fails_clearly() -> None:
    from store_support import free_port

    url = f"http://127.0.0.1:{free_port()}/query"
    done = run_cli("publish", "--data", str(TTL), "--to", url, "--retries", "0")
    assert done.returncode == 3
    assert (f"ERROR semaxkg: checking the SPARQL endpoint: the store at {url} is not reachable "
            "(connection refused): is it running?") in done.stderr


def test_bad_input_is_a_located_usage_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    done = run_cli("publish", "--to", "http://127.0.0.1:9/query", "--data", str(empty))
    assert done.returncode == 2
    assert f"{empty}: no graph files (*.ttl) here (fix: run `semaxkg build` or pass --data " \
           "DIR_OR_FILE)" in done.stderr
    broken = tmp_path / "broken.nq"
    broken.write_text("<urn:a> <urn:b> <urn:c> <urn:g> .\n<urn:a> <urn:b> .\n", encoding="utf-8")
    done = run_cli("publish", "--to", "http://127.0.0.1:9/query", "--data", str(broken))
    assert done.returncode == 2
    assert f"{broken}:2:" in done.stderr


def test_publisher_streams_files_with_content_length(oxigraph: OxigraphServer) -> None:
    """The body is the file, read in chunks on each attempt; requests sends Content-Length."""
    import requests

    from semaxkg.store.upload import UploadBody

    graph = graphs_in_directory(TTL)[0]
    body = UploadBody(graph)
    prepared = requests.Request("PUT", oxigraph.store_url, data=body).prepare()
    assert prepared.headers["Content-Length"] == str(graph.path.stat().st_size)
    assert "Transfer-Encoding" not in prepared.headers
    assert b"".join(body) == graph.path.read_bytes() == b"".join(body)


def test_publisher_error_carries_the_graph(oxigraph: OxigraphServer) -> None:
    proxy = FaultProxy(oxigraph.base, Faults(truncate_graph=GRAPH + "conflicts"))
    try:
        with pytest.raises(StoreError) as caught:
            Publisher(proxy.query_url).publish(graphs_in_directory(TTL))
        assert caught.value.graph == GRAPH + "conflicts"
        assert caught.value.exit_code == 3
    finally:
        proxy.stop()


def test_manifest_round_trip() -> None:
    entry = manifest_module.GraphEntry(GRAPH + "entities", 12, "ab" * 32, "2026-01-02T03:04:05Z")
    manifest = manifest_module.Manifest().with_entry(entry).finished("v1")
    triples = [q.triple for q in ox.parse(manifest.ntriples(), ox.RdfFormat.N_TRIPLES)]
    read = manifest_module.manifest_from(triples)
    assert read is not None
    assert read.entries == {entry.graph: entry}
    assert read.complete and read.dataset_version == "v1"
    assert read.version() == manifest.version()
    assert read.without(entry.graph).entries == {}
    assert not read.without(entry.graph).complete
    assert manifest_module.manifest_from([]) is None


def test_build_folder_graph_files_are_exactly_the_named_graphs() -> None:
    """Every .ttl of the build but the report and VoID is one named graph of semaxkg.nq."""
    names = {q.graph_name.value for q in ox.parse(path=TTL / "semaxkg.nq")}
    assert {g.name for g in graphs_in_directory(TTL)} == names


def test_long_uploads_log_progress(caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    from semaxkg.store import upload as publish

    path = tmp_path / "big.nt"
    line = b"<urn:s> <urn:p> \"" + b"x" * 100 + b"\" .\n"
    path.write_bytes(line * 30_000)  # four chunks of 1 MiB
    graph = publish.LocalGraph(GRAPH + "big", path, "application/n-triples", 1, "0")
    with caplog.at_level(logging.INFO, logger="semaxkg.store.upload"):
        assert b"".join(publish.UploadBody(graph, interval=0)) == path.read_bytes()
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 4
    size = path.stat().st_size  # 3 630 000 bytes = 3.5 MiB
    assert lines[0].startswith(f"big: {100 * 2**20 // size}% sent (1.0 of 3.5 MiB, ")
    assert lines[-1].startswith("big: 100% sent (3.5 of 3.5 MiB, ")


def test_a_store_that_stops_reading_a_big_body_for_a_while_is_waited_for(
        oxigraph: OxigraphServer, tmp_path: Path) -> None:
    """Found at 1.4M triples: Oxigraph deletes the old graph before it reads the new body.

    The body (16 MB) is far larger than the socket buffers, so the upload blocks while the
    proxy does not read; it must wait up to --timeout, not the 5 s connect time-out.
    """
    folder = tmp_path / "build"
    folder.mkdir()
    big = folder / "big.nt"
    with big.open("w", encoding="utf-8") as out:
        for i in range(120_000):
            out.write(f'<urn:s{i}> <urn:p> "{"x" * 100}" .\n')
    target = GRAPH + "big"
    proxy = FaultProxy(oxigraph.base, Faults(hold_puts=7, hold_graph=target))
    try:
        done = run_cli("publish", "--data", str(folder), "--to", proxy.query_url, "--timeout",
                       "30", "--retries", "0")
        assert done.returncode == 0, done.stderr
        assert oxigraph.counts()[target] == 120_000
    finally:
        proxy.stop()
