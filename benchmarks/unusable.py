"""How fast and how briefly ``mlp-spec run`` gives up on a port that cannot be used: the goal is under 5 s
and under 40 lines, with no traceback, and exit status 3.

    python benchmarks/unusable.py [--runs 3]

Three ports that cannot start — a command that does not exist, one that exits at once, one that answers
the handshake with garbage — each run ``--runs`` times; the table gives the slowest wall time, the line
count of the output and the exit status of each.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOUBLE = f"{shlex.quote(sys.executable)} {shlex.quote(str(ROOT / 'tests' / 'doubles' / 'port.py'))}"
PORTS = {
    "missing command": "mlp-spec-no-such-port",
    "exits at once": "echo 'adapter: no weights' >&2; exit 4",
    "garbage handshake": f"{DOUBLE} garbage-start",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    ok = True
    print(f"{'port':<18} {'slowest s':>9} {'lines':>5} {'exit':>4}  traceback")
    for name, command in PORTS.items():
        slowest, lines, codes, traced = 0.0, 0, set(), False
        for _ in range(runs):
            start = time.perf_counter()
            done = subprocess.run(
                ["mlp-spec", "run", "--impl", command], cwd=ROOT, capture_output=True, text=True, check=False
            )
            slowest = max(slowest, time.perf_counter() - start)
            output = done.stdout + done.stderr
            lines = max(lines, len(output.splitlines()))
            codes.add(done.returncode)
            traced = traced or "Traceback" in output
        status = ",".join(map(str, sorted(codes)))
        print(f"{name:<18} {slowest:>9.2f} {lines:>5} {status:>4}  {'yes' if traced else 'no'}")
        ok = ok and slowest < 5 and lines < 40 and codes == {3} and not traced
    print("all under 5 s and 40 lines, exit 3, no traceback" if ok else "a goal is missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
