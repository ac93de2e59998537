"""``lawgov sync``: re-importing a revised report never loses recorded progress."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from conftest import SEED, snapshot


def _revise(tmp_path: Path) -> Path:
    """A revised report as leaders' comments produce them: a figure corrected, a sentence cut,
    a sentence added, a plan reworded, a measure shortened."""
    text = SEED.read_text("utf-8")
    edits = [
        ("我区行政机关负责人出庭应诉率达100%", "我区行政机关负责人出庭应诉率达99%"),  # M6.3: figure
        (
            "认真贯彻落实全国以及我市调解工作会议精神，充分发挥调解在化解矛盾纠纷和诉源治理中的基础性作用，"
            "依法有效预防化解矛盾纠纷，推动更高水平平安南开、法治南开建设。",
            "",
        ),  # M6.1: removed
        ("加强突发事件应急体系建设，", ""),  # M5.1: reworded (starts differently now)
        (
            "规范权责清单动态管理，调整区级部门权责清单28件。",
            "规范权责清单动态管理，调整区级部门权责清单28件。深化“一业一证”改革，发放行业综合许可证120张。",
        ),  # added after M2.2
        ("全力推进法治政府建设示范创建工作", "全力推进全国法治政府建设示范创建工作"),  # P1.1 reworded
        ("扎实开展领导干部网上学法用法考试工作", "扎实开展领导干部网上学法用法考试"),  # M1.3 shortened
    ]
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    revised = tmp_path / "南开区2023年度报告（修订稿）.txt"
    revised.write_text(text, encoding="utf-8")
    return revised


def _tasks(run, ws: Path) -> dict[str, dict]:
    result = run("--dir", str(ws), "list", "--format", "json")
    assert result.code == 0, result.err
    return {t["id"]: t for t in json.loads(result.out)["tasks"]}


def test_same_report_changes_nothing(run, workspace: Path) -> None:
    before = snapshot(workspace)
    result = run("--dir", str(workspace), "sync", str(SEED))
    assert result.code == 0, result.err
    assert "新增0项，更新0项，撤销0项" in result.out
    assert snapshot(workspace) == before


def test_dry_run_prints_the_plan_and_writes_nothing(run, workspace: Path, tmp_path: Path) -> None:
    revised = _revise(tmp_path)
    before = snapshot(workspace)
    result = run("--dir", str(workspace), "sync", str(revised), "--dry-run")
    assert result.code == 0, result.err
    assert snapshot(workspace) == before
    out = result.out
    assert "+ M2.8  深化“一业一证”改革" in out  # M2.3 is taken: a fresh id
    assert "~ M6.3" in out and "- M6.1" in out and "~ P1.1" in out
    assert "试运行" in out


def test_recorded_progress_survives_a_revised_report(run, workspace: Path, tmp_path: Path) -> None:
    d = ("--dir", str(workspace), "--as-of", "2024-07-15")
    assert (
        run(
            *d, "done", "M6.3", "--on", "2024-05-06", "--note", "已完成", "--evidence", "南开司法〔2024〕9号"
        ).code
        == 0
    )
    assert run(*d, "record", "M6.3", "实质化解率", "91.2").code == 0
    assert run(*d, "start", "M5.1").code == 0
    assert run(*d, "done", "M4.4", "--period", "2024-01", "--on", "2024-01-30").code == 0
    # Hand edits: M6.3's due date, M5.1's owner moved to 各街道 (file moved too), a comment, a key.
    sifaju = workspace / "tasks" / "sifaju.toml"
    text = sifaju.read_text("utf-8")
    text = text.replace('id = "M6.3"', '# 区长批示：重点督办\nid = "M6.3"\nmy_flag = "keep me"', 1)
    block_start = text.index('id = "M6.3"')
    due_at = text.index("due = 2024-12-31", block_start)
    text = text[:due_at] + "due = 2024-09-30" + text[due_at + len("due = 2024-12-31") :]
    sifaju.write_text(text, encoding="utf-8")
    original_m13_title = "领导干部学法考试（手改标题）"
    text = sifaju.read_text("utf-8").replace(
        'title = "扎实开展领导干部网上学法用法考试工作"', f'title = "{original_m13_title}"'
    )
    sifaju.write_text(text, encoding="utf-8")
    assert run(*d, "drop", "P2.2", "--reason", "并入P2.1").code == 0
    assert run(*d, "done", "M6.1", "--on", "2024-04-01").code == 0  # done, then cut from the report

    revised = _revise(tmp_path)
    result = run(*d, "sync", str(revised))
    assert result.code == 0, result.err
    tasks = _tasks(run, workspace)

    m63 = tasks["M6.3"]
    assert m63["status"] == "done" and m63["done_on"] == "2024-05-06"
    assert m63["due"] == "2024-09-30"  # the hand-set due date
    assert "99%" in m63["source"]
    metrics = {m["name"]: m for m in m63["metrics"]}
    assert metrics["行政机关负责人出庭应诉率"]["baseline"] == 99  # refreshed from the report
    assert metrics["实质化解率"]["actual"] == 91.2  # recorded actual kept
    raw = tomllib.loads(sifaju.read_text("utf-8"))
    m63_raw = next(t for t in raw["tasks"] if t["id"] == "M6.3")
    assert m63_raw["my_flag"] == "keep me" and m63_raw["evidence"] == ["南开司法〔2024〕9号"]
    assert "# 区长批示：重点督办" in sifaju.read_text("utf-8")

    assert tasks["M5.1"]["status"] == "doing"  # matched by similarity although reworded
    assert tasks["M4.4"]["status"] == "doing"
    assert tasks["M1.3"]["title"] == original_m13_title  # hand-edited title kept
    assert tasks["P1.1"]["title"] == "全力推进全国法治政府建设示范创建工作"  # generated title refreshed
    assert tasks["P2.2"]["status"] == "dropped"  # stays dropped
    m61 = tasks["M6.1"]
    assert m61["status"] == "done"  # completion is a fact: not dropped
    assert tasks["M2.8"]["title"] == "深化“一业一证”改革" and tasks["M2.8"]["status"] == "todo"
    assert [(m["baseline"], m["unit"]) for m in tasks["M2.8"]["metrics"]] == [(120, "张")]
    assert "行业综合许可证" in tasks["M2.8"]["metrics"][0]["name"]

    log = run(*d, "log", "-n", "200", "--format", "json")
    sync_entries = [e for e in json.loads(log.out)["history"] if e["action"] == "sync"]
    assert {e["task"] for e in sync_entries} >= {"M6.3", "M6.1", "M2.8", "P1.1", "M5.1"}
    assert run("--dir", str(workspace), "check", "--as-of", "2024-01-15").code == 0

    again = run(*d, "sync", str(revised))
    assert "新增0项，更新0项，撤销0项，已完成任务加注0项" in again.out  # idempotent
    settings = tomllib.loads((workspace / "lawgov.toml").read_text("utf-8"))
    assert settings["source"]["path"] == str(revised)


def test_removed_open_task_is_dropped_not_deleted(run, workspace: Path, tmp_path: Path) -> None:
    revised = _revise(tmp_path)
    assert run("--dir", str(workspace), "sync", str(revised)).code == 0
    tasks = _tasks(run, workspace)
    assert tasks["M6.1"]["status"] == "dropped"
    show = run("--dir", str(workspace), "show", "M6.1")
    assert "已不再包含此项" in show.out


def test_manual_and_statutory_tasks_are_never_touched(run, workspace: Path, tmp_path: Path) -> None:
    path = workspace / "tasks" / "jiedao.toml"
    path.write_text(
        path.read_text("utf-8")
        + '\n[[tasks]]\nid = "X1"\ntitle = "街道自定任务"\nkind = "measure"\nsource = "街道自己加的"\n'
        'owner = "jiedao"\ndue = 2024-10-01\nmanual = true\n',
        encoding="utf-8",
    )
    revised = _revise(tmp_path)
    result = run("--dir", str(workspace), "sync", str(revised))
    assert result.code == 0, result.err
    tasks = _tasks(run, workspace)
    assert tasks["X1"]["status"] == "todo"
    assert all(t["status"] == "todo" for t in tasks.values() if t["kind"] == "statutory")


@pytest.mark.parametrize("bad", ["missing.txt", "notes.txt"])
def test_bad_report_is_one_line_and_writes_nothing(run, workspace: Path, tmp_path: Path, bad: str) -> None:
    (tmp_path / "notes.txt").write_text("今天天气很好。", encoding="utf-8")
    before = snapshot(workspace)
    result = run("--dir", str(workspace), "sync", str(tmp_path / bad))
    assert result.code == 2 and result.err.count("\n") == 1
    assert snapshot(workspace) == before


def test_a_similar_but_different_obligation_does_not_inherit_progress(run, workspace: Path, tmp_path: Path) -> None:
    """The audit's case: "成效宣传力度" -> "督察考核力度" is 76% alike but another obligation."""
    d = ("--dir", str(workspace), "--as-of", "2024-07-15")
    assert run(*d, "done", "P1.2", "--evidence", "宣传报道汇编").code == 0
    revised = tmp_path / "修订稿.txt"
    revised.write_text(SEED.read_text("utf-8").replace("成效宣传力度", "督察考核力度"), "utf-8")
    result = run(*d, "sync", str(revised))
    assert result.code == 0, result.err
    tasks = _tasks(run, workspace)
    old = tasks["P1.2"]
    assert old["status"] == "done" and old["title"].endswith("成效宣传力度")  # kept, not handed over
    new = next(t for t in tasks.values() if t["title"].endswith("督察考核力度"))
    assert new["id"] != "P1.2" and new["status"] == "todo"
    assert "! P1.2" in result.out and f"+ {new['id']}" in result.out


def test_a_fuzzy_match_is_flagged_for_review(run, workspace: Path, tmp_path: Path) -> None:
    d = ("--dir", str(workspace), "--as-of", "2024-07-15")
    assert run(*d, "start", "M5.1").code == 0
    flags = {i: t["needs_review"] for i, t in _tasks(run, workspace).items()}
    result = run(*d, "sync", str(_revise(tmp_path)))
    assert result.code == 0, result.err
    line = next(x for x in result.out.splitlines() if "~ M5.1" in x)
    assert "待确认" in line
    m51 = _tasks(run, workspace)["M5.1"]
    assert m51["status"] == "doing" and m51["needs_review"] is True
    after = {i: t["needs_review"] for i, t in _tasks(run, workspace).items() if i in flags}
    changed = {i for i in flags if after[i] != flags[i]}
    assert changed == {"M1.3", "M5.1", "M6.3", "P1.1"}  # the revised sentences; exact matches are not
