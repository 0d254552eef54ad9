"""What each scenario asked of the implementation and how it ended, gathered into its verdict.

A pytest plugin, registered by :mod:`mlp_spec.harness.plugin`: it reads every scenario's report and World
(the ops and rules it sent, or the one it lacked), and when the session ends it grades the run
(:mod:`mlp_spec.harness.verdict`), sets the exit status from the verdict (0 conformant, 1 not, 3 unusable)
and writes the JSON summary of ``--summary``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mlp_spec import outputs
from mlp_spec.harness import protocol
from mlp_spec.harness.verdict import NOT_RUN, Outcome, Verdict, summary

NOT_RUN_PREFIX = "not run: "
"""How a scenario skipped because the harness gave up on the port says so (steps/world.py)."""
VERDICT = pytest.StashKey[Verdict]()
PREVIOUS = pytest.StashKey[list[Verdict]]()
"""The verdicts on the ports checked before this one in the same ``mlp-spec run`` (harness/suite.py)."""


def spec_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mlp-spec")
    except PackageNotFoundError:
        return "unknown"


class Tally:
    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.outcomes: dict[str, Outcome] = {}

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
        report: pytest.TestReport = yield
        if report.when == "call" or (report.when == "setup" and not report.passed):
            self.outcomes[item.nodeid] = self._outcome(item, report)
        elif report.when == "teardown" and report.failed and item.nodeid in self.outcomes:
            self.outcomes[item.nodeid].status = "failed"
        return report

    @staticmethod
    def _outcome(item: pytest.Item, report: pytest.TestReport) -> Outcome:
        from mlp_spec.harness.plugin import WORLD, scenario_id, template_of

        world = item.stash.get(WORLD, None)
        status: str = report.outcome
        reason = ""
        if report.skipped:
            reason = str(report.longrepr[2]) if isinstance(report.longrepr, tuple) else str(report.longrepr)
            reason = reason.removeprefix("Skipped: ")
            if reason.startswith(NOT_RUN_PREFIX):
                status = NOT_RUN
        template = template_of(item)
        feature = f"features/{Path(template.feature.filename).name}" if template is not None else item.nodeid
        ops: list[str] = []
        rules: list[str] = []
        asked = True
        if world is not None:
            for request in world.requests:
                ops.append(request.op)
                rule = request.args.get("rule")
                if "rule" in protocol.ARGS.get(request.op, ()) and isinstance(rule, str) and rule in protocol.RULES:
                    rules.append(rule)
            if world.lacking is not None:
                kind, name = world.lacking
                (ops if kind == "op" else rules).append(name)
            asked = bool(world.requests) or world.lacking is not None or world.conversed
        return Outcome(
            scenario_id(item) or item.name,
            feature,
            status,
            tuple(dict.fromkeys(ops)),
            tuple(dict.fromkeys(rules)),
            item.get_closest_marker("rejection") is not None,
            asked,
            reason,
        )

    def verdict(self) -> Verdict:
        from mlp_spec.harness.plugin import BACKEND, UNUSABLE

        stash = self.config.stash
        backend = stash.get(BACKEND, None)
        command = str(getattr(backend, "command", ""))
        if UNUSABLE in stash or backend is None:
            return Verdict({"command": command}, frozenset(), frozenset(), unusable=stash.get(UNUSABLE, "no backend"))
        outcomes = list(self.outcomes.values())
        gave_up = next((o.reason.removeprefix(NOT_RUN_PREFIX) for o in outcomes if o.status == NOT_RUN), "")
        return Verdict(
            dict(backend.describe()),
            frozenset(backend.ops),
            frozenset(backend.rules),
            outcomes,
            gave_up=gave_up,
            selection=self._selection(),
        )

    def _selection(self) -> str:
        option = self.config.getoption
        parts = []
        if option("profile", "all") != "all":
            parts.append(f"--profile {option('profile')}")
        if option("markexpr", "") not in ("", "not browser and not slow"):  # the project's own default, in pyproject
            parts.append(f"-m {option('markexpr')!r}")
        if option("keyword", ""):
            parts.append(f"-k {option('keyword')!r}")
        parts += [f"--id {i}" for i in option("id", [])]
        return " ".join(parts)

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """Grade the run before the reports are written (they show the verdict), and exit by it."""
        verdict = self.verdict()
        verdict.interrupted = session.exitstatus == pytest.ExitCode.INTERRUPTED
        self.config.stash[VERDICT] = verdict
        everyone = [*self.config.stash.get(PREVIOUS, []), verdict]
        recorder = self.config.pluginmanager.get_plugin("mlp_spec_recorder")
        if recorder is not None:
            recorder.run.verdicts = everyone
            if not recorder.run.implementations:  # no scenario ran: the port is still named
                recorder.run.implementations = {"port": dict(verdict.implementation)}
        path = self.config.getoption("summary", None)
        if path:
            text = json.dumps(summary(everyone, spec_version()), ensure_ascii=False, indent=2)
            outputs.write_text(Path(path), text + "\n")  # whole or not at all
        # Only a run that ran decides by its verdict; pytest's own statuses (interrupted, a usage or internal
        # error, nothing collected) stay pytest's, for pytest's users; mlp-spec run maps them (harness/suite.py).
        if self.config.option.collectonly:
            return  # a collection alone checked nothing
        if verdict.unusable or session.exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
            session.exitstatus = verdict.exit_code
