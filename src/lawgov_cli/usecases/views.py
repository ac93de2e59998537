"""Read-only queries behind the views that need more than ``progress.evaluate``: the history log,
the removed-department warning, the bulletin's history. ``cli/`` calls these instead of reading
files or resolving time zones itself.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo

from lawgov_cli.errors import LawgovError
from lawgov_cli.model import HistoryEntry, Workspace

__all__ = ["history_log", "removed_owner_error"]


def history_log(
    workspace: Workspace, as_of: date, *, task_id: str | None = None, dept: str | None = None, limit: int = 50
) -> list[HistoryEntry]:
    """The history entries effective by ``as_of`` (of one task, or one department's file), newest
    first by the moment each ``at`` names (offsets differ when the time zone was changed); entries
    of the same second keep their reverse file order (last written first). At most ``limit``."""
    from lawgov_cli.store.edit import read_history

    files = dict(workspace.files)
    wanted = None
    if task_id:
        task = workspace.task(task_id)
        wanted = task.id
        files = {task.owner: workspace.files[task.owner]}
    if dept:
        dept_id = workspace.department(dept).id
        files = {k: v for k, v in files.items() if k == dept_id}
    entries = [
        e
        for path in files.values()
        for e in read_history(path)
        if (wanted is None or e.task == wanted) and e.day <= as_of
    ]
    order = {id(e): n for n, e in enumerate(entries)}
    zone = _zone(workspace.settings.timezone)
    entries.sort(key=lambda e: (_moment(e.at, zone), order[id(e)]), reverse=True)
    return entries[:limit]


def removed_owner_error(workspace: Workspace) -> LawgovError | None:
    """The one-line error for a department deleted from the registry while it still owns tasks."""
    from lawgov_cli.store.load import removed_department_error

    return removed_department_error(workspace)


def _zone(name: str) -> tzinfo:
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo(name)
    except (LookupError, ValueError):
        return UTC


def _moment(at: str, zone: tzinfo) -> float:
    """Seconds since the epoch of a history ``at`` (no offset: the workspace's); unreadable: oldest."""
    try:
        moment = datetime.fromisoformat(at.strip())
    except ValueError:
        return float("-inf")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.timestamp()
