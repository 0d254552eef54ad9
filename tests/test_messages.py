"""The run as Cucumber Messages, read as a tool reads them: against their schema, and what they tell of the two
runs of tests/conftest.py (the reference's, and the lying miniature's with a pass, a failure and a skip)."""

from __future__ import annotations

import json
from typing import Any

from mlp_spec.report import messages
from tests.page_tree import scenarios


def test_the_messages_follow_the_cucumber_messages_schema(reference: dict[str, Any], lying: dict[str, Any]) -> None:
    from jsonschema import Draft202012Validator
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    schema = json.loads(messages.SCHEMA.read_text(encoding="utf-8"))
    # Every message's schema is embedded in the one file; crawling them once up front spares each $ref a search.
    registry = Registry().with_resource(schema["$id"], DRAFT202012.create_resource(schema)).crawl()
    validator = Draft202012Validator(schema, registry=registry)
    assert list(validator.iter_errors({"testRunFinished": {"success": "yes"}})), "the schema must catch errors"
    for run in (reference, lying):
        for envelope in run["messages"]:
            errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(envelope)]
            assert not errors, f"{next(iter(envelope))}: {errors[:3]}"


def test_the_messages_tell_the_run(reference: dict[str, Any], lying: dict[str, Any]) -> None:
    for run, success in ((reference, True), (lying, False)):
        kinds = [next(iter(e)) for e in run["messages"]]
        assert kinds[0] == "meta" and kinds[-1] == "testRunFinished"
        assert kinds.index("testRunStarted") > max(i for i, k in enumerate(kinds) if k == "stepDefinition")
        n = len(scenarios(run["page"]))
        assert kinds.count("pickle") == kinds.count("testCase") == kinds.count("testCaseFinished") == n
        assert run["messages"][-1]["testRunFinished"]["success"] is success
    statuses = {e["testStepFinished"]["testStepResult"]["status"] for e in lying["messages"] if "testStepFinished" in e}
    assert statuses == {"PASSED", "FAILED", "SKIPPED"}
    failed = next(
        e["testStepFinished"]["testStepResult"]
        for e in lying["messages"]
        if "testStepFinished" in e and e["testStepFinished"]["testStepResult"]["status"] == "FAILED"
    )
    assert failed["message"].startswith("final outputs: MISMATCH")


def test_a_failed_comparison_is_attached_whole_to_its_step(lying: dict[str, Any]) -> None:
    attached = [
        e["attachment"] for e in lying["messages"] if e.get("attachment", {}).get("fileName") == "compared.json"
    ]
    assert attached, "the lying run fails a comparison"
    body = json.loads(attached[0]["body"])
    assert body["field"] == "final outputs" and len(body["expected"]) == len(body["actual"]) == 3
    failed_steps = {
        e["testStepFinished"]["testStepId"]
        for e in lying["messages"]
        if e.get("testStepFinished", {}).get("testStepResult", {}).get("status") == "FAILED"
    }
    assert all(a["testStepId"] in failed_steps for a in attached)


def test_a_scenario_under_a_rule_has_its_line() -> None:
    scenario = {"scenario": {"id": "7", "location": {"line": 12}}}
    document = {
        "feature": {
            "children": [{"scenario": {"id": "3", "location": {"line": 4}}}, {"rule": {"children": [scenario]}}]
        }
    }
    assert messages._scenario_lines(document) == {"3": 4, "7": 12}
