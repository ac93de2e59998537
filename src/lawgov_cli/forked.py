"""Forked processes that take numbered jobs from one pipe and send what they made through their own.

Shared by a first read's workers (:mod:`lawgov_cli.store.parallel`) and an export's helpers
(:mod:`lawgov_cli.export.pool`).  The jobs' numbers are written into a pipe before any fork; a
4-byte read is atomic, so each number goes to exactly one process, and a process slowed by
another program on its core just takes fewer; nothing is locked.  Each child sends through a pipe
of its own whose writing end only it holds, so its exit — or its death (killed, out of memory) —
ends that pipe: nothing waits for it, it just delivers less.  Children ignore SIGINT (Ctrl-C is
the parent's); a child whose parent is gone (killed) stops before its next job, or at its next
send, so it never holds what it inherited (the workspace lock) for long; the parent leaving early
(an error, Ctrl-C) terminates the children it started.  No ``fork`` (another OS): no children.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["Team"]


class Team:
    """Numbered jobs ``0 … count-1`` and the children started to take them.

    In the parent: :meth:`start` the children, read :attr:`running` (receiving end -> process)
    with ``multiprocessing.connection.wait``, :meth:`claim` numbers too if it works itself, and
    :meth:`stop` at the end (a ``with`` block does).  In a child, ``work(team, send, *args)``
    runs with the team's :meth:`jobs` and its own sending end, after :meth:`_child_begins`.
    """

    def __init__(self, count: int) -> None:
        self.parent = os.getpid()
        self.running: dict[Any, Any] = {}
        """Each started child's receiving end (a ``Connection``) -> its process, until it ends."""
        self.drained = False
        """Every number claimed (by anyone)."""
        self._receiving: list[Any] = []
        numbers, feed = os.pipe()
        try:
            os.write(feed, b"".join(n.to_bytes(4, "little") for n in range(count)))
        finally:
            os.close(feed)  # before any fork: an empty pipe then reads as the end
        self._numbers = numbers

    def __enter__(self) -> Team:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()

    def start(self, children: int, work: Callable[..., None], *args: Any) -> int:
        """Fork up to ``children`` processes running ``work(self, send, *args)``; how many started
        (fewer when the OS refuses a fork now, none without ``fork``)."""
        import multiprocessing

        try:
            context = multiprocessing.get_context("fork")
        except ValueError:  # pragma: no cover - no fork on this platform
            return 0
        for stream in (sys.stdout, sys.stderr):  # a child flushes its copies of them when it ends
            with contextlib.suppress(Exception):
                stream.flush()
        started = 0
        for _ in range(children):
            receive, send = context.Pipe(duplex=False)
            self._receiving.append(receive)
            process = context.Process(target=self._child, args=(send, work, args), daemon=True)
            try:
                process.start()
            except OSError:  # cannot fork now: the parent does what is left
                self._receiving.pop()
                receive.close()
                send.close()
                break
            send.close()  # the child holds the only writing end: its exit ends the pipe
            self.running[receive] = process
            started += 1
        return started

    def _child(self, send: Any, work: Callable[..., None], args: tuple[Any, ...]) -> None:
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        for receive in self._receiving:  # the parent's ends (ours too): only the parent keeps them
            receive.close()  # open, so a parent gone (killed) makes our next send fail at once
        work(self, send, *args)
        send.close()

    def claim(self) -> int | None:
        """The next number nobody has claimed yet, now the caller's; None when all are claimed."""
        if self.drained:
            return None
        claim = os.read(self._numbers, 4)
        if len(claim) < 4:
            self.drained = True
            return None
        return int.from_bytes(claim, "little")

    def jobs(self) -> Iterator[int]:
        """In a child: the numbers it claims, one at a time, until none are left; it exits at
        once when its parent is gone."""
        while (number := self.claim()) is not None:
            if os.getppid() != self.parent:  # the parent is gone (killed): release what we inherited
                os._exit(1)
            yield number

    @staticmethod
    def send(send: Any, message: Any) -> None:
        """In a child: ``message`` to the parent; the child exits at once when the parent is gone."""
        try:
            send.send(message)
        except OSError:  # the parent is gone
            os._exit(1)

    def ended(self, receive: Any) -> None:
        """In the parent: the child behind ``receive`` is done (or died): no more from it."""
        receive.close()
        self.running.pop(receive).join()

    def stop(self) -> None:
        """In the parent: close the numbers and end every child still running."""
        if self._numbers >= 0:
            os.close(self._numbers)
            self._numbers = -1
        for receive, process in self.running.items():
            process.terminate()
            process.join()
            receive.close()
        self.running.clear()
        self._receiving.clear()
