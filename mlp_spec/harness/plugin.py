"""The harness's pytest plugin (wired by :mod:`mlp_spec.plugin`): it fills the session's
:class:`~mlp_spec.harness.run.Run`. It makes the implementation under test and holds its handshake when the
session starts (a port that cannot start ends the run there, exit status 3), orders and selects the scenarios
(``--id``, ``--profile``), records each one's outcome, grades the run and writes the session's files together.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import mlp_spec
from mlp_spec import outputs
from mlp_spec.harness import options
from mlp_spec.harness.backends import Backend, ReferenceBackend
from mlp_spec.harness.process import PortFailure, ProcessBackend
from mlp_spec.harness.run import NOT_RUN_PREFIX, outcome, run_of, scenario_id, selection, template_of, unusable
from mlp_spec.harness.verdict import NOT_RUN, Verdict
from mlp_spec.harness.verdict_report import summary

REJECTION_STEP = "the request is rejected, naming "
"""The step that makes a scenario a check of the rejection of bad input (steps/rejection.py matches it)."""


def pytest_addoption(parser: pytest.Parser) -> None:
    flags = ("--impl", "--impl-start-timeout", "--impl-timeout", "--impl-restarts", "--require", "--profile", "--id")
    options.add_to_pytest(parser.getgroup("mlp-spec"), *flags, "--summary")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "spec_id(id): the stable id of a scenario (from its @id: tag)")
    config.addinivalue_line("markers", "op_under_test(op): the op whose answers the scenario judges (@op: tag)")
    config.addinivalue_line("markers", "quoted: the scenario's numbers are quoted from the article")
    config.addinivalue_line("markers", "certified: the scenario's numbers are certified at 50 digits")
    config.addinivalue_line("markers", "rejection: the scenario checks that bad input is rejected, by name")
    run_of(config)


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_apply_tag(tag: str, function: Callable[..., object]) -> bool | None:
    if tag.startswith("id:"):
        pytest.mark.spec_id(tag.removeprefix("id:"))(function)
        return True
    if tag.startswith("op:"):
        pytest.mark.op_under_test(tag.removeprefix("op:"))(function)
        return True
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """Make the implementation under test and hold its handshake now: what it declares decides what runs."""
    config, run = session.config, run_of(session.config)
    command = config.getoption("impl")
    if run.backend is None:  # else given by whoever made the run (the vectors' recorder, a test's double)
        limits = (config.getoption(name) for name in ("impl_start_timeout", "impl_timeout", "impl_restarts"))
        run.backend = ProcessBackend(command, *limits) if command else ReferenceBackend()
    try:
        run.backend.describe()
    except PortFailure as failure:
        run.unusable = unusable(command or "?", str(failure))


@pytest.hookimpl(tryfirst=True)
def pytest_collection(session: pytest.Session) -> bool | None:
    """Nothing is collected for a port that cannot be used: the run ends, and its status is 3."""
    return True if run_of(session.config).unusable else None


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    for line in run_of(config).unusable.splitlines():
        terminalreporter.write_line(line, red=not line.startswith(" "), bold=not line.startswith(" "))


@pytest.fixture(scope="session")
def backend(pytestconfig: pytest.Config) -> Backend:
    """The implementation under test: the port given by ``--impl``, or else the reference in process."""
    made = run_of(pytestconfig).backend
    assert made is not None, "made when the session started"
    return made


def _feature_order(item: pytest.Item) -> tuple[str, int]:
    template = template_of(item)
    return ("~", 0) if template is None else (template.feature.filename, template.line_number)


# tryfirst: the rejection marker must be on before pytest's own -m selection runs.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Scenarios in the order the features tell them (pytest-bdd sorts features by name; the sort is stable,
    so examples keep their table order), and only those picked by ``--id`` and ``--profile``."""
    items.sort(key=_feature_order)
    prefixes = config.getoption("id")
    maths = config.getoption("profile") == "maths"
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        template = template_of(item)
        if template is not None and any(step.name.startswith(REJECTION_STEP) for step in template.steps):
            item.add_marker(pytest.mark.rejection)
        case = scenario_id(item) or ""  # an id given is never empty, so a scenario without one is not picked
        picked = not prefixes or any(case == p or case.startswith((p + "/", p + ".")) for p in prefixes)
        (keep if picked and not (maths and item.get_closest_marker("rejection")) else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report: pytest.TestReport = yield
    outcomes = run_of(item.config).outcomes
    if report.when == "call" or (report.when == "setup" and not report.passed):
        outcomes[item.nodeid] = outcome(item, report)
    elif report.when == "teardown" and report.failed and item.nodeid in outcomes:
        outcomes[item.nodeid].status = "failed"
    return report


@pytest.hookimpl(tryfirst=True, specname="pytest_sessionfinish")
def pytest_sessionfinish_grade(session: pytest.Session) -> None:
    """Grade the run before the reports are written (they show the verdict), write the summary, and exit by
    the verdict."""
    run = run_of(session.config)
    run.pytest_status = int(session.exitstatus)
    backend = run.backend
    if session.config.getoption("numprocesses", None) and not hasattr(session.config, "workerinput"):
        return  # pytest-xdist's controller (-n): the scenarios ran in its workers, and there is nothing to grade
    if run.unusable or backend is None:
        command = str(getattr(backend, "command", ""))
        run.verdict = Verdict({"command": command}, frozenset(), frozenset(), unusable=run.unusable or "no backend")
    else:
        outcomes = list(run.outcomes.values())
        gave_up = next((o.reason.removeprefix(NOT_RUN_PREFIX) for o in outcomes if o.status == NOT_RUN), "")
        declared = (dict(backend.describe()), frozenset(backend.ops), frozenset(backend.rules))
        required = session.config.getoption("require")
        run.verdict = Verdict(
            *declared, outcomes, gave_up=gave_up, selection=selection(session.config), required=required
        )
    run.verdict.interrupted = run.pytest_status == pytest.ExitCode.INTERRUPTED
    path = session.config.getoption("summary", None)
    if path:
        text = json.dumps(summary(run.verdicts, mlp_spec.__version__), ensure_ascii=False, indent=2) + "\n"
        run.outputs.append((path, lambda made: made.write_text(text, encoding="utf-8")))
    # A run that ran is judged by its verdict; pytest's own statuses (a collection error, a usage error) stay
    # pytest's for pytest's users (mlp-spec run maps them: harness/suite.py), and a collection alone checked nothing.
    ran = run.unusable or run.pytest_status in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED)
    if ran and not session.config.option.collectonly:
        session.exitstatus = run.exit_status(run.pytest_status)


@pytest.hookimpl(trylast=True, specname="pytest_sessionfinish")
def pytest_sessionfinish_write(session: pytest.Session) -> None:
    """Write the session's files together, once every one is made and before the console's closing lines: a
    refusal (a full disk) leaves every file as it was, and the run ends with status 2."""
    run = run_of(session.config)
    try:
        outputs.write_all(run.outputs)
        run.written = [Path(path) for path, _ in run.outputs]
    except outputs.Unwritten as error:
        run.unwritten = str(error)
        session.exitstatus = run.exit_status(run.pytest_status)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    backend = run_of(config).backend
    if backend is not None:
        backend.close()
