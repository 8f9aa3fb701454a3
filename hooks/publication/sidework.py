"""Work a build does in a second process while the first renders its pages.

MkDocs renders pages on one core. The PDF edition and the files that are not pages (feeds, downloads,
citation files) do not depend on the rendered pages. So `mkdocs build` gives them to a forked copy of
itself, started once the records are loaded, and takes each result when it first needs it: the PDF's size
when the print edition and downloads pages are rendered, and the files when it lists the site's files. On
a 2-core machine that work then costs the build almost no time (README, Speed).

Forking is what makes this cheap: the copy starts with the loaded records, so nothing is sent to it, and
each result comes back pickled through a pipe. The results are the same bytes either way
(tests/test_sidework.py builds a site both ways). Log records the steps emit are sent back too and handled
again in the build's process, so `--strict` counts their warnings as before.

Where forking is missing or unsafe (Windows, macOS) and under `mkdocs serve` (whose threads and
kept results must not be copied), the same steps run in the build's process, each when its result is
first asked for.
"""

from __future__ import annotations

import logging
import multiprocessing
import pickle
import signal
import sys
import weakref
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any


class SideWorkError(RuntimeError):
    """The second process stopped before it sent a result."""


class SideWork:
    """Steps run in order in a second process (or here, when `beside` is false); `result(i)` is step i's."""

    def __init__(self, steps: Sequence[Callable[[], Any]], beside: bool = True) -> None:
        self._steps = tuple(steps)
        self._results: list[tuple[str, Any]] = []
        self._arrived: deque[bytes | None] = deque()  # messages taken in by `collect`, not yet read (None: the end)
        self._receiver = None
        self._process = None
        self._beside = beside and can_fork()
        if self._beside:
            context = multiprocessing.get_context("fork")
            self._receiver, sender = context.Pipe(duplex=False)
            self._process = context.Process(
                target=_run, args=(self._steps, sender), name="publication-side", daemon=True
            )
            self._process.start()
            sender.close()  # the child's end: the receiver sees the end of the pipe once the child has gone
            # Results nobody asks for (a build that failed first) would keep the child waiting to send them.
            self._stop = weakref.finalize(self, stop_process, self._process, self._receiver)

    @property
    def beside(self) -> bool:
        """Whether the steps run in a second process."""
        return self._beside

    def collect(self) -> None:
        """Take in what the second process has sent so far, without waiting for more, so that it never
        waits to send its next result while this process is busy. Each is unpickled when asked for."""
        while self._receiver is not None and (not self._arrived or self._arrived[-1] is not None):
            try:
                if not self._receiver.poll():
                    return
                self._arrived.append(self._receiver.recv_bytes())
            except (EOFError, OSError):
                self._arrived.append(None)

    def result(self, index: int) -> Any:
        """What step `index` returned (waiting for it), or the exception it raised, raised here."""
        while len(self._results) <= index:
            self._results.append(self._next())
        outcome, value = self._results[index]
        if outcome == "raised":
            raise value
        return value

    def take(self, index: int) -> Any:
        """As `result`, then forgets it, so that a large result is not held after its one use (asking for it
        again raises SideWorkError)."""
        value = self.result(index)
        self._results[index] = ("raised", SideWorkError(f"step {index + 1}'s result was taken already"))
        return value

    def _next(self) -> tuple[str, Any]:
        step = len(self._results)
        if not self._beside:
            try:
                return "returned", self._steps[step]()
            except Exception as exc:  # kept, and raised to every caller who asks for this step
                return "raised", exc
        if self._receiver is None:  # the second process ended after a step that raised
            return "raised", SideWorkError(f"step {step + 1} of {len(self._steps)} was not made: an earlier one failed")
        try:
            message = self._arrived.popleft() if self._arrived else self._receiver.recv_bytes()
            if message is None:
                raise EOFError
            outcome, value, records = pickle.loads(message)
        except (EOFError, OSError, pickle.UnpicklingError):
            self.close()
            return "raised", SideWorkError(
                f"the build's second process stopped before it finished step {step + 1} of {len(self._steps)} "
                "(out of memory?); run the build again"
            )
        say_again(records)
        if len(self._results) + 1 == len(self._steps) or outcome == "raised":
            self.close()
        return outcome, value

    def close(self) -> None:
        """Wait for the second process to end (it ends after its last step, or after a step raised)."""
        if self._process is not None:
            self._stop.detach()
            self._receiver.close()
            self._process.join()
            self._process = None
            self._receiver = None


def stop_process(process, receiver=None) -> None:
    """End a second process whose results are no longer wanted (closing our end of its pipe, if given)."""
    if receiver is not None:
        receiver.close()
    if process.is_alive():
        process.terminate()
    process.join()


def can_fork() -> bool:
    """Whether this platform can start a second process by forking this one, safely: Linux and the other
    Unixes, not macOS, where CPython counts forking a process that has loaded system libraries as unsafe."""
    return sys.platform != "darwin" and "fork" in multiprocessing.get_all_start_methods()


def capture_logs() -> list[logging.LogRecord]:
    """In a second process only: from now on, every log record this process would hand to its handlers
    goes into the list returned instead, as text (a record's arguments need not pickle), to be sent back."""
    captured: list[logging.LogRecord] = []

    def keep(logger: logging.Logger, record: logging.LogRecord) -> None:
        # Called where a logger would hand the record to its handlers: it has passed the logger's level and
        # filters.
        record.msg, record.args = record.getMessage(), None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        captured.append(record)

    logging.Logger.handle = keep  # this process is the build's copy, and ends after its work
    return captured


def say_again(records) -> None:
    """Log records a second process captured, handled here as if logged here."""
    for record in records:
        logging.getLogger(record.name).handle(record)


def sendable(exc: BaseException) -> Exception:
    """`exc` if it pickles and unpickles whole, else a SideWorkError with its message."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return SideWorkError(str(exc) or type(exc).__name__)
    return exc


def leave_interrupts_to_the_build() -> None:
    """In a second process only: Ctrl-C, which the terminal sends to the whole process group, is left to the
    build's process, which stops this one (`stop_process`) instead of both printing a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run(steps: Sequence[Callable[[], Any]], sender) -> None:
    """The second process: each step in turn, its result (or exception) sent with the log records it made."""
    leave_interrupts_to_the_build()
    captured = capture_logs()
    for step in steps:
        try:
            outcome, value = "returned", step()
        except Exception as exc:
            outcome, value = "raised", sendable(exc)
        try:
            sender.send((outcome, value, captured))
        except Exception as exc:  # a value that does not pickle: what went wrong still reaches the build
            said = str(value) if outcome == "raised" else f"a result could not be sent back: {exc}"
            sender.send(("raised", SideWorkError(said), captured))
            return
        captured.clear()
        if outcome == "raised":
            return
