"""``status``, ``check`` and ``done`` as people and cron type them, run without importing typer.

Importing typer (and the click it carries) takes about 70 ms: half of what ``lawgov status``
costs at 10,000 tasks, and the part of ``done`` that is not the change.  A command line made only
of what these three commands declare — their own options and the global ``--dir``/``-d``,
``--as-of`` and ``--lang``, before or after the command, each given once, with a plain value —
is read here and run by :mod:`lawgov_cli.cli.daily`, the code the typer commands run too.

Anything else is left to typer, which reads it as always and says what is wrong: ``--help``,
shell completion, an option these commands do not have, a short option joined to its value
(``-n5``), ``--``, an option given twice, a value that begins with ``-``, and a value typer would
reject or convert (``--limit 0``, ``--format JSON``, ``--lang ZH``).  So the fast path never has
an error message of its own except those of the commands themselves.

``tests/test_fast_path.py`` runs command lines both ways and compares output, exit code and the
files written, and checks :data:`COMMANDS` against the typer declarations, so neither can drift.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lawgov_cli.errors import EXIT_USAGE, LawgovError

__all__ = ["COMMANDS", "GLOBAL_OPTIONS", "Recognised", "load", "recognise", "run"]

GLOBAL_OPTIONS: dict[str, str] = {"--dir": "dir", "-d": "dir", "--as-of": "as_of", "--lang": "lang"}
"""Global options with a value -> the parameter they set (``--version`` is left to typer)."""

_GLOBAL_ENV = {"dir": "LAWGOV_DIR", "as_of": "LAWGOV_TODAY"}  # as declared on the typer group
_LANGS = ("zh", "en")


@dataclass(frozen=True)
class Spec:
    """What one command accepts: options with a value, flags, and the positional words."""

    options: dict[str, str]  # option name -> parameter name
    flags: dict[str, str] = field(default_factory=dict)  # flag name -> parameter name
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)  # parameter -> its values
    counts: tuple[str, ...] = ()  # parameters that take a whole number ≥ 1
    words: str | None = None  # the parameter that takes the positional words (≥ 1 of them)


COMMANDS: dict[str, Spec] = {
    "status": Spec(
        options={
            "--dept": "dept",
            "--section": "section",
            "--format": "format",
            "-f": "format",
            "--limit": "limit",
            "-n": "limit",
        },
        flags={"--all": "all_departments"},
        choices={"format": ("text", "json")},
        counts=("limit",),
    ),
    "check": Spec(
        options={"--fail-on": "fail_on"},
        flags={"--quiet": "quiet", "-q": "quiet"},
        choices={"fail_on": ("overdue", "due-soon")},
    ),
    "done": Spec(
        options={
            "--note": "note",
            "--evidence": "evidence",
            "--on": "on",
            "--period": "period",
            "--by": "by",
        },
        flags={"--force": "force"},
        words="ids",
    ),
}


@dataclass(frozen=True)
class Recognised:
    command: str
    globals: dict[str, str]  # global parameter -> value given on the command line
    values: dict[str, Any]  # the command's parameters given, converted


def recognise(args: Sequence[str]) -> Recognised | None:
    """``args`` read as one of :data:`COMMANDS`, or None when typer should read them."""
    if "_LAWGOV_COMPLETE" in os.environ:  # typer's shell completion
        return None
    command: str | None = None
    spec: Spec | None = None
    given: dict[str, str] = {}
    values: dict[str, Any] = {}
    words: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        index += 1
        if not arg.startswith("-"):
            if command is None:
                if arg not in COMMANDS:
                    return None
                command, spec = arg, COMMANDS[arg]
            elif spec is not None and spec.words:
                words.append(arg)
            else:
                return None
            continue
        name, equals, value = arg.partition("=")
        if equals and not name.startswith("--"):
            return None  # `-n=5` is not what it looks like to click
        if spec is not None and name in spec.flags:
            parameter = spec.flags[name]
            if equals or parameter in values:
                return None
            values[parameter] = True
            continue
        if name in GLOBAL_OPTIONS:
            target, parameter = given, GLOBAL_OPTIONS[name]
        elif spec is not None and name in spec.options:
            target, parameter = values, spec.options[name]
        else:
            return None
        if not equals:
            if index >= len(args) or args[index].startswith("-"):
                return None
            value = args[index]
            index += 1
        if parameter in target:
            return None
        target[parameter] = value
    if command is None or spec is None:
        return None
    if spec.words:
        if not words:
            return None
        values[spec.words] = words
    if given.get("lang", "zh") not in _LANGS:
        return None
    for parameter, allowed in spec.choices.items():
        if values.get(parameter, allowed[0]) not in allowed:
            return None
    for parameter in spec.counts:
        if parameter in values:
            text = values[parameter]
            if not (text.isascii() and text.isdigit() and int(text) >= 1):
                return None
            values[parameter] = int(text)
    return Recognised(command, given, values)


def load() -> dict[str, Callable[..., int]]:
    """The commands' bodies (importing them: the command line's own modules, as typer's commands)."""
    from lawgov_cli.cli import daily

    return {"status": daily.status, "check": daily.check, "done": daily.done}


def run(found: Recognised) -> int:
    """Run what :func:`recognise` read and return the exit code.

    Errors end as they do through typer: a :class:`LawgovError` is one line on stderr in the
    user's (or the workspace's) language and exit 2; Ctrl-C exit 130; a closed pipe exit 1.
    """
    from lawgov_cli.cli.state import State

    def option(parameter: str) -> str | None:
        if parameter in found.globals:
            return found.globals[parameter]
        if parameter in _GLOBAL_ENV:  # as click reads an option's envvar: an empty one is unset
            return os.environ.get(_GLOBAL_ENV[parameter]) or None
        return None

    folder = option("dir")
    state = State(
        dir=Path(folder) if folder is not None else None, as_of=option("as_of"), lang=option("lang")
    )
    try:
        code = load()[found.command](state, **found.values)
        sys.stdout.flush()  # a closed pipe found here, not at exit
        return code
    except LawgovError as error:
        from lawgov_cli.fileio import strip_controls

        sys.stderr.write(f"lawgov: {strip_controls(error.render(state.error_language()))}\n")
        return EXIT_USAGE
    # As typer ends them (typer.core.main with standalone_mode=False):
    except KeyboardInterrupt:  # Ctrl-C: 130, as a shell reports an interrupted command
        return 130
    except EOFError:  # an answer that never came: a newline, then main's `lawgov: aborted`
        sys.stderr.write("\nlawgov: aborted\n")
        return EXIT_USAGE
    except OSError as error:
        if error.errno != errno.EPIPE:
            raise
        # `lawgov status | head`: the reader went away. Exit 1 with no traceback, and nothing
        # more written: what is still buffered goes nowhere.
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
        return 1
