"""How much a port covers, said by its verdict: a port that declares two ops and one rule conforms "for 2 of 7
ops and 1 of 3 rules", not for the whole protocol, and ``--require all`` fails it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mlp_spec.harness import verdict as grading
from mlp_spec.harness.backends import ReferenceBackend
from tests.nested import QUICK, graded, nested

ROOT = Path(__file__).resolve().parent.parent


class Partial(ReferenceBackend):
    """The reference, declaring forward and train under the book's rule alone."""

    name = "partial"
    ops = frozenset({"forward", "train"})
    rules = frozenset({"book"})

    def describe(self) -> dict[str, str]:
        return {"name": "partial", "language": "Python", "version": "1", "command": "partial"}


def test_a_port_of_two_ops_and_one_rule_conforms_for_that_much() -> None:
    code, verdict = nested(Partial(), *QUICK)
    assert code == grading.CONFORMANT, verdict.failed
    assert verdict.said() == "conformant for 2 of 7 ops and 1 of 3 rules"
    lines = {c.name: c for c in verdict.capabilities()}
    # train-step.gradient is skipped for its rule; digits.one-epoch for fit, query and book, each counted.
    assert lines["rule gradient"].counts["skipped"] >= 1 and lines["op query"].counts["skipped"] >= 1
    assert lines["op fit"].counts["skipped"] == lines["op query"].counts["skipped"]


def test_require_all_fails_a_port_that_declares_less() -> None:
    code, verdict = nested(Partial(), "--id=forward.article", "--require", "all")
    assert code == grading.NOT_CONFORMANT and verdict.exit_code == grading.NOT_CONFORMANT
    assert verdict.short_of.startswith("--require all is not met: op matmul (not declared)")


def test_a_require_it_cannot_read_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    from mlp_spec import cli

    with pytest.raises(SystemExit) as stop:
        cli.main(["run", "--require", "ops=predict"])
    assert stop.value.code == grading.USAGE
    assert "--require: no op 'predict'" in capsys.readouterr().err


# The scenarios that send no op of the protocol, besides the conversation's (conduct.*): the spec's own checks.
SEND_NO_OP = {
    "sigmoid.derivative",
    "digits.preprocessing",
    "proof.sigmoid",
    "proof.gradient",
    "proof.book",
    "proof.article",
}


def test_every_scenario_names_the_op_it_judges() -> None:
    """An ``@op:`` tag, or a step "When the op … is requested" (a rejection's op is the one it requests)."""
    unnamed = []
    for feature in sorted((ROOT / "features").glob("*.feature")):
        blocks = re.split(r"\n\s*(?=@id:)", feature.read_text(encoding="utf-8"))[1:]
        for block in blocks:
            case = block.split()[0].removeprefix("@id:")
            named = "@op:" in block.splitlines()[0] or re.search(r"When the op \S+ is requested", block)
            if not named and not case.startswith("conduct."):
                unnamed.append(case)
    assert sorted(unnamed) == sorted(SEND_NO_OP)


def test_a_transposed_who_fails_backward_and_train_not_forward() -> None:
    """train's scenarios also send forward; a bug in train is train's, not forward's."""
    code, verdict = graded("transposed-who", "--id=forward.article", "--id=backward.article", "--id=train-step.article")
    lines = {c.name: c.status for c in verdict.capabilities()}
    assert code == grading.NOT_CONFORMANT
    assert (lines["op forward"], lines["op backward"], lines["op train"]) == ("pass", "fail", "fail")
