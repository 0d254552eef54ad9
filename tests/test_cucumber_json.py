"""The Cucumber JSON: valid against its schema, and telling the same story as the Cucumber Messages, step by
step (a failure, then skipped steps), with data tables, step locations and the implementation under test."""

from __future__ import annotations

import base64
import json
from typing import Any

import jsonschema
import pytest

from mlp_spec.report import cucumber_json

SCHEMA = json.loads(cucumber_json.SCHEMA.read_text(encoding="utf-8"))


def elements(document: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [element for feature in document for element in feature["elements"]]


def message_story(envelopes: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    """Each test case's scenario name and its steps' statuses, from the Cucumber Messages."""
    pickles = {e["pickle"]["id"]: e["pickle"] for e in envelopes if "pickle" in e}
    cases = {e["testCase"]["id"]: e["testCase"] for e in envelopes if "testCase" in e}
    started = {
        e["testCaseStarted"]["id"]: e["testCaseStarted"]["testCaseId"] for e in envelopes if "testCaseStarted" in e
    }
    status = {
        (started[f["testCaseStartedId"]], f["testStepId"]): f["testStepResult"]["status"].lower()
        for e in envelopes
        if (f := e.get("testStepFinished"))
    }
    return [
        (pickles[case["pickleId"]]["name"], [status[(case_id, step["id"])] for step in case["testSteps"]])
        for case_id, case in cases.items()
    ]


def test_the_json_follows_its_schema(lying_outputs: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(lying_outputs["json"])
    failed = {"status": "failed", "duration": 1}  # a failure must say why
    bad = json.loads(json.dumps(lying_outputs["json"]))
    bad[0]["elements"][0]["steps"][0]["result"] = failed
    with pytest.raises(jsonschema.ValidationError, match="error_message"):
        jsonschema.validate(bad, SCHEMA)


def test_the_json_and_the_messages_agree_on_every_step(lying_outputs: dict[str, Any]) -> None:
    story = [(e["name"], [s["result"]["status"] for s in e["steps"]]) for e in elements(lying_outputs["json"])]
    assert story == message_story(lying_outputs["messages"])
    assert lying_outputs["status"] == 1
    forward = next(steps for name, steps in story if name == "The article's forward pass")
    failure = forward.index("failed")  # the first Then: the background's Givens and the When passed
    assert set(forward[:failure]) == {"passed"} and forward[failure + 1 :] == ["skipped"] * 3
    assert {status for _, steps in story for status in steps} == {"passed", "failed", "skipped"}


def test_a_failed_step_says_why(lying_outputs: dict[str, Any]) -> None:
    failed = [s for e in elements(lying_outputs["json"]) for s in e["steps"] if s["result"]["status"] == "failed"]
    assert len(failed) == 1 and failed[0]["name"] == "the hidden inputs are:"
    assert failed[0]["result"]["error_message"].startswith("hidden inputs: MISMATCH")
    # The message may cut a long value short; what the step compared is embedded whole.
    (embedded,) = failed[0]["embeddings"]
    compared = json.loads(base64.b64decode(embedded["data"]))
    assert compared["field"] == "hidden inputs" and len(compared["expected"]) == len(compared["actual"]) == 3


def test_steps_carry_their_data_tables_and_definitions(lying_outputs: dict[str, Any]) -> None:
    product = next(e for e in elements(lying_outputs["json"]) if e["id"].endswith(";matmul.article-2x2"))
    tables = [s["rows"] for s in product["steps"] if "rows" in s]
    assert tables and all(isinstance(c, str) for rows in tables for row in rows for c in row["cells"])
    ran = [s for e in elements(lying_outputs["json"]) for s in e["steps"] if s["result"]["status"] != "skipped"]
    assert ran and all(s["match"]["location"].startswith("steps/") for s in ran)
    path, line = ran[0]["match"]["location"].rsplit(":", 1)
    assert (lying_outputs["root"] / path).is_file() and int(line) > 0


def test_each_feature_names_the_implementation_under_test(lying_outputs: dict[str, Any]) -> None:
    for feature in lying_outputs["json"]:
        assert feature["implementations"] == [
            {"name": "lying-port", "language": "Python", "version": "0.0.1", "command": "python lying.py"}
        ]
