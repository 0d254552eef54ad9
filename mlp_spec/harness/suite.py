"""``mlp-spec run`` over one or several implementations: each checked in turn, one table side by side.

``mlp-spec run --impl A --impl B …`` runs the spec once per port, each in its own pytest session with its
own console output, then prints one table (ports as columns; capabilities and features as rows, with
counts) and exits non-zero if any port does not conform. With ``--summary``, ``--html`` or ``--messages``
the last port's session writes the file given, holding the verdicts of all; the earlier ports' pages and
messages, each of its own port alone, go beside it with ``-1``, ``-2`` … added to the name (what is no
regular file, ``-`` for standard output or ``/dev/null``, takes them all as it is).

Exit statuses: 0 conformant, 1 not conformant, 2 usage error, 3 a port unusable, 130 interrupted.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from mlp_spec.harness.tally import PREVIOUS, VERDICT
from mlp_spec.harness.verdict import INTERRUPTED, NOT_CONFORMANT, UNUSABLE, USAGE, Verdict, table
from mlp_spec.outputs import special

RunPytest = Callable[[list[str], list[Any]], int]
REPORTS = ("--html", "--messages", "--cucumberjson", "--cucumber-json")  # the last, pytest-bdd's other name
# pytest's own statuses that are not a verdict: interrupted, usage error, nothing collected.
PYTEST_STATUS = {pytest.ExitCode.INTERRUPTED: INTERRUPTED, pytest.ExitCode.USAGE_ERROR: USAGE, 5: USAGE}


class Handoff:
    """Hands a session the verdicts on the ports before it, and takes its own verdict back."""

    def __init__(self, previous: list[Verdict]) -> None:
        self.previous = previous
        self.verdict: Verdict | None = None

    def pytest_configure(self, config: pytest.Config) -> None:
        config.stash[PREVIOUS] = list(self.previous)

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        self.verdict = config.stash.get(VERDICT, None)


def _split(args: Sequence[str]) -> tuple[list[str], list[str]]:
    """The ``--impl`` commands, and every other argument in its order."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--impl", action="append", default=[])
    known, rest = parser.parse_known_args(list(args))
    return list(known.impl), rest


def _numbered(args: list[str], number: int) -> list[str]:
    """The arguments of an earlier port's session: each report's path numbered (``report.html`` becomes
    ``report-1.html``), and no ``--summary`` (the last session writes the summary of all)."""
    out: list[str] = []
    rest = iter(args)
    for arg in rest:
        name, equals, value = arg.partition("=")
        if name == "--summary":
            if not equals:
                next(rest, None)
        elif name in REPORTS:
            path = value if equals else next(rest, "")
            # standard output or /dev/null takes every port's report as it is: no "/dev/null-1" is made beside it.
            path = path if special(Path(path).expanduser()) else numbered(path, number)
            out += [f"{name}={path}"] if equals else [arg, path]
        else:
            out.append(arg)
    return out


def numbered(path: str, number: int) -> str:
    """An earlier port's report beside the path given: ``report.html`` for the second port of three is
    ``report-2.html``."""
    p = Path(path)
    return str(p.with_name(f"{p.stem}-{number}{p.suffix}"))


def status(code: int, verdict: Verdict | None) -> int:
    """The exit status of one session: its verdict's, unless pytest itself stopped short (interrupted, a
    usage error, nothing selected) or failed inside (an internal error, 3 to pytest, is not an unusable port)."""
    if code in PYTEST_STATUS:
        return PYTEST_STATUS[code]
    if verdict is not None and (code in (0, NOT_CONFORMANT) or verdict.unusable):
        return verdict.exit_code
    return NOT_CONFORMANT if code else 0


def check(args: Sequence[str], run_pytest: RunPytest, echo: Callable[[str], None] = print) -> int:
    """Check every ``--impl`` in ``args`` (or the reference when there is none) and return the exit status."""
    commands, rest = _split(args)
    if len(commands) <= 1:
        handoff = Handoff([])
        code = run_pytest(list(args), [handoff])
        return status(code, handoff.verdict)
    verdicts: list[Verdict] = []
    codes = []
    for number, command in enumerate(commands, start=1):
        last = number == len(commands)
        # Only the last session's reports (at the paths given) speak for every port; an earlier port's page,
        # numbered beside them, is its own alone.
        handoff = Handoff(verdicts if last else [])
        code = run_pytest([*(rest if last else _numbered(rest, number)), "--impl", command], [handoff])
        codes.append(status(code, handoff.verdict))
        if codes[-1] in (INTERRUPTED, USAGE):
            return codes[-1]
        if handoff.verdict is not None:
            verdicts.append(handoff.verdict)
    echo("")
    echo(f"{len(commands)} implementations side by side:")
    for line in table(verdicts):
        echo(f"  {line}")
    return UNUSABLE if UNUSABLE in codes else max(codes)
