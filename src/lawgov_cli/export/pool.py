"""Department files' export text made in order, with forked helper processes when there is much
to make.

The first JSON or CSV export after the row cache is rebuilt (a fresh clone, a ``git pull``
touching many files) makes every file's lines from its rows: ~3 s of one core for 100,000
tasks, while a later export only fills in what the files keep (:mod:`lawgov_cli.store.derived`).
:func:`made_in_order` hands out ``make(item)`` for each item, in order; when :func:`helpers_for`
says it pays (enough to make, more than one usable CPU, fork available), forked helpers make some
of the items while this process makes the others.  Items are claimed in order from a shared pipe
of their numbers (a 4-byte read is atomic), so a helper slowed by another program on its core
just claims fewer; a helper sends each item it made through its own pipe and claims the next one
only once that send is taken, so at most one made item per helper waits in memory; while a
helper still makes the item due next, this process makes the next unclaimed ones (up to
:data:`_AHEAD`) rather than wait.

Nothing else changes hands: a helper's results are the very bytes this process would make (its
memos are its own, the output is the same), and it keeps what it made in the cache as this
process would (each file's derived file is its own, written atomically).  What a helper does
not deliver — an item it failed on, everything after it died (killed, out of memory: its pipe
ends) — this process makes itself in its turn, so an error is raised by the very code that raises
it without helpers.  Ctrl-C or an error here terminates the helpers; a helper whose parent is
gone (killed) stops before its next item or at its next send.  ``LAWGOV_JOBS=1`` never forks;
``LAWGOV_PARALLEL_BYTES`` sets how much department TOML must want making (tests set 0).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, cast

from lawgov_cli import testpoint

__all__ = ["helpers_for", "made_in_order"]


def helpers_for(sizes: Sequence[int]) -> int:
    """How many helper processes to fork for items wanting making, of these department file
    sizes (0: none): one fewer than :func:`lawgov_cli.store.parallel.worker_count`'s processes
    (this process makes items too)."""
    from lawgov_cli.store.parallel import worker_count

    return max(0, worker_count(len(sizes), sum(sizes)) - 1)


def made_in_order(items: Sequence[Any], make: Callable[[Any], Any], helpers: int) -> Iterator[Any]:
    """``make(item)`` for each of ``items``, in order; made partly by ``helpers`` forked
    processes when ``helpers`` > 0 (results must be picklable; ``make`` raising in a helper is
    met again here, in turn)."""
    if helpers < 1 or not 2 <= len(items) <= _MOST:
        yield from map(make, items)
        return
    yield from _Pool(items, make, helpers).results()


_MOST = 8192
"""At most this many items are handed out through the pipe of numbers (32 KB: within any pipe's
buffer, written whole before a helper starts)."""

_AHEAD = 4
"""Items this process makes ahead of the one it hands out next while a helper still makes that
one (each waits in memory until its turn)."""

_FAILED = "lawgov-failed"
"""What a helper sends instead of an item it could not make (this process makes it again)."""


class _Pool:
    def __init__(self, items: Sequence[Any], make: Callable[[Any], Any], helpers: int) -> None:
        self.items, self.make, self.helpers = items, make, helpers
        self.mine: set[int] = set()
        """Numbers this process claimed."""
        self.claimed = -1
        """The highest number claimed so far, by anyone (claims come out in order)."""
        self.drained = False
        """Every number claimed."""
        self.received: dict[int, Any] = {}
        """What the helpers made and this process has not handed out yet."""
        self.ahead: dict[int, Any] = {}
        """What this process made ahead while a helper made an earlier item (at most :data:`_AHEAD`)."""
        self.running: dict[Any, Any] = {}
        self.numbers = -1

    def results(self) -> Iterator[Any]:
        import multiprocessing

        try:
            context = multiprocessing.get_context("fork")
        except ValueError:  # pragma: no cover - no fork on this platform
            yield from map(self.make, self.items)
            return
        for stream in (sys.stdout, sys.stderr):  # a helper flushes its copies of them when it ends
            with contextlib.suppress(Exception):
                stream.flush()
        import gc

        # What exists now is left out of every later collection, in this process and the helpers:
        # a collection would touch every page of it, copying in each process the pages fork shares.
        gc.freeze()
        count = len(self.items)
        numbers, feed = os.pipe()
        try:
            os.write(feed, b"".join(n.to_bytes(4, "little") for n in range(count)))
        finally:
            os.close(feed)  # before any fork: an empty pipe then reads as the end
        self.numbers = numbers
        parent = os.getpid()
        receiving: list[Any] = []
        try:
            for _ in range(self.helpers):
                receive, send = context.Pipe(duplex=False)
                receiving.append(receive)
                process = context.Process(
                    target=_helper,
                    args=(send, receiving, numbers, parent, self.items, self.make),
                    daemon=True,
                )
                try:
                    process.start()
                except OSError:  # cannot fork now: this process makes what is left
                    receiving.pop()
                    receive.close()
                    send.close()
                    break
                send.close()  # the helper holds the only writing end: its exit ends the pipe
                self.running[receive] = process
            testpoint.reached("pool.started")  # tests stop or kill this process here
            for number in range(count):
                yield self._result(number)
        finally:
            os.close(numbers)
            for receive, process in self.running.items():
                process.terminate()
                process.join()
                receive.close()
            self.running.clear()

    def _result(self, number: int) -> Any:
        while True:
            while len(self.received) < _AHEAD and self._receive(block=False):
                pass  # what the helpers sent meanwhile: taken, so they go on
            if number in self.ahead:
                return self.ahead.pop(number)
            if number in self.mine:
                self.mine.discard(number)
                return self.make(self.items[number])
            if number <= self.claimed or self.drained:  # a helper's
                if number not in self.received and self.running and len(self.ahead) < _AHEAD:
                    # Not here yet: make the next unclaimed item meanwhile, rather than wait.
                    ahead = self._claim()
                    if ahead is not None:
                        self.ahead[ahead] = self.make(self.items[ahead])
                        continue
                while number not in self.received and self.running:
                    self._receive(block=True)
                found = self.received.pop(number, _MISSING)
                if found is _MISSING or (isinstance(found, str) and found == _FAILED):
                    return self.make(self.items[number])  # not delivered: made here, in turn
                return found
            claimed = self._claim()
            if claimed is not None:
                self.mine.add(claimed)

    def _claim(self) -> int | None:
        """The next number nobody claimed yet, now this process's; None when all are claimed."""
        if self.drained:
            return None
        claim = os.read(self.numbers, 4)
        if len(claim) < 4:
            self.drained = True
            return None
        self.claimed = int.from_bytes(claim, "little")
        return self.claimed

    def _receive(self, *, block: bool) -> bool:
        """What the helpers have sent (waiting for one of them to send or end, with ``block``);
        whether any had something to say."""
        from multiprocessing.connection import wait

        if not self.running:
            return False
        readies = wait(list(self.running), None if block else 0)
        for ready in readies:
            connection = cast("Any", ready)
            try:
                got, value = connection.recv()
            except (EOFError, OSError):  # the helper is done (or died): no more from it
                connection.close()
                self.running.pop(connection).join()
                continue
            self.received[got] = value
        return bool(readies)


_MISSING: Any = object()


def _helper(
    send: Any,
    receiving: list[Any],
    numbers: int,
    parent: int,
    items: Sequence[Any],
    make: Callable[[Any], Any],
) -> None:
    """A helper's life: claim the next number, make its item, send it; until none are left."""
    import queue
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    for receive in receiving:  # the parent's ends (ours too): only the parent keeps them open,
        receive.close()  # so a parent gone (killed) makes our next send fail at once
    # A thread sends what was made while the next item is made (a send waits for the parent to
    # read; the pipe's write releases the GIL): at most two made items wait for it.
    outbox: queue.Queue[tuple[int, Any] | None] = queue.Queue(maxsize=2)

    def sender() -> None:
        while (message := outbox.get()) is not None:
            try:
                send.send(message)
            except OSError:  # the parent is gone
                os._exit(1)

    thread = threading.Thread(target=sender, daemon=True)
    thread.start()
    while True:
        claim = os.read(numbers, 4)
        if len(claim) < 4:
            break  # none left
        if os.getppid() != parent:  # the parent is gone (killed): stop, release what we inherited
            os._exit(1)
        number = int.from_bytes(claim, "little")
        try:
            value = make(items[number])
        except Exception:  # whatever it is, the parent meets it itself, in turn
            value = _FAILED
        outbox.put((number, value))
    outbox.put(None)
    thread.join()
    send.close()
