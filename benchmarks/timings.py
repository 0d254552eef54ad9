"""Wall times of the project's commands, run side by side: medians over repeated runs.

    python benchmarks/timings.py [--runs 5] [--only NAME ...]

Each command runs ``--runs`` times, interleaved (so a slow minute of the machine hurts all alike), from the
repository's root; the table gives the median, the spread, and the ratio to the first command, the
baseline: ``mlp-spec run`` against the reference in process.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = Path(tempfile.gettempdir()) / "mlp-spec-timings-report.html"
COMMANDS = {
    "mlp-spec run": "mlp-spec run",
    "mlp-spec run --html": f"mlp-spec run --html {REPORT}",
    "mlp-spec run --impl node": "mlp-spec run --impl 'node ports/javascript/adapter.js'",
    "mlp-spec run --impl serve": "mlp-spec run --impl 'mlp-spec serve'",
    "pytest": "pytest -q",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", nargs="*", choices=sorted(COMMANDS), default=None)
    options = parser.parse_args()
    names = options.only or list(COMMANDS)
    times: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(options.runs):
        for name in names:
            start = time.perf_counter()
            done = subprocess.run(COMMANDS[name], shell=True, cwd=ROOT, capture_output=True, check=False)
            times[name].append(time.perf_counter() - start)
            if done.returncode != 0:
                raise SystemExit(f"{name} failed with status {done.returncode}:\n{done.stdout.decode()[-2000:]}")
    baseline = statistics.median(times[names[0]])
    print(f"{'command':<28} {'median':>8} {'min':>7} {'max':>7} {'ratio':>6}   ({options.runs} runs each)")
    for name in names:
        t = times[name]
        median = statistics.median(t)
        print(f"{name:<28} {median:>7.2f}s {min(t):>6.2f}s {max(t):>6.2f}s {median / baseline:>6.2f}")


if __name__ == "__main__":
    main()
