"""sympy's share of a run, done in a second process beside it.

A run needs sympy for four things: σ′ (features/02), the loss gradient of a concrete network (features/08),
the proofs and their expressions on random networks (features/09). Importing sympy alone takes half a
second, and the work about as long again; in the run's own process both would add to its time, and the
proofs' process would import sympy a second time. So all of it is done in that one second process: the
run's process never imports sympy and receives only plain values (strings, floats, booleans). The work that
depends on nothing the scenarios compute is started as soon as the run knows it is needed, so that on two
cores it is ready when its scenario comes. Every result is kept for the life of the process: a run of the spec
inside another (the suite's, the vectors') asks again for the same, and its own second process would
otherwise compute it again.

Forking is fast, but unsafe where other threads run (a port's readers, in a nested run): then there is no
second process and everything is computed in this one, as it is needed.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

_pool: ProcessPoolExecutor | None = None
_ahead: dict[str, Future[Any]] = {}
_known: dict[tuple[str, str], Any] = {}


def _key(function: Callable[..., Any], args: tuple[Any, ...]) -> tuple[str, str]:
    return f"{function.__module__}.{function.__qualname__}", repr(args)


def start(ahead: dict[str, tuple[Callable[..., Any], tuple[Any, ...]]]) -> None:
    """Start the second process and give it, in order, the work that depends on nothing computed later (if
    any of it is not known yet: else what else comes is computed here, as it is needed)."""
    global _pool
    ahead = {key: task for key, task in ahead.items() if _key(*task) not in _known}
    if ahead and _pool is None and threading.active_count() == 1:
        _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
        # The first task forks the process: now, while this is the only thread, and sympy's import goes first.
        _ahead["sympy"] = _pool.submit(_import_sympy)
    if _pool is not None:
        _ahead.update({key: _pool.submit(function, *args) for key, (function, args) in ahead.items()})


def _import_sympy() -> None:
    import sympy  # noqa: F401


def take(key: str, function: Callable[..., T], *args: Any) -> T:
    """The result of the work started ahead under ``key``, or else ``function(*args)`` beside the run."""
    future = _ahead.get(key)
    if future is None or _key(function, args) in _known:
        return call(function, *args)
    result: T = _known.setdefault(_key(function, args), future.result())
    return result


def call(function: Callable[..., T], *args: Any) -> T:
    """``function(*args)`` in the second process if there is one (its result must pickle), else here."""
    key = _key(function, args)
    if key not in _known:
        _known[key] = function(*args) if _pool is None else _pool.submit(function, *args).result()
    result: T = _known[key]
    return result


def stop() -> None:
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None
    _ahead.clear()
