"""Writing what a command produced (an export, a bulletin, a form) to the file ``-o`` names.

One call per output, so ``cli/`` never touches a file itself: the path is checked against the
workspace's own files (:func:`lawgov_cli.store.outputs.refuse_workspace_output`), a folder is
refused, and the bytes are written atomically (a reader sees the old file or the new one).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from lawgov_cli.errors import LawgovError, os_reason
from lawgov_cli.i18n import Lang, t
from lawgov_cli.model import Workspace

__all__ = ["export_forms", "write_output"]


def write_output(root: Path | None, output: Path, data: bytes | Iterable[bytes], lang: Lang) -> None:
    """Write ``data`` (bytes, or chunks one after the other) to ``output`` atomically; never one of
    the files of the workspace at ``root``, never over a folder."""
    from lawgov_cli.store.atomic import write_atomic_chunks
    from lawgov_cli.store.outputs import refuse_workspace_output

    if root is not None:
        refuse_workspace_output(root, output)
    if output.is_dir():
        raise LawgovError("err.write_failed", path=output, reason=t("err.is_directory", lang))
    write_atomic_chunks(output, [data] if isinstance(data, bytes) else data)


def export_forms(workspace: Workspace, dept: str | None, output: Path, as_of: date) -> list[Path]:
    """Write one department's fill-in form (``dept``) to ``output`` (a ``.xlsx`` file or a folder),
    or every department's into the folder ``output``; the paths written."""
    from lawgov_cli.forms import form_file_name
    from lawgov_cli.forms.export import form_xlsx
    from lawgov_cli.store.atomic import write_atomic
    from lawgov_cli.store.outputs import refuse_workspace_output

    refuse_workspace_output(workspace.root, output)
    if dept is not None:
        dept_id = workspace.department(dept).id
        target = output
        if output.is_dir():
            name = workspace.departments[dept_id].name
            target = output / form_file_name(dept_id, name, workspace.settings.plan_year)
        elif output.suffix.lower() != ".xlsx":
            raise LawgovError("err.form_output_xlsx", path=output)
        write_atomic(target, form_xlsx(workspace, dept_id, as_of))
        return [target]
    if output.exists() and not output.is_dir():
        raise LawgovError("err.form_output_dir", path=output)
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LawgovError("err.write_failed", path=output, reason=os_reason(exc)) from None
    written = []
    for shard in workspace.shards:
        if not len(shard) or shard.dept not in workspace.departments:
            continue  # a department deleted from the registry gets no form (check names its tasks)
        name = workspace.departments[shard.dept].name
        target = output / form_file_name(shard.dept, name, workspace.settings.plan_year)
        write_atomic(target, form_xlsx(workspace, shard.dept, as_of))
        written.append(target)
    return written
