"""The JSON export's task lines, a department file at a time (:func:`lawgov_cli.export.json_export.json_chunks`).

A task's line is what ``json.dumps(task_document(...), ensure_ascii=False)`` writes (the document
of :func:`task_document`, controls stripped); made here
from a file's cached rows without building its tasks (see :class:`DocumentMaker`), and kept in
the cache between exports (:mod:`lawgov_cli.store.derived`).
"""

from __future__ import annotations

import contextlib
import itertools
import math
from array import array
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from json.encoder import encode_basestring as _quote  # the C function: a JSON string as json.dumps writes it
from typing import TYPE_CHECKING, Any

from lawgov_cli.export.controls import has_controls
from lawgov_cli.export.memo import Memo
from lawgov_cli.model import Workspace
from lawgov_cli.periods import task_periods
from lawgov_cli.progress import Progress, TaskState

if TYPE_CHECKING:
    from lawgov_cli.model import TaskFile
    from lawgov_cli.store.rows import DetailRow, MetricRow, SummaryRow


def task_document(state: TaskState, workspace: Workspace) -> dict[str, Any]:
    """One task as in ``list --format json``, plus where it stands on ``as_of``."""
    from lawgov_cli.fields import task_json

    task = state.task
    document: dict[str, Any] = dict(task_json(task, workspace))
    periods: dict[str, dict[str, str | None]] = {
        p.key: {
            "due": p.due.isoformat(),
            "done_on": task.periods[p.key].isoformat() if p.key in task.periods else None,
        }
        for p in task_periods(task)
    }
    for key, ticked in task.periods.items():  # a hand-written key outside the plan year is kept
        periods.setdefault(key, {"due": None, "done_on": ticked.isoformat()})
    document.update(
        {
            "light": state.light,
            "overdue": state.overdue,
            "days_overdue": state.days_overdue,
            "due_soon": state.due_soon,
            "next_due": state.next_due.isoformat() if state.next_due else None,
            "missed_periods": list(state.missed_periods),
            "notes": list(task.notes),
            "evidence": list(task.evidence),
            "periods": periods,
        }
    )
    return document


Template = tuple[bytes, tuple[Any, ...], bytes, tuple[str, ...], bytes, tuple[int, ...]]
"""A file's task lines with a ``%s`` for each task's owner name and for its day-dependent keys:
(the lines joined by ``,\\n`` as UTF-8, ``%`` doubled; the distinct (status, repeat, due, ticked);
the index of each task's among them, ``array('l')`` bytes; the distinct owners; the index of each
task's; positions of the tasks written from their ``Task``, whose lines are ``%s%s``)."""

_TEMPLATE_VERSION = 1
"""Bumped whenever :data:`_LINE` or the way a template is made changes (templates an earlier
version kept are then ignored)."""

_NAME = _DAY = "\0"
_SLOT = _NAME.encode("ascii")
"""Where a line's owner name and day-dependent keys go while a template is made (an encoded text
never holds a raw control character)."""


class DocumentMaker:
    """Encoded task documents (:func:`task_document`) from a file's cached rows.

    A file's lines are first made into a :data:`Template`: only the owner's name (the registry
    may rename a department) and the keys that depend on the day are left open.  A template is
    made column by column: each column of the rows is encoded by the C string encoder or through
    a memo (a status, a day, a list of co-owners is encoded once), and every line is one ``%`` of
    :data:`_LINE` over the zipped columns, with no Python function run per task.  A file whose
    rows come from the cache keeps its template there (:mod:`lawgov_cli.store.derived`), so the
    next export of an unchanged file only fills in the day: one ``%`` over the whole file, its
    values picked from memos by index.  A task the template does not write — one awaiting the
    office, or holding a control or bidi character to strip — is written from its ``Task`` by
    :func:`task_document`."""

    def __init__(self, workspace: Workspace, progress: Progress) -> None:
        from lawgov_cli.fileio import strip_controls

        names = {d.id: d.name for d in workspace.departments.values()}
        self.workspace = workspace
        self.progress = progress
        self.cutoff = progress.cutoff.toordinal()
        self.window_end = (progress.as_of + timedelta(days=progress.due_soon_days)).toordinal()
        self.encode = _compact_encoder()
        self.days = Memo(self._day)
        """Ordinal -> its quoted ISO date (0: ``null``)."""
        self.texts = Memo(_quote)
        """A text of few distinct values (kind, section, status…) -> quoted."""
        self.carried = Memo(lambda text: _quote(text) if text else "null")
        self.owner_names = Memo(lambda owner: _quote(strip_controls(names.get(owner, owner))).encode("utf-8"))
        """Owner -> its quoted name, UTF-8 (controls stripped, as the reference does: the whole
        document stripped is the same text)."""
        self.dynamic = Memo(lambda key: self._dynamic(key).encode("utf-8"))
        """(status, repeat, due, ticked) -> the document's keys that depend on the day, UTF-8."""
        self.period_texts = Memo(self._period_text)
        """(repeat, due, ticked) -> the document's ``periods``."""
        self.periods: dict[tuple[str, int], tuple[tuple[str, str, int], ...]] = {}
        self.heads: dict[tuple[str, int], dict[str, str]] = {}
        from lawgov_cli import fields

        # The line template holds the task keys of today's field table; a table with other JSON
        # keys (a field added) makes every document the slow way, from the table itself.
        self.fast = tuple(f.name for f in fields.FIELDS if f.json is not None) == _TASK_KEYS

    def file_text(self, shard: TaskFile, loader: object | None = None) -> bytes:
        """The line of each task of ``shard`` (indented by four spaces), in file order, joined by
        ``,\\n``, as UTF-8; control characters stripped from the data of a document holding one."""
        from lawgov_cli.store.cache import task_rows
        from lawgov_cli.store.derived import keep_derived, read_derived

        if self.fast:
            kept = read_derived(shard, _TEMPLATE_VERSION, loader=loader)
            if kept is not None:
                with contextlib.suppress(ValueError, TypeError, IndexError, KeyError):
                    return self.fill(shard, kept)
        summaries, details = task_rows(shard)
        if not summaries:
            return b""
        detail_rows = details()
        if not self.fast:
            lines = [self.slow_line(s, d) for s, d in zip(summaries, detail_rows, strict=True)]
            return ",\n".join(lines).encode("utf-8")
        template = self.template(summaries, detail_rows)
        keep_derived(shard, _TEMPLATE_VERSION, template, loader=loader)
        return self.fill(shard, template, (summaries, detail_rows))

    def fill(
        self,
        shard: TaskFile,
        template: Template,
        rows: tuple[Sequence[SummaryRow], Sequence[DetailRow]] | None = None,
    ) -> bytes:
        """The file's text: ``template`` with each task's owner name and day-dependent keys."""
        from lawgov_cli.store.cache import task_rows

        text, keys, key_index, owners, owner_index, awkward = template
        states = [self.dynamic[key] for key in keys]
        names = [self.owner_names[owner] for owner in owners]
        at_key, at_owner = array("l"), array("l")
        at_key.frombytes(key_index)
        at_owner.frombytes(owner_index)
        values: list[bytes] = list(
            itertools.chain.from_iterable(
                zip(map(names.__getitem__, at_owner), map(states.__getitem__, at_key), strict=True)
            )
        )
        if awkward:
            if rows is None:
                summaries, details = task_rows(shard)
                rows = (summaries, details())
            for index in awkward:
                values[2 * index] = b""
                values[2 * index + 1] = self.slow_line(rows[0][index], rows[1][index]).encode("utf-8")
        return text % tuple(values)

    def slow_line(self, summary: SummaryRow, detail: DetailRow) -> str:
        """The line of one task from its ``Task``: :func:`task_document` encoded, controls stripped."""
        from lawgov_cli.fileio import ENCODED_CONTROLS, strip_controls_deep
        from lawgov_cli.store.cache import build_task

        document = task_document(self.progress.state_of(build_task(summary, detail)), self.workspace)
        line: str = self.encode(document)
        if ENCODED_CONTROLS.search(line):  # a control or bidi character: strip it from the data
            line = self.encode(strip_controls_deep(document))
        return "    " + line

    def template(self, summaries: Sequence[SummaryRow], details: Sequence[DetailRow]) -> Template:
        """The file's :data:`Template`, made from its rows."""
        (ids, titles, kinds, owners, dues, sections, co_owners, repeats, statuses, done_ons, ticked,
         reviews, _, _, _) = zip(*summaries, strict=True)  # fmt: skip
        sources, rules, notes, evidence, metrics, carried = _detail_columns(details)
        texts = self.texts.__getitem__
        days = self.days.__getitem__
        lists = Memo(_list).__getitem__  # this file's co-owner, note and evidence lists
        count = len(summaries)
        lines = list(
            map(
                _LINE.__mod__,
                zip(
                    map(_quote, ids),
                    map(_quote, titles),
                    map(texts, kinds),
                    map(texts, sections),
                    map(_quote, sources),
                    map(texts, owners),
                    itertools.repeat(_NAME, count),
                    map(lists, co_owners),
                    map(days, dues),
                    map(texts, rules),
                    map(texts, repeats),
                    map(texts, statuses),
                    map(days, done_ons),
                    map(_BOOLEANS.__getitem__, reviews),
                    map(self.carried.__getitem__, carried),
                    self.metrics_texts(metrics),
                    itertools.repeat(_DAY, count),
                    map(lists, notes),
                    map(lists, evidence),
                    map(self.period_texts.__getitem__, zip(repeats, dues, ticked, strict=True)),
                    strict=True,
                ),
            )
        )
        many = itertools.chain.from_iterable
        texts_held = (
            (ids, titles, set(kinds), set(owners), sections, many(co_owners), set(repeats), set(statuses)),
            ([key for key, _ in many(ticked)], rules, carried, [m[0] + m[1] for m in many(metrics)]),
            (sources, many(notes), many(evidence)),
        )
        awkward = self.awkward(summaries, details, texts_held)
        for index in awkward:
            lines[index] = _NAME + _DAY
        text = ",\n".join(lines).encode("utf-8")
        if b"%" in text:
            text = text.replace(b"%", b"%%")
        text = text.replace(_SLOT, b"%s")
        distinct: dict[Any, int] = {}
        key_index = array(
            "l",
            [
                distinct.setdefault(key, len(distinct))
                for key in zip(statuses, repeats, dues, ticked, strict=True)
            ],
        )
        owner_list: dict[str, int] = {}
        owner_index = array("l", [owner_list.setdefault(owner, len(owner_list)) for owner in owners])
        return (
            text,
            tuple(distinct),
            key_index.tobytes(),
            tuple(owner_list),
            owner_index.tobytes(),
            tuple(awkward),
        )

    def awkward(
        self,
        summaries: Sequence[SummaryRow],
        details: Sequence[DetailRow],
        texts: Sequence[Sequence[Iterable[str]]] | None = None,
    ) -> list[int]:
        """Positions of the tasks a template does not write: awaiting the office, or holding a
        character ``strip_controls`` removes (looked for in the whole file first: in ``texts``,
        groups of columns holding every text of the rows, when given)."""
        out = [i for i, s in enumerate(summaries) if s[13] is not None or s[14] is not None]
        if (
            _has_controls(summaries, details)
            if texts is None
            else any(has_controls("".join(itertools.chain(*group))) for group in texts)
        ):
            out = [
                i
                for i, (s, d) in enumerate(zip(summaries, details, strict=True))
                if s[13] is not None or s[14] is not None or _has_controls((s,), (d,))
            ]
        return out

    def metrics_texts(self, column: Sequence[Sequence[MetricRow]]) -> list[str]:
        """Each task's ``metrics`` list as the C encoder writes it."""
        many = itertools.chain.from_iterable
        flat = list(many(column))
        if not flat:
            return ["[]"] * len(column)
        names, units, baselines, targets, actuals = list(zip(*flat, strict=False))[:5]
        values = (*baselines, *targets, *actuals)
        if not set(map(type, values)) <= _NUMBER_TYPES or not all(map(math.isfinite, filter(None, values))):
            # a value the encoder writes its own way (NaN, Infinity, an int): let it
            return [str(self.encode(_metric_documents(metrics))) if metrics else "[]" for metrics in column]
        if 0.0 in values:  # 0.0 and -0.0 are one key but two texts: each written apart
            numbers = [
                map(_NULL.get, texts, texts)
                for texts in (list(map(repr, v)) for v in (baselines, targets, actuals))
            ]
        else:
            # a value (a finite float but zero, or None) -> as the encoder writes it; this file's
            # only (a city's ~30,000 distinct values would hold a few MB to the end)
            memo = Memo(lambda value: "null" if value is None else repr(value)).__getitem__
            numbers = [map(memo, v) for v in (baselines, targets, actuals)]
        texts = self.texts.__getitem__
        encoded = iter(map(_METRIC.__mod__, zip(map(texts, names), map(texts, units), *numbers, strict=True)))
        sizes = list(map(len, column))
        out = ["[]"] * len(column)
        for index in itertools.compress(range(len(sizes)), sizes):  # only the tasks holding metrics
            out[index] = "[" + ", ".join(itertools.islice(encoded, sizes[index])) + "]"
        return out

    def _day(self, ordinal: int) -> str:
        return '"' + date.fromordinal(ordinal).isoformat() + '"' if ordinal else "null"

    def _table(self, repeat: str, due: int) -> tuple[tuple[str, str, int], ...]:
        """(key, quoted ISO due, due ordinal) of each period of a task repeating ``repeat`` due on
        ordinal ``due``."""
        year = date.fromordinal(due).year
        table = self.periods.get((repeat, year))
        if table is None:
            from lawgov_cli.periods import period_tuple

            table = self.periods[(repeat, year)] = tuple(
                (p.key, '"' + p.due.isoformat() + '"', p.due.toordinal()) for p in period_tuple(repeat, year)
            )
        return table

    def _dynamic(self, key: tuple[str, str, int, tuple[tuple[str, int], ...]]) -> str:
        """Light, overdue, days overdue, due soon, next due and missed periods of a task with
        this status, repeat, due date and periods ticked (as ``progress.task_state``)."""
        status, repeat, due, ticked = key
        first: int | None = None
        missed = "[]"
        if status not in ("done", "dropped", "reported"):  # as periods.first_open_due_of
            if repeat:
                ticks = dict(ticked)
                table = self._table(repeat, due)
                first = next((day for period, _, day in table if period not in ticks), None)
            else:
                first = due
        if first is None:
            return _DYNAMIC % ("green", "false", 0, "false", "null", missed)
        days = max(0, self.cutoff - first)
        if days and repeat:
            missed = _list([period for period, _, day in table if period not in ticks and day < self.cutoff])
        soon = not days and first <= self.window_end
        light = "red" if days else "yellow" if soon else "green"
        return _DYNAMIC % (light, _BOOLEANS[bool(days)], days, _BOOLEANS[soon], self.days[first], missed)

    def _period_text(self, key: tuple[str, int, tuple[tuple[str, int], ...]]) -> str:
        """The ``periods`` object of a task with this repeat, due date and periods ticked."""
        repeat, due, ticked = key
        heads = self._heads(repeat, due) if repeat else {}
        if not ticked:
            return "{" + ", ".join(head + "null}" for head in heads.values()) + "}" if heads else "{}"
        ticks = dict(ticked)
        days = self.days
        parts = [
            head + (days[ticks[period]] if period in ticks else "null") + "}"
            for period, head in heads.items()
        ]
        for period, ordinal in ticks.items():  # a hand-written key outside the plan year is kept
            if period not in heads:
                parts.append(f'{_quote(period)}: {{"due": null, "done_on": {days[ordinal]}}}')
        return "{" + ", ".join(parts) + "}"

    def _heads(self, repeat: str, due: int) -> dict[str, str]:
        """Period key -> the start of its entry in ``periods`` (up to its ``done_on`` value)."""
        heads = self.heads.get((repeat, due))
        if heads is None:
            heads = self.heads[(repeat, due)] = {
                period: f'{_quote(period)}: {{"due": {quoted}, "done_on": '
                for period, quoted, _ in self._table(repeat, due)
            }
        return heads


def _has_controls(summaries: Sequence[SummaryRow], details: Sequence[DetailRow]) -> bool:
    """Whether some text of these tasks holds a character ``strip_controls`` removes."""
    many = itertools.chain.from_iterable
    columns = list(zip(*summaries, strict=True))
    text = "".join(
        itertools.chain(
            columns[0],  # ids
            columns[1],  # titles
            set(columns[2]),  # kinds
            set(columns[3]),  # owners
            columns[5],  # sections
            many(columns[6]),  # co-owners
            set(columns[7]),  # repeats
            set(columns[8]),  # statuses
            [key for key, _ in many(columns[10])],  # period keys ticked
        )
    )
    if has_controls(text):
        return True
    sources, rules, notes, evidence, metrics, carried = _detail_columns(details)
    text = "".join(
        itertools.chain(
            sources, rules, many(notes), many(evidence), carried, [m[0] + m[1] for m in many(metrics)]
        )
    )
    return has_controls(text)


def _detail_columns(details: Sequence[DetailRow]) -> list[Sequence[Any]]:
    """Source, due rule, notes, evidence, metrics and carried-from columns of ``details``."""
    columns: list[Sequence[Any]] = list(zip(*details, strict=True))
    return columns if len(columns) == 6 else [*columns, ("",) * len(details)]


_NUMBER_TYPES = frozenset((float, type(None)))
"""What a metric value is (the department file's numbers are read as floats)."""

_NULL = {"None": "null"}
"""``repr`` of a metric value -> how the encoder writes it (a finite float: as ``repr``)."""

_BOOLEANS = {False: "false", True: "true"}

_METRIC = '{"name": %s, "unit": %s, "baseline": %s, "target": %s, "actual": %s}'

_DYNAMIC = (
    '"light": "%s", "overdue": %s, "days_overdue": %d, "due_soon": %s, "next_due": %s, "missed_periods": %s'
)
"""The keys of :func:`task_document` that depend on the day."""

_LINE = (
    '    {"id": %s, "title": %s, "kind": %s, "section": %s, "source": %s, "owner": %s, "owner_name": %s, '
    '"co_owners": %s, "due": %s, "due_rule": %s, "repeat": %s, "status": %s, "done_on": %s, '
    '"needs_review": %s, "carried_from": %s, "metrics": %s, "pending": [], %s, '
    '"notes": %s, "evidence": %s, "periods": %s}'
)
"""A task document as the C encoder writes it (``", "`` and ``": "``, keys in :func:`task_document`'s
order), indented by four spaces, for a task awaiting nothing; a test compares the two on every kind
of task."""


_TASK_KEYS = (
    "id", "title", "kind", "section", "source", "owner", "owner_name", "co_owners", "due", "due_rule",
    "repeat", "status", "done_on", "needs_review", "carried_from", "metrics", "pending",
)  # fmt: skip
"""The keys of ``fields.task_json`` that :data:`_LINE` writes, in its order."""


def _list(items: Sequence[str]) -> str:
    return "[" + ", ".join(map(_quote, items)) + "]" if items else "[]"


def _metric_documents(metrics: Sequence[tuple[Any, ...]]) -> list[dict[str, Any]]:
    return [{"name": m[0], "unit": m[1], "baseline": m[2], "target": m[3], "actual": m[4]} for m in metrics]


def _compact_encoder() -> Any:
    """``json.dumps(obj, ensure_ascii=False)`` without its per-call set-up: one C encoder, made
    once (the standard library builds a new one on every call); the pure-Python one otherwise."""
    import json
    from json import encoder

    make = getattr(encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - CPython always has the C accelerator
        return json.JSONEncoder(ensure_ascii=False).encode

    def default(value: Any) -> Any:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")

    # The arguments JSONEncoder(ensure_ascii=False).iterencode passes (no circular check: a
    # task document is a tree we build).
    c_encode = make(None, default, encoder.encode_basestring, None, ": ", ", ", False, False, True)
    return lambda value: "".join(c_encode(value, 0))


__all__ = ["DocumentMaker", "Template", "task_document"]
