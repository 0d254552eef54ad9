"""Gherkin-style output for ``mlp-spec run``, in place of pytest's terminal reporter: the implementation
under test, one line a scenario with failures explained, the verdict by capability, the ``--id`` options
that rerun what failed, and a closing line with the verdict and counts for CI to read.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from pytest_bdd.reporting import test_report_context_registry

import mlp_spec
from mlp_spec.harness import verdict as grading
from mlp_spec.harness import verdict_report
from mlp_spec.harness.run import NOT_RUN_PREFIX, failure, run_of, skip_reason


# TerminalReporter is marked final, yet replacing it is how pytest-bdd's own Gherkin reporter works too.
class GherkinReporter(pytest.TerminalReporter):  # type: ignore[misc]
    def __init__(self, config: pytest.Config) -> None:
        super().__init__(config)
        self.feature: str | None = None
        self.errored = 0
        self.outcomes: dict[str, str] = {}
        """Each scenario's outcome: a teardown that fails after a passed call turns its pass into a failure."""

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        self._session = session
        run = run_of(self.config)
        if run.unusable or run.backend is None:
            tested = f"the port started by: {self.config.getoption('impl', None) or '?'}"
        else:
            tested = grading.Verdict(run.backend.describe(), frozenset(), frozenset()).title()
        self._tw.line(f"mlp-spec {mlp_spec.__version__} checking {tested}", bold=True)

    def _quiet(self, *args: Any, **kwargs: Any) -> None:
        """What pytest would say that the console says otherwise, or not at all: the collection's count, each
        test's progress, the short summary; and on Ctrl-C the traceback (the closing line says the run was
        interrupted), whose text pytest would build (half a second) in pytest_keyboard_interrupt."""

    report_collect = pytest_runtest_logstart = pytest_runtest_logfinish = short_test_summary = _quiet
    pytest_keyboard_interrupt = _report_keyboardinterrupt = _quiet

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # Keep pytest's bookkeeping (stats for the exit status and the summary) without its progress output.
        self._add_stats(self.config.hook.pytest_report_teststatus(report=report, config=self.config)[0], [report])
        if report.when == "call" or (report.when == "setup" and not report.passed):
            outcome = str(report.outcome)
        elif report.when == "teardown" and report.failed:
            outcome = "failed"
        else:
            return
        if outcome == "skipped" and skip_reason(report).startswith(NOT_RUN_PREFIX):
            return  # counted in the closing lines, once
        self.outcomes[report.nodeid] = outcome
        errored = outcome == "failed" and report.when == "setup"
        self.errored += errored
        context = test_report_context_registry.get(report)
        scenario = context.scenario if context else None
        feature = scenario["feature"]["name"] if scenario else report.nodeid.split("::")[0]
        if feature != self.feature:
            self.feature = feature
            where = scenario["feature"]["rel_filename"] if scenario else ""
            self._tw.line()
            self._tw.write("Feature: ", blue=True, bold=True)
            self._tw.line(f"{feature}  ({where})" if where else feature, blue=True)
        name = scenario["name"] if scenario else report.nodeid
        mark, markup = {
            "passed": ("✓", {"green": True}),
            "failed": ("✗", {"red": True, "bold": True}),
            "skipped": ("–", {"yellow": True}),
        }[outcome]
        self._tw.write(f"  {'!' if errored else mark} ", **markup)
        self._tw.line(name + ("" if outcome != "skipped" else f"  (skipped: {skip_reason(report)})"))
        if outcome == "failed":
            for line in failure(report).splitlines():
                self._tw.line(f"      {line}", red=True)

    def summary_stats(self) -> None:
        verdict = run_of(self.config).verdict
        if verdict is None:  # pytest stopped before the verdict (a usage error, an interruption)
            c = Counter(self.outcomes.values())
            self._tw.line(f"scenarios: {c['passed']} passed, {c['failed']} failed, {c['skipped']} skipped", bold=True)
            return
        bad = verdict.exit_code != grading.CONFORMANT or bool(run_of(self.config).unwritten)
        for line in self._closing(verdict):
            last = line.startswith("mlp-spec: ")
            self._tw.line(line, red=bad and last, green=not bad and last, bold=last)

    def summary_failures(self) -> None:
        if self.config.option.verbose > 0:
            super().summary_failures()

    def _closing(self, verdict: grading.Verdict) -> list[str]:
        """The end of the console: the verdict by capability, what was not run, the failed ids, the verdict."""
        assert self._session is not None  # pytest finishes only a session that started
        if verdict.unusable:  # the plugin has given the message, in the terminal summary
            return [f"mlp-spec: {verdict.title()}: unusable (exit {verdict.exit_code})"]
        # pytest could not use the arguments (a -k or -m it cannot read, a path that is not there).
        if run_of(self.config).pytest_status == pytest.ExitCode.USAGE_ERROR:
            why = "pytest's error says why; mlp-spec list shows the ids and tags"
            return [f"mlp-spec: {verdict.title()}: the arguments could not be used ({why}) (exit 2)"]
        if self.config.option.collectonly:
            collected = len(self._session.items)
            return [f"mlp-spec: {collected} scenarios collected, none run (mlp-spec list prints them) (exit 2)"]
        if not verdict.outcomes and not verdict.interrupted:
            return [f"mlp-spec: {verdict.title()}: no scenario matches the selection {verdict.selection} (exit 2)"]
        out = ["verdict by capability:", *verdict_report.lines(verdict)]
        if verdict.selection:
            out.append(f"  selected by {verdict.selection}; capabilities marked 'not checked' were not selected")
        if self.errored:
            out.append(f"{self.errored} of the failures errored before their first step (marked !)")
        if verdict.not_run:
            out.append(f"{verdict.not_run} scenarios not run: {verdict.gave_up}")
        stopped = self._session.shouldfail  # by -x or --maxfail: pytest's reason
        if stopped and len(self._session.items) > len(verdict.outcomes):
            unreached = len(self._session.items) - len(verdict.outcomes)
            out.append(f"{unreached} selected scenarios not reached: the run stopped early ({stopped})")
        if verdict.nothing_to_check:
            out.append(verdict.nothing_to_check)
        if verdict.short_of:
            out.append(verdict.short_of)
        if verdict.failed:
            out.append("failed scenarios (each option reruns one):")
            out += [f"  --id {case}" for case in verdict.failed]
        counts = verdict.counts()
        unwritten = run_of(self.config).unwritten
        if unwritten:  # a full disk: none of the outputs was written, and the run ends with status 2
            out.append(f"mlp-spec: {verdict.title()}: {verdict.status}, but could not write {unwritten} (exit 2)")
        else:
            status = f"{verdict.said()} (exit {verdict.exit_code})"
            out.append(f"mlp-spec: {verdict.title()}: {status}; scenarios: {counts}")
        return out


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    standard = config.pluginmanager.getplugin("terminalreporter")
    if standard is not None:  # None with -p no:terminal
        config.pluginmanager.unregister(standard)
        config.pluginmanager.register(GherkinReporter(config), "terminalreporter")
