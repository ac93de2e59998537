"""A first read spread over worker processes (store/parallel.py) gives what the read in-process
gives: the same counts, the same cache, the same one-line error for a broken file.

The workers are forced on for small workspaces with ``LAWGOV_PARALLEL_BYTES=0`` and
``LAWGOV_JOBS=2``; ``LAWGOV_JOBS=1`` is the read in-process.  Real TOML files in ``tmp_path``.
"""

from __future__ import annotations

import json
import marshal
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from procs import LAWGOV, age, lawgov, stopped_at, synth_city

from conftest import snapshot

POOL = {"LAWGOV_JOBS": "2", "LAWGOV_PARALLEL_BYTES": "0"}
IN_PROCESS = {"LAWGOV_JOBS": "1"}


def _task_block(text: str, task_id: str) -> tuple[int, int]:
    """(start, end) of the ``[[tasks]]`` table of ``task_id`` in a department file's text."""
    start = text.index(f'id = "{task_id}"')
    following = [text.find(mark, start) for mark in ("\n[[tasks]]", "\n[[history]]")]
    end = min([at for at in following if at != -1] or [len(text)])
    return start, end


def _hand_edit(ws: Path) -> None:
    """Edits a clerk makes in an editor, with no history entry: a status set to done with its date,
    a status set to doing (undated: counts from the clock), a period ticked by hand."""
    files = sorted((ws / "tasks").glob("*.toml"))
    first = files[0].read_text("utf-8")
    todo = re.findall(r'id = "(T\d+)"\n(?:(?!\[\[).*\n)*?repeat = ""\nstatus = "todo"', first)
    assert len(todo) >= 2
    for task_id, replacement in (
        (todo[0], 'status = "done"\ndone_on = 2024-03-01'),
        (todo[1], 'status = "doing"'),
    ):
        start, end = _task_block(first, task_id)
        block = first[start:end].replace('status = "todo"', replacement, 1)
        first = first[:start] + block + first[end:]
    files[0].write_text(first, "utf-8")
    second = files[1].read_text("utf-8")
    table = second.index("[tasks.periods]\n") + len("[tasks.periods]\n")
    ticked = second[table : second.find("\n\n", table)]
    key = next(f"2024-{m:02d}" for m in range(12, 0, -1) if f"2024-{m:02d} =" not in ticked)
    files[1].write_text(second[:table] + f"{key} = 2024-02-20\n" + second[table:], "utf-8")


@pytest.fixture
def city(tmp_path: Path) -> Path:
    out = synth_city(tmp_path / "city", 1500, 9, 7)
    _hand_edit(out)
    age(out / "tasks", 60)
    return out


def _status(run, ws: Path, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], *args: str) -> str:
    for name in ("LAWGOV_JOBS", "LAWGOV_PARALLEL_BYTES", "LAWGOV_NO_CACHE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("LAWGOV_TODAY", "2024-07-15")
    result = run("--dir", str(ws), *args)
    assert result.code == 0, result.err
    return result.out


def _index(ws: Path) -> dict[str, object]:
    from lawgov_cli.store.cache import CACHE_DIR, INDEX_FILE
    from lawgov_cli.store.cache import _read_sealed as read_sealed

    files = read_sealed(ws / CACHE_DIR / INDEX_FILE)["files"]
    assert isinstance(files, dict)
    # The open periods are a marshal blob: compared decoded (marshal's bytes for equal values may
    # differ in how shared tuples are referenced).
    return {name: (*entry[:7], marshal.loads(entry[7]), *entry[8:]) for name, entry in files.items()}


VIEWS = [
    ("--as-of", "2024-07-01", "status"),
    ("--as-of", "2024-07-01", "status", "--format", "json"),
    ("--as-of", "2024-03-15", "status", "--format", "json"),
    ("--as-of", "2024-12-31", "status"),
]


def test_a_cold_read_in_workers_equals_the_read_in_process_and_the_warm_one(
    run, city: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    truth = [_status(run, city, monkeypatch, {"LAWGOV_NO_CACHE": "1"}, *view) for view in VIEWS]
    overview = json.loads(truth[1])
    assert overview["totals"]["tasks"] == 1500 and overview["totals"]["done"] > 0
    assert truth[2] != truth[1]  # the past day differs: the ledger is replayed, hand edits dated
    by_path: dict[str, dict[str, object]] = {}
    for label, env in (("pool", POOL), ("in-process", IN_PROCESS)):
        for number, view in enumerate(VIEWS):
            shutil.rmtree(city / ".lawgov-cache", ignore_errors=True)
            cold = _status(run, city, monkeypatch, env, *view)
            warm = _status(run, city, monkeypatch, env, *view)
            assert cold == warm == truth[number], (label, view)
        by_path[label] = _index(city)
    # The workers wrote the very cache the read in-process writes (rows are read back above).
    assert by_path["pool"] == by_path["in-process"]
    assert len(by_path["pool"]) == 9


def test_the_workers_hand_back_every_file_but_a_broken_one(city: Path) -> None:
    from lawgov_cli.store.cache import ROWS_DIR, TaskCache, file_key
    from lawgov_cli.store.parallel import parse_in_workers

    broken = city / "tasks" / "d004.toml"
    broken.write_text(broken.read_text("utf-8").replace('status = "todo"', 'status = "finished"', 1), "utf-8")
    age(city / "tasks", 60)
    cache = TaskCache.open(city)
    stale = [(p.name, file_key(p.stat())) for p in sorted((city / "tasks").glob("*.toml"))]
    found = parse_in_workers(cache, stale, 2)
    assert sorted(found) == [name for name, _ in stale if name != "d004.toml"]
    for name, key in stale:
        if name in found:
            assert tuple(found[name][0]) == key
            assert (city / ".lawgov-cache" / ROWS_DIR / f"{name}.marshal").is_file()


BREAKAGES = [
    ("d003.toml", 'status = "todo"', 'status = "finished"', "finished"),  # validation
    ("d003.toml", 'status = "todo"', 'status = "todo', "d003.toml"),  # TOML syntax
    ("d005.toml", 'owner = "d005"', 'owner = "d001"', "d005.toml"),  # task in another's file
    ("d006.toml", "due = 2024-", 'due = "someday"\n#', "someday"),  # not a date
]


@pytest.mark.parametrize(("name", "old", "new", "named"), BREAKAGES)
def test_a_broken_file_is_the_same_one_line_error_with_workers(
    run, city: Path, monkeypatch: pytest.MonkeyPatch, name: str, old: str, new: str, named: str
) -> None:
    path = city / "tasks" / name
    path.write_text(path.read_text("utf-8").replace(old, new, 1), "utf-8")
    later = city / "tasks" / "d008.toml"  # a later file broken too: the first one is named
    later.write_text(later.read_text("utf-8").replace('status = "todo"', 'status = "nope"', 1), "utf-8")
    age(city / "tasks", 60)
    before = snapshot(city)
    errors = []
    for env in (POOL, IN_PROCESS):
        shutil.rmtree(city / ".lawgov-cache", ignore_errors=True)
        for name_ in ("LAWGOV_JOBS", "LAWGOV_PARALLEL_BYTES"):
            monkeypatch.delenv(name_, raising=False)
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        result = run("--dir", str(city), "--as-of", "2024-07-01", "status")
        assert result.code == 2 and result.out == ""
        assert result.err.count("\n") == 1 and "Traceback" not in result.err
        assert named in result.err and "nope" not in result.err
        errors.append(result.err)
        assert snapshot(city) == before  # nothing written
    assert errors[0] == errors[1]


def test_worker_count_follows_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from lawgov_cli.store.parallel import PARALLEL_BYTES, usable_cpus, worker_count

    for name in ("LAWGOV_JOBS", "LAWGOV_PARALLEL_BYTES"):
        monkeypatch.delenv(name, raising=False)
    assert worker_count(500, PARALLEL_BYTES - 1) == 0  # too little to read: no fork
    assert worker_count(1, 10 * PARALLEL_BYTES) == 0  # one file: nothing to share
    assert worker_count(500, PARALLEL_BYTES) == min(usable_cpus(), 8)
    monkeypatch.setenv("LAWGOV_JOBS", "1")
    assert worker_count(500, 10 * PARALLEL_BYTES) == 1  # < 2: the read stays in-process
    monkeypatch.setenv("LAWGOV_JOBS", "3")
    monkeypatch.setenv("LAWGOV_PARALLEL_BYTES", "0")
    assert worker_count(2, 1) == 2 and worker_count(9, 1) == 3
    monkeypatch.setenv("LAWGOV_JOBS", "many")
    assert worker_count(9, 1) == 0


@pytest.mark.skipif(LAWGOV is None, reason="the lawgov script is not installed next to python")
def test_a_reader_killed_while_its_workers_read_leaves_the_lock_free(city: Path) -> None:
    """``done`` reads the workspace under the lock; killed just after starting its workers, the
    workers (which inherited the lock) stop and the next writer gets through; nothing changed."""
    before = snapshot(city)
    todo = re.search(r'id = "(T\d+)"\n(?:(?!\[\[).*\n)*?repeat = ""\nstatus = "todo"', before["tasks/d002.toml"].decode())
    assert todo is not None
    killed = lawgov(city, "done", todo.group(1), LAWGOV_TEST_POINT="parallel.started:kill", **POOL)
    assert killed.returncode == -9
    assert snapshot(city) == before
    done = lawgov(city, "done", todo.group(1), LAWGOV_LOCK_TIMEOUT="60", **POOL)
    assert done.returncode == 0, done.stderr
    assert snapshot(city) != before


def _timelines(ws: Path) -> dict[str, object]:
    from lawgov_cli.store.cache import CACHE_DIR, ROWS_DIR
    from lawgov_cli.store.cache import _read_sealed as read_sealed

    folder = ws / CACHE_DIR / ROWS_DIR
    kept = {p.name: read_sealed(p) for p in sorted(folder.glob("*.timelines"))}
    # (key, timelines, the day after which they cover every changed task)
    return {name: (key, marshal.loads(blob), *after) for name, (key, blob, *after) in kept.items()}


def test_the_first_view_of_a_past_day_builds_the_same_timelines_in_workers(
    run, city: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = {}
    answers = {}
    # Workers leave the timelines to the first past view (by default): it builds them in workers.
    for label, env in (("pool", POOL), ("in-process", IN_PROCESS)):
        shutil.rmtree(city / ".lawgov-cache", ignore_errors=True)
        _status(run, city, monkeypatch, env, "--as-of", "2024-07-15", "status")  # today: none built
        assert _timelines(city) == {}
        answers[label] = _status(run, city, monkeypatch, env, "--as-of", "2024-03-15", "status", "--format", "json")
        kept[label] = _timelines(city)
    assert answers["pool"] == answers["in-process"]
    # Every file but the first, whose undated hand edit makes its tasks replayed instead.
    assert sorted(kept["pool"]) == [f"d00{n}.toml.timelines" for n in range(2, 10)]
    assert kept["pool"] == kept["in-process"]


def test_the_index_row_is_the_progress_rule_and_finished_late() -> None:
    """``index_row`` (computed without building dates) says what ``first_open_due_of`` and
    ``late_days_of`` say, for every status and repeat, ticked periods early, late or missing."""
    from datetime import date

    from lawgov_cli.ledger import late_days_of
    from lawgov_cli.model import REPEATS, STATUSES
    from lawgov_cli.periods import first_open_due_of, period_tuple
    from lawgov_cli.store.index import STATUS_CODES, index_row

    due = date(2024, 12, 31)
    checked = 0
    for repeat in REPEATS:
        keys = [p.key for p in period_tuple(repeat, 2024)]
        tick_sets: list[dict[str, date]] = [
            {},
            {key: date(2024, 1, 5) for key in keys},  # all ticked, early
            {key: date(2025, 2, 1) for key in keys[:1]},  # the first ticked late
            {key: date(2024, 1, 5) for key in keys[1:]},  # the first missing
            {"2023-01": date(2023, 1, 2)},  # a key of no period
        ]
        for status in STATUSES:
            for ticked in tick_sets:
                for done_on in (None, date(2024, 6, 1), date(2025, 1, 3)):
                    first = first_open_due_of(status, repeat, due, ticked)
                    row = index_row(status, repeat, due, ticked, done_on)
                    assert row[0] == STATUS_CODES[status]
                    assert row[1] == (first.toordinal() if first else 0)
                    assert row[3] == (late_days_of(status, repeat, due, done_on, ticked) > 0)
                    unticked = [(p.key, p.due.toordinal()) for p in period_tuple(repeat, 2024) if p.key not in ticked]
                    assert list(row[2]) == (unticked if first is not None and repeat else [])
                    checked += 1
    assert checked == 4 * 5 * 5 * 3


def _stopped_with_its_workers(city: Path, *args: str, start_new_session: bool = False) -> tuple[subprocess.Popen[str], list[str]]:
    """A cold ``lawgov --as-of 2024-07-01 ARGS`` stopped (SIGSTOP, by its test point) once its two
    workers have started reading; the process and the workers' pids."""
    return stopped_at("parallel.started", city, args, POOL, 2, start_new_session=start_new_session)


@pytest.mark.skipif(LAWGOV is None, reason="the lawgov script is not installed next to python")
@pytest.mark.skipif(sys.platform != "linux", reason="finds the workers with ps --ppid and /proc")
def test_ctrl_c_while_the_workers_read_stops_them_all(city: Path) -> None:
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) while the workers read:
    the command ends as an interrupted command does (exit 130, no traceback) and no worker is
    left behind; nothing in the workspace changed."""
    import signal

    assert LAWGOV is not None
    before = snapshot(city)
    proc, workers = _stopped_with_its_workers(city, "status", start_new_session=True)
    os.killpg(proc.pid, signal.SIGINT)
    os.kill(proc.pid, signal.SIGCONT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "Traceback" not in err and out == ""
    for pid in map(int, workers):
        # Reaped by the reader before it exited: the pid is gone (or, rarely, reused by another program).
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            continue
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            assert b"lawgov" not in cmdline.read()
    assert snapshot(city) == before


@pytest.mark.skipif(LAWGOV is None, reason="the lawgov script is not installed next to python")
@pytest.mark.skipif(sys.platform != "linux", reason="finds the workers with ps --ppid")
def test_a_worker_killed_midway_costs_time_not_the_answer(city: Path) -> None:
    """A worker killed (the OOM killer, an admin) delivers less; the reader parses the rest
    itself and answers exactly what the read in-process answers."""
    import signal

    assert LAWGOV is not None
    expected = lawgov(city, "--as-of", "2024-07-01", "status", "--format", "json", **IN_PROCESS)
    assert expected.returncode == 0, expected.stderr
    shutil.rmtree(city / ".lawgov-cache")
    proc, workers = _stopped_with_its_workers(city, "status", "--format", "json")
    os.kill(int(workers[0]), signal.SIGKILL)
    os.kill(proc.pid, signal.SIGCONT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and err == ""
    assert out == expected.stdout


def test_a_cold_read_in_workers_keeps_the_timelines_a_past_view_reads(
    run, city: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Asked to (``LAWGOV_COLD_TIMELINES=1``), workers build each file's timelines while its tasks
    are in hand: every changed task's (a past view builds those of the tasks changed after its day
    only, the same ones), and a past view then builds none."""
    monkeypatch.setenv("LAWGOV_COLD_TIMELINES", "1")
    shutil.rmtree(city / ".lawgov-cache", ignore_errors=True)
    _status(run, city, monkeypatch, IN_PROCESS, "--as-of", "2024-07-15", "status")
    assert _timelines(city) == {}
    truth = _status(run, city, monkeypatch, IN_PROCESS, "--as-of", "2024-03-15", "status", "--format", "json")
    built = _timelines(city)
    shutil.rmtree(city / ".lawgov-cache")
    _status(run, city, monkeypatch, POOL, "--as-of", "2024-07-15", "status")
    cold = _timelines(city)
    assert sorted(cold) == sorted(built) and len(built) == 8
    for name, (key, timelines, after) in cold.items():
        past_key, past, past_after = built[name]
        assert (key, after) == (past_key, 0) and past_after > 0
        assert past == {i: steps for i, steps in timelines.items() if i in past} and len(past) < len(timelines)
    assert _status(run, city, monkeypatch, POOL, "--as-of", "2024-03-15", "status", "--format", "json") == truth
    assert _timelines(city) == cold  # read, not built again
