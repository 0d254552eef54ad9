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
        '{"cmd":"start","protocol":2}': {"seq": None, "error": "protocol: only protocol 1 is spoken (got 2)"},
        '{"cmd":"run","seq":"5","op":"sigmoid"}': {"seq": None, "error": "seq: must be an integer (got '5')"},
        # An answer carries the line's seq only where that is an integer (docs/protocol.md), whatever the cmd.
        '{"cmd":"fly","seq":"4"}': {"seq": None, "error": "cmd: unknown command 'fly' (known: start, run, stop)"},
        '{"cmd":"start","protocol":2,"seq":7.5}': {"seq": None, "error": "protocol: only protocol 1 is spoken (got 2)"},
    }
    assert {line: answer(line) for line in said} == said


def test_stop_ends_the_conversation_with_exit_0() -> None:
    out = io.StringIO()
    assert serve(io.BytesIO(f'{SIGMOID}\n{{"cmd":"stop"}}\n{NAN}\n'.encode()), out) == 0
    assert out.getvalue() == '{"seq":1,"result":{"y":[0.11920292202211755]}}\n'  # nothing after stop


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

    def too_deep(op: Any, args: Any) -> dict[str, Any]:
        raise RecursionError

    assert answer(SIGMOID, too_deep) == {"seq": 1, "error": "args: too large to take (RecursionError)"}
    # A seq that is no integer is none, even where the line is only searched for it.
    for seq in ("1e3", "7.5"):
        said = {"seq": None, "error": "line: not readable JSON (RecursionError)"}
        assert answer('{"cmd":"run","seq":' + seq + ',"op":"sigmoid","args":{"x":' + deep + "}}") == said

    def failing(op: Any, args: Any) -> dict[str, Any]:
        raise ZeroDivisionError("a fault of the reference's own")

    # The line's own seq, though another "seq" comes first and its own lies past the 4,096 bytes searched.
    line = '{"cmd":"run","op":"sigmoid","args":{"x":[0],"seq":1,"pad":"' + "a" * 4096 + '"},"seq":9}'
    assert answer(line, failing) == {"seq": 9, "error": "internal: ZeroDivisionError: a fault of the reference's own"}


def test_input_of_any_bytes_is_answered_and_a_line_too_long_by_the_seq_it_starts_with() -> None:
    """In any locale: serve reads bytes. A line that is not UTF-8 is not JSON, and its answer carries "seq": null
    (docs/protocol.md); a line longer than the protocol allows is refused before it is read whole, under the
    seq among its first 4,096 bytes, if one is there whole."""
    huge = b'{"cmd":"run","seq":8,"op":"sigmoid","args":{"x":[' + b"0," * (LINE_LIMIT // 2) + b"0]}}\n"
    full = b'{"cmd":"run","seq":9,"op":"sigmoid","args":{"x":[0]}}'  # padded to the limit, its newline included
    lines = [
        b'{"cmd":"run","seq":5,"op":"sigmoid","args":{"x":[0]},"id":"\xff"}\n',
        huge,
        full + b" " * (LINE_LIMIT - len(full) - 1) + b"\n",
        b'{"id":"' + b"\xff" * 4081 + b'","seq":7}\n',
        b'{"id":"' + b"a" * 4080 + b'","seq":12' + b" " * LINE_LIMIT + b"}\n",  # 12 cut at byte 4,096 is no 1
        b'{"id":"' + b"a" * 4080 + b'","seq":1,' + b" " * LINE_LIMIT + b"}\n",  # nor 1 where its end is unseen
    ]

    class Pieces(io.BytesIO):
        def readline(self, size: int | None = -1, /) -> bytes:
            assert size is not None and 0 < size <= LINE_LIMIT + 1, size  # never a whole line, however long
            return super().readline(size)

    out = io.StringIO()
    assert serve(Pieces(b"".join(lines)), out) == 0  # at the end of its input, with no stop
    replies = [json.loads(line) for line in out.getvalue().splitlines()]
    assert replies == [
        {"seq": None, "error": "line: not UTF-8 (byte 59)"},
        {"seq": 8, "error": "line: longer than the protocol's 33,554,432 bytes"},
        {"seq": 9, "result": {"y": [0.5]}},
        {"seq": None, "error": "line: not UTF-8 (byte 7)"},
        {"seq": None, "error": "line: longer than the protocol's 33,554,432 bytes"},
        {"seq": None, "error": "line: longer than the protocol's 33,554,432 bytes"},
    ]


# With a defect planted (mlp-spec serve --defect NAME; the defects themselves: tests/test_defects.py).


def test_a_defect_changes_the_answers_and_the_reference_still_checks_the_input() -> None:
    biggest = '{"cmd":"run","seq":3,"op":"matmul","args":{"a":[[1.7976931348623157e308]],"b":[1]}}'
    out = io.StringIO()
    assert serve(io.BytesIO(f"{SIGMOID}\n{NAN}\n{biggest}\n".encode()), out, "print-15-digits") == 0
    # σ(−2) = 0.11920292202211755 (the article), printed with 15 significant digits; the largest float64
    # printed so reads back as infinity, which JSON cannot carry.
    assert out.getvalue().splitlines() == [
        '{"seq":1,"result":{"y":[0.119202922022118]}}',
        '{"seq":2,"error":"x: entry [0] is NaN"}',
        '{"seq":3,"error":"result: not finite"}',
    ]
    far = '{"cmd":"run","seq":4,"op":"sigmoid","args":{"x":[-710]}}'
    out = io.StringIO()  # a defect that raises: said, and serving goes on
    assert serve(io.BytesIO(f"{far}\n{SIGMOID}\n".encode()), out, "naive-sigmoid") == 0
    assert out.getvalue().splitlines() == [
        '{"seq":4,"error":"internal: OverflowError: math range error"}',
        '{"seq":1,"result":{"y":[0.11920292202211755]}}',
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
