"""``lawgov bulletin`` (月通报) and ``lawgov report`` (annual report draft), generated from the data.

The year is simulated with tests/data/year_2024.txt: each change made as of its own date, and the
month's bulletin drawn after the month's changes, as an office would.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import ok, simulate_year, snapshot, usage_error

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ID_IN_TEXT = re.compile(r"(?<![A-Za-z0-9])[MRDPS]\d+(?:\.\d+)?(?![\d.])")


def bulletin(run, ws: Path, month: str, *extra: str) -> str:  # type: ignore[no-untyped-def]
    return ok(run("--dir", str(ws), "bulletin", "--month", month, *extra)).out


def status_json(run, ws: Path, as_of: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return json.loads(ok(run("--dir", str(ws), "--as-of", as_of, "status", "--format", "json")).out)


def section(text: str, title: str) -> str:
    """The text of the ``## N、title`` section (up to the next ``## ``)."""
    match = re.search(
        rf"^## [一二三四五六七八九十]+、{re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.S | re.M
    )
    assert match, (title, text[:2000])
    return match.group(1)


# --- the head ----------------------------------------------------------------------------------


def test_bulletin_head_issue_number_and_date(run, workspace: Path) -> None:
    july = bulletin(run, workspace, "2024-07")
    head = july.split("---", 1)[0]
    assert "**南开区委依法治区办**" in head  # office derived from the region
    assert "法治政府建设工作通报　2024年第7期" in head  # 第N期 from the plan year's January
    assert "南开区委依法治区办　2024年8月1日" in head  # first working day after July (a Thursday)
    assert "# 关于2024年7月法治政府建设任务落实情况的通报" in july
    assert "\n各责任单位：\n" in july  # 主送
    # August ends on a Saturday: dated Monday 2 September; --date overrides; next January is 第13期.
    assert "2024年9月2日" in bulletin(run, workspace, "2024-08").split("---", 1)[0]
    assert "2024年9月5日" in bulletin(run, workspace, "2024-08", "--date", "2024-09-05").split("---", 1)[0]
    assert "2025年第13期" in bulletin(run, workspace, "2025-01")
    # the 落款 repeats office and date, right-aligned
    assert '<div align="right">南开区委依法治区办</div>\n\n<div align="right">2024年8月1日</div>' in july


def test_bulletin_office_from_settings_and_bad_input(run, workspace: Path) -> None:
    settings = workspace / "lawgov.toml"
    settings.write_text(
        settings.read_text("utf-8").replace(
            'region = "南开区"', 'region = "南开区"\noffice = "中共南开区委全面依法治区委员会办公室"'
        ),
        "utf-8",
    )
    assert "**中共南开区委全面依法治区委员会办公室**" in bulletin(run, workspace, "2024-07")
    before = snapshot(workspace)
    usage_error(run("--dir", str(workspace), "bulletin", "--month", "2023-12"), "2024")
    usage_error(run("--dir", str(workspace), "bulletin", "--month", "2024-07", "--date", "8月1日"), "--date")
    usage_error(run("--dir", str(workspace), "bulletin", "--month", "2024-07", "--format", "docx"), "-o")
    for bad in ("2024-13", "July", "2024/07"):
        usage_error(run("--dir", str(workspace), "bulletin", "--month", bad))
    assert snapshot(workspace) == before


# --- 序时进度 over a simulated year -------------------------------------------------------------


def paces(run, ws: Path, month: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Department -> 序时进度 class, from the bulletin's table."""
    table = section(bulletin(run, ws, month), "各单位序时进度")
    rows = [line.split(" | ") for line in table.splitlines() if re.match(r"\| (?:并列)?\d+ \|", line)]
    return {row[1]: row[7].rstrip(" |") for row in rows}


def test_schedule_classes_over_a_simulated_year(run, workspace: Path) -> None:
    simulate_year(run, workspace, until="2024-01-31")
    january = paces(run, workspace, "2024-01")
    assert set(january.values()) == {"达进度"}  # January's tick made: everyone on schedule
    # 各街道's only task is due next March: on schedule, not last at 0%.
    assert january["各街道"] == "达进度"

    simulate_year(run, workspace, since="2024-02-01", until="2024-04-30")
    april = paces(run, workspace, "2024-04")
    assert april["区委编办"] == "超进度"  # finished M2.2 eight months early
    assert april["区司法局"] == "达进度" and april["区发展改革委"] == "达进度"

    simulate_year(run, workspace, since="2024-05-01", until="2024-05-31")
    may = bulletin(run, workspace, "2024-05")
    assert paces(run, workspace, "2024-05")["区司法局"] == "欠进度"  # May's monthly report not made

    simulate_year(run, workspace, since="2024-06-01", until="2024-07-31")
    july = bulletin(run, workspace, "2024-07")
    classes = paces(run, workspace, "2024-07")
    assert classes["区司法局"] == "欠进度" and classes["区政府办公室"] == "超进度"
    red = section(july, "逾期未完成事项（红灯）")
    # a recurring task says which period is missing, not "overdue by 214 days"
    assert "严格落实行政执法“三项制度”，建立“月通报+季分析”制度：按月落实，5月未报送。" in red
    assert "逾期6" not in red and "已逾期" in red
    # the number of days is evaluate()'s (the bulletin is taken at the end of July 31)
    assert re.search(
        r"“法治队伍专业化建设存在短板，有的执法部门法制机构不健全”问题整改：应于2024年6月30日前完成，"
        r"已逾期\d+天，正在推进，最新进展：法制机构设置方案待区委编办审批。",
        red,
    )
    assert "（一）区司法局（2项）" in red
    good = section(july, "进展较好的单位和事项")
    assert "区政府办公室" in good and "区委编办" in good  # praised by name
    assert "制定法治建设责任清单，逐级签订责任书" in good and "（逾期15天）" in good  # R2, finished late
    overall = section(july, "总体情况")
    assert "累计逾期完成1项" in overall
    assert "本月新完成" in overall

    simulate_year(run, workspace, since="2024-08-01")
    assert paces(run, workspace, "2025-01")["区委编办"] == "已完成"
    # the bulletin is taken at the end of the month's last day: May's report, due that day, is red
    assert "5月未报送" in section(may, "逾期未完成事项（红灯）")


def test_bulletin_numbers_equal_status_json(run, workspace: Path) -> None:
    simulate_year(run, workspace, until="2024-10-31")
    text = bulletin(run, workspace, "2024-10")
    status = status_json(run, workspace, "2024-10-31")
    totals = status["totals"]
    overall = section(text, "总体情况")
    assert (
        f"在列任务{totals['tasks'] - totals['dropped']}项（另有{totals['dropped']}项经批准撤销）" in overall
    )
    assert f"已完成{totals['done']}项，完成率{totals['percent_done']:.1f}%" in overall
    assert f"逾期未完成（红灯）{totals['overdue']}项" in overall
    red = section(text, "逾期未完成事项（红灯）")
    assert f"共有{totals['overdue']}项任务逾期未完成" in red
    table = section(text, "各单位序时进度")
    for dept in status["departments"]:
        row = next(line for line in table.splitlines() if f"| {dept['name']} |" in line)
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[2:4] == [str(dept["tasks"] - dept["dropped"]), str(dept["done"])], dept
        assert cells[6] == str(dept["overdue"])
    # indicators recorded (effective) this month, against last year's value; not in September's
    good = section(text, "进展较好的单位和事项")
    assert "本月更新指标1项：" in good and "区司法局：实质化解率90.1%（上年88.26%）" in good
    assert "实质化解率90.1" not in bulletin(run, workspace, "2024-09")
    # every open task is in the 附件
    annex = text.split("### 截至2024年10月31日未完成任务清单", 1)[1]
    assert len(re.findall(r"^\| \d+ \|", annex, re.M)) == totals["tasks"] - totals["done"] - totals["dropped"]


def test_yellow_is_due_soon_days_everywhere(run, workspace: Path) -> None:
    """黄灯 = due within due_soon_days of the date, in the bulletin exactly as in status."""
    settings = workspace / "lawgov.toml"
    settings.write_text(
        settings.read_text("utf-8").replace("due_soon_days = 14", "due_soon_days = 30"), "utf-8"
    )
    simulate_year(run, workspace, until="2024-08-31")
    text = bulletin(run, workspace, "2024-08")
    status = status_json(run, workspace, "2024-08-31")
    assert status["due_soon"], "the scenario has tasks due within 30 days of 2024-08-31"
    yellow = section(text, "临近到期事项（黄灯）")
    assert f"以下{len(status['due_soon'])}项任务将在8月31日后30日内到期" in yellow
    assert "第三季度应于9月30日前报送" in yellow
    assert f"30日内到期（黄灯）{status['totals']['due_soon']}项" in section(text, "总体情况")


def test_bulletin_has_no_machine_forms(run, workspace: Path) -> None:
    simulate_year(run, workspace, until="2024-09-30")
    for month in ("2024-03", "2024-06", "2024-09"):
        text = bulletin(run, workspace, month)
        assert not ISO_DATE.search(text), ISO_DATE.search(text)
        assert "-Q" not in text and not re.search(r"（\d{4}-", text)
        assert not re.search(r"(?<![\d.])0项", text), month  # no "下月到期0项"
        assert not ID_IN_TEXT.search(text), ID_IN_TEXT.search(text)  # ids never run into titles
        assert "lawgov" not in text
        assert "销号" in text
        # follow-up promises only where something is overdue (March has nothing red)
        assert ("回头看" in text and "挂号督办" in text) is ("逾期未完成事项（红灯）" in text)
    assert "第三季度" in bulletin(run, workspace, "2024-09")


def test_bulletin_text_and_english(run, workspace: Path) -> None:
    simulate_year(run, workspace, until="2024-07-31")
    text = bulletin(run, workspace, "2024-07", "--format", "text")
    assert "#" not in text and "|" not in text and "2024年第7期" in text
    english = ok(run("--dir", str(workspace), "--lang", "en", "bulletin", "--month", "2024-07")).out
    assert "1. Overall" in english and "behind schedule" in english and "not reported for May" in english


def test_bulletin_default_month_is_last_complete_month(run, workspace: Path) -> None:
    assert "截至2024年7月31日" in ok(run("--dir", str(workspace), "--as-of", "2024-08-03", "bulletin")).out
    assert "截至2024年8月31日" in ok(run("--dir", str(workspace), "--as-of", "2024-08-31", "bulletin")).out


def test_bulletin_to_file(run, workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "通报.md"
    ok(run("--dir", str(workspace), "bulletin", "--month", "2024-07", "-o", str(out)))
    assert out.read_text("utf-8").startswith("**南开区委依法治区办**")


# --- the report draft ---------------------------------------------------------------------------


def report(run, ws: Path, *extra: str) -> str:  # type: ignore[no-untyped-def]
    return ok(run("--dir", str(ws), "--as-of", "2024-12-31", "report", *extra)).out


def test_report_draft_is_written_from_the_years_facts(run, workspace: Path) -> None:
    simulate_year(run, workspace, until="2024-12-31")
    text = report(run, workspace)
    assert text.startswith("# 南开区2024年度法治政府建设情况报告（草稿）")
    assert "草稿" in text.splitlines()[2] and text.count("请补充") >= 3
    part1 = section(text, "2024年推进法治政府建设的主要举措和成效")
    # notes and evidence recorded during the year
    assert "全区法治督察完成，发现问题23个，已全部反馈整改（佐证材料：南开依法治区办〔2024〕9号）" in part1
    # actuals against baselines, keeping the source sentence's verb
    assert "破获涉网类诈骗案件1120起，较上年增长45.5%" in part1
    assert "电诈案件破案率70.2%，较上年提高6.5个百分点" in part1
    assert "实质化解率90.1%，较上年提高1.84个百分点" in part1
    assert "调整区级部门权责清单31件，较上年增长10.7%" in part1
    # rectifications are problems rectified, not achievements titled 整改：
    assert "整改：" not in part1
    assert (
        "针对上年度指出的“法治政府建设整体工作推进不均衡”问题，建立法治政府建设任务月调度、季通报机制，已于6月25日完成整改。"
        in part1
    )
    part2 = section(text, "2024年推进法治政府建设存在的不足和原因")
    assert "一是" in part2 and "方面" in part2
    assert "5月未按期报送" in part2  # the monthly task's missing period
    assert "计划6月30日完成、延至7月15日完成" in part2  # finished late
    assert "经批准撤销（并入“抓住领导干部这个关键少数”统一推进）" in part2  # dropped, with its reason
    assert "从台账记录看，法制机构设置方案待区委编办审批" in part2  # the cause the ledger holds
    part3 = section(text, "2024年区政府主要负责人履行推进法治政府建设第一责任人职责情况")
    assert "主持区政府常务会议专题学习习近平法治思想4次" in part3
    part4 = section(text, "2025年推进法治政府建设的主要安排")
    assert "法治队伍专业化建设存在短板" in part4 and "压紧压实各领导责任" not in part4
    assert "2025年3月1日前" in part4
    body = text.split("\n", 1)[1]
    assert not ID_IN_TEXT.search(body), ID_IN_TEXT.search(body)
    assert not ISO_DATE.search(body)


def test_report_totals_reconcile_with_status(run, workspace: Path) -> None:
    simulate_year(run, workspace, until="2024-12-31")
    text = report(run, workspace)
    status = status_json(run, workspace, "2024-12-31")["totals"]
    match = re.search(
        r"全年共列任务(\d+)项（含法定报告任务(\d+)项）。截至2024年12月31日，已完成(\d+)项（占在列任务的([\d.]+)%），"
        r"未完成(\d+)项（其中年内到期未完成(\d+)项、时限在2025年的(\d+)项），经批准撤销(\d+)项",
        text,
    )
    assert match, text[:1500]
    tasks, statutory, done, pct, open_, carried, upcoming, dropped = match.groups()
    assert int(tasks) == int(done) + int(open_) + int(dropped)
    assert int(open_) == int(carried) + int(upcoming)
    assert int(statutory) == 12  # the statutory reporting tasks are counted, not left out
    assert (int(tasks), int(done), int(dropped)) == (status["tasks"], status["done"], status["dropped"])
    assert float(pct) == status["percent_done"]
    assert f"对年内未完成的{carried}项任务" in text and f"年内到期的任务中有{carried}项未完成" in text
    assert text.count("全年共列任务") == 1  # stated once


def test_source_clause_keeps_the_verb() -> None:
    from lawgov_cli.documents.annual import metric_sentence, source_clause
    from lawgov_cli.model import Metric, Task

    source = "严厉打击新型网络犯罪，聚焦电信网络诈骗案件，破获涉网类诈骗案件770起，电诈案件破案率63.7%，保护人民群众财产安全。"
    task = Task(
        "M4.2",
        "严厉打击新型网络犯罪",
        "measure",
        "gaj",
        due=__import__("datetime").date(2024, 12, 31),
        source=source,
    )
    fraud = Metric("涉网类诈骗案件", "起", baseline=770, actual=1120)
    assert source_clause(source, fraud) == "破获涉网类诈骗案件1120起"
    assert metric_sentence(task, fraud, "zh") == "破获涉网类诈骗案件1120起，较上年增长45.5%"
    assert metric_sentence(
        task, Metric("涉网类诈骗案件", "起", 770, target=1000, actual=1120), "zh"
    ).endswith("，达到年度目标（1000起）")
    # two indicators with the same value: each finds its own clause
    many = "各行政执法部门履职率、办案率均实现100%，行政处罚案件信息动态公示100%。"
    assert (
        source_clause(many, Metric("行政处罚案件信息动态公示", "%", 100, actual=100))
        == "行政处罚案件信息动态公示100%"
    )
    assert source_clause(many, Metric("不在原文中", "%", 100, actual=99)) is None


def test_report_percentage_change_for_counts() -> None:
    from lawgov_cli.documents.annual import compare
    from lawgov_cli.model import Metric

    assert (
        compare(Metric("行政复议案件(新收)", "件", baseline=319, actual=350), "zh")
        == "行政复议案件(新收)350件，较上年增长9.7%"
    )
    assert compare(Metric("纠错率", "%", baseline=3.6, actual=3.6), "zh") == "纠错率3.6%，与上年持平"
    assert compare(Metric("x", "件", baseline=10), "zh") == ""


def test_report_written_after_the_year_counts_up_to_its_last_day(run, workspace: Path) -> None:
    later = ok(run("--dir", str(workspace), "report")).out  # today is long after 2024
    year_end = report(run, workspace)
    assert later == year_end
    assert "数据截至2024年12月31日" in later


def test_report_english(run, workspace: Path) -> None:
    simulate_year(run, workspace, until="2024-12-31")
    english = ok(run("--dir", str(workspace), "--lang", "en", "--as-of", "2024-12-31", "report")).out
    assert "I. Measures and results of 2024" in english and "[please complete" in english


def test_bulletin_lists_what_awaits_the_office(run, workspace: Path) -> None:
    """Review mode: a reported completion and an extension request are 待审核事项; the count is
    status's ``reported``."""
    settings = workspace / "lawgov.toml"
    settings.write_text(settings.read_text("utf-8") + "\n[workflow]\nreview = true\n", "utf-8")
    d = ("--dir", str(workspace), "--as-of", "2024-07-20")
    ok(run(*d, "done", "R3", "--on", "2024-07-10", "--by", "区司法局"))
    ok(run(*d, "extend", "R2", "--to", "2024-09-30", "--reason", "待区政府常务会审议", "--on", "2024-06-25"))
    text = bulletin(run, workspace, "2024-07")
    status = status_json(run, workspace, "2024-07-31")["totals"]
    assert status["reported"] == 1
    assert f"已报完成待审核{status['reported']}项" in section(text, "总体情况")
    pending = section(text, "待审核事项")
    assert "以下2项事项已由责任单位报送，待南开区委依法治区办审核：" in pending
    assert (
        "区司法局：“法治队伍专业化建设存在短板，有的执法部门法制机构不健全”问题整改，7月10日报送完成，待审核销号。"
        in pending
    )
    assert (
        "6月25日申请将完成时限由2024年6月30日延至2024年9月30日（理由：待区政府常务会审议），待审批" in pending
    )
    assert not ID_IN_TEXT.search(pending)
