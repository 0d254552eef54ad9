"""The golden vectors: valid against their schema, up to date with the features, and certified.

The 50-digit answers to the cases are mpmath's work: the module's fixture computes them once, and each case's
test compares the file with its answer.
"""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema
import pytest

from mlp_spec import cli
from mlp_spec.harness import adapter, vectors
from mlp_spec.session import ROOT
from mlp_spec.truth import exact
from mlp_spec.truth.compare import Tolerance, compare
from tests.doubles.miniatures import Inject

COMMITTED = ROOT / "vectors" / vectors.FILE
DOCUMENT: dict[str, Any] = json.loads(COMMITTED.read_text(encoding="utf-8"))
CASES = DOCUMENT["cases"]
SHORT = [c for c in CASES if "expected" in c and vectors.steps(c["op"], c["args"]) < vectors.LONG_RUN_STEPS]


def test_the_vectors_and_their_schema_agree() -> None:
    schema = json.loads(vectors.SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(DOCUMENT)


def test_the_schema_refuses_a_case_with_both_an_answer_and_an_error() -> None:
    schema = json.loads(vectors.SCHEMA.read_text(encoding="utf-8"))
    bad = dict(CASES[0]) | {"expected_error": "a"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**DOCUMENT, "cases": [bad]}, schema)


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
    other = json.loads(json.dumps(DOCUMENT))
    other["cases"][3]["args"] = {}
    del other["cases"][0]
    assert vectors.changed(DOCUMENT, other) == sorted([CASES[0]["id"], CASES[3]["id"]])
    assert vectors.changed(DOCUMENT, DOCUMENT) == []
    assert vectors.changed(DOCUMENT, DOCUMENT | {"spec_version": "0"}) == ["(the document around the cases)"]


def test_ids_are_unique_and_name_their_scenario() -> None:
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))
    assert all(re.search(rf"/{c['op']}(-[2-9])?$", c["id"]) for c in CASES)


@pytest.fixture(scope="module")
def answers() -> dict[str, dict[str, Any]]:
    """The 50-digit engine's answer to every short case, rounded to float64, by the case's id."""
    return {case["id"]: exact.to_float(exact.handle(case["op"], case["args"])) for case in SHORT}


@pytest.mark.parametrize("case", SHORT, ids=[c["id"] for c in SHORT])
def test_each_expectation_is_the_50_digit_answer(case: dict[str, Any], answers: dict[str, dict[str, Any]]) -> None:
    """Every number not quoted from the article is the 50-digit answer rounded to float64, bit for bit; a
    quoted one lies within the case's tolerance of it."""
    answer = answers[case["id"]]
    assert set(case["expected"]) <= set(answer)
    tolerance = Tolerance(**case["tolerance"])
    for field, expected in case["expected"].items():
        if field in case.get("quoted", ()):
            assert compare(field, answer[field], expected, tolerance).ok, field
        else:
            assert answer[field] == expected, field


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_the_reference_replays_every_case(case: dict[str, Any]) -> None:
    """What a port does with the file: send each request, compare each field, expect each rejection."""
    if "expected_error" in case:
        with pytest.raises(ValueError, match=rf"^{case['expected_error']}: "):
            adapter.handle(case["op"], case["args"])
        return
    result = adapter.handle(case["op"], case["args"])
    tolerance = Tolerance(**case["tolerance"])
    for field, expected in case["expected"].items():
        comparison = compare(field, result[field], expected, tolerance)
        assert comparison.ok, comparison.explain()


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
