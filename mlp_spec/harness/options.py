"""``mlp-spec run``'s options (:data:`OPTIONS`, the one table the command's parser and the spec's pytest plugins
both declare them from) and their values, checked where they are read: a mistake is a usage error naming the
option, never a run that quietly checks something else (an empty ``--impl`` checking the reference).
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mlp_spec.harness.verdict import requirement

if TYPE_CHECKING:  # the command's parser reads these options without starting pytest
    import pytest


def given(what: str) -> Callable[[str], str]:
    """A parser of a value that must say something (a path, an id, words): an empty one is a variable left
    unset, and would otherwise mean no file, or every scenario."""

    def parse(text: str) -> str:
        if not text.strip():
            raise argparse.ArgumentTypeError(f"the {what} is empty (is the variable that holds it unset?)")
        return text

    return parse


command = given("port's command")


def tags(text: str) -> str:
    """A tag expression, its tags written with @ or without: ``@`` alone names none, and would select all."""
    if not text.replace("@", "").strip():
        raise argparse.ArgumentTypeError(f"names no tag: {text!r}")
    return text


def positive(unit: str = "", most: float = math.inf) -> Callable[[str], float]:
    """A parser of a finite number above 0 and at most ``most`` (of ``unit``, if given)."""
    what = f"number of {unit}" if unit else "number"

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a {what}: {text!r}") from None
        if not (math.isfinite(value) and value > 0):
            raise argparse.ArgumentTypeError(f"must be a finite {what} above 0, got {text}")
        if value > most:
            raise argparse.ArgumentTypeError(f"must be at most {f'{most:g} {unit}'.strip()}, got {text}")
        return value

    return parse


seconds = positive("seconds", most=86_400)
"""A timeout: a day at most (the clocks a wait is measured on take no more, and 1e300 seconds ended a run with
an internal error)."""


def whole(low: int, high: int | None = None) -> Callable[[str], int]:
    """A parser of a whole number from ``low`` (to ``high``, if given)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < low or (high is not None and value > high):
            bounds = f"{low} or more" if high is None else f"from {low} to {high}"
            raise argparse.ArgumentTypeError(f"must be {bounds}, got {value}")
        return value

    return parse


count = whole(0)


def required(text: str) -> Any:
    """What ``--require`` asks (:func:`~mlp_spec.harness.verdict.requirement`)."""
    try:
        return requirement(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


@dataclass(frozen=True)
class Option:
    """One of the spec's options, as ``mlp-spec run --help`` and pytest's ``--help`` both show it."""

    flag: str
    metavar: str
    help: str
    example: str
    type: Callable[[str], Any] | None = None
    default: Any = None
    choices: tuple[str, ...] | None = None
    many: str = ""
    """Repeatable: ``run`` for the command alone (each ``--impl`` is a session of its own), or ``both``."""

    def described(self) -> str:
        shown = "" if self.default in (None, "all") else f" (default {self.default:g})"
        return f"{self.help}{shown}; e.g. {self.example}"


PATH = given("path")
OPTIONS = (
    Option(
        "--impl",
        "CMD",
        "check the port this command starts (repeatable)",
        '--impl "node ports/javascript/adapter.js"',
        command,
        many="run",
    ),
    Option(
        "--impl-start-timeout",
        "S",
        "seconds the port may take to shake hands",
        "--impl-start-timeout 60",
        seconds,
        30.0,
    ),
    Option("--impl-timeout", "S", "seconds the port may take per request", "--impl-timeout 30", seconds, 10.0),
    Option("--impl-restarts", "N", "restarts of a port that dies", "--impl-restarts 0", count, 3),
    Option(
        "--require",
        "WHAT",
        "fail a port that does not pass these: all, or ops=…,rules=…",
        "--require ops=forward,train,rules=book",
        required,
    ),
    Option(
        "--profile",
        "NAME",
        "all scenarios, or maths: all but the rejection of bad input",
        "--profile maths",
        default="all",
        choices=("all", "maths"),
    ),
    Option(
        "--id",
        "ID",
        "only this stable id, or the ids below it (repeatable)",
        "--id train-step.book, --id reject",
        given("id"),
        many="both",
    ),
    Option(
        "-k",
        "WORDS",
        "only scenarios whose feature, name or file contain the words",
        '-k sigmoid, -k "forward and article"',
        given("expression"),
    ),
    Option("-m", "TAGS", "only scenarios with these tags", '-m @quoted, -m "@certified and not @quoted"', tags),
    Option(
        "--html",
        "PATH",
        "write the run as one self-contained HTML page (- for standard output)",
        "--html report.html",
        PATH,
    ),
    Option("--messages", "PATH", "write the run as Cucumber Messages (NDJSON)", "--messages run.ndjson", PATH),
    Option("--cucumberjson", "PATH", "write the run as Cucumber JSON", "--cucumberjson run.json", PATH),
    Option("--summary", "PATH", "write the verdict, by capability, as JSON", "--summary verdict.json", PATH),
)


def add_to_argparse(parser: argparse.ArgumentParser, *flags: str) -> None:
    """Declare ``flags`` (all by default) to the command, with no default: what is not given is pytest's."""
    for o in OPTIONS:
        if not flags or o.flag in flags:
            typed: dict[str, Any] = {"type": o.type} if o.type else {"choices": o.choices}
            action = "append" if o.many else "store"
            parser.add_argument(o.flag, metavar=o.metavar, help=o.described(), action=action, **typed)


def add_to_pytest(group: pytest.OptionGroup, *flags: str) -> None:
    """Declare ``flags``, which the spec's plugins own, to pytest, with their defaults (in the table's order)."""
    for o in OPTIONS:
        if o.flag in flags:
            kinds: dict[str, Any] = {"default": [], "action": "append"} if o.many == "both" else {"default": o.default}
            group.addoption(o.flag, metavar=o.metavar, help=o.described(), type=o.type, choices=o.choices, **kinds)
