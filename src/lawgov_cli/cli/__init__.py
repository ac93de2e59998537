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
from typing import Any, NoReturn

from lawgov_cli.cli.commands import COMMANDS
from lawgov_cli.cli.fast import GLOBAL_OPTIONS
from lawgov_cli.errors import EXIT_USAGE, LawgovError

__all__ = ["COMMANDS", "app", "load_commands", "main"]


def __getattr__(name: str) -> Any:
    """``app``, the typer application, imported on first use (``lawgov status`` never needs it)."""
    if name == "app":
        from lawgov_cli.cli.application import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    """The command word of ``args``: the first word that is not a global option or its value
    (global options given after it are taken by the group, see ``app.take_global_options``)."""
    index = 0
    while index < len(args):
        arg = args[index]
        if arg in GLOBAL_OPTIONS:
            index += 2
            continue
        if arg.startswith("-"):
            if arg.split("=", 1)[0] in GLOBAL_OPTIONS:
                index += 1
                continue
            return None  # --help, --version…: show everything
        return arg
    return None


def main(argv: Sequence[str] | None = None, *, fast: bool = True) -> None:
    """Entry point of the ``lawgov`` script: every user error is one line on stderr and exit 2.

    ``status``, ``check`` and ``done`` typed plainly run without typer (:mod:`lawgov_cli.cli.fast`);
    ``fast=False`` sends them through typer too (the tests compare the two)."""
    args = list(argv) if argv is not None else sys.argv[1:]
    if not args:
        args = ["--help"]  # bare `lawgov`: the help on stdout, exit 0
    from lawgov_cli.cli import fast as fast_path

    found = fast_path.recognise(args) if fast else None
    if found is None:
        load_commands(_command_name(args))
    else:
        fast_path.load()
    if argv is None:  # the process is ours (not a test calling main in its own process)
        # Everything imported so far lives until exit: keep it out of the collector's scans,
        # which otherwise walk every module object again each time a generation fills up; and a
        # city's 100,000 tasks are acyclic records: collect rarely while they are built.
        import gc

        gc.freeze()
        gc.set_threshold(100_000, 50, 100)
    if found is None:
        _main_typer(args)
    sys.exit(fast_path.run(found))


def _reader_gone() -> NoReturn:
    """`lawgov list | head`: the reader went away; that is not an error worth a traceback."""
    sys.stderr.close()
    sys.exit(0)


def _main_typer(args: list[str]) -> NoReturn:
    import typer

    from lawgov_cli.cli.application import app

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
        # Click-style usage errors ("No such option", "Missing argument"): one line, exit 2;
        # a value outside an option's choices in the user's (or the workspace's) language.
        message = usage.format_message() if hasattr(usage, "format_message") else str(usage)
        context = getattr(usage, "ctx", None)
        command = getattr(context, "command_path", "lawgov")
        from lawgov_cli.cli.application import error_language
        from lawgov_cli.cli.choices import choice_error
        from lawgov_cli.cli.usage_errors import usage_message
        from lawgov_cli.fileio import strip_controls
        from lawgov_cli.i18n import t

        lang = error_language(context, on_workspace=getattr(context, "info_name", "") not in ("init", "extract"))
        translated = choice_error(getattr(usage, "param", None), str(getattr(usage, "message", "")))
        if translated is not None:
            sys.stderr.write(f"lawgov: {strip_controls(translated.render(lang))}\n")
            sys.exit(EXIT_USAGE)
        said = usage_message(usage, lang) or " ".join(str(message).split())
        sys.stderr.write(f"{command}: {strip_controls(t('usage.see_help', lang, message=said, command=command))}\n")
        sys.exit(getattr(usage, "exit_code", EXIT_USAGE) or EXIT_USAGE)
    except BrokenPipeError:
        _reader_gone()
    sys.exit(result if isinstance(result, int) else 0)
