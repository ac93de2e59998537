"""The CSV/XLSX task columns of a whole department file at once, from its cached rows.

:func:`lawgov_cli.fields.cell_maker` makes a task's cells from its ``Task`` and ``TaskState``:
right, but at city scale (100,000 tasks) building every ``Task`` and calling one function per
cell costs seconds.  :class:`ColumnMaker` makes the same values a column at a time from a file's
rows (:func:`lawgov_cli.store.cache.task_rows`): each text through a memo (a status label, an
owner's name, a period count is made once per export), the cells that depend on the day (next
due, light, days overdue) once per distinct (status, repeat, due, periods ticked).  A task
awaiting the office (its ``pending`` cell) is made the slow way, from its ``Task``; so is every
task when the field table's columns are not the ones written here (a column added), so the table
stays the one source of what a column holds — ``tests/test_outputs_scale.py`` compares the two.

Dates are given as ordinals (0: none), day counts as ints, everything else as text in the
output language, not yet neutralised.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from lawgov_cli.export.memo import Memo
from lawgov_cli.fields import cell_maker, export_columns, number_text, owner_name
from lawgov_cli.i18n import Lang, t
from lawgov_cli.ledger import late_days_of
from lawgov_cli.model import Workspace
from lawgov_cli.periods import period_tuple
from lawgov_cli.progress import Progress

if TYPE_CHECKING:
    from lawgov_cli.model import TaskFile
    from lawgov_cli.store.rows import DetailRow, MetricRow, SummaryRow

COLUMNS = (
    "id", "owner", "co_owners", "kind", "section", "title", "due", "repeat", "next_due", "status",
    "pending", "done_on", "late_days", "light", "overdue_days", "periods", "metrics", "notes", "evidence",
)  # fmt: skip
"""The export columns :class:`ColumnMaker` writes, in the field table's order."""

DATES = frozenset(("due", "next_due", "done_on"))
"""Columns holding ordinals (0: no date)."""


_METRIC = "%s: %s%s→%s→%s%s"
"""A metric as :func:`lawgov_cli.fields.metric_text` writes it: name, ≈, the three values, unit."""
_APPROX = {False: "", True: "≈"}


def _label(word: str, lang: Lang) -> Callable[[str], str]:
    return lambda value: t(f"{word}.{value}", lang)


FileColumns = tuple[list[Sequence[Any]], list[str], Sequence["SummaryRow"], Sequence["DetailRow"]]
"""A file's columns (in :data:`COLUMNS` order), each task's light, and its rows."""


class ColumnMaker:
    """The export columns of one department file after another, for one view and language."""

    def __init__(self, workspace: Workspace, progress: Progress, lang: Lang) -> None:
        self.workspace = workspace
        self.progress = progress
        self.lang: Lang = lang
        self.cutoff = progress.cutoff.toordinal()
        self.window_end = (progress.as_of + timedelta(days=progress.due_soon_days)).toordinal()
        self.fast = tuple(f.name for f in export_columns()) == COLUMNS
        self.slow_cells = cell_maker(export_columns())
        self.labels = {word: Memo(_label(word, lang)) for word in ("kind", "repeat", "status", "light")}
        """Per word (kind, repeat, status, light): a value -> its label in ``lang``."""
        self.names = Memo(lambda owner: owner_name(workspace, owner))
        self.co_names = Memo(lambda owners: "、".join(self.names[o] for o in owners))
        self.state = Memo(self._state)
        """(status, repeat, due, ticked) -> (next due ordinal, light, days overdue)."""
        self.late = Memo(self._late)
        self.periods = Memo(self._periods)
        self.period_keys = Memo(lambda key: frozenset(p.key for p in period_tuple(*key)))
        """(repeat, year) -> the keys of its periods."""
        self.ticked_texts = Memo(lambda key: t("msg.periods_ticked", lang, done=key[0], total=key[1]))
        self.numbers = Memo(number_text)
        self.units = Memo(lambda unit: f" {unit}" if unit else "")

    def file_columns(self, shard: TaskFile) -> FileColumns:
        """The columns of every task of ``shard``, in file order."""
        from lawgov_cli.store.cache import task_rows

        summaries, details = task_rows(shard)
        detail_rows = details()
        if not summaries:
            return [[] for _ in COLUMNS], [], summaries, detail_rows
        if not self.fast:
            rows = [self.slow_row(s, d) for s, d in zip(summaries, detail_rows, strict=True)]
            cells: list[Sequence[Any]] = [list(column) for column in zip(*(row for row, _ in rows), strict=True)]
            return cells, [light for _, light in rows], summaries, detail_rows
        (ids, titles, kinds, owners, dues, sections, co_owners, repeats, statuses, done_ons, ticked,
         _, _, reports, extensions) = zip(*summaries, strict=True)  # fmt: skip
        _, _, notes, evidence, metrics, *_ = zip(*detail_rows, strict=True)
        keys = list(zip(statuses, repeats, dues, ticked, strict=True))
        states = list(map(self.state.__getitem__, keys))
        next_dues, lights, days = (list(column) for column in zip(*states, strict=True))
        count = len(summaries)
        columns: list[Sequence[Any]] = [
            ids,
            list(map(self.names.__getitem__, owners)),
            list(map(self.co_names.__getitem__, co_owners)),
            list(map(self.labels["kind"].__getitem__, kinds)),
            sections,
            titles,
            dues,
            list(map(self.labels["repeat"].__getitem__, repeats)),
            next_dues,
            list(map(self.labels["status"].__getitem__, statuses)),
            [""] * count,
            done_ons,
            list(map(self.late.__getitem__, zip(statuses, repeats, dues, done_ons, ticked, strict=True))),
            list(map(self.labels["light"].__getitem__, lights)),
            days,
            list(map(self.periods.__getitem__, zip(repeats, dues, ticked, strict=True))),
            self.metric_cells(metrics),
            ["\n".join(items) if items else "" for items in notes],
            ["\n".join(items) if items else "" for items in evidence],
        ]
        if reports.count(None) != count or extensions.count(None) != count:
            columns = [list(column) for column in columns]
            for index in range(count):
                if reports[index] is not None or extensions[index] is not None:
                    row, light = self.slow_row(summaries[index], detail_rows[index])
                    for column, value in zip(columns, row, strict=True):
                        column[index] = value  # type: ignore[index]
                    lights[index] = light
        return columns, lights, summaries, detail_rows

    def metric_cells(self, column: Sequence[Sequence[MetricRow]]) -> list[str]:
        """Each task's metrics as :func:`lawgov_cli.fields.metrics_text` writes them, made for
        the whole file at once."""
        flat = list(itertools.chain.from_iterable(column))
        if not flat:
            return [""] * len(column)
        names, units, baselines, targets, actuals, approx = zip(*flat, strict=True)
        numbers = self.numbers
        texts = [
            # a zero (0.0 or -0.0, equal as keys but written apart) or None is written directly
            [numbers[v] if v else number_text(v) for v in values]
            for values in (baselines, targets, actuals)
        ]
        encoded = iter(
            map(
                _METRIC.__mod__,
                zip(
                    names,
                    map(_APPROX.__getitem__, approx),
                    *texts,
                    map(self.units.__getitem__, units),
                    strict=True,
                ),
            )
        )
        return ["; ".join(itertools.islice(encoded, size)) if size else "" for size in map(len, column)]

    def slow_row(self, summary: SummaryRow, detail: DetailRow) -> tuple[tuple[Any, ...], str]:
        """One task's cells from its ``Task`` (:func:`lawgov_cli.fields.cell_maker`), dates as ordinals."""
        from lawgov_cli.store.cache import build_task

        state = self.progress.state_of(build_task(summary, detail))
        values = self.slow_cells(self.workspace, state, self.lang)
        row = tuple(
            (value.toordinal() if isinstance(value, date) else 0 if value is None else value)
            if name in DATES
            else value
            for name, value in values.items()
        )
        return row, state.light

    def _state(self, key: tuple[str, str, int, tuple[tuple[str, int], ...]]) -> tuple[int, str, int]:
        """Next due (ordinal, 0: none), light and days overdue (as ``progress.task_state``)."""
        status, repeat, due, ticked = key
        first: int | None = None
        if status not in ("done", "dropped", "reported"):  # as periods.first_open_due_of
            if repeat:
                ticks = dict(ticked)
                periods = period_tuple(repeat, date.fromordinal(due).year)
                first = next((p.due.toordinal() for p in periods if p.key not in ticks), None)
            else:
                first = due
        if first is None:
            return (0, "green", 0)
        days = max(0, self.cutoff - first)
        soon = not days and first <= self.window_end
        return (first, "red" if days else "yellow" if soon else "green", days)

    def _late(self, key: tuple[str, str, int, int, tuple[tuple[str, int], ...]]) -> int:
        status, repeat, due, done_on, ticked = key
        day = date.fromordinal
        ticks = {k: day(v) for k, v in ticked}
        return late_days_of(status, repeat, day(due), day(done_on) if done_on else None, ticks)  # type: ignore[arg-type]

    def _periods(self, key: tuple[str, int, tuple[tuple[str, int], ...]]) -> str:
        """As :func:`lawgov_cli.fields.periods_text`."""
        repeat, due, ticked = key
        if not repeat:
            return ""
        keys = self.period_keys[(repeat, date.fromordinal(due).year)]
        if not keys:
            return ""
        done = len(keys.intersection(dict(ticked)))
        text: str = self.ticked_texts[(done, len(keys))]
        return text


__all__ = ["COLUMNS", "DATES", "ColumnMaker", "FileColumns"]
