"""Golden vectors: every request the features send, with its expected answer, for ports to replay.

``mlp-spec vectors --out DIR`` runs the features against the reference, records each request (op and
arguments) under its stable case id, and writes ``DIR/mlp-spec-vectors.json`` with its JSON Schema. Each
expected number is the float64 nearest the 50-digit answer of :mod:`mlp_spec.truth.exact`, except where the
scenario quotes the article: there the article's printed value stands, with the scenario's tolerance.

The 50-digit answers are slow for long training runs, so a build may reuse the expectations of an earlier
file for requests whose op and arguments are unchanged (``cache``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

import mlp_spec
from mlp_spec import outputs
from mlp_spec.harness.backends import ExactBackend, ReferenceBackend
from mlp_spec.harness.run import WORLD, Run, failure
from mlp_spec.session import ROOT, session_args
from mlp_spec.truth.compare import Tolerance

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
    float64 (or an earlier file's, from ``cache``). A request built from an earlier answer (the forward pass
    after a training step) then carries certified numbers, the same on every machine, and not the
    reference's, whose last bit depends on the BLAS kernel that summed it."""

    name = "certified"
    exact = False  # the scenarios' own tolerances apply while recording: the answers are exact already

    def __init__(self, cache: Mapping[str, dict[str, Any]]) -> None:
        self.cache = cache
        self.measured = False
        """True while a ``@measured`` scenario runs: its thousands of steps are answered by the reference,
        whose accuracy is what the scenario measures, and none of its requests becomes a vector."""

    def call(self, op: str, args: Mapping[str, Any], case: str = "") -> dict[str, Any]:
        key = _key(op, args)
        if key in self.cache and not self.measured:
            # The reference accepted this very request when its answer was made, and tests/test_vectors.py
            # replays every case against it; asking again would train 30,000 steps for nothing.
            return dict(self.cache[key])
        reference = ReferenceBackend().call(op, args)  # raises Rejected for what the reference rejects
        return reference if self.measured else super().call(op, args, case)


class Recorder:
    """A pytest plugin that answers every request with :class:`CertifiedBackend` and keeps the world of every
    scenario that ran."""

    def __init__(self, cache: Mapping[str, dict[str, Any]]) -> None:
        self.worlds: list[Any] = []
        self.backend = CertifiedBackend(cache)
        self.failed: list[str] = []
        """Each scenario that failed, with the first line of its reason (the session prints nothing)."""

    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        self.backend.measured = item.get_closest_marker("measured") is not None

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
            self.worlds.append(world)


def _reason(report: pytest.TestReport | pytest.CollectReport) -> str:
    """The first line of what a failure says (pytest's "E" line), or of its whole report."""
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


def case(world: Any, request: Any) -> dict[str, Any]:
    """The vector of one request."""
    entry: dict[str, Any] = dict(
        id=request.case, feature=world.feature, scenario=world.scenario, op=request.op, args=request.args
    )
    if request.result is None:
        if request.must_reject is None:  # a rejection no step asked for is a failed scenario, not a vector
            raise ValueError(f"{request.case} was rejected ({request.error}) but its scenario expects an answer")
        entry["expected_error"] = request.must_reject
        return entry
    expected = dict(request.result)  # the certified answer: see CertifiedBackend
    quoted = []
    if "quoted" in world.tags:
        # The article's printed values stand for the fields the scenario quotes.
        for check in world.checks:
            field = world.fields.get(check.comparison.field)
            if check.request is request and field is not None and not check.must_differ:
                expected[field] = check.comparison.expected
                quoted.append(field)
    tolerance = LONG_RUN if steps(request.op, request.args) >= LONG_RUN_STEPS else SHORT_RUN
    if world.tolerance is not None and ({"quoted", "certified"} & world.tags):
        tolerance = world.tolerance
    entry |= {"expected": expected, "tolerance": {"atol": tolerance.atol, "rtol": tolerance.rtol}}
    return entry | ({"quoted": sorted(quoted)} if quoted else {})


def build(worlds: Sequence[Any]) -> dict[str, Any]:
    """The vectors document of the scenarios recorded by :func:`record`."""
    cases = [case(w, r) for w in worlds if "measured" not in w.tags for r in w.requests]
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
    run: Callable[[list[str], list[object]], object], cache: Mapping[str, dict[str, Any]] | None = None
) -> list[Any]:
    """Run the features once, answered by :class:`CertifiedBackend`, and return the worlds of the scenarios;
    raise :class:`Incomplete` unless every scenario ran and passed. ``run`` is ``pytest.main`` or the like;
    ``cache`` holds 50-digit answers already known (an earlier file's), so that they need not be computed."""
    recorder = Recorder(cache or {})
    # No terminal: the command prints one line, and names what failed through Incomplete.
    outcome = run(session_args("-p", "no:terminal"), [Run(backend=recorder.backend), recorder])
    status: Any = getattr(outcome, "ret", outcome)  # pytest.main's exit code, or a pytester run's
    if status != pytest.ExitCode.OK or not recorder.worlds:
        raise Incomplete(int(status), recorder.failed)
    return recorder.worlds


def write(document: Mapping[str, Any], out: Path) -> Path:
    """Write the vectors and their schema into ``out`` (made if missing), each file whole or not at all."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / FILE
    outputs.write_text(out / SCHEMA_FILE, SCHEMA.read_text(encoding="utf-8"))
    outputs.write_text(path, json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    return path


def changed(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The ids of the cases two vector documents disagree on (added, removed or different), sorted; [] if the
    documents are the same."""
    if old == new:
        return []
    before = {case["id"]: case for case in old["cases"]}
    after = {case["id"]: case for case in new["cases"]}
    ids = sorted(i for i in before.keys() | after.keys() if before.get(i) != after.get(i))
    return ids or ["(the document around the cases)"]
