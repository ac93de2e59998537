"""The ``lawgov`` command line: typer commands that parse options, call the core and render.

Exit codes (also in ``lawgov --help`` and README):
  0  success; for ``check``: nothing needs attention
  1  ``check`` found overdue tasks (or due-soon ones with ``--fail-on due-soon``)
  2  usage error or invalid input: one line on stderr naming the file, line and problem
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import typer

# Importing the command modules registers their commands on ``app``.
from lawgov_cli.cli import (  # noqa: F401  (imported for their side effect)
    document_commands,
    export_commands,
    report_commands,
    status_commands,
    sync_commands,
    task_commands,
    track_commands,
)
from lawgov_cli.cli.app import app
from lawgov_cli.errors import EXIT_USAGE, LawgovError

__all__ = ["app", "main"]


_GLOBAL_WITH_VALUE = ("--dir", "-d", "--as-of", "--lang")


def hoist_global_options(args: list[str]) -> list[str]:
    """Let global options follow the command: ``lawgov status --as-of 2024-07-01`` works like
    ``lawgov --as-of 2024-07-01 status``, which is how people type them."""
    front: list[str] = []
    rest: list[str] = []
    index = 0
    seen_command = False
    while index < len(args):
        arg = args[index]
        if arg == "--":
            rest.extend(args[index:])
            break
        name = arg.split("=", 1)[0]
        if seen_command and name in _GLOBAL_WITH_VALUE and ("=" in arg or index + 1 < len(args)):
            if "=" in arg:
                front.append(arg)
            else:
                front.extend(args[index : index + 2])
                index += 1
        else:
            if not arg.startswith("-") and not seen_command:
                # The first bare word after the global options is the command.
                previous = args[index - 1] if index else ""
                if previous.split("=", 1)[0] not in _GLOBAL_WITH_VALUE or "=" in previous:
                    seen_command = True
            rest.append(arg)
        index += 1
    if not front:
        return args
    return front + rest


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``lawgov`` script: every user error is one line on stderr and exit 2."""
    args = list(argv) if argv is not None else sys.argv[1:]
    if not args:
        args = ["--help"]  # bare `lawgov`: the help on stdout, exit 0
    try:
        result = app(args=hoist_global_options(args), standalone_mode=False, prog_name="lawgov")
    except LawgovError as error:  # raised outside a command (rare: option callbacks)
        sys.stderr.write(f"lawgov: {error}\n")
        sys.exit(EXIT_USAGE)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except typer.Abort:
        sys.stderr.write("lawgov: aborted\n")
        sys.exit(EXIT_USAGE)
    except typer.TyperException as usage:
        # Click-style usage errors ("No such option", "Missing argument"): one line, exit 2.
        message = usage.format_message() if hasattr(usage, "format_message") else str(usage)
        command = getattr(getattr(usage, "ctx", None), "command_path", "lawgov")
        sys.stderr.write(f"{command}: {' '.join(str(message).split())} (see {command} --help)\n")
        sys.exit(getattr(usage, "exit_code", EXIT_USAGE) or EXIT_USAGE)
    except BrokenPipeError:
        # `lawgov list | head`: the reader went away; that is not an error worth a traceback.
        sys.stderr.close()
        sys.exit(0)
    sys.exit(result if isinstance(result, int) else 0)
