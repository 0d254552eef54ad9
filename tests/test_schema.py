"""Protocol 1 as a JSON Schema (mlp_spec/harness/protocol.schema.json): every answer of the reference to every
request of the golden vectors holds to it, wrongly shaped messages do not, the harness judges a port's answers
by it, and ``mlp-spec schema`` writes it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import numpy as np
import pytest

from mlp_spec import cli
from mlp_spec.harness import protocol, serve, shapes, vectors
from mlp_spec.harness.backends import Rejected
from mlp_spec.harness.process import PortFailure
from mlp_spec.harness.protocol import OPS, RULES
from mlp_spec.harness.shapes import SCHEMA, answer_problems
from tests.doubles.port import HELLO
from tests.doubles.processes import ARGS, scripted
from tests.test_vectors import CASES, sent, served

PROTOCOL: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))


def validator(name: str = "") -> jsonschema.Draft202012Validator:
    """The schema of one kind of message (``#/$defs/name``), or of any message."""
    return jsonschema.Draft202012Validator(PROTOCOL).evolve(schema={"$ref": f"#/$defs/{name}"} if name else PROTOCOL)


def holds(name: str, message: Any) -> None:
    validator(name).validate(message)


def test_the_schema_is_draft_2020_12_with_both_sides_of_each_op() -> None:
    jsonschema.Draft202012Validator.check_schema(PROTOCOL)
    for op in OPS:
        assert set(PROTOCOL["$defs"][f"{op}.args"]["properties"]) == set(protocol.ARGS[op])
        assert f"{op}.result" in PROTOCOL["$defs"]
    assert PROTOCOL["$defs"]["rule"]["enum"] == list(RULES)
    assert PROTOCOL["$defs"]["run"]["properties"]["op"]["enum"] == list(OPS)


def test_the_handshake_and_the_commands_hold() -> None:
    start = {"cmd": "start", "protocol": 1}
    holds("start", start)
    holds("handshake", serve.answer(json.dumps(start)))
    holds("handshake", HELLO)
    holds("stop", {"cmd": "stop"})
    for message in (start, {"cmd": "stop"}, HELLO):
        holds("", message)  # any message of the protocol


def run(case: dict[str, Any], seq: int) -> dict[str, Any]:
    return {"cmd": "run", "seq": seq, "id": case["id"], "op": case["op"], "args": case["args"]}


def answered(message: dict[str, Any]) -> dict[str, Any]:
    """The reference's answer to a message, in process; held to the answer's schema and, for a result, to the
    op's."""
    answer = serve.answer(json.dumps(message))
    assert isinstance(answer, dict)
    holds("answer", answer)
    if "result" in answer:
        holds(f"{message['op']}.result", answer["result"])
    return answer


def problems(case: dict[str, Any]) -> list[str]:
    """Where a case of the vectors, or the reference's answer to it, breaks the schema: a request the reference
    must answer is valid; one it must reject need not be (it is bad input on purpose), and its answer is an
    error. An expected result holds as the answer does."""
    try:
        if case["kind"] == "conversation":
            (answer,) = served(sent(case))
            holds("error", answer)
        elif case["kind"] == "measured":
            fit = {"cmd": "run", "seq": 1, "id": f"{case['id']}/fit", "op": "fit", "args": case["fit"]}
            holds("run", fit)
            weights = answered(fit)["result"]
            query = {
                "cmd": "run",
                "seq": 2,
                "id": f"{case['id']}/query",
                "op": "query",
                "args": weights | case["query"],
            }
            holds("run", query)
            answered(query)
        elif "expected_error" in case:
            holds("error", answered(run(case, 1)))
        else:
            message = run(case, 1)
            holds("run", message)
            holds("result", answered(message))
            holds(f"{case['op']}.result", case["expected"])
    except (AssertionError, KeyError, ValueError, jsonschema.ValidationError) as error:
        return [f"{case['id']}: {str(error).splitlines()[0]}"]
    return []


def test_every_request_of_the_vectors_and_its_answer_hold() -> None:
    failing = [problem for case in CASES if case["kind"] != "measured" for problem in problems(case)]
    assert not failing, failing


@pytest.mark.slow  # the digits' data sets take jsonschema a second each
def test_the_measured_cases_of_the_vectors_and_their_answers_hold() -> None:
    failing = [problem for case in CASES if case["kind"] == "measured" for problem in problems(case)]
    assert not failing, failing


def errors(name: str, message: Any) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in validator(name).iter_errors(message)]


FORWARD = {"hidden_inputs": [1.0], "hidden_outputs": [0.7], "final_inputs": [0.7], "final_outputs": [0.6]}
TRAIN = {"wih": [[0.5]], "who": [[0.5]], "inputs": [0.5], "targets": [0.5], "learning_rate": 0.1, "rule": "book"}

WRONGLY_SHAPED = [
    ("sigmoid.result", {"y": ["0.5"]}, "$.y[0]: '0.5' is not of type 'number'"),
    ("forward.result", FORWARD | {"final_outputs": [[0.6]]}, "$.final_outputs[0]: [0.6] is not of type 'number'"),
    ("forward.result", {k: v for k, v in FORWARD.items() if k != "final_outputs"}, "'final_outputs' is a required"),
    ("result", {"seq": 1, "result": FORWARD, "note": "x"}, "$: Additional properties are not allowed ('note'"),
    ("result", {"seq": "1", "result": FORWARD}, "$.seq: '1' is not of type 'integer'"),
    ("error", {"seq": 1, "error": 3}, "$.error: 3 is not of type 'string'"),
    ("skipped", {"seq": 1, "skipped": True}, "$: 'message' is a required property"),
    ("answer", {"seq": 1, "result": {}, "error": "x: y"}, "is not valid under any of the given schemas"),
    ("handshake", HELLO | {"protocol": 2}, "$.protocol: 1 was expected"),
    ("handshake", HELLO | {"protocol": True}, "$.protocol: 1 was expected"),
    ("handshake", HELLO | {"ops": "forward"}, "$.ops: 'forward' is not of type 'array'"),
    ("run", {"cmd": "run", "seq": 1, "id": "x", "op": "train", "args": TRAIN | {"step": 2}}, "('step' was"),
    ("run", {"cmd": "run", "id": "x", "op": "train", "args": TRAIN}, "$: 'seq' is a required property"),
    ("run", {"cmd": "run", "seq": 1, "id": "x", "op": "predict", "args": {}}, "$.op: 'predict' is not one of"),
    ("train.args", TRAIN | {"steps": 2.5}, "$.steps: 2.5 is not of type 'integer'"),
    ("train.args", TRAIN | {"steps": "3"}, "$.steps: '3' is not of type 'integer'"),
    ("train.args", TRAIN | {"steps": True}, "$.steps: True is not of type 'integer'"),
    ("train.args", TRAIN | {"targets": [1.0]}, "$.targets[0]: 1.0 is greater than or equal to the maximum of 1"),
    ("train.args", TRAIN | {"rule": "adam"}, "$.rule: 'adam' is not one of"),
    ("stop", {"cmd": "stop", "seq": 1}, "('seq' was unexpected)"),
]


def test_a_wrongly_shaped_message_is_refused_by_name() -> None:
    unsaid = []
    for name, message, said in WRONGLY_SHAPED:
        found = errors(name, message)
        if not any(said in error for error in found):
            unsaid.append((name, said, found))
    assert not unsaid, unsaid


def test_a_whole_number_of_steps_may_be_written_3_0() -> None:
    holds("train.args", TRAIN | {"steps": 3.0})  # JSON does not tell 3 from 3.0, nor does the protocol


# The harness holds a port's answers to the schema (mlp_spec/harness/shapes.py, called by process.py).

SIGMOID = {"op": "sigmoid", "args": ARGS}

BROKEN_ANSWERS = [
    ({"seq": 1, "result": {"y": [0.5]}, "note": "x"}, "the answer: Additional properties are not allowed"),
    ({"seq": 1, "error": ["x: why"]}, "error: ['x: why'] is not of type 'string'"),
    ({"seq": 1, "skipped": "yes", "message": "later"}, "skipped: True was expected"),
    ({"seq": 1, "result": {"y": [0.5]}, "error": "x: why"}, "the answer: Additional properties are not allowed"),
    ({"seq": 1, "result": {"y": ["0.5"]}}, "field 'y' is not a vector or matrix of numbers"),  # shapes.py first
]


def test_the_harness_names_where_an_answer_breaks_the_schema() -> None:
    unsaid = []
    for answer, said in BROKEN_ANSWERS:
        found = answer_problems(answer, SIGMOID)
        if not any(problem.startswith(said) for problem in found):
            unsaid.append((answer, said, found))
    assert not unsaid, unsaid


def test_each_field_of_each_op_is_held_to_its_shape() -> None:
    """For a case of each op in the vectors: its expected answer has no problem; a field with one entry (or row)
    too many, or none, is named with both shapes; and only a rectangle of numbers has a shape at all."""
    unsaid = []
    for op in OPS:
        case = next(c for c in CASES if c.get("op") == op and "expected" in c)
        args, result = case["args"], case["expected"]
        if found := shapes.shape_problems(op, args, result):
            unsaid.append((case["id"], found))
        for name, value in result.items():
            longer = [*value, value[0]]
            said = f"field {name!r} has shape {list(np.shape(longer))} where {list(np.shape(value))} is expected"
            rest = {k: v for k, v in result.items() if k != name}
            for answer, problem in (
                ({**result, name: longer}, said),
                (rest, f"field {name!r} is missing (got {sorted(rest)})"),
            ):
                if shapes.shape_problems(op, args, answer) != [problem]:
                    unsaid.append((case["id"], problem, shapes.shape_problems(op, args, answer)))
    assert not unsaid, unsaid
    for y in ([], [True], [[0.5], [0.5, 0.5]], [[[0.5]]], [[]], 0.5, ["a" * 100]):
        said = f"field 'y' is not a vector or matrix of numbers: {str(y)[:80]}"
        assert shapes.shape_problems("sigmoid", {"x": [0.0]}, {"y": y}) == [said], y
    assert shapes.shape_problems("sigmoid", {"x": [0.0, 1.0]}, {"y": [[0.5, 0.7]]}) == [
        "field 'y' has shape [1, 2] where [2] is expected"
    ]
    assert shapes.shape_problems("matmul", {"a": [[1, 2]], "b": [3, 4]}, {"product": [11, 0]}) == [
        "field 'product' has shape [2] where [1] is expected"  # a matrix times a vector is a vector
    ]
    forward = {"wih": [[0.5]], "who": [[0.5]], "inputs": [1.0]}
    assert shapes.shape_problems("forward", forward, {"hidden_outputs": [0.5, 0.5]}) == [
        "field 'hidden_inputs' is missing (got ['hidden_outputs'])",
        "field 'hidden_outputs' has shape [2] where [1] is expected",
        "field 'final_inputs' is missing (got ['hidden_outputs'])",
        "field 'final_outputs' is missing (got ['hidden_outputs'])",
    ]


def test_a_well_formed_answer_has_no_problem() -> None:
    assert answer_problems({"seq": 1, "result": {"y": [0.5]}}, SIGMOID) == []
    assert answer_problems({"seq": 1, "error": "x: entry [0] is NaN"}, SIGMOID) == []
    assert answer_problems({"seq": None, "error": "line: not JSON"}, {}) == []
    assert answer_problems({"seq": 1, "result": {"anything": 1}}, {"cmd": "reboot", "seq": 1}) == []
    assert answer_problems({"seq": 1, "result": {"anything": 1}}, {"cmd": "run", "op": "predict", "seq": 1}) == []
    assert answer_problems({"seq": 1, "result": [0.5]}, SIGMOID) == []  # the caller says what it asked for


def test_the_schema_is_shown_an_outline_of_bounded_size() -> None:
    """An answer may be 32 MiB: the schema judges the first entries of each list, to a bounded depth, and
    shapes.py every entry."""
    big = {"seq": 1, "result": {"wih": [[0.5] * 100_000] * 100}}
    assert shapes._outline(big) == {"seq": 1, "result": {"wih": [[0.5] * 3] * 3}}
    deep: Any = [0.5]
    for _ in range(50):
        deep = [deep]
    assert shapes._outline({"result": {"y": deep}}) == {"result": {"y": [[[[[]]]]]}}


@pytest.mark.slow
def test_a_port_whose_answer_breaks_the_schema_fails_with_what_and_where() -> None:
    backend = scripted(json.dumps(HELLO), json.dumps({"seq": 1, "error": {"x": "NaN"}}))
    try:
        with pytest.raises(PortFailure) as failure:
            backend.call("sigmoid", ARGS)
    finally:
        backend.close()
    said = str(failure.value)
    assert said == "the answer to seq 1 (op sigmoid) breaks the protocol: error: {'x': 'NaN'} is not of type 'string'"
    backend = scripted(json.dumps(HELLO), json.dumps({"seq": 1, "error": "x: entry [0] is NaN"}))
    try:
        with pytest.raises(Rejected, match=r"^x: entry \[0\] is NaN$"):
            backend.call("sigmoid", ARGS)
    finally:
        backend.close()


# mlp-spec schema --out DIR


def test_the_command_writes_both_schemas_as_mlp_spec_carries_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "made" / "here"
    assert cli.main(["schema", "--out", str(out)]) == 0
    for source in (SCHEMA, vectors.SCHEMA):
        assert (out / source.name).read_text(encoding="utf-8") == source.read_text(encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == ["mlp-spec-vectors.schema.json", "protocol.schema.json"]
    assert capsys.readouterr().out == f"wrote {out / SCHEMA.name} and {out / vectors.SCHEMA.name}\n"


def test_the_command_refuses_a_folder_it_cannot_make(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file").write_text("")
    assert cli.main(["schema", "--out", str(tmp_path / "file" / "below")]) == 2
    assert capsys.readouterr().err == f"mlp-spec: --out: not a folder: {tmp_path / 'file'}\n"
    with pytest.raises(SystemExit) as usage:
        cli.main(["schema"])
    assert usage.value.code == 2 and "the following arguments are required: --out" in capsys.readouterr().err
