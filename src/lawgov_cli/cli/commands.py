"""Every command of ``lawgov`` and the module that defines it, in the order ``lawgov --help``
lists them. Read by the app (help order) and by ``cli.load_commands`` (load only the command
being run), so neither imports the other."""

from __future__ import annotations

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
