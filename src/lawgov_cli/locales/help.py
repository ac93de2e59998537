"""The Chinese ``--help`` text (``help.zh.toml``), read only when help is shown."""

from __future__ import annotations

import tomllib
from pathlib import Path

HELP_FILE = Path(__file__).resolve().parent / "help.zh.toml"


def chinese_help() -> dict[str, str]:
    """Help id (``help.status``, ``help.status.dept``, ``help.*.on``) -> Chinese text."""
    with open(HELP_FILE, "rb") as handle:
        table = tomllib.load(handle)
    return {key: value for key, value in table.items() if isinstance(value, str)}
