"""The processes beside a run (sympy's work, the floor): they ignore Ctrl-C (the run's own process reports the
interruption and ends them), start before the run imports pytest, a step is given only the result of exactly
the work it asks for, and results are kept in the cache under the code's and the libraries' key (no process
beside the run when every one is there)."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import types
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any, ClassVar

import pytest
from mlp_spec.steps import beside, beside_work

from mlp_spec import cli, outputs
from mlp_spec.report import figures

ASK_HANDLER = """
import signal
from mlp_spec.steps import beside, beside_work
beside_work.prepare = lambda: None  # the handlers are what is asked, not sympy's work
beside.warm()
print(beside.call(signal.getsignal, signal.SIGINT).name, beside.call(signal.getsignal, signal.SIGTERM).name)
blocked_beside = beside.call(signal.pthread_sigmask, signal.SIG_BLOCK, set())
print(signal.SIGINT in blocked_beside, signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, set()))
beside.stop()
"""


@pytest.fixture(scope="module")
def ran() -> Iterator[Callable[[str], subprocess.CompletedProcess[str]]]:
    """The module's scripts, each in a fresh process, all started at once so that their start-ups overlap; each
    test reads its own when it has ended."""
    scripts = {"ask handler": ASK_HANDLER, "light": LIGHT, "forks first": FORKS_FIRST}
    quiet = os.environ | {"MLP_SPEC_CACHE": "off"}  # nothing kept: the processes beside are started
    started = {
        name: subprocess.Popen(
            [sys.executable, "-c", script],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=quiet if name == "ask handler" else None,
        )
        for name, script in scripts.items()
    }

    def finished(name: str) -> subprocess.CompletedProcess[str]:
        process = started[name]
        out, err = process.communicate(timeout=120)
        return subprocess.CompletedProcess(process.args, process.returncode, out, err)

    yield finished
    for process in started.values():
        if process.poll() is None:
            process.kill()
        process.communicate()


def test_the_processes_beside_ignore_ctrl_c(ran: Callable[[str], subprocess.CompletedProcess[str]]) -> None:
    done = ran("ask handler")
    assert done.returncode == 0, done.stderr
    # SIGINT was blocked while they were forked (a Ctrl-C in between would have raised in them): blocked no more.
    assert done.stdout.split() == ["SIG_IGN", "SIG_DFL", "False", "False"], done.stderr


def test_a_result_is_kept_for_its_arguments_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLP_SPEC_CACHE", str(tmp_path / "cache"))  # not the suite's, which its runs read
    monkeypatch.setattr(beside, "_pool", None)  # in this process, so that the calls can be counted
    monkeypatch.setattr(beside, "_known", {})
    calls: list[int] = []

    def double(x: int) -> int:
        calls.append(x)
        return 2 * x

    assert beside.call(double, 3) == 6 and beside.call(double, 3) == 6
    assert beside.call(double, 4) == 8
    assert calls == [3, 4]


CALLS: list[int] = []


def double(x: int) -> int:
    CALLS.append(x)
    return 2 * x


@pytest.fixture
def kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The cache in a folder of its own, no process beside the run, nothing known yet, no call counted."""
    monkeypatch.setenv("MLP_SPEC_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(beside, "_pool", None)
    monkeypatch.setattr(beside, "_known", {})
    monkeypatch.setattr(beside, "_ahead", {})
    CALLS.clear()
    return tmp_path / "cache"


def test_a_result_is_kept_in_the_cache_and_read_back(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert beside.call(double, 3) == 6 and CALLS == [3]
    [entry] = kept.iterdir()
    assert entry.name.startswith(f"sympy-{figures.key()}-")
    monkeypatch.setattr(beside, "_known", {})  # a later run
    assert beside.call(double, 3) == 6 and CALLS == [3]
    assert beside.call(double, 4) == 8 and CALLS == [3, 4]  # other arguments, another result


def test_a_cache_that_cannot_be_written_costs_only_the_time(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only or full cache (a CI's $HOME) failed the spec's own checks once outputs said so in an error
    of their own: the result is given, and the next run computes it again."""

    def full(path: Path, fill: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(outputs, "_write", full)
    assert beside.call(double, 3) == 6 and CALLS == [3] and not list(kept.iterdir())


def test_another_key_computes_again(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    beside.call(double, 3)
    monkeypatch.setattr(beside, "_known", {})
    monkeypatch.setattr(figures, "key", lambda: "0" * 24)  # the code or a library's version changed
    assert beside.call(double, 3) == 6 and CALLS == [3, 3]
    assert len(list(kept.iterdir())) == 2


def test_an_unreadable_entry_computes_again(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    beside.call(double, 3)
    [entry] = kept.iterdir()
    entry.write_bytes(b"cut sh")
    monkeypatch.setattr(beside, "_known", {})
    assert beside.call(double, 3) == 6 and CALLS == [3, 3]


def test_with_the_cache_off_everything_is_computed(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLP_SPEC_CACHE", "off")
    beside.call(double, 3)
    monkeypatch.setattr(beside, "_known", {})
    assert beside.call(double, 3) == 6 and CALLS == [3, 3]
    assert not kept.exists()


class Pool:
    """Processes beside the run that do the work at once, here; the class counts the times they were started."""

    started = 0

    def __init__(self) -> None:
        Pool.started += 1

    def submit(self, function: Callable[..., Any], *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_result(function(*args))
        return future


def test_with_every_result_kept_no_process_beside_starts(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(beside, "_fork", Pool)
    monkeypatch.setattr(beside, "_forking", True)  # the suite's own runs leave sympy's work to tests/beside.py
    monkeypatch.setattr(Pool, "started", 0)
    # Earlier tests of the suite may leave threads (a port's readers), and then nothing is ever forked.
    monkeypatch.setattr(beside.threading, "active_count", lambda: 1)
    beside.warm()  # an empty cache: sympy is likely needed
    assert Pool.started == 1
    monkeypatch.setattr(beside, "_pool", None)
    beside.start([(double, (3,)), (double, (4,))])
    assert beside.call(double, 3) == 6 and beside.call(double, 4) == 8 and Pool.started == 2
    monkeypatch.setattr(beside, "_pool", None)
    monkeypatch.setattr(beside, "_known", {})  # a later run: every result is kept
    beside.warm()
    beside.start([(double, (3,)), (double, (4,))])
    assert beside.call(double, 3) == 6 and beside.call(double, 4) == 8
    assert Pool.started == 2 and CALLS == [3, 4]
    beside.start([(double, (5,))])  # one that is not
    assert Pool.started == 3 and beside.call(double, 5) == 10


def test_work_done_elsewhere_is_waited_for_and_read_from_the_cache(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite's way (tests/beside.py): another process does the work into the cache; a call waits for it and
    reads it there, and does here only what that process could not, or was not given."""
    monkeypatch.setattr(beside, "_forking", True)
    monkeypatch.setattr(beside, "_elsewhere", {})
    monkeypatch.setattr(beside, "_fork", Pool)
    monkeypatch.setattr(Pool, "started", 0)
    monkeypatch.setattr(beside.threading, "active_count", lambda: 1)
    waited: list[tuple[str, str]] = []

    def wait(key: tuple[str, str]) -> None:
        waited.append(key)
        if key == beside._key(double, (3,)):
            beside._keep(key, 6)  # done, by the other process; the one for 4 failed there

    beside.work_elsewhere([(double, (3,)), (double, (4,))], wait)
    beside.warm()
    beside.start([(double, (3,)), (double, (4,)), (double, (5,))])
    assert Pool.started == 0, "no process beside is started once the work is done elsewhere"
    assert beside.call(double, 3) == 6 and CALLS == [] and waited == [beside._key(double, (3,))]
    assert beside.call(double, 4) == 8 and CALLS == [4]
    assert beside.call(double, 5) == 10 and CALLS == [4, 5] and len(waited) == 2
    assert beside.call(double, 3) == 6 and len(waited) == 2, "waited for once"


LIGHT = """
import sys
from mlp_spec.report import figures
from mlp_spec.steps import beside, beside_work
figures.key()
print(sorted({"numpy", "scipy", "pytest", "sympy", "mlp_ref"} & set(sys.modules)))
print(sorted({"mlp_spec.steps.beside_work", "mlp_spec.truth.family", "mpmath"} - set(sys.modules)))
"""

FORKS_FIRST = """
import sys
from mlp_spec import cli
from mlp_spec.steps import beside

def warm():
    print("pytest" in sys.modules)
    raise SystemExit(0)

beside.warm = warm
cli.main(["run", *sys.argv[1:]])
print("not started")
"""


def test_the_processes_beside_start_from_a_process_without_numpy_pytest_or_sympy(
    ran: Callable[[str], subprocess.CompletedProcess[str]],
) -> None:
    """They are forked before the run imports those, so their work must need none of them but sympy, which they
    import. The modules of their results, though, are imported with beside: the pools' threads unpickle the
    results, and an import there could wait for ever on an import a Ctrl-C left half-done in the run's thread."""
    done = ran("light")
    assert done.returncode == 0 and done.stdout.split("\n")[:2] == ["[]", "[]"], (done.stdout, done.stderr)


def test_a_run_of_every_scenario_starts_the_processes_beside_before_pytest(
    ran: Callable[[str], subprocess.CompletedProcess[str]],
) -> None:
    done = ran("forks first")
    assert done.stdout.strip() == "False", (done.stdout, done.stderr)


@pytest.mark.parametrize(
    ("args", "everything"),
    [
        ([], True),
        (["--impl", "node adapter.js", "--html", "report.html", "-x"], True),
        (["-k", "sigmoid"], False),
        (["-ksigmoid"], False),
        (["-m", "quoted"], False),
        (["--id", "forward.article"], False),
        (["--id=forward.article"], False),
        (["--collect-only"], False),
        (["--co"], False),
        (["--color=yes", "--maxfail=3"], True),
    ],
)
def test_only_a_run_of_every_scenario_is_sure_to_need_sympy(args: list[str], everything: bool) -> None:
    assert cli._selects_everything(args) is everything


def test_a_session_of_the_spec_starts_the_work_its_scenarios_ask_for_once_collected(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The spec's plugin registers the reader of the scenarios' words (steps/ahead.py): what it reads is started
    beside the run when collection ends, in the scenarios' order, and nothing for a collection alone."""
    from mlp_spec.session import session_args

    started: list[list[str]] = []
    monkeypatch.setattr(beside, "start", lambda work: started.append([function.__name__ for function, _ in work]))

    class CollectedOnly:
        """Collection ends as in a run (the work is started), and then nothing runs: what starts is the point."""

        def pytest_runtestloop(self, session: pytest.Session) -> bool:
            return True

    quiet = ["-p", "no:terminal", "-p", "no:unraisableexception"]
    selected = ["--id", "sigmoid.derivative", "--id", "proof.sigmoid", "--id", "forward.article"]
    pytest.main(session_args(*quiet, *selected), plugins=[CollectedOnly()])
    assert started == [["sigmoid_difference", "prove"]]
    assert pytest.main(session_args(*quiet, "--collect-only", *selected)) == 0
    assert started == [["sigmoid_difference", "prove"]]


def test_every_scenario_with_work_beside_is_seen_before_its_examples_are_filled_in() -> None:
    """A run fills in only the scenarios whose step texts ask for work beside the run (filling in copies data
    tables): none that asks, examples filled in, may be passed over, or its work would wait for its step
    instead of starting."""
    from mlp_spec.steps import ahead
    from pytest_bdd.feature import get_features

    from mlp_spec.session import FEATURES

    asking, found = 0, set()
    for feature in get_features([str(FEATURES)]):
        for template in feature.scenarios.values():
            contexts = [c for examples in template.examples for c in examples.as_contexts()] or [{}]
            work = [w for c in contexts for w in ahead.steps_work(template.render(c).steps)]
            seen = any(ahead.asks_beside(step.name) for step in template.steps)
            assert seen == bool(work), template.name
            asking += seen
            found |= {function.__name__ for function, _ in work}
    assert found == {"sigmoid_difference", "loss_gradient", "article_floor", "prove", "rule_steps"} and asking >= 8


def test_a_table_cell_that_is_no_number_starts_no_work_and_ends_no_run() -> None:
    """Read at collection to start the work ahead, a bad cell would end the whole run with an internal error;
    its scenario is left out of the work ahead instead, and its own step fails with the cell's message."""
    from mlp_spec.steps import ahead
    from mlp_spec.steps.symbolic import GRADIENT_STEP

    def step(name: str, *rows: list[str]) -> types.SimpleNamespace:
        table = types.SimpleNamespace(raw=lambda: [list(row) for row in rows]) if rows else None
        return types.SimpleNamespace(name=name, datatable=table)

    def steps(target: str) -> list[types.SimpleNamespace]:
        return [
            step("the matrix wih:", ["0.9", "0.3"], ["0.2", "0.8"]),
            step("the matrix who:", ["0.3", "0.7"], ["0.6", "0.5"]),
            step("the vector inputs:", ["1.0", "0.5"]),
            step("the vector targets:", [target, "0.01"]),
            step(GRADIENT_STEP),
        ]

    assert [function.__name__ for function, _ in ahead.steps_work(steps("0.99"))] == ["loss_gradient"]
    assert ahead.steps_work(steps("0.99x")) == []


def test_the_proofs_of_the_rules_share_one_process_and_the_rest_goes_to_the_other(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The article rule's proof rests on the book's and the gradient's: proved in one process, each once."""

    class Recorded:
        made: ClassVar[list[Recorded]] = []

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self.asked: list[tuple[str, tuple[Any, ...]]] = []
            Recorded.made.append(self)

        def submit(self, function: Callable[..., Any], *args: Any) -> Future[Any]:
            self.asked.append((function.__name__, args))
            return Future()

    monkeypatch.setattr(beside, "ProcessPoolExecutor", Recorded)
    lanes = beside.Lanes()
    for name in ("prove_sigmoid_derivative", *beside_work.RULE_PROOFS):
        lanes.submit(beside_work.prove, name)
    lanes.submit(beside_work.sigmoid_difference)
    proofs, rest = Recorded.made
    assert proofs.asked == [("_prepare", ()), *(("prove", (name,)) for name in beside_work.RULE_PROOFS)]
    assert rest.asked == [("_prepare", ()), ("prove", ("prove_sigmoid_derivative",)), ("sigmoid_difference", ())]


ENDS_AT_ONCE = """
import os, time
from mlp_spec.steps import beside, beside_work
beside_work.prepare = lambda: None
lanes = beside._pool = beside._fork()
working = [beside._pool.submit(time.sleep, 30), beside._pool.submit(beside_work.prove, "prove_book_rule")]
time.sleep(0.2)
processes = [p for pool in (lanes.proofs, lanes.rest) for p in pool._processes.values()]
beside.stop()
for process in processes:
    process.join(5)  # reaped once killed; a worker left to finish its work would still be alive
print([process.is_alive() for process in processes], working[0].done() and working[0].exception() is None)
"""


def test_stopping_ends_the_processes_beside_even_in_the_middle_of_a_work() -> None:
    """A run that ends early (an unusable port, Ctrl-C) does not wait for the work beside it to finish."""
    done = subprocess.run([sys.executable, "-c", ENDS_AT_ONCE], capture_output=True, text=True, timeout=20)
    assert done.returncode == 0, done.stderr
    # Both workers are gone, and the sleep of 30 s never finished.
    assert done.stdout.split() == ["[False,", "False]", "False"], done.stdout
