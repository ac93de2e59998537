"""``init --carry-over``: the next plan year starts with last year's unfinished work.

The old workspace is the committed 南开区 2024 one with a year of progress simulated through the
CLI: some tasks done, some started (with notes), some dropped, periods ticked, a hand edit in its
registry.  The new workspace is for 2025.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from conftest import SEED, ok, snapshot, usage_error


def _simulate_a_year(run, old: Path) -> None:
    def do(*args: str) -> None:
        ok(run("--dir", str(old), *args))

    do("done", "M1.1", "--note", "已完成", "--by", "张三", "--as-of", "2024-03-01")
    do("start", "M1.2", "--by", "李四", "--as-of", "2024-03-02")
    do("note", "M1.2", "上半年已召开2次推进会", "--as-of", "2024-06-20")
    do("drop", "M1.3", "--reason", "机构调整，不再适用", "--as-of", "2024-04-01")
    do("done", "M4.4", "--by", "王五", "--as-of", "2024-02-05")  # monthly: ticks January only
    do("done", "R1", "--by", "张三", "--as-of", "2024-05-01")
    registry = old / "departments.toml"
    registry.write_text(registry.read_text("utf-8") + "# 2024年3月：增补关键词（手工）\n", encoding="utf-8")


def _tasks(run, root: Path) -> dict[str, dict]:
    result = run("--dir", str(root), "list", "--format", "json")
    assert result.code == 0, result.err
    return {task["id"]: task for task in json.loads(result.out)["tasks"]}


def test_carry_over_keeps_open_work_and_leaves_finished_work_behind(
    run, workspace: Path, tmp_path: Path
) -> None:
    old = workspace
    _simulate_a_year(run, old)
    old_tasks = _tasks(run, old)
    old_before = snapshot(old)
    new = tmp_path / "ws2025"
    result = run("init", str(new), "--from", str(SEED), "--plan-year", "2025", "--carry-over", str(old))
    assert result.code == 0, result.err
    assert "C1" in result.out
    assert snapshot(old) == old_before  # the old year is read, never written

    tasks = _tasks(run, new)
    carried = {t["carried_from"]: t for t in tasks.values() if t["carried_from"]}
    open_old = {i for i, t in old_tasks.items() if t["status"] not in ("done", "dropped")}
    assert set(carried) == {f"2024:{i}" for i in open_old}
    assert "2024:M1.1" not in carried and "2024:M1.3" not in carried and "2024:R1" not in carried
    assert sorted(t["id"] for t in carried.values()) == sorted(f"C{n}" for n in range(1, len(open_old) + 1))
    assert len(tasks) == len(set(tasks))  # fresh ids never collide with the new report's

    started = carried["2024:M1.2"]
    assert started["status"] == "doing" and started["owner"] == old_tasks["M1.2"]["owner"]
    assert started["due"] == "2025-12-31"  # a measure: due by the new year's policy
    assert carried["2024:R2"]["due"] == "2025-06-30"  # a rectification: 30 June of the new year
    assert carried["2024:S1"]["due"] == "2025-04-01"  # last year's report is still due on 1 April
    monthly = carried["2024:M4.4"]
    assert monthly["repeat"] == "monthly" and monthly["status"] == "doing"

    # History: a "carry" entry in the owner's file summarising the old task's history.
    owner_file = new / "tasks" / f"{started['owner']}.toml"
    doc = tomllib.loads(owner_file.read_text("utf-8"))
    entry = next(h for h in doc["history"] if h["task"] == started["id"])
    assert entry["action"] == "carry" and entry["old"] == "2024:M1.2" and entry["new"] == "doing"
    assert entry["on"] == "2025-01-01"
    assert "M1.2" in entry["note"] and "2" in entry["note"]  # two earlier changes: start, note
    raw = next(t for t in doc["tasks"] if t["id"] == started["id"])
    assert raw["carried_from"] == "2024:M1.2"
    assert "上半年已召开2次推进会" in raw["notes"]
    # The old registry with its hand edit is reused byte for byte.
    assert (new / "departments.toml").read_bytes() == (old / "departments.toml").read_bytes()
    settings = tomllib.loads((new / "lawgov.toml").read_text("utf-8"))
    assert settings["plan_year"] == 2025

    shown = run("--dir", str(new), "show", started["id"])
    assert shown.code == 0 and "2024:M1.2" in shown.out and "结转" in shown.out
    before_check = snapshot(new)
    assert run("--dir", str(new), "check", "--as-of", "2025-01-02").code == 0
    assert snapshot(new) == before_check  # the history explains every carried status: no hand edit
    # Every view of the new year shows the carried tasks, with their status.
    early = json.loads(run("--dir", str(new), "--as-of", "2025-01-01", "list", "--format", "json").out)
    assert {t["id"]: t["status"] for t in early["tasks"]}[started["id"]] == "doing"
    log = run("--dir", str(new), "log", started["id"])
    assert log.code == 0 and "2024:M1.2" in log.out


def test_recurring_task_starts_the_new_year_unticked(run, workspace: Path, tmp_path: Path) -> None:
    _simulate_a_year(run, workspace)
    new = tmp_path / "next"
    assert (
        run("init", str(new), "--from", str(SEED), "--plan-year", "2025", "--carry-over", str(workspace)).code
        == 0
    )
    monthly = next(t for t in _tasks(run, new).values() if t["carried_from"] == "2024:M4.4")
    doc = tomllib.loads((new / "tasks" / f"{monthly['owner']}.toml").read_text("utf-8"))
    raw = next(t for t in doc["tasks"] if t["id"] == monthly["id"])
    assert raw.get("periods", {}) == {}
    assert raw["due"].year == 2025


def test_carry_over_with_the_offices_new_registry(run, workspace: Path, tmp_path: Path) -> None:
    _simulate_a_year(run, workspace)
    own = tmp_path / "mine.toml"
    own.write_text(
        'schema = 1\n[[departments]]\nid = "yfzqb"\nname = "区委依法治区办"\nlead = true\n'
        '[[departments]]\nid = "sifaju"\nname = "区司法局"\nkeywords = ["行政复议"]\n',
        encoding="utf-8",
    )
    new = tmp_path / "next"
    result = run(
        "init", str(new), "--from", str(SEED), "--plan-year", "2025", "--carry-over", str(workspace),
        "--departments", str(own),
    )  # fmt: skip
    assert result.code == 0, result.err
    tasks = _tasks(run, new)
    assert {t["owner"] for t in tasks.values()} <= {"yfzqb", "sifaju"}
    # A carried task whose department is gone goes to the lead office, flagged for review.
    moved = [t for t in tasks.values() if t["carried_from"] and t["owner"] == "yfzqb" and t["needs_review"]]
    assert moved


def test_carry_over_errors_are_one_line(run, workspace: Path, tmp_path: Path) -> None:
    usage_error(run("init", str(tmp_path / "a"), "--carry-over", str(tmp_path / "nowhere")), "lawgov.toml")
    assert not (tmp_path / "a").exists()
    usage_error(run("init", str(workspace), "--force", "--carry-over", str(workspace)), "--carry-over")
    # The bundled report's plan year is 2024, the old workspace's too: not a next year.
    usage_error(run("init", str(tmp_path / "b"), "--carry-over", str(workspace)), "2024")
    assert not (tmp_path / "b").exists()


def test_sync_of_the_new_report_leaves_carried_tasks_alone(run, workspace: Path, tmp_path: Path) -> None:
    _simulate_a_year(run, workspace)
    new = tmp_path / "next"
    assert (
        run("init", str(new), "--from", str(SEED), "--plan-year", "2025", "--carry-over", str(workspace)).code
        == 0
    )
    before = {i: t["status"] for i, t in _tasks(run, new).items() if t["carried_from"]}
    revised = tmp_path / "revised.txt"
    revised.write_text(
        SEED.read_text("utf-8").replace("严格落实行政执法“三项制度”", "全面落实行政执法“三项制度”"), "utf-8"
    )
    result = run("--dir", str(new), "sync", str(revised))
    assert result.code == 0, result.err
    after = {i: t["status"] for i, t in _tasks(run, new).items() if t["carried_from"]}
    assert after == before  # none dropped, none matched to the revised report
