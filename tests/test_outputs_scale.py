"""The city-scale output paths (issue 15) print exactly what the task-by-task ones did.

``list`` and the JSON export write from each file's cached rows without building tasks; these
tests compare their bytes with the plain table and the per-task documents made from ``Task``
objects, on the bundled workspace after a simulated year (reports, extensions, periods, records)
plus a hand-written task holding everything unusual a row can hold — from the cache's rows (files
dated in the past, so the cache keeps them) and from tasks (a past day's replayed view, no cache).
"""

from __future__ import annotations

import json
import os
import random
from datetime import date
from pathlib import Path

import pytest

from lawgov_cli.model import task_sort_key

from conftest import ok, simulate_year

ODD_TASK = '''
[[tasks]]
id = "X9.1"
title = "含\\u0007控制\\u202e字符的任务"
kind = "assigned"
section = "附加"
source = "交办：第一行\\n第二行\\t制表"
owner = "sifaju"
co_owners = ["fgw"]
due = 2024-03-31
due_rule = "交办"
repeat = "monthly"
status = "doing"
notes = ["有换行\\n的备注", "普通备注"]
evidence = ["“引号”与\\\\反斜杠"]
periods = { 2024-01 = 2024-02-03, 2023-12 = 2024-01-05 }
metrics = [
    { name = "指标", unit = "%", baseline = 1.5, target = 100, actual = 3 },
]

[[tasks]]
id = "X9.2"
title = "待审核且需复核"
kind = "assigned"
section = "附加"
source = "交办"
owner = "sifaju"
co_owners = []
due = 2024-05-31
due_rule = "交办"
repeat = ""
status = "reported"
needs_review = true
notes = []
evidence = []
report = { since = 2024-05-20, by = "张三" }
'''


def _age(ws: Path) -> None:
    """Date every file a minute back, so the cache keeps them (a file changed within two
    seconds of being cached is not cached)."""
    past = os.stat(ws / "lawgov.toml").st_mtime - 60
    for path in ws.rglob("*.toml"):
        os.utime(path, (past, past))


def _reference_list(ws: Path, as_of: str, *filters: str) -> str:
    from lawgov_cli.cli.task_commands import filter_tasks
    from lawgov_cli.i18n import t
    from lawgov_cli.render.plain import plain_table
    from lawgov_cli.session import Session

    session = Session.open(ws, as_of)
    workspace = session.workspace().at(session.as_of)
    lang = "zh"
    options = {filters[0].lstrip("-"): filters[1]} if filters else {}
    tasks = filter_tasks(workspace, **options)
    headers = [t(f"label.{n}", lang) for n in ("id", "owner", "due", "status", "title")]

    def title(task):  # type: ignore[no-untyped-def]
        flag = f" [{t('label.review', lang)}]" if task.needs_review else ""
        repeat = f" ({t('repeat.' + task.repeat, lang)})" if task.repeat else ""
        return task.title + repeat + flag

    rows = [
        [
            task.id,
            workspace.departments[task.owner].name,
            task.due.isoformat(),
            t(f"status.{task.status}", lang),
            title(task),
        ]
        for task in tasks
    ]
    from lawgov_cli.fileio import strip_controls

    return strip_controls(plain_table(headers, rows)) + "\n"


def _reference_json(ws: Path, as_of: str) -> bytes:
    """The export as it was written task by task: the head, then each ``task_document`` of
    ``Progress.tasks`` encoded by ``json.dumps``, controls stripped from the data."""
    from lawgov_cli.export.json_export import task_document, to_json_head
    from lawgov_cli.fileio import strip_controls_deep
    from lawgov_cli.progress import evaluate
    from lawgov_cli.session import Session

    session = Session.open(ws, as_of)
    workspace = session.workspace().at(session.as_of)
    progress = evaluate(workspace, session.as_of)
    text = json.dumps(strip_controls_deep(to_json_head(workspace, progress)), ensure_ascii=False, indent=2)
    lines = [
        "    " + json.dumps(strip_controls_deep(task_document(state, workspace)), ensure_ascii=False)
        for state in progress.tasks
    ]
    return (text[:-2] + ',\n  "tasks": [\n' + ",\n".join(lines) + "\n  ]\n}\n").encode("utf-8")


def test_list_and_json_export_are_the_task_by_task_bytes(run, workspace: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    simulate_year(run, workspace, until="2024-09-30")
    with (workspace / "tasks" / "sifaju.toml").open("a", encoding="utf-8") as handle:
        handle.write(ODD_TASK)
    _age(workspace)
    out = tmp_path / "export.json"
    # The files as they are (hand edits count from the clock), a replayed past day, a day from the cache.
    for as_of in ("2099-12-31", "2024-03-15", "2024-07-01"):
        base = ("--dir", str(workspace), "--as-of", as_of)
        for filters in ((), ("--dept", "sifaju"), ("--kind", "assigned"), ("--status", "todo")):
            listed = ok(run(*base, "list", *filters)).out
            assert listed == _reference_list(workspace, as_of, *filters), (as_of, filters)
            assert "X9.1" in listed or filters
        ok(run(*base, "export", "--format", "json", "-o", str(out)))
        assert out.read_bytes() == _reference_json(workspace, as_of), as_of
        if as_of == "2099-12-31":
            # Tasks awaiting the office are written from built tasks: some are in this view.
            assert any(task["pending"] for task in json.loads(out.read_bytes())["tasks"])
    document = json.loads(out.read_bytes())
    odd = next(task for task in document["tasks"] if task["id"] == "X9.1")
    assert odd["title"] == "含控制字符的任务"  # BEL and the bidi override stripped, on the fast path's fallback
    assert odd["periods"]["2023-12"] == {"due": None, "done_on": "2024-01-05"}
    assert odd["missed_periods"] and odd["light"] == "red"
    assert next(task for task in document["tasks"] if task["id"] == "X9.2")["needs_review"] is True
    # The rows path was taken: files read from the cache hand out its rows (a tuple), not rows
    # made from built tasks (a list).
    from lawgov_cli.session import Session
    from lawgov_cli.store.cache import task_rows

    base_view = Session.open(workspace, "2099-12-31").workspace()
    assert all(isinstance(task_rows(shard)[0], tuple) for shard in base_view.shards)


def test_list_without_cache_is_the_same(run, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    _age(workspace)
    cached = ok(run("--dir", str(workspace), "--as-of", "2024-07-01", "list")).out
    monkeypatch.setenv("LAWGOV_NO_CACHE", "1")
    assert ok(run("--dir", str(workspace), "--as-of", "2024-07-01", "list")).out == cached
    assert cached == _reference_list(workspace, "2024-07-01")


def test_id_order_is_task_sort_key_order() -> None:
    from lawgov_cli.walk import id_order, sort_key

    rng = random.Random(7)
    plain = [f"T{n:06d}" for n in rng.sample(range(10**6), 500)]
    mixed = ["M1.2", "M1.10", "S2.1", "S2.10", "s2.3", "D1", "X", "A1B2", "T٣", "M01.2", "M1.2.1", *plain[:20]]
    for ids in (plain, sorted(plain), mixed, rng.sample(mixed, len(mixed)), [], ["T1", "T01"]):
        expected = sorted(range(len(ids)), key=lambda i: task_sort_key(ids[i]))
        assert list(id_order(ids)) == expected, ids
    assert all(sort_key(i) == task_sort_key(i) for i in mixed)


HOSTILE_TEXTS = '''
[[tasks]]
id = "X9.3"
title = "  前后空格 & <标签> 与 \\"引号\\"  "
kind = "assigned"
section = "=SUM(A1:A9)"
source = "@cmd"
owner = "sifaju"
co_owners = []
due = 2024-06-30
due_rule = ""
repeat = "quarterly"
status = "todo"
notes = ["", "第二条\\n换行"]
evidence = ["-1"]
periods = { 2024-Q1 = 2024-04-02 }
metrics = [
    { name = "+指标", unit = "", target = 0.1 },
]
'''


@pytest.mark.parametrize(
    ("as_of", "other_table"), [("2099-12-31", False), ("2024-03-15", False), ("2024-10-01", False), ("2099-12-31", True)]
)
def test_xlsx_rows_are_the_cells_openpyxl_wrote(  # type: ignore[no-untyped-def]
    run, workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, as_of: str, other_table: bool
) -> None:
    """The streamed task and indicator rows (made column by column from the cached rows) read
    back as the cells, styles and widths the cell-by-cell workbook had: every value cleaned and
    neutralised, dates as dates, the looks — on the files as they are, a replayed past day, a
    day of a year's progress, and when the field table's columns are not the ones the fast path
    knows (every row then from the table)."""
    import openpyxl

    from lawgov_cli.export import cells as cell_module
    from lawgov_cli.export.common import COLUMNS, DATE_COLUMNS, neutralise, strip_control, task_rows
    from lawgov_cli.export.xlsx_export import _MAX_WIDTH, _WRAP, _width
    from lawgov_cli.progress import evaluate
    from lawgov_cli.session import Session

    if as_of == "2024-10-01":
        simulate_year(run, workspace, until="2024-09-30")
    with (workspace / "tasks" / "sifaju.toml").open("a", encoding="utf-8") as handle:
        handle.write(ODD_TASK + HOSTILE_TEXTS)
    with (workspace / "tasks" / "fgw.toml").open("a", encoding="utf-8") as handle:
        handle.write(AWKWARD_TEXTS)
    _age(workspace)
    ok(run("--dir", str(workspace), "status"))
    if other_table:
        monkeypatch.setattr(cell_module, "COLUMNS", (*cell_module.COLUMNS, "leader"))
    out = tmp_path / "t.xlsx"
    ok(run("--dir", str(workspace), "--as-of", as_of, "export", "-o", str(out)))
    session = Session.open(workspace, as_of)
    view = session.workspace().at(session.as_of)
    progress = evaluate(view, session.as_of)
    expected = task_rows(view, progress, "zh")
    book = openpyxl.load_workbook(out)
    sheet = book["任务清单"]
    got = list(sheet.iter_rows(min_row=2))
    assert len(got) == len(expected) == progress.totals.tasks
    texts: dict[str, list[str]] = {key: [str(cell.value)] for key, cell in zip(COLUMNS, sheet[1], strict=True)}
    for row, cells in zip(expected, got, strict=True):
        for key, cell in zip(COLUMNS, cells, strict=True):
            value = row.values[key]
            if isinstance(value, str):
                texts[key].append(value)
                assert cell.value == (neutralise(strip_control(value)) or None), (row.values["id"], key)
            elif isinstance(value, date):
                assert cell.value.date() == value and cell.number_format == "yyyy-mm-dd"
            else:
                assert cell.value == value, (row.values["id"], key)
                if value is not None:
                    texts[key].append(str(value))
            assert cell.font.name == "等线" and bool(cell.alignment.wrap_text) == (key in _WRAP)
            fill = (cell.fill.fgColor.rgb or "")[-6:] if cell.fill.fill_type else ""
            assert fill == {"red": "FFC7CE", "yellow": "FFEB9C"}.get(row.light, "")
    hostile = next(cells for cells in got if cells[0].value == "X9.3")
    assert hostile[COLUMNS.index("title")].value == "  前后空格 & <标签> 与 \"引号\"  "
    assert hostile[COLUMNS.index("section")].value == "'=SUM(A1:A9)"
    for number, key in enumerate(COLUMNS, start=1):
        width = 12.0 if key in DATE_COLUMNS else _width(texts[key], _MAX_WIDTH.get(key, 24))
        assert sheet.column_dimensions[openpyxl.utils.get_column_letter(number)].width == width, key
    last = len(expected) + 1
    assert sheet.dimensions == f"A1:S{last}" and sheet.auto_filter.ref == f"A1:S{last}" and sheet.freeze_panes == "C2"
    metrics = book["指标"]
    metric_rows = list(metrics.iter_rows(min_row=2, values_only=True))
    names = [row[3] for row in metric_rows]
    assert "'+指标" in names and "指标" in names and "整数" in names
    assert metrics.auto_filter.ref == f"A1:H{len(names) + 1}"
    # Every indicator of every task, in id order, as the cells the task's metrics give.
    wanted = [
        (row.values["id"], row.values["owner"], row.values["title"], m.name, m.unit, m.baseline, m.target, m.actual)
        for row in expected
        for m in row.state.task.metrics
    ]
    assert len(metric_rows) == len(wanted)
    for cells_got, values in zip(metric_rows, wanted, strict=True):
        for cell, value in zip(cells_got, values, strict=True):
            if isinstance(value, str):
                assert cell == (neutralise(strip_control(value)) or None), values
            elif isinstance(value, float) and value != value:
                assert cell is None or cell != cell, values  # NaN: openpyxl writes an empty value
            else:
                assert cell == value or (value in (float("inf"), float("-inf")) and cell is None), values


AWKWARD_TEXTS = '''
[[tasks]]
id = "X9.4"
title = "百分号 %s %% %d 与“引号”\\\\反斜杠 😀 𠀀"
kind = "assigned"
section = "100%完成"
source = "来源 %(name)s"
owner = "fgw"
co_owners = ["sifaju", "fgw"]
due = 2024-06-30
due_rule = "每季度末"
repeat = "quarterly"
status = "doing"
notes = ["第一行\\n第二行", "制表\\t符", "\\"引号\\"", "𝒳"]
evidence = ["a\\\\b", "%"]
periods = { 2024-Q1 = 2024-04-02, 2023-Q4 = 2024-01-05 }
metrics = [
    { name = "整数", unit = "件", baseline = 10, target = 12.5, actual = -0.0 },
    { name = "空", unit = "" },
]

[[tasks]]
id = "X9.5"
title = "非数的指标"
kind = "assigned"
section = "附加"
source = "交办"
owner = "fgw"
co_owners = []
due = 2024-12-31
due_rule = ""
repeat = ""
status = "todo"
notes = []
evidence = []
metrics = [
    { name = "无穷", unit = "%", baseline = nan, target = inf, actual = -inf },
]
'''


def test_json_export_kept_lines_are_the_task_by_task_bytes(run, workspace: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The lines an export keeps in the cache (store/derived.py) give the same bytes on the next
    export, on another day, after a department is renamed, after a file is edited by hand, and
    when a kept file is damaged; text holding ``%``, quotes, backslashes, line breaks, non-BMP
    characters and odd numbers is written as ``json.dumps`` writes it."""
    from lawgov_cli.store.cache import CACHE_DIR, ROWS_DIR

    simulate_year(run, workspace, until="2024-09-30")
    with (workspace / "tasks" / "sifaju.toml").open("a", encoding="utf-8") as handle:
        handle.write(ODD_TASK)  # X9.2 awaits the office
    with (workspace / "tasks" / "fgw.toml").open("a", encoding="utf-8") as handle:
        handle.write(AWKWARD_TEXTS)
    _age(workspace)
    out = tmp_path / "export.json"
    kept = workspace / CACHE_DIR / ROWS_DIR

    def export(as_of: str) -> None:
        ok(run("--dir", str(workspace), "--as-of", as_of, "export", "--format", "json", "-o", str(out)))
        assert out.read_bytes() == _reference_json(workspace, as_of), as_of

    ok(run("--dir", str(workspace), "status"))  # the cache written: the next commands read its rows
    export("2099-12-31")
    lines = sorted(kept.glob("*.toml.json"))
    # Every file, the one holding a task awaiting the office too (that task's line is made anew).
    assert {path.name for path in lines} == {path.name + ".json" for path in (workspace / "tasks").glob("*.toml")}
    stamps = {path: path.stat().st_mtime_ns for path in lines}
    for as_of in ("2099-12-31", "2024-10-01", "2025-03-01"):
        export(as_of)  # from the kept lines
    assert {path: path.stat().st_mtime_ns for path in lines} == stamps  # read, not rewritten
    document = json.loads(out.read_bytes())
    tasks = {task["id"]: task for task in document["tasks"]}
    assert tasks["X9.4"]["title"] == "百分号 %s %% %d 与“引号”\\反斜杠 😀 𠀀"
    assert tasks["X9.4"]["metrics"][0]["baseline"] == 10.0 and tasks["X9.4"]["metrics"][1]["target"] is None
    assert b'"baseline": NaN, "target": Infinity' in out.read_bytes()
    # A department renamed (its tasks' file unchanged): the names are filled in on every export.
    registry = workspace / "departments.toml"
    registry.write_text(registry.read_text("utf-8").replace('name = "区发展改革委"', 'name = "区发展改革委\u202e（新）"'), "utf-8")
    export("2099-12-31")
    assert "区发展改革委（新）" in out.read_text("utf-8")
    # A file edited by hand: its kept lines no longer match it and are made again.
    path = workspace / "tasks" / "fgw.toml"
    path.write_text(path.read_text("utf-8").replace('title = "非数的指标"', 'title = "改过的标题"'), "utf-8")
    _age(workspace)
    export("2099-12-31")
    assert "改过的标题" in out.read_text("utf-8")
    export("2099-12-31")
    # A damaged kept file is ignored (and written again).
    victim = kept / "fgw.toml.json"
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0xFF
    victim.write_bytes(bytes(data))
    export("2099-12-31")
    assert victim.read_bytes() != bytes(data)


def _reference_csv(ws: Path, as_of: str, lang: str, dept: str | None = None) -> bytes:
    """The CSV as it was written task by task: every ``TaskState`` built, its cells from the
    field table (``fields.cell_maker``), then the whole text cleaned of controls."""
    import csv
    import io

    from lawgov_cli.export import _clean_text
    from lawgov_cli.export.common import headers, neutralise, task_rows
    from lawgov_cli.fields import export_columns
    from lawgov_cli.progress import evaluate
    from lawgov_cli.session import Session

    def cell(value):  # type: ignore[no-untyped-def]
        if value is None:
            return ""
        if isinstance(value, date):
            return value.isoformat()
        return str(value) if isinstance(value, int) else neutralise(value)

    session = Session.open(ws, as_of)
    workspace = session.workspace().at(session.as_of)
    progress = evaluate(workspace, session.as_of, dept=dept)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(h) for h in headers(lang)])  # type: ignore[arg-type]
    keys = [f.name for f in export_columns()]
    for row in task_rows(workspace, progress, lang):  # type: ignore[arg-type]
        writer.writerow([cell(row.values[key]) for key in keys])
    return _clean_text(buffer.getvalue().encode("utf-8-sig"), keeps_lone_cr=True)


def test_csv_export_is_the_task_by_task_bytes(run, workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The CSV made column by column from the cached rows is the CSV made from every ``Task``:
    on the files as they are, a replayed past day and a day from the cache, in both languages,
    for one department, with tasks awaiting the office, formulas to neutralise, controls to
    strip, metrics of every shape; and the same when the field table's columns are not the
    ones the fast path knows (then every row comes from the table)."""
    from lawgov_cli.export import cells

    simulate_year(run, workspace, until="2024-09-30")
    with (workspace / "tasks" / "sifaju.toml").open("a", encoding="utf-8") as handle:
        handle.write(ODD_TASK + HOSTILE_TEXTS)
    with (workspace / "tasks" / "fgw.toml").open("a", encoding="utf-8") as handle:
        handle.write(AWKWARD_TEXTS)
    _age(workspace)
    ok(run("--dir", str(workspace), "status"))
    out = tmp_path / "t.csv"
    for as_of in ("2099-12-31", "2024-03-15", "2024-07-01"):
        for lang, dept in (("zh", None), ("en", None), ("zh", "sifaju")):
            extra = ("--dept", dept) if dept else ()
            ok(run("--dir", str(workspace), "--as-of", as_of, "--lang", lang, "export", "-o", str(out), *extra))
            assert out.read_bytes() == _reference_csv(workspace, as_of, lang, dept), (as_of, lang, dept)
    ok(run("--dir", str(workspace), "--as-of", "2024-07-01", "export", "-o", str(out)))
    text = out.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff") and "'=SUM(A1:A9)" in text and "\u202e" not in text
    assert "整数: 10→12.5→— 件; 空: —→—→—" in text and "无穷: nan→inf→— %" in text
    monkeypatch.setattr(cells, "COLUMNS", (*cells.COLUMNS, "leader"))  # as if the table had another column
    ok(run("--dir", str(workspace), "--as-of", "2024-07-01", "export", "-o", str(out)))
    assert out.read_bytes() == _reference_csv(workspace, "2024-07-01", "zh")


def test_json_export_with_another_field_table_writes_every_task_from_it(  # type: ignore[no-untyped-def]
    run, workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the field table's JSON keys are not the ones the line template writes (a field
    added), every task is written from ``task_document``: same bytes, and no lines are kept."""
    from lawgov_cli.export import json_lines
    from lawgov_cli.store.cache import CACHE_DIR, ROWS_DIR

    with (workspace / "tasks" / "fgw.toml").open("a", encoding="utf-8") as handle:
        handle.write(AWKWARD_TEXTS)
    _age(workspace)
    ok(run("--dir", str(workspace), "status"))
    monkeypatch.setattr(json_lines, "_TASK_KEYS", (*json_lines._TASK_KEYS, "leader"))
    out = tmp_path / "export.json"
    ok(run("--dir", str(workspace), "--as-of", "2024-07-01", "export", "--format", "json", "-o", str(out)))
    assert out.read_bytes() == _reference_json(workspace, "2024-07-01")
    assert not list((workspace / CACHE_DIR / ROWS_DIR).glob("*.toml.json"))


def test_csv_export_kept_rows_are_the_task_by_task_bytes(run, workspace: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The CSV rows an export keeps in the cache give the same bytes on the next export, on
    another day, in the other language, after a department is renamed, and when a kept file is
    damaged; a file whose text holds the character that marks a row's open cells keeps none."""
    from lawgov_cli.store.cache import CACHE_DIR, ROWS_DIR

    simulate_year(run, workspace, until="2024-09-30")
    with (workspace / "tasks" / "fgw.toml").open("a", encoding="utf-8") as handle:
        handle.write(AWKWARD_TEXTS)
    with (workspace / "tasks" / "gaj.toml").open("a", encoding="utf-8") as handle:
        first = "[[tasks]]" + ODD_TASK.split("[[tasks]]")[1]  # not the one awaiting the office
        handle.write(first.replace('"X9.', '"X8.').replace("sifaju", "gaj").replace("\\u0007", "\\u0001"))
    _age(workspace)
    ok(run("--dir", str(workspace), "status"))
    kept = workspace / CACHE_DIR / ROWS_DIR
    out = tmp_path / "t.csv"

    def export(as_of: str, lang: str = "zh") -> None:
        ok(run("--dir", str(workspace), "--as-of", as_of, "--lang", lang, "export", "-o", str(out)))
        assert out.read_bytes() == _reference_csv(workspace, as_of, lang), (as_of, lang)

    export("2099-12-31")
    rows = {path.name for path in kept.glob("*.toml.csv")}
    assert "fgw.toml.csv" in rows and "gaj.toml.csv" not in rows  # gaj's text holds \x01
    stamp = (kept / "fgw.toml.csv").stat().st_mtime_ns
    export("2099-12-31")
    export("2025-01-15")
    assert (kept / "fgw.toml.csv").stat().st_mtime_ns == stamp  # read, not rewritten
    export("2099-12-31", "en")
    registry = workspace / "departments.toml"
    registry.write_text(registry.read_text("utf-8").replace('name = "区发展改革委"', 'name = "区发展改革委,（新）"'), "utf-8")
    export("2099-12-31", "en")
    export("2099-12-31", "en")
    assert '"区发展改革委,（新）"' in out.read_text("utf-8")
    victim = kept / "fgw.toml.csv"
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0xFF
    victim.write_bytes(bytes(data))
    export("2099-12-31", "en")
