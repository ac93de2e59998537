"""``--help`` in the user's language (cli/help_i18n.py, locales/help.zh.toml): every command and
every option has a Chinese entry, every command's Chinese help ends with examples that parse, and
the language follows --lang, $LAWGOV_LANG, the workspace, then the locale."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import typer.main

from lawgov_cli.cli import app, load_commands
from lawgov_cli.cli.help_i18n import entries, help_id, text_for, walk, wrap
from lawgov_cli.render.plain import cell_width

from conftest import ok


def _tree():  # type: ignore[no-untyped-def]
    load_commands()
    return typer.main.get_command(app)


def test_every_command_and_parameter_has_a_chinese_help_entry() -> None:
    table = entries()
    missing, used = [], set()
    for path, command in walk(_tree()):
        key = help_id(path)
        (used.add(key) if key in table else missing.append(key))
        for param in command.params:
            text = text_for(table, path, param.name)
            if text is None:
                missing.append(help_id(path, param.name))
            used.add(help_id(path, param.name) if help_id(path, param.name) in table else f"help.*.{param.name}")
    assert missing == [], "add these to src/lawgov_cli/locales/help.zh.toml"
    assert sorted(set(table) - used) == [], "entries for commands or options that no longer exist"


def test_every_command_ends_with_examples_that_parse() -> None:
    group = _tree()
    table = entries()
    for path, _command in walk(group):
        examples = [line for line in table[help_id(path)].splitlines() if line.startswith("示例：")]
        assert examples, path
        assert table[help_id(path)].rstrip().splitlines()[-1].startswith("示例：lawgov "), path
        for example in examples:
            args = _globals_first(shlex.split(example.removeprefix("示例：").split("||")[0])[1:])
            ctx = group.make_context("lawgov", args)
            name, *rest = [*ctx._protected_args, *ctx.args]
            if path:
                assert name == path, example
            sub = group.get_command(ctx, name)
            assert sub is not None, example
            sub.make_context(name, rest, parent=ctx)  # raises on an unknown option or a missing argument


def _globals_first(args: list[str]) -> list[str]:
    """``status --as-of D`` as ``--as-of D status`` (lawgov's main does this before click parses)."""
    front, rest = [], list(args)
    for option in ("--dir", "-d", "--as-of", "--lang"):
        while option in rest[1:]:
            at = rest.index(option, 1)
            front += rest[at : at + 2]
            del rest[at : at + 2]
    return front + rest


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A current folder with no workspace in or above it (the repository holds ./checklists)."""
    folder = tmp_path / "nowhere"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def test_the_locale_chooses_the_language_of_help(run, elsewhere: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    english = ok(run("status", "--help")).out
    assert "Progress at a glance" in english and "Options:" in english and "Show this message" in english
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    chinese = ok(run("status", "--help")).out
    assert "进度总览" in chinese and "选项：" in chinese and "示例：lawgov status" in chinese
    assert "显示本帮助并退出" in chinese and "Progress at a glance" not in chinese
    assert ok(run("--lang", "en", "status", "--help")).out == english
    assert ok(run("status", "--help", "--lang", "en")).out == english  # after the command, as people type it
    monkeypatch.setenv("LAWGOV_LANG", "en")
    assert ok(run("status", "--help")).out == english


def test_a_chinese_workspace_gets_chinese_help(run, workspace: Path, elsewhere: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # conftest: LANG=C.UTF-8; the bundled workspace says lang = "zh".
    assert "进度总览" in ok(run("--dir", str(workspace), "status", "--help")).out
    assert "进度总览" in ok(run("status", "-h", "-d", str(workspace))).out
    # click's markers too, and the option column still lines up by display width.
    status_help = ok(run("--dir", str(workspace), "status", "--help")).out
    assert "用法：lawgov status [选项]" in status_help and "[OPTIONS]" not in status_help
    starts = set()
    for term in ("--dept <文字>", "-n, --limit <整数>", "--all", "-f, --format <text|json>"):
        line = next(line for line in status_help.splitlines() if line.startswith(f"  {term}  "))
        padding = re.match(r"  \S.*?\S {2,}", line)
        assert padding is not None, line
        starts.add(cell_width(padding.group(0)))
    assert len(starts) == 1, starts  # every description starts in the same display column
    monkeypatch.setenv("LAWGOV_DIR", str(workspace))
    out = ok(run("--help")).out
    assert "命令：" in out and "把报告转成工作区" in out
    monkeypatch.chdir(workspace / "tasks")  # the nearest lawgov.toml upward
    monkeypatch.delenv("LAWGOV_DIR")
    assert "任务销号" in ok(run("done", "--help")).out
    assert "Tick tasks off" in ok(run("--lang", "en", "done", "--help")).out


def test_a_checklists_folder_beside_you_does_not_choose_the_language(run, workspace: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(workspace.parent)
    workspace.rename(workspace.parent / "checklists")  # what commands fall back to (a clone of lawgov)
    assert "Progress at a glance" in ok(run("status", "--help")).out
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert "进度总览" in ok(run("status", "--help")).out


def test_help_shows_even_when_the_language_cannot_be_told(run, elsewhere: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "lawgov.toml").write_text("lang = [", "utf-8")
    assert "Progress at a glance" in ok(run("--dir", str(broken), "status", "--help")).out


def test_a_real_process_with_a_chinese_locale(elsewhere: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "LANG": "zh_CN.UTF-8"}
    done = subprocess.run(
        [sys.executable, "-m", "lawgov_cli", "status", "--help"], capture_output=True, text=True, env=env, check=True
    )
    assert "进度总览" in done.stdout


def test_chinese_wraps_by_display_width_and_never_inside_an_ascii_word() -> None:
    lines = wrap("只看所属部分含此文字（或编号前缀，如 M4）的任务。lawgov export --format xlsx", 20)
    assert all(sum(2 if ord(c) > 0x2E80 else 1 for c in line) <= 22 for line in lines)
    assert "".join(lines).replace(" ", "") == "只看所属部分含此文字（或编号前缀，如M4）的任务。lawgovexport--formatxlsx"
    assert not any(line.startswith(("，", "。", "）")) for line in lines)
