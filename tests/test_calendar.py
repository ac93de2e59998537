"""Working days in China: the public holidays and the weekend days worked in lieu (``[calendar]``).

``init`` writes the State Council's arrangement of the plan year and the next into ``lawgov.toml``
(from the ``chinesecalendar`` package); the documents count working days with it: the bulletin's
成文日期, the five working days a late department has to explain itself, the next issue's date, a
notice's reply date that would fall on a rest day.  A workspace without ``[calendar]`` counts Monday
to Friday, as before.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path

from conftest import ok, usage_error


def _bulletin(run, ws: Path, month: str) -> str:  # type: ignore[no-untyped-def]
    return ok(run("--dir", str(ws), "bulletin", "--month", month, "--format", "text")).out


def test_init_writes_the_official_arrangement_of_the_plan_year_and_the_next(workspace: Path) -> None:
    calendar = tomllib.loads((workspace / "lawgov.toml").read_text("utf-8"))["calendar"]
    holidays, workdays = set(calendar["holidays"]), set(calendar["workdays"])
    # 2024 (国办发明电〔2023〕7号): National Day 1–7 October, worked Sunday 29 September and Saturday 12 October.
    assert {date(2024, 10, d) for d in range(1, 8)} <= holidays
    assert {date(2024, 9, 29), date(2024, 10, 12)} <= workdays
    assert date(2025, 1, 1) in holidays  # the December bulletin is dated in the next year
    assert {day.year for day in holidays | workdays} == {2024, 2025}
    text = (workspace / "lawgov.toml").read_text("utf-8")
    assert re.search(r"^    2024-10-01, .*, 2024-10-07,  # 国庆节$", text, re.M)


def test_the_bulletin_counts_working_days_with_the_calendar(run, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    september = _bulletin(run, workspace, "2024-09")
    # Dated after the National Day week, not on 1 October.
    assert "南开区委依法治区办　2024年10月8日" in september
    # Five working days after 8 October: 9, 10, 11, Saturday 12 (worked in lieu), 14.
    assert "于2024年10月14日前向南开区委依法治区办书面说明" in september
    assert "下期通报将于2024年11月1日前印发" in september
    april = _bulletin(run, workspace, "2024-04")
    assert "南开区委依法治区办　2024年5月6日" in april  # after the Labour Day holiday (1–5 May)
    assert "下期通报将于2024年6月3日前印发" in april
    december = _bulletin(run, workspace, "2024-12")
    assert "南开区委依法治区办　2025年1月2日" in december  # New Year's Day 2025 is off


def test_a_notice_reply_date_on_a_rest_day_moves_to_the_next_working_day(run, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    # 24 September + 7 days is 1 October: the reply is due on the first working day after the holiday.
    out = ok(run("--dir", str(workspace), "--as-of", "2024-09-24", "notice", "--dept", "sifaju")).out
    assert "请于2024年10月8日前完成上述任务" in out
    # A plain weekday stays as it is: 2 July + 7 days is Tuesday 9 July.
    out = ok(run("--dir", str(workspace), "--as-of", "2024-07-02", "notice", "--dept", "sifaju")).out
    assert "请于2024年7月9日前完成上述任务" in out


def test_a_workspace_without_a_calendar_counts_monday_to_friday(run, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    settings = workspace / "lawgov.toml"
    text = settings.read_text("utf-8")
    settings.write_text(text[: text.index("\n[calendar]")] + "\n", "utf-8")
    september = _bulletin(run, workspace, "2024-09")
    assert "南开区委依法治区办　2024年10月1日" in september
    assert september == _bulletin(run, workspace, "2024-09")  # regenerated: the same document


def test_the_office_edits_the_calendar_and_bad_entries_are_one_line(run, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    settings = workspace / "lawgov.toml"
    text = settings.read_text("utf-8")
    # A local arrangement: 1 August off as well (quoted dates are taken too).
    settings.write_text(text.replace("holidays = [\n", 'holidays = [\n    "2024-08-01",\n', 1), "utf-8")
    assert "南开区委依法治区办　2024年8月2日" in _bulletin(run, workspace, "2024-07")
    for bad, said in (
        ('holidays = [\n    "8月1日",\n', "calendar.holidays"),
        ("holidays = [\n    2024-09-29,\n", "2024-09-29"),  # also a day worked in lieu
    ):
        settings.write_text(text.replace("holidays = [\n", bad, 1), "utf-8")
        usage_error(run("--dir", str(workspace), "status"), "lawgov.toml", said)
    not_a_table = text.replace("schema = 1\n", "schema = 1\ncalendar = 3\n", 1).replace("[calendar]", "[old_calendar]")
    settings.write_text(not_a_table, "utf-8")
    usage_error(run("--dir", str(workspace), "status"), "lawgov.toml", "calendar")


def test_a_year_the_package_does_not_know_is_said_and_last_years_days_are_kept(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from lawgov_cli.holidays import official_arrangement

    unknown = max(day.year for day in official_arrangement(range(2000, 2101)).calendar.holidays) + 1
    old = tmp_path / "old"
    result = ok(run("init", str(old), "--plan-year", str(unknown - 1)))
    assert "[calendar]" not in result.err  # the plan year is known; the next is not asked for
    # The office adds next year's arrangement once announced; the new year's workspace keeps it.
    settings = old / "lawgov.toml"
    settings.write_text(
        settings.read_text("utf-8").replace("holidays = [\n", f"holidays = [\n    {unknown}-10-01,\n", 1), "utf-8"
    )
    new = tmp_path / "new"
    result = ok(run("init", str(new), "--plan-year", str(unknown), "--carry-over", str(old)))
    assert "[calendar]" not in result.err  # last year's workspace knew it
    holidays = tomllib.loads((new / "lawgov.toml").read_text("utf-8"))["calendar"]["holidays"]
    assert holidays == [date(unknown, 10, 1)]
    # Without it: said, an empty [calendar] to fill in (Monday to Friday until then), and every
    # bulletin counting into the year says so again.
    bare = tmp_path / "bare"
    result = run("init", str(bare), "--plan-year", str(unknown + 1))
    assert result.code == 0 and result.err.count("\n") == 1
    assert f"{unknown + 1}" in result.err and "[calendar]" in result.err
    calendar = tomllib.loads((bare / "lawgov.toml").read_text("utf-8"))["calendar"]
    assert calendar == {"holidays": [], "workdays": []}
    bulletin = run("--dir", str(bare), "bulletin", "--month", f"{unknown + 1}-09")
    assert bulletin.code == 0 and "南开区委依法治区办" in bulletin.out
    assert f"{unknown + 1}" in bulletin.err and "[calendar]" in bulletin.err


def test_a_bulletin_counting_into_a_year_the_calendar_lacks_says_so(run, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    # The bundled calendar lists 2024 and 2025: November 2025's bulletin names the next issue's January 2026 date.
    result = run("--dir", str(workspace), "bulletin", "--month", "2025-11", "--format", "text")
    assert result.code == 0 and "法治政府建设工作通报" in result.out
    assert result.err.count("\n") == 1 and "2026" in result.err and "[calendar]" in result.err
    assert _bulletin(run, workspace, "2025-10")  # ok(): nothing on stderr, both years listed
