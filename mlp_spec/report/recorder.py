"""The pytest plugin that records a run for ``--html``, ``--messages`` and ``--cucumberjson``.

It does nothing unless one of them is given. Then a :class:`Recorder` captures, through pytest-bdd's hooks,
every scenario's steps, the World's given values and comparisons, the failure or the reason for a skip, and
the implementation under test; when the session ends (not after an interrupted run) it makes the files and
hands them to the harness, which writes them with ``--summary``, all or none (:mod:`mlp_spec.outputs`).
``--cucumberjson`` is pytest-bdd's option, taken over so that the JSON agrees with the messages step for step.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd.parser import render_string
from pytest_bdd.steps import step_function_context_registry

from mlp_spec import outputs
from mlp_spec.harness import options
from mlp_spec.harness.backends import Rejected, Unsupported
from mlp_spec.harness.process import PortFailure
from mlp_spec.harness.run import RUN, WORLD, example_of, failure, scenario_id, skip_reason, template_of
from mlp_spec.report import PAGE_NEEDS, cucumber_json, figures, messages, needs, plot
from mlp_spec.report.digits import section
from mlp_spec.report.records import DIGITS_FEATURE, PLOT_FEATURE, CaseRecord, Recording, StepRecord
from mlp_spec.truth.compare import plain_number


def _pytest_html(pluginmanager: pytest.PytestPluginManager) -> bool:
    """Whether pytest-html (plugin name ``html``) is, or is about to be, loaded in this run: it owns ``--html``
    then, and the spec's page is ``mlp-spec run --html`` (whose sessions leave pytest-html out)."""
    if pluginmanager.has_plugin("html"):
        return True
    if pluginmanager.is_blocked("html") or os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD"):
        return False
    if pluginmanager.has_plugin("pytest_bdd.plugin"):
        return False  # pytest-bdd named, not loaded by its entry point: installed plugins are left out (pyproject)
    return any(entry.name == "html" for entry in entry_points(group="pytest11"))


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    group = parser.getgroup("mlp-spec report")
    options.add_to_pytest(group, *(() if _pytest_html(pluginmanager) else ("--html",)), "--messages")


@pytest.hookimpl(tryfirst=True)  # before pytest-bdd's, which would open its own Cucumber JSON writer
def pytest_configure(config: pytest.Config) -> None:
    html = None if config.pluginmanager.has_plugin("html") else config.getoption("html", None)
    messages = config.getoption("messages")
    cucumber_json = config.getoption("cucumber_json_path", None)
    if cucumber_json is not None and not cucumber_json.strip():  # pytest-bdd's option, without a type of ours
        raise pytest.UsageError("--cucumberjson: the path is empty (is the variable that holds it unset?)")
    if cucumber_json:
        config.option.cucumber_json_path = None
    written = {"--html": html, "--messages": messages, "--cucumberjson": cucumber_json}
    # Every file of the run, --summary (the harness's) too, is checked here, before anything runs.
    trouble = outputs.check(written | {"--summary": config.getoption("summary", None)})
    missing = html and needs(*PAGE_NEEDS)
    if trouble or missing:
        raise pytest.UsageError(trouble or f"--html: {missing}")
    if any(written.values()):
        config.pluginmanager.register(Recorder(config, html, messages, cucumber_json), "mlp_spec_recorder")


class Recorder:
    """Captures the run through pytest-bdd's hooks and writes the report and the messages at the end."""

    def __init__(
        self, config: pytest.Config, html: str | None, messages: str | None, cucumber_json: str | None
    ) -> None:
        self.config = config
        self.html = Path(html).expanduser() if html else None
        self.messages = Path(messages).expanduser() if messages else None
        self.cucumber_json = Path(cucumber_json).expanduser() if cucumber_json else None
        # The command as typed (mlp-spec run …), not the arguments it hands to pytest.
        self.run = Recording(datetime.now(UTC), [Path(sys.argv[0]).name, *sys.argv[1:]])
        self._numbers: dict[str, float] = {}
        """The World's numbers before the running step: what a step kept is what changed."""

    # Collection: every selected scenario gets its record, so a skip in setup still has a name and steps.
    def pytest_collection_finish(self, session: pytest.Session) -> None:
        for item in session.items:
            if (case := case_record(item)) is not None:
                self.run.cases[item.nodeid] = case

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        self.run.deselected += sum(template_of(item) is not None for item in items)

    def _case(self, request: pytest.FixtureRequest) -> CaseRecord | None:
        return self.run.cases.get(request.node.nodeid)

    def pytest_bdd_before_scenario(self, request: pytest.FixtureRequest) -> None:
        case = self._case(request)
        if case is not None:
            case.started = time.time_ns()

    def _step(self, request: pytest.FixtureRequest, step: Any) -> StepRecord | None:
        case = self._case(request)
        if case is None:
            return None
        return next((s for s in case.steps if s.line == step.line_number and s.text == step.name), None)

    def pytest_bdd_before_step(self, request: pytest.FixtureRequest, step: Any, step_func: Any) -> None:
        record = self._step(request, step)
        if record is not None:
            record.outcome, record.started = "running", time.time_ns()
            found = (c for c in list(step_function_context_registry.values()) if c.step_func is step_func)
            record.definition = next((c for c in found if c.parser.is_matching(step.name)), None)
            world = request.node.stash.get(WORLD, None)
            self._numbers = _numbers(world.values) if world is not None else {}

    def _ran(self, request: pytest.FixtureRequest, step: Any, outcome: str, error: Exception | None = None) -> None:
        """The step's outcome, and what the World holds once it has run (or failed): the counts of its values and
        comparisons, and the numbers a Then-step kept that it had not before."""
        record = self._step(request, step)
        if record is None:
            return
        record.outcome, record.duration = outcome, time.time_ns() - record.started
        if error is not None:
            record.error, record.error_type = str(error), type(error).__name__
        world = request.node.stash.get(WORLD, None)  # the steps' World, once it exists
        if world is None:
            return
        record.given, record.checks = len(world.given), len(world.checks)
        if step.type == "then":
            given = {name for name, _ in world.given}
            now = _numbers(world.values)
            record.measured = [(k, v) for k, v in now.items() if k not in given and self._numbers.get(k) != v]

    def pytest_bdd_after_step(self, request: pytest.FixtureRequest, step: Any) -> None:
        self._ran(request, step, "passed")

    def pytest_bdd_step_error(self, request: pytest.FixtureRequest, step: Any, exception: Exception) -> None:
        self._ran(request, step, "failed", exception)

    def pytest_bdd_step_func_lookup_error(
        self, request: pytest.FixtureRequest, step: Any, exception: Exception
    ) -> None:
        record = self._step(request, step)
        if record is not None:
            record.outcome, record.started, record.error = "undefined", time.time_ns(), str(exception)

    def pytest_bdd_after_scenario(self, request: pytest.FixtureRequest) -> None:
        case = self._case(request)
        world = request.node.stash.get(WORLD, None)
        if case is None or world is None:
            return
        case.given = list(world.given)
        case.checks = list(world.checks)
        case.requests = list(world.requests)
        name = str(world.backend.name)
        if name not in self.run.implementations:
            self.run.implementations[name] = dict(world.backend.describe())

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
        report: pytest.TestReport = yield
        case = self.run.cases.get(item.nodeid)
        # The call decides; setup and teardown only when they fail (or skip), and never over an earlier failure.
        if case is None or (report.when != "call" and (report.passed or case.status == "failed")):
            return report
        case.status = report.outcome
        case.finished = time.time_ns()
        case.started = case.started or case.finished
        if report.skipped:
            case.reason = skip_reason(report)
        elif report.failed:
            case.message = failure(report)
            case.traceback = report.longreprtext if _adds(report.longreprtext, case.message) else ""
        for step in case.steps:
            if step.outcome == "running":  # a skip (or an error pytest-bdd does not report) stopped it
                step.outcome = "failed" if report.failed else "skipped"
                step.duration = case.finished - step.started
        return report

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        self.run.finished = datetime.now(UTC)
        graded = self.config.stash[RUN]  # graded by the harness's plugin, which finishes first
        self.run.verdicts = graded.verdicts
        if not self.run.implementations and graded.verdict is not None:  # no scenario ran: the port is named
            self.run.implementations = {"port": dict(graded.verdict.implementation)}
        if exitstatus == pytest.ExitCode.INTERRUPTED:
            return  # a report of half a run would read as a whole one
        root = Path(str(self.config.rootpath))
        if self.html:
            # Only now: the page needs the report extra (Jinja2, markdown-it), which a run without --html may lack.
            from mlp_spec.report.page import render

            stems = {Path(c.feature.filename).stem for c in self.run.cases.values()}
            plot, trouble = self._plot() if PLOT_FEATURE in stems else (None, "")
            digits = (
                json.loads(figures.kept("digits", lambda: json.dumps(section()))) if DIGITS_FEATURE in stems else None
            )
            # A page sent to standard output or /dev/null has no name the earlier ports' pages could be found by.
            name = "" if outputs.special(self.html) else self.html.name
            page = render(self.run, plot, trouble, digits, page_name=name)
            graded.outputs.append((self.html, lambda made: made.write_text(page, encoding="utf-8")))
        for path, write in ((self.messages, messages.write), (self.cucumber_json, cucumber_json.write)):
            if path:  # written with the rest by the harness, once all are made
                graded.outputs.append((path, functools.partial(write, run=self.run, root=root)))

    def _plot(self) -> tuple[str | None, str]:
        """The loss plot: the reference's, kept; or a port's own (``--impl``), from the run's backend, while it
        is still there; or None and why not."""
        impl = self.config.getoption("impl", None)
        backend = self.config.stash[RUN].backend
        if not impl or backend is None:
            return figures.kept("plot", lambda: plot.svg(plot.curves())), ""
        try:
            return plot.svg(plot.curves(plot.STEPS, backend)), ""
        except plot.NotPlotted as problem:
            return None, str(problem)
        except (Rejected, Unsupported, PortFailure, KeyError, TypeError, ValueError) as problem:
            # KeyError and the others: an answer without wih or who, or with them not numbers.
            return None, f"the answers of {impl} could not be plotted: {type(problem).__name__}: {problem}"

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        ours = (self.html, self.messages, self.cucumber_json)
        for path in (path for path in self.config.stash[RUN].written if path in ours):
            size = "" if outputs.special(path) else f" ({path.stat().st_size:,} bytes)"  # a device has no size
            terminalreporter.write_line(f"wrote {path}{size}")


CHAINED = "During handling of the above exception, another exception occurred:"


def _adds(longrepr: str, message: str) -> bool:
    """Whether pytest's report of a failure says more than its message: a failure raised while handling
    another (a port's) repeats that one's words around pytest's line between the two."""
    return any(line.strip() and line not in message and line != CHAINED for line in longrepr.splitlines())


def _numbers(values: Mapping[str, Any]) -> dict[str, float]:
    """The plain numbers among the World's values, by name."""
    return {k: v for k, v in values.items() if plain_number(v)}


def case_record(item: pytest.Item, steps: bool = True) -> CaseRecord | None:
    """The record of a scenario's test item before it runs (None for a test that is not a scenario's); without
    ``steps``, with no steps (``mlp-spec list`` shows the names alone)."""
    template = template_of(item)
    if template is None:
        return None
    example, index = example_of(item)
    return CaseRecord(
        item.nodeid,
        scenario_id(item) or item.name,
        render_string(template.name, example),
        template.description,
        template.feature,
        template.line_number,
        index,
        sorted(template.tags | template.feature.tags),
        # The steps' text and tables with the example's values put in, as pytest-bdd's render() gives them when
        # the scenario runs, without its deep copy of every table (a fifth of a second over the spec).
        [_step_record(step, example) for step in template.steps] if steps else [],
    )


def _step_record(step: Any, example: Mapping[str, object]) -> StepRecord:
    """A step's record, its placeholders filled in from an outline's example (if it is one)."""
    table = step.datatable.raw() if step.datatable else []
    rows = [[render_string(str(cell), example) for cell in row] for row in table]
    return StepRecord(step.keyword, render_string(step.name, example), step.line_number, rows=rows)
