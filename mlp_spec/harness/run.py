"""One run of the spec against one implementation: what a pytest session learns, from its start to the exit
status of ``mlp-spec run``. The harness's plugin fills the :class:`Run` (the backend, an
:class:`~mlp_spec.harness.verdict.Outcome` per scenario, the verdict); the console and the report read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pytest
from pytest_bdd.scenario import scenario_wrapper_template_registry

from mlp_spec.harness import protocol
from mlp_spec.harness.backends import Backend
from mlp_spec.harness.verdict import NOT_RUN, USAGE, Outcome, Verdict, exit_status
from mlp_spec.outputs import Fill

NOT_RUN_PREFIX = "not run: "
"""How a scenario skipped because the harness gave up on the port says so (steps/world.py)."""


class Sent(Protocol):
    op: str
    args: dict[str, Any]


class Asked(Protocol):
    """What the harness reads of a scenario's World (steps/world.py): what it sent, or what it lacked."""

    requests: list[Sent]
    lacking: list[tuple[str, str]]
    conversed: bool


WORLD = pytest.StashKey["Asked"]()
"""Each scenario's World, on its item."""


@dataclass(eq=False)
class Run:
    """What one session of the spec learns. Given to ``pytest.main`` as a plugin, it puts itself in the stash."""

    backend: Backend | None = None
    """The implementation under test; made from ``--impl`` (or the reference) when the session starts."""
    previous: list[Verdict] = field(default_factory=list)
    """The verdicts on the ports checked before this one in the same ``mlp-spec run``."""
    unusable: str = ""
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    verdict: Verdict | None = None
    pytest_status: int = 0
    """pytest's own exit status, before the verdict replaces it."""
    outputs: list[tuple[str | Path, Fill]] = field(default_factory=list)
    """The files the session writes (--summary, --html …), written together once all are made."""
    written: list[Path] = field(default_factory=list)
    unwritten: str = ""
    """Why the outputs could not be written (a full disk): then none of them was."""

    @pytest.hookimpl(tryfirst=True)
    def pytest_configure(self, config: pytest.Config) -> None:
        config.stash[RUN] = self

    @property
    def verdicts(self) -> list[Verdict]:
        """Every implementation's verdict so far in this ``mlp-spec run``, this one's last."""
        return [*self.previous, *([self.verdict] if self.verdict is not None else [])]

    def exit_status(self, pytest_status: int) -> int:
        """The exit status of this session, given what ``pytest.main`` returned."""
        if self.verdict is None:  # pytest stopped before the session ended (a usage error)
            return exit_status([], pytest_status)
        return USAGE if self.unwritten else exit_status([self.verdict], self.pytest_status)


RUN = pytest.StashKey[Run]()


def run_of(config: pytest.Config) -> Run:
    return config.stash.setdefault(RUN, Run())


def template_of(item: pytest.Item) -> Any:
    """The pytest-bdd scenario behind a test item (None for a test that is not one), from the registry pytest-bdd's
    own collection reads: no hook gives it."""
    function = getattr(item, "obj", None)
    return scenario_wrapper_template_registry.get(function) if callable(function) else None


def example_of(item: pytest.Item) -> tuple[dict[str, str], int]:
    """The example row of an outline's test item, and its index in the table; ``({}, 0)`` for a scenario."""
    callspec = getattr(item, "callspec", None)
    if callspec is None:
        return {}, 0
    return callspec.params.get("_pytest_bdd_example", {}), callspec.indices.get("_pytest_bdd_example", 0)


def scenario_id(item: pytest.Item) -> str | None:
    """The stable id of a scenario's test: its ``@id:`` tag, plus the example's ``id`` column."""
    marker = item.get_closest_marker("spec_id")
    if marker is None:
        return None
    example, _ = example_of(item)
    return f"{marker.args[0]}/{example['id']}" if "id" in example else str(marker.args[0])


def skip_reason(report: pytest.TestReport) -> str:
    """Why a scenario was skipped, as the skip said it."""
    text = str(report.longrepr[2]) if isinstance(report.longrepr, tuple) else str(report.longrepr)
    return text.removeprefix("Skipped: ")


def failure(report: pytest.TestReport | pytest.CollectReport) -> str:
    """What a failure says: pytest's "E" line (the message of what was raised), else its whole report."""
    crash = getattr(report.longrepr, "reprcrash", None)
    text = crash.message if crash is not None else str(report.longrepr)
    return text.removeprefix("Failed: ")


REQUESTED = re.compile(r'the op "?([\w-]+)"? is requested')
"""The step that sends one op alone (steps/rejection.py): a rejection scenario's op under test."""


def under_test(item: pytest.Item) -> tuple[str, ...]:
    """The ops whose answers a scenario judges: its ``@op:`` tags, else the op its "When the op … is requested"
    step sends (an outline's from its example). A failure counts against these alone, not every op it sent."""
    tagged = tuple(str(mark.args[0]) for mark in item.iter_markers("op_under_test"))
    template = template_of(item)
    if tagged or template is None:
        return tagged
    example, _ = example_of(item)
    for step in template.steps:
        name = re.sub(r"<(\w+)>", lambda m: example.get(m.group(1), m.group(0)), step.name)
        found = REQUESTED.fullmatch(name)
        if found and found.group(1) in protocol.OPS:
            return (found.group(1),)
    return ()


def outcome(item: pytest.Item, report: pytest.TestReport) -> Outcome:
    """How a scenario ended, and what it asked of the implementation (from its World)."""
    reason = skip_reason(report) if report.skipped else ""
    status = NOT_RUN if reason.startswith(NOT_RUN_PREFIX) else report.outcome
    template = template_of(item)
    feature = f"features/{Path(template.feature.filename).name}" if template is not None else item.nodeid
    ops: list[str] = []
    rules: list[str] = []
    world = item.stash.get(WORLD, None)
    requests, lacked = (world.requests, world.lacking) if world is not None else ([], [])
    for request in requests:
        ops.append(request.op)
        rule = request.args.get("rule")
        if "rule" in protocol.ARGS.get(request.op, ()) and isinstance(rule, str) and rule in protocol.RULES:
            rules.append(rule)
    for kind, name in lacked:
        (ops if kind == "op" else rules).append(name)
    asked = world is None or bool(requests) or bool(lacked) or world.conversed
    return Outcome(
        scenario_id(item) or item.name,
        feature,
        status,
        tuple(dict.fromkeys(ops)),
        tuple(dict.fromkeys(rules)),
        item.get_closest_marker("rejection") is not None,
        asked,
        reason,
        under_test(item),
        tuple(f"{kind} {name}" for kind, name in lacked),
    )


def selection(config: pytest.Config) -> str:
    """How the scenarios were narrowed, as the options that did it, or ''."""
    option = config.getoption
    parts = []
    if option("profile", "all") != "all":
        parts.append(f"--profile {option('profile')}")
    if option("markexpr", "") not in ("", "not browser and not slow"):  # the project's own default, in pyproject
        parts.append(f"-m {option('markexpr')!r}")
    if option("keyword", ""):
        parts.append(f"-k {option('keyword')!r}")
    parts += [f"--id {i}" for i in option("id", [])]
    return " ".join(parts)


def unusable(command: str, failure: str) -> str:
    """The one message for a port that cannot be used: what happened, the command, its status and stderr."""
    lines = failure.splitlines()
    status = next((line for line in lines if line.startswith("the port's exit status: ")), "")
    hint = "  (127: the shell found no such command)" if status.endswith(": 127") else ""
    return "\n".join(
        [
            f"the port cannot be used: {lines[0]}",
            f"  command: {command}",
            *(f"  {line}{hint if line == status else ''}" for line in lines[1:]),
        ]
    )
