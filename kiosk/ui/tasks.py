"""The one place that owns worker threads. Results come back on the GUI thread.

Two executors: `db` has one worker and serialises every SQLite write; `net` is a small pool
for network and bulk disk work. `run()` submits a blocking core function; its result (or
exception) is handed to `on_done` / `on_error` on the GUI thread. Workers never call into Qt,
not even to emit a signal: they put the result on a queue and write one byte to a pipe that a
QSocketNotifier watches on the GUI thread. (A cross-thread emit goes through PySide's GIL and
Qt's post-event lock together; under load on CI that pair once hung the whole test session.)
Jobs submitted with a `key` are generation-tagged: a result that a newer job with the same key
has superseded is dropped, so a slow old refresh never overwrites fresh data.

Workers never touch widgets; they receive `cancelled` (a callable) to stop early at shutdown.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, Signal

log = logging.getLogger(__name__)


class TaskRunner(QObject):
    """Signals:
    busy_changed(int): the number of jobs in flight.
    """

    busy_changed = Signal(int)

    def __init__(self, parent: QObject | None = None, *, net_workers: int = 2) -> None:
        super().__init__(parent)
        self._stop = threading.Event()
        self._pools = {
            "db": ThreadPoolExecutor(1, thread_name_prefix="kiosk-db"),
            "net": ThreadPoolExecutor(net_workers, thread_name_prefix="kiosk-net"),
        }
        self._generations: dict[str, int] = {}
        self._in_flight = 0
        self._lock = threading.Lock()
        self._results: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._wake_r, self._wake_w = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        self._notifier = QSocketNotifier(self._wake_r, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    def cancelled(self) -> bool:
        """Workers poll this; true once the kiosk is shutting down."""
        return self._stop.is_set()

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        pool: str = "net",
        key: str | None = None,
        **kwargs: Any,
    ) -> Future:
        if self._stop.is_set():
            # Shutting down: timers may still fire once; their work is simply not started.
            dead: Future = Future()
            dead.cancel()
            return dead
        generation = None
        if key is not None:
            generation = self._generations[key] = self._generations.get(key, 0) + 1
        with self._lock:
            self._in_flight += 1
        self.busy_changed.emit(self._in_flight)
        future = self._pools[pool].submit(fn, *args, **kwargs)

        def deliver(f: Future) -> None:
            def on_gui() -> None:
                with self._lock:
                    self._in_flight -= 1
                self.busy_changed.emit(self._in_flight)
                if key is not None and self._generations.get(key) != generation:
                    return  # superseded by a newer job with the same key
                if f.cancelled():
                    return
                exc = f.exception()
                if exc is not None:
                    if on_error is not None:
                        on_error(exc)
                    else:
                        log.error("background job %s failed", getattr(fn, "__name__", fn),
                                  exc_info=exc)
                elif on_done is not None:
                    on_done(f.result())

            if not self._stop.is_set():
                self._results.put(on_gui)
                self._wake()

        future.add_done_callback(deliver)
        return future

    def _drain(self) -> None:
        try:
            while os.read(self._wake_r, 4096):
                pass
        except OSError:
            pass  # empty (EAGAIN) or closed
        while True:
            try:
                closure = self._results.get_nowait()
            except queue.Empty:
                return
            try:
                closure()
            except BaseException:
                self._wake()  # the rest of the queue still runs, on the next turn of the loop
                raise

    def _wake(self) -> None:
        try:
            os.write(self._wake_w, b"\0")
        except OSError:
            pass  # the pipe is full (a wake-up is already pending) or closed at shutdown

    def shutdown(self, wait: bool = True) -> None:
        self._stop.set()
        for pool in self._pools.values():
            pool.shutdown(wait=wait, cancel_futures=True)
        self._notifier.setEnabled(False)
        if wait and self._wake_w >= 0:
            # Only once no worker can write any more: a closed descriptor's number may be reused.
            os.close(self._wake_r)
            os.close(self._wake_w)
            self._wake_r = self._wake_w = -1
