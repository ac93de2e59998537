"""The task field table (:mod:`lawgov_cli.fields`): it agrees with the ``Task`` dataclass and the
department file's keys, and a field added to it reaches the JSON and the CSV with no other edit."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import date
from pathlib import Path

import pytest

from lawgov_cli import fields
from lawgov_cli.model import Metric, Pending, Task

try:  # the TOML (de)serialisation moves out of model.py on branch issue-16-store
    from lawgov_cli.toml_records import task_to_toml  # type: ignore[import-not-found, unused-ignore]
except ImportError:
    from lawgov_cli.model import task_to_toml  # type: ignore[attr-defined, no-redef, unused-ignore]

from conftest import ROOT, ok

AS_OF = "2024-07-15"


def _full_task() -> Task:
    """A task with every optional attribute set, so ``task_to_toml`` writes every key."""
    return Task(
        id="X1",
        title="t",
        kind="measure",
        owner="sifaju",
        due=date(2024, 12, 31),
        section="s",
        source="src",
        co_owners=["gonganju"],
        due_rule="r",
        repeat="monthly",
        status="done",
        done_on=date(2024, 6, 1),
        notes=["n"],
        evidence=["e"],
        metrics=[Metric("m", "%", 1.0, 2.0, 3.0)],
        periods={"2024-01": date(2024, 1, 31)},
        needs_review=True,
        manual=True,
        carried_from="2023:M1",
        report=Pending(since=date(2024, 6, 1), by="张三"),
        extension=Pending(since=date(2024, 6, 1), by="张三", to=date(2025, 1, 31), reason="r"),
    )


def test_every_task_attribute_is_in_the_table_or_declared_internal() -> None:
    attrs = {f.name for f in dataclasses.fields(Task)}
    in_table = {f.attr for f in fields.FIELDS if f.attr}
    missing = attrs - in_table - fields.INTERNAL
    assert not missing, f"Task attributes in neither fields.FIELDS nor fields.INTERNAL: {sorted(missing)}"
    assert not (in_table - attrs), "a table row names an attribute Task does not have"
    assert not (in_table & fields.INTERNAL)


def test_the_table_names_every_key_of_the_department_file() -> None:
    written = set(task_to_toml(_full_task()))
    declared = {f.toml for f in fields.FIELDS if f.toml}
    assert written == declared


def test_names_are_unique_and_positions_distinct() -> None:
    names = [f.name for f in fields.FIELDS]
    assert len(names) == len(set(names))
    columns = [f.column for f in fields.FIELDS if f.column is not None]
    assert len(columns) == len(set(columns))
    shows = [f.show for f in fields.FIELDS if f.show is not None]
    assert len(shows) == len(set(shows))
    for row in fields.FIELDS:
        assert (row.column is None) == (row.cell is None), row.name
        assert row.label is not None or (row.show is None and row.md is None and row.ics is None), row.name


def test_every_label_id_exists_in_both_languages() -> None:
    from lawgov_cli.i18n import t

    for label in fields.label_ids():
        assert t(label, "en") != label
        assert t(label, "zh") != label


def test_export_columns_are_the_documented_ones() -> None:
    from lawgov_cli.export.common import COLUMNS, DATE_COLUMNS, NUMBER_COLUMNS

    assert COLUMNS == (
        "id", "owner", "co_owners", "kind", "section", "title", "due", "repeat", "next_due",
        "status", "pending", "done_on", "late_days", "light", "overdue_days", "periods",
        "metrics", "notes", "evidence",
    )  # fmt: skip
    assert {"due", "next_due", "done_on"} == DATE_COLUMNS
    assert {"overdue_days", "late_days"} == NUMBER_COLUMNS


def test_task_json_keys_in_table_order(run, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(ok(run("--dir", str(workspace), "list", "--format", "json")).out)
    keys = list(document["tasks"][0])
    assert keys == [f.name for f in fields.FIELDS if f.json is not None]
    assert keys[:3] == ["id", "title", "kind"]


def test_a_field_added_to_the_table_reaches_json_and_csv(
    run, workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """分管领导 as a derived field: one row, and list/show/export JSON and the CSV carry it."""
    leader = fields.Field(
        "leader",
        "label.owner",  # any existing label: the heading text is not what this test is about
        json=lambda task, ws: f"leader of {task.owner}",
        column=25,  # right after owner
        cell=lambda v: f"leader of {v.task.owner}",
    )
    monkeypatch.setattr(fields, "FIELDS", (*fields.FIELDS, leader))

    listed = json.loads(ok(run("--dir", str(workspace), "list", "--format", "json")).out)
    assert all(task["leader"] == f"leader of {task['owner']}" for task in listed["tasks"])
    shown = json.loads(ok(run("--dir", str(workspace), "show", "M1.1", "--format", "json")).out)
    assert shown["leader"].startswith("leader of ")

    out = tmp_path / "tasks.json"
    ok(run("--dir", str(workspace), "--as-of", AS_OF, "export", "--format", "json", "-o", str(out)))
    exported = json.loads(out.read_text("utf-8"))
    assert all(task["leader"] == f"leader of {task['owner']}" for task in exported["tasks"])

    out = tmp_path / "tasks.csv"
    ok(run("--dir", str(workspace), "--as-of", AS_OF, "export", "--format", "csv", "-o", str(out)))
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    header = rows[0]
    at = header.index("责任单位")
    assert header[at + 1] == "责任单位"  # the new column sits right after owner (same label here)
    assert all(row[at + 1].startswith("leader of ") for row in rows[1:])
    assert len(header) == 20


def test_show_lines_follow_the_table(run, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    before = ok(run("--dir", str(workspace), "--as-of", AS_OF, "show", "M1.1")).out
    assert before.splitlines()[2].startswith("状态：")
    extra = fields.Field("leader", "label.co_owners", show=(35, lambda v: "张三"))
    monkeypatch.setattr(fields, "FIELDS", (*fields.FIELDS, extra))
    lines = ok(run("--dir", str(workspace), "--as-of", AS_OF, "show", "M1.1")).out.splitlines()
    owner = next(i for i, line in enumerate(lines) if line.startswith("责任单位："))
    assert lines[owner + 1] == "配合单位：张三"


def test_a_field_added_to_the_table_reaches_markdown_html_and_calendar(
    run, workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The same row with a Markdown column, an HTML column (drawn by the template's plain cell)
    and a calendar line: all three carry it, with no edit of the exports or the template."""
    leader = fields.Field(
        "leader",
        "label.co_owners",
        md=(45, lambda v: f"L<{v.task.id}>"),
        html=35,
        ics=(25, lambda v: f"L-{v.task.id}"),
    )
    monkeypatch.setattr(fields, "FIELDS", (*fields.FIELDS, leader))
    for fmt in ("md", "html", "ics"):
        ok(
            run(
                "--dir",
                str(workspace),
                "--as-of",
                AS_OF,
                "export",
                "--format",
                fmt,
                "-o",
                str(tmp_path / f"x.{fmt}"),
            )
        )
    md = (tmp_path / "x.md").read_text("utf-8")
    assert "| 类型 | 配合单位 | 完成时限 |" in md  # between kind (40) and due (50)
    assert "L&lt;M1.1&gt;" in md  # the text is escaped like every cell
    html = (tmp_path / "x.html").read_text("utf-8")
    assert '<th class="c-leader">配合单位</th>' in html
    assert '<td class="leader" data-label="配合单位">L&lt;M1.1&gt;</td>' in html
    ics = (tmp_path / "x.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
    assert "配合单位: L-M1.1" in ics


def test_the_template_draws_exactly_the_columns_html_export_says_it_draws() -> None:
    """``html_export.DRAWN`` names the columns with a macro of their own in the template; every
    other HTML column falls back to the plain cell, so the two lists must agree."""
    import re

    from lawgov_cli.export.html_export import DRAWN, TEMPLATE

    source = (ROOT / "src" / "lawgov_cli" / "templates" / TEMPLATE).read_text("utf-8")
    mapping = re.search(r"{% set cells = {(.*?)} %}", source)
    assert mapping is not None
    drawn = set(re.findall(r'"(\w+)": (\w+)_cell', mapping.group(1)))
    assert {name for name, _ in drawn} == DRAWN
    assert all(name == macro for name, macro in drawn)
    assert all(f"{{% macro {name}_cell(task) %}}" in source for name in DRAWN)
    assert {f.name for f in fields.html_columns()} >= DRAWN
