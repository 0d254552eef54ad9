"""The state of one scenario — what was given, what was asked, what came back, what was checked; the record
the report and the golden vectors are built from — and the steps that give values and tolerances.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pytest_bdd import given, parsers

from mlp_spec.harness import protocol
from mlp_spec.harness.backends import Backend, Conversant, LineSender, Rejected, Unsupported
from mlp_spec.harness.process import PortFailure, PortGaveUp
from mlp_spec.harness.run import NOT_RUN_PREFIX, WORLD, scenario_id
from mlp_spec.truth.compare import EXACT, Comparison, Tolerance, compare

# How the features name the protocol's arguments.
ALIASES = {"I": "inputs"}


@dataclass
class Request:
    case: str
    op: str
    args: dict[str, Any]
    result: dict[str, Any] | None = None
    error: str | None = None
    must_reject: str | None = None
    """The argument the scenario requires the implementation to reject, by name."""


@dataclass
class Check:
    comparison: Comparison
    request: Request | None
    """The request whose answer holds the checked field; None for a value the steps derived."""
    must_differ: bool = False
    """A claim that the values are not the same: it holds when the comparison fails."""


@dataclass(repr=False)
class World:
    backend: Backend
    case: str
    tags: frozenset[str]
    tolerance: Tolerance | None = None
    values: dict[str, Any] = field(default_factory=dict)
    given: list[tuple[str, Any]] = field(default_factory=list)
    original: dict[str, Any] = field(default_factory=dict)
    answers: dict[str, tuple[str, Request]] = field(default_factory=dict)
    """Each answered field by the spec's name: (the protocol's name of the field, its request)."""
    requests: list[Request] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    last: Request | None = None
    feature: str = ""
    scenario: str = ""
    overrides: dict[str, Any] = field(default_factory=dict)
    """Arguments a scenario sets or removes by name, whether or not the op has them."""
    lacking: list[tuple[str, str]] = field(default_factory=list)
    """("op", name) and ("rule", name): what the scenario needs and the implementation does not declare."""
    conversed: bool = False
    """A bare command or line was sent (no op's request, so not among ``requests``; the vectors keep it as a
    conversation case)."""

    def __repr__(self) -> str:
        # pytest prints a failed step's arguments: the whole world would be the digits' 1,797 samples.
        return f"World({self.case!r}, {len(self.requests)} requests, {len(self.checks)} checks)"

    def give(self, name: str, value: Any) -> None:
        name = ALIASES.get(name, name)
        self.values[name] = self.original[name] = value
        self.given.append((name, value))

    def run(self, op: str, args: dict[str, Any]) -> Request:
        """Send one request; a rejection is recorded, not raised. A scenario that needs an op or rule the
        implementation does not declare is skipped before anything is sent; a port that breaks the protocol
        fails it with what went wrong, and one the harness gave up on leaves it not run."""
        if op in protocol.OPS and op not in self.backend.ops:
            self.lacking.append(("op", op))
        rule = args.get("rule")
        # Only an op that takes a rule needs one; a rule given to forward is bad input, and must be rejected.
        takes_rule = "rule" in protocol.ARGS.get(op, ())
        if takes_rule and isinstance(rule, str) and rule in protocol.RULES and rule not in self.backend.rules:
            self.lacking.append(("rule", rule))
        if self.lacking:  # each missing capability is named, and the skip counts against each
            pytest.skip("unsupported: " + ", ".join(f"{kind} {name}" for kind, name in self.lacking))
        ordinal = sum(r.op == op for r in self.requests) + 1
        request = Request(f"{self.case}/{op}" + (f"-{ordinal}" if ordinal > 1 else ""), op, args)
        self.requests.append(request)
        return self._send(request, lambda: self.backend.call(op, args, request.case))

    def command(self, cmd: str) -> Request:
        """Send a bare command, outside any ``run``; a rejection is recorded, and ``skipped`` fails."""
        backend = self.backend
        if not isinstance(backend, Conversant):  # the certifying engine answers ops only
            pytest.skip(f"{backend.name} is sent no bare commands")
        self.conversed = True
        return self._send(Request(f"{self.case}/cmd", f"cmd {cmd}", {}), lambda: backend.converse(cmd))

    def line(self, line: bytes, seq: int | None) -> Request:
        """Send a line as it is (not JSON, a request without its seq …), whose answer must carry ``seq``; a
        rejection is recorded, and ``skipped`` fails."""
        backend = self.backend
        if not isinstance(backend, LineSender):  # the certifying engine answers ops only
            pytest.skip(f"{backend.name} is sent no lines of its own")
        self.conversed = True
        return self._send(Request(f"{self.case}/line", "line", {}), lambda: backend.send_line(line, seq))

    def _send(self, request: Request, call: Callable[[], dict[str, Any]]) -> Request:
        self.last = request
        try:
            request.result = call()
        except Rejected as error:
            request.error = str(error)
        except Unsupported as error:
            request.error = f"skipped: {error}"
            pytest.fail(_held_to_its_word(request, str(error)), pytrace=False)
        except PortGaveUp as failure:
            pytest.skip(f"{NOT_RUN_PREFIX}{failure}")
        except PortFailure as failure:
            pytest.fail(f"port failure: {failure}", pytrace=False)
        return request

    def answer(self, op: str, args: dict[str, Any], fields: dict[str, str]) -> Request:
        """Run a request and file its result ``fields`` under the spec's names, for the steps that read them."""
        request = self.run(op, args)
        self.answers |= {spec_name: (name, request) for name, spec_name in fields.items()}
        return request

    def result(self, name: str) -> tuple[Any, Request]:
        """A field of an earlier answer, by the spec's name; fails if that request was rejected or lacks it."""
        if name not in self.answers:
            pytest.fail(f"nothing named {name!r} has been computed in this scenario")
        field_name, request = self.answers[name]
        if request.error is not None:
            pytest.fail(f"{request.op} was rejected: {request.error}", pytrace=False)
        if request.result is None or field_name not in request.result:
            got = sorted(request.result) if request.result is not None else []
            pytest.fail(f"{request.op}: the result has no field {field_name!r} (got {got})", pytrace=False)
        return request.result[field_name], request

    def check(
        self,
        name: str,
        actual: Any,
        expected: Any,
        request: Request | None,
        derived: bool = False,
        tolerance: Tolerance | None = None,
    ) -> None:
        """Compare under the scenario's tolerance, and fail the step with the whole comparison if it differs.
        The certifying engine is held to more: a certified number must be its answer rounded to float64, bit for
        bit, except values the steps derive (``derived``: differences, slopes), which keep the stated tolerance."""
        tolerance = tolerance or self.tolerance
        if tolerance is None:
            pytest.fail("the scenario compares numbers but states no tolerance")
        if self.backend.exact and "certified" in self.tags and not derived:
            tolerance = EXACT
        comparison = compare(name, actual, expected, tolerance)
        self.checks.append(Check(comparison, request))
        if not comparison.ok:
            pytest.fail(comparison.explain(), pytrace=False)

    def check_written(self, name: str, actual: float, written: str, request: Request | None) -> None:
        """A value the steps derived against the number written, to the digits shown: within half a unit in
        the last written place ("0.105" is any number in [0.1045, 0.1055])."""
        exponent = Decimal(written.strip().replace("−", "-")).as_tuple().exponent
        assert isinstance(exponent, int), f"not a finite number: {written!r}"
        tolerance = Tolerance(0.5 * 10.0**exponent, 0.0)
        self.check(name, [actual], [number(written)], request, derived=True, tolerance=tolerance)

    def check_differs(self, name: str, actual: Any, other: Any, request: Request | None = None) -> None:
        """The claim that two values of the same shape are not the same: somewhere they differ by more than the
        scenario's tolerance and by more than a millionth of the value, far beyond any rounding."""
        if self.tolerance is None:
            pytest.fail("the scenario compares numbers but states no tolerance")
        comparison = compare(name, actual, other, self.tolerance)
        self.checks.append(Check(comparison, request, must_differ=True))
        # Not numbers, not the same shape, or NaN or ±∞ somewhere: that is no evidence of a difference.
        if comparison.worst is None or not np.isfinite(np.asarray(actual, dtype=float)).all():
            pytest.fail(f"{name}: cannot tell whether they differ\n{comparison.explain()}", pytrace=False)
        if comparison.ok or comparison.worst[2] < DIFFERENT:
            pytest.fail(f"{name}: expected to differ, but they agree\n{comparison.explain()}", pytrace=False)


def _held_to_its_word(request: Request, message: str) -> str:
    """Why a ``skipped`` answer fails: the harness only sends what the handshake declares, and what the
    protocol does not define must be answered with an error."""
    op, rule = request.op, request.args.get("rule")
    takes_rule = "rule" in protocol.ARGS.get(op, ())
    if op == "line":
        return f"the implementation answered skipped ({message}) to a line that is no request; it must answer an error"
    if op.startswith("cmd "):
        op, naming, what = "cmd", "cmd", "a command the protocol does not define"
    elif op not in protocol.OPS:
        naming, what = "op", "an op the protocol does not define"
    elif takes_rule and isinstance(rule, str) and rule not in protocol.RULES:
        naming, what = "rule", f"the rule {rule!r}, which the protocol does not define"
    else:
        declared = f"op {op}" + (f" and rule {rule}" if takes_rule and rule else "")
        return (
            f"{op}: the implementation declares {declared} in its handshake, yet answered skipped ({message}); "
            f"a declared op or rule must be answered with a result or an error"
        )
    return f"{op}: the implementation answered skipped ({message}) to {what}; it must answer an error naming {naming}"


DIFFERENT = 1e-6
"""The relative difference, somewhere, that makes two values "differ" (rounding is near 1e-16)."""


@pytest.fixture
def world(request: pytest.FixtureRequest, backend: Backend) -> World:
    if backend.given_up:
        pytest.skip(f"{NOT_RUN_PREFIX}the harness gave up on the port earlier in the run")
    tags = frozenset(m.name for m in request.node.iter_markers())
    w = World(backend, scenario_id(request.node) or request.node.name, tags)
    request.node.stash[WORLD] = w
    return w


def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    """Tell the world where it is: the feature's file and the scenario's name (rendered for an example)."""
    world = request.getfixturevalue("world")
    world.feature = f"features/{Path(feature.filename).name}"
    world.scenario = scenario.name


def number(text: str) -> float:
    try:
        return float(text.strip().replace("−", "-"))
    except ValueError:
        raise ValueError(f"not a number in a table: {text!r}") from None


def table_matrix(datatable: list[list[str]]) -> list[list[float]]:
    return [[number(cell) for cell in row] for row in datatable]


def table_vector(datatable: list[list[str]]) -> list[float]:
    if len(datatable) != 1:
        raise ValueError(f"a vector is written as one table row, got {len(datatable)} rows")
    return [number(cell) for cell in datatable[0]]


@given(parsers.re(r"numbers are compared within atol (?P<atol>\S+) and rtol (?P<rtol>\S+)"))
def given_tolerance(world: World, atol: str, rtol: str) -> None:
    world.tolerance = Tolerance(number(atol), number(rtol))


@given(parsers.re(r"the matrix (?P<name>\w+)(?:, (?P<note>[^:]+))?:"))
def given_matrix(world: World, name: str, datatable: list[list[str]]) -> None:
    world.give(name, table_matrix(datatable))


@given(parsers.re(r"the vector (?P<name>\w+)(?:, (?P<note>[^:]+))?:"))
def given_vector(world: World, name: str, datatable: list[list[str]]) -> None:
    world.give(name, table_vector(datatable))


@given(parsers.re(r"the learning rate (?P<value>\S+)"))
def given_learning_rate(world: World, value: str) -> None:
    world.give("learning_rate", number(value))


@given(parsers.re(r"(?P<name>[a-z_]+) is missing"))
def given_missing(world: World, name: str) -> None:
    world.values[name] = world.overrides[name] = MISSING


@given(parsers.re(r"(?P<name>[a-z_]+) is (?P<value>(?!missing$).+)"))
def given_value(world: World, name: str, value: str) -> None:
    # JSON, as it travels: the protocol's non-finite names stay strings.
    world.values[name] = world.overrides[name] = json.loads(value)
    world.given.append((name, world.values[name]))


MISSING = object()
