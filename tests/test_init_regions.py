"""``init`` for any district: the generic department catalogue, ``--region``, ``--departments``,
a registry edited or cut down by hand, and what ``--force`` refuses to wipe."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from conftest import ok, snapshot, usage_error

DATA = Path(__file__).resolve().parent / "data" / "reports"
# Everything that belongs to the bundled 南开区 registry and no other district's.
NANKAI_ONLY = ("南开", "Nankai", "nankai", "天开园", "法治南开", "天津市公安局")


def _grep(folder: Path, words: tuple[str, ...]) -> list[str]:
    hits = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()  # the binary cache too: marshal keeps text as UTF-8
            hits += [f"{path.relative_to(folder)}: {w}" for w in words if w.encode() in data]
    return hits


@pytest.mark.parametrize(
    ("report", "region_args", "level"),
    [
        ("yueyang_2022_county_no_title.txt", ["--region", "岳阳县"], "县"),
        ("jinghai_2020_web_canonical.txt", [], "区"),
        ("nanchangxian_2019_county_numbered.txt", [], "县"),
    ],
)
def test_other_region_workspace_has_nothing_of_nankai(
    run, tmp_path: Path, report: str, region_args: list[str], level: str
) -> None:
    root = tmp_path / "ws"
    result = run("init", str(root), "--from", str(DATA / report), *region_args)
    assert result.code == 0, result.err
    assert _grep(root, NANKAI_ONLY) == []
    registry = tomllib.loads((root / "departments.toml").read_text("utf-8"))
    names = [d["name"] for d in registry["departments"]]
    assert f"{level}司法局" in names and f"{level}委依法治{level}办" in names
    assert all(not re.match(r"^[区县市旗]", n) or n.startswith(level) for n in names)
    tasks = json.loads(run("--dir", str(root), "list", "--format", "json").out)["tasks"]
    assert any(t["kind"] == "measure" for t in tasks)
    assert {t["owner"] for t in tasks} <= {d["id"] for d in registry["departments"]}
    assert run("--dir", str(root), "check", "--as-of", "2000-01-01").code == 0
    if level != "区":
        assert _grep(root, ("区委依法治区办", "区司法局")) == []


def test_county_police_and_towns_take_the_county_names(run, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    result = run(
        "init", str(root), "--from", str(DATA / "yueyang_2022_county_no_title.txt"), "--region", "岳阳县"
    )
    assert result.code == 0
    names = {
        d["id"]: d["name"]
        for d in tomllib.loads((root / "departments.toml").read_text("utf-8"))["departments"]
    }
    assert names["gaj"] == "县公安局" and names["jiedao"] == "各乡镇" and names["zfb"] == "县政府办公室"


def test_no_region_is_one_line_and_writes_nothing(run, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    usage_error(run("init", str(root), "--from", str(DATA / "yueyang_2022_county_no_title.txt")), "--region")
    assert not root.exists()
    assert list(tmp_path.iterdir()) == []


REGISTRY = """# 我们自己的单位名册（手工维护）
schema = 1

[[departments]]
id = "fzb"
name = "县法制办"
keywords = ["法治政府建设", "第一责任人"]
lead = true

[[departments]]
id = "sfj"
name = "县司法局"
aliases = ["司法局"]
keywords = ["行政复议", "学法", "普法"]
kinds = ["duty"]
"""


def test_departments_option_takes_the_offices_own_registry(run, tmp_path: Path) -> None:
    own = tmp_path / "mine.toml"
    own.write_text(REGISTRY, encoding="utf-8")
    root = tmp_path / "ws"
    result = run(
        "init", str(root), "--from", str(DATA / "hunan_2023_province_no_title.txt"), "--departments", str(own)
    )
    assert result.code == 0, result.err
    assert (root / "departments.toml").read_text("utf-8") == REGISTRY  # kept byte for byte, comments too
    tasks = json.loads(run("--dir", str(root), "list", "--format", "json").out)["tasks"]
    assert {t["owner"] for t in tasks} <= {"fzb", "sfj"}
    # Statutory tasks only for departments that exist: the government's S1, one S2 for 县司法局.
    statutory = sorted((t["id"], t["owner"]) for t in tasks if t["kind"] == "statutory")
    assert statutory == [("S1", "fzb"), ("S2.1", "sfj")]
    assert sorted(p.stem for p in (root / "tasks").glob("*.toml")) <= ["fzb", "sfj"]


def test_bad_departments_file_is_one_line(run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('schema = 1\n[[departments]]\nid = "../x"\nname = "坏"\n', encoding="utf-8")
    usage_error(run("init", str(tmp_path / "ws"), "--departments", str(bad)), "bad.toml")
    usage_error(run("init", str(tmp_path / "ws"), "--departments", str(tmp_path / "none.toml")), "none.toml")
    assert not (tmp_path / "ws").exists()


def _without(text: str, dept_id: str) -> str:
    blocks = text.split("[[departments]]")
    return "[[departments]]".join(b for b in blocks if f'id = "{dept_id}"' not in b)


def test_removing_a_department_that_owns_tasks_names_them(run, workspace: Path) -> None:
    """Not a blocked workspace: views still work (status warns), check names the tasks to give
    to another department, and `lawgov assign` can give them."""
    registry = workspace / "departments.toml"
    registry.write_text(_without(registry.read_text("utf-8"), "gaj"), encoding="utf-8")
    d = ("--dir", str(workspace), "--as-of", "2024-07-15")
    usage_error(run(*d, "check"), "gaj", "M4.2", "S2.")
    status = run(*d, "status")
    assert status.code == 0 and "M4.2" in status.err and status.err.count("\n") == 1
    assert run(*d, "list").code == 0
    ids = [t["id"] for t in json.loads(run(*d, "list", "--format", "json").out)["tasks"] if t["owner"] == "gaj"]
    assert ids and "M4.2" in ids
    for task_id in ids:  # give them to 司法局, with their history
        ok(run(*d, "assign", task_id, "--owner", "sifaju"))
    (workspace / "tasks" / "gaj.toml").unlink()  # emptied: its file goes too
    result = run(*d, "check")
    assert result.code in (0, 1) and "gaj" not in result.err, result.err  # nothing blocked any more


def test_force_refuses_an_edited_registry_and_keeps_it_with_departments(run, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    assert run("init", str(root)).code == 0
    registry = root / "departments.toml"
    edited = registry.read_text("utf-8").replace('name = "区委宣传部"', 'name = "区委宣传部" # 我们改过')
    registry.write_text(edited, encoding="utf-8")
    before = snapshot(root)
    usage_error(run("init", str(root), "--force"), "departments.toml", "--departments")
    assert snapshot(root) == before
    ok_result = run("init", str(root), "--force", "--departments", str(registry))
    assert ok_result.code == 0, ok_result.err
    assert registry.read_text("utf-8") == edited


def test_force_refuses_to_wipe_recorded_progress(run, workspace: Path) -> None:
    ok(
        run(
            "--dir",
            str(workspace),
            "done",
            "M4.4",
            "--note",
            "1月通报已印发",
            "--by",
            "张三",
            "--as-of",
            "2024-02-01",
        )
    )
    ok(run("--dir", str(workspace), "start", "M2.1", "--by", "李四", "--as-of", "2024-02-02"))
    before = snapshot(workspace)
    result = run("init", str(workspace), "--force")
    usage_error(result, str(workspace), "--carry-over")
    found = re.search(
        r"(\d+) history entries, (\d+) tasks started or done, (\d+) ticked", result.err
    ) or re.search(r"(\d+) 条历史记录、(\d+) 项已开始或已完成的任务、(\d+) 个已销号周期", result.err)
    assert found, result.err
    history, started, ticks = (int(n) for n in found.groups())
    assert history >= 2 and started >= 2 and ticks >= 1  # ticks: M4.4 is monthly
    assert snapshot(workspace) == before


def test_force_over_an_untouched_workspace_still_works(run, workspace: Path) -> None:
    before = snapshot(workspace)
    assert run("init", str(workspace), "--force").code == 0
    assert snapshot(workspace) == before


@pytest.mark.parametrize(
    ("region", "known", "names"),
    [
        (
            "湖北省",
            True,
            {"yfzb": "省委依法治省办", "sifaju": "省司法厅", "gaj": "省公安厅", "jiedao": "各市（州）"},
        ),
        ("新疆维吾尔自治区", True, {"yfzb": "自治区党委依法治区办", "zfb": "自治区人民政府办公厅"}),
        ("鄂托克旗", True, {"yfzb": "旗委依法治旗办", "jiedao": "各苏木乡镇", "gaj": "旗公安局"}),
        ("某某自治县", True, {"sifaju": "县司法局", "gaj": "县公安局"}),
        ("天津市静海区", True, {"gaj": "区公安分局", "jiedao": "各街道"}),
        ("长征镇", False, {"sifaju": "区司法局"}),
    ],
)
def test_catalogue_names_follow_the_level(region: str, known: bool, names: dict[str, str]) -> None:
    from lawgov_cli.registry import generic_departments

    departments, level_known = generic_departments(region)
    assert level_known == known
    by_id = {d.id: d for d in departments}
    for dept_id, name in names.items():
        assert by_id[dept_id].name == name
    assert [d.id for d in departments if d.lead] == ["yfzb"]
    assert all("{L}" not in k for d in departments for k in [d.name, *d.aliases, *d.keywords])


def test_a_town_report_warns_that_the_registry_needs_checking(run, tmp_path: Path) -> None:
    result = run(
        "--lang",
        "en",
        "init",
        str(tmp_path / "ws"),
        "--from",
        str(DATA / "changzheng_town_2020_page_numbers.txt"),
    )
    assert result.code == 0
    assert "--departments" in result.err and "长征镇" in result.err
