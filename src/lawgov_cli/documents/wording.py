"""How official documents write dates, periods and ordinals: the forms a reader expects, never ISO.

>>> cn_date(date(2024, 6, 30))
'2024年6月30日'
>>> period_label("2024-Q2"), period_label("2024-05"), period_label("2024")
('第二季度', '5月', '2024年度')
>>> first_working_day_after(date(2024, 6, 30))
datetime.date(2024, 7, 1)
"""

from __future__ import annotations

from datetime import date, timedelta

from lawgov_cli.i18n import Lang, t
from lawgov_cli.model import Task, WorkCalendar

_WEEKDAYS = WorkCalendar()
"""No holidays known: Monday to Friday."""

# The ``lang == "zh"`` branches below are structural (Chinese numerals, 年月日 order, 第N季度, the
# 1—3月 range) rather than two wordings of one message, so they stay code, not catalogue entries.
_DIGITS = "〇一二三四五六七八九"
_CN_ORDINALS = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    """1 -> 一, 12 -> 十二, 21 -> 二十一 (for 第N期, （N）, N是)."""
    if n <= 0:
        return str(n)
    if n <= 10:
        return _CN_ORDINALS[n - 1]
    if n < 100:
        tens, ones = divmod(n, 10)
        return (_CN_ORDINALS[tens - 1] if tens > 1 else "") + "十" + (_CN_ORDINALS[ones - 1] if ones else "")
    return str(n)


def cn_date(day: date, lang: Lang = "zh") -> str:
    """``2024年6月30日`` (English: ``30 June 2024``)."""
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day.strftime('%B')} {day.year}"


def cn_month_day(day: date, lang: Lang = "zh") -> str:
    """``6月30日`` (within a year already named)."""
    return f"{day.month}月{day.day}日" if lang == "zh" else f"{day.day} {day.strftime('%B')}"


def period_label(key: str, lang: Lang = "zh") -> str:
    """A recurring task's period as people say it: ``5月``, ``第二季度``, ``2024年度``."""
    if "-Q" in key:
        quarter = int(key.rsplit("Q", 1)[1])
        return f"第{cn_number(quarter)}季度" if lang == "zh" else f"Q{quarter}"
    if "-" in key:
        month = int(key.split("-", 1)[1])
        return f"{month}月" if lang == "zh" else date(2000, month, 1).strftime("%B")
    return f"{key}年度" if lang == "zh" else key


def periods_text(keys: tuple[str, ...] | list[str], lang: Lang = "zh") -> str:
    """``1月、2月、5月`` — or a run ``1—5月`` when the months are consecutive."""
    labels = [period_label(k, lang) for k in keys]
    months = [int(k.split("-", 1)[1]) for k in keys if "-" in k and "Q" not in k]
    if lang == "zh" and len(months) == len(keys) >= 3 and months == list(range(months[0], months[-1] + 1)):
        return f"{months[0]}—{months[-1]}月"
    return t("punct.list", lang).join(labels)


def first_working_day_after(day: date, calendar: WorkCalendar = _WEEKDAYS) -> date:
    """The first working day after ``day``: Monday to Friday but for ``calendar``'s holidays, and
    its weekend days worked in lieu (``[calendar]`` of ``lawgov.toml``).

    >>> first_working_day_after(date(2024, 9, 30))
    datetime.date(2024, 10, 1)
    >>> national_day = WorkCalendar(holidays=frozenset(date(2024, 10, d) for d in range(1, 8)))
    >>> first_working_day_after(date(2024, 9, 30), national_day)
    datetime.date(2024, 10, 8)
    """
    nxt = day + timedelta(days=1)
    while not calendar.is_working_day(nxt):
        nxt += timedelta(days=1)
    return nxt


def working_days_after(day: date, n: int, calendar: WorkCalendar = _WEEKDAYS) -> date:
    """The ``n``-th working day after ``day`` (see :func:`first_working_day_after`)."""
    out = day
    for _ in range(n):
        out = first_working_day_after(out, calendar)
    return out


def share(value: float) -> str:
    """A percentage as documents print it: ``58.3%``."""
    return f"{value:.1f}%"


def task_title(task: Task, lang: Lang = "zh") -> str:
    """A task's title as a document names it: a rectification as ``“问题”问题整改`` rather than
    ``整改：问题``, no trailing full stop."""
    return title_text(task.title, task.kind, lang)


def title_text(title: str, kind: str, lang: Lang = "zh") -> str:
    """:func:`task_title` of a task with this title and kind (no ``Task`` needed)."""
    title = title.strip().rstrip("。.")
    if kind == "rectify" and lang == "zh":
        for prefix in ("整改：", "整改:"):
            if title.startswith(prefix):
                problem = title[len(prefix) :].replace("“", "‘").replace("”", "’")
                return f"“{problem}”问题整改"
    return title


_BREAK_BEFORE = ("（", "法治", "任务", "情况", "工作", "建设")
_BREAK_AFTER = ("的", "年度", "月", "关于")


def _width(text: str) -> float:
    """Display width in characters: ASCII (digits) half a character."""
    return sum(0.5 if ord(ch) < 128 else 1.0 for ch in text)


def title_lines(text: str, capacity: int) -> list[str]:
    """A title too long for one line, broken into balanced lines (梯形 rather than one full line
    and a stub), between words: before （, 法治, 任务… or after 的, 年度, 月…, at the break
    that balances the lines best."""
    if _width(text) <= capacity:
        return [text]
    cuts = {
        i
        for i in range(1, len(text))
        if text.startswith(_BREAK_BEFORE, i) or any(text[:i].endswith(w) for w in _BREAK_AFTER)
    }
    fitting = [i for i in cuts if _width(text[:i]) <= capacity]
    if not fitting:
        cut = max(1, int(capacity))
        return [text[:cut], *title_lines(text[cut:], capacity)]
    if _width(text) <= 2 * capacity:
        best = min(
            fitting, key=lambda i: (_width(text[i:]) > capacity, abs(_width(text[:i]) - _width(text[i:])))
        )
    else:
        best = max(fitting)
    return [text[:best], *title_lines(text[best:], capacity)]
