"""Importing filled-in forms (填报表): the use case behind ``lawgov import``.

The forms were read and checked on their own by :func:`lawgov_cli.forms.read.read_form`; here,
under the workspace lock and on the files as they are now, :func:`lawgov_cli.forms.plan.plan_import`
computes every change (pure), the ledger's rules are applied as for any change (a status change
may not be dated before the task's last one; earlier hand edits of a touched task are recorded
first), and every touched department file is written as one change — all forms or none.
"""

from __future__ import annotations

from collections.abc import Sequence

from lawgov_cli.errors import LawgovError
from lawgov_cli.forms.plan import ImportPlan, plan_import
from lawgov_cli.forms.read import Form
from lawgov_cli.ledger import changes_status
from lawgov_cli.session import Session
from lawgov_cli.usecases.tasks import _last_status_day, _render, hand_entries


def import_forms(session: Session, forms: Sequence[Form], *, dry_run: bool = False) -> ImportPlan:
    """Apply ``forms`` (or, with ``dry_run``, only compute what they would change)."""
    from lawgov_cli.store.lock import workspace_lock
    from lawgov_cli.store.transaction import Changed, commit, roll_forward

    with workspace_lock(session.root):
        roll_forward(session.root)
        for _attempt in range(5):
            workspace = session.workspace(save_cache=False, fresh=True, to_edit=True)
            at = session.now()
            plan = plan_import(workspace, list(forms), session.actor, at, session.as_of)
            for planned in plan.tasks:
                entries = workspace.history_of(planned.task)
                last = _last_status_day(entries)
                if (
                    last is not None
                    and planned.on < last
                    and any(changes_status(h) for h in planned.edit.history)
                ):
                    raise LawgovError(
                        "err.form_before_last_change",
                        path=planned.source,
                        cell=planned.cell,
                        id=planned.task.id,
                        on=planned.on.isoformat(),
                        last=last.isoformat(),
                    )
                hand = hand_entries(session, planned.task, entries, at, planned.on)
                planned.edit.history[:0] = hand
                planned.hand = len(hand)
            if dry_run or not plan:
                return plan
            writes, expect = _render(session.root, workspace, plan.edits)
            try:
                commit(session.root, writes, expect)
            except Changed:
                continue  # a file was saved by hand meanwhile: read it again and plan again
            return plan
    raise LawgovError("err.workspace_busy", path=session.root, seconds=0)


__all__ = ["import_forms"]
