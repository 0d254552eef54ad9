"""``mlp-spec serve``: Protocol 1 on standard input and output, as a port must speak it."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from typing import Any

import pytest

from mlp_spec.cli import main
from mlp_spec.harness.defects import DEFECTS
from mlp_spec.harness.protocol import LINE_LIMIT
from mlp_spec.harness.serve import answer, serve

SIGMOID = '{"cmd":"run","seq":1,"op":"sigmoid","args":{"x":[-2]}}'
NAN = '{"cmd":"run","seq":2,"op":"sigmoid","args":{"x":["NaN"]}}'


def converse(*lines: str, options: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    command = [sys.executable, "-m", "mlp_spec", "serve", *options]
    done = subprocess.run(command, input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.mark.slow
def test_a_whole_conversation_over_a_pipe_with_a_defect_planted_or_none() -> None:
    replies = converse(
        '{"cmd":"start","protocol":1}',
        '{"cmd":"run","seq":1,"id":"forward.article","op":"forward","args":{"wih":[[0.8,0.2,0.3],[0.3,0.5,0.1],'
        '[0.2,0.4,0.5]],"who":[[0.1,0.3,0.5],[0.2,0.9,0.5],[0.5,0.3,0.1]],"inputs":[0.8,0.2,0.7]}}',
        "this is not JSON",
        NAN,
        '{"cmd":"stop"}',
        '{"cmd":"run","seq":3,"op":"sigmoid","args":{"x":[0]}}',
    )
    hello, forward, garbage, nan = replies  # nothing after stop is answered
    assert hello["protocol"] == 1 and hello["implementation"]["name"] == "mlp_ref"
    assert hello["ops"] == ["matmul", "sigmoid", "forward", "backward", "train", "query", "fit"]
    assert hello["rules"] == ["article", "book", "gradient"]
    final_outputs = [round(v, 8) for v in forward["result"]["final_outputs"]]
    assert forward["seq"] == 1 and final_outputs == [0.63943159, 0.73193058, 0.6454522]
    assert garbage["seq"] is None and garbage["error"].startswith("line: not JSON")
    assert nan == {"seq": 2, "error": "x: entry [0] is NaN"}
    hello, rounded, nan = converse(
        '{"cmd":"start","protocol":1}', SIGMOID, NAN, options=("--defect", "print-15-digits")
    )
    assert hello["implementation"]["name"] == "mlp_ref"
    assert rounded == {"seq": 1, "result": {"y": [0.119202922022118]}}
    assert nan == {"seq": 2, "error": "x: entry [0] is NaN"}


def test_faults_are_answered_and_serving_goes_on() -> None:
    said = {
        "[1, 2]": {"seq": None, "error": "line: not a JSON object (got list)"},
        '{"cmd":"fly","seq":4}': {"seq": 4, "error": "cmd: unknown command 'fly' (known: start, run, stop)"},
        '{"cmd":"run","seq":6,"op":"sigmoid"}': {"seq": 6, "error": "args: must be an object, got NoneType"},
        '{"cmd":"run","seq":7,"op":"forward","args":{}}': {"seq": 7, "error": "wih: missing"},
        "   ": None,
    }
    assert {line: answer(line) for line in said} == said
    assert answer('{"cmd":"start","protocol":2}')["error"].startswith("protocol: only protocol 1")
    assert answer('{"cmd":"run","seq":"5","op":"sigmoid","args":{"x":[0]}}')["error"].startswith("seq: must be")


def test_input_beyond_reason_is_answered_not_fatal() -> None:
    huge, deep = "1" + "0" * 5000, "[" * 100_000 + "]" * 100_000  # answered by the seq the line carries
    said = {"seq": 1, "error": "line: not readable JSON (ValueError)"}
    assert answer('{"cmd":"run","seq":1,"op":"sigmoid","args":{"x":[' + huge + "]}}") == said
    said = {"seq": 2, "error": "line: not readable JSON (RecursionError)"}
    assert answer('{"cmd":"run","seq":2,"op":"sigmoid","args":{"x":' + deep + "}}") == said
    long_name = answer('{"cmd":"run","seq":4,"op":"sigmoid","args":{"x":[0],"' + "y" * 10**6 + '":1}}')
    assert long_name is not None and long_name["error"].startswith("y" * 100 + ": unknown argument of sigmoid")
    assert answer('{"cmd":"run","seq":3,"op":"sigmoid","args":{"x":[1' + "0" * 400 + "]}}") == {
        "seq": 3,
        "error": "x: entry [0] is too large for float64",
    }
    assert answer('{"cmd":"start","protocol":true}')["error"].startswith("protocol: only protocol 1")


def test_input_of_any_bytes_is_answered_by_its_seq_where_it_has_one() -> None:
    """In any locale: serve reads bytes. A line that is not UTF-8, or longer than the protocol allows (refused
    before it is read whole), gets an error naming the line, with the seq it carries."""
    huge = b'{"cmd":"run","seq":8,"op":"sigmoid","args":{"x":[' + b"0," * (LINE_LIMIT // 2) + b"0]}}\n"
    lines = [
        b'{"cmd":"run","seq":5,"op":"sigmoid","args":{"x":[0]},"id":"\xff"}\n',
        huge,
        b'{"cmd":"run","seq":9,"op":"sigmoid","args":{"x":[0]}}\n',
    ]
    out = io.StringIO()
    assert serve(io.BytesIO(b"".join(lines)), out) == 0  # at the end of its input, with no stop
    replies = [json.loads(line) for line in out.getvalue().splitlines()]
    assert replies == [
        {"seq": 5, "error": "line: not UTF-8 (byte 59)"},
        {"seq": 8, "error": "line: longer than the protocol's 33,554,432 bytes"},
        {"seq": 9, "result": {"y": [0.5]}},
    ]


# With a defect planted (mlp-spec serve --defect NAME; the defects themselves: tests/test_defects.py).


def test_a_defect_changes_the_answers_and_the_reference_still_checks_the_input() -> None:
    out = io.StringIO()
    assert serve(io.BytesIO(f"{SIGMOID}\n{NAN}\n".encode()), out, "print-15-digits") == 0
    # σ(−2) = 0.11920292202211755 (the article), printed with 15 significant digits.
    assert out.getvalue().splitlines() == [
        '{"seq":1,"result":{"y":[0.119202922022118]}}',
        '{"seq":2,"error":"x: entry [0] is NaN"}',
    ]


def test_the_defects_are_listed_with_the_scenarios_that_catch_them(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["defects"]) == 0
    text = capsys.readouterr().out
    assert all(f"\n{name}: " in f"\n{text}" for name in DEFECTS)
    assert "  caught by: digits.learns, digits.two-epochs" in text.splitlines()
    assert main(["defects", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["name"] for row in rows] == list(DEFECTS)
    assert rows[0]["caught_by"] == list(DEFECTS["transposed-who"].caught_by)


def test_an_unknown_defect_is_a_usage_error_naming_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--defect", "typo"])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.endswith("--defect: no defect named 'typo' (mlp-spec defects lists them)\n")
