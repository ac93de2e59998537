"""Named points where a test can stop or kill this process deterministically.

``LAWGOV_TEST_POINT=<name>:kill`` makes the process SIGKILL itself when it reaches ``<name>``;
``<name>:stop`` makes it SIGSTOP itself (the test then inspects the world and kills it).  Used only
by tests (a kill between two writes is then a certainty, not luck); unset, :func:`reached` costs
one dictionary lookup.  Points: ``atomic.before_replace`` (temp file written and fsynced, not yet
renamed), ``lock.held`` (the workspace lock just taken), ``parallel.started`` (worker processes
just given the files of a first read), ``pool.started`` (an export's helpers just forked).
"""

from __future__ import annotations

import os
import signal


def reached(name: str) -> None:
    wanted = os.environ.get("LAWGOV_TEST_POINT")
    if not wanted:
        return
    point, _, action = wanted.partition(":")
    if point != name:
        return
    os.kill(os.getpid(), signal.SIGSTOP if action == "stop" else signal.SIGKILL)
