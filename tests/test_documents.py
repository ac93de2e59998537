"""``lawgov bulletin`` (月通报) and ``lawgov report`` (annual report draft), generated from the data."""

from __future__ import annotations

from pathlib import Path

from conftest import snapshot


def _progress(run, ws: Path) -> None:
    """A July with some work done: R1 and M6.3 finished, M4.4 ticked for July, two metrics recorded."""
    d = ("--dir", str(ws), "--as-of", "2024-07-31")
    assert run(*d, "done", "R1", "--on", "2024-07-05", "--by", "李四").code == 0
    assert run(*d, "done", "M4.4", "--period", "2024-07", "--on", "2024-07-20").code == 0
    assert run(*d, "record", "M6.3", "实质化解率", "90.1", "--by", "王五").code == 0
    assert run(*d, "record", "M2.4", "政务服务事项", "60").code == 0
    assert run(*d, "done", "M6.3", "--on", "2024-07-28").code == 0
    assert run(*d, "drop", "P2.2", "--reason", "并入P2.1统一推进").code == 0


def test_bulletin_sections_come_from_the_data(run, workspace: Path) -> None:
    _progress(run, workspace)
    result = run("--dir", str(workspace), "bulletin", "--month", "2024-07")
    assert result.code == 0, result.err
    text = result.out
    assert text.startswith("# 南开区2024年度法治政府建设任务落实情况通报")
    assert "截至2024年7月31日" in text
    # Totals: 57 tasks, 1 dropped -> 56 in force, 2 done.
    assert "任务共56项（另已撤销1项），已完成2项，完成率3.6%" in text
    # Red: R2, R3 (due 06-30), M2.5 (quarterly, Q1 missed) and M4.4 (Jan–Jun unticked); R1 is done.
    red = text.split("## 三、")[1].split("## 四、")[0]
    assert "R2" in red and "R3" in red and "M2.5" in red and "M4.4" in red and "R1" not in red
    finished = text.split("## 五、")[1].split("## 六、")[0]
    assert "R1" in finished and "M6.3" in finished and "（2024-07期）" in finished
    assert "## 七、工作要求" in text and "2024年8月10日前" in text


def test_bulletin_metrics_recorded_in_the_month(run, workspace: Path) -> None:
    _progress(run, workspace)
    # The recordings above count from 2024-07-31 (--as-of): July's bulletin has them, June's not.
    result = run("--dir", str(workspace), "bulletin", "--month", "2024-07")
    metrics = result.out.split("## 六、")[1].split("## 七、")[0]
    assert "M6.3　实质化解率：— → 90.1%（上年基数88.26" in metrics
    assert "王五" in metrics
    assert "本月无指标数据更新" in run("--dir", str(workspace), "bulletin", "--month", "2024-06").out


def test_bulletin_text_and_english(run, workspace: Path) -> None:
    _progress(run, workspace)
    text = run("--dir", str(workspace), "bulletin", "--month", "2024-07", "--format", "text").out
    assert "#" not in text and "|" not in text
    english = run("--dir", str(workspace), "--lang", "en", "bulletin", "--month", "2024-07").out
    assert "monthly bulletin" in english and "3. Overdue tasks (red)" in english


def test_bulletin_default_month_is_last_complete_month(run, workspace: Path) -> None:
    assert "截至2024年7月31日" in run("--dir", str(workspace), "--as-of", "2024-08-03", "bulletin").out
    assert "截至2024年8月31日" in run("--dir", str(workspace), "--as-of", "2024-08-31", "bulletin").out


def test_bulletin_to_file_and_bad_month(run, workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "通报.md"
    assert run("--dir", str(workspace), "bulletin", "--month", "2024-07", "-o", str(out)).code == 0
    assert out.read_text("utf-8").startswith("# 南开区")
    before = snapshot(workspace)
    for bad in ("2024-13", "July", "2024/07"):
        result = run("--dir", str(workspace), "bulletin", "--month", bad)
        assert result.code == 2 and result.err.count("\n") == 1
    assert snapshot(workspace) == before


def test_report_draft_compares_actuals_with_baselines(run, workspace: Path) -> None:
    _progress(run, workspace)
    result = run("--dir", str(workspace), "--as-of", "2024-12-31", "report")
    assert result.code == 0, result.err
    text = result.out
    assert text.startswith("# 南开区2024年度法治政府建设情况报告（草稿）")
    assert "草稿" in text.splitlines()[2]
    part1 = text.split("## 一、")[1].split("## 二、")[0]
    assert "实质化解率90.1%，较上年提高1.84个百分点" in part1
    assert "整改：法治政府建设整体工作推进不均衡" in part1
    part2 = text.split("## 二、")[1].split("## 三、")[0]
    assert "R2" in part2 and "已逾期" in part2 and "已撤销：并入P2.1统一推进" in part2
    assert "S2.1" not in part2  # due in 2025: not a shortcoming of 2024
    part4 = text.split("## 四、2025年")[1]
    assert "R2" in part4 and "P2.2" not in part4  # dropped tasks are not carried over


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
    later = run("--dir", str(workspace), "report").out  # today is long after 2024
    year_end = run("--dir", str(workspace), "--as-of", "2024-12-31", "report").out
    assert later == year_end
    assert "数据截至2024-12-31" in later
