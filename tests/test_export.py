"""``lawgov export``: every format read back, the same totals as ``status``, hostile text neutralised
or escaped, binary never to stdout, atomic writes, and no export library imported by ``status``."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import tomlkit

from conftest import ROOT
from conftest import snapshot as snapshot_all

AS_OF = "2024-07-15"
HOSTILE = {
    "M1.3": '=HYPERLINK("http://x","y")',
    "M3.3": "+1",
    "M3.4": "-1",
    "M4.1": "@SUM(A1)",
    "R3": "<script>alert(1)</script>",
}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Data files only: the lock and read cache are runtime files."""
    return {k: v for k, v in snapshot_all(folder).items() if not k.startswith(".lawgov")}


def lawgov(run, ws: Path, *args: str, as_of: str = AS_OF):  # type: ignore[no-untyped-def]
    return run("--dir", str(ws), "--as-of", as_of, *args)


def ok(result):  # type: ignore[no-untyped-def]
    assert result.code == 0, result.err
    return result


def one_line_error(result) -> str:  # type: ignore[no-untyped-def]
    assert result.code == 2, (result.code, result.out, result.err)
    assert result.err.startswith("lawgov: ") and result.err.count("\n") == 1, result.err
    assert "Traceback" not in result.err
    return result.err


def tick(run, ws: Path) -> None:  # type: ignore[no-untyped-def]
    """Make the numbers interesting: done, doing, dropped, a ticked period, notes and evidence."""
    ok(lawgov(run, ws, "done", "M1.1", "M2.2", "--on", "2024-05-10", "--note", "已完成", "--by", "t"))
    ok(lawgov(run, ws, "done", "R3", "--evidence", "南开司法〔2024〕7号", "--by", "t"))
    ok(lawgov(run, ws, "start", "M3.3", "M6.1", "--by", "t"))
    ok(lawgov(run, ws, "drop", "P1.1", "--reason", "并入P1.2", "--by", "t"))
    ok(lawgov(run, ws, "done", "M4.4", "--period", "2024-01", "--by", "t"))
    ok(lawgov(run, ws, "done", "M2.5", "--period", "2024-Q1", "--by", "t"))


def make_hostile(ws: Path) -> None:
    """Give some tasks titles a spreadsheet would run and a browser would execute."""
    for path in sorted((ws / "tasks").glob("*.toml")):
        doc = tomlkit.parse(path.read_text("utf-8"))
        changed = False
        for task in doc["tasks"]:
            if task["id"] in HOSTILE:
                task["title"] = HOSTILE[task["id"]]
                task["notes"] = ["=1+2", "普通备注"]
                changed = True
        if changed:
            path.write_text(tomlkit.dumps(doc), "utf-8")


def status_totals(run, ws: Path, *extra: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return json.loads(ok(lawgov(run, ws, "status", "--format", "json", *extra)).out)


def export_file(run, ws: Path, tmp_path: Path, name: str, *extra: str, as_of: str = AS_OF) -> Path:  # type: ignore[no-untyped-def]
    target = tmp_path / name
    result = ok(lawgov(run, ws, "export", "-o", str(target), *extra, as_of=as_of))
    assert str(target) in result.out
    return target


def read_csv(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


# --- csv ---------------------------------------------------------------------------------------


def test_csv_bom_crlf_quoting_and_one_row_per_task(run, workspace: Path, tmp_path: Path) -> None:
    tick(run, workspace)
    path = export_file(run, workspace, tmp_path, "台账.csv")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data and data.endswith(b"\r\n")
    assert data.count(b"\n") == data.count(b"\r\n")  # no bare LF between records in this workspace
    rows = read_csv(path)
    assert len(rows) == status_totals(run, workspace)["totals"]["tasks"] == 57
    assert list(rows[0])[:6] == ["编号", "责任单位", "配合单位", "类型", "所属部分", "任务"]
    by_id = {row["编号"]: row for row in rows}
    assert by_id["M1.1"]["状态"] == "已完成" and by_id["M1.1"]["完成日期"] == "2024-05-10"
    assert by_id["M1.1"]["备注"] == "已完成"
    assert by_id["R3"]["佐证材料"] == "南开司法〔2024〕7号"
    assert by_id["P1.1"]["状态"] == "已撤销"
    assert by_id["M4.4"]["分期销号"] == "已销号1期/共12期"
    assert by_id["R1"]["红黄灯"] == "红灯" and by_id["R1"]["逾期天数"] == "15"
    # metrics: 名称: 基数→目标→实际 单位; …
    assert "行政规范性文件: 1→—→— 件" in by_id["M3.3"]["指标"]
    # stdout gives the same bytes
    out = ok(lawgov(run, workspace, "export", "--format", "csv")).out
    assert out.encode("utf-8") == data


def test_csv_quotes_commas_quotes_and_newlines(run, workspace: Path, tmp_path: Path) -> None:
    path = workspace / "tasks" / "sifaju.toml"
    doc = tomlkit.parse(path.read_text("utf-8"))
    doc["tasks"][0]["title"] = 'a,b "c"\nd'
    path.write_text(tomlkit.dumps(doc), "utf-8")
    rows = read_csv(export_file(run, workspace, tmp_path, "x.csv"))
    assert [r["任务"] for r in rows if r["编号"] == doc["tasks"][0]["id"]] == ['a,b "c"\nd']


def test_csv_neutralises_formulas(run, workspace: Path, tmp_path: Path) -> None:
    make_hostile(workspace)
    rows = {r["编号"]: r for r in read_csv(export_file(run, workspace, tmp_path, "x.csv"))}
    for task_id, title in HOSTILE.items():
        expected = "'" + title if title[0] in "=+-@" else title
        assert rows[task_id]["任务"] == expected
        assert rows[task_id]["备注"].startswith("'=1+2")
    for row in rows.values():
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_neutralise_covers_every_trigger() -> None:
    from lawgov_cli.export.common import neutralise

    for text in ("=1", "+1", "-1", "@A1", "\t=1", "\r=1"):
        assert neutralise(text) == "'" + text
    for text in ("", "1", "M1.1", "'=1", "（=1）", "南开"):
        assert neutralise(text) == text


def test_csv_headers_follow_lang(run, workspace: Path, tmp_path: Path) -> None:
    rows = read_csv(export_file(run, workspace, tmp_path, "en.csv", "--lang", "en"))
    assert list(rows[0])[:6] == ["ID", "Owner", "Co-owners", "Kind", "Section", "Title"]
    assert rows[0]["Status"] == "todo"


# --- xlsx --------------------------------------------------------------------------------------


def all_cells(workbook) -> list[Any]:  # type: ignore[no-untyped-def]
    return [cell for ws in workbook.worksheets for row in ws.iter_rows() for cell in row]


def test_xlsx_sheets_fills_dates_and_no_formulas(run, workspace: Path, tmp_path: Path) -> None:
    import openpyxl

    make_hostile(workspace)
    # 2024-06-20: R1/R2 (due 06-30) are due soon, M4.4 and M2.5 are overdue.
    path = export_file(run, workspace, tmp_path, "台账.xlsx", as_of="2024-06-20")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["汇总", "任务清单", "指标"]
    tasks = workbook["任务清单"]
    assert tasks.freeze_panes == "C2"
    assert tasks.auto_filter.ref == f"A1:S{57 + 1}"
    header = [c.value for c in tasks[1]]
    rows = {row[0].value: row for row in tasks.iter_rows(min_row=2)}
    assert len(rows) == 57
    light = header.index("红黄灯")
    for task_id, row in rows.items():
        fill = (row[0].fill.fgColor.rgb or "")[-6:] if row[0].fill.fill_type else ""
        expected = {"红灯": "FFC7CE", "黄灯": "FFEB9C", "绿灯": ""}[row[light].value]
        assert fill == expected, task_id
        assert all(((c.fill.fgColor.rgb or "")[-6:] if c.fill.fill_type else "") == expected for c in row)
    assert rows["M4.4"][light].value == "红灯" and rows["R1"][light].value == "黄灯"
    due = rows["R1"][header.index("完成时限")]
    assert isinstance(due.value, date) and due.is_date  # openpyxl reads dates back as datetime
    assert due.value == datetime(2024, 6, 30)
    assert due.number_format == "yyyy-mm-dd"
    title = header.index("任务")
    for task_id, text in HOSTILE.items():
        expected = "'" + text if text[0] in "=+-@" else text
        assert rows[task_id][title].value == expected
    assert not [c.coordinate for c in all_cells(workbook) if c.data_type == "f"]
    # widths count CJK as two: the title column is wider than the date column
    assert tasks.column_dimensions["F"].width > tasks.column_dimensions["G"].width >= 10


def test_xlsx_summary_matches_status(run, workspace: Path, tmp_path: Path) -> None:
    import openpyxl

    tick(run, workspace)
    status = status_totals(run, workspace)
    summary = openpyxl.load_workbook(export_file(run, workspace, tmp_path, "t.xlsx"))["汇总"]
    values = [[c.value for c in row] for row in summary.iter_rows()]
    header_row = next(i for i, row in enumerate(values) if row[0] == "单位")
    header = values[header_row]
    body = [row for row in values[header_row + 1 :] if row[0]]
    totals = dict(zip(header, body[-1], strict=True))
    assert body[-1][0] == "合计"
    assert len(body) - 1 == len(status["departments"])
    for key, label in (("tasks", "任务数"), ("done", "已完成"), ("doing", "推进中"), ("overdue", "逾期")):
        assert totals[label] == status["totals"][key]
    assert round(totals["完成率"] * 100, 1) == status["totals"]["percent_done"]
    names = [row[0] for row in body[:-1]]
    assert names == [d["name"] for d in status["departments"]]


def test_xlsx_never_to_stdout(run, workspace: Path) -> None:
    before = snapshot(workspace)
    result = lawgov(run, workspace, "export", "--format", "xlsx")
    assert "xlsx" in one_line_error(result)
    assert result.out == ""
    result = lawgov(run, workspace, "export", "--format", "xlsx", "-o", "-")
    one_line_error(result)
    assert result.out == ""
    assert snapshot(workspace) == before


def test_xlsx_every_sheet_prints_on_a4_landscape_one_page_wide(run, workspace: Path, tmp_path: Path) -> None:
    import openpyxl

    tick(run, workspace)
    book = openpyxl.load_workbook(export_file(run, workspace, tmp_path, "p.xlsx", as_of="2024-07-15"))
    assert len(book.worksheets) == 3
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.orientation == "landscape", sheet.title
        assert str(setup.paperSize) == str(sheet.PAPERSIZE_A4)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert setup.fitToWidth == 1
        # header rows repeat on every printed page
        header_row = 4 if sheet.title == "汇总" else 1
        assert sheet.print_title_rows == f"${header_row}:${header_row}", sheet.title
    # the summary is one page (wide and tall); the long lists run down as many pages as needed
    assert book["汇总"].page_setup.fitToHeight == 1
    assert book["任务清单"].page_setup.fitToHeight == 0


def test_xlsx_every_font_is_named(run, workspace: Path, tmp_path: Path) -> None:
    import openpyxl

    from lawgov_cli.export.xlsx_export import FONT_NAME

    tick(run, workspace)
    # as of a date with red and yellow rows, whose fonts used to have no name
    book = openpyxl.load_workbook(export_file(run, workspace, tmp_path, "f.xlsx", as_of="2024-06-20"))
    names = {
        cell.font.name
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }
    assert names == {FONT_NAME}
    tasks = book["任务清单"]
    colours = {cell.fill.fgColor.rgb[-6:] for row in tasks.iter_rows(min_row=2) for cell in row[:1]}
    assert "FFC7CE" in colours and "FFEB9C" in colours  # red and yellow rows exist


def test_export_package_does_not_import_openpyxl_at_module_level() -> None:
    code = (
        "import sys, lawgov_cli.export, lawgov_cli.export.common, lawgov_cli.cli;"
        "import lawgov_cli.documents.bulletin, lawgov_cli.documents.annual;"
        "print(sorted(m for m in ('openpyxl', 'jinja2', 'icalendar', 'docx') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# --- md ----------------------------------------------------------------------------------------


def test_markdown_tables_and_escaping(run, workspace: Path, tmp_path: Path) -> None:
    path = workspace / "tasks" / "sifaju.toml"
    doc = tomlkit.parse(path.read_text("utf-8"))
    doc["tasks"][0]["title"] = "甲|乙 [链接](javascript:x) <b>"
    path.write_text(tomlkit.dumps(doc), "utf-8")
    tick(run, workspace)
    text = ok(lawgov(run, workspace, "export", "--format", "md")).out
    assert text.startswith("# 南开区2023年度法治政府建设情况报告")
    assert "## 各单位进度" in text and "## 区司法局" in text
    assert "甲\\|乙 \\[链接\\](javascript:x) &lt;b&gt;" in text
    status = status_totals(run, workspace)
    c = status["totals"]
    total_line = next(line for line in text.splitlines() if line.startswith("| **合计**"))
    assert total_line.split(" | ")[1:4] == [str(c["tasks"]), str(c["done"]), str(c["doing"])]
    # every table row has the same number of unescaped pipes as its header
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if line.startswith("|")]
        if lines:
            counts = {line.replace("\\|", "").count("|") for line in lines}
            assert len(counts) == 1, block


# --- json --------------------------------------------------------------------------------------


def test_json_document(run, workspace: Path, tmp_path: Path) -> None:
    tick(run, workspace)
    status = status_totals(run, workspace)
    document = json.loads(export_file(run, workspace, tmp_path, "t.json").read_text("utf-8"))
    assert document["schema"] == 1 and document["as_of"] == AS_OF
    assert document["totals"] == status["totals"]
    assert document["departments"] == status["departments"]
    tasks = {t["id"]: t for t in document["tasks"]}
    assert len(tasks) == 57
    m44 = tasks["M4.4"]
    for key in ("title", "kind", "section", "source", "owner", "owner_name", "due", "status", "metrics"):
        assert key in m44
    assert m44["light"] == "red" and m44["days_overdue"] > 0 and m44["next_due"] == "2024-02-29"
    assert m44["periods"]["2024-01"]["done_on"] and m44["periods"]["2024-02"]["done_on"] is None
    assert len(m44["periods"]) == 12
    assert tasks["R3"]["evidence"] == ["南开司法〔2024〕7号"] and tasks["R3"]["status"] == "done"
    assert tasks["M1.1"]["notes"] == ["已完成"]
    assert sum(t["overdue"] for t in tasks.values()) == status["totals"]["overdue"]


# --- html --------------------------------------------------------------------------------------


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.totals: dict[str, str] = {}
        self._total: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        self._total = attributes.get("data-total")

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._total and data.strip():
            self.totals[self._total] = data.strip()
            self._total = None


def parse_html(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    return page


def test_html_escapes_and_is_self_contained(run, workspace: Path, tmp_path: Path) -> None:
    make_hostile(workspace)
    text = export_file(run, workspace, tmp_path, "r.html").read_text("utf-8")
    page = parse_html(text)
    names = [tag for tag, _ in page.tags]
    assert "script" not in names and "link" not in names and "img" not in names and "iframe" not in names
    assert "<script>alert(1)</script>" in "".join(page.text)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    html_tag = next(attrs for tag, attrs in page.tags if tag == "html")
    assert html_tag["lang"] == "zh-CN"
    for _, attrs in page.tags:  # nothing is fetched: no src, no external href
        assert "src" not in attrs
        assert not (attrs.get("href") or "").startswith(("http", "//"))
    assert "@import" not in text and "url(" not in text
    assert "svg" in names and "<style>" in text
    assert "PingFang SC" in text and "Microsoft YaHei" in text and "Noto Sans CJK SC" in text
    assert 'name="viewport"' in text


def test_html_english(run, workspace: Path, tmp_path: Path) -> None:
    page = parse_html(export_file(run, workspace, tmp_path, "r.html", "--lang", "en").read_text("utf-8"))
    assert next(a for t, a in page.tags if t == "html")["lang"] == "en"
    assert "Progress by department" in "".join(page.text)


# --- ics ---------------------------------------------------------------------------------------


def test_ics_one_event_per_deadline_reproducible(run, workspace: Path, tmp_path: Path) -> None:
    import icalendar

    from lawgov_cli.periods import periods
    from lawgov_cli.store.load import load_workspace

    tick(run, workspace)
    first = export_file(run, workspace, tmp_path, "a.ics").read_bytes()
    second = export_file(run, workspace, tmp_path, "b.ics").read_bytes()
    assert first == second
    calendar = icalendar.Calendar.from_ical(first)
    events = list(calendar.walk("VEVENT"))
    tasks = load_workspace(workspace).tasks
    expected = sum(len(periods(t.repeat, t.due.year)) or 1 for t in tasks)
    assert len(events) == expected == 57 - 2 + 12 + 4
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    assert all(uid.endswith("@lawgov") for uid in uids)
    assert {e.decoded("DTSTAMP") for e in events} == {datetime(2024, 7, 15, tzinfo=UTC)}
    m44 = [e for e in events if str(e["SUMMARY"]).lstrip("✓ ").startswith("M4.4")]
    assert len(m44) == 12
    january = next(e for e in m44 if "2024-01" in str(e["SUMMARY"]))
    assert str(january["SUMMARY"]).startswith("✓ ") and january.decoded("DTSTART") == date(2024, 1, 31)
    assert "区司法局" in str(january["SUMMARY"])
    one_off = next(e for e in events if str(e["SUMMARY"]).startswith("R1 "))
    assert one_off.decoded("DTSTART") == date(2024, 6, 30) and one_off.decoded("DTEND") == date(2024, 7, 1)
    dropped = next(e for e in events if "P1.1" in str(e["SUMMARY"]))
    assert str(dropped["STATUS"]) == "CANCELLED"
    # another day: same UIDs, only DTSTAMP moves
    later = icalendar.Calendar.from_ical(
        export_file(run, workspace, tmp_path, "c.ics", as_of="2024-08-01").read_bytes()
    )
    assert [str(e["UID"]) for e in later.walk("VEVENT")] == uids


# --- the same numbers everywhere ---------------------------------------------------------------


def test_same_totals_in_every_format(run, workspace: Path, tmp_path: Path) -> None:
    import openpyxl

    tick(run, workspace)
    status = status_totals(run, workspace)["totals"]
    assert status["done"] and status["doing"] and status["dropped"] and status["overdue"]

    rows = read_csv(export_file(run, workspace, tmp_path, "t.csv"))
    from_csv = {
        "tasks": len(rows),
        "done": sum(r["状态"] == "已完成" for r in rows),
        "doing": sum(r["状态"] == "推进中" for r in rows),
        "todo": sum(r["状态"] == "未开始" for r in rows),
        "reported": sum(r["状态"] == "已报送待审核" for r in rows),
        "dropped": sum(r["状态"] == "已撤销" for r in rows),
        "overdue": sum(int(r["逾期天数"]) > 0 for r in rows),
        "due_soon": sum(r["红黄灯"] == "黄灯" for r in rows),
        "finished_late": sum(int(r["逾期完成天数"]) > 0 for r in rows),
    }
    assert from_csv == {k: v for k, v in status.items() if k != "percent_done"}

    summary = openpyxl.load_workbook(export_file(run, workspace, tmp_path, "t.xlsx"))["汇总"]
    values = [[c.value for c in row] for row in summary.iter_rows()]
    header = next(row for row in values if row[0] == "单位")
    total = dict(zip(header, next(row for row in values if row[0] == "合计"), strict=True))
    labels = {"tasks": "任务数", "done": "已完成", "doing": "推进中", "todo": "未开始", "dropped": "已撤销"}
    labels |= {"overdue": "逾期", "due_soon": "即将到期", "finished_late": "逾期完成", "reported": "待审核"}
    assert {k: total[v] for k, v in labels.items()} == from_csv

    page = parse_html(export_file(run, workspace, tmp_path, "t.html").read_text("utf-8"))
    assert {k: int(page.totals[k]) for k in from_csv} == from_csv
    assert float(page.totals["percent_done"]) == status["percent_done"]

    document = json.loads(export_file(run, workspace, tmp_path, "t.json").read_text("utf-8"))
    assert document["totals"] == status


def test_dept_filter_matches_status_dept(run, workspace: Path, tmp_path: Path) -> None:
    tick(run, workspace)
    status = status_totals(run, workspace, "--dept", "司法局")
    document = json.loads(ok(lawgov(run, workspace, "export", "-f", "json", "--dept", "司法局")).out)
    assert document["totals"] == status["totals"]
    assert {t["owner"] for t in document["tasks"]} == {"sifaju"}
    rows = read_csv(export_file(run, workspace, tmp_path, "s.csv", "--dept", "sifaju"))
    assert len(rows) == status["totals"]["tasks"] == 14


# --- options and writing -----------------------------------------------------------------------


def test_format_from_suffix_and_mismatch(run, workspace: Path, tmp_path: Path) -> None:
    for name, start in (
        ("a.md", b"# "),
        ("a.json", b"{"),
        ("a.html", b"<!DOCTYPE html>"),
        ("a.ics", b"BEGIN:VCALENDAR"),
    ):
        assert export_file(run, workspace, tmp_path, name).read_bytes().startswith(start)
    assert "--format" in one_line_error(lawgov(run, workspace, "export"))
    assert "--format" in one_line_error(lawgov(run, workspace, "export", "-o", str(tmp_path / "a.txt")))
    one_line_error(lawgov(run, workspace, "export", "-f", "csv", "-o", str(tmp_path / "b.xlsx")))
    one_line_error(lawgov(run, workspace, "export", "-f", "pdf"))
    assert not (tmp_path / "b.xlsx").exists() and not (tmp_path / "a.txt").exists()


@pytest.mark.parametrize("where", ["missing-dir/x.csv", "a-file/x.csv", "a-dir"])
def test_unwritable_output_is_one_line_and_writes_nothing(
    run, workspace: Path, tmp_path: Path, where: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "a-file").write_text("keep", "utf-8")
    (out / "a-dir").mkdir()
    before = snapshot_all(out)
    result = lawgov(run, workspace, "export", "-f", "csv", "-o", str(out / where))
    one_line_error(result)
    assert snapshot_all(out) == before
    assert [p.name for p in out.rglob("*")] == [p.name for p in out.rglob("*") if not p.name.endswith(".tmp")]


def test_export_overwrites_atomically_and_keeps_mode(run, workspace: Path, tmp_path: Path) -> None:
    target = tmp_path / "t.csv"
    target.write_text("old", "utf-8")
    target.chmod(0o640)
    export_file(run, workspace, tmp_path, "t.csv")
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "ws") == ["t.csv"]


def test_export_does_not_change_the_workspace(run, workspace: Path, tmp_path: Path) -> None:
    before = snapshot(workspace)
    for fmt in ("csv", "md", "json", "html", "ics"):
        ok(lawgov(run, workspace, "export", "-f", fmt))
    export_file(run, workspace, tmp_path, "x.xlsx")
    assert snapshot(workspace) == before


def test_help_has_example(run) -> None:
    result = run("export", "--help")
    assert result.code == 0
    assert "lawgov export --format xlsx -o 台账.xlsx" in result.out  # under "Examples:" since 950caca


# --- import budget -----------------------------------------------------------------------------


def test_status_does_not_import_export_libraries(workspace: Path) -> None:
    """status (piped) loads only what it needs: no export libraries, no TOML writers, no rich,
    no pydantic (typer >= 0.29 would pull it in on every command)."""
    script = (
        "import sys\n"
        "from lawgov_cli.cli import main\n"
        "try:\n"
        f"    main(['--dir', {str(workspace)!r}, '--as-of', '{AS_OF}', 'status'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('openpyxl', 'jinja2', 'icalendar', 'markupsafe', 'tomlkit', 'tomli_w', 'rich', 'pydantic')\n"
        "loaded = sorted(m for m in heavy if m in sys.modules)\n"
        "sys.stderr.write('LOADED=' + ','.join(loaded) + '\\n')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "LANG": "C.UTF-8"},
    )
    assert "区司法局" in done.stdout
    assert "LOADED=\n" in done.stderr, done.stderr
