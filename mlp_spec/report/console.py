"""Gherkin-style output for ``mlp-spec run``: features in file order, one line a scenario, failures explained.

It replaces pytest's terminal reporter (as pytest-bdd's own ``--gherkin-terminal-reporter`` does) and ends
with one closing line, ``scenarios: N passed, N failed, N skipped``, that CI can read.
"""

from __future__ import annotations

from typing import Any

import pytest
from _pytest.terminal import TerminalReporter
from pytest_bdd.reporting import test_report_context_registry


# TerminalReporter is marked final, yet replacing it is how pytest-bdd's own Gherkin reporter works too.
class GherkinReporter(TerminalReporter):  # type: ignore[misc]
    def __init__(self, config: pytest.Config) -> None:
        super().__init__(config)
        self.feature: str | None = None
        self.counts = {"passed": 0, "failed": 0, "skipped": 0}
        self.errored = 0
        self.outcomes: dict[str, str] = {}

    def pytest_runtest_logstart(self, nodeid: str, location: Any) -> None:
        pass

    def pytest_runtest_logfinish(self, nodeid: str, location: Any) -> None:
        pass

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self._remember(report)
        outcome = self._outcome(report)
        if outcome is None:
            return
        # A scenario counts once: a teardown that fails after a passed call turns its pass into a failure.
        earlier = self.outcomes.get(report.nodeid)
        if earlier is not None:
            self.counts[earlier] -= 1
        self.outcomes[report.nodeid] = outcome
        self.counts[outcome] += 1
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
        if errored:
            mark = "!"
        self._tw.write(f"  {mark} ", **markup)
        self._tw.line(name + ("" if outcome != "skipped" else f"  (skipped: {self._skip_reason(report)})"))
        if outcome == "failed":
            for line in self._failure(report).splitlines():
                self._tw.line(f"      {line}", red=True)

    def _remember(self, report: pytest.TestReport) -> None:
        # Keep pytest's bookkeeping (stats for the exit status and the summary) without its progress output.
        category = self.config.hook.pytest_report_teststatus(report=report, config=self.config)[0]
        self._add_stats(category, [report])

    @staticmethod
    def _outcome(report: pytest.TestReport) -> str | None:
        if report.when == "call" or (report.when == "setup" and not report.passed):
            return str(report.outcome)
        if report.when == "teardown" and report.failed:
            return "failed"
        return None

    @staticmethod
    def _skip_reason(report: pytest.TestReport) -> str:
        if isinstance(report.longrepr, tuple):
            return str(report.longrepr[2]).removeprefix("Skipped: ")
        return str(report.longrepr)

    @staticmethod
    def _failure(report: pytest.TestReport) -> str:
        crash = getattr(report.longrepr, "reprcrash", None)
        text = crash.message if crash is not None else str(report.longrepr)
        return text.removeprefix("Failed: ")

    def summary_stats(self) -> None:
        c = self.counts
        self._tw.line()
        if self.errored:
            self._tw.line(f"{self.errored} of the failures errored before their first step (marked !)", red=True)
        self._tw.line(
            f"scenarios: {c['passed']} passed, {c['failed']} failed, {c['skipped']} skipped",
            red=bool(c["failed"]),
            green=not c["failed"],
            bold=True,
        )

    def short_test_summary(self) -> None:
        pass

    # Ctrl-C: mlp-spec run says it in one line of its own; pytest's block (a traceback's location, built
    # from every frame's source, which alone takes half a second) is left out.
    def pytest_keyboard_interrupt(self, excinfo: Any) -> None:
        pass

    def _report_keyboardinterrupt(self) -> None:
        pass

    def summary_failures(self) -> None:
        if self.config.option.verbose > 0:
            super().summary_failures()


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    standard = config.pluginmanager.getplugin("terminalreporter")
    if standard is None:
        return
    reporter = GherkinReporter(config)
    config.pluginmanager.unregister(standard)
    config.pluginmanager.register(reporter, "terminalreporter")
