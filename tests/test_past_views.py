"""Views of a past day through the cache: the timelines built from the cache's rows, and each
file's index at the end of a viewed day kept per day (``store/past.py``), never change an answer.

Every answer is compared with the one computed without any cache (``LAWGOV_NO_CACHE=1``).
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from procs import age, synth_city

from conftest import status_json

DAY = "2024-03-15"


@pytest.fixture
def synthetic(tmp_path: Path) -> Path:
    return synth_city(tmp_path / "city", 900, 6, 5)


def _status(run, ws: Path, monkeypatch: pytest.MonkeyPatch, as_of: str = DAY, *, cache: bool = True) -> dict:  # type: ignore[no-untyped-def]
    return status_json(run, ws, monkeypatch, as_of=as_of, cache=cache)


def _day_files(ws: Path) -> list[Path]:
    return sorted((ws / ".lawgov-cache").glob("past-*.marshal"))


def _kept(ws: Path, day: str = DAY) -> dict[str, object]:
    from lawgov_cli.store.cache import TaskCache

    return TaskCache.open(ws).read_past(date.fromisoformat(day))


def test_a_past_day_is_kept_and_read_back_with_the_same_answer(run, synthetic: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    truth = _status(run, synthetic, monkeypatch, cache=False)
    assert _day_files(synthetic) == []
    first = _status(run, synthetic, monkeypatch)
    [kept] = _day_files(synthetic)
    assert kept.name.endswith(f"-{DAY}.marshal") and len(_kept(synthetic)) == 6
    written = kept.stat().st_mtime_ns
    second = _status(run, synthetic, monkeypatch)  # read back, not written again
    assert first == second == truth
    assert kept.stat().st_mtime_ns == written
    today = _status(run, synthetic, monkeypatch, "2024-07-01")
    assert today != truth and _day_files(synthetic) == [kept]  # today's view keeps no day


def _tick_by_hand(ws: Path, on: str) -> tuple[str, Path]:
    """A clerk marks an open one-off task done in the file, dated ``on`` (no lawgov involved)."""
    import tomllib

    for path in sorted((ws / "tasks").glob("*.toml")):
        text = path.read_text("utf-8")
        for task in tomllib.loads(text)["tasks"]:
            if task.get("status") == "todo" and not task.get("repeat"):
                start = text.index(f'id = "{task["id"]}"')
                status_at = text.index('status = "todo"', start)
                end = status_at + len('status = "todo"')
                path.write_text(text[:status_at] + f'status = "done"\ndone_on = {on}' + text[end:], "utf-8")
                return task["id"], path
    raise AssertionError("no open task")


def test_a_hand_edit_makes_its_file_computed_again(run, synthetic: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    before = _status(run, synthetic, monkeypatch)
    _tick_by_hand(synthetic, "2024-03-01")  # counts from March 1st: the view of March 15th changes
    age(synthetic / "tasks", 60)
    truth = _status(run, synthetic, monkeypatch, cache=False)
    assert truth["totals"]["done"] == before["totals"]["done"] + 1
    assert _status(run, synthetic, monkeypatch) == truth  # the edited file's entry is not used
    assert _status(run, synthetic, monkeypatch) == truth  # and the new one kept is


def test_a_command_appending_history_makes_its_file_computed_again(run, synthetic: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    before = _status(run, synthetic, monkeypatch)
    monkeypatch.delenv("LAWGOV_NO_CACHE", raising=False)
    today = json.loads(run("--dir", str(synthetic), "--as-of", "2024-07-01", "status", "--format", "json").out)
    # Overdue then and still open today, due before March 1st, one-off: ``done --on`` March 1st.
    then = {item["id"] for item in before["overdue"] if item["due"] < "2024-03-01"}
    shown = run("--dir", str(synthetic), "list", "--format", "json").out
    one_off = {task["id"] for task in json.loads(shown)["tasks"] if not task.get("repeat")}
    task_id = next(item["id"] for item in today["overdue"] if item["id"] in then & one_off)
    result = run("--dir", str(synthetic), "--as-of", "2024-07-01", "done", task_id, "--on", "2024-03-01")
    assert result.code == 0, result.err
    age(synthetic / "tasks", 60)
    truth = _status(run, synthetic, monkeypatch, cache=False)
    assert truth["totals"]["done"] == before["totals"]["done"] + 1
    assert _status(run, synthetic, monkeypatch) == truth
    assert _status(run, synthetic, monkeypatch) == truth


def test_a_damaged_day_file_is_ignored_and_written_again(run, synthetic: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    truth = _status(run, synthetic, monkeypatch)
    [kept] = _day_files(synthetic)
    data = bytearray(kept.read_bytes())
    data[len(data) // 2] ^= 0xFF  # a flipped bit: the checksum no longer matches
    kept.write_bytes(bytes(data))
    assert _kept(synthetic) == {}
    assert _status(run, synthetic, monkeypatch) == truth
    assert len(_kept(synthetic)) == 6  # written again
    kept.write_bytes(b"")  # truncated
    assert _status(run, synthetic, monkeypatch) == truth


def test_an_entry_of_the_wrong_shape_is_computed_again(run, synthetic: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """An entry that passes the checksum but not the shape check (another writer's bug) is
    never decoded into a view."""
    from lawgov_cli.store.cache import TaskCache

    truth = _status(run, synthetic, monkeypatch)
    cache = TaskCache.open(synthetic)
    files = cache.read_past(date.fromisoformat(DAY))
    name = sorted(files)[0]
    key, entry = files[name]
    files[name] = (key, (entry[0], entry[1][:-1], *entry[2:]))  # one status code short
    cache.write_past(date.fromisoformat(DAY), files)
    assert _status(run, synthetic, monkeypatch) == truth


def test_only_the_latest_days_are_kept(run, synthetic: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from lawgov_cli.store.cache import PAST_DAYS

    days = [(date(2024, 2, 1) + timedelta(days=7 * n)).isoformat() for n in range(PAST_DAYS + 2)]
    for day in days:
        _status(run, synthetic, monkeypatch, day)
    kept = [path.name.rsplit("-", 3)[-3:] for path in _day_files(synthetic)]
    assert len(kept) == PAST_DAYS
    assert sorted("-".join(k).removesuffix(".marshal") for k in kept) == days[-PAST_DAYS:]
    for day in (days[0], days[-1]):
        assert _status(run, synthetic, monkeypatch, day) == _status(run, synthetic, monkeypatch, day, cache=False)


def test_timelines_from_the_cache_rows_equal_the_ledgers(synthetic: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The timelines built from the cache's rows (ordinals, no Task built) are the ones
    ``ledger.timeline`` gives for the built tasks, task by task."""
    from lawgov_cli.store.index import build_timelines
    from lawgov_cli.store.load import load_workspace

    monkeypatch.delenv("LAWGOV_NO_CACHE", raising=False)
    load_workspace(synthetic, detail=False)  # fills the cache
    workspace = load_workspace(synthetic, detail=False)
    compared = 0
    for shard in workspace.shards:
        assert shard.rows_source is not None
        found = shard.rows_source()
        assert found is not None
        built = build_timelines(found[0], found[1], shard.changed)
        assert built == _reference(shard.tasks, shard.history, shard.changed)
        compared += len(built)
    assert compared > 300


def _reference(tasks, history, changed) -> dict:  # type: ignore[no-untyped-def]
    from lawgov_cli.ledger import UNDATED, by_task, timeline
    from lawgov_cli.store.index import index_row

    grouped = by_task(history)
    return {
        i: tuple(
            (start, index_row(s.status, t.repeat, s.due, s.periods, s.done_on) if s else None)
            for start, s in timeline(t, grouped.get(t.id, ()))
        )
        for i, (t, last) in enumerate(zip(tasks, changed, strict=True))
        if last not in (0, UNDATED)
    }


def _random_task(rng: random.Random, n: int):  # type: ignore[no-untyped-def]
    from lawgov_cli.model import HistoryEntry, Metric, Task
    from lawgov_cli.periods import period_tuple

    repeat = rng.choice(["", "", "monthly", "quarterly", "yearly"])
    due = date(2024, 1, 1) + timedelta(days=rng.randrange(366))
    keys = [p.key for p in period_tuple(repeat, 2024)] if repeat else []
    status = rng.choice(["todo", "doing", "reported", "done", "dropped"])
    done_on = due + timedelta(days=rng.randrange(-60, 60)) if status == "done" and rng.random() < 0.8 else None
    periods = {k: date(2024, 1, 1) + timedelta(days=rng.randrange(400)) for k in keys if rng.random() < 0.4}
    task = Task(
        f"T{n}", "t", "measure", "d1", due, repeat=repeat, status=status, done_on=done_on, periods=periods,  # type: ignore[arg-type]
        metrics=[Metric("率", "%", None, 90.0, None)],
    )
    entries = []
    for _ in range(rng.randrange(0, 7)):
        day = date(2024, 1, 1) + timedelta(days=rng.randrange(-20, 380))
        at = f"{day.isoformat()}T{rng.randrange(24):02d}:00:00+08:00"
        on = rng.choice([day.isoformat(), "", day.isoformat(), "not a day"])
        action, old, new = rng.choice(
            [
                ("add", "", ""),
                ("carry", "", ""),
                ("sync", "", "added"),
                ("sync", "x", "y"),
                ("start", "todo", "doing"),
                ("done", "doing", "done"),
                ("reopen", "done", "todo"),
                ("drop", "todo", "dropped"),
                ("report", "doing", "reported"),
                ("approve", "reported", "done"),
                ("hand", "todo", "done"),
                ("tick", "", rng.choice(keys or [""])),
                ("untick", rng.choice(keys or [""]), ""),
                ("due", due.isoformat(), (due + timedelta(days=30)).isoformat()),
                ("due", "garbage", (due + timedelta(days=9)).isoformat()),
                ("due", due.isoformat(), "garbage"),
                ("note", "", "done"),
                ("record", "", "80"),
                ("extend-request", "", "2024-12-31"),
            ]
        )
        entries.append(HistoryEntry(at, "人", task.id, action, old, new, "率：x", on))
    return task, entries


def test_timelines_from_rows_equal_the_ledgers_on_random_histories() -> None:
    """Random tasks and histories (every action the counted state depends on, due dates moved,
    periods ticked and unticked, hand edits, entries without an effective date)."""
    from lawgov_cli.ledger import by_task, footprint
    from lawgov_cli.store.index import build_timelines, history_row, ledger_row

    rng = random.Random(15)
    compared = 0
    for _ in range(40):
        made = [_random_task(rng, n) for n in range(60)]
        tasks = [task for task, _ in made]
        history = [entry for _, entries in made for entry in entries]
        rng.shuffle(history)  # file order is not effective order
        changed = footprint(tasks, by_task(history)).changed
        built = build_timelines([ledger_row(t) for t in tasks], [history_row(e) for e in history], changed)
        assert built == _reference(tasks, history, changed)
        compared += len(built)
    assert compared > 500


def test_day_files_of_another_cache_format_are_removed_never_ours(run, synthetic: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _status(run, synthetic, monkeypatch)
    [ours] = _day_files(synthetic)
    folder = synthetic / ".lawgov-cache"
    old = folder / "past-1-py39-2024-03-15.marshal"
    old.write_bytes(b"old")
    stranger = folder / "past-notes.txt"
    stranger.write_bytes(b"mine")
    path = sorted((synthetic / "tasks").glob("*.toml"))[0]
    path.write_text(path.read_text("utf-8") + "\n# touched\n", "utf-8")  # the next read saves the index
    age(synthetic / "tasks", 60)
    _status(run, synthetic, monkeypatch, "2024-07-01")
    assert not old.exists() and ours.exists() and stranger.read_bytes() == b"mine"


def test_timelines_cover_the_tasks_changed_after_the_earliest_day_viewed(run, synthetic: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A view of day D builds the timelines of the tasks changed after D only; a view of an earlier
    day builds them again, covering more; a later day reads them.  Every answer as without cache."""

    from lawgov_cli.store.cache import ROWS_DIR
    from lawgov_cli.store.cache import _read_sealed as read_sealed

    def covered() -> set[int]:
        folder = synthetic / ".lawgov-cache" / ROWS_DIR
        return {read_sealed(p)[2] for p in folder.glob("*.timelines")}

    for day, after in (("2024-06-01", "2024-06-01"), ("2024-02-01", "2024-02-01"), ("2024-04-01", "2024-02-01")):
        assert _status(run, synthetic, monkeypatch, day) == _status(run, synthetic, monkeypatch, day, cache=False)
        assert covered() == {date.fromisoformat(after).toordinal()}, day
