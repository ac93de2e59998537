"""Reading the workspace's settings (``lawgov.toml``) and its registry (``departments.toml``).

Every problem is a ``LawgovError`` naming the file, and the line where it can be known.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from lawgov_cli.errors import LawgovError
from lawgov_cli.model import (
    KINDS,
    WEBHOOK_KINDS,
    WINDOWS_RESERVED_NAMES,
    Department,
    DuePolicy,
    MailSettings,
    Settings,
    WorkCalendar,
    Workflow,
    is_valid_department_id,
    meant_by,
)
from lawgov_cli.store.tomlfile import check_schema


def settings_from_toml(doc: dict[str, Any], path: Path) -> Settings:
    check_schema(doc, path)
    try:
        policy_raw = doc.get("due_policy", {})
        policy = DuePolicy(**{k: str(v) for k, v in policy_raw.items() if k in DuePolicy.__slots__})
        for kind in DuePolicy.__slots__:
            value = getattr(policy, kind)
            if not re.fullmatch(r"(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", value):
                raise LawgovError(
                    "err.bad_field", path=path, field=f"due_policy.{kind}", problem="problem.mm_dd"
                )
        plan_year = doc["plan_year"]
        if not isinstance(plan_year, int) or not 2000 <= plan_year <= 2100:
            raise LawgovError("err.bad_year", path=path, option="plan_year", value=plan_year)
        due_soon = doc.get("due_soon_days", 14)
        if not isinstance(due_soon, int) or isinstance(due_soon, bool) or due_soon < 0:
            raise LawgovError(
                "err.bad_field", path=path, field="due_soon_days", problem="problem.non_negative"
            )
        lang = doc.get("lang", "")
        if not isinstance(lang, str) or (lang.strip() and not lang.strip().lower().startswith(("zh", "en"))):
            raise LawgovError("err.bad_lang", path=path, lang=lang)
        lang = lang.strip().lower()[:2]  # zh_CN, en-GB: the language lawgov speaks
        source = doc.get("source", {})
        workflow = workflow_from_toml(doc.get("workflow", {}), path)
        office = doc.get("office", "")
        if not isinstance(office, str):
            raise LawgovError("err.bad_field", path=path, field="office", problem="problem.text")
        return Settings(
            region=str(doc.get("region", "")),
            plan_year=plan_year,
            title=str(doc.get("title", "")),
            source_path=str(source.get("path", "")),
            source_sha256=str(source.get("sha256", "")),
            lang=lang,  # empty: the reader's locale decides
            timezone=str(doc.get("timezone", "Asia/Shanghai")),
            due_soon_days=due_soon,
            due_policy=policy,
            mail=mail_from_toml(doc.get("mail"), path),
            workflow=workflow,
            office=office,
            calendar=calendar_from_toml(doc["calendar"], path) if "calendar" in doc else WorkCalendar(),
        )
    except KeyError as exc:
        raise LawgovError("err.bad_field", path=path, field=str(exc.args[0]), problem="problem.missing") from None
    except (AttributeError, TypeError):
        raise LawgovError(
            "err.bad_field", path=path, field="lawgov.toml", problem="problem.structure"
        ) from None


def calendar_from_toml(raw: Any, path: Path) -> WorkCalendar:
    """``[calendar]``: ``holidays`` and ``workdays``, lists of dates (``2024-10-01`` or
    ``"2024-10-01"``); a day in both is an error (which one is meant?)."""
    if not isinstance(raw, dict):
        raise LawgovError("err.bad_field", path=path, field="calendar", problem="problem.table")
    days: dict[str, frozenset[date]] = {}
    for key in ("holidays", "workdays"):
        values = raw.get(key, [])
        if not isinstance(values, list):
            raise LawgovError("err.bad_field", path=path, field=f"calendar.{key}", problem="problem.date_list")
        days[key] = frozenset(_calendar_day(value, key, path) for value in values)
    both = sorted(days["holidays"] & days["workdays"])
    if both:
        raise LawgovError("err.calendar_both", path=path, day=both[0].isoformat())
    return WorkCalendar(holidays=days["holidays"], workdays=days["workdays"], kept=True)


def _calendar_day(value: Any, key: str, path: Path) -> date:
    """One day of ``[calendar]``: a TOML date, or an ISO date quoted by hand."""
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:  # 2024-02-30: said below as it was written
            pass
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    raise LawgovError(
        "err.bad_field_got", path=path, field=f"calendar.{key}", problem="problem.date_list",
        value=value.isoformat() if hasattr(value, "isoformat") else value,
    )


_ADDRESS = r"^[^@\s<>,;\"']+@[^@\s<>,;\"']+\.[^@\s<>,;\"']+$"
"""One plain address, ``name@host.tld``: nothing that could smuggle a second header or recipient."""
_HOST = r"^[A-Za-z0-9._:\[\]-]+$"  # both compiled on first use: only [mail] needs them


def is_mail_address(value: str) -> bool:
    return bool(re.match(_ADDRESS, value))


def mail_from_toml(raw: Any, path: Path) -> MailSettings | None:
    """``[mail]`` of lawgov.toml: host, port, sender, starttls, username (never a password)."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise LawgovError("err.bad_field", path=path, field="mail", problem="problem.mail_table")
    if "password" in raw:
        raise LawgovError("err.mail_password_in_file", path=path)
    host = raw.get("host")
    if not isinstance(host, str) or not re.match(_HOST, host):
        raise LawgovError("err.bad_field", path=path, field="mail.host", problem="problem.host")
    sender = raw.get("sender")
    if not isinstance(sender, str) or not is_mail_address(sender):
        raise LawgovError("err.bad_field", path=path, field="mail.sender", problem="problem.mail_address")
    starttls = raw.get("starttls", True)
    if not isinstance(starttls, bool):
        raise LawgovError("err.bad_field", path=path, field="mail.starttls", problem="problem.bool")
    port = raw.get("port", 587 if starttls else 25)
    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
        raise LawgovError("err.bad_field", path=path, field="mail.port", problem="problem.port")
    username = raw.get("username", "")
    if not isinstance(username, str) or any(ch in username for ch in "\r\n"):
        raise LawgovError("err.bad_field", path=path, field="mail.username", problem="problem.text")
    return MailSettings(host=host, sender=sender, port=port, starttls=starttls, username=username)


def _contacts(entry: dict[str, Any], key: str, path: Path, dept_id: str) -> list[str]:
    """``email``/``webhook`` of a department: one text or a list of texts, each checked."""
    value = entry.get(key, [])
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise LawgovError(
            "err.bad_field", path=path, field=f"{dept_id}.{key}", problem="problem.text_or_list"
        )
    out = [v.strip() for v in values if v.strip()]
    for item in out:
        if key == "email" and not is_mail_address(item):
            raise LawgovError("err.bad_contact", path=path, field=f"{dept_id}.email", value=item)
        if key == "webhook" and (
            not re.match(r"^https?://[^\s/?#]+", item) or any(ch.isspace() or ord(ch) < 32 for ch in item)
        ):
            raise LawgovError("err.bad_contact", path=path, field=f"{dept_id}.webhook", value=item)
    return out


def workflow_from_toml(raw: Any, path: Path) -> Workflow:
    """``[workflow]``: ``review`` (true/false), ``grace_days`` and ``reply_days`` (whole days)."""
    if not isinstance(raw, dict):
        raise LawgovError("err.bad_field", path=path, field="workflow", problem="problem.table")
    review = raw.get("review", False)
    if not isinstance(review, bool):
        raise LawgovError(
            "err.bad_field", path=path, field="workflow.review", problem="problem.bool"
        )
    days: dict[str, int] = {}
    for key, default in (("grace_days", 15), ("reply_days", 7)):
        value = raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3650:
            raise LawgovError(
                "err.bad_field", path=path, field=f"workflow.{key}", problem="problem.days"
            )
        days[key] = value
    return Workflow(review=review, grace_days=days["grace_days"], reply_days=days["reply_days"])


def bad_department_id(path: Path, value: Any, line: int | None = None) -> LawgovError:
    """The error for a department id that cannot be a file name ``tasks/<id>.toml``."""
    if isinstance(value, str) and value.lower() in WINDOWS_RESERVED_NAMES:
        return LawgovError("err.reserved_department_id", path=path, line=line, id=value)
    return LawgovError("err.bad_department_id", path=path, line=line, id=value)


def _id_lines(text: str | None, value: Any) -> list[int]:
    """Lines of ``id = "<value>"`` in ``text`` (for registry errors); empty when unknown."""
    if text is None or not isinstance(value, str):
        return []
    pattern = re.compile(rf"^\s*id\s*=\s*[\"']{re.escape(value)}[\"']", re.MULTILINE)
    return [text.count("\n", 0, m.start()) + 1 for m in pattern.finditer(text)]


def departments_from_toml(doc: dict[str, Any], path: Path, text: str | None = None) -> dict[str, Department]:
    """The registry ``departments.toml``; ``text`` (the file's text) lets errors name their line."""
    check_schema(doc, path)
    entries = doc.get("departments")
    if not isinstance(entries, list) or not entries:
        raise LawgovError(
            "err.bad_field", path=path, field="departments", problem="problem.departments_entries"
        )
    out: dict[str, Department] = {}
    for entry in entries:
        if not isinstance(entry, dict):
            raise LawgovError("err.bad_field", path=path, field="departments", problem="problem.tables")
        dept_id = entry.get("id")
        if not isinstance(dept_id, str) or not is_valid_department_id(dept_id):
            raise bad_department_id(path, dept_id, next(iter(_id_lines(text, dept_id)), None))
        if dept_id in out:
            lines = _id_lines(text, dept_id)
            line = lines[1] if len(lines) > 1 else None
            raise LawgovError("err.duplicate_department", path=path, line=line, id=dept_id)
        name = entry.get("name", dept_id)
        if not isinstance(name, str) or not name.strip():
            raise LawgovError(
                "err.bad_field", path=path, line=next(iter(_id_lines(text, dept_id)), None),
                field=f"{dept_id}.name", problem="problem.text",
            )
        lists = {}
        for key in ("aliases", "keywords", "kinds"):
            value = entry.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise LawgovError(
                    "err.bad_field", path=path, field=f"{dept_id}.{key}", problem="problem.text_list"
                )
            lists[key] = value
        line = next(iter(_id_lines(text, dept_id)), None)
        for kind_word in lists["kinds"]:
            if kind_word not in KINDS:
                meant = meant_by("kind", kind_word)
                if meant is not None:
                    raise LawgovError(
                        "err.field_word", path=path, line=line, field="kinds", word=kind_word, meant=meant,
                        ids=", ".join(KINDS),
                    )
                raise LawgovError("err.unknown_kind", path=path, line=line, kind=kind_word)
        lead = entry.get("lead", False)
        if not isinstance(lead, bool):
            raise LawgovError("err.bad_field", path=path, line=line, field=f"{dept_id}.lead", problem="problem.bool")
        kind = entry.get("webhook_kind", "")
        if kind not in ("", *WEBHOOK_KINDS):
            raise LawgovError(
                "err.bad_field",
                path=path,
                field=f"{dept_id}.webhook_kind",
                problem="problem.webhook_kind",
            )
        out[dept_id] = Department(
            id=dept_id,
            name=str(name),
            aliases=lists["aliases"],
            keywords=lists["keywords"],
            lead=lead,
            kinds=lists["kinds"],
            email=_contacts(entry, "email", path, dept_id),
            webhook=_contacts(entry, "webhook", path, dept_id),
            webhook_kind=str(kind),
        )
    return out
