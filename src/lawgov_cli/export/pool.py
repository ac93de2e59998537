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

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, cast

from lawgov_cli import testpoint

if TYPE_CHECKING:
    from lawgov_cli.forked import Team

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
        self.received: dict[int, Any] = {}
        """What the helpers made and this process has not handed out yet."""
        self.ahead: dict[int, Any] = {}
        """What this process made ahead while a helper made an earlier item (at most :data:`_AHEAD`)."""
        self.team: Team | None = None

    def results(self) -> Iterator[Any]:
        import gc

        from lawgov_cli.forked import Team

        # What exists now is left out of every later collection, in this process and the helpers:
        # a collection would touch every page of it, copying in each process the pages fork shares.
        gc.freeze()
        count = len(self.items)
        with Team(count) as team:
            self.team = team
            team.start(self.helpers, _helper, self.items, self.make)
            testpoint.reached("pool.started")  # tests stop or kill this process here
            for number in range(count):
                yield self._result(team, number)

    def _result(self, team: Team, number: int) -> Any:
        while True:
            while len(self.received) < _AHEAD and self._receive(team, block=False):
                pass  # what the helpers sent meanwhile: taken, so they go on
            if number in self.ahead:
                made = self.ahead.pop(number)
                if made is _FAILED_HERE:  # raised ahead of its turn: raised now, by making it again
                    return self.make(self.items[number])
                return made
            if number in self.mine:
                self.mine.discard(number)
                return self.make(self.items[number])
            if number <= self.claimed or team.drained:  # a helper's
                if number not in self.received and team.running and len(self.ahead) < _AHEAD:
                    # Not here yet: make the next unclaimed item meanwhile, rather than wait.
                    ahead = self._claim(team)
                    if ahead is not None:
                        self.ahead[ahead] = self._made_ahead(ahead)
                        continue
                while number not in self.received and team.running:
                    self._receive(team, block=True)
                found = self.received.pop(number, _MISSING)
                if found is _MISSING or (isinstance(found, str) and found == _FAILED):
                    return self.make(self.items[number])  # not delivered: made here, in turn
                return found
            claimed = self._claim(team)
            if claimed is not None:
                self.mine.add(claimed)

    def _made_ahead(self, number: int) -> Any:
        """Item ``number`` made ahead of its turn; an error it raises must not overtake the
        items before it (they are handed out first, as without helpers): it is kept as
        :data:`_FAILED_HERE` and the item made again in its turn."""
        try:
            return self.make(self.items[number])
        except Exception:
            return _FAILED_HERE

    def _claim(self, team: Team) -> int | None:
        """The next number nobody claimed yet, now this process's; None when all are claimed."""
        claimed = team.claim()
        if claimed is not None:
            self.claimed = claimed
        return claimed

    def _receive(self, team: Team, *, block: bool) -> bool:
        """What the helpers have sent (waiting for one of them to send or end, with ``block``);
        whether any had something to say."""
        from multiprocessing.connection import wait

        if not team.running:
            return False
        readies = wait(list(team.running), None if block else 0)
        for ready in readies:
            connection = cast("Any", ready)
            try:
                got, value = connection.recv()
            except (EOFError, OSError):  # the helper is done (or died): no more from it
                team.ended(connection)
                continue
            self.received[got] = value
        return bool(readies)


_MISSING: Any = object()
_FAILED_HERE: Any = object()


def _helper(team: Team, send: Any, items: Sequence[Any], make: Callable[[Any], Any]) -> None:
    """A helper's life: claim the next number, make its item, send it; until none are left."""
    import queue
    import threading

    # A thread sends what was made while the next item is made (a send waits for the parent to
    # read; the pipe's write releases the GIL): at most two made items wait for it.
    outbox: queue.Queue[tuple[int, Any] | None] = queue.Queue(maxsize=2)

    def sender() -> None:
        while (message := outbox.get()) is not None:
            team.send(send, message)

    thread = threading.Thread(target=sender, daemon=True)
    thread.start()
    for number in team.jobs():
        try:
            value = make(items[number])
        except Exception:  # whatever it is, the parent meets it itself, in turn
            value = _FAILED
        outbox.put((number, value))
    outbox.put(None)
    thread.join()
