"""The ``mlp-spec`` command.

mlp-spec run [pytest arguments]   run the executable spec, with Gherkin-style output
mlp-spec serve                    the reference as a Protocol 1 adapter on stdin/stdout
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "tests" / "test_features.py"
# The features use neither; importing hypothesis alone costs about a second.
QUIET_PLUGINS = ["-p", "no:hypothesispytest", "-p", "no:benchmark"]


def run(pytest_args: list[str]) -> int:
    """Run every feature through pytest, against the reference or each ``--impl`` in turn; the exit status is
    the verdict: 0 conformant, 1 not conformant, 2 usage error, 3 a port unusable, 130 interrupted."""
    import pytest

    from mlp_spec.harness.suite import check

    if not SPEC.exists():
        print(
            f"mlp-spec: the features are not here ({SPEC}); install mlp-spec from its repository (pip install -e .)",
            file=sys.stderr,
        )
        return 2
    args = [str(SPEC), "--rootdir", str(ROOT), "-c", str(ROOT / "pyproject.toml"), "-p", "mlp_spec.report.console"]
    return check(pytest_args, lambda more, plugins: int(pytest.main([*args, *QUIET_PLUGINS, *more], plugins=plugins)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="mlp-spec",
        description="The executable specification of the "
        "article's three-layer perceptron, and its reference implementation.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="run the executable spec (extra arguments go to pytest)")
    run_parser.add_argument("pytest_args", nargs=argparse.REMAINDER, help="arguments for pytest")
    commands.add_parser("serve", help="speak Protocol 1 on stdin/stdout, answered by the reference")
    vectors_parser = commands.add_parser("vectors", help="write the golden vectors and their JSON Schema")
    vectors_parser.add_argument("--out", type=Path, metavar="DIR", help="the folder to write to")
    vectors_parser.add_argument(
        "--fresh", action="store_true", help="compute every expectation again at 50 digits, reusing nothing"
    )
    vectors_parser.add_argument(
        "--check",
        action="store_true",
        help="compute every expectation again and compare with vectors/ (exit 1 if any differs)",
    )
    commands.add_parser("derive", help="print the derivation of the gradient and the three rules", add_help=False)
    __import__("mlp_spec.train").train.add_parser(commands)
    args, extra = parser.parse_known_args(argv)
    if args.command == "run":
        return run([*extra, *args.pytest_args])
    if args.command == "derive":
        from mlp_spec.truth.derive import main as derive

        return derive(extra)
    if extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command == "train":
        return int(args.handler(args))
    if args.command == "vectors":
        if args.check:
            return check_vectors()
        if args.out is None:
            parser.error("vectors needs --out DIR (or --check)")
        return vectors(args.out, args.fresh)
    from mlp_spec.harness.serve import serve

    return serve()


def check_vectors() -> int:
    """Rebuild the vectors from nothing, every expectation at 50 digits, and compare them with vectors/."""
    import json

    import pytest

    from mlp_spec.truth import vectors as golden

    worlds = golden.record(lambda args, plugins: pytest.main(args, plugins=plugins), SPEC, ROOT)
    fresh = golden.build(worlds)
    committed = json.loads((ROOT / "vectors" / golden.FILE).read_text(encoding="utf-8"))
    old = {c["id"]: c for c in committed["cases"]}
    changed = sorted(
        i
        for i in old.keys() | {c["id"] for c in fresh["cases"]}
        if old.get(i) != next((c for c in fresh["cases"] if c["id"] == i), None)
    )
    if fresh != committed:
        print(f"vectors/ differs from a fresh build in {len(changed)} cases: {', '.join(changed[:10])}")
        return 1
    print(f"vectors/ agrees with a fresh 50-digit build ({len(fresh['cases'])} cases)")
    return 0


def vectors(out: Path, fresh: bool) -> int:
    """Record the features' requests and write the vectors; the committed copy serves as the cache."""
    import pytest

    from mlp_spec.truth import vectors as golden

    cache = {} if fresh else golden.load_cache(ROOT / "vectors" / golden.FILE)
    worlds = golden.record(lambda args, plugins: pytest.main(args, plugins=plugins), SPEC, ROOT, cache)
    document = golden.build(worlds)
    path = golden.write(document, out)
    print(f"wrote {path} ({len(document['cases'])} cases) and {golden.SCHEMA_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
