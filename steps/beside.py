"""The spec's own mathematics in a run (sympy's share, and the article rule's floor), done in two processes
beside it.

A run needs sympy for four things: σ′ (features/02), the loss gradient at the article's point (features/08),
the proofs and their expressions on random networks (features/09), and mpmath for the floor of the article
rule's family at 50 digits (features/06). Importing sympy takes a fifth of a second and the work about a
second and a half; in the run's own process both would add to its time. So all of it is
done beside the run, by two worker processes forked from it before it imports pytest or numpy (for a run of
every scenario, by ``mlp-spec run`` itself): each imports sympy and the truth it needs (:mod:`.beside_work`)
while the run starts, and they share the work, so that it ends about when the run's own scenarios reach the
proofs. The run's process never imports sympy: it receives plain values and mpmath numbers (the floor).

Each piece of work is a function and its arguments. As soon as the run knows its scenarios, it starts, in
their order, every piece whose arguments the features already give (:func:`start`, with the list
:mod:`.ahead` reads from their words), so that on two cores it
is done by the time its step comes; a step asks for its function and arguments (:func:`call`) and is given
that result only if the arguments are exactly the ones it asks about, else the work is done then. Every
result is kept for the life of the process: a run of the spec inside another (the suite's, the vectors')
asks again for the same.

The results depend only on their arguments, on the code that computes them (mlp_spec's truth and steps) and
on sympy's and mpmath's versions, never on the implementation under test (its requests are sent by the steps
themselves, every run): so they are kept in the figures' cache (:mod:`mlp_spec.report.figures`), keyed by all
of these and, per result, by the function and its arguments. With every result of a run there, the second
process is not started and sympy not imported; ``MLP_SPEC_CACHE=off`` computes everything afresh.

Forking is fast, but unsafe where other threads run (a port's readers, in a nested run): then there is no
process beside and everything is computed in this one, as it is needed. A process whose work is done
elsewhere into the same cache (the suite's, by tests/beside.py) says so with :func:`work_elsewhere`: it then
starts no process beside, waits for that work to be kept and reads it, and computes here only the rest.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import pickle
import signal
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from mlp_spec import outputs
from mlp_spec.report import figures

# The pools' own threads unpickle the results, importing each result's module if it is not yet: and a Ctrl-C
# that lands in the middle of an import in this thread can leave Python's import lock held by it, so that such
# an import would wait for ever. The modules of every kind of result (beside_work's, the floor's, mpmath's
# numbers) are imported here, before any process starts.
from mlp_spec.truth import family  # noqa: F401

from . import beside_work

T = TypeVar("T")
Work = tuple[Callable[..., Any], tuple[Any, ...]]

_pool: Lanes | None = None
_forking = True
_elsewhere: dict[tuple[str, str], Callable[[tuple[str, str]], None]] = {}
_ahead: dict[tuple[str, str], Future[Any]] = {}
_known: dict[tuple[str, str], Any] = {}


def _key(function: Callable[..., Any], args: tuple[Any, ...]) -> tuple[str, str]:
    return f"{function.__module__}.{function.__qualname__}", repr(args)


def _path(key: tuple[str, str]) -> Path | None:
    where = figures.folder()
    if where is None:
        return None
    work = hashlib.sha256("\n".join(key).encode()).hexdigest()[:24]
    return where / f"sympy-{figures.key()}-{work}.pickle"


def _kept(key: tuple[str, str]) -> bool:
    """Whether this work's result is in the cache (it is then known)."""
    path = _path(key)
    if path is None:
        return False
    try:
        kept, result = pickle.loads(path.read_bytes())
    except Exception:  # not there yet, or not readable (cut short, another format): computed again
        return False
    if kept != key:
        return False
    _known[key] = result
    return True


def _keep(key: tuple[str, str], result: Any) -> None:
    path = _path(key)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            outputs.write(path, lambda temporary: temporary.write_bytes(pickle.dumps((key, result))))
        except (OSError, pickle.PicklingError):
            pass  # a cache that cannot be written only costs the next run the same time again


def _prepare() -> None:
    beside_work.prepare()


def _quiet() -> None:
    # Ctrl-C reaches every process of the terminal's group: the run's own process says it was interrupted and
    # ends this one; this one, idle or not, should print no traceback of its own. It was forked with SIGINT
    # blocked (Lanes), so one that came before this line is dropped here, not raised.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


class Lanes:
    """Two processes beside the run, one work at a time each: the proofs of the rules go to one, everything
    else to the other.

    The article rule's proof rests on the book's and the gradient's (cached in the process that proved them):
    in one process they are proved once, in order, while the other proves σ′ and evaluates σ′ − σ(1 − σ), the
    gradient, the floor and the rules' expressions (about as long). With the run's own process that is three
    on two cores, and a first run waits for the proofs, if at all, only at features/09."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")
        # A Ctrl-C between a fork and the new process's _quiet would raise there, with a traceback of its own:
        # SIGINT is blocked while the processes (and the pools' threads) are made, and reaches this process,
        # and only this one, once they are.
        masked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            self.proofs, self.rest = (ProcessPoolExecutor(1, mp_context=context, initializer=_quiet) for _ in range(2))
            for pool in (self.proofs, self.rest):
                pool.submit(_prepare)  # forks its process now, before the run's own threads (a port's readers)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, masked)

    def submit(self, function: Callable[..., T], *args: Any) -> Future[T]:
        rules = function is beside_work.prove and args[0] in beside_work.RULE_PROOFS
        return (self.proofs if rules else self.rest).submit(function, *args)

    def shutdown(self, wait: bool, cancel_futures: bool) -> None:
        """Cancel what has not started and end both processes now, even in the middle of a work: its result
        would be thrown away, and the interpreter's exit would wait for it (a run that ends early, on an
        unusable port or on Ctrl-C, waited for sympy's import)."""
        for pool in (self.proofs, self.rest):
            # ProcessPoolExecutor kills its workers from Python 3.14 on (kill_workers); before, its processes.
            processes = list(getattr(pool, "_processes", None) or {})
            pool.shutdown(wait=wait, cancel_futures=cancel_futures)
            for process in processes:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(process, signal.SIGKILL)


def _fork() -> Lanes:
    return Lanes()


def warm() -> None:
    """Start the processes beside now, importing sympy, for a run that will need it (every scenario is run),
    unless the cache holds results of this code: then the run most likely needs none (:func:`start` knows)."""
    global _pool
    where = figures.folder()
    if where is not None and next(where.glob(f"sympy-{figures.key()}-*.pickle"), None) is not None:
        return
    if _forking and _pool is None and threading.active_count() == 1:
        _pool = _fork()


def work_elsewhere(ahead: Sequence[Work] = (), wait: Callable[[tuple[str, str]], None] | None = None) -> None:
    """Start no process beside from now on, in this process: work is done into the cache by another. Of the
    work ``ahead``, which that other does, :func:`call` first waits (``wait(key)`` returns once it is kept or
    will not be) and then reads it; anything else it does here, if it is not kept."""
    global _forking
    _forking = False
    if wait is not None:
        _elsewhere.update((_key(*work), wait) for work in ahead)


def start(ahead: Sequence[Work]) -> None:
    """Start the processes beside, if any of this work is neither known nor kept, and give it the work in order."""
    global _pool
    todo = {
        key: work
        for key, work in ((_key(*work), work) for work in ahead)
        if key not in _known and key not in _ahead and not _kept(key)
    }
    if todo and _forking and _pool is None and threading.active_count() == 1:
        _pool = _fork()
    if _pool is not None:
        _ahead.update({key: _pool.submit(function, *args) for key, (function, args) in todo.items()})


def call(function: Callable[..., T], *args: Any) -> T:
    """``function(*args)``: known, kept, started ahead, or done now (beside, if they were started)."""
    key = _key(function, args)
    waiting = _elsewhere.pop(key, None)
    if waiting is not None and key not in _known and not _kept(key):
        waiting(key)
    if key not in _known and not _kept(key):
        future = _ahead.pop(key, None)
        if future is None and _pool is not None:
            future = _pool.submit(function, *args)
        _known[key] = function(*args) if future is None else future.result()
        _keep(key, _known[key])
    result: T = _known[key]
    return result


def stop() -> None:
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None
    _ahead.clear()
