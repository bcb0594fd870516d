"""Worker processes that run tasks in input order and stop at once when the run does.

Each worker has a pipe for its tasks and one for its results; tasks go round the
workers in turn, so results are read back in the order the tasks were given. The
parent process starts no thread, and a thread in each worker takes its tasks off
the pipe as they come, so the parent never waits on a full pipe for a worker that
is itself waiting to hand back a result.

Stopping is ``close()``: every worker is killed and reaped, whatever it was doing.
That is what happens when the consumer stops early (a broken pipe), on Ctrl-C and on
SIGTERM, so nothing is left behind and nothing can hang: ``multiprocessing.Pool``'s
own shutdown joins a thread that may be blocked sending a task nobody reads. Workers
ignore SIGINT (Ctrl-C is the parent's to handle) and print nothing when killed.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Sequence
from typing import Any


class WorkerError(RuntimeError):
    """A worker process ended without handing back its result."""


_HELD = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def _signals_held():
    """SIGINT and SIGTERM wait (they are not lost) while workers are started or stopped: a
    KeyboardInterrupt raised half-way through starting one would leave it running unknown,
    half-way through stopping them would leave some running. A forked worker starts with
    them held too, and lets them through once it has set its own handling."""
    if not hasattr(signal, "pthread_sigmask") or not _main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _serve(tasks, results, initializer: Callable[..., None] | None, initargs: Sequence[Any],
           inherited: Sequence[Any] = ()) -> None:
    import queue
    import threading

    try:
        # Ctrl-C is the parent's to handle; SIGTERM (from close(), or sent to the whole
        # process group) ends a worker at once, without a word
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        if hasattr(signal, "pthread_sigmask"):
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)
        for conn in inherited:  # the parent's ends of the pipes, copied by fork: so that
            conn.close()  # a parent that is gone is seen as the end of the tasks
        failed: BaseException | None = None
        try:
            if initializer is not None:
                initializer(*initargs)
        except Exception as e:  # noqa: BLE001 - handed back with the first task
            failed = e
        inbox: queue.SimpleQueue = queue.SimpleQueue()

        def take() -> None:
            try:
                while True:
                    inbox.put(tasks.recv())
            except (EOFError, OSError):
                inbox.put(None)

        threading.Thread(target=take, daemon=True).start()
        while (item := inbox.get()) is not None:
            task, args = item
            if failed is not None:
                results.send((False, failed))
                continue
            try:
                out = (True, task(*args))
            except Exception as e:  # noqa: BLE001 - raised again in the parent
                out = (False, e)
            try:
                results.send(out)
            except Exception as e:  # noqa: BLE001 - an exception that does not pickle
                results.send((False, WorkerError(f"{type(e).__name__}: {e}")))
    except BaseException:  # noqa: BLE001, S110 - the parent is gone or stopping: end quietly
        pass
    finally:
        os._exit(0)


class Workers:
    """``jobs`` worker processes, each set up by ``initializer(*initargs)``."""

    def __init__(self, jobs: int, initializer: Callable[..., None] | None = None, initargs: Sequence[Any] = ()):
        import multiprocessing

        context = multiprocessing.get_context()
        self.processes: list = []
        self.tasks: list = []
        self.results: list = []
        self.given = 0  # tasks handed out, in turn
        self.taken = 0  # results read back, in the same turn
        forked = context.get_start_method() == "fork"
        try:
            with _signals_held():  # a signal that came meanwhile is raised as this ends: caught below
                for _ in range(jobs):
                    task_out, task_in = context.Pipe(duplex=False)
                    result_out, result_in = context.Pipe(duplex=False)
                    self.tasks.append(task_in)
                    self.results.append(result_out)
                    inherited = (*self.tasks, *self.results) if forked else ()
                    process = context.Process(
                        target=_serve, args=(task_out, result_in, initializer, initargs, inherited), daemon=True
                    )
                    self.processes.append(process)
                    process.start()
                    task_out.close()
                    result_in.close()
        except BaseException:
            self.close()
            raise

    def submit(self, task: Callable[..., Any], args: Sequence[Any]) -> None:
        """Hand ``task(*args)`` to the next worker in turn."""
        n = self.given % len(self.tasks)
        try:
            self.tasks[n].send((task, tuple(args)))
        except OSError:  # not a broken pipe of the output: the worker is gone
            raise self._gone(n) from None
        self.given += 1

    def _gone(self, n: int) -> WorkerError:
        self.processes[n].join(5)
        return WorkerError(f"a worker process stopped unexpectedly (exit code {self.processes[n].exitcode})")

    def result(self) -> Any:
        """The result of the oldest task not yet read back (its exception is raised here)."""
        n = self.taken % len(self.results)
        try:
            ok, value = self.results[n].recv()
        except (EOFError, OSError):
            raise self._gone(n) from None
        self.taken += 1
        if not ok:
            raise value
        return value

    def close(self) -> None:
        """Kill every worker and reap it; close the pipes. Safe to call twice."""
        with _signals_held():
            self._close()

    def _close(self) -> None:
        for process in self.processes:
            if process.pid is not None and process.exitcode is None:
                try:
                    process.kill()
                except OSError:
                    pass
        for process in self.processes:
            if process.pid is not None:
                process.join(5)
        for conn in (*self.tasks, *self.results):
            conn.close()
        self.processes, self.tasks, self.results = [], [], []

    def __enter__(self) -> Workers:  # noqa: PYI034
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()
