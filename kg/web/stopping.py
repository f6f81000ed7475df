"""Stopping ``kg serve``: SIGTERM and SIGHUP (systemd, docker, a closed terminal) as Ctrl-C.

Python turns Ctrl-C (SIGINT) into ``KeyboardInterrupt``, and the server's ``finally``
blocks stop its workers and remove its ``.served-*`` snapshots; SIGTERM and SIGHUP,
left to their default, kill the process where it stands and leave the snapshots
behind. :func:`stop_on_signals` makes all three raise :class:`Stopped`, a
``KeyboardInterrupt``, in the main thread while it serves. A signal that comes before
(the first snapshot being taken) is held until serving begins, so that nothing is left
half made; one that comes during the clean-up is ignored, so that the clean-up ends.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class Stopped(KeyboardInterrupt):
    """The server was asked to stop by a signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class Stopper:
    """The handler of :data:`SIGNALS`: raises :class:`Stopped` once, and only while armed."""

    def __init__(self) -> None:
        self._armed = False
        self._pending: int | None = None
        self._done = False

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        if self._done:
            return
        if not self._armed:
            self._pending = signum
            return
        self._done = True
        raise Stopped(signum)

    def arm(self) -> None:
        """Serving begins: a signal held until now stops it at once.

        Raises:
            Stopped: a signal came before.
        """
        if self._pending is not None and not self._done:
            self._done = True
            raise Stopped(self._pending)
        self._armed = True

    def disarm(self) -> None:
        """The clean-up begins: later signals are ignored."""
        self._done = True


@contextmanager
def stop_on_signals() -> Iterator[Stopper]:
    """Turn SIGINT, SIGTERM and SIGHUP into :class:`Stopped` within the block (see :class:`Stopper`).

    Outside the main thread, where Python lets no handler be set, the block runs
    under the process's own handlers.
    """
    stopper = Stopper()
    if threading.current_thread() is not threading.main_thread():
        yield stopper
        return
    previous = {signum: signal.signal(signum, stopper) for signum in SIGNALS}
    try:
        yield stopper
    finally:
        for signum, handler in previous.items():
            if handler is not None:  # None: a handler set outside Python, which cannot be put back
                signal.signal(signum, handler)
