"""What a new user stumbled on in the first hour (issue 16's list), each fixed and pinned here."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from conftest import ok, snapshot, usage_error

AS_OF = "2024-07-15"


def lawgov(run, ws: Path, *args: str, as_of: str | None = AS_OF):  # type: ignore[no-untyped-def]
    return run("--dir", str(ws), *(["--as-of", as_of] if as_of else []), *args)


def test_version(run) -> None:  # type: ignore[no-untyped-def]
    out = ok(run("--version")).out
    assert out.startswith("lawgov ") and out.strip().split()[1][0].isdigit()


def test_init_errors_name_the_folder_not_a_placeholder(run, workspace: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("init", str(workspace))
    usage_error(result, str(workspace))
    assert "{" not in result.err
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "x.txt").write_text("x")
    result = run("init", str(tmp_path / "busy"))
    usage_error(result, "busy")
    assert "{" not in result.err


def test_record_refuses_a_decimal_comma_and_an_impossible_percentage(run, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(workspace)
    usage_error(lawgov(run, workspace, "record", "M6.3", "实质化解率", "90,1"), "90.1")
    usage_error(lawgov(run, workspace, "record", "M6.3", "实质化解率", "901"), "901", "--force")
    assert snapshot(workspace) == before
    ok(lawgov(run, workspace, "record", "M6.3", "实质化解率", "90.1"))
    ok(lawgov(run, workspace, "record", "M2.4", "政务服务事项", "1,234"))
    task = next(
        t
        for t in tomllib.loads((workspace / "tasks" / "zwfwb.toml").read_text("utf-8"))["tasks"]
        if t["id"] == "M2.4"
    )
    assert any(m.get("actual") == 1234 for m in task["metrics"])


def test_the_record_help_example_works(run, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    from lawgov_cli.cli.track_commands import record_cmd

    example = next(line for line in (record_cmd.__doc__ or "").splitlines() if "Example:" in line)
    args = example.split("Example: lawgov ", 1)[1].split()
    ok(lawgov(run, workspace, *args))


def test_sync_dry_run_has_no_short_n(run, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    from conftest import SEED

    result = lawgov(run, workspace, "sync", str(SEED), "-n")
    assert result.code == 2  # -n means "a number" in `log -n`; sync spells --dry-run out


def test_log_and_show_say_statuses_in_words(run, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    ok(lawgov(run, workspace, "done", "R1"))
    assert "未开始 → 已完成" in ok(lawgov(run, workspace, "log")).out
    assert "未开始 → 已完成" in ok(lawgov(run, workspace, "show", "R1")).out
    from lawgov_cli.i18n import t

    english = f"{t('status.todo', 'en')} → {t('status.done', 'en')}"
    assert english in ok(lawgov(run, workspace, "--lang", "en", "log")).out


def test_after_the_plan_year_status_says_so_and_the_bulletin_is_the_years_last(run, workspace: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LAWGOV_TODAY", "2026-12-01")
    out = ok(lawgov(run, workspace, "status", as_of=None)).out
    assert out.splitlines()[0].startswith("2024年度计划已结束") and "--as-of 2024-12-31" in out
    assert "计划已结束" not in ok(lawgov(run, workspace, "status", as_of="2024-07-15")).out
    document = json.loads(ok(lawgov(run, workspace, "status", "--format", "json", as_of=None)).out)
    assert document["schema"] == 1  # JSON stays one document, no hint
    bulletin = ok(lawgov(run, workspace, "bulletin", as_of=None)).out
    assert "2024年12月31日" in bulletin and "2026" not in bulletin.split("\n\n")[1]


def test_ids_sort_naturally_in_every_list(run, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(ok(lawgov(run, workspace, "status", "--format", "json", as_of="2025-02-20")).out)
    ids = [item["id"] for item in document["due_soon"]]
    assert ids[:3] == ["S2.1", "S2.2", "S2.3"] and ids.index("S2.10") == 9


def test_help_lists_commands_in_working_order_and_offers_completion(run) -> None:  # type: ignore[no-untyped-def]
    from lawgov_cli.cli import COMMANDS

    out = ok(run("--help")).out
    listed = [line.split()[0] for line in out.split("Commands:", 1)[1].splitlines() if line.startswith("  ")]
    assert listed == list(COMMANDS) and listed[:3] == ["init", "extract", "status"]
    assert "--install-completion" in out and "YYYY-MM-DD" in out


def test_option_errors_of_a_chinese_workspace_are_in_chinese_on_a_c_locale(run, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    # conftest sets LANG=C.UTF-8; the workspace says lang = "zh".
    result = lawgov(run, workspace, "extend", "R3", "--to", "2024-13-01", "--reason", "x")
    usage_error(result, "不是有效日期")
    result = lawgov(run, workspace, "bulletin", "--month", "2024-06", "--format", "docx")
    usage_error(result, "-o")
    assert "Word 文件" in result.err
    usage_error(lawgov(run, workspace, "--lang", "en", "extend", "R3", "--to", "x", "--reason", "y"), "not a date")


def _commands():  # type: ignore[no-untyped-def]
    import typer

    from lawgov_cli.cli import app, load_commands

    load_commands()
    group = typer.main.get_command(app)
    return group.commands  # type: ignore[attr-defined]


def test_n_means_a_limit_wherever_it_exists_and_no_dry_run_is_short(run) -> None:  # type: ignore[no-untyped-def]
    shorts = {}
    for name, command in _commands().items():
        for param in command.params:
            if "-n" in getattr(param, "opts", ()):
                shorts[name] = param.name
            if "--dry-run" in getattr(param, "opts", ()):
                assert param.opts == ["--dry-run"], (name, param.opts)  # spelled out, never -n
    assert shorts and set(shorts.values()) == {"limit"}, shorts
    assert {"log", "status"} <= set(shorts)


def test_usage_shows_that_several_ids_are_allowed(run) -> None:  # type: ignore[no-untyped-def]
    for name in ("start", "done", "reopen", "drop", "approve", "reject"):
        usage = ok(run(name, "--help")).out.splitlines()[0]
        # typer braces a required argument: {ID...} (one or more), never a bare {ID}
        assert usage.startswith(f"Usage: lawgov {name} [OPTIONS] ") and "ID..." in usage, usage
        assert "{ID}" not in usage


def test_date_options_show_their_format(run) -> None:  # type: ignore[no-untyped-def]
    import re

    for name, option, metavar in [
        ("done", "--on", "YYYY-MM-DD"),
        ("record", "--on", "YYYY-MM-DD"),
        ("extend", "--to", "YYYY-MM-DD"),
        ("add", "--due", "YYYY-MM-DD"),
        ("bulletin", "--date", "YYYY-MM-DD"),
        ("bulletin", "--month", "YYYY-MM"),
    ]:
        out = ok(run(name, "--help")).out
        assert re.search(rf"{option} {metavar}\b", out), (name, option)
    assert "--as-of YYYY-MM-DD" in ok(run("--help")).out


def test_tied_departments_share_a_rank(run, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    out = ok(lawgov(run, workspace, "bulletin", "--month", "2024-07", "--format", "text", as_of="2024-07-31")).out
    table = out.split("二、各单位序时进度", 1)[1].split("三、", 1)[0]
    ranks = [line.split()[0] for line in table.splitlines() if line[:1].isdigit() or line.startswith("并列")]
    # Nine departments on schedule with nothing done yet: all 并列1; the next counts them all.
    assert ranks[:9] == ["并列1"] * 9 and ranks[9].endswith("10"), ranks
    english = ok(run("--dir", str(workspace), "--as-of", "2024-07-31", "--lang", "en", "bulletin", "--month", "2024-07", "--format", "text")).out
    assert "=1 " in english


def test_file_validation_errors_of_a_chinese_workspace_are_in_chinese_on_a_c_locale(run, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    path = workspace / "tasks" / "bianban.toml"
    path.write_text(path.read_text("utf-8").replace('status = "todo"', 'status = "finished"', 1), "utf-8")
    for command in (("status",), ("check",), ("list",)):
        result = lawgov(run, workspace, *command)
        usage_error(result, "bianban.toml", "未知状态 'finished'")


def test_a_status_kind_or_repeat_written_in_chinese_by_hand_is_told_its_id(run, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    path = workspace / "tasks" / "bianban.toml"
    original = path.read_text("utf-8")
    for field, was, word, meant in (
        ("status", "todo", "已完成", "done"),
        ("status", "todo", "完成", "done"),
        ("status", "todo", "推进中", "doing"),
        ("status", "todo", "已撤销", "dropped"),
        ("kind", "measure", "举措", "measure"),
        ("repeat", "", "每月", "monthly"),
        ("repeat", "", "按季度", "quarterly"),
    ):
        assert f'{field} = "{was}"' in original
        path.write_text(original.replace(f'{field} = "{was}"', f'{field} = "{word}"', 1), "utf-8")
        usage_error(lawgov(run, workspace, "check"), "bianban.toml", f"{field} 写的是 '{word}'，请写作 '{meant}'")
    path.write_text(original.replace('status = "todo"', 'status = "finished"', 1), "utf-8")
    usage_error(lawgov(run, workspace, "check"), "未知状态 'finished'")  # a word that means nothing known


def test_what_is_wrong_with_a_field_typed_by_hand_is_said_in_chinese(run, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    path = workspace / "tasks" / "bianban.toml"
    original = path.read_text("utf-8")
    for line, typed, said in (
        (r'^id = "([^"]+)"', r'id = "\1 "', "不能含空格或控制字符"),
        (r"^notes = \[\]", "notes = [1]", "应为文字列表"),
        (r"^due = \S+", "due = 2024-12-31T10:00:00", "实际为 '2024-12-31T10:00:00'"),
    ):
        edited = re.sub(line, typed, original, count=1, flags=re.M)
        assert edited != original
        path.write_text(edited, "utf-8")
        result = lawgov(run, workspace, "check")
        usage_error(result, "bianban.toml", said)
        assert not re.search(r"expected|got|datetime", result.err), result.err


def test_a_co_owner_typed_by_its_chinese_name_is_told_its_id(run, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    path = workspace / "tasks" / "bianban.toml"
    original = path.read_text("utf-8")
    path.write_text(original.replace("co_owners = []", 'co_owners = ["区司法局"]', 1), "utf-8")
    usage_error(lawgov(run, workspace, "check"), "bianban.toml", "协办单位 '区司法局' 请写作其编号 'sifaju'")
    path.write_text(original.replace("co_owners = []", 'co_owners = ["区不存在局"]', 1), "utf-8")
    usage_error(lawgov(run, workspace, "check"), "bianban.toml", "'区不存在局' 不在 departments.toml 中")


def test_settings_and_registry_typed_by_hand_are_checked_and_explained(run, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    settings, registry = workspace / "lawgov.toml", workspace / "departments.toml"
    original = {path: path.read_text("utf-8") for path in (settings, registry)}
    for path, line, typed, said in (
        (settings, r'^timezone = .*$', 'timezone = "北京"', "如 \"Asia/Shanghai\""),
        (settings, r"^due_soon_days = .*$", "due_soon_days = -1", "应为不小于 0 的整数"),
        (settings, r'^lang = .*$', 'lang = "中文"', "'中文'"),  # was silently the locale's language
        (registry, r'^name = .*$', "name = 5", "departments.toml:"),
        (registry, r"^lead = true$", 'lead = "是"', "lead：应为 true 或 false"),  # was taken as true
        (registry, r"^lead = true$", 'lead = true\nkinds = ["职责"]', "请写作 'duty'"),  # was ignored
        (registry, r"^lead = true$", 'lead = true\nkinds = ["whatever"]', "未知任务类型 'whatever'"),
    ):
        path.write_text(re.sub(line, typed, original[path], count=1, flags=re.M), "utf-8")
        usage_error(lawgov(run, workspace, "check"), path.name, said)
        path.write_text(original[path], "utf-8")
    settings.write_text(re.sub(r'^lang = .*$', 'lang = "zh_CN"', original[settings], count=1, flags=re.M), "utf-8")
    assert "逾期" in lawgov(run, workspace, "check").out  # zh_CN is Chinese


def test_a_task_whose_title_was_emptied_by_hand_is_an_error(run, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    path = workspace / "tasks" / "bianban.toml"
    path.write_text(re.sub(r'^title = ".*"$', 'title = " "', path.read_text("utf-8"), count=1, flags=re.M), "utf-8")
    usage_error(lawgov(run, workspace, "check"), "bianban.toml", ".title：不能为空")
