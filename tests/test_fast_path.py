"""``status``, ``check`` and ``done`` run without typer (``lawgov_cli.cli.fast``): the same command
lines give the same output, exit code and files both ways; the fast path's table of options is
the typer declarations'; what it does not read is typer's; and the process never imports typer."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from lawgov_cli.cli import fast

from conftest import COMMITTED_WORKSPACE, snapshot

PYTHON = sys.executable


def _both(run_main, args: list[str]) -> tuple[tuple[int, str, str], tuple[int, str, str]]:  # type: ignore[no-untyped-def]
    return run_main(args, fast=True), run_main(args, fast=False)


@pytest.fixture
def run_main(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    from lawgov_cli.cli import main

    def invoke(args: list[str], *, fast: bool) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            main(list(args), fast=fast)
            code = 0
        except SystemExit as done:
            code = int(done.code or 0)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke


# (args after `--dir WS`, read by the fast path?)
READING = [
    (["status", "--as-of", "2024-07-01"], True),
    (["--as-of", "2024-07-01", "status", "--dept", "sthjj"], True),
    (["status", "--dept", "区生态环境局", "--as-of=2024-07-01", "--lang", "en"], True),
    (["status", "--dept", "不存在的单位", "--as-of", "2024-07-01"], True),
    (["status", "--format", "json", "-n", "3", "--as-of", "2024-07-01"], True),
    (["status", "--format=json", "--section", "M4", "--as-of", "2024-07-01"], True),
    (["status", "--limit", "2", "--all", "--as-of", "2024-03-15"], True),
    (["status", "--as-of", "2024-13-01"], True),
    (["status", "--as-of", "2026-12-01"], True),
    (["--lang", "en", "status", "--section", "M4", "--as-of", "2024-07-01"], True),
    (["check", "--as-of", "2024-07-01"], True),
    (["check", "--as-of", "2024-01-02"], True),
    (["check", "-q", "--fail-on", "due-soon", "--as-of", "2024-07-01"], True),
    (["check", "--quiet", "--as-of", "2024-07-01", "--lang", "en"], True),
    # Left to typer: it says what is wrong, or converts the value.
    (["status", "-f", "JSON", "--as-of", "2024-07-01"], False),
    (["status", "--limit", "0"], False),
    (["status", "-n3"], False),
    (["status", "--limit", "x"], False),
    (["status", "--lang", "fr"], False),
    (["status", "--lang", "EN", "--as-of", "2024-07-01"], False),
    (["status", "extra"], False),
    (["status", "--", "--all"], False),
    (["status", "--dept"], False),
    (["status", "--dept", "--all"], False),
    (["status", "--all", "--all"], False),
    (["status", "--all=yes"], False),
    (["status", "--quiet"], False),
    (["status", "--help"], False),
    (["check", "--fail-on", "never"], False),
    (["check", "--as-of", "2024-07-01", "--as-of", "2024-07-02"], False),
    (["-q", "check"], False),
    (["done"], False),
    (["show", "M4.3"], False),
]


@pytest.mark.parametrize(("args", "read_fast"), READING, ids=[" ".join(a) for a, _ in READING])
def test_a_reading_command_says_the_same_both_ways(run_main, workspace: Path, args: list[str], read_fast: bool) -> None:  # type: ignore[no-untyped-def]
    full = ["--dir", str(workspace), *args]
    assert (fast.recognise(full) is not None) == read_fast
    before = snapshot(workspace)
    quick, typed = _both(run_main, full)
    assert quick == typed
    assert snapshot(workspace) == before
    if read_fast:
        assert quick[1] or quick[2]  # it did say something


def test_the_environment_gives_the_folder_and_the_day_as_typer_reads_it(run_main, workspace: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LAWGOV_DIR", str(workspace))
    monkeypatch.setenv("LAWGOV_TODAY", "2024-05-20")
    quick, typed = _both(run_main, ["status", "--format", "json"])
    assert quick == typed and '"as_of": "2024-05-20"' in quick[1]
    monkeypatch.setenv("LAWGOV_TODAY", "")  # empty is unset, as click reads it: today
    quick, typed = _both(run_main, ["check", "--as-of", "2024-07-01"])
    assert quick == typed and quick[0] == 1
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LAWGOV_DIR", "")  # empty: the search from the current folder
    quick, typed = _both(run_main, ["status"])
    assert quick == typed and quick[0] == 2


def _without_times(folder: Path) -> dict[str, bytes]:
    """The files, with the clock time of each history entry and of the last write left out."""
    times = re.compile(rb'(?m)^at = "[^"]*"$|"txid": "[^"]*"')
    return {name: times.sub(b"-", data) for name, data in snapshot(folder).items()}


DONE = [
    ["done", "M4.3", "--as-of", "2024-07-01", "--note", "专项整治已完成", "--evidence", "南开环〔2024〕3号"],
    ["done", "M4.3", "M6.3", "--by", "张三", "--on=2024-06-30", "--as-of", "2024-07-01"],
    ["--as-of", "2024-07-01", "done", "M4.3", "不存在"],
    ["done", "M4.3", "--on", "2030-01-01", "--as-of", "2024-07-01"],
    ["done", "M4.3", "--on", "2030-01-01", "--force", "--as-of", "2024-07-01"],
]


@pytest.mark.parametrize("args", DONE, ids=[" ".join(a) for a in DONE])
def test_done_changes_the_same_both_ways(run_main, tmp_path: Path, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    folders = []
    for name in ("quick", "typed"):
        target = tmp_path / name
        shutil.copytree(COMMITTED_WORKSPACE, target, ignore=shutil.ignore_patterns(".lawgov-cache", ".lawgov.lock"))
        folders.append(target)
    quick_args, typed_args = (["--dir", str(folder), *args] for folder in folders)
    assert fast.recognise(quick_args) is not None
    before = _without_times(folders[0])
    quick = run_main(quick_args, fast=True)
    typed = run_main(typed_args, fast=False)
    assert (quick[0], quick[1], quick[2].replace(str(folders[0]), "WS")) == (
        typed[0],
        typed[1],
        typed[2].replace(str(folders[1]), "WS"),
    )
    assert _without_times(folders[0]) == _without_times(folders[1])
    assert (_without_times(folders[0]) != before) == (quick[0] == 0)


def test_the_table_is_what_typer_declares() -> None:
    """Every option, flag, choice, count and argument of the three commands and the global options
    with a value: a new option in typer and not here (or the reverse) fails."""
    from typer.main import get_command

    from lawgov_cli.cli import app, load_commands

    load_commands()
    group = get_command(app)

    def opts(param: Any) -> list[str]:
        return [*param.opts, *param.secondary_opts]

    def is_option(param: Any) -> bool:
        return param.param_type_name == "option" and param.name != "help"

    def is_count(param: Any) -> bool:
        return type(param.type).__name__ == "IntRange"

    declared_globals = {
        name: param.name for param in group.params if is_option(param) and not param.is_flag for name in opts(param)
    }
    assert declared_globals == fast.GLOBAL_OPTIONS
    envvars = {param.name: param.envvar for param in group.params if getattr(param, "envvar", None)}
    assert envvars == fast._GLOBAL_ENV
    lang = next(param for param in group.params if param.name == "lang")
    assert tuple(lang.type.choices) == fast._LANGS

    for name, spec in fast.COMMANDS.items():
        command = group.commands[name]  # type: ignore[attr-defined]
        options = [p for p in command.params if is_option(p)]
        assert {n: p.name for p in options if not p.is_flag for n in opts(p)} == spec.options
        assert {n: p.name for p in options if p.is_flag for n in opts(p)} == spec.flags
        assert {p.name: tuple(p.type.choices) for p in options if getattr(p.type, "choices", None)} == spec.choices
        assert tuple(p.name for p in options if is_count(p)) == spec.counts
        for p in options:
            if is_count(p):
                assert (p.type.min, p.type.max) == (1, None)
            assert not p.multiple and p.envvar is None
        arguments = [p for p in command.params if p.param_type_name == "argument"]
        assert [p.name for p in arguments] == ([spec.words] if spec.words else [])
        assert all(p.nargs == -1 and p.required for p in arguments)


def _imports(args: list[str], *, fast_path: bool = True) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run ``lawgov ARGS`` in a real process; what it printed and the modules it had imported."""
    read, write = os.pipe()
    code = (
        "import atexit, os, sys\n"
        f"atexit.register(lambda: os.write({write}, ' '.join(sorted(sys.modules)).encode()))\n"
        "from lawgov_cli.cli import main\n"
        f"sys.argv = ['lawgov', *sys.argv[1:]]\nmain(fast={fast_path!r})\n"
    )
    proc = subprocess.Popen(
        [PYTHON, "-c", code, *args], pass_fds=(write,), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    os.close(write)
    with os.fdopen(read) as modules:
        seen = modules.read()
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(args, proc.returncode, out, err), set(seen.split())


def test_the_process_never_imports_typer_for_them(workspace: Path) -> None:
    for args in (["status"], ["check", "--quiet"], ["status", "--format", "json"], ["done", "M4.3"]):
        done, modules = _imports(["--dir", str(workspace), "--as-of", "2024-07-01", *args])
        assert done.returncode in (0, 1), done.stderr
        assert modules and "typer" not in modules and "click" not in modules and "rich" not in modules
    done, modules = _imports(["--dir", str(workspace), "status", "--help"])
    assert done.returncode == 0 and "typer" in modules  # help is typer's


@pytest.mark.parametrize("fast_path", [True, False])
def test_a_reader_gone_is_exit_1_without_a_traceback(workspace: Path, fast_path: bool) -> None:
    """`lawgov status | head` where head has gone: both ways end the same, quietly."""
    code = "import sys\nfrom lawgov_cli.cli import main\nsys.argv = ['lawgov', *sys.argv[1:]]\n"
    code += f"main(fast={fast_path!r})\n"
    read, write = os.pipe()
    proc = subprocess.Popen(
        [PYTHON, "-c", code, "--dir", str(workspace), "--as-of", "2024-07-01", "status"],
        stdout=write,
        stderr=subprocess.PIPE,
        text=True,
    )
    os.close(write)
    os.close(read)  # the reader is gone before lawgov writes a byte
    err = proc.communicate(timeout=60)[1]
    assert (proc.returncode, err) == (1, "")
