"""README's console examples are what the commands print (as sqlite-utils checks its docs).

Every ```console block of README.md is run: each ``$ lawgov …`` line against a fresh copy of the
committed workspace (one copy per block, so a block's commands build on each other), with the
clock fixed at ``LAWGOV_TODAY=2024-07-15``, piped (plain text), and its output compared with the
lines under it.  A line ``…`` in the expected output stands for any number of lines.  A pipe into
``cat``, ``head -N``, ``tail -N`` or ``grep TEXT`` is applied to the output here.

An HTML comment on the line before a block says how to run it, comma-separated:
``<!-- console-test: skip: why -->`` (an illustration, skipped explicitly), ``review`` (the
workspace in review mode, ``[workflow] review = true``), ``today YYYY-MM-DD`` (another clock).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import ROOT

README = ROOT / "README.md"
TODAY = "2024-07-15"
_MARK = re.compile(r"<!--\s*console-test:\s*(?P<what>.*?)\s*-->")


@dataclass
class Step:
    command: str
    expected: list[str] = field(default_factory=list)


@dataclass
class Block:
    line: int
    mark: str
    steps: list[Step]


def console_blocks(text: str) -> list[Block]:
    lines = text.splitlines()
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        if lines[index].strip() == "```console":
            start = index + 1
            previous = lines[index - 1] if index else ""
            mark = _MARK.search(previous)
            steps: list[Step] = []
            index += 1
            while index < len(lines) and lines[index].strip() != "```":
                line = lines[index]
                if line.startswith("$ "):
                    steps.append(Step(line[2:]))
                elif steps:
                    steps[-1].expected.append(line)
                index += 1
            blocks.append(Block(start, mark.group("what") if mark else "", steps))
        index += 1
    return blocks


BLOCKS = console_blocks(README.read_text("utf-8"))


def _pipe(output: list[str], stage: list[str]) -> list[str]:
    name, *args = stage
    if name == "cat" and not args:
        return output
    if name in ("head", "tail") and len(args) == 1 and re.fullmatch(r"-\d+", args[0]):
        count = int(args[0][1:])
        return output[:count] if name == "head" else output[-count:]
    if name == "grep" and len(args) == 1:
        return [line for line in output if args[0] in line]
    raise AssertionError(f"README pipes into {' '.join(stage)!r}, which this test does not emulate")


def matches(expected: list[str], actual: list[str]) -> bool:
    """``actual`` is ``expected`` where each ``…`` line stands for any number of lines."""
    pattern = "".join(
        r"(?:[^\n]*\n)*?" if line.strip() == "…" else re.escape(line.rstrip()) + r"\n" for line in expected
    )
    return re.fullmatch(pattern, "".join(line.rstrip() + "\n" for line in actual)) is not None


def test_readme_has_console_examples() -> None:
    assert len(BLOCKS) >= 3 and sum(len(block.steps) for block in BLOCKS) >= 15
    assert all(step.command.startswith("lawgov ") for block in BLOCKS for step in block.steps)


def test_the_matcher_takes_an_ellipsis_for_any_lines_and_nothing_else() -> None:
    assert matches(["a", "…", "d"], ["a", "b", "c", "d"])
    assert matches(["a", "…", "d"], ["a", "d"])
    assert not matches(["a", "d"], ["a", "b", "d"])
    assert not matches(["a", "…"], ["b", "c"])
    assert not matches(["a"], ["a", "b"])


@pytest.mark.parametrize("block", BLOCKS, ids=[f"README.md:{block.line}" for block in BLOCKS])
def test_console_example(block: Block, run, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    if block.mark.startswith("skip"):
        pytest.skip(f"README.md:{block.line} is marked illustrative: {block.mark}")
    today = TODAY
    for mark in filter(None, (part.strip() for part in block.mark.split(","))):
        if mark == "review":
            settings = workspace / "lawgov.toml"
            settings.write_text(settings.read_text("utf-8") + "\n[workflow]\nreview = true\n", "utf-8")
        elif re.fullmatch(r"today \d{4}-\d{2}-\d{2}", mark):
            today = mark.split()[1]
        else:
            raise AssertionError(f"README.md:{block.line}: unknown console-test mark {mark!r}")
    monkeypatch.setenv("LAWGOV_TODAY", today)
    for step in block.steps:
        command, *pipes = step.command.split(" | ")
        args = shlex.split(command)
        assert args[0] == "lawgov"
        result = run("--dir", str(workspace), *args[1:])
        assert result.code == 0, (step.command, result.err)
        output = result.out.splitlines()
        for stage in pipes:
            output = _pipe(output, shlex.split(stage))
        assert matches(step.expected, output), (
            f"README.md:{block.line}: `{step.command}` prints\n" + "\n".join(output)
        )


def _command_lines(text: str) -> list[tuple[int, list[str]]]:
    """Each ``lawgov …`` invocation in README's ```sh and ```cron blocks: (line, its arguments),
    cut at the first shell operator or comment."""
    found = []
    fence = ""
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("```"):
            fence = "" if fence else line[3:].strip()
            continue
        if fence not in ("sh", "cron"):
            continue
        for match in re.finditer(r"(?:^|\s|bin/)lawgov ", line):
            lexer = shlex.shlex(line[match.end() :], posix=True, punctuation_chars="|&;")
            lexer.whitespace_split = True
            lexer.commenters = "#"
            args = []
            for token in lexer:
                if token and set(token) <= set("|&;"):
                    break
                args.append(token)
            found.append((number, args))
    return found


def test_every_lawgov_command_line_in_readme_parses() -> None:
    """The commands README shows without their output use options that exist, with values they
    take (parsed as ``lawgov`` would, nothing run)."""
    import typer

    from lawgov_cli.cli import app, load_commands

    load_commands()
    group = typer.main.get_command(app)
    lines = _command_lines(README.read_text("utf-8"))
    assert len(lines) >= 12
    for number, args in lines:
        try:
            ctx = group.make_context("lawgov", list(args))
            name, command, rest = group.resolve_command(ctx, ctx._protected_args + ctx.args)  # type: ignore[attr-defined]
            assert command is not None
            command.make_context(name, rest, parent=ctx)
        except (typer.Exit, typer.Abort) as stop:  # pragma: no cover - --help or --version
            raise AssertionError(f"README.md:{number}: lawgov {shlex.join(args)} stops early") from stop
        except Exception as error:
            raise AssertionError(f"README.md:{number}: lawgov {shlex.join(args)}: {error}") from error
