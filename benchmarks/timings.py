"""Wall times of the project's commands, run side by side: medians over repeated runs, against the goals.

    python benchmarks/timings.py [--runs 5] [--only NAME ...]
    python benchmarks/timings.py --only install --runs 1     # the Quickstart's install, in a fresh venv
    python benchmarks/timings.py --against ../before ../venv-before   # before and after, side by side

Each command runs ``--runs`` times, interleaved (so a slow minute of the machine hurts all alike), from the
repository's root; the table gives the median, the spread, the ratio to the first command (the baseline:
``mlp-spec run`` against the reference in process), the goal, if there is one, and the processor time the
command used (user and system, its children included: the figure a busy machine disturbs least).
``--html`` is also given as what it adds to ``mlp-spec run``. The machine's cores and load average are
printed with the table: on a busy machine the wall times say little. With ``--against REPO VENV`` every
command also runs from another checkout (say, main before a change) with that venv's ``bin/`` first on the
PATH, interleaved with this one, and is shown beside it as ``(before)``. The figures measured so far are in
``benchmarks/timings.md``.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = Path(tempfile.gettempdir()) / "mlp-spec-timings-report.html"
INSTALL = (
    f"d=$(mktemp -d) && {sys.executable} -m venv $d/venv && $d/venv/bin/pip install --quiet -e '.[test]' && rm -rf $d"
)
COMMANDS = {
    "mlp-spec run": "mlp-spec run",
    "mlp-spec run --html": f"mlp-spec run --html {REPORT}",
    # A version's first run (or any with the cache off): sympy's work, the floor and the figures computed afresh.
    "mlp-spec run, cache off": "MLP_SPEC_CACHE=off mlp-spec run",
    "mlp-spec run --html, cache off": f"MLP_SPEC_CACHE=off mlp-spec run --html {REPORT}",
    "mlp-spec run --impl node": "mlp-spec run --impl 'node ports/javascript/adapter.js'",
    "mlp-spec run --impl serve": "mlp-spec run --impl 'mlp-spec serve'",
    "mlp-spec list": "mlp-spec list",
    "mlp-spec --version": "mlp-spec --version",
    "pytest": "pytest -q",  # the test files over the cores (-n auto in pyproject.toml since 2026-12-07)
    "pytest -n auto": "pytest -q -n auto",
    "pytest -n 0": "pytest -q -n 0",  # one process
    "pytest start-up": "pytest -q -n 0 --collect-only tests/test_reference.py",
    "install": INSTALL,
}
DEFAULT = [name for name in COMMANDS if name != "install"]
GOALS = {"mlp-spec run": 1.5, "pytest": 5.0, "pytest -n auto": 5.0, "pytest -n 0": 5.0}
HTML_GOAL = 0.5
"""What ``--html`` may add to ``mlp-spec run``, in seconds."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", nargs="*", choices=sorted(COMMANDS), default=None)
    parser.add_argument("--against", nargs=2, metavar=("REPO", "VENV"), type=Path, help="compare with a checkout")
    options = parser.parse_args()
    names = options.only or DEFAULT
    places = {"": (ROOT, dict(os.environ))}
    if options.against:
        repo, venv = (path.resolve() for path in options.against)
        env = dict(os.environ, PATH=f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", VIRTUAL_ENV=str(venv))
        places = {" (before)": (repo, env), "": places[""]}
    names = [name + label for name in names for label in places]
    times: dict[str, list[float]] = {name: [] for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    load_before = os.getloadavg()[0]
    for _ in range(options.runs):
        for name in names:
            command, label = name.split(" (")[0], name[len(name.split(" (")[0]) :]
            cwd, env = places[label]
            start, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
            done = subprocess.run(COMMANDS[command], shell=True, cwd=cwd, env=env, capture_output=True, check=False)
            times[name].append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[name].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
            if done.returncode != 0:
                raise SystemExit(f"{name} failed with status {done.returncode}:\n{done.stdout.decode()[-2000:]}")
    load_after = os.getloadavg()[0]
    print(
        f"{os.cpu_count()} cores; load average {load_before:.2f} before, {load_after:.2f} after; "
        f"bytecode caching {'off' if os.environ.get('PYTHONDONTWRITEBYTECODE') else 'on'}; "
        f"Python {sys.version.split()[0]}"
    )
    baseline = statistics.median(times[names[0]])
    head = f"{'command':<37} {'median':>8} {'min':>7} {'max':>7} {'ratio':>6} {'goal':>6} {'cpu':>7}"
    print(f"{head}   ({options.runs} runs each)")
    for name in names:
        t = times[name]
        median = statistics.median(t)
        goal = f"{GOALS[name]:.1f}s" if name in GOALS else ""  # the goals are for this checkout
        used = statistics.median(cpu[name])  # user + system time of the command and its children
        spread = f"{median:>7.2f}s {min(t):>6.2f}s {max(t):>6.2f}s"
        print(f"{name:<37} {spread} {median / baseline:>6.2f} {goal:>6} {used:>6.2f}s")
    for label in places:
        for cache in ("", ", cache off"):
            run, html = f"mlp-spec run{cache}{label}", f"mlp-spec run --html{cache}{label}"
            if {run, html} <= set(names):
                extra = statistics.median(times[html]) - statistics.median(times[run])
                print(f"{'--html adds' + cache + label:<37} {extra:>7.2f}s {'':>7} {'':>7} {'':>6} {HTML_GOAL:>5.1f}s")


if __name__ == "__main__":
    main()
