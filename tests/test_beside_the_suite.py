"""The suite's work beside it (tests/beside.py): made in another process from the same code, read once,
computed here when it was not started, and a failure or an early end told, not hidden. Each test has a
process of its own (not the suite's)."""

from __future__ import annotations

import importlib.util
import itertools
import operator
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


def test_work_started_beside_is_made_in_another_process_in_order_and_read_once(tmp_path: Path) -> None:
    first, second = (probe(tmp_path, "return {'pid': os.getpid(), 'name': __name__}") for _ in range(2))
    work = beside.Beside()
    assert work.start([first, types.ModuleType("without_work"), second])
    assert not work.start([first]), "started once"
    made = work.result(second)  # the first one's is read on the way, and kept
    assert made["pid"] != os.getpid() and made["name"] == second.__name__
    assert work.result(first)["pid"] == made["pid"] and work.result(second) is made
    work.stop()


def test_the_spec_work_is_done_first_into_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mlp_spec.steps import beside as spec_beside

    monkeypatch.setenv("MLP_SPEC_CACHE", str(tmp_path / "cache"))
    module = probe(
        tmp_path,
        "return sorted(p.name[:6] for p in __import__('pathlib').Path(os.environ['MLP_SPEC_CACHE']).iterdir())",
    )
    work = beside.Beside()
    work.start([module], [(operator.add, (2, 3))])
    assert work.result(module) == ["sympy-"]
    monkeypatch.setattr(spec_beside, "_known", {})
    monkeypatch.setattr(spec_beside, "_pool", None)
    assert (
        spec_beside._kept(spec_beside._key(operator.add, (2, 3)))
        and spec_beside._known[("_operator.add", "(2, 3)")] == 5
    )
    work.stop()


def test_what_the_work_prints_does_not_mix_with_what_it_tells(tmp_path: Path) -> None:
    noisy = probe(tmp_path, "print('collected 3 items', flush=True); os.write(1, b'.' * 100); return 7")
    work = beside.Beside()
    work.start([noisy])
    assert work.result(noisy) == 7
    work.stop()


def test_work_not_started_is_made_here(tmp_path: Path) -> None:
    module = probe(tmp_path, "return os.getpid()")
    assert beside.Beside().result(module) == os.getpid()


def test_work_that_fails_beside_says_so_with_its_error_and_the_rest_goes_on(tmp_path: Path) -> None:
    failing, working = probe(tmp_path, "raise ValueError('no sympy here')"), probe(tmp_path, "return 1")
    work = beside.Beside()
    work.start([failing, working])
    with pytest.raises(RuntimeError, match=r"work_beside\(\) failed beside the suite:(.|\n)*ValueError: no sympy here"):
        work.result(failing)
    assert work.result(working) == 1
    work.stop()


def test_a_process_that_dies_is_told_with_what_it_said(tmp_path: Path) -> None:
    module = probe(tmp_path, "sys.stderr.write('out of memory'); sys.stderr.flush(); os._exit(9)")
    work = beside.Beside()
    work.start([module])
    with pytest.raises(RuntimeError, match=r"ended before .*'s work:\nout of memory"):
        work.result(module)


def test_stopping_ends_the_work_not_asked_for(tmp_path: Path) -> None:
    module = probe(tmp_path, f"return time.sleep(5) if os.getpid() != {os.getpid()} else 'made here'")
    work = beside.Beside()
    work.start([module])
    work.stop()
    assert work.process is not None and work.process.returncode == -signal.SIGKILL
    assert work.result(module) == "made here", "what was not sent back is made when asked for"


def test_a_process_that_says_nothing_for_too_long_is_given_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(beside, "SILENCE", 0.2)
    module = probe(tmp_path, f"return time.sleep(30) if os.getpid() != {os.getpid()} else 'made here'")
    work = beside.Beside()
    work.start([module])
    with pytest.raises(RuntimeError, match=r"no word from the process beside the suite in 0.2 s, awaiting beside_"):
        work.result(module)
    assert work.process is not None and work.process.returncode == -signal.SIGKILL
    assert work.result(module) == "made here"
