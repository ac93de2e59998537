"""``lawgov init`` and ``lawgov list`` on the bundled report and on bad input."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from conftest import COMMITTED_WORKSPACE, SEED, snapshot


def test_committed_workspace_is_what_init_writes(run, tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "fresh"))
    assert result.code == 0, result.err
    fresh = snapshot(tmp_path / "fresh")
    committed = snapshot(COMMITTED_WORKSPACE)
    committed = {k: v for k, v in committed.items() if not k.startswith(".lawgov")}
    assert fresh.keys() == committed.keys()
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"checklists/ is stale; regenerate with `lawgov init checklists --force`: {stale}"


def test_init_twice_is_byte_identical_and_from_file_matches_bundled(run, tmp_path: Path) -> None:
    assert run("init", str(tmp_path / "a")).code == 0
    assert run("init", str(tmp_path / "b"), "--from", str(SEED)).code == 0
    a, b = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    # Only the recorded source path differs between the bundled report and the seed copy.
    assert {k for k in a if a[k] != b[k]} == {"lawgov.toml"}
    assert run("init", str(tmp_path / "c"), "--from", str(SEED)).code == 0
    assert snapshot(tmp_path / "c") == b


def test_workspace_layout_and_task_fields(run, tmp_path: Path) -> None:
    assert run("init", str(tmp_path / "ws")).code == 0
    root = tmp_path / "ws"
    settings = tomllib.loads((root / "lawgov.toml").read_text("utf-8"))
    assert settings["region"] == "南开区" and settings["plan_year"] == 2024
    assert len(settings["source"]["sha256"]) == 64
    ids: list[str] = []
    for path in sorted((root / "tasks").glob("*.toml")):
        doc = tomllib.loads(path.read_text("utf-8"))
        assert doc["schema"] == 1 and doc["department"] == path.stem
        for task in doc["tasks"]:
            assert task["owner"] == path.stem
            assert type(task["due"]).__name__ == "date"
            assert task["due_rule"]
            assert task["kind"] in ("measure", "plan", "rectify", "duty", "statutory")
            ids.append(task["id"])
    assert len(ids) == len(set(ids))
    assert {"M4.1", "M4.2", "M4.3", "R1", "R2", "R3", "D1", "P1.1", "S1"} <= set(ids)


def _tasks(run, root: Path) -> dict[str, dict]:
    result = run("--dir", str(root), "list", "--format", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert document["schema"] == 1
    return {task["id"]: task for task in document["tasks"]}


def test_owners_follow_the_registry(run, workspace: Path) -> None:
    tasks = _tasks(run, workspace)
    assert tasks["M4.1"]["owner_name"] == "区市场监管局"  # 药品、医疗器械
    assert tasks["M4.2"]["owner_name"] == "天津市公安局南开分局"  # 电信网络诈骗
    assert tasks["M4.3"]["owner_name"] == "区生态环境局"  # 生态环境专项整治
    assert all(tasks[f"M5.{n}"]["owner"] == "yjglj" for n in range(1, 5))  # 应急救援队伍
    assert tasks["M6.3"]["owner"] == "sifaju"  # 出庭应诉 / 行政复议
    assert tasks["M2.4"]["owner"] == "zwfwb"  # 政务服务中心
    assert [t["id"] for t in tasks.values() if t["kind"] == "rectify"] == ["R1", "R2", "R3"]
    assert all(t["owner"] == "zfb" for t in tasks.values() if t["kind"] == "duty")


def test_due_dates_and_cues(run, workspace: Path) -> None:
    tasks = _tasks(run, workspace)
    assert tasks["M4.4"]["repeat"] == "monthly" and "每月" in tasks["M4.4"]["due_rule"]
    assert tasks["M2.5"]["repeat"] == "quarterly" and "按季度" in tasks["M2.5"]["due_rule"]
    assert tasks["R1"]["due"] == "2024-06-30"
    assert tasks["P1.1"]["due"] == "2024-12-31"
    assert tasks["S1"]["due"] == "2025-04-01"
    assert all(t["due"] == "2025-03-01" for t in tasks.values() if t["id"].startswith("S2."))


def test_result_sentences_become_baselines_not_tasks(run, workspace: Path) -> None:
    tasks = _tasks(run, workspace)
    titles = [t["title"] for t in tasks.values()]
    assert not any(title.startswith(("今年", "2023年")) for title in titles)
    assert not any("被评为" in title for title in titles)
    m44 = {m["name"]: m["baseline"] for m in tasks["M4.4"]["metrics"]}
    assert m44["行政执法案件"] == 45680  # from "今年，…归集行政执法案件45680件"
    m62 = {m["name"]: m["baseline"] for m in tasks["M6.2"]["metrics"]}
    assert m62["行政复议案件(新收)"] == 319
    all_metrics = [m for t in tasks.values() for m in t["metrics"]]
    assert len(all_metrics) == 52  # every indicator of the report is a baseline exactly once


def test_list_filters_and_plain_table(run, workspace: Path) -> None:
    result = run("--dir", str(workspace), "list", "--dept", "司法局", "--kind", "rectify")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].split() == ["编号", "责任单位", "完成时限", "状态", "任务"]
    assert [line.split()[0] for line in lines[1:]] == ["R3"]
    assert "\x1b[" not in result.out
    by_alias = run("--dir", str(workspace), "list", "--dept", "sifaju", "--format", "json")
    by_name = run("--dir", str(workspace), "list", "--dept", "区司法局", "--format", "json")
    assert by_alias.out == by_name.out


def test_list_json_contract(run, workspace: Path) -> None:
    task = _tasks(run, workspace)["M6.3"]
    assert set(task) >= {
        "id", "title", "kind", "section", "source", "owner", "owner_name", "co_owners",
        "due", "due_rule", "repeat", "status", "metrics",
    }  # fmt: skip
    assert set(task["metrics"][0]) == {"name", "unit", "baseline", "target", "actual"}


def test_workspace_found_upward_and_by_env(run, workspace: Path, monkeypatch) -> None:
    monkeypatch.chdir(workspace / "tasks")
    assert run("list", "--format", "json").code == 0
    monkeypatch.chdir(workspace.parent)
    monkeypatch.setenv("LAWGOV_DIR", str(workspace))
    assert run("list", "--format", "json").code == 0


def test_init_refuses_existing_workspace(run, workspace: Path) -> None:
    before = snapshot(workspace)
    result = run("init", str(workspace))
    assert result.code == 2
    assert result.err.count("\n") == 1 and "--force" in result.err
    assert snapshot(workspace) == before
    assert run("init", str(workspace), "--force").code == 0


def test_init_refuses_non_empty_folder_and_bad_inputs(run, tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "mine.txt").write_text("keep me", encoding="utf-8")
    for args in (
        ["init", str(folder)],
        ["init", str(tmp_path / "x"), "--from", str(tmp_path / "missing.txt")],
        ["init", str(tmp_path / "y"), "--plan-year", "1900"],
    ):
        result = run(*args)
        assert result.code == 2, args
        assert result.err.startswith("lawgov") and result.err.count("\n") == 1, result.err
        assert "Traceback" not in result.err
    assert sorted(p.name for p in folder.iterdir()) == ["mine.txt"]
    assert not (tmp_path / "x").exists() and not (tmp_path / "y").exists()


def test_init_onto_a_file_says_a_workspace_is_a_folder(run, tmp_path: Path) -> None:
    file = tmp_path / "台账.xlsx"
    file.write_bytes(b"not ours")
    for lang, said in (("en", "is a file, not a folder"), ("zh", "这是一个文件，不是文件夹")):
        result = run("--lang", lang, "init", str(file))
        assert result.code == 2 and result.err.startswith(f"lawgov: {file}: {said}")
        assert result.err.count("\n") == 1
    assert file.read_bytes() == b"not ours"


def test_list_errors_are_one_line(run, workspace: Path, tmp_path: Path) -> None:
    for args, expected in (
        (["--dir", str(workspace), "list", "--dept", "没有这个单位"], "没有这个单位"),
        (["--dir", str(workspace), "list", "--status", "finished"], "finished"),
        (["--dir", str(workspace), "list", "--format", "xml"], "xml"),
        (["--dir", str(tmp_path / "nowhere"), "list"], "lawgov.toml"),
        (["list", "--no-such-option"], "--no-such-option"),
        (["--lang", "fr", "list"], "fr"),
    ):
        result = run(*args)
        assert result.code == 2, args
        assert expected in result.err and result.err.count("\n") == 1, result.err


def test_english_labels(run, workspace: Path) -> None:
    result = run("--dir", str(workspace), "--lang", "en", "list", "--kind", "statutory")
    assert result.out.splitlines()[0].split() == ["ID", "Owner", "Due", "Status", "Title"]
    assert "todo" in result.out
