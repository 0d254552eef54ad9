"""Work done beside the suite: what a test module computes for its tests that takes long and depends on nothing
the suite does before it (sympy's proofs), made in a process of its own from the end of collection on, while
the modules before it run.

The suite's own process is the one that decides its time: the other core has room (the ports, the figures and
sympy's work beside the spec's runs use part of it). A module takes part by defining ``work_beside()``, a
function of no arguments that returns a picklable value; its tests read that value by :func:`result` and check
it as they would check what they computed themselves. The process imports the module as the suite does and
calls the same function, so the work done is the same code; a module run without this (collected alone with
``--collect-only`` first, or a result asked for before it was started) computes it in the suite's process.
"""

from __future__ import annotations

import contextlib
import pickle
import subprocess
import sys
import types
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FUNCTION = "work_beside"
# The module is imported under the name the suite gave it, from its file, with the repository's root first on
# the path (as for the suite), so that what the value refers to by name is found again when it is unpickled.
CHILD = """
import importlib.util, pickle, sys
name, path = sys.argv[1:3]
spec = importlib.util.spec_from_file_location(name, path)
module = importlib.util.module_from_spec(spec)
sys.modules[name] = module
spec.loader.exec_module(module)
sys.stdout.buffer.write(pickle.dumps(module.work_beside()))
"""

_started: dict[str, subprocess.Popen[bytes]] = {}
_results: dict[str, Any] = {}


def start(modules: Iterable[types.ModuleType]) -> bool:
    """Start the work of each of these modules that defines some, unless started or done already; whether any
    was started."""
    started = len(_started)
    for module in modules:
        name = module.__name__
        if callable(getattr(module, FUNCTION, None)) and name not in _started and name not in _results:
            _started[name] = subprocess.Popen(
                [sys.executable, "-c", CHILD, name, str(module.__file__)],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
    return len(_started) > started


def result(module: types.ModuleType) -> Any:
    """What ``module.work_beside()`` returns: made beside the suite if it was started, else here and now."""
    name = module.__name__
    if name not in _results:
        process = _started.pop(name, None)
        if process is None:
            _results[name] = getattr(module, FUNCTION)()
        else:
            out, err = process.communicate()
            if process.returncode != 0:
                raise RuntimeError(f"{name}.{FUNCTION}() failed beside the suite:\n{err.decode(errors='replace')}")
            _results[name] = pickle.loads(out)
    return _results[name]


def stop(*modules: types.ModuleType) -> None:
    """End the work not asked for, of these modules or of all (a session that stopped early: -x, Ctrl-C)."""
    names = [m.__name__ for m in modules] or list(_started)
    for name in names:
        process = _started.pop(name, None)
        if process is not None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            process.communicate()
