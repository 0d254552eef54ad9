"""The parsers of the options' values (mlp_spec/harness/options.py), called directly: each takes its bounds
and refuses one step past them, naming what it wants. The commands' own tests check them through argparse."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

import pytest

from mlp_spec.harness import options
from mlp_spec.session import session_args


def refusal(parse: Callable[[str], Any], text: str) -> str:
    with pytest.raises(argparse.ArgumentTypeError) as error:
        parse(text)
    return str(error.value)


def test_a_command_is_anything_but_blank() -> None:
    assert options.command(" node adapter.js ") == " node adapter.js "
    assert refusal(options.command, " \t") == "the port's command is empty (is the variable that holds it unset?)"


def test_a_positive_number_is_finite_above_0_and_at_most_its_bound() -> None:
    timeout = options.positive("seconds", most=2.5)
    assert timeout("2.5") == 2.5 and timeout("1e-300") == 1e-300 and timeout("0.5") == 0.5
    assert refusal(timeout, "2.5000001") == "must be at most 2.5 seconds, got 2.5000001"
    assert refusal(timeout, "0") == "must be a finite number of seconds above 0, got 0"
    assert refusal(timeout, "inf") == "must be a finite number of seconds above 0, got inf"
    assert refusal(timeout, "soon") == "not a number of seconds: 'soon'"
    rate = options.positive()
    assert rate("1e308") == 1e308
    assert refusal(rate, "-0.1") == "must be a finite number above 0, got -0.1"
    assert refusal(rate, "fast") == "not a number: 'fast'"
    assert refusal(options.positive(most=10), "11") == "must be at most 10, got 11"
    assert options.seconds("86400") == 86_400 and refusal(options.seconds, "86401").startswith("must be at most")


def test_a_whole_number_takes_its_bounds() -> None:
    assert options.whole(1)("1") == 1 and options.whole(1)("12345678901234567890") == 12345678901234567890
    assert refusal(options.whole(1), "0") == "must be 1 or more, got 0"
    assert options.whole(0, 3)("0") == 0 and options.whole(0, 3)("3") == 3
    assert refusal(options.whole(0, 3), "4") == "must be from 0 to 3, got 4"
    assert refusal(options.whole(0, 3), "-1") == "must be from 0 to 3, got -1"
    assert refusal(options.whole(0), "1.0") == "not a whole number: '1.0'"
    assert options.count("0") == 0 and refusal(options.count, "-1") == "must be 0 or more, got -1"


def test_plain_pytest_reads_the_same_table(capsys: pytest.CaptureFixture[str]) -> None:
    """``pytest -p mlp_spec.plugin`` declares the spec's options from the table the command reads: the same
    metavars, help and choices."""
    assert pytest.main(session_args("--help")) == pytest.ExitCode.OK
    shown = " ".join(capsys.readouterr().out.split())
    assert "--impl-timeout=S seconds the port may take per request (default 10); e.g. --impl-timeout 30" in shown
    assert "--profile=NAME all scenarios, or maths: all but the rejection of bad input; e.g. --profile maths" in shown
    assert pytest.main(session_args("--profile", "nope")) == pytest.ExitCode.USAGE_ERROR
    assert "argument --profile: invalid choice: 'nope' (choose from 'all', 'maths')" in capsys.readouterr().err
