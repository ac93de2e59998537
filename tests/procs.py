"""Helpers for tests that run the installed ``lawgov`` script as real processes (issue 10)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

LAWGOV = shutil.which("lawgov", path=str(Path(sys.executable).parent))


def environment(ws: Path | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LAWGOV_", "LC_"))}
    env.update({"LANG": "C.UTF-8", "COLUMNS": "200", "NO_COLOR": "1"})
    if ws is not None:
        env["LAWGOV_DIR"] = str(ws)
        env["LAWGOV_TODAY"] = "2024-07-15"
    env.update(extra)
    return env


def lawgov(ws: Path | None, *args: str, timeout: float = 60, **env: str) -> subprocess.CompletedProcess[str]:
    """``lawgov ARGS`` in a real process; ``timeout`` only guards against a hang."""
    assert LAWGOV is not None
    return subprocess.run(
        [LAWGOV, *args],
        env=environment(ws, **env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def one_line_error(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert result.stderr.startswith("lawgov") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)


def tree(folder: Path) -> dict[str, bytes | str]:
    """Every entry under ``folder``, hidden ones included: files by bytes, links by target, folders."""
    out: dict[str, bytes | str] = {}
    for current, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(current) / name
            key = str(path.relative_to(folder))
            if path.is_symlink():
                out[key] = "-> " + os.readlink(path)
            elif path.is_dir():
                out[key] = "dir"
            else:
                out[key] = path.read_bytes()
    return out


def age(folder: Path, seconds: float = 3600) -> None:
    """Make every file look ``seconds`` old, so the cache (which skips files changed in the last
    two seconds) caches them."""
    import time

    past = time.time() - seconds
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            os.utime(path, (past, past))


SYNTH = Path(__file__).resolve().parent.parent / "benchmarks" / "synth.py"


def synth_city(out: Path, tasks: int, departments: int, seed: int) -> Path:
    """A synthetic workspace (``benchmarks/synth.py``) written to ``out``, its department files
    aged a minute: files written a moment ago are "racily clean" and never cached."""
    subprocess.run(
        [sys.executable, str(SYNTH), "--tasks", str(tasks), "--departments", str(departments), "--seed", str(seed), str(out)],
        check=True,
        capture_output=True,
    )
    age(out / "tasks", 60)
    return out


def stopped_at(
    point: str, ws: Path, args: tuple[str, ...], env: dict[str, str], children: int, *, start_new_session: bool = True
) -> tuple[subprocess.Popen[str], list[str]]:
    """``lawgov --as-of 2024-07-01 ARGS`` stopped (SIGSTOP) at its test point ``point``, once its
    ``children`` (workers, helpers) have started; the process and the children's pids."""
    assert LAWGOV is not None
    proc = subprocess.Popen(
        [LAWGOV, "--as-of", "2024-07-01", *args],
        env=environment(ws, LAWGOV_TEST_POINT=f"{point}:stop", **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=start_new_session,
    )
    _, status = os.waitpid(proc.pid, os.WUNTRACED)
    assert os.WIFSTOPPED(status), status
    pids = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(proc.pid)], capture_output=True, text=True, check=False
    ).stdout.split()
    assert len(pids) == children
    return proc, pids


def on_a_pty(args: list[str], env: dict[str, str], cwd: Path, columns: int = 80, timeout: float = 120) -> bytes:
    """Everything ``args`` writes to a real pseudo-terminal ``columns`` wide (stdin, stdout and
    stderr), read until the process has gone."""
    import fcntl
    import pty
    import struct
    import termios

    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    process = subprocess.Popen(args, stdin=secondary, stdout=secondary, stderr=secondary, env=env, cwd=cwd)
    os.close(secondary)
    chunks = []
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:  # EIO: every writer of the pty has gone
            break
        if not data:
            break
        chunks.append(data)
    process.wait(timeout=timeout)
    os.close(main)
    return b"".join(chunks)
