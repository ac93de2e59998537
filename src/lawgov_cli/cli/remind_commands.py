"""``lawgov remind``: one message per department with red or yellow items, by mail and/or robot."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated

import typer

from lawgov_cli.cli.application import command, state_of
from lawgov_cli.cli.output import echo, echo_err
from lawgov_cli.errors import EXIT_ATTENTION, LawgovError
from lawgov_cli.i18n import Lang, t

if TYPE_CHECKING:
    from lawgov_cli.model import MailSettings
    from lawgov_cli.remind.compose import Reminder


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
        bool,
        typer.Option("--force", help="Remind departments already reminded today again; send on a rest day too."),
    ] = False,
) -> None:
    """Remind each department with overdue (红灯) or due-soon (黄灯) tasks: one message, by mail
    (departments.toml `email`, lawgov.toml [mail]) and/or group robot (`webhook`: 企业微信, 钉钉).

    A department reminded today is skipped unless --force (send log: .lawgov-sent.toml); on a rest
    day (a weekend or a holiday of [calendar] in lawgov.toml) nothing is sent unless --force.
    Exit 0 all sent, 1 any failed (one line each on stderr), 2 bad configuration.

    Example: lawgov remind --dry-run
    """
    from lawgov_cli.progress import evaluate
    from lawgov_cli.remind.compose import compose
    from lawgov_cli.usecases.remind import deliver

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
    if not workspace.settings.calendar.is_working_day(today) and not force:
        # A robot ping on a Sunday or in the Spring Festival week: cron runs daily, offices do not.
        echo(t("msg.remind_rest_day", lang, on=today))
        if not dry_run:
            return
    counts = {"sent": 0, "skipped": 0, "failed": 0}
    files_now = state.session().workspace()
    deliveries = deliver(
        workspace, files_now, reminders, today, mail=mail, password=password, force=force, dry_run=dry_run
    )
    for delivery in deliveries:
        reminder = delivery.reminder
        name = reminder.dept.name
        described = "；".join(_channel_text(kind, target, reminder, lang) for kind, target in delivery.channels)
        if delivery.outcome == "no_contact":
            echo_err(t("warn.remind_no_contact", lang, dept=name))
            counts["skipped"] += 1
        elif delivery.outcome == "skipped":
            echo(t("msg.remind_skipped", lang, dept=name, on=today))
            counts["skipped"] += 1
        elif delivery.outcome == "dry_run":
            echo(t("msg.remind_would_send", lang, dept=name, channels=described))
            echo(t("msg.remind_subject", lang, subject=reminder.subject))
            if any(kind == "mail" for kind, _ in delivery.channels):
                echo(t("msg.remind_attachment", lang, name=delivery.form_name))
            echo("")
            echo(reminder.text)
        else:
            for reason in delivery.errors:
                echo_err(t("err.remind_failed", lang, dept=name, reason=reason))
            counts[delivery.outcome] += 1
            if delivery.outcome == "sent":
                echo(t("msg.remind_sent", lang, dept=name, channels=described))
    if dry_run:
        echo(t("msg.remind_dry_run", lang))
        return
    echo(t("msg.remind_summary", lang, **counts))
    if counts["failed"]:
        raise typer.Exit(EXIT_ATTENTION)
