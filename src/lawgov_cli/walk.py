"""Every task of a view, in id order, one department file at a time.

The commands that print every task of a city (``list``, the JSON and XLSX exports, the bulletin)
walk the files in :func:`~lawgov_cli.model.task_sort_key` order without holding every task: a
file's tasks are built (or its cached rows read) when its first task comes up and let go after
its last.  Ids are usually contiguous within a file, so about one file is held at a time.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from lawgov_cli.model import task_sort_key

if TYPE_CHECKING:
    from lawgov_cli.model import Task, TaskFile
    from lawgov_cli.progress import Progress, TaskState


_PLAIN_IDS = re.compile(r"([A-Za-z]+)\d+")


def id_order(ids: Sequence[str]) -> Sequence[int]:
    """Positions of ``ids`` in :func:`~lawgov_cli.model.task_sort_key` order (ties in the given
    order).  When every id is the same letters and the same number of digits (``T000001`` …,
    as a generated city's) that order is the text's own: no key is computed (and ids already
    in order give a ``range``).

    >>> list(id_order(["M1.10", "M1.2", "D1"])), list(id_order(["T02", "T01", "T10"]))
    ([1, 0, 2], [1, 0, 2])
    """
    if ids:
        first = _PLAIN_IDS.fullmatch(ids[0])
        if first is not None and ids[0].isascii():
            prefix = first.group(1)
            # Tested a column at a time (no Python test per id): the same length, the same
            # letters, and only ASCII digits after them.
            if len(set(map(len, ids))) == 1 and all(map(str.startswith, ids, itertools.repeat(prefix))):
                digits = "".join(map(operator.itemgetter(slice(len(prefix), None)), ids))
                if digits.isdecimal() and digits.isascii():
                    if all(map(operator.le, ids, itertools.islice(ids, 1, None))):
                        return range(len(ids))
                    return sorted(range(len(ids)), key=ids.__getitem__)
    keys = [sort_key(i) for i in ids]
    return sorted(range(len(ids)), key=keys.__getitem__)


_RANKS: dict[str, int] = {}
"""The rank task_sort_key gives each id prefix (measures before rectify, duty…)."""


def sort_key(task_id: str) -> tuple[int, str, tuple[int, ...]]:
    """:func:`~lawgov_cli.model.task_sort_key`, without its regular expression for the common
    ids (letters then digits: ``T000123``) and without filling its cache with a city's ids.

    >>> all(sort_key(i) == task_sort_key(i) for i in ("T000123", "M1.2", "S2.10", "x", "A1B2", "P٣"))
    True
    """
    prefix = task_id.rstrip("0123456789.")
    digits = task_id[len(prefix) :]
    if digits.isdecimal() and prefix.isalpha() and prefix.isascii():
        rank = _RANKS.get(prefix)
        if rank is None:
            rank = _RANKS[prefix] = task_sort_key(prefix)[0]
        return (rank, prefix, (int(digits),))
    return task_sort_key(task_id)


def task_files(progress: Progress) -> list[TaskFile]:
    """The department files ``progress`` was evaluated on (those ``Progress.tasks`` lists)."""
    return list(progress._shards)  # the export walks the same files as the view


def positions_in_id_order(shards: list[TaskFile]) -> list[tuple[int, int]]:
    """(file, position) of every task, in id order (ties in file order, as ``Progress.tasks``)."""
    places = [(s, i) for s, shard in enumerate(shards) for i in range(len(shard))]
    return [places[n] for n in id_order([task_id for shard in shards for task_id in shard.ids])]


def runs_in_id_order(shards: list[TaskFile]) -> list[tuple[int, int, int]]:
    """Every task in id order (as :func:`positions_in_id_order`), as runs (file, first position,
    position after the last) of consecutive tasks of one file: a file whose ids all follow one
    another in the order is one run, and an export writes it in one go."""
    order = id_order(list(itertools.chain.from_iterable(shard.ids for shard in shards)))
    sizes = [len(shard) for shard in shards]
    if isinstance(order, range):  # already in order: each file whole
        return [(s, 0, size) for s, size in enumerate(sizes) if size]
    starts = list(itertools.accumulate(sizes, initial=0))
    file_of = [s for s, size in enumerate(sizes) for _ in range(size)]
    runs: list[tuple[int, int, int]] = []
    file, start, after = -1, 0, 0
    for n in order:
        s = file_of[n]
        i = n - starts[s]
        if s == file and i == after:
            after += 1
            continue
        if file >= 0:
            runs.append((file, start, after))
        file, start, after = s, i, i + 1
    if file >= 0:
        runs.append((file, start, after))
    return runs


def states_in_id_order(progress: Progress) -> Iterator[TaskState]:
    """:attr:`Progress.tasks`, one by one, without holding them all: each file's tasks are built
    (from its cached rows) when its first task is due and dropped after its last."""
    from lawgov_cli.store.cache import transient_tasks

    shards = task_files(progress)
    remaining = [len(shard) for shard in shards]
    built: dict[int, list[Task]] = {}
    for s, i in positions_in_id_order(shards):
        tasks = built.get(s)
        if tasks is None:
            tasks = built[s] = transient_tasks(shards[s])
        yield progress.state_of(tasks[i])
        remaining[s] -= 1
        if not remaining[s]:
            del built[s]


__all__ = [
    "id_order",
    "positions_in_id_order",
    "runs_in_id_order",
    "sort_key",
    "states_in_id_order",
    "task_files",
]
