"""``mlp-spec run`` over one or several implementations: each checked in turn, in a pytest session of its own,
then one table side by side, and the gravest verdict's exit status. The last session's outputs (``--summary``,
``--html`` …) speak for every port; the earlier ports' reports, each its own alone, go beside them numbered
(docs/checking-a-port.md).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from mlp_spec.harness.run import Run
from mlp_spec.harness.verdict import INTERRUPTED, USAGE, Verdict, exit_status
from mlp_spec.harness.verdict_report import table
from mlp_spec.outputs import special

RunPytest = Callable[[list[str], list[Any]], int]
REPORTS = ("--html", "--messages", "--cucumberjson", "--cucumber-json")  # the last, pytest-bdd's other name


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
    """An earlier port's report beside the path given: ``report-2.html`` for the second port's."""
    p = Path(path)
    return str(p.with_name(f"{p.stem}-{number}{p.suffix}"))


def check(args: Sequence[str], run_pytest: RunPytest, echo: Callable[[str], None] = print) -> int:
    """Check every ``--impl`` in ``args`` (or the reference when there is none) and return the exit status."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--impl", action="append", default=[])
    known, rest = parser.parse_known_args(list(args))  # the commands, and every other argument in its order
    commands: list[str] = known.impl
    if len(commands) <= 1:
        run = Run()
        return run.exit_status(run_pytest(list(args), [run]))
    verdicts: list[Verdict] = []
    for number, command in enumerate(commands, start=1):
        last = number == len(commands)
        # Only the last session's reports (at the paths given) speak for every port; an earlier port's page,
        # numbered beside them, is its own alone.
        run = Run(previous=verdicts if last else [])
        status = run.exit_status(run_pytest([*(rest if last else _numbered(rest, number)), "--impl", command], [run]))
        if status in (INTERRUPTED, USAGE) or run.verdict is None:
            return status
        verdicts.append(run.verdict)
    echo("")
    echo(f"{len(commands)} implementations side by side:")
    for line in table(verdicts):
        echo(f"  {line}")
    return exit_status(verdicts)
