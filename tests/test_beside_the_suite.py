"""The suite's own work beside it (tests/beside.py): made in another process from the same code, read once,
computed here when it was not started, and a failure or an early end told, not hidden."""

from __future__ import annotations

import importlib.util
import itertools
import os
import signal
import sys
import types
from pathlib import Path

import pytest

from tests import beside

_names = itertools.count()


def probe(folder: Path, body: str) -> types.ModuleType:
    """A test module of its own, defining ``work_beside`` by ``body`` (its file in ``folder``)."""
    name = f"beside_probe_{os.getpid()}_{next(_names)}"
    path = folder / f"{name}.py"
    path.write_text(f"import os, sys, time\n\n\ndef work_beside():\n    {body}\n", encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_work_started_beside_is_made_in_another_process_and_read_once(tmp_path: Path) -> None:
    module = probe(tmp_path, "return {'pid': os.getpid(), 'name': __name__}")
    assert beside.start([module, types.ModuleType("without_work")])
    assert not beside.start([module]), "started once"
    made = beside.result(module)
    assert made["pid"] != os.getpid() and made["name"] == module.__name__
    assert beside.result(module) is made


def test_work_not_started_is_made_here(tmp_path: Path) -> None:
    module = probe(tmp_path, "return os.getpid()")
    assert beside.result(module) == os.getpid()


def test_work_that_fails_beside_says_so_with_its_error(tmp_path: Path) -> None:
    module = probe(tmp_path, "raise ValueError('no sympy here')")
    beside.start([module])
    with pytest.raises(RuntimeError, match=r"work_beside\(\) failed beside the suite:(.|\n)*ValueError: no sympy here"):
        beside.result(module)


def test_stopping_ends_the_work_not_asked_for(tmp_path: Path) -> None:
    module = probe(tmp_path, "time.sleep(5)")
    beside.start([module])
    process = beside._started[module.__name__]
    beside.stop(module)  # the suite's own work, started at collection, goes on
    assert process.returncode == -signal.SIGKILL and module.__name__ not in beside._started
