"""Time lawgov as whole processes on synthetic workspaces, next to Taskwarrior on the same tasks.

    .venv/bin/python benchmarks/run.py            # full run (~10 min), writes benchmarks/RESULTS.md
    .venv/bin/python benchmarks/run.py --quick    # bundled, 100 and 10k tasks only, fewer runs

See the header of ``benchmarks/RESULTS.md`` (written by this script) for what is measured and how.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
import tomllib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402  (benchmarks/ is not a package)

VENV_BIN = REPO / ".venv" / "bin"
LAWGOV = VENV_BIN / "lawgov"
PYTHON = VENV_BIN / "python"
AS_OF = date(2024, 7, 1)
MONTH = "2024-06"
"""The bulletin's month: the last complete month before AS_OF."""
PAST = date(2024, 3, 15)
"""A day before most of the synthetic year's changes: its views replay the ledger (timelines)."""
SEED = 1
CACHE_NAME = ".lawgov-cache"
WORK = Path(os.environ.get("LAWGOV_BENCH_DIR", "/tmp/lawgov-bench"))
RESULTS = HERE / "RESULTS.md"
FLOOR_CODE = "import typer, rich.console, rich.table"


# --- one timed process --------------------------------------------------------------------------


TIME_BIN = "/usr/bin/time"
"""GNU time: ``-f %M`` prints the peak RSS of the process it runs (its own fork, not ours)."""
PTY_SIZE = (24, 80)
"""Rows and columns of the pseudo-terminal of the terminal rows: a plain 80-column terminal."""


@dataclass
class Sample:
    wall: float
    """Seconds, spawn to reap."""
    rss_kb: int
    """Peak resident set size of the measured process itself (GNU time ``%M``, KiB)."""
    rc: int


def check_time_bin() -> None:
    """Fail clearly without GNU time: it is what measures each child's own peak memory."""
    probe = (
        subprocess.run([TIME_BIN, "-f", "%M", "true"], capture_output=True, text=True, check=False)
        if Path(TIME_BIN).exists()
        else None
    )
    if probe is None or probe.returncode != 0 or not probe.stderr.strip().isdigit():
        raise SystemExit(
            f"{TIME_BIN} (GNU time) is needed to measure each process's own peak memory: apt-get install time"
        )


def run_once(argv: list[str], env: dict[str, str], out: Path, pty: bool = False) -> tuple[Sample, str]:
    """Run ``argv`` under GNU time, stdout to a file (plain text, as under cron) or to a pty.

    Peak RSS comes from ``/usr/bin/time -f %M``: the measured process is forked by ``time``
    (a 2 MB process), not by this runner.  ``wait4``/``RUSAGE_CHILDREN`` on our own child
    cannot be used: Linux folds the pre-exec memory of the forked (or vforked) child — this
    runner's, which grows to hundreds of MB holding the Taskwarrior import — into the child's
    ``ru_maxrss``.  With ``pty`` the command writes to a pseudo-terminal of PTY_SIZE, drained
    as it writes (what a person at a terminal sees: colours, tables); the output is kept.
    Returns the sample and stderr.
    """
    err_path = out.with_suffix(".err")
    rss_path = out.with_suffix(".rss")
    timed = [TIME_BIN, "-f", "%M", "-o", str(rss_path), *argv]
    if not pty:
        with open(out, "wb") as stdout, open(err_path, "wb") as stderr:
            start = time.perf_counter()
            proc = subprocess.Popen(timed, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr, env=env)
            proc.wait()
            wall = time.perf_counter() - start
    else:
        import fcntl
        import struct
        import termios

        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", PTY_SIZE[0], PTY_SIZE[1], 0, 0))
        pty_env = {k: v for k, v in env.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
        pty_env["TERM"] = "xterm-256color"
        chunks: list[bytes] = []
        with open(err_path, "wb") as stderr:
            start = time.perf_counter()
            proc = subprocess.Popen(
                timed, stdin=slave, stdout=slave, stderr=stderr, env=pty_env, start_new_session=True
            )
            os.close(slave)
            while True:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: every writer of the pty has gone
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            proc.wait()
            wall = time.perf_counter() - start
        os.close(master)
        out.write_bytes(b"".join(chunks))
    rc = proc.returncode
    try:
        rss_lines = rss_path.read_text().split()
        rss = int(rss_lines[-1]) if rss_lines and rss_lines[-1].isdigit() else 0
    except OSError:
        rss = 0
    stderr_text = err_path.read_text("utf-8", "replace").strip()
    return Sample(wall, rss, rc), stderr_text


# --- what is measured ---------------------------------------------------------------------------


@dataclass
class Command:
    name: str
    argv: list[str]
    tool: str  # "lawgov", "task", "python"
    ok_codes: tuple[int, ...] = (0,)
    uses_cache: bool = True
    """lawgov commands that read the workspace: measured cold (cache deleted) and warm."""
    three_ways: bool = True
    """Also timed after one file changed (else warm only: the heavy exports)."""
    cold_too: bool = False
    """Also timed cold (no cache at all: a fresh clone).  Only ``status``: a cold run of a city
    workspace takes tens of seconds, and every command reads the workspace the same way."""
    max_runs: int | None = None
    """At most this many timed runs, and no warm-up (the workbook: it took minutes a run at 100k)."""
    pty: bool = False
    """Output to an 80-column pseudo-terminal instead of a file (what a person sees)."""
    keeps: bool = False
    """Keeps data of its own in the cache (the JSON/CSV exports' encoded lines, the bulletin's
    digests, a past day's index), gone with the cache: its first run after the cache was rebuilt (a fresh clone
    whose first command was ``status``) is timed apart, and its *1 file changed* and *warm* runs
    come after it, so they find what it keeps, as they would on the office's second day."""
    before: Callable[[], None] | None = None
    """Untimed preparation before every run (``done`` restores its file so each run really ticks)."""
    skipped: str = ""
    error: str = ""
    cold: list[Sample] = field(default_factory=list)
    rebuilt: list[Sample] = field(default_factory=list)
    """First run after the cache was rebuilt by another command (``keeps`` only)."""
    changed: list[Sample] = field(default_factory=list)
    """First run after one department file changed (the cache holds the other files)."""
    warm: list[Sample] = field(default_factory=list)


@dataclass
class Case:
    label: str
    tasks: int
    departments: int
    ws: Path
    commands: list[Command] = field(default_factory=list)
    has_cache: bool = False
    runs: int = 0
    notes: list[str] = field(default_factory=list)
    lawgov_overdue: int | None = None
    task_overdue: int | None = None


def lawgov_env() -> dict[str, str]:
    """The environment of the timed Python processes (lawgov and the framework floor).

    Bytecode is cached out of tree (PYTHONPYCACHEPREFIX), even when the caller set
    PYTHONDONTWRITEBYTECODE: an editable install has no .pyc for src/ otherwise, and every run
    would compile lawgov from source, which no installed copy does.  The warm-up fills the cache.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAWGOV_")}
    env.pop("NO_COLOR", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(WORK / "pycache")
    env["LANG"] = env.get("LANG") or "C.UTF-8"
    return env


def lawgov_commands(
    ws: Path, done_id: str, restore: Callable[[], None], more: bool = True, xlsx_runs: int | None = None
) -> list[Command]:
    base = [str(LAWGOV), "--dir", str(ws), "--as-of", AS_OF.isoformat()]
    files = WORK / "run" / f"out-{ws.name}"
    files.mkdir(parents=True, exist_ok=True)
    extra = [
        Command("list", [*base, "list"], "lawgov", three_ways=False),
        Command(
            "export --format json -o F",
            [*base, "export", "--format", "json", "-o", str(files / "export.json")],
            "lawgov",
            three_ways=False,
            keeps=True,
        ),
        Command(
            f"bulletin --month {MONTH}",
            [*base, "bulletin", "--month", MONTH, "-o", str(files / "bulletin.md")],
            "lawgov",
            three_ways=False,
            keeps=True,
        ),
        Command(
            "export --format xlsx -o F",
            [*base, "export", "--format", "xlsx", "-o", str(files / "export.xlsx")],
            "lawgov",
            three_ways=False,
            max_runs=xlsx_runs,
        ),
    ]
    return [
        Command("status", [*base, "status"], "lawgov", cold_too=True),
        Command("status on a terminal", [*base, "status"], "lawgov", pty=True, three_ways=False),
        Command("status --format json", [*base, "status", "--format", "json"], "lawgov"),
        Command(
            "status at a past day",
            [str(LAWGOV), "--dir", str(ws), "--as-of", PAST.isoformat(), "status"],
            "lawgov",
            keeps=True,
        ),
        Command("check --quiet", [*base, "check", "--quiet"], "lawgov", ok_codes=(0, 1)),
        Command(f"done {done_id}", [*base, "done", done_id], "lawgov", before=restore),
        Command("export --format csv", [*base, "export", "--format", "csv"], "lawgov", keeps=True),
        *(extra if more else []),
    ]


def pick_done_task(ws: Path) -> tuple[str, Path]:
    """A todo, one-off task in the middle department file (so ``done`` ticks it for real)."""
    files = sorted((ws / "tasks").glob("*.toml"))
    middle = len(files) // 2
    for path in files[middle:] + files[:middle]:
        for task in tomllib.loads(path.read_text("utf-8")).get("tasks", []):
            if task.get("status", "todo") == "todo" and not task.get("repeat"):
                return task["id"], path
    raise SystemExit(f"no todo task to tick in {ws}")


# --- workspaces ---------------------------------------------------------------------------------


def synth_key() -> str:
    return hashlib.sha256((HERE / "synth.py").read_bytes()).hexdigest()[:12]


def prune_stale() -> None:
    """Remove generated workspaces and Taskwarrior data of older synth.py versions or days."""
    if not WORK.is_dir():
        return
    key, today = synth_key(), f"{date.today():%Y%m%d}"
    for path in WORK.iterdir():
        if path.name.startswith("ws-") and not path.name.endswith(key):
            shutil.rmtree(path, ignore_errors=True)
        if path.name.startswith("tw-") and not path.name.endswith(f"{key}-{today}"):
            shutil.rmtree(path, ignore_errors=True)


def pristine_workspace(tasks: int, departments: int) -> Path:
    """Generated once per (N, M, seed, synth.py) under WORK and reused by later runs."""
    path = WORK / f"ws-{tasks}-{departments}-s{SEED}-{synth_key()}"
    if not (path / "lawgov.toml").exists():
        tmp = path.with_name(path.name + ".partial")
        shutil.rmtree(tmp, ignore_errors=True)
        started = time.perf_counter()
        synth.write(tmp, synth.build(tasks, departments, SEED))
        tmp.rename(path)
        log(f"  generated {tasks} tasks / {departments} files in {time.perf_counter() - started:.1f}s")
    return path


def working_copy(pristine: Path, name: str) -> Path:
    """A fresh copy to run in: commands may write (``done``, the lock, the cache)."""
    ws = WORK / "run" / name
    shutil.rmtree(ws, ignore_errors=True)
    shutil.copytree(pristine, ws, ignore=shutil.ignore_patterns(CACHE_NAME, ".lawgov.lock"))
    return ws


# --- Taskwarrior --------------------------------------------------------------------------------


def taskwarrior() -> str | None:
    return shutil.which("task")


def tw_date(day: date, shift: timedelta, end_of_day: bool) -> str:
    """A Taskwarrior JSON date (UTC) for ``day`` moved by ``shift``, at local 23:59:59 or 00:00.

    Due dates at the end of the local day make ``+OVERDUE`` (due < now) mean what lawgov's
    overdue means (due date before the as-of date), so the two counts can be compared.
    """
    moved = day + shift
    local = (
        datetime(moved.year, moved.month, moved.day, 23, 59, 59)
        if end_of_day
        else datetime(moved.year, moved.month, moved.day, 9, 0, 0)
    )
    return local.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def tw_tasks(ws: Path, shift: timedelta, lean: bool) -> list[dict[str, object]]:
    """The workspace's tasks as Taskwarrior JSON, dates shifted so that AS_OF is today.

    todo/doing -> pending (doing has ``start``), done -> completed, dropped -> deleted;
    description = title, project = department id, tags = kind, notes -> annotations.  A
    recurring task is one task due at its earliest open period (what lawgov flags overdue).
    ``lean``: only description, status, project and due (plus the uuid, entry and end dates
    Taskwarrior keeps for every task): the fields `task summary` needs, the fairest comparison.
    """
    out: list[dict[str, object]] = []
    for path in sorted((ws / "tasks").glob("*.toml")):
        for task in tomllib.loads(path.read_text("utf-8")).get("tasks", []):
            due: date = task["due"]
            repeat = task.get("repeat", "")
            if repeat:
                open_ = [end for key, end in synth.periods(repeat) if key not in task.get("periods", {})]
                due = open_[0] if open_ else due
            status = {"todo": "pending", "doing": "pending", "done": "completed", "dropped": "deleted"}[
                task.get("status", "todo")
            ]
            item: dict[str, object] = {
                "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"lawgov-bench/{task['id']}")),
                "description": task["title"],
                "project": task["owner"],
                "status": status,
                "entry": tw_date(date(2024, 1, 2), shift, False),
                "modified": tw_date(date(2024, 1, 2), shift, False),
                "due": tw_date(due, shift, True),
            }
            if status == "completed":
                item["end"] = tw_date(task.get("done_on", due), shift, False)
            if status == "deleted":
                item["end"] = tw_date(date(2024, 3, 15), shift, False)
            if lean:
                out.append(item)
                continue
            item["tags"] = [task.get("kind", "measure")]
            if task.get("status") == "doing":
                item["start"] = tw_date(date(2024, 2, 1), shift, False)
            notes = task.get("notes", [])
            if notes:
                item["annotations"] = [
                    {
                        "entry": tw_date(date(2024, 1, 5) + timedelta(seconds=i), shift, False),
                        "description": n,
                    }
                    for i, n in enumerate(notes)
                ]
            out.append(item)
    return out


TASKRC = """\
data.location={data}
confirmation=off
hooks=off
verbose=nothing
color=off
detection=off
defaultwidth=160
defaultheight=50
recurrence=off
gc=off
news.version=2.6.2
"""


def tw_env(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["TASKRC"] = str(root / "taskrc")
    env["TASKDATA"] = str(root / "data")
    return env


def tw_database(case: Case, pristine: Path, task_bin: str, lean: bool = True) -> Path:
    """Import the workspace into a private TASKDATA (cached under WORK, keyed by N, M, seed, synth.py
    and today's date, since due dates are shifted relative to today)."""
    shift = date.today() - AS_OF
    kind = "lean" if lean else "rich"
    root = WORK / f"tw-{kind}-{case.tasks}-{case.departments}-s{SEED}-{synth_key()}-{date.today():%Y%m%d}"
    if (root / "ready").exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    (root / "data").mkdir(parents=True)
    (root / "taskrc").write_text(TASKRC.format(data=root / "data"))
    env = tw_env(root)
    tasks = tw_tasks(pristine, shift, lean)
    started = time.perf_counter()
    batch = 10_000
    for start in range(0, len(tasks), batch):
        chunk = root / "import.json"
        chunk.write_text(json.dumps(tasks[start : start + batch], ensure_ascii=False))
        subprocess.run([task_bin, "import", str(chunk)], env=env, check=True, capture_output=True)
    chunk_path = root / "import.json"
    chunk_path.unlink(missing_ok=True)
    # One garbage collection, as a real database would have had: completed and deleted tasks move
    # to completed.data.  The timed runs then use rc.gc=off, so they never write.
    subprocess.run(
        [task_bin, "rc.gc=on", "rc.verbose=nothing", "list", "limit:1"],
        env=env,
        check=False,
        capture_output=True,
    )
    log(f"  task import ({kind}) of {len(tasks)} tasks: {time.perf_counter() - started:.1f}s")
    (root / "ready").write_text("ok\n")
    return root


def tw_commands(task_bin: str, more: bool = True, rich: bool = True) -> list[Command]:
    """Taskwarrior on the lean import (tool "task"); ``task summary (rich import)`` uses "task-rich"."""
    on_tty = ["rc.detection=on", "rc.color=on"]  # as in a default taskrc at a terminal
    cmds = [
        Command("task summary", [task_bin, "summary"], "task", uses_cache=False),
        Command(
            "task summary on a terminal", [task_bin, *on_tty, "summary"], "task", uses_cache=False, pty=True
        ),
        Command("task +OVERDUE count", [task_bin, "+OVERDUE", "count"], "task", uses_cache=False),
    ]
    if more:
        cmds += [
            Command("task list", [task_bin, "list"], "task", uses_cache=False),
            Command("task export > F", [task_bin, "export"], "task", uses_cache=False),
        ]
    if more and rich:
        cmds.append(Command("task summary (rich import)", [task_bin, "summary"], "task-rich", uses_cache=False))
    return cmds


def data_fingerprint(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted((root / "data").glob("*")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# --- running a case -----------------------------------------------------------------------------


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def touch_one_file(ws: Path) -> None:
    """A department edits its file by hand: toggle a trailing comment (size and mtime change).

    The mtime is set 10 s back, as for an edit made a little before the command runs, so lawgov
    may cache the file again (it never caches a file changed in the last 2 s).
    """
    files = sorted((ws / "tasks").glob("*.toml"))
    path = files[len(files) // 3]
    text = path.read_text("utf-8")
    mark = "\n# edited by the benchmark\n"
    path.write_text(text[: -len(mark)] if text.endswith(mark) else text + mark, "utf-8")
    stamp = time.time() - 10
    os.utime(path, (stamp, stamp))


def measure(
    case: Case,
    cmd: Command,
    env_for: dict[str, dict[str, str]],
    cold: bool,
    out: Path,
    changed: bool = False,
) -> Sample | None:
    if cmd.skipped or cmd.error:
        return None
    if cmd.before:
        cmd.before()
    if cold:
        shutil.rmtree(case.ws / CACHE_NAME, ignore_errors=True)
    if changed:
        touch_one_file(case.ws)
    sample, stderr = run_once(cmd.argv, env_for[cmd.tool], out, pty=cmd.pty)
    if sample.rc not in cmd.ok_codes:
        if cmd.tool == "lawgov" and sample.rc == 2 and "No such command" in stderr:
            cmd.skipped = "not in this checkout (`No such command`)"
        else:
            cmd.error = f"exit {sample.rc}: {stderr.splitlines()[0] if stderr else '(no stderr)'}"
        return None
    return sample


def run_case(case: Case, runs: int, budget: float, env_for: dict[str, dict[str, str]]) -> None:
    out = WORK / "run" / f"{case.label.replace('/', '-')}.out"
    # Warm-up: one pass of everything; finds out whether lawgov keeps a cache and how long a pass takes.
    pass_started = time.perf_counter()
    for cmd in case.commands:
        if cmd.max_runs is None:
            measure(case, cmd, env_for, cold=False, out=out)
    pass_time = time.perf_counter() - pass_started
    case.has_cache = (case.ws / CACHE_NAME).exists()
    log(f"  warm-up pass {pass_time:.1f}s; cache: {'yes' if case.has_cache else 'no'}")
    # Then up to `runs` rounds; at least 3, and no new round once the budget would be exceeded.
    started = time.perf_counter()
    last = 0.0
    while case.runs < runs:
        elapsed = time.perf_counter() - started
        if case.runs >= 3 and elapsed + last > budget:
            case.notes.append(f"{case.runs} runs instead of {runs} to stay within a {budget:.0f}s budget")
            break
        round_started = time.perf_counter()
        # Round robin over all commands (lawgov and Taskwarrior alternate), cold then warm.
        for cmd in case.commands:
            if cmd.max_runs is not None and len(cmd.warm) >= cmd.max_runs:
                continue
            if case.has_cache and cmd.keeps:
                # The round's cold `status` deleted the cache and its refill kept rows only.
                sample = measure(case, cmd, env_for, cold=False, out=out)
                if sample:
                    cmd.rebuilt.append(sample)
            if case.has_cache and cmd.tool == "lawgov" and cmd.uses_cache and cmd.three_ways:
                if cmd.cold_too:
                    sample = measure(case, cmd, env_for, cold=True, out=out)
                    if sample:
                        cmd.cold.append(sample)
                    measure(case, cmd, env_for, cold=False, out=out)  # refill the cache, untimed
                sample = measure(case, cmd, env_for, cold=False, out=out, changed=True)
                if sample:
                    cmd.changed.append(sample)
            sample = measure(case, cmd, env_for, cold=False, out=out)
            if sample:
                cmd.warm.append(sample)
        last = time.perf_counter() - round_started
        case.runs += 1
        log(f"  run {case.runs}: {last:.1f}s")
    # Sanity: the overdue counts of the two tools (same tasks, dates shifted for Taskwarrior),
    # on the workspace as generated (``done`` ticked a task: restore its file first).
    for cmd in case.commands:
        if cmd.before:
            cmd.before()
    status_json = next((c for c in case.commands if c.name == "status --format json"), None)
    if status_json and not status_json.error:
        run_once(status_json.argv, env_for["lawgov"], out)
        case.lawgov_overdue = json.loads(out.read_text("utf-8"))["totals"]["overdue"]
    count = next((c for c in case.commands if c.name == "task +OVERDUE count"), None)
    if count and not count.error:
        run_once(count.argv, env_for["task"], out)
        case.task_overdue = int(out.read_text().strip() or 0)


# --- report -------------------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def stats(samples: list[Sample]) -> dict[str, float]:
    walls = [s.wall for s in samples]
    return {
        "median": statistics.median(walls),
        "min": min(walls),
        "max": max(walls),
        "rss_mb": max(s.rss_kb for s in samples) / 1024,
    }


def result_rows(cases: list[Case]) -> list[list[str]]:
    rows = []
    for case in cases:
        for cmd in case.commands:
            if cmd.skipped or cmd.error:
                rows.append(
                    [case.label, cmd.name, "", "", "", "", "", "", cmd.skipped or f"ERROR {cmd.error}"]
                )
                continue
            kinds = [("cold", cmd.cold)] if cmd.cold else []
            kinds += [("first after rebuild", cmd.rebuilt)] if cmd.rebuilt else []
            kinds += [("1 file changed", cmd.changed)] if cmd.changed else []
            kinds = [*kinds, ("warm", cmd.warm)] if kinds else [("", cmd.warm)]
            for mode, samples in kinds:
                if not mode:
                    if cmd.tool != "lawgov" or not cmd.uses_cache:
                        mode = "—"
                    else:
                        mode = "warm" if case.has_cache else "cold=warm"
                s = stats(samples)
                rows.append(
                    [
                        case.label,
                        cmd.name,
                        mode,
                        str(len(samples)),
                        ms(s["median"]),
                        ms(s["min"]),
                        ms(s["max"]),
                        f"{s['rss_mb']:.0f}",
                        "",
                    ]
                )
    return rows


HEADERS = ["workspace", "command", "cache", "runs", "median ms", "min ms", "max ms", "peak RSS MB", "note"]


def find(cases: list[Case], label: str, name: str) -> Command | None:
    for case in cases:
        if case.label == label:
            for cmd in case.commands:
                if cmd.name == name or (name in ("done", "bulletin") and cmd.name.startswith(name + " ")):
                    return cmd if (cmd.warm and not cmd.error) else None
    return None


def targets(cases: list[Case]) -> list[list[str]]:
    """Each target: what, measured, limit, PASS/MISS (or n/a when a side was not measured)."""
    rows: list[list[str]] = []

    def med(cmd: Command | None, cold: bool = False) -> float | None:
        if cmd is None:
            return None
        samples = cmd.cold if cold and cmd.cold else cmd.warm
        return statistics.median(s.wall for s in samples)

    def rss(cmd: Command | None, cold: bool = False) -> float | None:
        """Peak RSS over the warm runs (or the cold ones; Taskwarrior has only one kind)."""
        if cmd is None:
            return None
        samples = cmd.cold if cold and cmd.cold else cmd.warm
        return float(max(s.rss_kb for s in samples))

    def ratio(what: str, a: float | None, b: float | None, limit: float) -> None:
        if a is None or b is None:
            rows.append([what, "n/a", f"≤ {limit}", "n/a"])
            return
        value = a / b
        rows.append([what, f"{value:.2f}", f"≤ {limit}", "PASS" if value <= limit else "MISS"])

    def absolute(what: str, value: float | None, limit: float, strict: bool = False) -> None:
        if value is None:
            rows.append([what, "n/a", f"{'<' if strict else '≤'} {ms(limit)} ms", "n/a"])
            return
        ok = value < limit if strict else value <= limit
        rows.append(
            [what, f"{ms(value)} ms", f"{'<' if strict else '≤'} {ms(limit)} ms", "PASS" if ok else "MISS"]
        )

    k10, k20, k100 = "10k/50", "20k/300", "100k/500"
    summary, summary_tty = "task summary", "task summary on a terminal"
    for label, limit in ((k10, 1.5), (k20, 1.5), (k100, 0.5)):
        ratio(
            f"{label}: `lawgov status` / `task summary` (median wall, warm)",
            med(find(cases, label, "status")),
            med(find(cases, label, summary)),
            limit,
        )
    ratio(
        "100k/500: `lawgov status` / `task summary` (peak RSS, warm)",
        rss(find(cases, k100, "status")),
        rss(find(cases, k100, summary)),
        0.5,
    )
    ratio(
        "100k/500: `lawgov status` / `task summary` (peak RSS, cold)",
        rss(find(cases, k100, "status"), cold=True),
        rss(find(cases, k100, summary)),
        0.5,
    )
    for label, limit in ((k10, 1.5), (k20, 1.5), (k100, 0.5)):
        ratio(
            f"{label}: `lawgov status` / `task summary`, both on an 80-column terminal (median wall, warm)",
            med(find(cases, label, "status on a terminal")),
            med(find(cases, label, summary_tty)),
            limit,
        )
    ratio(
        "100k/500: `lawgov status` / `task summary`, both on a terminal (peak RSS, warm)",
        rss(find(cases, k100, "status on a terminal")),
        rss(find(cases, k100, summary_tty)),
        0.5,
    )
    ratio(
        "100k/500: `lawgov status` cold (no cache) / `task summary` (median wall)",
        med(find(cases, k100, "status"), cold=True),
        med(find(cases, k100, summary)),
        1.5,
    )
    for label in (k10, k100):
        ratio(
            f"{label}: `lawgov status` / `task summary` on the rich import (median wall, warm; for information)",
            med(find(cases, label, "status")),
            med(find(cases, label, "task summary (rich import)")),
            0.5 if label == k100 else 1.5,
        )
    ratio(
        "100k/500: `lawgov list` / `task list` (median wall, warm)",
        med(find(cases, k100, "list")),
        med(find(cases, k100, "task list")),
        0.5,
    )
    ratio(
        "100k/500: `lawgov list` / `task list` (peak RSS, warm)",
        rss(find(cases, k100, "list")),
        rss(find(cases, k100, "task list")),
        0.5,
    )
    ratio(
        "100k/500: `lawgov export --format json -o F` / `task export > F` (median wall, warm)",
        med(find(cases, k100, "export --format json -o F")),
        med(find(cases, k100, "task export > F")),
        0.5,
    )
    ratio(
        "100k/500: `lawgov export --format json -o F` / `task export > F` (peak RSS, warm)",
        rss(find(cases, k100, "export --format json -o F")),
        rss(find(cases, k100, "task export > F")),
        0.5,
    )
    ratio(
        f"100k/500: `lawgov bulletin --month {MONTH}` / `task summary` (median wall, warm)",
        med(find(cases, k100, "bulletin")),
        med(find(cases, k100, summary)),
        1.5,
    )
    ratio(
        f"100k/500: `lawgov bulletin --month {MONTH}` / `task summary` (peak RSS, warm)",
        rss(find(cases, k100, "bulletin")),
        rss(find(cases, k100, summary)),
        1.0,
    )
    ratio(
        "100k/500: `lawgov export --format xlsx -o F` / `task export > F` (median wall, warm)",
        med(find(cases, k100, "export --format xlsx -o F")),
        med(find(cases, k100, "task export > F")),
        5.0,
    )
    ratio(
        "100k/500: `lawgov export --format xlsx -o F` / `task export > F` (peak RSS, warm)",
        rss(find(cases, k100, "export --format xlsx -o F")),
        rss(find(cases, k100, "task export > F")),
        1.0,
    )
    ratio(
        "100k/500: `lawgov check --quiet` / `task +OVERDUE count` (median wall, warm)",
        med(find(cases, k100, "check --quiet")),
        med(find(cases, k100, "task +OVERDUE count")),
        0.5,
    )
    ratio(
        "100k/500: `lawgov check --quiet` / `task +OVERDUE count` (peak RSS, warm)",
        rss(find(cases, k100, "check --quiet")),
        rss(find(cases, k100, "task +OVERDUE count")),
        0.5,
    )
    ratio(
        "100k/500: `lawgov check --quiet` / `task +OVERDUE count` (peak RSS, cold)",
        rss(find(cases, k100, "check --quiet"), cold=True),
        rss(find(cases, k100, "task +OVERDUE count")),
        0.5,
    )
    absolute("100k/500: `lawgov done ID` (median wall, warm)", med(find(cases, k100, "done")), 0.300)
    for label in (k10, k100):
        ratio(
            f"{label}: `lawgov status` at a past day ({PAST}) / today's view ({AS_OF}) (median wall, warm)",
            med(find(cases, label, "status at a past day")),
            med(find(cases, label, "status")),
            2.0,
        )
    ratio(
        "bundled checklists/: `lawgov status` on a terminal / framework floor (median wall, warm)",
        med(find(cases, "bundled", "status on a terminal")),
        med(find(cases, "bundled", "framework floor")),
        1.25,
    )
    ratio(
        "bundled checklists/: `lawgov status` piped / framework floor (median wall, warm)",
        med(find(cases, "bundled", "status")),
        med(find(cases, "bundled", "framework floor")),
        1.25,
    )
    for case in cases:
        if case.label != k100:
            continue
        for cmd in case.commands:
            if cmd.tool == "lawgov" and cmd.uses_cache and cmd.three_ways and not cmd.skipped:
                value = stats(cmd.changed)["median"] if cmd.changed and not cmd.error else None
                absolute(
                    f"100k/500 first run after a file changed: `lawgov {cmd.name}` (median wall)",
                    value,
                    2.0,
                    strict=True,
                )
        for cmd in case.commands:
            if cmd.tool == "lawgov" and cmd.keeps and not cmd.skipped:
                value = stats(cmd.rebuilt)["median"] if cmd.rebuilt and not cmd.error else None
                absolute(
                    f"100k/500 first run after the cache was rebuilt: `lawgov {cmd.name}` (median wall)",
                    value,
                    2.0,
                    strict=True,
                )
        for cmd in case.commands:
            if cmd.tool == "lawgov" and cmd.cold_too and not cmd.skipped:
                value = med(cmd, cold=True) if not cmd.error else None
                absolute(
                    f"100k/500 no cache at all: `lawgov {cmd.name}` (median wall)", value, 2.0, strict=True
                )
    return rows


def table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def machine() -> list[tuple[str, str]]:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = "?"
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    python = subprocess.run([str(PYTHON), "-VV"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--", "src"], capture_output=True, text=True
    ).stdout.strip()
    packages = subprocess.run(
        [
            str(PYTHON),
            "-c",
            "import importlib.metadata as m\n"
            "for name in ('typer', 'click', 'rich', 'tomli', 'tomli-w', 'tomlkit', 'pydantic'):\n"
            "    try: print(f'{name} {m.version(name)}', end='; ')\n"
            "    except m.PackageNotFoundError: pass",
        ],
        capture_output=True,
        text=True,
    ).stdout.strip(" ;")
    task_bin = taskwarrior()
    tw = (
        subprocess.run([task_bin, "--version"], capture_output=True, text=True).stdout.strip()
        if task_bin
        else "not installed"
    )
    return [
        ("nproc", str(os.cpu_count())),
        ("CPU", cpu),
        ("memory", mem),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Python", " ".join(python.split())),
        ("packages", packages),
        ("lawgov commit", commit + (" + uncommitted changes in src/" if dirty else "")),
        ("Taskwarrior", tw),
    ]


DOC = """\
# lawgov benchmarks

Written by `benchmarks/run.py`; re-run it to refresh this file:

```sh
.venv/bin/python benchmarks/run.py           # full: bundled, 100, 10k, 20k and 100k tasks (~15 min)
.venv/bin/python benchmarks/run.py --quick   # bundled, 100 and 10k tasks, fewer runs
.venv/bin/python benchmarks/run.py --only 10k/50 --runs 3   # one workspace while iterating (RESULTS.md untouched)
.venv/bin/python benchmarks/synth.py --tasks 10000 --departments 50 --seed 1 /tmp/ws   # a workspace by itself
```

**What is measured.** Every command runs as a whole process (`.venv/bin/lawgov …`, stdout to a
file, so lawgov prints plain text as it does under cron), with `--as-of 2024-07-01`; the rows
"on a terminal" write to an 80×24 pseudo-terminal instead (lawgov's rich view; Taskwarrior with
`rc.detection=on rc.color=on`). Wall time is spawn-to-reap; peak RSS is the process's own, from GNU
`/usr/bin/time -f %M` (needed: `apt-get install time`), which forks the command itself — never
`wait4`/`RUSAGE_CHILDREN` of the runner's child, which on Linux includes the runner's own memory. Workspaces come from
`benchmarks/synth.py` (seed 1): realistic Chinese tasks over department files, a third with
metrics, todo/doing/done/dropped, monthly/quarterly/yearly tasks with ticked periods, notes and
history; they are generated once and cached under `/tmp/lawgov-bench`, and every run works on a
fresh copy. `bundled` is a copy of the committed `checklists/`. `done ID` ticks a todo task in the
middle file; its file is restored (untimed) before every run so each run really ticks.

**Cold, changed and warm.** If lawgov leaves a `<ws>/.lawgov-cache` after the warm-up, `status`
is also timed *cold* (cache folder deleted first: a fresh clone); `status`, `check`, `done` and
the CSV export also *1 file changed* (one department file edited by hand just before — a trailing
comment toggled — the first run after files changed, which is what a cron job or the office sees
after a `git pull`); everything *warm*. `list`, the JSON and XLSX exports and the bulletin are timed
warm only; the workbook three times without a warm-up (it was over a minute a run at 100k).
Commands that keep data of their own in the cache (the JSON and CSV exports keep their encoded
lines, the bulletin each file's digest, a past day its index) are also timed *first after rebuild*: their first run of the round,
right after the cold `status` deleted the cache and refilled its rows (a fresh clone whose first
command was `status`), judged against the 2 s budget; their *1 file changed* and *warm* runs come
after it. (Until 2026-12-01 the round had no such run, so these commands' "1 file changed" — and
the JSON export's "warm" — samples were in fact first runs after the rebuild.)

**Runs.** One warm-up pass (it also compiles bytecode, kept out of tree with
`PYTHONPYCACHEPREFIX`), then up to 7 rounds (3 with `--quick`); no new round is started once
the next one would exceed the per-workspace budget (`--budget`, default 150 s), but there are
always at least 3. Each round goes over all commands, so lawgov and Taskwarrior alternate (A/B)
under the same load. Min/max are worth a look: other work on the machine shows up there.

**Taskwarrior** gets the same tasks through `task import`, twice: the *lean* import, used by every
comparison, holds only what `task summary` needs (description = title, project = department id,
status, due; todo/doing → pending, done → completed, dropped → deleted; a recurring task is one
task due at its earliest open period); the *rich* import adds tag = kind, `start` for doing and
notes as annotations, and is timed only as `task summary (rich import)`, for information. Each is in a
private `TASKRC`/`TASKDATA` (`confirmation=off hooks=off verbose=nothing recurrence=off gc=off`),
after one garbage collection (completed/deleted moved to `completed.data`, as in a real
database). Dates are shifted so that 2024-07-01 is today and due times are local 23:59:59, so
`task +OVERDUE count` counts what lawgov counts as overdue (checked below). The timed runs never
write the data (checked by hashing it before and after). The imported data is cached under
`/tmp/lawgov-bench` per N, seed and day.

**Framework floor**: `.venv/bin/python -c "import typer, rich.console, rich.table"`.

**Targets** are judged on medians from the same run: wall-time ratios and `done` on warm runs
(the everyday case: any earlier command filled the cache); peak RSS warm and, in a second row,
cold; and every lawgov command at 100k must also stay under 2 s cold. Taskwarrior has no cache,
so its runs are compared with both.
"""


def write_results(cases: list[Case], started: datetime, elapsed: float, extra: list[str]) -> str:
    rows = result_rows(cases)
    goal_rows = targets(cases)
    parts = [DOC, "## Machine\n"]
    parts.append(table(["", ""], [[k, v] for k, v in machine()]))
    parts.append(
        f"\nRun started {started:%Y-%m-%d %H:%M} UTC, took {elapsed / 60:.1f} min; "
        f"load average at the end: {Path('/proc/loadavg').read_text().split()[:3]}.\n"
    )
    parts.append("## Targets\n")
    parts.append(table(["target", "measured", "limit", "result"], goal_rows))
    parts.append("\n## Timings\n")
    parts.append(table(HEADERS, rows))
    notes = []
    for case in cases:
        for note in case.notes:
            notes.append(f"- {case.label}: {note}")
        if case.lawgov_overdue is not None and case.task_overdue is not None:
            same = "same" if case.lawgov_overdue == case.task_overdue else "DIFFERENT"
            notes.append(
                f"- {case.label}: overdue tasks — lawgov {case.lawgov_overdue}, "
                f"Taskwarrior {case.task_overdue} ({same})"
            )
    notes += [f"- {line}" for line in extra]
    if notes:
        parts.append("\n## Notes\n")
        parts.append("\n".join(notes))
    text = "\n".join(parts) + "\n"
    # A hand-written analysis at the end of the file survives re-runs.
    if RESULTS.exists():
        old = RESULTS.read_text("utf-8")
        if ANALYSIS in old:
            text = text.rstrip("\n") + "\n\n" + old[old.index(ANALYSIS) :]
    RESULTS.write_text(text, "utf-8")
    return text


ANALYSIS = "## Analysis (hand-written; kept when the file is regenerated)"


def print_table(cases: list[Case]) -> None:
    rows = result_rows(cases)
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(HEADERS)]
    print("  ".join(h.ljust(w) for h, w in zip(HEADERS, widths, strict=True)))
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    print()
    for row in targets(cases):
        print(f"{row[3]:5} {row[0]}: {row[1]} (limit {row[2]})")


# --- main ---------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="bundled, 100 and 10k tasks; 3 runs")
    parser.add_argument("--runs", type=int, help="runs after the warm-up (default 7, --quick 3)")
    parser.add_argument("--budget", type=float, default=150.0, help="seconds per workspace (default 150)")
    parser.add_argument("--no-taskwarrior", action="store_true", help="skip the Taskwarrior side")
    parser.add_argument("--no-rich", action="store_true", help="skip the richer Taskwarrior import")
    parser.add_argument("--only", help="comma-separated workspaces, e.g. bundled,10k/50 (for iterating)")
    args = parser.parse_args(argv)
    runs = args.runs or (3 if args.quick else 7)
    shapes = [(100, 10, "100/10"), (10_000, 50, "10k/50")]
    if not args.quick:
        shapes += [(20_000, 300, "20k/300"), (100_000, 500, "100k/500")]
    if args.only:
        shapes = [shape for shape in shapes if shape[2] in args.only.split(",")]
    check_time_bin()
    if not LAWGOV.exists():
        raise SystemExit(f"{LAWGOV} not found: python3 -m venv .venv && .venv/bin/pip install -e .")
    task_bin = None if args.no_taskwarrior else taskwarrior()
    extra: list[str] = []
    if task_bin is None:
        extra.append("Taskwarrior not measured (not installed or --no-taskwarrior): ratios are n/a.")
    started_at = datetime.now(UTC)
    extra.append(f"load average at the start: {Path('/proc/loadavg').read_text().split()[:3]}")
    started = time.perf_counter()
    prune_stale()
    (WORK / "run").mkdir(parents=True, exist_ok=True)
    env_for = {"lawgov": lawgov_env(), "python": lawgov_env()}
    cases: list[Case] = []

    # The bundled workspace, with `--help` and the framework floor alongside.
    if not args.only or "bundled" in args.only.split(","):
        log("bundled checklists/")
        ws = working_copy(REPO / "checklists", "bundled")
        case = Case("bundled", 0, len(list((ws / "tasks").glob("*.toml"))), ws)
        done_id, done_path = pick_done_task(ws)
        original = done_path.read_bytes()
        case.commands = lawgov_commands(
            ws, done_id, lambda p=done_path, b=original: p.write_bytes(b), more=False
        )
        case.commands += [
            Command("lawgov --help", [str(LAWGOV), "--help"], "lawgov", uses_cache=False),
            Command("framework floor", [str(PYTHON), "-c", FLOOR_CODE], "python", uses_cache=False),
        ]
        run_case(case, runs, args.budget, env_for)
        cases.append(case)

    for tasks, departments, label in shapes:
        log(f"{label}: {tasks} tasks in {departments} files")
        more = tasks >= 10_000
        pristine = pristine_workspace(tasks, departments)
        ws = working_copy(pristine, label.replace("/", "-"))
        case = Case(label, tasks, departments, ws)
        done_id, done_path = pick_done_task(ws)
        original = done_path.read_bytes()
        lawgov = lawgov_commands(
            ws,
            done_id,
            lambda p=done_path, b=original: p.write_bytes(b),
            more=more,
            xlsx_runs=3,
        )
        fingerprints: dict[Path, str] = {}
        if task_bin:
            root = tw_database(case, pristine, task_bin, lean=True)
            env_for["task"] = tw_env(root)
            fingerprints[root] = data_fingerprint(root)
            if more and not args.no_rich:
                rich_root = tw_database(case, pristine, task_bin, lean=False)
                env_for["task-rich"] = tw_env(rich_root)
                fingerprints[rich_root] = data_fingerprint(rich_root)
            # --no-rich skips only the rich import's summary: list and export stay compared.
            tw = {c.name: c for c in tw_commands(task_bin, more=more, rich=not args.no_rich)}
            if not more:
                tw = {
                    k: v
                    for k, v in tw.items()
                    if k in ("task summary", "task summary on a terminal", "task +OVERDUE count")
                }
            # Interleave (A/B under the same load): each lawgov command next to its Taskwarrior peer.
            order: list[Command] = []
            pairs = {
                "status": ["task summary", "task summary (rich import)"],
                "status on a terminal": ["task summary on a terminal"],
                "check --quiet": ["task +OVERDUE count"],
                "list": ["task list"],
                "export --format json -o F": ["task export > F"],
            }
            for cmd in lawgov:
                order.append(cmd)
                order += [tw.pop(name) for name in pairs.get(cmd.name, []) if name in tw]
            order += list(tw.values())
            lawgov = order
        case.commands = lawgov
        run_case(case, runs, args.budget, env_for)
        for root, fingerprint in fingerprints.items():
            if data_fingerprint(root) != fingerprint:
                case.notes.append(f"Taskwarrior's data files CHANGED during the timed runs ({root.name})")
        cases.append(case)
        shutil.rmtree(ws, ignore_errors=True)  # 100k is ~85 MB a copy

    elapsed = time.perf_counter() - started
    print_table(cases)
    if args.only:  # a partial run does not replace RESULTS.md
        log(f"\npartial run ({elapsed / 60:.1f} min): RESULTS.md left alone")
        return 0
    write_results(cases, started_at, elapsed, extra)
    log(f"\nwrote {RESULTS.relative_to(REPO)} ({elapsed / 60:.1f} min)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
