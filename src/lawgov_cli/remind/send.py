"""Deliver reminders: mail through SMTP, posts to group-robot webhooks.  The only I/O of reminders.

Every network call has a bounded time-out (:data:`TIMEOUT`); every failure becomes a
:class:`SendError` with one line of text, so the caller can report it and go on with the next
department.  The SMTP password comes from the environment only (``LAWGOV_SMTP_PASSWORD``).
"""

from __future__ import annotations

import json
import ssl
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from typing import Any

from lawgov_cli.model import MailSettings

TIMEOUT = 10.0
"""Seconds for connecting and for each read or write of one delivery."""

PASSWORD_ENV = "LAWGOV_SMTP_PASSWORD"


class SendError(Exception):
    """A delivery that failed; ``str()`` is one line for stderr."""


def _one_line(text: str) -> str:
    return " ".join(str(text).split())[:300]


def build_message(
    mail: MailSettings, to: list[str], subject: str, body: str, sender_name: str = ""
) -> EmailMessage:
    """A UTF-8 ``text/plain`` message; the Chinese subject is RFC 2047-encoded by ``email``."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = formataddr((sender_name, mail.sender)) if sender_name else mail.sender
    message["To"] = ", ".join(to)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=mail.sender.rsplit("@", 1)[-1])
    message.set_content(body, charset="utf-8")
    return message


XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def attach(message: EmailMessage, data: bytes, filename: str) -> None:
    """Attach an XLSX (the department's fill-in form); a Chinese file name is RFC 2231-encoded."""
    message.add_attachment(data, maintype=XLSX_TYPE[0], subtype=XLSX_TYPE[1], filename=filename)


def send_mail(mail: MailSettings, password: str | None, message: EmailMessage) -> None:
    """Deliver ``message`` through ``mail``'s server (STARTTLS and login when configured)."""
    import smtplib

    try:
        if mail.port == 465:  # implicit TLS (SMTPS), as many Chinese providers offer
            connection: smtplib.SMTP = smtplib.SMTP_SSL(
                mail.host, mail.port, timeout=TIMEOUT, context=ssl.create_default_context()
            )
        else:
            connection = smtplib.SMTP(mail.host, mail.port, timeout=TIMEOUT)
        with connection as smtp:
            smtp.ehlo()
            if mail.starttls and mail.port != 465:
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if mail.username:
                smtp.login(mail.username, password or "")
            refused = smtp.send_message(message)
    except smtplib.SMTPResponseException as exc:
        detail = (
            exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        )
        raise SendError(f"SMTP {mail.host}:{mail.port}: {exc.smtp_code} {_one_line(detail)}") from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise SendError(f"SMTP {mail.host}:{mail.port}: refused {', '.join(exc.recipients)}") from None
    except (smtplib.SMTPException, OSError, ssl.SSLError, ValueError) as exc:
        raise SendError(
            f"SMTP {mail.host}:{mail.port}: {_one_line(str(exc) or type(exc).__name__)}"
        ) from None
    if refused:
        raise SendError(f"SMTP {mail.host}:{mail.port}: refused {', '.join(refused)}")


def post_webhook(url: str, payload: dict[str, Any]) -> None:
    """POST ``payload`` as JSON; a non-2xx answer or a JSON ``errcode`` other than 0 is a failure."""
    import urllib.error
    import urllib.request
    from urllib.parse import urlsplit

    where = urlsplit(url).hostname or "webhook"  # never the full URL: its key is a secret
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url, data=data, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            answer = response.read(65536)
    except urllib.error.HTTPError as exc:
        raise SendError(f"webhook {where}: HTTP {exc.code} {_one_line(exc.reason)}") from None
    except (TimeoutError, urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SendError(f"webhook {where}: {_one_line(str(reason) or type(exc).__name__)}") from None
    try:
        document = json.loads(answer.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return  # a 2xx answer that is not JSON: accepted (a generic webhook relay)
    if isinstance(document, dict) and document.get("errcode", 0) not in (0, "0"):
        message = _one_line(str(document.get("errmsg", "")))
        raise SendError(f"webhook {where}: errcode {document.get('errcode')} {message}".rstrip())


__all__ = ["PASSWORD_ENV", "TIMEOUT", "SendError", "attach", "build_message", "post_webhook", "send_mail"]
