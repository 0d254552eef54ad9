"""Backends: what the step definitions talk to, each answering Protocol 1 requests (op and JSON-like args), so
that the same features check the reference in process, the 50-digit engine that certifies the numbers, or a
port in another language."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

import mlp_ref
from mlp_spec.harness import adapter, serve
from mlp_spec.truth import exact


class Rejected(Exception):
    """The implementation rejected the input (Protocol 1 ``error``); the message says why."""


class Unsupported(Exception):
    """The implementation does not support the op or rule (Protocol 1 ``skipped``, or not in its handshake)."""


class Backend(Protocol):
    """An implementation under test: what it declares (a port's handshake says), and its answers."""

    @property
    def name(self) -> str: ...

    @property
    def ops(self) -> frozenset[str]: ...

    @property
    def rules(self) -> frozenset[str]: ...

    @property
    def exact(self) -> bool:
        """True for the certifying engine, whose float64-rounded answers must equal the spec's numbers."""

    @property
    def given_up(self) -> bool:
        """True once the harness has stopped asking (a port that kept dying): the rest is not run."""

    def describe(self) -> dict[str, str]:
        """The handshake's ``implementation``: name, language, version."""

    def call(self, op: str, args: Mapping[str, Any], case: str = "") -> dict[str, Any]:
        """The op's result for the request ``case`` (its stable id); raises :class:`Rejected` or
        :class:`Unsupported`."""

    def close(self) -> None: ...


@runtime_checkable
class Conversant(Protocol):
    """A backend that can also be sent a bare ``cmd``, to check that one the protocol does not define is
    rejected."""

    def converse(self, cmd: str) -> dict[str, Any]: ...


@runtime_checkable
class LineSender(Protocol):
    """A backend that can be sent a line as it is (not JSON, not UTF-8, no seq), to check that it is rejected;
    the answer must carry ``seq`` (None: ``"seq": null``)."""

    def send_line(self, line: bytes, seq: int | None) -> dict[str, Any]: ...


class ReferenceBackend:
    """``mlp_ref`` in this process, through the same adapter that ``mlp-spec serve`` speaks."""

    name = "reference"
    ops = frozenset(adapter.OPS)
    rules = frozenset(adapter.RULES)
    exact = False
    given_up = False

    def describe(self) -> dict[str, str]:
        return dict(adapter.IMPLEMENTATION)

    def call(self, op: str, args: Mapping[str, Any], case: str = "") -> dict[str, Any]:
        try:
            return adapter.handle(op, args)
        except mlp_ref.InputError as error:
            raise Rejected(str(error)) from None

    def converse(self, cmd: str) -> dict[str, Any]:
        answer = serve.answer(json.dumps({"cmd": cmd, "seq": 1}))
        if answer and "error" in answer:
            raise Rejected(str(answer["error"]))
        return dict(answer or {})

    def send_line(self, line: bytes, seq: int | None) -> dict[str, Any]:
        out = io.StringIO()
        serve.serve(io.BytesIO(line + b"\n"), out)
        answers = [json.loads(text) for text in out.getvalue().splitlines()]
        if len(answers) != 1 or "seq" not in answers[0] or answers[0]["seq"] != seq:
            raise AssertionError(f"serve answered {answers} to {line!r}, where one answer with seq {seq} is due")
        if "error" in answers[0]:
            raise Rejected(str(answers[0]["error"]))
        return dict(answers[0])

    def close(self) -> None:
        pass


class ExactBackend:
    """The 50-digit mpmath engine, answers rounded to the nearest float64. It validates nothing."""

    name = "exact"
    ops = frozenset(adapter.OPS)
    rules = frozenset(adapter.RULES)
    exact = True
    given_up = False

    def describe(self) -> dict[str, str]:
        return {"name": "mlp_spec.truth.exact", "language": f"Python (mpmath, {exact.DIGITS} digits)", "version": "1"}

    def call(self, op: str, args: Mapping[str, Any], case: str = "") -> dict[str, Any]:
        return dict(exact.to_float(exact.handle(op, args)))

    def close(self) -> None:
        pass
