"""Help text is product: every command is documented in README and its --help ends with an example."""

from __future__ import annotations

import re

import pytest

from lawgov_cli.cli import COMMANDS, app, load_commands

from conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")


def test_every_registered_command_is_in_the_command_map() -> None:
    load_commands()
    registered = {
        info.name or (info.callback.__name__ if info.callback else "") for info in app.registered_commands
    }
    assert registered == set(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_is_in_readme_reference(name: str) -> None:
    assert re.search(rf"`lawgov {name}\b", README), (
        f"`lawgov {name}` is missing from README's command reference"
    )


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_has_an_example(run, name: str) -> None:
    result = run(name, "--help")
    assert result.code == 0, result.err
    examples = "Example: lawgov" in result.out or "Examples:\n    lawgov" in result.out  # one, or a block
    assert examples, f"`lawgov {name} --help` has no example"


def test_top_level_help_documents_exit_codes(run) -> None:
    result = run("--help")
    assert result.code == 0
    for code in ("0 ok", "1 `check`", "2 usage error"):
        assert code in " ".join(result.out.split())
    for name in COMMANDS:
        assert name in result.out


def test_quick_start_has_exactly_two_lines() -> None:
    section = README.split("## Quick start", 1)[1].split("##", 1)[0]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    lines = [line for line in block.splitlines() if line.strip()]
    assert len(lines) == 2
    assert "lawgov status" in lines[0] and "checklists" in lines[0]
    assert "pytest" in lines[1]
