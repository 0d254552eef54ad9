"""What each import the code keeps inside a function saves: the command run as it is, and with those modules
imported first (as a top-level import would), interleaved; the medians and their difference.

    python benchmarks/lazy_imports.py [--runs 7]

The project imports at the top of a module except where this shows a saving of 0.1 s or more on a command a
user runs, or where the module is in the optional ``report`` extra (matplotlib, Jinja2, markdown-it), which a
run without ``--html`` must not need. The figures are in benchmarks/timings.md.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = str(Path(tempfile.gettempdir()) / "mlp-spec-lazy-imports.html")
HANDSHAKE = b'{"cmd":"start","protocol":1,"seq":0}\n{"cmd":"stop","seq":1}\n'
PYTEST = ["pytest", "pytest_bdd.scenario"]
CASES = [
    # (where the import is kept, the modules, the command it spares them, what the command reads)
    ("cli: the sessions' pytest, pytest-bdd", PYTEST, ["--version"], b""),
    ("cli: the sessions' pytest, pytest-bdd", PYTEST, ["serve"], HANDSHAKE),
    ("cli.main: derive's sympy", ["sympy"], ["--version"], b""),
    ("cli.main: derive's sympy", ["sympy"], ["run"], b""),
    ("report.formulas: sympy; report.plot: matplotlib", ["sympy", "matplotlib.figure"], ["run", "--html", PAGE], b""),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    subprocess.run([sys.executable, "-m", "mlp_spec", "run", "--html", PAGE], cwd=ROOT, capture_output=True)  # warm
    times: dict[tuple[int, bool], list[float]] = {}
    for _ in range(runs):
        for number, (_, modules, command, given) in enumerate(CASES):
            for first in (False, True):
                imports = "".join(f"import {m}; " for m in modules) if first else ""
                code = f"import sys; {imports}from mlp_spec.cli import main; sys.exit(main(sys.argv[1:]))"
                start = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-c", code, *command], cwd=ROOT, input=given, capture_output=True, check=True
                )
                times.setdefault((number, first), []).append(time.perf_counter() - start)
    print(f"{'kept in a function':<50} {'command':<22} {'as is':>7} {'at top':>7} {'saves':>7}   ({runs} runs)")
    for number, (where, _, command, _given) in enumerate(CASES):
        lazy, eager = (statistics.median(times[(number, first)]) for first in (False, True))
        shown = " ".join("PAGE" if part == PAGE else part for part in command)
        print(f"{where:<50} {shown:<22} {lazy:>6.2f}s {eager:>6.2f}s {eager - lazy:>6.2f}s")


if __name__ == "__main__":
    main()
