"""How the harness meets a port as a process: the handshake, answers it cannot read, a message too long, and
the faults only a process shows (it hangs, crashes, prints garbage, echoes the wrong seq). The verdict the
harness then gives is in tests/test_conformance.py."""

from __future__ import annotations

import json
import math
import os
import shlex
import signal
import sys
import time
import uuid
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from mlp_spec.harness.backends import Rejected, Unsupported
from mlp_spec.harness.port_output import SAID, shortened
from mlp_spec.harness.process import PortFailure, ProcessBackend, handshake_problems
from mlp_spec.harness.protocol import LINE_LIMIT
from tests.doubles.port import HELLO
from tests.doubles.processes import ARGS, LIMITS, fault, port, processes_with, scripted

STDOUT_HINT = " (standard output is for the protocol's messages; write debugging output to standard error)"


def long_answer(seq: int) -> tuple[str, str]:
    """An answer of 322 characters, and how a message shows it: its first 200."""
    line = f'{{"seq": {seq}, "note": "{"x" * 300}"}}'
    return line, f"{line[:200]}… (322 characters in all)"


BAD_HELLO = json.dumps(HELLO | {"protocol": 2, "rules": "book", "implementation": {"name": "p" * 300}})
BYE = "\ufffd" + "b" * 199 + "… (301 characters in all)"
"""What a port printed, 0xff and 300 b, as a message shows it."""
PROBLEM = f"the answer: Additional properties are not allowed ('{'a' * 500}' was unexpected)"
EXTRA = f"{PROBLEM[:400]}… ({len(PROBLEM)} characters in all)"
"""What is wrong with an answer that has a field of 500 a, as a message shows it: its first 400 characters."""
FORWARD = ("hidden_inputs", "hidden_outputs", "final_inputs", "final_outputs")

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
    assert message.startswith(said + " conversion: value has 5000 di): "), message[:300]  # 80 characters of it
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


def test_requests_go_on_the_wire_as_the_protocol_spells_them_and_stop_ends_the_port() -> None:
    """One line of JSON each, the numbers JSON has no words for spelled as strings; one start serves them all."""
    with closing(port("echo")) as backend:
        assert json.loads(backend.describe()["heard"]) == {"cmd": "start", "protocol": 1}
        with pytest.raises(Rejected) as line:
            backend.call("sigmoid", {"x": [math.nan, math.inf, -math.inf, 0.5]}, "sigmoid.case")
        args = {"x": ["NaN", "Infinity", "-Infinity", 0.5]}
        assert json.loads(str(line.value)) == {
            "cmd": "run",
            "seq": 1,
            "id": "sigmoid.case",
            "op": "sigmoid",
            "args": args,
        }
        with pytest.raises(Rejected) as line:
            backend.converse("reboot")
        assert json.loads(str(line.value)) == {"cmd": "reboot", "seq": 2}
        with pytest.raises(Rejected) as line:
            backend.call("sigmoid", ARGS)  # no case: an empty id
        assert json.loads(str(line.value))["id"] == ""
        with pytest.raises(Rejected, match=r'^\{"cmd": "reboot", "seq": 9\}$'):
            backend.send_line(b'{"cmd": "reboot", "seq": 9}', 9)
        assert backend.starts == 1 and backend.given_up is False
        process = backend.process
    assert process is not None and process.returncode == 0, "told to stop, the port ended by itself"


def test_what_a_port_calls_itself_is_shown_escaped_and_cut() -> None:
    hello = HELLO | {"implementation": {"k" * 60: "v" * 300, "name": "\x1b[2Jport"}}
    with closing(scripted(json.dumps(hello))) as backend:
        assert backend.describe() == {
            "k" * 50 + "… (60 characters in all)": "v" * 200 + "… (300 characters in all)",
            "name": "\\x1b[2Jport",
            "command": backend.command,
        }
        assert backend.name == "\\x1b[2Jport"


SAID_HELLO = f"printf '%s\\n' {shlex.quote(json.dumps(HELLO))}"
"""A shell port's handshake."""


@pytest.mark.parametrize(
    ("after", "said"),
    [
        # A port that is ending is given a moment to end, so that its exit status can be told.
        (f"printf '\\377{'b' * 300}\\n'; sleep 0.1; exit 6", f", having printed {BYE!r}\nthe port's exit status: 6"),
        ("printf '\\n'; sleep 3600", ""),  # a blank line says nothing
        ("exec 1>&-; sleep 3600", ""),  # nor does the end of its output
        ("sleep 3600", ""),  # nor silence, for longer than half a second
    ],
)
def test_a_port_that_closed_its_input_is_told_with_what_it_printed(after: str, said: str) -> None:
    backend = ProcessBackend(f"read line; exec 0<&-; {SAID_HELLO}; {after}", **LIMITS)
    assert fault(backend) == "the port closed its input before seq 1 (op sigmoid)" + said


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        (f"head -c {LINE_LIMIT + 1} /dev/zero | tr '\\0' x", "is longer than the protocol's 33,554,432 bytes"),
        ("printf '[1, 2]\\n'", f"is not a JSON object: '[1, 2]'{STDOUT_HINT}"),
        ("printf '\\377{\"seq\": 1}\\n'", f"is not JSON: '\ufffd{{\"seq\": 1}}'{STDOUT_HINT}"),
        (f"printf '%s\\n' '{long_answer(1)[0]}'", f"has no result, error or skipped: {long_answer(1)[1]}"),
        (f"printf '{'x' * 300}\\n'", f"is not JSON: '{'x' * 200}… (300 characters in all)'{STDOUT_HINT}"),
        (
            'printf \'{"seq": 1, "result": {"y": [0.5, 0.5]}}\\n\'',
            "breaks the protocol: field 'y' has shape [2] where [1] is expected",
        ),
        (
            f'printf \'%s\\n\' \'{{"seq": 1, "result": {{"y": [0.5]}}, "{"a" * 500}": 1}}\'',
            f"breaks the protocol: {EXTRA}",
        ),
    ],
    ids=["too-long", "array", "not-utf-8", "nothing", "long-garbage", "wrong-shape", "long-problem"],
)
def test_an_answer_amiss_is_told_by_what_is_wrong_with_it(answer: str, said: str) -> None:
    backend = ProcessBackend(f"read line; {SAID_HELLO}; read line; {answer}; read line", **LIMITS)
    assert fault(backend).splitlines()[0] == f"the answer to seq 1 (op sigmoid) {said}"


def test_a_port_that_dies_is_told_with_its_status_and_its_last_twenty_lines_of_standard_error() -> None:
    burst = 'for i in $(seq 15); do echo "{} $i" >&2; done; sleep 0.2'
    backend = ProcessBackend(
        f"read line; {SAID_HELLO}; read line; {burst.format('first')}; {burst.format('then')}; "
        "exec 1>&-; sleep 0.1; exit 4",  # it is given a moment to end, so that its exit status can be told
        **LIMITS,
    )
    tail = [f"first {i}" for i in range(11, 16)] + [f"then {i}" for i in range(1, 16)]
    assert fault(backend) == (
        "the port closed its output before answering seq 1 (op sigmoid)\nthe port's exit status: 4\n"
        "its last lines of standard error:\n    " + "\n    ".join(tail)
    )


def test_a_port_that_fails_is_ended_with_every_process_it_started() -> None:
    token = f"child-{uuid.uuid4().hex}"
    child = f"{shlex.quote(sys.executable)} -c 'import time; time.sleep(3600)' {token} &"
    # The port and its child ignore SIGTERM: SIGKILL follows it.
    backend = ProcessBackend(
        f"trap '' TERM; {child} read line; {SAID_HELLO}; read line; sleep 3600", **(LIMITS | {"timeout": 0.2})
    )
    assert fault(backend) == "no answer to seq 1 (op sigmoid) within 0.2 s (--impl-timeout changes it)"
    assert not processes_with(token)


def test_a_port_that_dies_is_started_again_and_keeps_what_it_first_declared(tmp_path: Path) -> None:
    """What runs was decided by the first handshake: a port started again cannot change it."""
    flag = tmp_path / "started"
    fewer = json.dumps(HELLO | {"implementation": {"name": "second"}, "ops": ["sigmoid"]})
    answer = json.dumps({"seq": 2, "result": {"y": [0.5]}})
    first = f"touch {flag}; read line; {SAID_HELLO}; read line; exit 5"
    again = (
        f"read line; printf '%s\\n' {shlex.quote(fewer)}; read line; printf '%s\\n' {shlex.quote(answer)}; read line"
    )
    with closing(ProcessBackend(f"if [ -e {flag} ]; then {again}; else {first}; fi", **LIMITS)) as backend:
        assert backend.ops == set(HELLO["ops"])
        with pytest.raises(PortFailure, match="the port's exit status: 5"):
            backend.call("sigmoid", ARGS)
        assert backend.call("sigmoid", ARGS) == {"y": [0.5]} and backend.starts == 2
        assert backend.ops == set(HELLO["ops"]) and backend.name == "mlp_ref"


def test_a_helper_that_escapes_the_port_s_process_group_holds_up_the_harness_a_moment_only() -> None:
    """A helper started in a session of its own keeps the port's output open, and the reader of it reading, for
    as long as it lives; the harness leaves that reader after a second rather than wait for it."""
    token = f"escaped-{uuid.uuid4().hex}"
    escaped = f"setsid {shlex.quote(sys.executable)} -c 'import time; time.sleep(3600)' {token} &"
    backend = ProcessBackend(f"{escaped} read line; {SAID_HELLO}; read line; sleep 3600", **(LIMITS | {"timeout": 0.2}))
    started = time.monotonic()
    try:
        assert fault(backend).startswith("no answer to seq 1 (op sigmoid) within 0.2 s")
        assert time.monotonic() - started < 60, "a bounded wait, not one as long as the helper's life"
    finally:
        for pid in processes_with(token):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        ("printf 'garbage\\n'", f"the answer to the handshake is not JSON: 'garbage'{STDOUT_HINT}"),
        (
            f"printf '%s\\n' {shlex.quote(BAD_HELLO)}",
            f"bad handshake (protocol is 2, not 1; rules is not a list of names): {BAD_HELLO[:200]}… "
            f"({len(BAD_HELLO)} characters in all)",
        ),
    ],
    ids=["garbage", "bad"],
)
def test_a_port_whose_handshake_is_amiss_is_told_what_it_said_and_how_it_ended(answer: str, said: str) -> None:
    backend = ProcessBackend(f"read line; {answer}; sleep 0.1; exit 7", **LIMITS)
    assert fault(backend) == f"{said}\nthe port's exit status: 7"


def test_answers_are_checked_for_their_seq_and_form_whatever_was_sent() -> None:
    backend = scripted(
        json.dumps(HELLO), '{"seq": 1, "result": {}}', '{"seq": 2, "result": {}}', '{"seq": 3, "error": "e"}'
    )
    with closing(backend):
        assert backend.converse("reboot") == {"seq": 1, "result": {}}
        assert backend.send_line(b"\xff{}", 2) == {"seq": 2, "result": {}}
        with pytest.raises(PortFailure) as failure:
            backend.send_line(b"\xff" + b"a" * 100, 7)
    shown = "\ufffd" + "a" * 79 + "… (101 characters in all)"
    said = f'the answer to the line {shown!r} carries seq 3: {{"seq": 3, "error": "e"}}'
    assert str(failure.value).splitlines()[0] == said  # then, maybe, the exit status of the port, which has ended
    line, cut = long_answer(9)
    message = fault(scripted(json.dumps(HELLO), line))
    assert message.splitlines()[0] == f"the answer to seq 1 (op sigmoid) carries seq 9: {cut}"
    backend = scripted(json.dumps(HELLO), '{"seq": 1, "result": {}}')
    with closing(backend), pytest.raises(PortFailure) as failure:
        backend.call("forward", {"wih": [[1.0]], "who": [[1.0]], "inputs": [1.0]})
    missing = "; ".join(f"field '{name}' is missing (got [])" for name in FORWARD)
    assert str(failure.value) == f"the answer to seq 1 (op forward) breaks the protocol: {missing}"
    backend = scripted(json.dumps(HELLO), '{"seq": 9, "error": "e"}')
    with closing(backend), pytest.raises(PortFailure, match=r"^the answer to seq 1 \(cmd reboot\) carries seq 9: "):
        backend.converse("reboot")


@pytest.mark.parametrize("after", ["exec 0<&-; ", "read line; "], ids=["closed-its-input", "ignores-stop"])
def test_closing_a_port_that_will_not_stop_ends_it_all_the_same(after: str) -> None:
    token = f"stubborn-{uuid.uuid4().hex}"
    stay = f"exec {shlex.quote(sys.executable)} -c 'import time; time.sleep(3600)' {token}"
    backend = ProcessBackend(f"read line; {SAID_HELLO}; {after}{stay}", **LIMITS)
    assert backend.name == "mlp_ref"
    backend.close()
    assert not processes_with(token)
