"""A view of a past day: every file's index at the end of that day, kept in the cache.

A file's index on a past day comes from its tasks' timelines (``Shard.at``): a binary search per
changed task, but at 100,000 tasks that is reading every file's timelines and walking 60,000 of
them, three times today's view.  The cache therefore also keeps, per day viewed, each file's
index at the end of that day (``past-<format>-py<v>-<day>.marshal``, the latest
:data:`~lawgov_cli.store.cache.PAST_DAYS` days): the next view of that day reads one file.

Each file's entry carries the file's key (size, mtime, inode, ctime) when it was computed, and is
used only while the file still has that key: a file edited by hand, or by a command appending
to its history, has its entry computed again (from its timelines, themselves rebuilt for the new
key), and the day's file is written again with it.  A file whose hand edits carry no date is
replayed on every view (its state depends on the clock) and has no entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from lawgov_cli.store.cache import FileKey, TaskCache, racy
from lawgov_cli.store.index import PastEntry, Shard, valid_past_entry


def prepare_view(shards: Sequence[object], day: date, clock: date | None) -> None:
    """Before a view of ``day``: give each file the entry kept for that day (when its key is
    unchanged); compute the others' in worker processes when there are many (building the
    timelines the cache lacks); and keep them all for the next view of that day, once the
    view has computed those the workers did not deliver."""
    wanting = [s for s in shards if isinstance(s, Shard) and s.needs_past_entry(day, clock)]
    if not wanting:
        return
    from lawgov_cli.store.parallel import prefetch_past

    caches = {id(s.past_key[0]): s.past_key[0] for s in wanting if s.past_key is not None}
    cache = next(iter(caches.values())) if len(caches) == 1 else None
    if not isinstance(cache, TaskCache):
        prefetch_past(wanting, day, clock)
        return
    limit = day.toordinal()
    kept = cache.read_past(day)
    files: dict[str, tuple[FileKey, PastEntry]] = {}
    missing: list[Shard] = []
    for shard in wanting:
        if shard.past_key is None:
            missing.append(shard)
            continue
        _, name, key = shard.past_key
        found = kept.get(name)
        try:
            same = found is not None and tuple(found[0]) == key and valid_past_entry(found[1], shard.count_ids)
        except (TypeError, IndexError):
            same = False
        if same:
            assert found is not None
            shard.past = {**(shard.past or {}), limit: found[1]}
            files[name] = (key, found[1])
        else:
            missing.append(shard)
    if not missing:
        return
    prefetch_past(missing, day, clock)
    if not cache.writable:
        return
    waiting: set[int] = set()
    for shard in missing:
        if shard.past_key is None:
            continue
        entry = (shard.past or {}).get(limit)
        if entry is None:
            waiting.add(id(shard))  # computed when the view asks (on_past below)
        elif not racy(shard.past_key[2]):  # racily clean: may change again within the same tick
            files[shard.past_key[1]] = (shard.past_key[2], entry)
    if not waiting:
        cache.write_past(day, files)
        return

    def keep(shard: Shard, on: int, entry: PastEntry) -> None:
        if on != limit or id(shard) not in waiting or shard.past_key is None:
            return
        waiting.discard(id(shard))
        _, name, key = shard.past_key
        if not racy(key):  # racily clean: may change again within the same tick (never kept)
            files[name] = (key, entry)
        if not waiting:  # the view has computed every entry it lacked: keep them all, once
            cache.write_past(day, files)

    for shard in missing:
        if shard.past_key is not None:
            shard.on_past = keep
