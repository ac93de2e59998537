"""The names commands import to change department files, gathered in one place.

Each lives in its own module: the department-file API (read its history, change it under the
lock) in :mod:`lawgov_cli.store.department`; the patcher that computes a file's new bytes while
keeping its layout, and reads them back before anything is written, in
:mod:`lawgov_cli.store.patch` (layout: :mod:`lawgov_cli.store.patch_layout`).
"""

from __future__ import annotations

from lawgov_cli.store.department import (
    append_tasks,
    apply_changes,
    edit_department_file,
    ensure_in_tasks_dir,
    ensure_in_workspace,
    read_history,
)
from lawgov_cli.store.patch import FieldChange, appended_bytes, edited_bytes, removed_bytes
from lawgov_cli.toml_records import history_table

__all__ = [
    "FieldChange",
    "append_tasks",
    "appended_bytes",
    "apply_changes",
    "edit_department_file",
    "edited_bytes",
    "ensure_in_tasks_dir",
    "ensure_in_workspace",
    "history_table",
    "read_history",
    "removed_bytes",
]
