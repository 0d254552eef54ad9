"""The grading itself, on outcomes written by hand: what counts for the port, what is the spec's own, and
when there was nothing to check."""

from __future__ import annotations

import json

import jsonschema

from mlp_spec.harness import protocol
from mlp_spec.report import verdict as grading
from mlp_spec.report.verdict import NOT_RUN, Outcome, Verdict

ALL = frozenset(protocol.OPS), frozenset(protocol.RULES)
IMPL = {"name": "p", "language": "C", "version": "2", "command": "./p"}


def test_the_spec_s_own_checks_are_never_the_port_s_passes() -> None:
    verdict = Verdict(IMPL, *ALL, [Outcome("proof.gradient", "f", "passed", asked=False)])
    assert verdict.port == [] and len(verdict.own) == 1
    assert verdict.exit_code == grading.CONFORMANT  # a selection of proofs alone asks the port nothing
    assert "the spec's own checks: 1 passed" in verdict.counts()


def test_all_skipped_is_nothing_to_check() -> None:
    verdict = Verdict(IMPL, *ALL, [Outcome("train-step.book", "f", "skipped", ("train",), ("book",))])
    assert verdict.nothing_to_check and verdict.exit_code == grading.NOT_CONFORMANT


def test_a_failure_grades_its_ops_and_rules_and_a_rejection_only_the_rejection() -> None:
    verdict = Verdict(
        IMPL,
        *ALL,
        [
            Outcome("train-step.book", "f", "failed", ("train", "forward"), ("book",)),
            Outcome("reject.argument/x", "f", "passed", ("train",), ("book",), rejection=True),
        ],
    )
    lines = {c.name: (c.status, c.counts) for c in verdict.capabilities()}
    assert lines["op train"] == ("fail", {"passed": 0, "failed": 1, "skipped": 0})
    assert lines["op forward"][0] == "fail" and lines["rule book"][0] == "fail"
    assert lines[grading.REJECTION] == ("pass", {"passed": 1, "failed": 0, "skipped": 0})
    assert lines["op matmul"][0] == "not checked"
    assert verdict.failed == ["train-step.book"]


def test_not_run_is_neither_pass_nor_failure_and_an_unusable_port_exits_3() -> None:
    verdict = Verdict(IMPL, *ALL, [Outcome("a", "f", "passed", ("matmul",)), Outcome("b", "f", NOT_RUN)], gave_up="x")
    assert verdict.not_run == 1 and verdict.failed == [] and verdict.exit_code == grading.NOT_CONFORMANT
    unusable = Verdict({"command": "./p"}, frozenset(), frozenset(), unusable="the port cannot be used")
    assert unusable.exit_code == grading.UNUSABLE
    assert grading.exit_code([verdict, unusable]) == grading.UNUSABLE


def test_the_summary_of_every_kind_of_verdict_is_valid() -> None:
    verdicts = [
        Verdict(IMPL, *ALL, [Outcome("a", "features/01.feature", "passed", ("matmul",))], selection="--profile maths"),
        Verdict({"command": "./q"}, frozenset(), frozenset(), unusable="the port cannot be used"),
    ]
    document = grading.summary(verdicts, "1.0.0")
    schema = json.loads(grading.SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(json.loads(json.dumps(document)))
    assert document["exit_code"] == grading.UNUSABLE and not document["conformant"]
    assert grading.table(verdicts)[0].split() == ["p", "2", "./q"]
