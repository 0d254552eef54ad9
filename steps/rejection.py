"""Steps of bad input: one argument of a valid request is changed or removed, and must be rejected by name."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from mlp_spec.harness import protocol
from mlp_spec.harness.plugin import REJECTION_STEP
from mlp_spec.harness.port_output import shortened
from mlp_spec.truth.compare import EXACT

from .world import MISSING, World


def fitting_rule(world: World) -> str:
    """A rule the implementation declares that fits the scenario's network, so that a request is rejected
    for the one argument the scenario changed, even by a port without ``book``. ``article`` needs layers of
    one size: those sent, or the scenario's own where the changed argument is no matrix at all."""
    square = _one_size(world.values)
    if square is None:
        square = bool(_one_size(world.original))
    for rule in ("book", "gradient", "article"):
        if rule in world.backend.rules and (rule != "article" or square):
            return rule
    return "book"  # none fits: the request needs a rule the port lacks, and the scenario is skipped


def _one_size(values: dict[str, Any]) -> bool | None:
    """Whether wih, who and the inputs (a sample's, for a data set) have one size; None if one is no matrix."""
    try:
        wih, who, inputs = (values[name] for name in ("wih", "who", "inputs"))
        width = len(inputs[0]) if isinstance(inputs[0], list) else len(inputs)
        return len({len(wih), len(wih[0]), len(who), len(who[0]), width}) == 1
    except (KeyError, TypeError, IndexError):
        return None


def request_args(world: World, op: str) -> dict[str, Any]:
    """A valid request for ``op`` from the scenario's values, with whatever the scenario set or removed —
    an argument the op does not have included, since that too must be rejected."""
    defaults = {
        "a": world.values.get("wih"),
        "b": world.values.get("inputs"),
        "x": world.values.get("inputs"),
        "rule": fitting_rule(world) if "rule" in protocol.ARGS.get(op, ()) else None,
        "steps": 1,
        "epochs": 1,
    }
    args = {name: world.values.get(name, defaults.get(name)) for name in protocol.ARGS.get(op, ())}
    return {name: value for name, value in (args | world.overrides).items() if value is not MISSING}


@when(parsers.re(r'the op "?(?P<op>\w+)"? is requested'))
def when_op(world: World, op: str) -> None:
    world.run(op, request_args(world, op))


@when(parsers.re(r'the command "(?P<cmd>\w+)" is sent'))
def when_command(world: World, cmd: str) -> None:
    world.command(cmd)


@when(parsers.re(r"the line (?P<line>.+) is sent"))
def when_line(world: World, line: str) -> None:
    world.line(line.encode(), answered_seq(line))


@when(parsers.re(r'a blank line is sent, then the command "(?P<cmd>\w+)"'))
def when_blank_line(world: World, cmd: str) -> None:
    # A port that answered the blank line would answer the command with that answer, under the wrong seq.
    line = json.dumps({"cmd": cmd, "seq": 7})
    world.line(b"\n" + line.encode(), answered_seq(line))


@when(parsers.re(r"a line of the bytes (?P<hex>[0-9a-f ]+) is sent"))
def when_bytes(world: World, hex: str) -> None:
    world.line(bytes.fromhex(hex), None)


def answered_seq(line: str) -> int | None:
    """The seq the answer to ``line`` must carry: the line's own integer seq, else None (``"seq": null``)."""
    try:
        message = json.loads(line)
    except ValueError:
        return None
    seq = message.get("seq") if isinstance(message, dict) else None
    return seq if isinstance(seq, int) and not isinstance(seq, bool) else None


@given(parsers.re(r"(?P<name>[a-z_]+) holds (?P<count>[\d,]+) zeros"))
def given_zeros(world: World, name: str, count: str) -> None:
    # Too long for a table, and for the report's list of given values: the step's text says it.
    world.values[name] = world.overrides[name] = [0] * int(count.replace(",", ""))


@then(parsers.re(REJECTION_STEP + r"(?P<argument>\w+)"))
def then_rejected(world: World, argument: str) -> None:
    request = world.last
    assert request is not None, "no request was sent"
    request.must_reject = argument
    if request.error is None:
        answered = shortened(repr(request.result), 200)  # the 64-100-10 digits' weights are 15,000 characters
        pytest.fail(f"{request.op} answered {answered} where it must reject {argument}{sent(world)}", pytrace=False)
    if not request.error.startswith(f"{argument}: "):
        pytest.fail(
            f"{request.op} rejected the request, but its message does not begin '{argument}: ' as the protocol "
            f"asks: {request.error!r}",
            pytrace=False,
        )


@then(parsers.re(r"the answer is the same, bit for bit, as to (?P<name>[a-z_]+) = (?P<value>\d+)"))
def then_same_answer(world: World, name: str, value: str) -> None:
    request = world.last
    assert request is not None, "no request was sent"
    if request.result is None:
        pytest.fail(f"{request.op} rejected the request: {request.error}{sent(world)}", pytrace=False)
    other = world.run(request.op, request.args | {name: int(value)})
    if other.result is None:
        pytest.fail(f"{other.op} rejected `{name}` = {value}: {other.error}", pytrace=False)
    for field, expected in other.result.items():
        world.check(field, request.result.get(field), expected, request, tolerance=EXACT)


def sent(world: World) -> str:
    """What the scenario changed of a valid request, as a failed check says it on a line of its own ("the
    request had `epochs` = 2"), each value cut short; '' when it changed nothing by name."""
    had = [
        f"no `{name}`" if value is MISSING else f"`{name}` = {shortened(json.dumps(value), 40)}"
        for name, value in world.overrides.items()
    ]
    if not had:
        return ""
    listed = had[0] if len(had) == 1 else f"{', '.join(had[:-1])} and {had[-1]}"
    return f"\n  the request had {listed}"
