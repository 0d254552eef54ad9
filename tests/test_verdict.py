"""The grading itself, on outcomes written by hand: what counts for the port, what is the spec's own, and
when there was nothing to check."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest

from mlp_spec.harness import protocol, verdict_report
from mlp_spec.harness import verdict as grading
from mlp_spec.harness.verdict import NOT_RUN, Outcome, Verdict

ALL = frozenset(protocol.OPS), frozenset(protocol.RULES)
IMPL = {"name": "p", "language": "C", "version": "2", "command": "./p"}
UNUSABLE = Verdict({"command": "./q"}, frozenset(), frozenset(), unusable="the port cannot be used")


def test_the_spec_s_own_checks_are_never_the_port_s_passes() -> None:
    """A selection of proofs alone asks the port nothing: nothing to check, as when a port declares nothing. The
    reference in process, whose handshake names no command, keeps exit 0 for a learner reading the proofs."""
    own = [Outcome("proof.gradient", "f", "passed", asked=False)]
    verdict = Verdict(IMPL, *ALL, own)
    assert verdict.port == [] and len(verdict.own) == 1
    assert verdict.nothing_to_check == (
        "There was nothing to check: the selected scenarios are the spec's own checks, which ask the port nothing."
    )
    assert verdict.exit_code == grading.NOT_CONFORMANT
    assert "the spec's own checks: 1 passed" in verdict.counts()
    reference = Verdict({"name": "mlp_ref", "language": "Python", "version": "1.0.0"}, *ALL, own)
    assert not reference.nothing_to_check and reference.exit_code == grading.CONFORMANT
    with_port = Verdict(IMPL, *ALL, [*own, Outcome("forward.article", "f", "passed", ("forward",))])
    assert not with_port.nothing_to_check and with_port.exit_code == grading.CONFORMANT
    skipped = Verdict(IMPL, *ALL, [Outcome("train-step.book", "f", "skipped", ("train",), ("book",))])
    assert skipped.nothing_to_check and skipped.exit_code == grading.NOT_CONFORMANT


def test_a_failure_counts_against_its_op_under_test_and_a_rejection_in_its_op_s_line() -> None:
    failed = Outcome("train-step.book", "f", "failed", ("train", "forward"), ("book",), under_test=("train",))
    rejected = Outcome("reject.x", "f", "passed", ("backward",), ("book",), rejection=True, under_test=("backward",))
    verdict = Verdict(IMPL, *ALL, [failed, rejected])
    lines = {c.name: (c.status, c.counts) for c in verdict.capabilities()}
    assert lines["op train"] == ("fail", {"passed": 0, "failed": 1, "skipped": 0})
    assert lines["op forward"][0] == "not checked"  # sent on the way to train's answer, not judged
    assert lines["rule book"][0] == "fail"
    assert lines["op backward"] == ("pass", {"passed": 1, "failed": 0, "skipped": 0})
    assert lines[grading.REJECTION] == ("pass", {"passed": 1, "failed": 0, "skipped": 0})
    assert verdict.failed == ["train-step.book"]


def test_a_skip_counts_against_every_capability_it_lacked_and_its_ops_under_test() -> None:
    # A scenario that judges query's answers, skipped at the fit it needed first: fit and book count it too.
    skipped = Outcome("q", "f", "skipped", ("fit",), ("book",), under_test=("query",), lacking=("op fit", "rule book"))
    passed = Outcome("forward.article", "f", "passed", ("forward",), under_test=("forward",))
    verdict = Verdict(IMPL, frozenset({"forward", "query"}), frozenset({"article"}), [skipped, passed])
    lines = {c.name: (c.status, c.counts["skipped"]) for c in verdict.capabilities()}
    assert lines["op fit"] == ("not declared", 1) and lines["rule book"] == ("not declared", 1)
    assert lines["op query"] == ("not checked", 1)
    assert verdict_report.cell(verdict.capabilities()[2]) == "✓ 1/1"


def test_coverage_is_said_and_require_fails_a_port_that_passes_less() -> None:
    ops, rules = frozenset({"forward", "train"}), frozenset({"book"})
    outcomes = [
        Outcome("forward.article", "f", "passed", ("forward",), under_test=("forward",)),
        Outcome("train-step.book", "f", "passed", ("train",), ("book",), under_test=("train",)),
        Outcome("reject.x", "f", "passed", ("train",), ("book",), rejection=True, under_test=("train",)),
    ]
    partial = Verdict(IMPL, ops, rules, outcomes)
    assert partial.said() == "conformant for 2 of 7 ops and 1 of 3 rules" and partial.exit_code == 0
    assert verdict_report.table([partial])[-2].split()[1:] == ["2/7", "ops,", "1/3", "rules"]
    required = Verdict(IMPL, ops, rules, outcomes, required=grading.requirement("all"))
    assert required.exit_code == grading.NOT_CONFORMANT and required.said() == "not conformant"
    assert required.short_of.startswith("--require all is not met: op matmul (not declared), op sigmoid")
    enough = Verdict(IMPL, ops, rules, outcomes, required=grading.requirement("ops=forward, train,rules=book"))
    assert enough.exit_code == grading.CONFORMANT and not enough.short_of
    assert Verdict(IMPL, ops, rules, outcomes[:2]).coverage().endswith(", without the rejection of bad input")


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("forward", "'forward' comes before ops= or rules="),
        ("op=forward", "'op' is neither ops nor rules"),
        ("ops=predict", "no op 'predict': the ops are matmul, sigmoid"),
        ("rules=sgd", "no rule 'sgd'"),
        ("ops=forward=train", "no op 'forward=train'"),
    ],
)
def test_a_requirement_names_what_it_cannot_read(text: str, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        grading.requirement(text)
    assert grading.requirement("ops=all,rules=book").ops == frozenset(protocol.OPS)


def test_the_summary_of_every_kind_of_verdict_is_valid() -> None:
    selected = Verdict(IMPL, *ALL, [Outcome("a", "features/01.feature", "passed", ("matmul",))], selection="-k a")
    empty = Verdict(IMPL, *ALL, [], selection="--id nothing")
    assert (empty.exit_code, empty.status) == (grading.USAGE, "nothing selected")
    stopped = Verdict(IMPL, *ALL, selected.outcomes, interrupted=True)
    assert (stopped.exit_code, stopped.status) == (grading.INTERRUPTED, "interrupted")
    schema = jsonschema.Draft202012Validator(json.loads(grading.SCHEMA.read_text(encoding="utf-8")))
    for verdicts, gravest in [([selected, UNUSABLE], grading.UNUSABLE), ([empty, stopped], grading.INTERRUPTED)]:
        document = verdict_report.summary(verdicts, "1.0.0")
        schema.validate(json.loads(json.dumps(document)))
        assert document["exit_code"] == gravest and not document["conformant"]
    assert verdict_report.table([selected, UNUSABLE])[0].split() == ["p", "2", "./q"]


def test_the_messages_name_the_implementation_under_test() -> None:
    from mlp_spec.report import messages
    from mlp_spec.report.records import Recording

    run = Recording(datetime.now(UTC), ["mlp-spec", "run"], implementations={"p": IMPL})
    attachments = [e["attachment"] for e in messages.envelopes(run, Path.cwd()) if "attachment" in e]
    assert [json.loads(a["body"]) for a in attachments] == [{"implementationUnderTest": IMPL}]
    assert attachments[0]["mediaType"] == "application/json" and "testRunStartedId" in attachments[0]


def test_not_run_is_neither_pass_nor_failure_and_pytest_s_own_statuses_become_the_documented_ones() -> None:
    status = grading.exit_status
    conformant = Verdict(IMPL, *ALL, [Outcome("a", "f", "passed", ("matmul",))])
    gave_up = Verdict(IMPL, *ALL, [*conformant.outcomes, Outcome("b", "f", NOT_RUN)], gave_up="x")
    assert gave_up.not_run == 1 and gave_up.failed == [] and gave_up.exit_code == grading.NOT_CONFORMANT
    assert UNUSABLE.exit_code == grading.UNUSABLE and status([gave_up, UNUSABLE]) == grading.UNUSABLE
    assert status([], 2) == grading.INTERRUPTED and status([], 4) == grading.USAGE and status([], 5) == grading.USAGE
    assert status([conformant], 0) == grading.CONFORMANT and status([], 0) == grading.USAGE
    assert status([conformant], 1) == grading.CONFORMANT, "pytest's 1 (a failed own check) leaves it to the verdict"
    assert status([conformant], 3) == grading.NOT_CONFORMANT, "pytest's internal error is no unusable port"
    assert status([UNUSABLE], 5) == grading.UNUSABLE, "an unusable port's run collects nothing"


def test_a_rule_s_line_counts_what_sent_it_and_a_feature_s_row_what_asked_the_port() -> None:
    outcomes = [
        Outcome("train-step.book", "features/05.feature", "passed", ("train",), ("book",), under_test=("train",)),
        Outcome("forward.article", "features/05.feature", "passed", ("forward",), under_test=("forward",)),
        Outcome("proof.book", "features/09.feature", "passed", asked=False),
        Outcome("proof.code", "features/09.feature", NOT_RUN, reason="not run: gave up"),
    ]
    verdict = Verdict(IMPL, *ALL, outcomes, gave_up="it died")
    lines = {c.name: c for c in verdict.capabilities()}
    assert lines["rule book"].counts["passed"] == 1 and lines["rule gradient"].status == NOT_RUN
    assert verdict.counts() == "2 passed, 0 failed, 0 skipped; the spec's own checks: 1 passed; 1 not run"
    assert verdict.features() == {
        "features/05.feature": {"passed": 2, "failed": 0, "skipped": 0, NOT_RUN: 0},
        "features/09.feature": {"passed": 0, "failed": 0, "skipped": 0, NOT_RUN: 1},
    }


def test_the_table_says_how_much_each_port_passed() -> None:
    everything = [Outcome(f"{op}.x", "f", "passed", (op,), under_test=(op,)) for op in protocol.OPS]
    everything += [Outcome(f"r.{rule}", "f", "passed", ("train",), (rule,)) for rule in protocol.RULES]
    everything.append(Outcome("reject.x", "f", "passed", rejection=True))
    whole = Verdict(IMPL, *ALL, everything)
    assert whole.said() == "conformant: the whole protocol"
    row = next(line for line in verdict_report.table([whole, UNUSABLE]) if line.startswith("passed"))
    assert row.split() == ["passed", "the", "whole", "protocol", "–"]
    assert grading.requirement("ops=forward").text == "ops=forward"


@pytest.mark.parametrize(
    ("implementation", "title", "short"),
    [
        ({"name": "p", "command": "./p"}, "p ? (?), command: ./p", "p"),
        (
            {"command": "node ports/javascript/adapter.js"},
            "the port started by: node ports/javascript/adapter.js",
            "node ports/javascript/adapter.",
        ),
        ({}, "the port started by: ?", "?"),
    ],
)
def test_a_port_is_named_by_what_its_handshake_gives(implementation: dict[str, str], title: str, short: str) -> None:
    assert (Verdict(implementation, *ALL).title(), Verdict(implementation, *ALL).short()) == (title, short)


def test_the_table_and_the_summary_of_several_ports_whole() -> None:
    """A conformant port that declares less, one that failed and was given up on, one unusable; the first two
    name themselves alike, so the table numbers the ports."""
    # Skipped in both for lacking fit: the book is declared by the second port alone.
    skipped = Outcome(
        "digits", "08.feature", "skipped", ("fit",), ("book",), under_test=("query",), lacking=("op fit",)
    )
    less = Verdict(
        IMPL,
        frozenset({"forward", "query"}),
        frozenset({"article"}),
        [
            Outcome("forward.article", "02.feature", "passed", ("forward",), ("article",), under_test=("forward",)),
            Outcome("query", "08.feature", "passed", ("query",), under_test=("query",)),
            skipped,
            Outcome("proof.book", "09.feature", "passed", asked=False),
        ],
    )
    died = Verdict(
        IMPL,
        frozenset({"forward", "train", "query"}),
        frozenset({"book"}),
        [
            Outcome("train-step.book", "05.feature", "failed", ("train",), ("book",), under_test=("train",)),
            skipped,
            Outcome("proof.book", "09.feature", "failed", asked=False),
            Outcome("digits.2", "08.feature", NOT_RUN),
        ],
        gave_up="it died",
    )
    assert died.counts() == "0 passed, 1 failed, 1 skipped; the spec's own checks: 0 passed, 1 failed; 1 not run"
    grid = verdict_report.grid([less, died, UNUSABLE])
    assert verdict_report.table([less, died, UNUSABLE]) == [
        "                        1. p 2              2. p 2                        3. ./q",
        "op matmul               – not declared      – not declared                –",
        "op sigmoid              – not declared      – not declared                –",
        "op forward              ✓ 1/1               – not run                     –",
        "op backward             – not declared      – not declared                –",
        "op train                – not declared      ✗ 0/1                         –",
        "op query                ✓ 1/1 (1 skipped)   – not run                     –",
        "op fit                  – not declared      – not declared                –",
        "rule article            ✓ 1/1               – not declared                –",
        "rule book               – not declared      ✗ 0/1                         –",
        "rule gradient           – not declared      – not declared                –",
        "rejection of bad input  – not checked       – not run                     –",
        "the spec's own checks   ✓ 1/1               ✗ 0/1                         –",
        "02                      ✓ 1/1               –                             –",
        "08                      ✓ 1/1 (1 skipped)   – 0/0 (1 skipped, 1 not run)  –",
        "05                      –                   ✗ 0/1                         –",
        "passed                  2/7 ops, 1/3 rules  0/7 ops, 0/3 rules            –",
        "verdict                 conformant          not conformant                unusable",
    ]
    states = {(row[0][0], column): state for row in grid for column, (_, state) in enumerate(row) if state != "none"}
    assert states == {
        ("op forward", 1): "pass",
        ("op train", 2): "fail",
        ("op query", 1): "pass",
        ("rule article", 1): "pass",
        ("rule book", 2): "fail",
        ("the spec's own checks", 1): "pass",
        ("the spec's own checks", 2): "fail",
        ("02", 1): "pass",
        ("08", 1): "pass",
        ("05", 2): "fail",
        ("verdict", 1): "pass",
        ("verdict", 2): "fail",
        ("verdict", 3): "fail",
    }
    required = Verdict(IMPL, less.ops, less.rules, less.outcomes, required=grading.requirement("ops=fit"))
    document = verdict_report.summary([less, died, UNUSABLE, required], "1.0.0")
    less_coverage = "2 of 7 ops and 1 of 3 rules, without the rejection of bad input"
    assert [(e["message"], e["coverage"], e["required"]) for e in document["implementations"]] == [
        ("", less_coverage, ""),
        ("it died", "0 of 7 ops and 0 of 3 rules, without the rejection of bad input", ""),
        ("the port cannot be used", "", ""),
        ("--require ops=fit is not met: op fit (not declared).", less_coverage, "ops=fit"),
    ]
    assert document["$schema"] == json.loads(grading.SCHEMA.read_text(encoding="utf-8"))["$id"]
