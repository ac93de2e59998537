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

from lawgov_cli.cli.app import app
from lawgov_cli.errors import EXIT_USAGE, LawgovError

# Importing the command modules registers their commands on ``app``.
from lawgov_cli.cli import report_commands, task_commands  # noqa: F401  isort: skip

__all__ = ["app", "main"]


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``lawgov`` script: every user error is one line on stderr and exit 2."""
    try:
        result = app(args=list(argv) if argv is not None else None, standalone_mode=False, prog_name="lawgov")
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
