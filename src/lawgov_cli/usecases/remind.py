"""Delivering reminders: the use case behind ``lawgov remind``.

For each department's :class:`~lawgov_cli.remind.compose.Reminder` (composed from the same
progress every view shows): its channels (mail to ``email``, each ``webhook``), the ones not yet
used today according to the send log ``.lawgov-sent.toml`` (all of them with ``force``), then —
unless ``dry_run`` — the mail with the department's fill-in form attached and the robot posts,
each success recorded in the send log under the workspace lock so a second run skips it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from lawgov_cli.model import MailSettings, Workspace
from lawgov_cli.remind.compose import Reminder

__all__ = ["Delivery", "channels_of", "deliver"]

Outcome = Literal["no_contact", "skipped", "dry_run", "sent", "failed"]


@dataclass(slots=True)
class Delivery:
    """What happened to one department's reminder."""

    reminder: Reminder
    outcome: Outcome
    channels: list[tuple[str, str]] = field(default_factory=list)
    """(kind, target) of the channels used (or, in a dry run, that would be): ``("mail", "")``…"""
    errors: list[str] = field(default_factory=list)
    """Why a channel failed, one reason each."""
    form_name: str = ""
    """The file name of the attached fill-in form."""


def channels_of(reminder: Reminder) -> list[tuple[str, str]]:
    """(kind, target) of every channel of the department: ``("mail", "")``, ``("wecom", url)``…"""
    from lawgov_cli.remind.compose import webhook_kind

    dept = reminder.dept
    out: list[tuple[str, str]] = [("mail", "")] if dept.email else []
    out += [(webhook_kind(url, dept.webhook_kind), url) for url in dept.webhook]
    return out


def deliver(
    workspace: Workspace,
    files_now: Workspace,
    reminders: list[Reminder],
    today: date,
    *,
    mail: MailSettings | None,
    password: str | None,
    force: bool = False,
    dry_run: bool = False,
) -> Iterator[Delivery]:
    """Send (or, with ``dry_run``, only plan) each reminder; one :class:`Delivery` per department,
    yielded as soon as its channels are done. ``files_now`` is the workspace as its files are now
    (the form attached shows, and its snapshot keeps, what an import will compare with)."""
    from lawgov_cli.forms import form_file_name
    from lawgov_cli.store.sendlog import channel_key, read_sent_log, record_sent

    log = read_sent_log(workspace.root)
    office = next((d.name for d in workspace.departments.values() if d.lead), "")
    office = " ".join(office.split())  # the sender's display name: one header line
    for reminder in reminders:
        channels = channels_of(reminder)
        if not channels:
            yield Delivery(reminder, "no_contact")
            continue
        entry = log.get(reminder.dept.id)
        already = set(entry.channels) if entry is not None and entry.on == today and not force else set()
        pending = [(kind, target) for kind, target in channels if channel_key(kind, target) not in already]
        if not pending:
            yield Delivery(reminder, "skipped")
            continue
        form_name = form_file_name(reminder.dept.id, reminder.dept.name, workspace.settings.plan_year)
        if dry_run:
            yield Delivery(reminder, "dry_run", pending, form_name=form_name)
            continue
        sent: list[str] = []
        errors = _send(files_now, reminder, pending, today, mail, password, office, form_name, sent)
        if sent:
            record_sent(workspace.root, reminder.dept.id, today, sent)
        yield Delivery(reminder, "failed" if errors else "sent", pending, errors, form_name)


def _send(
    files_now: Workspace,
    reminder: Reminder,
    pending: list[tuple[str, str]],
    today: date,
    mail: MailSettings | None,
    password: str | None,
    office: str,
    form_name: str,
    sent: list[str],
) -> list[str]:
    from lawgov_cli.forms.export import form_xlsx
    from lawgov_cli.remind.compose import webhook_payload
    from lawgov_cli.remind.send import SendError, attach, build_message, post_webhook, send_mail
    from lawgov_cli.store.sendlog import channel_key

    errors: list[str] = []
    for kind, target in pending:
        try:
            if kind == "mail":
                assert mail is not None  # the command checked the configuration first
                message = build_message(
                    mail, reminder.dept.email, reminder.subject, reminder.text, sender_name=office
                )
                # The department's form as of today: what the mail asks them to fill in and send back.
                attach(message, form_xlsx(files_now, reminder.dept.id, today), form_name)
                send_mail(mail, password, message)
            else:
                post_webhook(target, webhook_payload(reminder, kind))
        except SendError as error:
            errors.append(str(error))
            continue
        sent.append(channel_key(kind, target))
    return errors
