"""Gherkin-style output for ``mlp-spec run``: features in file order, one line a scenario, failures explained.

It replaces pytest's terminal reporter (as pytest-bdd's own ``--gherkin-terminal-reporter`` does). The
first line names the implementation under test; the end gives the verdict by capability, the failed
scenarios as the ``--id`` options that rerun them, and one closing line that names the implementation
again with its verdict and counts, for CI to read. Scenarios the harness did not run (it gave up on the
port) are counted in one line, not listed. A port that cannot be used gets one message and nothing else.
"""

from __future__ import annotations

from typing import Any

import pytest
from _pytest.terminal import TerminalReporter
from pytest_bdd.reporting import test_report_context_registry

import mlp_spec
from mlp_spec.harness import verdict as grading
from mlp_spec.harness.run import failure, run_of, skip_reason


# TerminalReporter is marked final, yet replacing it is how pytest-bdd's own Gherkin reporter works too.
class GherkinReporter(TerminalReporter):  # type: ignore[misc]
    def __init__(self, config: pytest.Config) -> None:
        super().__init__(config)
        self.feature: str | None = None
        self.counts = {"passed": 0, "failed": 0, "skipped": 0}
        self.errored = 0
        self.outcomes: dict[str, str] = {}

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        self._session = session
        run = run_of(self.config)
        if run.unusable or run.backend is None:
            tested = f"the port started by: {self.config.getoption('impl', None) or '?'}"
        else:
            tested = grading.Verdict(run.backend.describe(), frozenset(), frozenset()).title()
        self._tw.line(f"mlp-spec {mlp_spec.__version__} checking {tested}", bold=True)

    def report_collect(self, final: bool = False) -> None:
        pass

    def pytest_runtest_logstart(self, nodeid: str, location: Any) -> None:
        pass

    def _report_keyboardinterrupt(self) -> None:
        pass  # Ctrl-C: the closing line says the run was interrupted, and no traceback is wanted

    def pytest_runtest_logfinish(self, nodeid: str, location: Any) -> None:
        pass

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self._remember(report)
        outcome = self._outcome(report)
        if outcome is None:
            return
        if outcome == "skipped" and skip_reason(report).startswith("not run: "):
            return  # counted in the closing lines, once
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
        self._tw.line(name + ("" if outcome != "skipped" else f"  (skipped: {skip_reason(report)})"))
        if outcome == "failed":
            for line in failure(report).splitlines():
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

    def summary_stats(self) -> None:
        verdict = run_of(self.config).verdict
        if verdict is None:  # pytest stopped before the verdict (a usage error, an interruption)
            c = self.counts
            self._tw.line(f"scenarios: {c['passed']} passed, {c['failed']} failed, {c['skipped']} skipped", bold=True)
            return
        bad = verdict.exit_code != grading.CONFORMANT
        refused = run_of(self.config).pytest_status == pytest.ExitCode.USAGE_ERROR
        collected = len(self._session.items) if self.config.option.collectonly and self._session else None
        stopped = self._session.shouldfail if self._session is not None else False
        unreached = len(self._session.items) - len(verdict.outcomes) if stopped and self._session else 0
        for line in closing(verdict, self.errored, refused, collected, (unreached, str(stopped))):
            last = line.startswith("mlp-spec: ")
            self._tw.line(line, red=bad and last, green=not bad and last, bold=last)

    def short_test_summary(self) -> None:
        pass

    def pytest_keyboard_interrupt(self, excinfo: Any) -> None:
        pass  # pytest would build the traceback's text (half a second) only for _report_keyboardinterrupt

    def summary_failures(self) -> None:
        if self.config.option.verbose > 0:
            super().summary_failures()


def closing(
    verdict: grading.Verdict,
    errored: int = 0,
    refused: bool = False,
    collected: int | None = None,
    unreached: tuple[int, str] = (0, ""),
) -> list[str]:
    """The end of the console: the verdict by capability, what was not run, the failed ids, the verdict.
    ``refused``: pytest could not use the arguments (a -k or -m it cannot read, a path that is not there);
    ``collected``: how many scenarios --collect-only listed; ``unreached``: how many selected scenarios a run
    stopped early (-x, --maxfail) never reached, and pytest's reason."""
    if verdict.unusable:  # the plugin has given the message, in the terminal summary
        return [f"mlp-spec: {verdict.title()}: unusable (exit {verdict.exit_code})"]
    if refused:
        why = "pytest's error says why; mlp-spec list shows the ids and tags"
        return [f"mlp-spec: {verdict.title()}: the arguments could not be used ({why}) (exit 2)"]
    if collected is not None:
        return [f"mlp-spec: {collected} scenarios collected, none run (mlp-spec list prints them) (exit 2)"]
    if not verdict.outcomes and not verdict.interrupted:
        return [f"mlp-spec: {verdict.title()}: no scenario matches the selection {verdict.selection} (exit 2)"]
    out = ["verdict by capability:", *grading.lines(verdict)]
    if verdict.selection:
        out.append(f"  selected by {verdict.selection}; capabilities marked 'not checked' were not selected")
    if errored:
        out.append(f"{errored} of the failures errored before their first step (marked !)")
    if verdict.not_run:
        out.append(f"{verdict.not_run} scenarios not run: {verdict.gave_up}")
    if unreached[0] > 0:
        out.append(f"{unreached[0]} selected scenarios not reached: the run stopped early ({unreached[1]})")
    if verdict.nothing_to_check:
        out.append(verdict.nothing_to_check)
    if verdict.failed:
        out.append("failed scenarios (each option reruns one):")
        out += [f"  --id {case}" for case in verdict.failed]
    out.append(
        f"mlp-spec: {verdict.title()}: {verdict.status} (exit {verdict.exit_code}); scenarios: {verdict.counts()}"
    )
    return out


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    standard = config.pluginmanager.getplugin("terminalreporter")
    if standard is None:
        return
    reporter = GherkinReporter(config)
    config.pluginmanager.unregister(standard)
    config.pluginmanager.register(reporter, "terminalreporter")
