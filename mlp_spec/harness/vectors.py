"""Golden vectors (docs/checking-a-port.md): every request the features send, under its stable case id, with
its expected answer, for ports to replay. Each expected number is the float64 nearest the 50-digit answer of
:mod:`mlp_spec.truth.exact`, except where the scenario quotes the article: there the printed value stands.

A case is a ``request`` (one op, its answer or the argument it must be rejected by), a ``conversation`` (a
line sent as it is, answered with an error) or a ``measured`` scenario (a fit, then a query, checked by a
count against a bound: features/07's accuracy). A build may reuse an earlier file's 50-digit answers
(``cache``): they are slow for long training runs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import mlp_spec
from mlp_spec import digits, outputs
from mlp_spec.harness.backends import ExactBackend, ReferenceBackend
from mlp_spec.harness.run import WORLD, Run, example_of, failure
from mlp_spec.session import ROOT, session_args
from mlp_spec.truth.compare import Tolerance, plain_number

FILE = "mlp-spec-vectors.json"
SCHEMA_FILE = "mlp-spec-vectors.schema.json"
SCHEMA = ROOT / "vectors" / SCHEMA_FILE

# Measured (benchmarks/drift.py): after 10,000 training steps the reference and the JavaScript port stay
# within 2e-14 of the 50-digit answer; one step stays within a few units in the last place. The tolerances
# leave a margin of about a hundred over what was measured.
LONG_RUN = Tolerance(atol=1e-12, rtol=1e-12)
SHORT_RUN = Tolerance(atol=1e-15, rtol=1e-12)
LONG_RUN_STEPS = 100


class CertifiedBackend(ExactBackend):
    """The reference decides what is rejected; every answer it accepts is the 50-digit engine's, rounded to
    float64 (or ``cache``'s). A request built from an earlier answer then carries the same numbers on every
    machine, not the reference's, whose last bit depends on the BLAS kernel."""

    name = "certified"
    exact = False  # the scenarios' own tolerances apply while recording: the answers are exact already

    def __init__(self, cache: Mapping[str, dict[str, Any]]) -> None:
        self.cache = cache
        self.measured = False
        """While a ``@measured`` scenario runs, the reference answers: its accuracy is what is measured."""
        self.lines: list[tuple[bytes, int | None]] = []
        """The scenario's lines sent as they are, each with its seq: the world keeps only their rejection."""

    def call(self, op: str, args: Mapping[str, Any], case: str = "") -> dict[str, Any]:
        key = _key(op, args)
        if key in self.cache and not self.measured:
            # The reference accepted this request when its answer was made (tests/test_vectors.py replays it).
            return dict(self.cache[key])
        reference = ReferenceBackend().call(op, args)  # raises Rejected for what the reference rejects
        return reference if self.measured else super().call(op, args, case)

    # Bare commands and lines are answered by the reference as `mlp-spec serve` answers them: no number is involved.
    def converse(self, cmd: str) -> dict[str, Any]:
        self.lines.append((json.dumps({"cmd": cmd, "seq": 1}).encode(), 1))  # as ReferenceBackend sends it
        return ReferenceBackend().converse(cmd)

    def send_line(self, line: bytes, seq: int | None) -> dict[str, Any]:
        self.lines.append((line, seq))
        return ReferenceBackend().send_line(line, seq)


@dataclass
class Recorded:
    """One scenario that ran: its world, its outline's Examples row (where a measured scenario's bound is), and
    the lines it sent as they are."""

    world: Any
    example: dict[str, str]
    lines: list[tuple[bytes, int | None]]


class Recorder:
    """A pytest plugin that answers every request with :class:`CertifiedBackend` and keeps every scenario that
    ran, and each failure's first line (the session prints nothing)."""

    def __init__(self, cache: Mapping[str, dict[str, Any]]) -> None:
        self.scenarios: list[Recorded] = []
        self.backend = CertifiedBackend(cache)
        self.failed: list[str] = []

    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        self.backend.measured = item.get_closest_marker("measured") is not None
        self.backend.lines = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed:
            self.failed.append(f"{report.nodeid.split('::')[-1]}: {_reason(report)}")

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.failed.append(f"collecting {report.nodeid or 'the features'}: {_reason(report)}")

    @pytest.hookimpl(trylast=True)
    def pytest_runtest_teardown(self, item: pytest.Item) -> None:
        world = item.stash.get(WORLD, None)
        if world is not None:
            example, _ = example_of(item)
            self.scenarios.append(Recorded(world, dict(example), self.backend.lines))


def _reason(report: pytest.TestReport | pytest.CollectReport) -> str:
    lines = failure(report).strip().splitlines()
    return lines[0][:200] if lines else report.when or "failed"


def _key(op: str, args: Mapping[str, Any]) -> str:
    return json.dumps([op, args], sort_keys=True)


def steps(op: str, args: Mapping[str, Any]) -> int:
    """The training steps a request asks for: ``steps``, or one per sample and epoch; 0 for no training."""
    if op == "train":
        return int(args.get("steps", 1))
    if op == "fit":
        return len(args["inputs"]) * int(args.get("epochs", 1))
    return 0


def _where(world: Any) -> dict[str, str]:
    return {"feature": world.feature, "scenario": world.scenario}


def case(world: Any, request: Any) -> dict[str, Any]:
    """The vector of one request."""
    entry: dict[str, Any] = dict(kind="request", id=request.case, **_where(world), op=request.op, args=request.args)
    if request.result is None:
        if request.must_reject is None:  # a rejection no step asked for is a failed scenario, not a vector
            raise ValueError(f"{request.case} was rejected ({request.error}) but its scenario expects an answer")
        entry["expected_error"] = request.must_reject
        return entry
    expected = dict(request.result)  # the certified answer: see CertifiedBackend
    quoted = []
    if "quoted" in world.tags:
        for check in world.checks:
            field, _ = world.answers.get(check.comparison.field, (None, None))
            if check.request is request and field is not None and not check.must_differ:
                expected[field] = check.comparison.expected
                quoted.append(field)
    tolerance = LONG_RUN if steps(request.op, request.args) >= LONG_RUN_STEPS else SHORT_RUN
    if world.tolerance is not None and ({"quoted", "certified"} & world.tags):
        tolerance = world.tolerance
    entry |= {"expected": expected, "tolerance": {"atol": tolerance.atol, "rtol": tolerance.rtol}}
    return entry | ({"quoted": sorted(quoted)} if quoted else {})


def conversation(world: Any, lines: Sequence[tuple[bytes, int | None]]) -> dict[str, Any]:
    """The vector of a line sent as it is: the line, its seq, and the name its error must begin with. The world
    keeps such a line only as its last request, so a scenario sends one."""
    request = world.last
    last_is_line = request is not None and all(request is not sent for sent in world.requests)
    if len(lines) != 1 or not last_is_line or request.must_reject is None:
        raise ValueError(f"{world.case} must send one line as it is, last, and check that it is rejected")
    line, seq = lines[0]
    try:
        sent = {"send": line.decode("utf-8")}
    except UnicodeDecodeError:
        sent = {"send_hex": line.hex(" ")}
    return dict(
        kind="conversation", id=request.case, **_where(world), **sent, seq=seq, expected_error=request.must_reject
    )


def measured(world: Any, example: Mapping[str, str]) -> dict[str, Any]:
    """The vector of a measured scenario: the fit's arguments, the query's held-out inputs, their labels and
    the count of digits recognised it must reach. The fit's answer differs between machines in its last bits,
    so none is written."""
    ops = [request.op for request in world.requests]
    if ops != ["fit", "query"]:
        raise ValueError(f"{world.case} is measured, so it must send a fit and then a query; it sent {ops}")
    fit, query = world.requests
    held_out = digits.load()
    inputs = query.args["inputs"]
    if inputs != held_out.test_inputs[: len(inputs)].tolist():
        raise ValueError(f"{world.case} queries other inputs than the held-out digits, whose labels count")
    bound = {"at_least": int(example["least"]), "within": int(example["gap"]), "of": digits.BASELINE}
    return dict(
        kind="measured",
        id=world.case,
        **_where(world),
        fit=fit.args,
        query={"inputs": inputs},
        labels=held_out.test_labels[: len(inputs)].tolist(),
        recognised=bound,
    )


def of_scenario(scenario: Recorded) -> list[dict[str, Any]]:
    """One vector per request (and a line sent as it is), or one for the whole of a measured scenario."""
    world = scenario.world
    if "measured" in world.tags:
        return [measured(world, scenario.example)]
    lines = [conversation(world, scenario.lines)] if scenario.lines else []
    return [case(world, r) for r in world.requests] + lines


def build(scenarios: Sequence[Recorded]) -> dict[str, Any]:
    """The vectors document of the scenarios recorded by :func:`record`."""
    cases = [c for scenario in scenarios for c in of_scenario(scenario)]
    ids = [c["id"] for c in cases]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"case ids must be unique; repeated: {', '.join(duplicates)}")
    return {"suite": "mlp-spec", "version": mlp_spec.__version__, "protocol": 1, "cases": cases}


def load_cache(path: Path) -> dict[str, dict[str, Any]]:
    """The 50-digit expectations of an earlier vectors file, by request (quoted values are not reused)."""
    if not path.exists():
        return {}
    document = json.loads(path.read_text(encoding="utf-8"))
    return {_key(c["op"], c["args"]): c["expected"] for c in document["cases"] if "expected" in c and "quoted" not in c}


class Incomplete(Exception):
    """The features did not all run and pass against the 50-digit engine: vectors from part of them would
    read as the whole set, so none are made."""

    def __init__(self, status: int, failed: Sequence[str] = ()) -> None:
        said = f"the features did not all pass against the 50-digit engine (pytest exit status {status})"
        if failed:
            said += "; " + "; ".join(failed[:5]) + (f"; and {len(failed) - 5} more" if len(failed) > 5 else "")
        super().__init__(said)
        self.status = status


def record(
    run: Callable[[list[str], list[object]], int], cache: Mapping[str, dict[str, Any]] | None = None
) -> list[Recorded]:
    """Run the features once (``run`` is ``pytest.main`` or the like), answered by :class:`CertifiedBackend`,
    and return the scenarios that ran; raise :class:`Incomplete` unless every scenario ran and passed."""
    recorder = Recorder(cache or {})
    # No terminal: the command prints one line, and names what failed through Incomplete.
    status = run(session_args("-p", "no:terminal"), [Run(backend=recorder.backend), recorder])
    if status != pytest.ExitCode.OK or not recorder.scenarios:
        raise Incomplete(int(status), recorder.failed)
    return recorder.scenarios


def write(document: Mapping[str, Any], out: Path) -> Path:
    """Write the vectors and their schema into ``out`` (made if missing), each file whole or not at all."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / FILE
    outputs.write_text(out / SCHEMA_FILE, SCHEMA.read_text(encoding="utf-8"))
    outputs.write_text(path, dumps(document) + "\n")
    return path


def dumps(value: Any, indent: str = "") -> str:
    """JSON indented by one space a level, as ``json.dumps(value, indent=1)`` writes it, but with a list of
    numbers on one line: a matrix reads a row a line, and the digits' data sets take half the bytes."""
    inner = indent + " "
    if isinstance(value, dict) and value:
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {dumps(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    if isinstance(value, list) and value and not all(map(plain_number, value)):
        return "[\n" + ",\n".join(inner + dumps(v, inner) for v in value) + f"\n{indent}]"
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def changed(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The ids of the cases two vector documents disagree on (added, removed or different), sorted; [] if the
    documents are the same."""
    if old == new:
        return []
    before = {case["id"]: case for case in old["cases"]}
    after = {case["id"]: case for case in new["cases"]}
    ids = sorted(i for i in before.keys() | after.keys() if before.get(i) != after.get(i))
    return ids or ["(the document around the cases)"]
