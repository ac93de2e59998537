"""``lawgov remind``: one message per department with red or yellow items, by mail and/or robot."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated

import typer

from lawgov_cli.cli.app import command, state_of
from lawgov_cli.cli.output import echo, echo_err
from lawgov_cli.errors import EXIT_ATTENTION, LawgovError
from lawgov_cli.i18n import Lang, t

if TYPE_CHECKING:
    from lawgov_cli.model import MailSettings
    from lawgov_cli.remind.compose import Reminder


def _channels(reminder: Reminder) -> list[tuple[str, str]]:
    """(kind, target) of every channel of the department: ``("mail", "")``, ``("wecom", url)``…"""
    from lawgov_cli.remind.compose import webhook_kind

    dept = reminder.dept
    out: list[tuple[str, str]] = [("mail", "")] if dept.email else []
    out += [(webhook_kind(url, dept.webhook_kind), url) for url in dept.webhook]
    return out


def _channel_text(kind: str, target: str, reminder: Reminder, lang: Lang) -> str:
    from urllib.parse import urlsplit

    if kind == "mail":
        return t("remind.to_mail", lang, to=", ".join(reminder.dept.email))
    return t(
        "remind.to_webhook", lang, kind=t(f"remind.kind.{kind}", lang), host=urlsplit(target).hostname or "?"
    )


def _check_configuration(reminders: list[Reminder], mail: MailSettings | None, dry_run: bool) -> str | None:
    """Exit 2 before anything is sent when mail is needed but cannot be sent; the password."""
    from lawgov_cli.remind.send import PASSWORD_ENV

    needing = [r for r in reminders if r.dept.email]
    if not needing:
        return None
    if mail is None:
        raise LawgovError("err.mail_not_configured", dept=needing[0].dept.name)
    password = os.environ.get(PASSWORD_ENV)
    if mail.username and not password and not dry_run:
        raise LawgovError("err.mail_password_missing", env=PASSWORD_ENV)
    return password


@command("remind")
def remind_cmd(
    ctx: typer.Context,
    dept: Annotated[
        str | None, typer.Option("--dept", help="Only this department (id, name or alias).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what would be sent to whom; send nothing.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Remind departments already reminded today again.")
    ] = False,
) -> None:
    """Remind each department with overdue (红灯) or due-soon (黄灯) tasks: one message, by mail
    (departments.toml `email`, lawgov.toml [mail]) and/or group robot (`webhook`: 企业微信, 钉钉).

    A department reminded today is skipped unless --force (send log: .lawgov-sent.toml).
    Exit 0 all sent, 1 any failed (one line each on stderr), 2 bad configuration.

    Example: lawgov remind --dry-run
    """
    from lawgov_cli.forms import form_file_name
    from lawgov_cli.forms.export import form_xlsx
    from lawgov_cli.progress import evaluate
    from lawgov_cli.remind.compose import compose, webhook_payload
    from lawgov_cli.remind.send import SendError, attach, build_message, post_webhook, send_mail
    from lawgov_cli.store.sendlog import channel_key, read_sent_log, record_sent

    state = state_of(ctx)
    workspace = state.load()
    lang = state.language(workspace)
    today = state.today(workspace)
    dept_id = workspace.department(dept).id if dept else None
    reminders = compose(workspace, evaluate(workspace, today, dept=dept_id), lang, dept_id)
    mail = workspace.settings.mail
    password = _check_configuration(reminders, mail, dry_run)
    if not reminders:
        echo(t("msg.remind_none", lang, as_of=today))
        return
    log = read_sent_log(workspace.root)
    office = next((d.name for d in workspace.departments.values() if d.lead), "")
    office = " ".join(office.split())  # the sender's display name: one header line
    counts = {"sent": 0, "skipped": 0, "failed": 0}
    for reminder in reminders:
        name = reminder.dept.name
        channels = _channels(reminder)
        if not channels:
            echo_err(t("warn.remind_no_contact", lang, dept=name))
            counts["skipped"] += 1
            continue
        entry = log.get(reminder.dept.id)
        already = set(entry.channels) if entry is not None and entry.on == today and not force else set()
        pending = [(kind, target) for kind, target in channels if channel_key(kind, target) not in already]
        if not pending:
            echo(t("msg.remind_skipped", lang, dept=name, on=today))
            counts["skipped"] += 1
            continue
        described = "；".join(_channel_text(kind, target, reminder, lang) for kind, target in pending)
        form_name = form_file_name(reminder.dept.id, name, workspace.settings.plan_year)
        if dry_run:
            echo(t("msg.remind_would_send", lang, dept=name, channels=described))
            echo(t("msg.remind_subject", lang, subject=reminder.subject))
            if any(kind == "mail" for kind, _ in pending):
                echo(t("msg.remind_attachment", lang, name=form_name))
            echo("")
            echo(reminder.text)
            continue
        sent: list[str] = []
        failed = False
        for kind, target in pending:
            try:
                if kind == "mail":
                    assert mail is not None  # checked above
                    message = build_message(
                        mail, reminder.dept.email, reminder.subject, reminder.text, sender_name=office
                    )
                    # The department's form as of today: what the mail asks them to fill in and send back.
                    attach(
                        message, form_xlsx(state.session().workspace(), reminder.dept.id, today), form_name
                    )
                    send_mail(mail, password, message)
                else:
                    post_webhook(target, webhook_payload(reminder, kind))
            except SendError as error:
                echo_err(t("err.remind_failed", lang, dept=name, reason=str(error)))
                failed = True
                continue
            sent.append(channel_key(kind, target))
        if sent:
            record_sent(workspace.root, reminder.dept.id, today, sent)
        if failed:
            counts["failed"] += 1
        else:
            counts["sent"] += 1
            echo(t("msg.remind_sent", lang, dept=name, channels=described))
    if dry_run:
        echo(t("msg.remind_dry_run", lang))
        return
    echo(t("msg.remind_summary", lang, **counts))
    if counts["failed"]:
        raise typer.Exit(EXIT_ATTENTION)
