"""Hand edits survive lawgov's own edits and ``sync`` (issue 10, items 5, 6 and 7).

- comments inside ``notes``/``evidence`` arrays and ``\"\"\"multi-line\"\"\"`` strings survive
  ``note``, ``done``, ``reopen`` and ``drop`` (the new element is appended to the array as it is);
- ``sync`` changes only the metric value that changed: the array stays inline, integers stay
  integers, comments and tabs stay;
- a task added by hand after ``[[history]]`` stays where it is on any edit, and ``sync`` never
  drops a hand-added task: it is listed as kept.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from conftest import SEED, ok


def _d(ws: Path) -> tuple[str, ...]:
    return ("--dir", str(ws), "--as-of", "2024-07-15")


NOTES_BEFORE = '''status = "todo"
notes = [
    "第一条",  # 行内注释
    # 整行注释：区长批示
    """多行
说明""",
    \'\'\'字面量\\n不转义\'\'\',
]
evidence = [
	"南开司法〔2024〕1号",	# 制表符缩进
] # 证据清单
'''


def test_comments_and_multiline_strings_in_arrays_survive_every_command(run, workspace: Path) -> None:
    path = workspace / "tasks" / "sifaju.toml"
    text = path.read_text("utf-8")
    start = text.index('id = "M6.3"')
    old = 'status = "todo"\nnotes = []\nevidence = []\n'
    at = text.index(old, start)
    path.write_text(text[:at] + NOTES_BEFORE + text[at + len(old) :], "utf-8")
    ok(run(*_d(workspace), "note", "M6.3", "第二条"))
    ok(run(*_d(workspace), "done", "M6.3", "--note", "已办结", "--evidence", "南开司法〔2024〕9号"))
    ok(run(*_d(workspace), "reopen", "M6.3", "--note", "材料不全"))
    ok(run(*_d(workspace), "drop", "M6.3", "--reason", "并入M6.2"))
    after = path.read_text("utf-8")
    kept_lines = [
        '    "第一条",  # 行内注释\n',
        "    # 整行注释：区长批示\n",
        '    """多行\n说明""",\n',
        "    '''字面量\\n不转义''',\n",
        '\t"南开司法〔2024〕1号",\t# 制表符缩进\n',
        "] # 证据清单\n",
    ]
    for line in kept_lines:
        assert line in after, line
    m63 = next(t for t in tomllib.loads(after)["tasks"] if t["id"] == "M6.3")
    assert m63["notes"] == [
        "第一条",
        "多行\n说明",
        "字面量\\n不转义",
        "第二条",
        "已办结",
        "材料不全",
        "并入M6.2",
    ]
    assert m63["evidence"] == ["南开司法〔2024〕1号", "南开司法〔2024〕9号"]
    assert m63["status"] == "dropped"


METRICS_BEFORE = """metrics = [
\t{ name = "行政机关负责人出庭应诉率", unit = "%", baseline = 100, target = 100 },\t# 出庭率
    # 区里重点关注的两项
    { name = "实质化解率", unit = "%", baseline = 88.26, actual = 91 },
    { name = "行政机关负责人出庭应诉率(较2022年底上涨)", unit = "个百分点", baseline = 1.62 },
    { name = "实质化解率(较2022年底上涨)", unit = "个百分点", baseline = 5.29 }, # 同比
]
"""


def test_sync_changes_only_the_metric_value_that_changed(run, workspace: Path, tmp_path: Path) -> None:
    path = workspace / "tasks" / "sifaju.toml"
    text = path.read_text("utf-8")
    start = text.index('id = "M6.3"')
    begin = text.index("metrics = [\n", start)
    end = text.index("\n]\n", begin) + 3
    path.write_text(text[:begin] + METRICS_BEFORE + text[end:], "utf-8")
    revised = tmp_path / "修订稿.txt"
    revised.write_text(
        SEED.read_text("utf-8").replace(
            "我区行政机关负责人出庭应诉率达100%", "我区行政机关负责人出庭应诉率达99%"
        ),
        "utf-8",
    )
    result = run(*_d(workspace), "sync", str(revised))
    assert result.code == 0, result.err
    after = path.read_text("utf-8")
    expected = METRICS_BEFORE.replace("baseline = 100, target = 100", "baseline = 99, target = 100")
    assert expected in after  # one value changed; layout, ints, comments and tabs untouched
    assert "[[tasks.metrics]]" not in after and "88.26" in after and "91.0" not in after


HAND_TASK = """
# 区发改委自行增加的任务（不在报告里）
[[tasks]]
id = "X1"
title = "自定任务：营商环境座谈会"
owner = "fgw"
due = 2024-10-01
notes = [] # 手工维护
"""


def _with_history_then_hand_task(run, workspace: Path) -> Path:  # type: ignore[no-untyped-def]
    ok(run(*_d(workspace), "note", "M2.5", "一季度自查已完成"))
    path = workspace / "tasks" / "fgw.toml"
    path.write_text(path.read_text("utf-8") + HAND_TASK, "utf-8")
    return path


def test_hand_added_task_after_history_stays_where_it_is(run, workspace: Path) -> None:
    path = _with_history_then_hand_task(run, workspace)
    before = path.read_text("utf-8")
    tail = before[before.index("[[history]]") :]
    ok(run(*_d(workspace), "done", "S2.8", "--on", "2024-07-01"))  # another task of the file
    after = path.read_text("utf-8")
    assert tail in after  # the history and the hand-added task after it: byte for byte, in place
    ok(run(*_d(workspace), "note", "X1", "已召开"))  # the hand-added task itself
    after = path.read_text("utf-8")
    assert tail.replace("notes = [] # 手工维护", 'notes = ["已召开"] # 手工维护') in after
    assert after.index("# 区发改委自行增加的任务") > after.index("[[history]]")
    parsed = tomllib.loads(after)
    assert [t["id"] for t in parsed["tasks"]] == ["M2.5", "S2.8", "X1"]
    assert [h["action"] for h in parsed["history"]] == ["note", "done", "note"]


def test_sync_keeps_tasks_added_by_hand(run, workspace: Path, tmp_path: Path) -> None:
    path = _with_history_then_hand_task(run, workspace)
    path.write_text(
        path.read_text("utf-8")
        + '\n[[tasks]]\nid = "M9.1"\ntitle = "无来源的手工任务"\nowner = "fgw"\ndue = 2024-11-01\n'
        + '\n[[tasks]]\nid = "办-1"\ntitle = "自编号任务"\nkind = "plan"\nsource = "科室自定"\n'
        + 'owner = "fgw"\ndue = 2024-11-01\n',
        "utf-8",
    )
    cut = (
        "认真贯彻落实全国以及我市调解工作会议精神，充分发挥调解在化解矛盾纠纷和诉源治理中的基础性作用，"
        "依法有效预防化解矛盾纠纷，推动更高水平平安南开、法治南开建设。"
    )
    revised = tmp_path / "修订稿.txt"
    revised.write_text(SEED.read_text("utf-8").replace(cut, ""), "utf-8")
    dry = run(*_d(workspace), "sync", str(revised), "--dry-run")
    assert dry.code == 0, dry.err
    for task_id in ("X1", "M9.1", "办-1"):
        assert f"  = {task_id}  " in dry.out and f"- {task_id}" not in dry.out
    assert "3项手工添加的任务原样保留" in dry.out
    before = path.read_text("utf-8")
    hand_part = before[before.index("# 区发改委自行增加的任务") :]
    result = run(*_d(workspace), "sync", str(revised))
    assert result.code == 0, result.err
    after = path.read_text("utf-8")
    assert hand_part in after  # untouched, in place
    tasks = {t["id"]: t for t in tomllib.loads(after)["tasks"]}
    assert all("status" not in tasks[i] for i in ("X1", "M9.1", "办-1"))
    sifaju = tomllib.loads((workspace / "tasks" / "sifaju.toml").read_text("utf-8"))
    assert next(t for t in sifaju["tasks"] if t["id"] == "M6.1")["status"] == "dropped"  # lawgov's own
