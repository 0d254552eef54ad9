"""How the harness meets a port as a process: the handshake, answers it cannot read, a message too long, and
the faults only a process shows (it hangs, crashes, prints garbage, echoes the wrong seq). The verdict the
harness then gives is in tests/test_conformance.py."""

from __future__ import annotations

import json
import sys
from contextlib import closing
from typing import Any

import pytest

from mlp_spec.harness.backends import Rejected, Unsupported
from mlp_spec.harness.port_output import SAID, shortened
from mlp_spec.harness.process import PortFailure, handshake_problems
from tests.doubles.port import HELLO
from tests.doubles.processes import ARGS, fault, port, scripted

pytestmark = pytest.mark.slow  # every test here starts a port's process


def test_a_correct_port_answers_rejects_and_describes_itself() -> None:
    with closing(port("canned")) as backend:
        assert backend.call("sigmoid", ARGS) == {"y": [0.5]}
        with pytest.raises(Rejected, match=r"^x: entry \[0\] is NaN$"):
            backend.call("sigmoid", {"x": [float("nan")]})
        assert backend.describe() == HELLO["implementation"] | {"command": backend.command}
        assert backend.rules == {"article", "book", "gradient"}


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({}, []),
        ({"protocol": True}, ["protocol is true, not 1"]),
        ({"protocol": 1.0}, ["protocol is 1.0, not 1"]),
        ({"protocol": "1"}, ['protocol is "1", not 1']),
        ({"implementation": ["mlp_ref"]}, ["implementation is not an object"]),
        ({"implementation": {"name": "p", "version": 1.0}}, ["implementation's version is not a string"]),
        ({"ops": [["forward"]]}, ["ops is not a list of names"]),
        ({"rules": "book"}, ["rules is not a list of names"]),
        ({"ops": ["forward", 1], "rules": None}, ["ops is not a list of names", "rules is not a list of names"]),
    ],
)
def test_a_handshake_is_checked_for_what_the_verdict_reads_in_it(change: dict[str, Any], said: list[str]) -> None:
    assert handshake_problems(HELLO | change) == said


def test_a_port_whose_handshake_declares_what_is_no_name_is_unusable() -> None:
    """Before, ``"ops": [["forward"]]`` passed the handshake and ended the run in an internal error."""
    hello = json.dumps(HELLO | {"ops": [["forward"]]})
    message = fault(scripted(hello))
    assert message.startswith("bad handshake (ops is not a list of names): ")


@pytest.mark.parametrize(
    ("defect", "limits", "said"),
    [
        ("hang", {"timeout": 0.1}, "no answer to seq 1 (op sigmoid) within 0.1 s (--impl-timeout changes it)"),
        (
            "hang-start",
            {"start_timeout": 0.1},
            "no answer to the handshake within 0.1 s (--impl-start-timeout changes it)",
        ),
        (
            "crash",
            {},
            "the port closed its output before answering seq 1 (op sigmoid)\nthe port's exit status: 3\n"
            "its last lines of standard error:\n    adapter: cannot allocate the weights",
        ),
        (
            "garbage",
            {},
            "the answer to seq 1 (op sigmoid) is not JSON: 'Hello from the port!' (standard output is for the "
            "protocol's messages; write debugging output to standard error)",
        ),
        ("wrong-seq", {}, "the answer to seq 1 (op sigmoid) carries seq 2"),
    ],
)
def test_a_port_that_hangs_crashes_or_answers_amiss_is_told_by_what_it_did(
    defect: str, limits: dict[str, float], said: str
) -> None:
    backend = port(defect, **limits)
    assert fault(backend).startswith(said)
    assert backend.starts == 1


def test_an_answer_python_cannot_read_is_a_protocol_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    """JSON, but past what Python reads: once, these ended the run with a ValueError or a RecursionError. An
    integer's limit is Python's setting, pinned here; how deep a nesting Python reads depends on its version
    (3.13 reads thousands of levels deeper than 3.11), so the parser's RecursionError is played."""
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(4300)
    try:
        message = fault(scripted(json.dumps(HELLO), '{"seq": 1, "result": {"y": [' + "9" * 5000 + "]}}"))
    finally:
        sys.set_int_max_str_digits(limit)
    said = "the answer to seq 1 (op sigmoid) cannot be read (Exceeds the limit (4300 digits) for integer string"
    assert message.startswith(said), message[:300]
    loads = json.loads

    def deep(text: str) -> Any:
        if '"result"' in text:
            raise RecursionError("maximum recursion depth exceeded while decoding a JSON array")
        return loads(text)

    monkeypatch.setattr(json, "loads", deep)
    message = fault(scripted(json.dumps(HELLO), '{"seq": 1, "result": {"y": [[[0.5]]]}}'))
    assert message.startswith("the answer to seq 1 (op sigmoid) cannot be read (maximum recursion depth exceeded")


def refusal(answer: dict[str, Any], kind: type[Exception]) -> str:
    """What the harness raises, as ``kind``, for a port that shakes hands and then gives ``answer``."""
    backend = scripted(json.dumps(HELLO), json.dumps({"seq": 1, **answer}))
    with closing(backend), pytest.raises(kind) as raised:
        backend.call("sigmoid", ARGS)
    return str(raised.value)


def test_a_port_s_long_message_is_cut_to_its_first_thousand_characters() -> None:
    """Its message goes to the console and every report: one of megabytes would fill a CI log."""
    said = refusal({"error": "x: " + "why " * 5000}, Rejected)
    assert said.startswith("x: why why") and said.endswith("… (20,003 characters in all)") and len(said) < 1050
    said = refusal({"skipped": True, "message": "not yet " * 2000}, Unsupported)
    assert said.startswith("unsupported: not yet") and said.endswith("… (16,000 characters in all)")
    assert (
        shortened("y" * SAID) == "y" * SAID
        and shortened("y" * (SAID + 1)) == "y" * SAID + "… (1,001 characters in all)"
    )


def test_a_result_missing_a_field_is_a_protocol_failure() -> None:
    with closing(port("missing-field")) as backend, pytest.raises(PortFailure, match=r"'final_outputs' is missing"):
        backend.call("forward", {"wih": [[1.0]], "who": [[1.0]], "inputs": [1.0]})


@pytest.mark.parametrize(
    ("line", "seq", "answer", "kind", "said"),
    [
        # Lines that are no request (not JSON, a run without its seq) are sent as they are; their answer carries
        # "seq": null and is an error like any other.
        (b"this is not JSON", None, '{"seq": null, "error": "line: not JSON"}', Rejected, "line: not JSON"),
        (b"this is not JSON", None, '{"error": "line: not JSON"}', PortFailure, "the answer to the line 'this is"),
        # A port that answers a blank line answers the request after it with that answer.
        (b'\n{"cmd": "reboot", "seq": 7}', 7, '{"seq": null, "error": "line: blank"}', PortFailure, "carries seq None"),
    ],
    ids=["answered-under-null", "no-seq-at-all", "blank-line-answered"],
)
def test_an_answer_to_a_line_must_carry_its_seq(
    line: bytes, seq: int | None, answer: str, kind: type[Exception], said: str
) -> None:
    with closing(scripted(json.dumps(HELLO), answer)) as backend, pytest.raises(kind) as raised:
        backend.send_line(line, seq)
    assert said in str(raised.value).splitlines()[0]
