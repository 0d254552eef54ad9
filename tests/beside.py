"""Work done beside the suite: what takes long and depends on nothing the suite does before it, made in one
process of its own from the end of collection on, while the modules before it run.

The suite's own process is the one that decides its time; the other core has room. Two kinds of work go there:

- **The spec's sympy work** (σ′, the loss gradient, the proofs, the rules' expressions, the floor), which a
  run of the spec does in processes beside it (``steps/beside.py``). Here it is done once, into the suite's
  cache, by the same calls; the suite's own runs then read it there (``beside.work_elsewhere``) instead of
  each forking processes and importing sympy twice.
- **The page's figures** (the formulas, the digits section), drawn as ``mlp-spec run --html`` draws them and
  kept in the suite's cache, where the suite's pages read them.
- **A test module's own work**: a module takes part by defining ``work_beside()``, a function of no arguments
  that returns a picklable value; its tests read that value by :meth:`Beside.result` and check it as they would
  check what they computed themselves. The process imports the module as the suite does and calls the same
  function. test_proofs' proofs come after the spec's, in the same process, and reuse them.

What was not started (a module collected alone with ``--collect-only`` first, say) is computed in the suite's
process when asked for, and so is the spec's work that is not in the cache yet when a scenario asks for it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import subprocess
import sys
import tempfile
import types
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from mlp_spec.steps import beside as spec

ROOT = Path(__file__).resolve().parent.parent
FUNCTION = "work_beside"
SILENCE = 300.0
"""Seconds without a word from the process beside before it is given up (its work is then done here)."""
# The process does the spec's work first (the suite's first modules wait for it), then starts the figures' own
# processes, does the modules' work, and reads the figures. Each module is imported under the name the suite
# gave it, from its file, with the repository's root first on the path (as for the suite), so that what its
# value refers to by name is found again when it is unpickled. Each piece done is told on standard output, in
# order, as a pickled (kind, name, ok, value) after its length in 8 bytes: ("spec", the work's key in the cache,
# whether it was kept, None), ("module", its name, whether work_beside() returned, the value or the traceback)
# or ("figure", its name, whether it was kept, why not); nothing else is written there.
CHILD = """
import importlib.util, os, pickle, sys, traceback
work, modules, drawn = pickle.load(sys.stdin.buffer)
out = os.fdopen(os.dup(1), "wb")
os.dup2(2, 1)  # what the work prints (a pytest session's, say) goes with its errors, not into what is told
def tell(*done):
    data = pickle.dumps(done)
    out.write(len(data).to_bytes(8, "big") + data)
    out.flush()
if work:
    from mlp_spec.steps import beside
    for function, args in work:
        try:
            beside.call(function, *args)  # kept in the cache, where the suite's runs read it
            tell("spec", beside._key(function, args), True, None)
        except Exception:
            traceback.print_exc()  # the step that asks does it again in the suite's process, and fails there
            tell("spec", beside._key(function, args), False, None)
if drawn:
    from mlp_spec.report.figures import Figure
    drawing = [Figure(name) for name in drawn]
for name, path in modules:
    try:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        tell("module", name, True, module.work_beside())
    except Exception:
        tell("module", name, False, traceback.format_exc())
for figure in drawing if drawn else ():
    text, why = figure.result()  # kept in the cache, where the suite's pages read it
    tell("figure", figure.name, text is not None, why)
"""


class Beside:
    """One process beside the suite, started once, and what it has sent back."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.errors: IO[bytes] | None = None
        self.pending: set[str] = set()
        self.results: dict[str, tuple[bool, Any]] = {}
        self.spec_pending: set[tuple[str, str]] = set()
        self.asked = False
        self.drawing: set[str] = set()
        self.problems: dict[str, str] = {}

    def start(
        self,
        modules: Iterable[types.ModuleType],
        work: Sequence[tuple[Any, tuple[Any, ...]]] = (),
        drawn: Sequence[str] = (),
    ) -> bool:
        """Start the process, once, for the spec's ``work``, the work of each of these modules that defines
        some, and the page's figures named in ``drawn``; whether it was started now."""
        if self.asked:
            return False
        self.asked = True
        chosen = [(m.__name__, str(m.__file__)) for m in modules if callable(getattr(m, FUNCTION, None))]
        if not chosen and not work and not drawn:
            return False
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115  # read when the process fails, closed by stop()
        self.process = subprocess.Popen(
            [sys.executable, "-c", CHILD],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            bufsize=0,  # read by _read, a length first, with a limit on the silence between reads
        )
        assert self.process.stdin is not None
        with self.process.stdin as given:
            given.write(pickle.dumps((list(work), chosen, list(drawn))))
        self.pending = {name for name, _ in chosen}
        self.drawing = set(drawn)
        self.spec_pending = {spec._key(*w) for w in work}
        return True

    def _next(self, what: str) -> bool:
        """Read what the process tells next; False if it has ended (``what``, awaited, names it then)."""
        if self.process is None or self.process.stdout is None or self.process.stdout.closed:
            return False
        try:
            size = int.from_bytes(self._read(8), "big")
            kind, name, ok, value = pickle.loads(self._read(size))
        except EOFError:
            said = self._said()
            self.stop()
            raise RuntimeError(f"the process beside the suite ended before {what}:\n{said}") from None
        except TimeoutError:
            self.stop()
            raise RuntimeError(f"no word from the process beside the suite in {SILENCE} s, awaiting {what}") from None
        if kind == "spec":
            self.spec_pending.discard(name)
        elif kind == "figure":
            self.drawing.discard(name)
            if not ok:
                self.problems[name] = value
        else:
            self.pending.discard(name)
            self.results[name] = (ok, value)
        return True

    def _read(self, size: int) -> bytes:
        """``size`` bytes of the process's output; EOFError if it ends first, TimeoutError after SILENCE."""
        assert self.process is not None and self.process.stdout is not None
        fd, data = self.process.stdout.fileno(), b""
        while len(data) < size:
            heard, _, _ = select.select([fd], [], [], SILENCE)
            if not heard:
                raise TimeoutError
            chunk = os.read(fd, size - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return data

    def wait(self, key: tuple[str, str]) -> None:
        """Return once the spec's work ``key`` is in the cache, or will not be (then its step does it itself)."""
        with contextlib.suppress(RuntimeError):  # the process died: the step does the work, and says why not
            while key in self.spec_pending and self._next(f"the spec's {key[0]}"):
                pass

    def draw(self) -> dict[str, str]:
        """Return once the figures are in the cache; those that could not be drawn, and why."""
        while self.drawing and self._next("the page's figures"):
            pass
        return self.problems

    def result(self, module: types.ModuleType) -> Any:
        """What ``module.work_beside()`` returns: made beside the suite if it was started, else here and now."""
        name = module.__name__
        while name in self.pending and self._next(f"{name}'s work"):
            pass
        if name not in self.results:
            self.results[name] = (True, getattr(module, FUNCTION)())
        ok, value = self.results[name]
        if not ok:
            raise RuntimeError(f"{name}.{FUNCTION}() failed beside the suite:\n{value}")
        return value

    def _said(self) -> str:
        if self.errors is None:
            return ""
        self.errors.seek(0)
        return self.errors.read().decode(errors="replace")

    def stop(self) -> None:
        """End the work not asked for (a session that stopped early: -x, Ctrl-C, a selection)."""
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()
        if self.process is not None:
            self.process.wait()
            if self.process.stdout is not None:
                self.process.stdout.close()
        if self.errors is not None:
            self.errors.close()
            self.errors = None
        self.pending.clear()
        self.spec_pending.clear()
        self.drawing.clear()


SUITE = Beside()
"""The suite's process beside it: started by the root of the tests (tests/conftest.py) when collection ends."""
_cache: list[str] = []


def cache() -> str:
    """The suite's cache (the figures, sympy's results): its own, made afresh, never the user's. Made here, once,
    not in the conftest, which nested sessions of the suite's configuration import again."""
    if not _cache:
        _cache.append(tempfile.mkdtemp(prefix="mlp-spec-suite-cache-"))
    return _cache[0]


def result(module: types.ModuleType) -> Any:
    """What ``module.work_beside()`` returns, from the suite's process beside it (:data:`SUITE`)."""
    return SUITE.result(module)
