"""``mlp-spec train`` and the report's digits section."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlp_spec.cli import main
from mlp_spec.report import digits as section


def test_one_epoch_prints_the_held_out_accuracy(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "--data", "digits", "--rule", "book", "--epochs", "1"]) == 0
    out, err = capsys.readouterr()
    assert "book      epoch   1: 419 of 450 held-out digits (93.11%)" in out
    assert "digit" in err  # the progress bar, on standard error


def test_the_curves_of_two_rules_are_plotted_as_svg(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plot = tmp_path / "curves.svg"
    args = ["train", "--data", "digits", "--rule", "book", "gradient", "--epochs", "2", "--plot", str(plot)]
    assert main(args) == 0
    document = plot.read_text(encoding="utf-8")
    assert document.startswith("<?xml") and ">book<" in document and ">gradient<" in document
    main(args)
    assert plot.read_text(encoding="utf-8") == document, "the same curves must give the same bytes"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--plot", "curves.pdf"], "--plot: curves.pdf must end in .svg or .png"),
        (["--plot", "/no/such/folder/curves.svg"], "--plot: no folder /no/such/folder to write into"),
        (
            ["--rule", "book", "article"],
            "--rule: article needs as many inputs as hidden and output nodes (64 inputs, 100 hidden, 10 outputs)",
        ),
    ],
)
def test_what_cannot_be_done_is_a_usage_error(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["train", "--data", "digits", "--epochs", "1", *args]) == 2
    said = capsys.readouterr()
    assert message in said.err
    assert "epoch" not in said.err + said.out, "refused before any training"


@pytest.mark.parametrize(
    ("rule", "said"),
    [
        ("book", "wih · inputs overflows float64 at step 2"),
        ("gradient", "who · hidden_outputs overflows float64 at step 2"),
    ],
)
def test_a_learning_rate_whose_training_overflows_ends_it_naming_the_learning_rate(
    rule: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A learning rate argparse accepts can still throw the weights past float64 once they are updated: the
    reference says so at the step where it happens, and the command passes that on as a usage error."""
    assert main(["train", "--data", "digits", "--epochs", "1", "--rule", rule, "--learning-rate", "1e308"]) == 2
    assert f"mlp-spec train: learning_rate: {said}\n" in capsys.readouterr().err


def test_a_plot_path_that_is_a_folder_is_refused_before_training(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "curves.svg"
    folder.mkdir()
    assert main(["train", "--data", "digits", "--epochs", "1", "--plot", str(folder)]) == 2
    said = capsys.readouterr()
    assert f"--plot: a folder, not a file: {folder}" in said.err
    assert "epoch" not in said.err + said.out, "refused before any training"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--epochs", "0"], "--epochs: must be from 1 to 1000, got 0"),
        (["--epochs", "1001"], "--epochs: must be from 1 to 1000, got 1001"),
        (["--hidden", "0"], "--hidden: must be from 1 to 10000, got 0"),
        (["--seed", "4294967296"], "--seed: must be from 0 to 4294967295, got 4294967296"),
        (["--seed", "-1"], "--seed: must be from 0 to 4294967295, got -1"),
        (["--seed", "1.5"], "--seed: not a whole number: '1.5'"),
        (["--learning-rate", "0"], "--learning-rate: must be a finite number above 0, got 0"),
        (["--learning-rate", "nan"], "--learning-rate: must be a finite number above 0, got nan"),
        (["--learning-rate=-inf"], "--learning-rate: must be a finite number above 0, got -inf"),
        (["--learning-rate=-0.5"], "--learning-rate: must be a finite number above 0, got -0.5"),
        (["--learning-rate", "inf"], "--learning-rate: must be a finite number above 0, got inf"),
        (["--learning-rate", "fast"], "--learning-rate: not a number: 'fast'"),
    ],
)
def test_a_bad_number_is_refused_by_argparse(args: list[str], said: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["train", "--data", "digits", *args])
    assert exit_.value.code == 2
    assert said in capsys.readouterr().err


def test_the_report_section_draws_the_curves_and_three_misread_digits() -> None:
    view = section.section()
    assert view["problem"] == "" and view["curves"].startswith("<svg")
    assert view["recognised"] == {"book": [419, 433, 438, 441, 442], "gradient": [374, 422, 429, 433, 434]}
    assert len(view["misclassified"]) == section.SHOWN == 3
    assert all(d["label"] != d["answer"] for d in view["misclassified"])
    assert section.grid([16] + [0] * 63).count("<rect") == 64


def test_the_page_draws_a_data_set_feature_and_the_digits_section(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Background that gives a matrix of samples (features/22) has no input column to draw; the digits'
    section comes with its own include. (The command runs in this process: starting another one is not what
    is tested here, and costs half a second.)"""
    page = tmp_path / "page.html"
    monkeypatch.chdir(tmp_path)
    ids = ["--id", "reject.data-set-article", "--id", "digits.preprocessing"]
    assert main(["run", "-q", "--html", str(page), *ids]) == 0, capsys.readouterr().out[-2000:]
    html = page.read_text(encoding="utf-8")
    assert "Data sets that are refused, by name" in html
    assert html.count(", read as ") == 3 and "scikit-learn MLPClassifier: 99.1%" in html
