"""The fill-in form (填报表): export, fill in through openpyxl as a department would, import.

Round trips, idempotence, dry run, all-or-nothing across files, and every refusal (one line,
exit 2, nothing written).  One test round-trips the form through LibreOffice when it is installed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from conftest import ok, snapshot, usage_error

AS_OF = "2024-07-15"


def export_form(run, workspace: Path, target: Path, dept: str = "sifaju") -> Path:  # type: ignore[no-untyped-def]
    ok(run("--dir", str(workspace), "--as-of", AS_OF, "export", "--form", "--dept", dept, "-o", str(target)))
    return target


def fill(path: Path, edits: dict[str, object], out: Path | None = None) -> Path:
    """Open the form with openpyxl, set cells (``任务!D2``), save (as a department would)."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    for where, value in edits.items():
        sheet, cell = where.split("!")
        book[sheet][cell] = value
    target = out or path
    book.save(target)
    return target


def rows(path: Path, sheet: str = "任务") -> list[tuple[object, ...]]:
    import openpyxl

    return list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))


def row_of(path: Path, task_id: str, sheet: str = "任务") -> int:
    for number, row in enumerate(rows(path, sheet), start=1):
        if row[0] == task_id:
            return number
    raise AssertionError(task_id)


def task_toml(workspace: Path, dept: str = "sifaju") -> dict:  # type: ignore[type-arg]
    import tomllib

    return tomllib.loads((workspace / "tasks" / f"{dept}.toml").read_text(encoding="utf-8"))


def task_of(workspace: Path, task_id: str, dept: str = "sifaju") -> dict:  # type: ignore[type-arg]
    return next(t for t in task_toml(workspace, dept)["tasks"] if t["id"] == task_id)


def do_import(run, workspace: Path, *files: Path, extra: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    return run("--dir", str(workspace), "--as-of", AS_OF, "import", *map(str, files), "--by", "王五", *extra)


# --- the form itself ---------------------------------------------------------------------------


def test_form_layout_locks_dropdown_and_dates(run, workspace: Path, tmp_path: Path) -> None:
    import openpyxl

    path = export_form(run, workspace, tmp_path / "f.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:2] == ["任务", "指标"]
    tasks = book["任务"]
    assert [c.value for c in tasks[1]] == [
        "编号",
        "任务",
        "完成时限",
        "完成状态",
        "完成日期",
        "进展情况",
        "佐证材料",
    ]
    assert tasks.protection.sheet is True
    assert [tasks.cell(row=2, column=c).protection.locked for c in range(1, 8)] == [True] * 3 + [False] * 4
    assert isinstance(tasks["C2"].value, datetime) and tasks["C2"].is_date
    assert tasks["E2"].number_format == "yyyy-mm-dd"
    lists = [dv for dv in tasks.data_validations.dataValidation if dv.type == "list"]
    assert lists and lists[0].formula1 == '"未开始,推进中,已完成"'
    assert "D2" in lists[0].sqref
    metrics = book["指标"]
    assert [c.value for c in metrics[1]] == ["编号", "指标", "单位", "基数", "目标", "实际值"]
    assert metrics.protection.sheet is True
    assert [metrics.cell(row=2, column=c).protection.locked for c in range(1, 7)] == [True] * 5 + [False]
    meta = book["lawgov"]
    assert meta.sheet_state == "hidden" and meta.protection.sheet is True
    head = {meta.cell(row=r, column=1).value: meta.cell(row=r, column=2).value for r in range(1, 6)}
    assert head["department"] == "sifaju" and head["plan_year"] == "2024"
    assert head["workspace"].startswith("南开区-2024-48a4b22d")
    ids = [r[0] for r in rows(path)[1:]]
    assert ids and all(task_of(workspace, i)["owner"] == "sifaju" for i in ids)


def test_export_forms_for_every_department_into_a_folder(run, workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "forms"
    result = ok(run("--dir", str(workspace), "--as-of", AS_OF, "export", "--form", "-o", str(out)))
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == len(list((workspace / "tasks").glob("*.toml")))
    assert "2024年度填报表-sifaju-区司法局.xlsx" in files
    assert str(len(files)) in result.out


def test_export_form_refuses_other_formats_and_stdout(run, workspace: Path, tmp_path: Path) -> None:
    usage_error(
        run("--dir", str(workspace), "export", "--form", "--format", "csv", "-o", str(tmp_path / "x")), "xlsx"
    )
    usage_error(run("--dir", str(workspace), "export", "--form", "--dept", "sifaju"), "-o")
    (tmp_path / "file.xlsx").write_bytes(b"x")
    usage_error(run("--dir", str(workspace), "export", "--form", "-o", str(tmp_path / "file.xlsx")), "-o")


# --- round trip --------------------------------------------------------------------------------


def test_round_trip_applies_status_date_note_evidence_and_actuals(
    run, workspace: Path, tmp_path: Path
) -> None:
    form = export_form(run, workspace, tmp_path / "f.xlsx")
    done_row, doing_row = row_of(form, "M1.3"), row_of(form, "M3.3")
    metric_row = row_of(form, "M3.3", "指标")
    fill(
        form,
        {
            f"任务!D{done_row}": "已完成",
            f"任务!E{done_row}": date(2024, 5, 3),
            f"任务!F{done_row}": "已组织全区领导干部完成网上学法考试",
            f"任务!G{done_row}": "南开司法〔2024〕1号\n南开司法〔2024〕2号",
            f"任务!D{doing_row}": "推进中",
            f"指标!F{metric_row}": 12,
        },
    )
    preview = ok(do_import(run, workspace, form, extra=("--dry-run",)))
    assert "M1.3" in preview.out and "未开始 → 已完成（2024-05-03）" in preview.out
    assert "M3.3" in preview.out and "— → 12" in preview.out
    assert "试运行" in preview.out
    before = snapshot(workspace)
    result = ok(do_import(run, workspace, form))
    assert snapshot(workspace) != before
    assert "2项任务" in result.out
    done = task_of(workspace, "M1.3")
    assert done["status"] == "done" and done["done_on"] == date(2024, 5, 3)
    assert done["notes"][-1] == "已组织全区领导干部完成网上学法考试"
    assert done["evidence"] == ["南开司法〔2024〕1号", "南开司法〔2024〕2号"]
    doing = task_of(workspace, "M3.3")
    assert doing["status"] == "doing"
    assert doing["metrics"][0]["actual"] == 12
    history = task_toml(workspace)["history"]
    actions = [(h["task"], h["action"]) for h in history if h["by"] == "王五"]
    assert ("M1.3", "done") in actions and ("M1.3", "note") in actions and ("M3.3", "record") in actions
    assert actions.count(("M1.3", "evidence")) == 2
    # dated by 完成日期 where given, else by the import's date
    on = {(h["task"], h["action"]): h["on"] for h in history if h["by"] == "王五"}
    assert on[("M1.3", "done")] == "2024-05-03" and on[("M1.3", "note")] == "2024-05-03"
    assert on[("M3.3", "start")] == AS_OF and on[("M3.3", "record")] == AS_OF
    # the view of a day before 完成日期 does not count it yet
    early = ok(run("--dir", str(workspace), "--as-of", "2024-05-02", "show", "M1.3", "--format", "json"))
    assert '"status": "todo"' in early.out
    # the same numbers as every other command
    show = ok(run("--dir", str(workspace), "show", "M1.3", "--format", "json"))
    assert '"status": "done"' in show.out


def test_second_import_of_the_same_form_changes_nothing(run, workspace: Path, tmp_path: Path) -> None:
    form = export_form(run, workspace, tmp_path / "f.xlsx")
    r = row_of(form, "M1.3")
    m = row_of(form, "M3.3", "指标")
    fill(form, {f"任务!D{r}": "已完成", f"任务!F{r}": "进展", f"任务!G{r}": "文号1", f"指标!F{m}": 7})
    ok(do_import(run, workspace, form))
    after_first = snapshot(workspace)
    again = ok(do_import(run, workspace, form))
    assert snapshot(workspace) == after_first
    assert "没有新的变更" in again.out


def test_texts_with_stray_blanks_and_control_characters_are_not_imported_twice(
    run, workspace: Path, tmp_path: Path
) -> None:
    ok(run("--dir", str(workspace), "--as-of", AS_OF, "note", "M1.3", "已部署 \u0007  "))
    ok(run("--dir", str(workspace), "--as-of", AS_OF, "done", "M3.3", "--evidence", "文号 1  "))
    form = export_form(run, workspace, tmp_path / "f.xlsx")
    r = row_of(form, "M1.3")
    fill(form, {f"任务!D{r}": "推进中"})
    ok(do_import(run, workspace, form))
    task = task_of(workspace, "M1.3")
    assert task["status"] == "doing" and task["notes"] == ["已部署 \u0007  "]
    assert task_of(workspace, "M3.3")["evidence"] == ["文号 1  "]


def test_untouched_form_never_undoes_the_office(run, workspace: Path, tmp_path: Path) -> None:
    form = export_form(run, workspace, tmp_path / "f.xlsx")
    ok(run("--dir", str(workspace), "--as-of", AS_OF, "done", "M1.3", "--note", "办公室录入"))
    before = snapshot(workspace)
    ok(do_import(run, workspace, form))
    assert snapshot(workspace) == before
    assert task_of(workspace, "M1.3")["status"] == "done"


def test_reexport_after_import_then_import_changes_nothing(run, workspace: Path, tmp_path: Path) -> None:
    form = export_form(run, workspace, tmp_path / "f.xlsx")
    r = row_of(form, "M1.3")
    fill(form, {f"任务!D{r}": "已完成", f"任务!E{r}": "2024/5/3", f"任务!F{r}": "=1+1 不是公式"[5:]})
    ok(do_import(run, workspace, form))
    second = export_form(run, workspace, tmp_path / "g.xlsx")
    row = rows(second)[row_of(second, "M1.3") - 1]
    assert row[3] == "已完成" and row[4] == datetime(2024, 5, 3) and row[5] == "不是公式"
    before = snapshot(workspace)
    ok(do_import(run, workspace, second))
    assert snapshot(workspace) == before


def test_recurring_task_ticks_the_period_of_the_date_once(run, workspace: Path, tmp_path: Path) -> None:
    form = export_form(run, workspace, tmp_path / "f.xlsx")
    r = row_of(form, "M4.4")  # monthly
    fill(form, {f"任务!D{r}": "已完成", f"任务!E{r}": date(2024, 2, 20)})
    ok(do_import(run, workspace, form))
    assert task_of(workspace, "M4.4")["periods"] == {"2024-02": date(2024, 2, 20)}
    before = snapshot(workspace)
    ok(do_import(run, workspace, form))
    assert snapshot(workspace) == before


def test_recurring_task_without_a_date_ticks_the_earliest_open_period_once(
    run, workspace: Path, tmp_path: Path
) -> None:
    form = export_form(run, workspace, tmp_path / "f.xlsx")
    fill(form, {f"任务!D{row_of(form, 'M4.4')}": "已完成"})
    ok(do_import(run, workspace, form))
    assert task_of(workspace, "M4.4")["periods"] == {"2024-01": date(2024, 7, 15)}
    before = snapshot(workspace)
    ok(do_import(run, workspace, form))
    assert snapshot(workspace) == before


def test_several_forms_all_or_nothing(run, workspace: Path, tmp_path: Path) -> None:
    good = export_form(run, workspace, tmp_path / "a.xlsx")
    fill(good, {f"任务!D{row_of(good, 'M1.3')}": "已完成"})
    bad = export_form(run, workspace, tmp_path / "b.xlsx", dept="gaj")
    fill(bad, {"任务!D2": "完成了"})
    before = snapshot(workspace)
    usage_error(do_import(run, workspace, good, bad), "任务!D2", "b.xlsx")
    assert snapshot(workspace) == before
    other = export_form(run, workspace, tmp_path / "c.xlsx", dept="gaj")
    fill(other, {"任务!D2": "推进中"})
    ok(do_import(run, workspace, good, other))
    assert task_of(workspace, "M1.3")["status"] == "done"
    gaj_first = rows(other)[1][0]
    assert task_of(workspace, str(gaj_first), "gaj")["status"] == "doing"


def test_percent_cell_means_the_percentage(run, workspace: Path, tmp_path: Path) -> None:
    import openpyxl

    form = export_form(run, workspace, tmp_path / "f.xlsx")
    m = row_of(form, "M3.3", "指标")
    book = openpyxl.load_workbook(form)
    book["指标"][f"F{m}"] = 0.985
    book["指标"][f"F{m}"].number_format = "0.0%"
    book.save(form)
    ok(do_import(run, workspace, form))
    assert task_of(workspace, "M3.3")["metrics"][0]["actual"] == pytest.approx(98.5)


# --- refusals ----------------------------------------------------------------------------------


def refused(run, workspace: Path, form: Path, *fragments: str) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(workspace)
    usage_error(do_import(run, workspace, form), *fragments)
    assert snapshot(workspace) == before


def test_refuses_a_form_of_another_workspace(run, workspace: Path, tmp_path: Path) -> None:
    form = export_form(run, workspace, tmp_path / "f.xlsx")
    fill(form, {"任务!D2": "已完成"})
    other = tmp_path / "other"
    shutil.copytree(workspace, other)
    toml = other / "lawgov.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("48a4b22d", "00000000"), encoding="utf-8")
    refused(run, other, form, "另一个工作区")


def test_refuses_a_form_of_another_plan_year(run, workspace: Path, tmp_path: Path) -> None:
    form = export_form(run, workspace, tmp_path / "f.xlsx")
    fill(form, {"lawgov!B4": "2023"})
    refused(run, workspace, form, "2023")


def test_refuses_a_task_of_another_department(run, workspace: Path, tmp_path: Path) -> None:
    form = export_form(run, workspace, tmp_path / "f.xlsx")
    fill(form, {"lawgov!B3": "gaj"})  # the form now claims to be the police's
    refused(run, workspace, form, "任务!A2", "gaj")


def test_refuses_an_unknown_id(run, workspace: Path, tmp_path: Path) -> None:
    import openpyxl

    form = export_form(run, workspace, tmp_path / "f.xlsx")
    book = openpyxl.load_workbook(form)
    book["任务"].append(["X99", "新任务", None, "已完成"])
    book.save(form)
    last = len(rows(form))
    refused(run, workspace, form, f"任务!A{last}", "X99")


@pytest.mark.parametrize(
    ("cell", "value", "fragment"),
    [
        ("D", "完成了", "不是有效的完成状态"),
        ("E", "下周", "不是有效日期"),
        ("E", "2024-13-01", "不是有效日期"),
        ("E", True, "不是有效日期"),
    ],
)
def test_refuses_bad_status_and_dates(
    run, workspace: Path, tmp_path: Path, cell: str, value: object, fragment: str
) -> None:
    form = export_form(run, workspace, tmp_path / "f.xlsx")
    fill(form, {f"任务!{cell}3": value})
    refused(run, workspace, form, f"任务!{cell}3", fragment)


def test_refuses_a_date_outside_the_plan_year(run, workspace: Path, tmp_path: Path) -> None:
    form = export_form(run, workspace, tmp_path / "f.xlsx")
    fill(form, {"任务!D2": "已完成", "任务!E2": date(2020, 5, 1)})
    refused(run, workspace, form, "任务!E2", "计划年度")


def test_refuses_a_status_change_dated_before_the_last_one(run, workspace: Path, tmp_path: Path) -> None:
    ok(run("--dir", str(workspace), "--as-of", AS_OF, "start", "M1.3", "--on", "2024-06-01"))
    form = export_form(run, workspace, tmp_path / "f.xlsx")
    r = row_of(form, "M1.3")
    fill(form, {f"任务!D{r}": "已完成", f"任务!E{r}": date(2024, 5, 3)})
    refused(run, workspace, form, f"任务!D{r}", "2024-06-01")


def test_refuses_a_future_date(run, workspace: Path, tmp_path: Path) -> None:
    form = export_form(run, workspace, tmp_path / "f.xlsx")
    fill(form, {"任务!D2": "已完成", "任务!E2": date(2024, 8, 1)})
    refused(run, workspace, form, "任务!E2")


@pytest.mark.parametrize(
    ("cell", "value"),
    [("任务!B4", "改过的任务名"), ("任务!C2", date(2025, 1, 1)), ("指标!D2", 999), ("任务!A1", "ID")],
)
def test_refuses_a_changed_locked_cell(
    run, workspace: Path, tmp_path: Path, cell: str, value: object
) -> None:
    form = export_form(run, workspace, tmp_path / "f.xlsx")
    fill(form, {cell: value})
    refused(run, workspace, form, cell, "已锁定")


@pytest.mark.parametrize("value", ["=1+1", "=cmd|' /C calc'!A0", "@SUM(A1:A2)", "+cmd|'/c calc'!A1"])
def test_refuses_formulas_and_injections(run, workspace: Path, tmp_path: Path, value: str) -> None:
    form = export_form(run, workspace, tmp_path / "f.xlsx")
    fill(form, {"任务!F2": value})
    refused(run, workspace, form, "任务!F2", "公式")


def test_refuses_a_formula_in_a_metric_actual(run, workspace: Path, tmp_path: Path) -> None:
    form = export_form(run, workspace, tmp_path / "f.xlsx")
    fill(form, {"指标!F2": "=D2*2"})
    refused(run, workspace, form, "指标!F2")


def test_refuses_a_non_number_actual(run, workspace: Path, tmp_path: Path) -> None:
    form = export_form(run, workspace, tmp_path / "f.xlsx")
    fill(form, {"指标!F2": "很多"})
    refused(run, workspace, form, "指标!F2", "不是数字")


def test_what_people_type_over_the_lists_is_understood(run, workspace: Path, tmp_path: Path) -> None:
    import openpyxl

    form = export_form(run, workspace, tmp_path / "f.xlsx")
    sheet = openpyxl.load_workbook(form)["指标"]
    unit = sheet["C2"].value
    assert unit and unit not in ("%", "％")
    fill(form, {"任务!D2": "完成", "任务!E2": "2024-07-10", "指标!F2": f"12{unit}"})
    out = ok(do_import(run, workspace, form, extra=("--dry-run",))).out
    assert "→ 已完成（2024-07-10）" in out
    assert "— → 12" in out or "→ 12\n" in out, out
    fill(form, {"指标!F2": "12吨" if unit != "吨" else "12件"})
    refused(run, workspace, form, "指标!F2", "不是数字")  # another unit is no number


@pytest.mark.parametrize("content", [b"not a zip at all", b"PK\x03\x04broken", b""])
def test_refuses_unreadable_files(run, workspace: Path, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    refused(run, workspace, path, "bad.xlsx", "XLSX")


def test_an_xls_or_csv_given_as_a_form_is_told_to_be_saved_as_xlsx(run, workspace: Path, tmp_path: Path) -> None:
    old_excel = tmp_path / "填报表.xls"
    old_excel.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504)  # an OLE2 (Excel 97-2003) header
    refused(run, workspace, old_excel, "填报表.xls", "另存为 .xlsx")


def test_refuses_a_zip_bomb_before_parsing(run, workspace: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (201 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024
    refused(run, workspace, bomb, "bomb.xlsx", "unpacked")


def test_refuses_a_sheet_with_a_million_rows_without_walking_them(
    run, workspace: Path, tmp_path: Path
) -> None:
    form = export_form(run, workspace, tmp_path / "f.xlsx")
    fill(form, {"任务!F1000000": "x"})
    refused(run, workspace, form, "f.xlsx", "1000000")


def test_refuses_an_ordinary_workbook(run, workspace: Path, tmp_path: Path) -> None:
    ledger = tmp_path / "台账.xlsx"
    ok(run("--dir", str(workspace), "export", "-o", str(ledger)))
    refused(run, workspace, ledger, "填报表")
    broken = tmp_path / "z.xlsx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("hello.txt", "x")
    refused(run, workspace, broken, "z.xlsx")


def test_refuses_dropping_and_going_back(run, workspace: Path, tmp_path: Path) -> None:
    form = export_form(run, workspace, tmp_path / "f.xlsx")
    fill(form, {"任务!D2": "已撤销"})
    refused(run, workspace, form, "任务!D2", "不能在填报表中撤销")
    ok(run("--dir", str(workspace), "--as-of", AS_OF, "start", "M1.3"))
    form = export_form(run, workspace, tmp_path / "g.xlsx")
    r = row_of(form, "M1.3")
    fill(form, {f"任务!D{r}": "未开始"})
    refused(run, workspace, form, f"任务!D{r}", "不能改回未开始")


def test_missing_file_is_one_line(run, workspace: Path, tmp_path: Path) -> None:
    usage_error(do_import(run, workspace, tmp_path / "nope.xlsx"), "nope.xlsx")


# --- LibreOffice ------------------------------------------------------------------------------


def test_form_saved_by_libreoffice_round_trips(run, workspace: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (.ci/run installs it where apt-get is available)")
    form = export_form(run, workspace, tmp_path / "f.xlsx")
    r = row_of(form, "M1.3")
    m = row_of(form, "M3.3", "指标")
    fill(
        form,
        {
            f"任务!D{r}": "已完成",
            f"任务!E{r}": date(2024, 5, 3),
            f"任务!F{r}": "经LibreOffice保存",
            f"指标!F{m}": 3.5,
        },
    )
    out = tmp_path / "lo"
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(form),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    saved = out / "f.xlsx"
    assert saved.read_bytes() != form.read_bytes()  # really rewritten by LibreOffice
    ok(do_import(run, workspace, saved))
    done = task_of(workspace, "M1.3")
    assert done["status"] == "done" and done["done_on"] == date(2024, 5, 3)
    assert done["notes"][-1] == "经LibreOffice保存"
    assert task_of(workspace, "M3.3")["metrics"][0]["actual"] == 3.5
    before = snapshot(workspace)
    ok(do_import(run, workspace, saved))
    assert snapshot(workspace) == before
    fill(saved, {"任务!B2": "改了"})
    refused(run, workspace, saved, "任务!B2")


@pytest.mark.parametrize("review", [False, True])
def test_reported_typed_for_an_open_task_is_the_department_saying_it_is_done(
    run, workspace: Path, tmp_path: Path, review: bool
) -> None:
    # It used to be dropped silently ("no new changes"): 已报送 was read only as the office's state.
    if review:
        settings = workspace / "lawgov.toml"
        settings.write_text(settings.read_text("utf-8") + "\n[workflow]\nreview = true\n", "utf-8")
    form = export_form(run, workspace, tmp_path / "f.xlsx")
    fill(form, {"任务!D2": "已报送"})
    ok(do_import(run, workspace, form))
    import openpyxl

    task_id = openpyxl.load_workbook(form)["任务"]["A2"].value
    shown = json.loads(ok(run("--dir", str(workspace), "--as-of", AS_OF, "show", task_id, "--format", "json")).out)
    assert shown["status"] == ("reported" if review else "done")


def test_in_review_mode_a_forms_done_is_reported_for_the_office(run, workspace: Path, tmp_path: Path) -> None:
    """Issue 12 with issue 11: in review mode 已完成 on a form is 已报送 (reported), like `done`."""
    import openpyxl

    settings = workspace / "lawgov.toml"
    settings.write_text(settings.read_text("utf-8") + "\n[workflow]\nreview = true\n", "utf-8")
    form = tmp_path / "sifaju.xlsx"
    assert (
        run(
            "--dir",
            str(workspace),
            "--as-of",
            "2024-07-15",
            "export",
            "--format",
            "xlsx",
            "--form",
            "--dept",
            "sifaju",
            "-o",
            str(form),
        ).code
        == 0
    )
    book = openpyxl.load_workbook(form)
    sheet = book["任务"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "R3")
    row[3].value = "已完成"
    book.save(form)
    result = run("--dir", str(workspace), "--as-of", "2024-07-15", "import", str(form))
    assert result.code == 0, result.err
    status = json.loads(
        run("--dir", str(workspace), "--as-of", "2024-07-15", "status", "--format", "json").out
    )
    assert status["totals"]["reported"] == 1 and status["totals"]["done"] == 0
    assert [p["id"] for p in status["pending"]] == ["R3"]
    # Exported again, the form shows 已报送; imported unchanged, nothing happens.
    assert (
        run(
            "--dir",
            str(workspace),
            "--as-of",
            "2024-07-15",
            "export",
            "--format",
            "xlsx",
            "--form",
            "--dept",
            "sifaju",
            "-o",
            str(form),
        ).code
        == 0
    )
    shown = next(r for r in openpyxl.load_workbook(form)["任务"].iter_rows(min_row=2) if r[0].value == "R3")
    assert shown[3].value == "已报送"
    again = run("--dir", str(workspace), "--as-of", "2024-07-15", "import", str(form))
    assert again.code == 0, again.err
    status = json.loads(
        run("--dir", str(workspace), "--as-of", "2024-07-15", "status", "--format", "json").out
    )
    assert status["totals"]["reported"] == 1
