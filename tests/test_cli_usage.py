"""What mlp-spec refuses before anything runs, each in one line with a usage exit status, and plain pytest with
the spec's plugin refusing the same (outputs are checked as its session is configured, before collecting)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from mlp_spec import cli, report, session
from mlp_spec.harness.verdict import USAGE


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["--html", "{here}/no-such-folder/out"], "--html: folder does not exist: {here}/no-such-folder"),
        (["--messages={here}"], "--messages: a folder, not a file: {here}"),
        (["--cucumberjson", "{here}/a-file/out"], "--cucumberjson: folder is a file, not a folder: {here}/a-file"),
        (["--summary", "{here}/no-such-folder/out"], "--summary: folder does not exist: {here}/no-such-folder"),
    ],
)
def test_a_bad_output_path_fails_before_the_run(
    arguments: list[str], said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    assert cli.main(["run", *(a.format(here=tmp_path) for a in arguments)]) == USAGE
    assert f"ERROR: {said.format(here=tmp_path)}\n" in capsys.readouterr().err
    assert [path.name for path in tmp_path.iterdir()] == ["a-file"]


@pytest.mark.parametrize("option", ["--lf", "--ff", "--nf", "--sw", "--sw-skip", "--sw-reset", "--cache-show"])
def test_options_that_read_pytests_cache_are_unknown_not_ignored(
    option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The spec's sessions keep no cache: pytest would otherwise take --lf and quietly run everything."""
    assert cli.main(["run", option]) == USAGE
    assert f"unrecognized arguments: {option}" in capsys.readouterr().err


def test_cache_options_from_the_environment_are_refused_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTEST_ADDOPTS", "--sw-reset")
    status = pytest.main(session.session_args("-p", "no:terminal", "--id", "forward.article"))
    assert status == pytest.ExitCode.USAGE_ERROR


@pytest.fixture
def without_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    """An install without the ``report`` extra's matplotlib, as far as looking for it tells."""
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "matplotlib" else find_spec(name, *a)
    )


@pytest.mark.usefixtures("without_matplotlib")
def test_a_page_without_the_report_extra_is_refused_in_one_line_before_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    said = "--html: needs matplotlib: pip install 'mlp-spec[report]'"
    status = pytest.main(session.session_args("-p", "no:terminal", "--html", str(tmp_path / "page.html")))
    assert status == pytest.ExitCode.USAGE_ERROR
    assert f"ERROR: {said}" in capsys.readouterr().err  # pytest with the plugin: pytest says it its own way
    assert cli.main(["run", "--html", str(tmp_path / "page.html")]) == USAGE
    assert f"ERROR: {said}" in capsys.readouterr().err
    assert cli.main(["train", "--data", "digits", "--plot", str(tmp_path / "curves.svg")]) == USAGE
    assert capsys.readouterr().err == "mlp-spec train: --plot needs matplotlib: pip install 'mlp-spec[report]'\n"
    assert not list(tmp_path.iterdir())


WITHOUT_THE_EXTRA = """
import importlib.abc, importlib.util, sys
EXTRA = ("jinja2", "markdown_it", "matplotlib")
class Absent(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in EXTRA:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
sys.meta_path.insert(0, Absent())
find_spec = importlib.util.find_spec
importlib.util.find_spec = lambda name, *a: None if name.split(".")[0] in EXTRA else find_spec(name, *a)
from mlp_spec.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.slow  # a process of its own, where the extra cannot be imported
def test_without_the_report_extra_everything_but_the_page_and_the_plots_works(tmp_path: Path) -> None:
    def run(*arguments: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-c", WITHOUT_THE_EXTRA, *arguments]
        return subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)

    written = ["--messages", str(tmp_path / "run.ndjson"), "--cucumberjson", str(tmp_path / "run.json")]
    assert run("run", "--id", "forward.article", *written).returncode == 0
    assert run("train", "--data", "article", "--steps", "10").returncode == 0
    refused = run("run", "--id", "forward.article", "--html", str(tmp_path / "page.html"))
    assert refused.returncode == USAGE and "needs jinja2, markdown_it, matplotlib" in refused.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["run.json", "run.ndjson"]


def test_what_is_missing_is_named_and_nothing_when_all_is_there() -> None:
    assert report.needs(*report.PAGE_NEEDS) == ""
    assert report.needs("json", "no_such_module", "nor_this") == (
        "needs no_such_module, nor_this: pip install 'mlp-spec[report]'"
    )


@pytest.mark.parametrize("extra", [["--out", "somewhere"], ["--fresh"]])
def test_vectors_check_refuses_what_only_writing_takes(extra: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["vectors", "--check", *extra])
    assert exit_.value.code == USAGE
    said = "vectors --check compares the vectors mlp-spec carries: --out and --fresh write them"
    assert said in capsys.readouterr().err


def test_vectors_out_must_be_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    assert cli.main(["vectors", "--out", str(tmp_path / "file" / "deeper")]) == USAGE
    assert capsys.readouterr().err == f"mlp-spec: --out: not a folder: {tmp_path / 'file'}\n"


def test_two_outputs_into_one_file_are_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    same = tmp_path / "out"
    assert cli.main(["run", "--html", str(same), "--summary", str(same)]) == USAGE
    assert f"ERROR: --html and --summary name the same file: {same}\n" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["--impl", ""], "argument --impl: the port's command is empty"),
        (["--impl-timeout", "-1"], "argument --impl-timeout: must be a finite number of seconds above 0, got -1"),
        (["--impl-start-timeout", "nan"], "argument --impl-start-timeout: must be a finite number of seconds"),
        (["--impl-start-timeout", "1e300"], "argument --impl-start-timeout: must be at most 86400 seconds, got 1e300"),
        (["--impl-timeout", "86400.5"], "argument --impl-timeout: must be at most 86400 seconds, got 86400.5"),
        (["--impl-restarts", "-2"], "argument --impl-restarts: must be 0 or more, got -2"),
        (["--impl-restarts", "two"], "argument --impl-restarts: not a whole number: 'two'"),
        (["--html", ""], "argument --html: the path is empty (is the variable that holds it unset?)"),
        (["--summary", " "], "argument --summary: the path is empty (is the variable that holds it unset?)"),
        (["--id", ""], "argument --id: the id is empty (is the variable that holds it unset?)"),
        (["-k", ""], "argument -k: the expression is empty (is the variable that holds it unset?)"),
        (["-m", "@"], "argument -m: names no tag: '@'"),
        (["-m", "@@ "], "argument -m: names no tag: '@@ '"),
        (["--profile", "nope"], "argument --profile: invalid choice: 'nope' (choose from 'all', 'maths')"),
        (["--require", "ops=nope"], "argument --require: no op 'nope': the ops are matmul, sigmoid, forward, "),
    ],
)
def test_an_option_value_that_makes_no_sense_is_a_usage_error(
    arguments: list[str], said: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # An empty --impl (an unset variable in a CI job) must not quietly check the reference and pass.
    monkeypatch.setattr(pytest, "main", lambda *a, **k: pytest.fail("the run started"))
    with pytest.raises(SystemExit) as exit_:
        cli.main(["run", *arguments])
    assert exit_.value.code == USAGE
    assert said in capsys.readouterr().err


@pytest.mark.parametrize(
    "arguments",
    [
        ["--messages", "/no/such/folder/run.ndjson"],  # checked before collecting
        *([option, ""] for option in ("--impl", "--summary", "--html", "--messages", "--cucumberjson", "--id")),
    ],
)
def test_plain_pytest_with_the_plugin_refuses_the_same(arguments: list[str]) -> None:
    assert pytest.main(session.session_args("-q", *arguments)) == pytest.ExitCode.USAGE_ERROR


def test_list_of_nothing_is_a_usage_error_as_a_run_of_nothing_is(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["list", "--id", "no-such-id", "-m", "quoted"]) == USAGE
    assert capsys.readouterr() == ("", "mlp-spec: list: no scenario matches the selection --id no-such-id -m quoted\n")
