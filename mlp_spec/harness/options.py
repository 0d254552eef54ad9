"""The values the harness's options take, checked where they are read: a mistake is a usage error naming
the option, never a run that quietly checks something else (an empty ``--impl`` checking the reference) or
fails every scenario (a negative timeout).

Light on purpose: the command's parser uses these for every ``mlp-spec …``, ``--version`` included.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable


def command(text: str) -> str:
    """A port's command line: anything but blank."""
    if not text.strip():
        raise argparse.ArgumentTypeError("the port's command is empty (is the variable that holds it unset?)")
    return text


def given(what: str) -> Callable[[str], str]:
    """A parser of a value that must say something (an output's path, an id, words): an empty one is a
    variable left unset, and would otherwise mean no file, or every scenario."""

    def parse(text: str) -> str:
        if not text.strip():
            raise argparse.ArgumentTypeError(f"the {what} is empty (is the variable that holds it unset?)")
        return text

    return parse


def tags(text: str) -> str:
    """A tag expression, its tags written with @ or without: ``@`` alone names none, and would select all."""
    if not text.replace("@", "").strip():
        raise argparse.ArgumentTypeError(f"names no tag: {text!r}")
    return text


def positive(unit: str = "", most: float = math.inf) -> Callable[[str], float]:
    """A parser of a finite number above 0 and at most ``most`` (of ``unit``, if given): a timeout, a learning
    rate."""
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
"""A timeout: a number of seconds above 0, a day at most (the clocks a wait is measured on take no more than
that, and 1e300 seconds ended a run with an internal error)."""


def whole(low: int, high: int | None = None) -> Callable[[str], int]:
    """A parser of a whole number from ``low`` (to ``high``, if given): restarts, steps, epochs, a seed."""

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
"""A number of restarts: a whole number from 0."""


NO_CACHE = "the spec keeps no pytest cache; the closing lines of a run give the --id options that rerun what failed"
"""What the command and the spec's plugin say of pytest's options that read its cache (--lf, --sw …)."""
