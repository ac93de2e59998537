"""The store's half of the field table: the department file's keys, the TOML reader and the
cache's rows agree with :data:`lawgov_cli.fields.FIELDS` (issue 16: one source of task fields)."""

from __future__ import annotations

import dataclasses
import marshal
import tomllib
from datetime import date

import tomli_w

from lawgov_cli import fields
from lawgov_cli.model import Metric, Pending, Task
from lawgov_cli.store.rows import task_of_rows, task_to_rows
from lawgov_cli.toml_records import task_from_toml, task_to_toml


def _full_task() -> Task:
    """Every attribute set to something other than its default."""
    return Task(
        id="X1",
        title="标题",
        kind="rectify",
        owner="sifaju",
        due=date(2024, 12, 31),
        section="一、",
        source="原文",
        co_owners=["gonganju"],
        due_rule="年底前",
        repeat="monthly",
        status="done",
        done_on=date(2024, 6, 1),
        notes=["备注"],
        evidence=["材料"],
        metrics=[Metric("案件数", "件", 1.0, 2.0, 3.0, True)],
        periods={"2024-01": date(2024, 1, 31)},
        needs_review=True,
        manual=True,
        carried_from="2023:M1",
        report=Pending(since=date(2024, 6, 1), by="张三"),
        extension=Pending(since=date(2024, 6, 2), by="李四", to=date(2025, 1, 31), reason="理由", late=True),
    )


def test_every_stored_field_is_written_read_and_cached() -> None:
    task = _full_task()
    stored = [f for f in fields.FIELDS if f.toml]
    table = task_to_toml(task)
    assert set(table) == {f.toml for f in stored}
    read = task_from_toml(tomllib.loads(tomli_w.dumps({"tasks": [table]}))["tasks"][0])
    summary, detail = task_to_rows(task)
    cached = task_of_rows(marshal.loads(marshal.dumps(summary)), marshal.loads(marshal.dumps(detail)))
    for field in stored:
        assert field.attr is not None, field.name
        assert getattr(read, field.attr) == getattr(task, field.attr), f"TOML loses {field.name}"
        assert getattr(cached, field.attr) == getattr(task, field.attr), f"the cache loses {field.name}"
    # What is not stored in the file is internal to lawgov and declared so in the table's module.
    stored_attrs = {f.attr for f in stored}
    assert {f.name for f in dataclasses.fields(Task)} - stored_attrs <= fields.INTERNAL
