"""Every schema-1 JSON document a command prints or writes matches its contract in
:mod:`lawgov_cli.contracts` (keys and value types), on a workspace with done, ticked, noted,
pending and carried-over tasks so that no optional value is left untested."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lawgov_cli import contracts

from conftest import ROOT, ok

AS_OF = "2024-07-15"


@pytest.fixture
def busy(run, workspace: Path) -> Path:  # type: ignore[no-untyped-def]
    """The bundled workspace after a few months of work: a done task with a note and evidence,
    a ticked quarter, an extension request."""
    ws = ["--dir", str(workspace)]
    ok(run(*ws, "--as-of", "2024-05-01", "done", "M1.1", "--note", "n", "--evidence", "e", "--by", "t"))
    ok(
        run(
            *ws, "--as-of", "2024-05-02", "extend", "M1.2", "--to", "2025-01-30", "--reason", "r", "--by", "t"
        )
    )
    ok(run(*ws, "--as-of", "2024-06-01", "done", "M2.5", "--by", "t"))
    ok(run(*ws, "--as-of", "2024-06-01", "note", "M1.3", "备注", "--by", "t"))
    return workspace


def _assert_conforms(document: dict[str, object], shape: object) -> None:
    assert document["schema"] == contracts.SCHEMA
    problems = contracts.check(document, shape)
    assert not problems, "\n".join(problems[:20])


def test_status_json(run, busy: Path) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(ok(run("--dir", str(busy), "--as-of", AS_OF, "status", "--format", "json")).out)
    assert document["overdue"] and document["pending"]
    _assert_conforms(document, contracts.status_shape())


def test_list_json(run, busy: Path) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(ok(run("--dir", str(busy), "list", "--format", "json")).out)
    _assert_conforms(document, contracts.list_shape())


@pytest.mark.parametrize("task_id", ["M1.1", "M1.2", "M2.5"])
def test_show_json(run, busy: Path, task_id: str) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(
        ok(run("--dir", str(busy), "--as-of", AS_OF, "show", task_id, "--format", "json")).out
    )
    assert document["history"]
    _assert_conforms(document, contracts.show_shape())


def test_log_json(run, busy: Path) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(ok(run("--dir", str(busy), "--as-of", AS_OF, "log", "--format", "json")).out)
    assert len(document["history"]) >= 4
    _assert_conforms(document, contracts.log_shape())


def test_export_json(run, busy: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "x.json"
    ok(run("--dir", str(busy), "--as-of", AS_OF, "export", "--format", "json", "-o", str(out)))
    document = json.loads(out.read_text("utf-8"))
    assert any(task["periods"] for task in document["tasks"])
    _assert_conforms(document, contracts.export_shape())


def test_extract_json(run) -> None:  # type: ignore[no-untyped-def]
    report = ROOT / "tests" / "data" / "year_2024.txt"
    document = json.loads(ok(run("extract", str(report), "--format", "json")).out)
    assert document["measures"]
    _assert_conforms(document, contracts.extract_shape())


def test_check_reports_what_departs_from_a_contract() -> None:
    shape = contracts.list_shape()
    good = {"schema": 1, "tasks": []}
    assert contracts.check(good, shape) == []
    assert contracts.check({"tasks": []}, shape) == ["$: missing key schema"]
    assert contracts.check({**good, "extra": 1}, shape) == ["$: unexpected key extra"]
    assert contracts.check({"schema": True, "tasks": []}, shape) == ["$.schema: expected int, got bool"]
    assert contracts.check({"schema": 1, "tasks": [{"id": "x"}]}, shape)[0].startswith(
        "$.tasks[0]: missing key"
    )


def test_every_document_starts_with_the_same_schema() -> None:
    for shape in (contracts.status_shape, contracts.export_shape, contracts.list_shape, contracts.log_shape):
        assert next(iter(shape())) == "schema"
    assert contracts.envelope(a=1) == {"schema": contracts.SCHEMA, "a": 1}
