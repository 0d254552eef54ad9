"""The golden vectors: valid against their schema, up to date with the features, certified at 50 digits, and
replayed by the reference as a port replays them. A check of every case names each case that disagrees."""

from __future__ import annotations

import io
import json
import re
from types import SimpleNamespace
from typing import Any

import jsonschema
import pytest

from mlp_spec import cli
from mlp_spec.harness import adapter, serve, vectors
from mlp_spec.session import ROOT
from mlp_spec.truth import exact
from mlp_spec.truth.compare import Tolerance, compare
from tests.doubles.miniatures import Inject

COMMITTED = ROOT / "vectors" / vectors.FILE
DOCUMENT: dict[str, Any] = json.loads(COMMITTED.read_text(encoding="utf-8"))
CASES = DOCUMENT["cases"]
REQUESTS = [c for c in CASES if c["kind"] == "request"]
SHORT = [c for c in REQUESTS if "expected" in c and vectors.steps(c["op"], c["args"]) < vectors.LONG_RUN_STEPS]
SCHEMA = json.loads(vectors.SCHEMA.read_text(encoding="utf-8"))


def trimmed(value: Any, most: int = 20) -> Any:
    """``value`` with each list cut to its first ``most`` entries: of the same form, a thousandth of the work for
    jsonschema where a case carries the digits (1,347 rows of 64) or 100,001 numbers."""
    if isinstance(value, list):
        return [trimmed(v, most) for v in value[:most]]
    if isinstance(value, dict):
        return {k: trimmed(v, most) for k, v in value.items()}
    return value


def test_the_vectors_and_their_schema_agree() -> None:
    """Every case, its long lists cut short; the slow test below reads every number."""
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(trimmed(DOCUMENT))


@pytest.mark.slow
def test_every_number_of_the_vectors_agrees_with_their_schema() -> None:
    jsonschema.Draft202012Validator(SCHEMA).validate(DOCUMENT)


def first(kind: str) -> dict[str, Any]:
    return trimmed(next(c for c in CASES if c["kind"] == kind))


def test_the_schema_refuses_a_case_of_the_wrong_form() -> None:
    wrong = [
        (first("request") | {"expected_error": "a"}, "is not valid under any of"),  # an answer and an error
        (first("request") | {"note": "a"}, "('note' was unexpected)"),
        (first("request") | {"kind": "measured"}, "'fit' is a required property"),
        (first("conversation") | {"send_hex": "ff"}, "is valid under each of"),  # the line twice
        (first("conversation") | {"expected": {"y": [0.5]}}, "('expected' was unexpected)"),
        ({k: v for k, v in first("measured").items() if k != "recognised"}, "'recognised' is a required property"),
        (first("measured") | {"labels": [10]}, "10 is greater than the maximum of 9"),
    ]
    validator = jsonschema.Draft202012Validator(SCHEMA)
    unsaid = [
        said
        for bad, said in wrong
        if not any(said in error.message for error in validator.iter_errors({**trimmed(DOCUMENT), "cases": [bad]}))
    ]
    assert unsaid == []


@pytest.mark.slow
def test_the_committed_vectors_are_up_to_date(capsys: pytest.CaptureFixture[str]) -> None:
    """What `mlp-spec vectors --check` does (CI runs it from nothing), with the 50-digit answers the file already
    holds, which test_each_expectation_is_the_50_digit_answer certifies."""

    def run(args: list[str], plugins: list[object]) -> object:
        # Its closing garbage collections cost more than the run, in a process this full.
        return pytest.main([*args, "-p", "no:unraisableexception"], plugins=plugins)

    status = cli.check_vectors(lambda cache: vectors.record(run, vectors.load_cache(COMMITTED)))
    said = capsys.readouterr().out
    assert status == 0, said
    assert said == f"{COMMITTED} agrees with a 50-digit build ({len(CASES)} cases)\n"  # not "fresh": answers reused


def test_what_differs_is_named_by_case() -> None:
    document = trimmed(DOCUMENT)
    other = json.loads(json.dumps(document))
    other["cases"][3]["args"] = {}
    del other["cases"][0]
    assert vectors.changed(document, other) == sorted([CASES[0]["id"], CASES[3]["id"]])
    assert vectors.changed(document, document) == []
    assert vectors.changed(document, document | {"spec_version": "0"}) == ["(the document around the cases)"]


def test_ids_are_unique_and_name_their_scenario_and_every_kind_of_case_is_there() -> None:
    """The digits' accuracy runs and the conversation are cases too: every request the features send is here
    (a fresh build proves that no other is missing: test_the_committed_vectors_are_up_to_date)."""
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)) and "conduct.unknown-command/cmd" in ids
    assert all(re.search(rf"/{c['op']}(-[2-9])?$", c["id"]) for c in REQUESTS)
    assert all(re.search(r"/(cmd|line)$", c["id"]) for c in CASES if c["kind"] == "conversation")
    assert sorted(c["id"] for c in CASES if c["kind"] == "measured") == ["digits.learns/book", "digits.learns/gradient"]
    book = next(c for c in CASES if c["id"] == "digits.learns/book")
    # features/07's Examples row: at least 437, within 9 of scikit-learn's 446.
    assert book["recognised"] == {"at_least": 437, "within": 9, "of": 446}
    assert len(book["fit"]["inputs"]) == 1347 and book["fit"]["epochs"] == 5 and book["fit"]["rule"] == "book"
    assert len(book["query"]["inputs"]) == len(book["labels"]) == 450


def test_a_scenario_is_recorded_as_its_kind_asks_or_not_at_all() -> None:
    """A measured scenario must send a fit and then a query; a line sent as it is must be the scenario's last
    request, and its rejection checked: anything else would make a case that says less than the scenario."""
    fit = SimpleNamespace(op="fit", args={})
    world = SimpleNamespace(case="digits.learns/book", tags={"measured"}, requests=[fit], feature="f", scenario="s")
    with pytest.raises(ValueError, match="must send a fit and then a query; it sent \\['fit'\\]"):
        vectors.of_scenario(vectors.Recorded(world, {"least": "1", "gap": "1"}, []))
    line = SimpleNamespace(case="conduct.x/line", op="line", args={}, must_reject=None)
    world = SimpleNamespace(case="conduct.x", tags=set(), requests=[], last=line, feature="f", scenario="s")
    with pytest.raises(
        ValueError, match=r"conduct\.x must send one line as it is, last, and check that it is rejected"
    ):
        vectors.of_scenario(vectors.Recorded(world, {}, [(b"[1]", None)]))
    line.must_reject = "line"
    (case,) = vectors.of_scenario(vectors.Recorded(world, {}, [(b"\xff[1]", None)]))
    assert case["send_hex"] == "ff 5b 31 5d" and case["seq"] is None and case["expected_error"] == "line"
    with pytest.raises(ValueError, match="must send one line"):
        vectors.of_scenario(vectors.Recorded(world, {}, [(b"[1]", None), (b"[2]", None)]))


def test_the_vectors_are_written_a_row_a_line() -> None:
    document = {"a": [[1.0, 2.5], [3.0, -4e-300]], "b": ["NaN", 1], "c": [], "d": {}, "e": "σ"}
    text = vectors.dumps(document)
    assert json.loads(text) == document
    assert text == (
        '{\n "a": [\n  [1.0, 2.5],\n  [3.0, -4e-300]\n ],\n'
        ' "b": [\n  "NaN",\n  1\n ],\n "c": [],\n "d": {},\n "e": "σ"\n}'
    )


def test_each_expectation_is_the_50_digit_answer() -> None:
    """Every number not quoted from the article is the 50-digit answer rounded to float64, bit for bit; a
    quoted one lies within the case's tolerance of it."""
    wrong = []
    for case in SHORT:
        answer = exact.to_float(exact.handle(case["op"], case["args"]))
        tolerance = Tolerance(**case["tolerance"])
        for field, expected in case["expected"].items():
            if field not in answer:
                agrees = False
            elif field in case.get("quoted", ()):
                agrees = compare(field, answer[field], expected, tolerance).ok
            else:
                agrees = answer[field] == expected
            if not agrees:
                wrong.append(f"{case['id']}: {field}")
    assert wrong == []


def served(line: bytes) -> list[dict[str, Any]]:
    """What ``mlp-spec serve`` answers to ``line`` (a newline added), in this process."""
    out = io.StringIO()
    serve.serve(io.BytesIO(line + b"\n"), out)
    return [json.loads(answer) for answer in out.getvalue().splitlines()]


def sent(case: dict[str, Any]) -> bytes:
    """The line of a conversation's case, as bytes."""
    return case["send"].encode() if "send" in case else bytes.fromhex(case["send_hex"])


def recognised(final_outputs: list[list[float]], labels: list[int]) -> int:
    """The rows whose largest output (the first of equal ones) stands at their label, as the schema says."""
    return sum(row.index(max(row)) == label for row, label in zip(final_outputs, labels, strict=True))


def replayed(case: dict[str, Any]) -> str:
    """What is wrong with the reference's replay of ``case``, as a port replays it, or nothing: send the
    request, compare each field or expect the rejection; send the line, expect its error under its seq; fit,
    query and count the digits recognised."""
    if case["kind"] == "conversation":
        answers = served(sent(case))
        error = f"{case['expected_error']}: "
        agrees = len(answers) == 1 and answers[0]["seq"] == case["seq"] and answers[0]["error"].startswith(error)
        return "" if agrees else f"answered {answers}"
    if case["kind"] == "measured":
        weights = adapter.handle("fit", case["fit"])
        outputs = adapter.handle("query", weights | case["query"])["final_outputs"]
        count, bound = recognised(outputs, case["labels"]), case["recognised"]
        agrees = count >= bound["at_least"] and abs(count - bound["of"]) <= bound["within"]
        return "" if agrees else f"{count} recognised"
    try:
        result = adapter.handle(case["op"], case["args"])
    except ValueError as error:
        return "" if str(error).startswith(f"{case.get('expected_error')}: ") else f"rejected: {error}"
    if "expected_error" in case:
        return f"answered, where {case['expected_error']} must be rejected"
    if missing := sorted(set(case["expected"]) - set(result)):
        return f"no {', '.join(missing)} in the answer"
    tolerance = Tolerance(**case["tolerance"])
    comparisons = [compare(field, result[field], expected, tolerance) for field, expected in case["expected"].items()]
    return "; ".join(comparison.explain() for comparison in comparisons if not comparison.ok)


def test_the_reference_replays_every_case() -> None:
    assert [f"{case['id']}: {wrong}" for case in CASES if (wrong := replayed(case))] == []


def test_a_recording_that_fails_names_the_scenario_and_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import LyingBackend

    def run(args: list[str], plugins: list[object]) -> object:
        return pytest.main(
            [*args, "--id", "forward.article", "-p", "no:unraisableexception"],
            plugins=[*plugins, Inject(LyingBackend())],
        )

    with pytest.raises(
        vectors.Incomplete, match=r"exit status 1\); test_the_articles_forward_pass: .*hidden inputs: MISMATCH"
    ):
        vectors.record(run)
    assert capsys.readouterr().out == ""
