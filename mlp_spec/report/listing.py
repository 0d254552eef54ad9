"""``mlp-spec list``: every scenario the spec would run, by stable id, with its feature and name; a plugin of a
collect-only session, so it lists what ``mlp-spec run`` with the same selection runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mlp_spec.report.recorder import case_record


class Lister:
    def __init__(self) -> None:
        self.cases: list[dict[str, Any]] = []
        self.errors: list[str] = []
        self.interrupted = False

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.errors.append(f"{report.nodeid}: {report.longreprtext.strip().splitlines()[-1:]}")

    def pytest_keyboard_interrupt(self) -> None:
        self.interrupted = True

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        for case in filter(None, (case_record(item, steps=False) for item in session.items)):
            self.cases.append(
                {
                    "id": case.case,
                    "feature": case.feature.name,
                    "scenario": case.name,
                    "file": Path(case.feature.filename).name,
                    "line": case.line,
                    "tags": [f"@{tag}" for tag in case.tags],
                }
            )

    def table(self) -> str:
        """One line a scenario, the ids aligned: ``id  feature › scenario``."""
        width = max(len(case["id"]) for case in self.cases)
        lines = [f"{case['id']:<{width}}  {case['feature']} › {case['scenario']}" for case in self.cases]
        return "\n".join([*lines, f"{len(self.cases)} scenarios"])
