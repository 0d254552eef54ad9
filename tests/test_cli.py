"""The ``mlp-spec`` command as a user meets it: --version and --help, list and the selections, how a run ends.
What is refused before a run is in tests/test_cli_usage.py, the files in tests/test_outputs.py, Ctrl-C against
a port that hangs in tests/test_hostile.py. Runs are made in this process where the process is not tested."""

from __future__ import annotations

import errno
import importlib.metadata
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import mlp_spec
from mlp_spec import cli, outputs, session
from mlp_spec.harness import options, vectors
from mlp_spec.harness.backends import ReferenceBackend
from mlp_spec.report.listing import Lister
from tests.doubles.processes import command


def listing(capsys: pytest.CaptureFixture[str], *options: str) -> list[dict[str, Any]]:
    assert cli.main(["list", "--json", *options]) == 0
    cases: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    return cases


@pytest.fixture(scope="module")
def every_case() -> list[dict[str, Any]]:
    lister = Lister()
    quiet = ["-p", "no:terminal", "-p", "no:unraisableexception"]
    pytest.main(session.session_args("--collect-only", *quiet), plugins=[lister])
    assert not lister.errors
    cases: list[dict[str, Any]] = lister.cases
    return cases


def test_only_the_command_freezes_what_is_left(monkeypatch: pytest.MonkeyPatch) -> None:
    """The process ends after the command; main called in process (by a program, a test) freezes nothing."""
    frozen: list[bool] = []
    monkeypatch.setattr(cli.gc, "freeze", lambda: frozen.append(True))
    monkeypatch.setattr(sys, "argv", ["mlp-spec", "defects"])
    assert cli.main(sys.argv[1:]) == 0 and frozen == []
    assert cli.main() == 0 and frozen == [True]


def test_version_and_no_pytest_plugin_installed(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out == f"mlp-spec {mlp_spec.__version__}\n"
    assert mlp_spec.__version__ == importlib.metadata.version("mlp-spec")
    groups = {entry.group for entry in importlib.metadata.distribution("mlp-spec").entry_points}
    assert groups == {"console_scripts"}


@pytest.mark.slow
def test_python_m_mlp_spec_is_the_command() -> None:
    done = subprocess.run([sys.executable, "-m", "mlp_spec", "--version"], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (0, f"mlp-spec {mlp_spec.__version__}\n")


def test_run_help_lists_every_spec_option_with_an_example_and_the_exit_codes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        cli.main(["run", "--help"])
    text = capsys.readouterr().out
    lines = text.splitlines()
    for option in options.OPTIONS:
        line = next(line for line in lines if line.startswith(f"  {option.flag} "))
        assert line.endswith(f"; e.g. {option.example}"), line  # one line each, with its example
    assert "(default 30)" in next(line for line in lines if line.startswith("  --impl-start-timeout"))
    assert {"--impl", "--id", "--html", "--messages", "--cucumberjson", "-k", "-m"} <= {o.flag for o in options.OPTIONS}
    for status in ("0 ", "1 ", "2 ", "3 ", "130 "):
        assert f"\n  {status}" in text, status


def test_list_names_every_scenario_once(every_case: list[dict[str, Any]]) -> None:
    ids = [case["id"] for case in every_case]
    assert len(ids) == len(set(ids)) > 80
    tagged = {
        line.split("@id:")[1].split()[0]
        for feature in session.FEATURES.glob("*.feature")
        for line in feature.read_text(encoding="utf-8").splitlines()
        if "@id:" in line
    }
    # Each listed id is an @id: tag, or one with an outline example's id after a slash.
    assert all(any(i == t or i.startswith(f"{t}/") for t in tagged) for i in ids)
    assert all(any(i == t or i.startswith(f"{t}/") for i in ids) for t in tagged)
    assert all(case["feature"] and case["scenario"] and "<" not in case["scenario"] for case in every_case)
    lister = Lister()
    lister.cases = [case for case in every_case if case["id"] == "train-step.book"]
    line, count = lister.table().splitlines()
    assert line.startswith("train-step.book  One training step, under three rules › ") and count == "1 scenarios"


def test_k_selects_by_words_of_the_feature_s_or_the_scenario_s_name_and_m_by_tag(
    every_case: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    chosen = {case["id"] for case in listing(capsys, "-k", "sigmoid or propagation")}
    features = {"02_sigmoid", "03_forward_propagation", "04_backpropagation"}
    wanted = {case["id"] for case in every_case if case["file"].removesuffix(".feature") in features}
    assert len(wanted) > 20 and wanted <= chosen
    assert not any(case["id"] in chosen for case in every_case if case["file"] == "01_matrix_product.feature")
    assert [case["id"] for case in listing(capsys, "-k", "forward and pass and article")] == ["forward.article"]
    quoted = {case["id"] for case in every_case if "@quoted" in case["tags"]}
    assert quoted and {case["id"] for case in listing(capsys, "-m", "quoted")} == quoted
    certified_not_quoted = {c["id"] for c in every_case if "@certified" in c["tags"] and "@quoted" not in c["tags"]}
    assert {case["id"] for case in listing(capsys, "-m", "@certified and not @quoted")} == certified_not_quoted


def test_a_reader_that_stops_early_is_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # `mlp-spec list | head -1`: the pipe's reading end closes while the list is still being written.
    read, write = os.pipe()
    os.close(read)
    with os.fdopen(write, "w", buffering=1) as stdout:
        monkeypatch.setattr(sys, "stdout", stdout)
        assert cli.main(["list", "-k", "sigmoid"]) == 0


def test_list_and_vectors_take_no_options_from_pytest_addopts(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Options meant for the user's runs (here, of a session with a terminal) ended list's collection, and the
    vectors' recording, with a usage error."""
    monkeypatch.setenv("PYTEST_ADDOPTS", "--color=yes -ra -W error")
    assert [case["id"] for case in listing(capsys, "--id", "forward.article")] == ["forward.article"]
    assert os.environ["PYTEST_ADDOPTS"] == "--color=yes -ra -W error", "the user's runs keep them"
    seen = []
    monkeypatch.setattr(vectors, "record", lambda *args: seen.append(os.environ.get("PYTEST_ADDOPTS")) or [])
    assert cli._record({}) == [] and seen == [None]
    assert os.environ["PYTEST_ADDOPTS"] == "--color=yes -ra -W error"


def test_run_takes_tags_as_the_features_write_them() -> None:
    arguments = ["-m", "@certified and not @quoted", "-m=@quoted", "-k", "@x", "--id", "a"]
    assert cli._tags_without_at(arguments) == ["-m", "certified and not quoted", "-m=quoted", "-k", "@x", "--id", "a"]


def test_a_run_of_nothing_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["run", "--id", "no-such-id"]) == cli.USAGE
    assert "no scenario matches the selection --id no-such-id (exit 2)" in capsys.readouterr().out
    count = len(listing(capsys, "--id", "sigmoid.article"))
    assert cli.main(["run", "--collect-only", "--id", "sigmoid.article"]) == cli.USAGE
    last = capsys.readouterr().out.rstrip().splitlines()[-1]
    assert last == f"mlp-spec: {count} scenarios collected, none run (mlp-spec list prints them) (exit 2)"


@pytest.mark.parametrize("arguments", [["-k", "forward pass"], ["-m", "no_such_tag"], ["no-such.feature"]])
def test_arguments_pytest_cannot_use_are_not_called_a_selection_of_nothing(
    arguments: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["run", *arguments]) == cli.USAGE
    out, err = capsys.readouterr()
    last = out.rstrip().splitlines()[-1]
    assert last.endswith(
        ": the arguments could not be used (pytest's error says why; mlp-spec list shows the ids and tags) (exit 2)"
    )
    assert "no scenario matches" not in out and err.startswith("ERROR: ")


@pytest.mark.slow
def test_a_run_stopped_early_counts_what_it_did_not_reach(capsys: pytest.CaptureFixture[str]) -> None:
    port = command("canned")
    selected = ["--id", "forward.article", "--id", "forward.other-weights", "--id", "forward.without-sigmoid"]
    assert cli.main(["run", "-x", "--impl", port, *selected]) == 1
    out = capsys.readouterr().out
    assert "2 selected scenarios not reached: the run stopped early (stopping after 1 failures)" in out


def test_ctrl_c_ends_the_run_in_one_line_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(ReferenceBackend, "call", interrupt)
    report = tmp_path / "run.ndjson"
    assert cli.main(["run", "--id", "forward.article", "--messages", str(report)]) == cli.INTERRUPTED
    out, err = capsys.readouterr()
    assert "interrupted (exit 130)" in out.rstrip().splitlines()[-1] and err == ""
    assert "KeyboardInterrupt" not in out and "Traceback" not in out
    assert not list(tmp_path.iterdir())


def test_vectors_are_written_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(vectors.Incomplete):
        vectors.record(lambda args, plugins: pytest.ExitCode.TESTS_FAILED)
    with pytest.raises(vectors.Incomplete):
        vectors.record(lambda args, plugins: pytest.ExitCode.OK)  # no scenario recorded
    for status, exit_status in ((pytest.ExitCode.TESTS_FAILED, 1), (pytest.ExitCode.INTERRUPTED, 130)):

        def incomplete(*args: object, status: int = status) -> None:
            raise vectors.Incomplete(status)

        monkeypatch.setattr(vectors, "record", incomplete)
        assert cli.main(["vectors", "--out", str(tmp_path / "out"), "--fresh"]) == exit_status
        assert "nothing written" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


@pytest.mark.slow
def test_a_run_whose_reader_goes_away_still_ends_with_its_verdict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`mlp-spec run … | head -1`: the run goes on without its console, writes its summary, and its exit status
    is the verdict's (it was 0, with a summary of the scenarios run so far called conformant)."""
    read, write = os.pipe()
    os.close(read)
    summary = tmp_path / "verdict.json"
    port = command("canned")
    with os.fdopen(write, "w", buffering=1) as stdout:
        monkeypatch.setattr(sys, "stdout", stdout)
        assert cli.main(["run", "--id", "no-such-id"]) == cli.USAGE
        selected = ["--id", "sigmoid.article/0", "--id", "forward.article"]  # the canned port knows σ(0) alone
        status = cli.main(["run", "--impl", port, *selected, "--summary", str(summary)])
    assert status == 1
    (verdict,) = json.loads(summary.read_text(encoding="utf-8"))["implementations"]
    assert verdict["scenarios"] == {"passed": 1, "failed": 1, "skipped": 0, "not_run": 0}


def test_an_output_the_system_refuses_at_the_end_is_said_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Checked before the run, a file can still be refused at its end (a full disk): the closing line says so,
    the status is 2, and no other output claims the run's success (they are written together or not at all)."""
    filled = outputs._filled

    def full(path: Path, fill: outputs.Fill) -> Path:
        if path.suffix == ".ndjson":
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return filled(path, fill)

    monkeypatch.setattr(outputs, "_filled", full)
    out, summary = tmp_path / "run.ndjson", tmp_path / "verdict.json"
    status = cli.main(["run", "--id", "forward.article", "--summary", str(summary), "--messages", str(out)])
    assert status == cli.USAGE
    last = capsys.readouterr().out.rstrip().splitlines()[-1]
    assert last.endswith(f": conformant, but could not write {out}: No space left on device (exit 2)"), last
    assert sorted(tmp_path.iterdir()) == []
