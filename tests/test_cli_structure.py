"""The command line stays thin and its seams stay closed (issue 16, item 6 and "a thin cli").

- ``cli/`` never touches files, locks, TOML or time zones itself: an AST scan of every module;
- the export formats come from one registry, which the core and ``--format`` both read;
- options with a fixed set of values are choices: ``--help`` lists them, a wrong value is one
  line, exit 2, in the workspace's language;
- global options may follow the command, but never capture a sub-command's own option.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import typer

from conftest import ROOT, ok, usage_error

CLI = ROOT / "src" / "lawgov_cli" / "cli"
AS_OF = "2024-07-15"

FORBIDDEN_MODULES = (
    "zoneinfo",
    "tomllib",
    "tomli",
    "tomli_w",
    "tomlkit",
    "shutil",
    "fcntl",
    "importlib.resources",
    "lawgov_cli.store",
)
"""Reading, writing, locking, parsing TOML and resolving time zones are the core's: ``cli/`` reaches
the files only through the session and ``usecases/`` (which call ``store/``)."""


def _forbidden(name: str) -> bool:
    return any(name == module or name.startswith(module + ".") for module in FORBIDDEN_MODULES)
FORBIDDEN_CALLS = ("open",)
FORBIDDEN_METHODS = (
    "read_text",
    "write_text",
    "read_bytes",
    "write_bytes",
    "mkdir",
    "unlink",
    "rename",
    "replace",
    "touch",
    "is_dir",
    "exists",
    "iterdir",
    "rglob",
    "now",
    "utcnow",
    "fromtimestamp",
)


def _violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        where = f"{path.name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Import):
            found += [f"{where} import {a.name}" for a in node.names if _forbidden(a.name)]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            found += [f"{where} from {node.module}" for n in names[:1] if _forbidden(n)]
            found += [f"{where} from {n}" for n in names[1:] if n in FORBIDDEN_MODULES]
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in FORBIDDEN_CALLS:
                found.append(f"{where} {func.id}()")
            # str.replace is text, not a file: only flag .replace on something that is not a string call
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "today"
                and isinstance(func.value, ast.Name)
                and func.value.id in ("date", "datetime")
            ):
                found.append(f"{where} {func.value.id}.today()")  # the clock is the session's
            if isinstance(func, ast.Attribute) and func.attr in FORBIDDEN_METHODS:
                if func.attr == "replace" and (node.args and isinstance(node.args[0], ast.Constant)):
                    continue
                found.append(f"{where} .{func.attr}()")
    return found


def test_cli_never_touches_files_locks_toml_or_time_zones_itself() -> None:
    modules = sorted(CLI.glob("*.py"))
    assert len(modules) >= 10
    found = [violation for path in modules for violation in _violations(path)]
    assert found == [], "move these into the core (session, usecases/, store/):\n" + "\n".join(found)


def test_the_scan_catches_what_it_forbids(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import zoneinfo\nfrom lawgov_cli.store.atomic import write_atomic\nfrom datetime import datetime\n"
        "from lawgov_cli import store\nfrom lawgov_cli.storefront import x\n"
        "open('x')\ndatetime.now()\nPath('x').write_text('y')\n'a'.replace('a', 'b')\n"
        "date.today()\nstate.today()\n",
        "utf-8",
    )
    assert len(_violations(sample)) == 7


# --- the export registry ----------------------------------------------------------------------


def test_every_registered_format_has_a_writer_a_suffix_and_is_offered_by_the_cli(run) -> None:  # type: ignore[no-untyped-def]
    from lawgov_cli.export import BINARY_FORMATS, FORMATS, REGISTRY, canonical_format, format_for

    assert tuple(REGISTRY) == FORMATS and set(FORMATS) >= {"csv", "xlsx", "md", "json", "html", "ics"}
    assert {"xlsx"} == BINARY_FORMATS
    for name, entry in REGISTRY.items():
        assert callable(entry.load())
        assert all(format_for(f"x{suffix}") == name for suffix in entry.suffixes)
        assert all(canonical_format(alias.upper()) == name for alias in entry.aliases)
    help_text = ok(run("export", "--help")).out
    assert "<" + "|".join(FORMATS) + ">" in help_text


def test_an_alias_of_a_format_is_that_format(run, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    markdown = ok(run("--dir", str(workspace), "--as-of", AS_OF, "export", "--format", "Markdown")).out
    assert markdown == ok(run("--dir", str(workspace), "--as-of", AS_OF, "export", "-f", "md")).out


# --- choices ----------------------------------------------------------------------------------

CHOICES = [
    ("status", "--format", "<text|json>"),
    ("show", "--format", "<text|json>"),
    ("log", "--format", "<text|json>"),
    ("list", "--format", "<table|json>"),
    ("list", "--status", "<todo|doing|reported|done|dropped>"),
    ("list", "--kind", "<measure|plan|rectify|duty|statutory|assigned>"),
    ("check", "--fail-on", "<overdue|due-soon>"),
    ("bulletin", "--format", "<md|text|docx>"),
    ("report", "--format", "<md|text|docx>"),
    ("notice", "--format", "<md|text>"),
    ("extract", "--format", "<md|json>"),
    ("add", "--repeat", "<|monthly|quarterly|yearly>"),
]


@pytest.mark.parametrize(("name", "option", "choices"), CHOICES)
def test_help_lists_the_choices_at_80_columns(run, monkeypatch: pytest.MonkeyPatch, name: str, option: str, choices: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "80")
    out = ok(run(name, "--help")).out.split("Options:", 1)[1]
    line = next(line for line in out.splitlines() if re.match(rf"\s+(-\w, )?{option}\b", line))
    assert choices in line, line


def test_global_help_lists_the_languages(run) -> None:  # type: ignore[no-untyped-def]
    assert "--lang <zh|en>" in ok(run("--help")).out


def test_help_lists_the_choices_on_a_terminal_too(tmp_path: Path) -> None:
    """On a real 80-column terminal (a pty), not only piped."""
    import os
    import sys

    from procs import on_a_pty

    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR")}
    out = on_a_pty([sys.executable, "-m", "lawgov_cli", "status", "--help"], env, tmp_path, timeout=60)
    text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", out.decode("utf-8", "replace"))
    assert "<text|json>" in text
    assert all(len(line.rstrip("\r")) <= 80 for line in text.splitlines())


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (("status", "--format", "xml"), ("未知输出格式 'xml'", "text, json")),
        (("list", "--status", "finished"), ("--status", "'finished'", "todo")),
        (("list", "--status", "已完成"), ("--status", "'已完成'", "是否要找 done？")),
        (("list", "--kind", "整改"), ("--kind", "是否要找 rectify？")),
        (("check", "--fail-on", "never"), ("--fail-on", "'never'", "due-soon")),
        (("export", "--format", "pdf"), ("未知输出格式 'pdf'", "csv, xlsx, md, json, html, ics")),
        (("bulletin", "-f", "pdf"), ("未知输出格式", "md, text, docx")),
    ],
)
def test_a_value_outside_the_choices_is_one_line_in_the_workspaces_language(run, workspace: Path, args: tuple[str, ...], fragments: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    # conftest's locale is C.UTF-8 (English); the workspace says lang = "zh".
    usage_error(run("--dir", str(workspace), *args), *fragments)
    english = run("--dir", str(workspace), "--lang", "en", *args)
    usage_error(english)
    said = english.err.replace(f"'{args[-1]}'", "")  # the value typed is quoted as typed
    assert not re.search(r"[\u4e00-\u9fff]", said), english.err


@pytest.mark.parametrize(
    ("args", "chinese", "english"),
    [
        (("status", "--bogus"), "没有这个选项：--bogus", "No such option: --bogus"),
        (("status", "--al"), "可用的选项：--all, --help", "(Possible options: --all, --help)"),
        (("done",), "缺少参数 'ID...'", "Missing argument 'ID...'."),
        (("list", "extra"), "多余的参数：extra", "Got unexpected extra argument(s) (extra)"),
        (("status", "--limit", "x"), "'--limit' / '-n' 的值 'x' 不是整数", "'x' is not a valid integer."),
        (("status", "--limit", "0"), "的值 0 不在允许的范围（x>=1）内", "0 is not in the range x>=1."),
        # click's parser raises these without the command's context: said as the command's all the same.
        (("status", "--dept"), "选项 --dept 需要一个值", "Option '--dept' requires an argument."),
        (("done", "M4.3", "--note"), "选项 --note 需要一个值", "Option '--note' requires an argument."),
    ],
)
def test_clicks_usage_errors_are_said_in_the_workspaces_language(run, workspace: Path, args: tuple[str, ...], chinese: str, english: str) -> None:  # type: ignore[no-untyped-def]
    # A mistyped option, a missing argument: one line in Chinese for a Chinese workspace (the
    # locale is C.UTF-8), click's own English wording with --lang en.
    command = f"lawgov {args[0]}"
    usage_error(run("--dir", str(workspace), *args), chinese, f"（用法见 {command} --help）")
    usage_error(run("--dir", str(workspace), "--lang", "en", *args), english, f"(see {command} --help)")


def test_a_global_option_last_without_its_value_is_said_as_missing_its_value(run, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    # Not "no such option --as-of": the option exists, its value does not.
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    for option in ("--as-of", "--dir", "--lang"):
        usage_error(run("--dir", str(workspace), "status", option), f"选项 {option} 需要一个值", "（用法见 lawgov --help）")


def test_a_mistyped_command_is_said_in_the_locales_language(run, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    # Before the command is known there is no workspace to ask: the locale decides.
    usage_error(run("--dir", str(workspace), "statu"), "No such command 'statu'. Did you mean 'status'")
    usage_error(run("--dir", str(workspace), "--as-of"), "Option '--as-of' requires an argument.")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    usage_error(run("--dir", str(workspace), "statu"), "没有这个命令：statu（是否要用 'status'")
    usage_error(run("--dir", str(workspace), "--as-of"), "选项 --as-of 需要一个值")


def test_a_bad_language_is_said_in_the_locales_language(run, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    usage_error(run("--dir", str(workspace), "--lang", "fr", "status"), "unknown language 'fr'")
    usage_error(run("--dir", str(workspace), "status", "--lang", "fr"), "unknown language 'fr'")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    usage_error(run("--dir", str(workspace), "--lang", "fr", "status"), "未知语言 'fr'")


def test_choices_ignore_case_and_the_environment_keeps_locale_style_languages(run, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    ok(run("--dir", str(workspace), "--as-of", AS_OF, "status", "--format", "JSON"))
    monkeypatch.setenv("LAWGOV_LANG", "en_GB.UTF-8")
    assert "Progress:" in ok(run("--dir", str(workspace), "--as-of", AS_OF, "status")).out


# --- global options after the command -----------------------------------------------------------


def test_global_options_work_before_and_after_the_command(run, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    before = ok(run("--dir", str(workspace), "--as-of", AS_OF, "--lang", "en", "status")).out
    assert ok(run("status", "--dir", str(workspace), "--as-of", AS_OF, "--lang", "en")).out == before
    assert ok(run("status", f"--dir={workspace}", f"--as-of={AS_OF}", "--lang=en")).out == before
    assert ok(run("-d", str(workspace), "status", "--as-of", AS_OF, "--lang", "en")).out == before
    # Given twice, the one after the command wins (as a later option does).
    later = ok(run("--dir", str(workspace), "--as-of", "2024-01-02", "status", "--as-of", AS_OF, "--lang", "en"))
    assert later.out == before


def test_after_double_dash_nothing_is_taken(run, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("--dir", str(workspace), "--as-of", AS_OF, "note", "R1", "--", "--dir")
    ok(result)
    assert "--dir" in ok(run("--dir", str(workspace), "--as-of", AS_OF, "show", "R1")).out


def test_the_value_of_a_commands_own_option_is_never_taken_for_a_global_one(run, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    ok(run("--dir", str(workspace), "--as-of", AS_OF, "start", "R1", "--note", "--lang"))
    assert "--lang" in ok(run("--dir", str(workspace), "--as-of", AS_OF, "show", "R1")).out


def test_a_sub_command_option_named_like_a_global_one_is_its_own(run, workspace: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from lawgov_cli.cli import app, load_commands
    from lawgov_cli.cli.application import state_of

    load_commands()
    seen: dict[str, object] = {}

    @app.command("probe-dir")
    def probe(
        ctx: typer.Context,
        dir: str = typer.Option("", "--dir"),
        as_of: str = typer.Option("", "--as-of"),
    ) -> None:
        seen.update(dir=dir, as_of=as_of, global_dir=state_of(ctx).dir, global_as_of=state_of(ctx).as_of)

    try:
        ok(run("--dir", str(workspace), "probe-dir", "--dir", "mine", "--as-of", "2020-01-01", "--lang", "en"))
    finally:
        app.registered_commands[:] = [c for c in app.registered_commands if c.name != "probe-dir"]
    assert seen == {"dir": "mine", "as_of": "2020-01-01", "global_dir": workspace, "global_as_of": None}
