"""What Ctrl-C does to ``mlp-spec run`` in its first second, when it starts up and imports pytest
(sympy's work included): the goal is exit status 130 (a shell shows 130 for a process ended by SIGINT as well),
one line, no traceback, and never a hang.

    python benchmarks/interrupt.py [--rounds 3] [--command mlp-spec]

Each round sends SIGINT to the run's whole process group (as a terminal's Ctrl-C does) at twelve moments from
0.25 s to 0.47 s after the start of a first run of a version (``MLP_SPEC_CACHE=off``: sympy is at work in the
run's process); the table counts the exit statuses, the runs that printed a traceback and the runs still
going 20 s after the signal (killed then, and counted as hangs).
"""

from __future__ import annotations

import argparse
import collections
import os
import shlex
import signal
import subprocess
import sys
import time

MOMENTS = [0.25 + 0.02 * i for i in range(12)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--command", default="mlp-spec", help='how to start mlp-spec, e.g. "python -m mlp_spec"')
    options = parser.parse_args()
    counts: collections.Counter[str] = collections.Counter()
    first = ""  # the end of the first output with a traceback
    env = os.environ | {"MLP_SPEC_CACHE": "off"}
    for _ in range(options.rounds):
        for moment in MOMENTS:
            run = subprocess.Popen(
                [*shlex.split(options.command), "run"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
                start_new_session=True,  # a group of its own, to signal as a terminal would
                # A background process starts with SIGINT ignored; a terminal's foreground job does not.
                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
            )
            time.sleep(moment)
            os.killpg(run.pid, signal.SIGINT)
            try:
                out, err = run.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                counts["hang"] += 1
                os.killpg(run.pid, signal.SIGKILL)
                run.communicate()
                continue
            status = run.returncode
            counts[f"exit {128 - status if status < 0 else status}"] += 1  # as a shell shows it
            if "Traceback" in out + err:
                counts["traceback"] += 1
                first = first or f"at {moment:.2f} s:\n" + "\n".join((out + err).strip().splitlines()[-12:])
    print(f"{options.rounds * len(MOMENTS)} runs of {options.command!r} interrupted at 0.25–0.47 s:")
    for name in sorted(counts):
        print(f"  {name:<10} {counts[name]}")
    if first:
        print(f"the first traceback, {first}")
    return 0 if counts["hang"] == counts["traceback"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
