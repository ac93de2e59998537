"""Typed records of a workspace: tasks, their metrics, departments and the workspace settings.

Records only: reading and writing them as TOML tables (and validating one record) is
:mod:`lawgov_cli.toml_records`; checks across files live in :mod:`lawgov_cli.store`.  Nothing
here reads files or prints.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal, Protocol

from lawgov_cli.errors import LawgovError

SCHEMA: Final = 1

Kind = Literal["measure", "plan", "rectify", "duty", "statutory", "assigned"]
Status = Literal["todo", "doing", "reported", "done", "dropped"]
Repeat = Literal["", "monthly", "quarterly", "yearly"]

KINDS: Final[tuple[Kind, ...]] = ("measure", "plan", "rectify", "duty", "statutory", "assigned")
STATUSES: Final[tuple[Status, ...]] = ("todo", "doing", "reported", "done", "dropped")
"""``reported`` (已报送，待审核): a department said it is done; in review mode the office still has to
approve (销号, -> done) or reject it (退回, -> doing).  It counts as not done."""
REPEATS: Final[tuple[Repeat, ...]] = ("", "monthly", "quarterly", "yearly")

_SYNONYMS: Final[dict[str, dict[str, str]]] = {
    "status": {
        "完成": "done",
        "已办结": "done",
        "办结": "done",
        "进行中": "doing",
        "正在推进": "doing",
        "撤销": "dropped",
        "已报送": "reported",
        "待审核": "reported",
    },
    "kind": {
        "职责": "duty",
        "第一责任人": "duty",
        "法定": "statutory",
        "交办事项": "assigned",
        "计划安排": "plan",
    },
    "repeat": {
        "按月": "monthly",
        "月度": "monthly",
        "每季": "quarterly",
        "按季度": "quarterly",
        "季度": "quarterly",
        "按年": "yearly",
        "年度": "yearly",
    },
}
"""Words a hand edit may put for a status, a kind or a repeat besides their labels (已完成, 每月 …: the
locales' ``status.*``, ``repeat.*`` and ``kind.*``)."""


def meant_by(field: Literal["status", "kind", "repeat"], word: str) -> str | None:
    """What a word written by hand for ``field`` means when it is not one of the field's ids: an
    id's label in either language (``已完成``, ``举措``, ``每月``, ``Done``) or a common synonym
    (``完成``, ``进行中``, ``按季度``); None when it means nothing known.

    >>> meant_by("status", "已完成"), meant_by("status", " 进行中 "), meant_by("status", "finished")
    ('done', 'doing', None)
    >>> meant_by("kind", "整改"), meant_by("repeat", "每季度"), meant_by("repeat", "一次性")
    ('rectify', 'quarterly', '')
    """
    from lawgov_cli.i18n import messages

    ids: tuple[str, ...] = {"status": STATUSES, "kind": KINDS, "repeat": REPEATS}[field]
    word = word.strip()
    synonyms = _SYNONYMS.get(field, {})
    if word in synonyms:
        return synonyms[word]
    for value in ids:
        labels = (str(messages(lang).get(f"{field}.{value}", "")).lower() for lang in ("zh", "en"))
        if (value and word.lower() == value) or word.lower() in labels:
            return value
    return None


DEPARTMENT_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
"""Department ids become file names, so they are plain ASCII slugs that cannot leave a folder."""

# Names Windows refuses as file names, whatever the extension (and whatever the case).
WINDOWS_RESERVED_NAMES: Final = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(1, 10)] + [f"lpt{i}" for i in range(1, 10)]
)


def is_valid_department_id(value: str) -> bool:
    """True when ``value`` can safely be used as ``tasks/<value>.toml``."""
    return bool(DEPARTMENT_ID.match(value)) and value not in WINDOWS_RESERVED_NAMES


@dataclass(slots=True)
class Metric:
    """A numeric indicator attached to a task: the report year's value and this year's."""

    name: str
    unit: str = ""
    baseline: float | None = None
    target: float | None = None
    actual: float | None = None
    approx: bool = False


@dataclass(slots=True)
class Pending:
    """Something a department filed that awaits the office: a completion report or an extension request.

    Stored in the task table as ``report = { since = 2024-06-20, by = "张三" }`` or
    ``extension = { to = 2024-09-30, reason = "…", since = 2024-06-20, by = "张三", late = false }``.
    """

    since: date
    by: str = ""
    to: date | None = None
    """Extensions only: the due date asked for."""
    reason: str = ""
    late: bool = False
    """Extensions only: filed after the due date had passed."""


@dataclass(slots=True)
class Task:
    """One line of the 任务清单."""

    id: str
    title: str
    kind: Kind
    owner: str
    due: date
    section: str = ""
    source: str = ""
    co_owners: list[str] = field(default_factory=list)
    due_rule: str = ""
    repeat: Repeat = ""
    status: Status = "todo"
    done_on: date | None = None
    notes: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    periods: dict[str, date] = field(default_factory=dict)
    """Recurring tasks only: period key (``2024-03``, ``2024-Q2``, ``2024``) -> date it was ticked."""
    needs_review: bool = False
    manual: bool = False
    """Added by hand: ``lawgov sync`` never touches it."""
    carried_from: str = ""
    """Carried over from last year's workspace: ``"<old plan year>:<old id>"`` (``init --carry-over``)."""
    report: Pending | None = None
    """Review mode: the completion report awaiting the office's approval (status ``reported``)."""
    extension: Pending | None = None
    """A pending extension request: ``due`` moves only when the office approves it."""


def open_report(task: Task) -> Pending | None:
    """The completion report awaiting the office, if the task is still ``reported``."""
    return task.report if task.status == "reported" else None


def open_extension(task: Task) -> Pending | None:
    """The extension request awaiting the office, if the task is still open."""
    return task.extension if task.status not in ("done", "dropped") else None


def awaits_office(task: Task) -> bool:
    """True when the office has something of ``task`` to decide (the ``pending`` list)."""
    return open_report(task) is not None or open_extension(task) is not None


@dataclass(slots=True)
class HistoryEntry:
    """One recorded change (``[[history]]`` at the end of the department file).

    History lives in the department's own file so that one atomic rename commits the change and
    its record together, and departments working in separate git clones never touch each
    other's history.
    """

    at: str
    """Local date-time with offset, ISO 8601, e.g. ``2024-03-05T09:12:00+08:00``."""
    by: str
    task: str
    action: str
    """start | done | reopen | drop | note | evidence | record | tick | sync"""
    old: str = ""
    new: str = ""
    note: str = ""
    on: str = ""
    """The effective date (``YYYY-MM-DD``): the day the change counts from in every view.

    Written right after ``at`` in the file; an entry written before the ledger existed has none
    and counts from the date of its ``at``."""

    @property
    def day(self) -> date:
        """The effective date: ``on``, else the date of ``at``; an unreadable one counts as the
        earliest day (a damaged entry never hides a change)."""
        return _effective_day(self.on, self.at[:10])


@functools.lru_cache(maxsize=8192)
def _effective_day(on: str, at_day: str) -> date:
    for text in (on, at_day):
        try:
            return date.fromisoformat(text.strip())
        except ValueError:
            continue
    return date.min


@dataclass(slots=True)
class Department:
    """An entry of ``departments.toml``: who can own tasks and how the planner recognises them."""

    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    lead: bool = False
    """The lead office gets every task no keyword assigns, flagged ``needs_review``."""
    kinds: list[str] = field(default_factory=list)
    """Task kinds this department owns by default (``["duty"]`` for the government office)."""
    email: list[str] = field(default_factory=list)
    """Where ``lawgov remind`` mails this department (one message to all addresses)."""
    webhook: list[str] = field(default_factory=list)
    """Group-robot URLs (企业微信/钉钉) ``lawgov remind`` posts to."""
    webhook_kind: str = ""
    """``wecom`` or ``dingtalk``; empty: by each URL's host (企业微信 when unknown)."""


@dataclass(slots=True)
class DuePolicy:
    """Default due dates per task kind, as ``MM-DD`` in the plan year (``lawgov.toml [due_policy]``)."""

    measure: str = "12-31"
    plan: str = "12-31"
    rectify: str = "06-30"
    duty: str = "12-31"


WEBHOOK_KINDS: Final = ("wecom", "dingtalk")


@dataclass(frozen=True, slots=True)
class MailSettings:
    """``lawgov.toml [mail]``: the SMTP server reminders go through.  The password is never in a
    file: it comes from the environment (``LAWGOV_SMTP_PASSWORD``) when ``username`` is set."""

    host: str
    sender: str
    port: int = 587
    starttls: bool = True
    username: str = ""


@dataclass(slots=True)
class Workflow:
    """``[workflow]`` of ``lawgov.toml``: how the office closes the loop (督办闭环)."""

    review: bool = False
    """``done`` by a department records ``reported``; the office approves (销号) or rejects (退回)."""
    grace_days: int = 15
    """A notice for items late up to this many days is a 催办单; beyond it, a 督办通知单."""
    reply_days: int = 7
    """A notice asks for a written reply within this many days of its date."""


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    """Which days an office works: Monday to Friday, but for the public holidays (法定节假日) and
    the weekend days worked in lieu (调休上班) of ``[calendar]`` in ``lawgov.toml``.

    The days are data of the workspace, not of the library that wrote them at ``init``: a document
    dated by working days says the same thing whenever it is regenerated.

    >>> calendar = WorkCalendar(holidays=frozenset({date(2024, 10, 1)}), workdays=frozenset({date(2024, 10, 12)}))
    >>> [calendar.is_working_day(date(2024, 10, d)) for d in (1, 8, 12, 13)]
    [False, True, True, False]
    """

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    kept: bool = False
    """``lawgov.toml`` has a ``[calendar]`` (written by ``init`` since working days were known,
    even empty when no year was): its gaps are said. Without it (an older workspace) Monday to
    Friday is all there is, silently."""

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays


@dataclass(slots=True)
class Settings:
    """``lawgov.toml``: what the workspace is about and how dates are read."""

    region: str
    plan_year: int
    title: str = ""
    source_path: str = ""
    source_sha256: str = ""
    lang: str = "zh"
    timezone: str = "Asia/Shanghai"
    due_soon_days: int = 14
    due_policy: DuePolicy = field(default_factory=DuePolicy)
    mail: MailSettings | None = None
    workflow: Workflow = field(default_factory=Workflow)
    office: str = ""
    """The office that issues the bulletin (发文机关); empty: :func:`office_name` derives it."""
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    """``[calendar]``: the holidays and weekend working days the documents' dates count with."""


def office_name(settings: Settings) -> str:
    """The issuing office: ``office`` from ``lawgov.toml``, else the region's 依法治区办.

    >>> office_name(Settings(region="南开区", plan_year=2024))
    '南开区委依法治区办'
    >>> office_name(Settings(region="天津市", plan_year=2024))
    '天津市委依法治市办'
    """
    if settings.office.strip():
        return settings.office.strip()
    region = settings.region.strip()
    level = region[-1:] if region[-1:] in ("区", "市", "县", "旗", "州", "省") else "区"
    return f"{region}委依法治{level}办" if region else f"依法治{level}办"


if TYPE_CHECKING:  # a Protocol class costs ~10 ms to create at import: it exists for mypy only

    class TaskFile(Protocol):
        """What the domain asks of one department file's tasks: the counting interface.

        The store implements it with a compact index (:class:`lawgov_cli.store.index.Shard`) so that
        counting 100,000 tasks never builds them; :mod:`lawgov_cli.progress` and :class:`Workspace`
        see only this.  Positions are indexes into ``ids`` (file order).
        """

        @property
        def dept(self) -> str: ...
        @property
        def path(self) -> Path: ...
        @property
        def ids(self) -> tuple[str, ...]: ...
        @property
        def titles(self) -> tuple[str, ...]: ...
        @property
        def tasks(self) -> list[Task]:
            """The tasks themselves, built on first use."""

        @property
        def history(self) -> list[HistoryEntry]:
            """The file's ``[[history]]`` entries, in file order."""

        @property
        def undated(self) -> bool:
            """Some hand edit in the file carries no date (it counts from the clock)."""

        @property
        def late(self) -> int:
            """Tasks finished after their due date."""

        @property
        def pending(self) -> tuple[int, ...]:
            """Positions of tasks that may await the office (a report or an extension request)."""

        def __len__(self) -> int: ...
        def position(self, task_id: str) -> int | None: ...
        def count(self, status: str) -> int: ...
        def overdue_count(self, cutoff: date) -> int:
            """Open tasks whose next due date is before ``cutoff``."""

        def due_soon_count(self, cutoff: date, last: date) -> int:
            """Open tasks due from ``cutoff`` up to and including ``last``."""

        def overdue_positions(self, cutoff: date) -> list[tuple[int, int]]:
            """(first open due as an ordinal, position) of the overdue tasks, earliest first."""

        def due_soon_positions(self, cutoff: date, last: date) -> list[tuple[int, int]]: ...
        def missed_periods(self, index: int, cutoff: date) -> tuple[str, ...]: ...
        def at(self, day: date, clock: date | None) -> TaskFile | None:
            """The file as it stood at the end of ``day``; None when none of its tasks existed yet."""

        def select(self, keep: Callable[[Task], bool]) -> TaskFile | None:
            """The tasks ``keep`` accepts, counted the same way; None when there are none."""


class Workspace:
    """Everything loaded from one workspace folder.

    Tasks live in one :class:`TaskFile` per department file (the store's index); ``tasks``
    builds the full list on first use, so commands that only count (``status``, ``check``) never do.
    """

    __slots__ = (
        "_base",
        "_tasks",
        "as_of",
        "clock",
        "departments",
        "files",
        "removed",
        "root",
        "settings",
        "shards",
    )

    def __init__(
        self,
        root: Path,
        settings: Settings,
        departments: dict[str, Department],
        shards: Sequence[TaskFile],
    ) -> None:
        self.root = root
        self.settings = settings
        self.departments = departments
        self.shards: list[TaskFile] = list(shards)
        """One :class:`TaskFile` per department file, files sorted by name."""
        self.files: dict[str, Path] = {shard.dept: shard.path for shard in shards}
        """Department id -> its task file, for the departments that have one."""
        self._tasks: list[Task] | None = None
        self.clock: date | None = None
        """Today, from which hand edits without a date count (see :mod:`lawgov_cli.ledger`)."""
        self.removed: dict[str, list[str]] = {}
        """Departments deleted from the registry whose files still hold tasks -> those task ids."""
        self.as_of: date | None = None
        """None: the files as they are; else the day this view shows (see :meth:`at`)."""
        self._base: Workspace | None = None

    def at(self, day: date) -> Workspace:
        """The workspace as it stood at the end of ``day``, replayed from each file's history.

        Files with no change after ``day`` are shared, not copied; tasks brought in later (by
        ``sync``, ``add``, carry-over) are absent.  Always replayed from the files, never from
        another dated view.
        """
        if self.as_of == day:
            return self
        base = self._base or self
        shards = [dated for shard in base.shards if (dated := shard.at(day, base.clock)) is not None]
        view = Workspace(base.root, base.settings, base.departments, shards=shards)
        view.files = dict(base.files)
        view.clock, view.as_of, view._base = base.clock, day, base
        view.removed = base.removed
        return view

    @property
    def base(self) -> Workspace:
        """The workspace as its files are now (what edits change)."""
        return self._base or self

    @property
    def tasks(self) -> list[Task]:
        """Every task, in file order (department files sorted by name)."""
        if self._tasks is None:
            self._tasks = [task for shard in self.shards for task in shard.tasks]
        return self._tasks

    def history_of(self, task: Task) -> list[HistoryEntry]:
        """The history entries of ``task`` (from its owner's file), in file order."""
        for shard in self.shards:
            if shard.dept == task.owner:
                return [entry for entry in shard.history if entry.task == task.id]
        return []

    @property
    def task_count(self) -> int:
        return sum(len(shard) for shard in self.shards)

    def task(self, task_id: str) -> Task:
        """The task with ``task_id``; raises ``LawgovError`` with close matches otherwise.

        Only the department file that holds the id is materialised.
        """
        wanted = task_id.strip()
        for shard in self.shards:
            index = shard.position(wanted)
            if index is not None:
                return shard.tasks[index]
        for shard in self.shards:  # ids are typed by hand: accept m4.2 for M4.2
            for index, candidate in enumerate(shard.ids):
                if candidate.lower() == wanted.lower():
                    return shard.tasks[index]
        all_ids = [i for shard in self.shards for i in shard.ids]
        raise LawgovError("err.unknown_task", id=task_id, hint=did_you_mean(task_id, all_ids))

    def department(self, ref: str) -> Department:
        """A department by id, Chinese name or alias (``sifaju``, ``区司法局``, ``司法局``)."""
        if ref in self.departments:
            return self.departments[ref]
        for dept in self.departments.values():
            if ref == dept.name or ref in dept.aliases or ref.lower() == dept.id:
                return dept
        names = [d.id for d in self.departments.values()] + [d.name for d in self.departments.values()]
        raise LawgovError("err.unknown_department", dept=ref, hint=did_you_mean(ref, names))


_ID_PREFIX_ORDER = {"M": 0, "R": 1, "D": 2, "P": 3, "S": 4, "J": 5, "X": 6}
_NUMBERS = re.compile(r"\d+")


@functools.lru_cache(maxsize=1 << 18)
def task_sort_key(task_id: str) -> tuple[int, str, tuple[int, ...]]:
    """THE task order, used by every list of tasks (see docs/ARCHITECTURE.md, "One task order").

    Plan order of the series — measures M, rectification R, duties D, plans P, statutory S, then
    assigned J and other X — and natural numbers within one (M1.2 before M1.10).  Lists ordered by
    something else first (overdue: most days first) break ties with it.

    >>> sorted(["S2.10", "D1", "M1.10", "S2.2", "M1.2", "R1"], key=task_sort_key)
    ['M1.2', 'M1.10', 'R1', 'D1', 'S2.2', 'S2.10']
    """
    prefix = task_id.rstrip("0123456789.")
    numbers = tuple(map(int, _NUMBERS.findall(task_id)))
    return (_ID_PREFIX_ORDER.get(prefix[:1].upper(), 9), prefix, numbers)


def did_you_mean(wrong: str, candidates: list[str], limit: int = 3) -> list[str]:
    """Up to ``limit`` candidates close to ``wrong``, for an error's ``hint`` (see ``LawgovError``)."""
    import difflib

    close = difflib.get_close_matches(wrong, candidates, n=limit, cutoff=0.5)
    if not close:
        lowered = wrong.lower()
        close = [c for c in candidates if lowered and lowered in c.lower()][:limit]
    return close
