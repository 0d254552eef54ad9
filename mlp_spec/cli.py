"""The ``mlp-spec`` command (also ``python -m mlp_spec``): run the spec, list its scenarios, write the golden
vectors, print the derivation, and speak Protocol 1 as the reference. Every pytest session it starts is the
spec's own (:mod:`mlp_spec.session`), whatever folder it is run from."""

from __future__ import annotations

import argparse
import gc
import json
import shlex
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import mlp_spec
from mlp_spec import train
from mlp_spec.harness import defects, options
from mlp_spec.harness.serve import serve
from mlp_spec.harness.shapes import SCHEMA
from mlp_spec.harness.verdict import CONFORMANT, INTERRUPTED, NOT_CONFORMANT, USAGE
from mlp_spec.outputs import Console, Unwritten, problem, write_text
from mlp_spec.session import ROOT, session_args, without_addopts

# pytest and pytest-bdd (0.2 s: benchmarks/lazy_imports.py) are imported by the commands that start a session,
# not by `mlp-spec serve`, which a harness starts as a port.

EXIT_CODES = """exit status:
  0    conformant: every scenario that ran passed
  1    not conformant: a scenario failed, the harness gave up on the port mid-run, or there was
       nothing to check (the port declares no op, or the selection asks it nothing)
  2    usage error: a bad option or output path, or no scenario selected (nothing was run); or
       an output that could not be written at the end of the run (a full disk)
  3    the port is unusable: it cannot start, exits at once, or breaks the handshake
  130  interrupted (Ctrl-C): no report or vectors are written"""


def _error(message: str) -> int:
    print(f"mlp-spec: {message}", file=sys.stderr)
    return USAGE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mlp-spec",
        description="The executable specification of the article's three-layer perceptron, and its reference "
        "implementation.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"mlp-spec {mlp_spec.__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run_parser = commands.add_parser(
        "run",
        help="run the executable spec (against the reference, or a port with --impl)",
        description="Run every scenario of the features and print each with ✓, ✗ or –, then a closing count.\n"
        "Any other pytest option is handed on (-x, -v …); mlp-spec list shows what a selection picks, and the\n"
        "closing lines give the --id options that rerun what failed (the spec keeps no pytest cache: no --lf).",
        epilog=EXIT_CODES,
        formatter_class=lambda prog: argparse.RawDescriptionHelpFormatter(prog, max_help_position=30, width=132),
        allow_abbrev=False,
    )
    # The spec's options are declared for --help and for checking outputs before the session; they and any other
    # pytest argument are handed on to the session in the order given.
    options.add_to_argparse(run_parser)
    listing = commands.add_parser(
        "list",
        help="print every scenario's stable id, feature and name",
        description="Print every scenario's stable id, feature and name (the same selection options as run).",
        allow_abbrev=False,
    )
    listing.add_argument("--json", action="store_true", help="one JSON array, for tools")
    options.add_to_argparse(listing, "--id", "-k", "-m")
    serve_parser = commands.add_parser("serve", help="speak Protocol 1 on stdin/stdout, answered by the reference")
    serve_parser.add_argument(
        "--defect", metavar="NAME", help="plant one classic porting bug in the reference (mlp-spec defects lists them)"
    )
    defects_parser = commands.add_parser(
        "defects", help="list the classic porting bugs serve --defect plants, and the scenarios that catch each"
    )
    defects_parser.add_argument("--json", action="store_true", help="one JSON array, for tools")
    vectors_parser = commands.add_parser("vectors", help="write the golden vectors and their JSON Schema")
    vectors_parser.add_argument("--out", type=Path, metavar="DIR", help="the folder to write to (made if missing)")
    vectors_parser.add_argument(
        "--fresh", action="store_true", help="compute every expectation again at 50 digits, reusing nothing"
    )
    vectors_parser.add_argument(
        "--check",
        action="store_true",
        help="compute every expectation again and compare with vectors/ (exit 1 if any differs)",
    )
    schema_parser = commands.add_parser("schema", help="write Protocol 1's JSON Schema and the vectors' schema")
    schema_parser.add_argument(
        "--out", type=Path, metavar="DIR", required=True, help="the folder to write to (made if missing)"
    )
    commands.add_parser("derive", help="print the derivation of the gradient and the three rules", add_help=False)
    train.add_parser(commands)
    return parser


def run(arguments: Sequence[str]) -> int:
    """Run the features against the reference or each ``--impl`` (arguments handed to pytest as given); the
    exit status is the verdict's (EXIT_CODES)."""
    import pytest

    from mlp_spec.harness.suite import check

    # The Gherkin-style console replaces pytest's progress dots. The unraisable-exception plugin is left out:
    # its closing garbage collections cost a third of a second, and the suite (which keeps it) watches the
    # harness for exceptions raised unnoticed.
    plugins = ["-p", "mlp_spec.report.console", "-p", "no:unraisableexception"]

    def session(more: list[str], extra: list[Any]) -> int:
        return int(pytest.main(session_args(*plugins, *more), plugins=extra))

    # A reader that goes away (`| head`) ends neither the run nor its outputs: the exit status is still the verdict's.
    sys.stdout = console = Console(sys.stdout)
    # SIGTERM (a CI job cancelled) ends the run as Ctrl-C does, so that the port and all it started are stopped.
    terminate = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        return check(_tags_without_at(arguments), session)
    finally:
        signal.signal(signal.SIGTERM, terminate)
        sys.stdout = console.stream


def _tags_without_at(arguments: Sequence[str]) -> list[str]:
    """``-m @quoted`` as ``-m quoted``: the features write tags with @, pytest's marker expressions without
    (and pytest would read an argument that starts with @ as a file of arguments)."""
    out = list(arguments)
    for i, argument in enumerate(out):
        if argument.startswith("-m") and argument != "-m":  # -m=EXPR or -mEXPR
            out[i] = argument.replace("@", "")
        elif argument == "-m" and i + 1 < len(out):
            out[i + 1] = out[i + 1].replace("@", "")
    return out


def _interrupted(command: str) -> int:
    print(f"mlp-spec {command}: interrupted; nothing written", file=sys.stderr)
    return INTERRUPTED


def list_scenarios(options: argparse.Namespace) -> int:
    """Collect the spec (nothing runs) and print each selected scenario: id, feature, name."""
    import pytest

    from mlp_spec.report.listing import Lister

    selection = [a for i in options.id or [] for a in ("--id", i)]
    selection += ["-k", options.k] if options.k else []
    selection += ["-m", options.m.replace("@", "")] if options.m else []
    lister = Lister()
    # Nothing runs, so nothing can raise unnoticed: its plugin's closing garbage collections are time lost.
    quiet = ["-p", "no:terminal", "-p", "no:unraisableexception"]
    with without_addopts():
        status = pytest.main(session_args("--collect-only", *quiet, *selection), plugins=[lister])
    if lister.interrupted:
        return _interrupted("list")
    if lister.errors or status == pytest.ExitCode.USAGE_ERROR:
        return _error(f"list: the features could not be collected: {'; '.join(lister.errors) or 'usage error'}")
    if not lister.cases:  # as run says it, with the same exit status
        return _error(f"list: no scenario matches the selection {shlex.join(selection)}")
    print(json.dumps(lister.cases, indent=1, ensure_ascii=False) if options.json else lister.table())
    return 0


def main(argv: list[str] | None = None) -> int:
    as_command, argv = argv is None, sys.argv[1:] if argv is None else argv
    parser = _parser()
    args, extra = parser.parse_known_args(argv)
    try:
        if args.command == "run":
            return run(argv[argv.index("run") + 1 :])
        if args.command == "derive":
            from mlp_spec.truth.derive import main as derive

            return derive(extra)
        if extra:
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        if args.command == "train":
            return int(args.handler(args))
        if args.command == "list":
            return list_scenarios(args)
        if args.command == "vectors" and args.check:
            if args.out is not None or args.fresh:
                parser.error("vectors --check compares the vectors mlp-spec carries: --out and --fresh write them")
            return check_vectors()
        if args.command in ("vectors", "schema"):
            if args.out is None:  # schema requires it: only vectors gets here without
                parser.error("vectors needs --out DIR (or --check)")
            if trouble := problem(args.out, folder=True):
                return _error(f"--out: {trouble}")
            if args.command == "vectors":
                return vectors(args.out, args.fresh)
            return schema(args.out)
        if args.command == "defects":
            print(defects.listing(as_json=args.json))
            return 0
        if args.defect is not None and args.defect not in defects.DEFECTS:
            parser.error(f"--defect: no defect named {args.defect!r} (mlp-spec defects lists them)")
        return serve(defect=args.defect)
    except KeyboardInterrupt:
        return _interrupted(args.command)
    except Unwritten as error:
        # Checked before the run, an output can still fail at its end (a full disk): said in one line.
        return _error(f"could not write {error}")
    except BrokenPipeError:
        # The reader went away (`mlp-spec list | head`): what it did not read is not an error of ours. Point
        # stdout at nothing, so that Python's closing flush cannot fail a second time.
        Console(sys.stdout).reader_gone()
        return 0
    finally:
        if as_command:  # the process ends: what is left, frozen, is spared the closing garbage collections
            gc.freeze()


def _record(cache: dict[str, Any]) -> list[Any] | int:
    """The worlds of a whole run of the features against the 50-digit engine, or the exit status to end with."""
    import pytest

    from mlp_spec.harness import vectors as golden

    try:
        with without_addopts():
            return golden.record(lambda arguments, plugins: pytest.main(arguments, plugins=plugins), cache)
    except golden.Incomplete as incomplete:
        if incomplete.status == pytest.ExitCode.INTERRUPTED:
            return _interrupted("vectors")
        print(f"mlp-spec vectors: {incomplete}; nothing written", file=sys.stderr)
        return NOT_CONFORMANT


def check_vectors(record: Callable[[dict[str, Any]], list[Any] | int] | None = None) -> int:
    """Rebuild the vectors from nothing, every expectation at 50 digits, and compare them with the vectors
    mlp-spec carries (``record``, if given, makes the worlds instead of a run from nothing)."""
    from mlp_spec.harness import vectors as golden

    committed_file = ROOT / "vectors" / golden.FILE
    if not committed_file.exists():
        return _error(f"vectors --check: no vectors to check at {committed_file}")
    worlds = (record or _record)({})
    if isinstance(worlds, int):
        return worlds
    fresh = golden.build(worlds)
    changed = golden.changed(json.loads(committed_file.read_text(encoding="utf-8")), fresh)
    if changed:
        shown = ", ".join(changed[:10]) + (" …" if len(changed) > 10 else "")
        print(f"{committed_file} differs from a fresh build in {len(changed)} cases: {shown}")
        print("  in a clone, `mlp-spec vectors --out vectors` writes them afresh")
        return NOT_CONFORMANT
    build = "a fresh 50-digit build" if record is None else "a 50-digit build"
    print(f"{committed_file} agrees with {build} ({len(fresh['cases'])} cases)")
    return CONFORMANT


def vectors(out: Path, fresh: bool) -> int:
    """Record the features' requests and write the vectors, all of them or none; the copy that comes with
    mlp-spec serves as the cache of 50-digit answers."""
    from mlp_spec.harness import vectors as golden

    worlds = _record({} if fresh else golden.load_cache(ROOT / "vectors" / golden.FILE))
    if isinstance(worlds, int):
        return worlds
    document = golden.build(worlds)
    path = golden.write(document, out)
    print(f"wrote {path} ({len(document['cases'])} cases) and {golden.SCHEMA_FILE}")
    return CONFORMANT


def schema(out: Path) -> int:
    """Copy Protocol 1's JSON Schema and the golden vectors' schema, as mlp-spec carries them, into ``out``."""
    from mlp_spec.harness import vectors as golden

    out.mkdir(parents=True, exist_ok=True)
    for source in (SCHEMA, golden.SCHEMA):
        write_text(out / source.name, source.read_text(encoding="utf-8"))
    print(f"wrote {out / SCHEMA.name} and {out / golden.SCHEMA.name}")
    return CONFORMANT


if __name__ == "__main__":
    sys.exit(main())
