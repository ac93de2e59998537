"""The ``lawgov`` command line: typer commands that parse options, call the core and render.

Exit codes (also in ``lawgov --help`` and README):
  0  success; for ``check``: nothing needs attention
  1  ``check`` found overdue tasks (or due-soon ones with ``--fail-on due-soon``); ``remind``
     could not deliver a department's reminder
  2  usage error or invalid input: one line on stderr naming the file, line and problem
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import typer

from lawgov_cli.cli.app import app
from lawgov_cli.errors import EXIT_USAGE, LawgovError

__all__ = ["COMMANDS", "app", "load_commands", "main"]

COMMANDS: dict[str, str] = {
    # In the order `lawgov --help` lists them: set up, look, change, the loop, share, documents.
    "init": "report_commands",
    "extract": "report_commands",
    "status": "status_commands",
    "check": "status_commands",
    "list": "task_commands",
    "show": "status_commands",
    "log": "status_commands",
    "start": "track_commands",
    "done": "track_commands",
    "reopen": "track_commands",
    "drop": "track_commands",
    "note": "track_commands",
    "record": "track_commands",
    "approve": "workflow_commands",
    "reject": "workflow_commands",
    "extend": "workflow_commands",
    "add": "workflow_commands",
    "assign": "workflow_commands",
    "target": "workflow_commands",
    "export": "export_commands",
    "import": "form_commands",
    "remind": "remind_commands",
    "bulletin": "document_commands",
    "report": "document_commands",
    "notice": "workflow_commands",
    "sync": "sync_commands",
}
"""Command -> the module that defines it (importing a module registers its commands on ``app``)."""


def load_commands(name: str | None = None) -> None:
    """Register ``name``'s command only, or every command when ``name`` is None or unknown.

    typer inspects every registered command's signature on each run; registering just the one
    being run keeps `lawgov status` close to the cost of importing typer itself.
    """
    import importlib

    modules = [COMMANDS[name]] if name in COMMANDS else sorted(set(COMMANDS.values()))
    for module in modules:
        importlib.import_module(f"lawgov_cli.cli.{module}")


def _command_name(args: list[str]) -> str | None:
    """The command word of hoisted ``args`` (global options and their values come first)."""
    index = 0
    while index < len(args):
        arg = args[index]
        if arg in _GLOBAL_WITH_VALUE:
            index += 2
            continue
        if arg.startswith("-"):
            return None  # --help, --version…: show everything
        return arg
    return None


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
    args = hoist_global_options(args)
    load_commands(_command_name(args))
    if argv is None:  # the process is ours (not a test calling main in its own process)
        # Everything imported so far lives until exit: keep it out of the collector's scans,
        # which otherwise walk every module object again each time a generation fills up; and a
        # city's 100,000 tasks are acyclic records: collect rarely while they are built.
        import gc

        gc.freeze()
        gc.set_threshold(100_000, 50, 100)
    try:
        result = app(args=args, standalone_mode=False, prog_name="lawgov")
    except LawgovError as error:  # raised outside a command (rare: option callbacks)
        from lawgov_cli.fileio import strip_controls

        sys.stderr.write(f"lawgov: {strip_controls(str(error))}\n")
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
