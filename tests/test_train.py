"""``mlp-spec train`` (the article's sample and the digits) and the report's digits section."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import numpy as np
import pytest

from mlp_spec import digits
from mlp_spec.cli import main
from mlp_spec.report import digits as section
from mlp_spec.report import figures, plot
from mlp_spec.session import FEATURES
from mlp_spec.truth import family


def test_the_digits_print_each_epoch_s_accuracy_and_plot_the_curves_of_two_rules_as_svg(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """(That the same curves give the same bytes is checked on the article's plot: both are drawn by plot.save.)"""
    plot = tmp_path / "curves.svg"
    assert main(["train", "--data", "digits", "--rule", "book", "gradient", "--epochs", "1", "--plot", str(plot)]) == 0
    out, err = capsys.readouterr()
    assert "book      epoch   1: 419 of 450 held-out digits (93.11%)" in out
    assert "digit" in err  # the progress bar, on standard error
    document = plot.read_text(encoding="utf-8")
    assert document.startswith("<?xml") and ">book<" in document and ">gradient<" in document
    assert ">Held-out digits recognised, 64-100-10, learning rate 0.3, seed 0</text>" in document, "a title"
    assert ">epochs (passes over the 1,347 training digits)</text>" in document
    assert ">held-out digits recognised (%)</text>" in document


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


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--data", "article", "--steps", "0"], "--steps: must be from 1 to 1000000, got 0"),
        (["--data", "digits", "--epochs", "0"], "--epochs: must be from 1 to 1000, got 0"),
        (["--data", "digits", "--hidden", "0"], "--hidden: must be from 1 to 10000, got 0"),
        (["--data", "digits", "--seed", "-1"], "--seed: must be from 0 to 4294967295, got -1"),
        (["--data", "digits", "--learning-rate", "nan"], "--learning-rate: must be a finite number above 0, got nan"),
        (["--data", "digits", "--learning-rate=-0.5"], "--learning-rate: must be a finite number above 0, got -0.5"),
    ],
)
def test_a_bad_number_is_refused_by_argparse(args: list[str], said: str, capsys: pytest.CaptureFixture[str]) -> None:
    """One value past each option's bounds, which the message names (the parsers themselves: test_options.py)."""
    with pytest.raises(SystemExit) as exit_:
        main(["train", *args])
    assert exit_.value.code == 2
    assert said in capsys.readouterr().err


def test_the_report_section_draws_the_curves_and_every_misread_digit() -> None:
    # As the page has it: kept in the cache while the code that draws it is unchanged.
    view = json.loads(figures.kept("digits", lambda: json.dumps(section.section())))
    assert view["problem"] == "" and view["curves"].startswith("<svg")
    assert view["recognised"] == {"book": [419, 433, 438, 441, 442], "gradient": [374, 422, 429, 433, 434]}
    misread = digits.HELD_OUT - view["recognised"]["book"][-1]
    assert len(view["misclassified"]) == misread == 8
    assert view["caption"].startswith(f"All {misread} misread: ")
    assert all(d["label"] != d["answer"] for d in view["misclassified"])
    assert all('width="64" height="64"' in d["image"] for d in view["misclassified"]), "large enough to read"


def test_a_digit_is_a_png_of_its_pixels_each_an_8_by_8_block() -> None:
    """The PNG, decoded by matplotlib (Pillow), is the digit: 64×64 grey pixels, white for no ink, black for 16."""
    import matplotlib.image

    pixels = np.arange(64) % 17
    grey = matplotlib.image.imread(io.BytesIO(section.png(pixels)), format="png")
    assert grey.shape == (64, 64)
    blocks = grey.reshape(8, 8, 8, 8).transpose(0, 2, 1, 3).reshape(64, 64)  # one row of 64 per block
    assert (blocks == blocks[:, :1]).all(), "every block one shade"
    assert np.allclose(blocks[:, 0] * 255, [255 - round(255 * v / 16) for v in pixels])
    assert section.image(pixels, 7).startswith('<img src="data:image/png;base64,iVBORw0KGgo')


def test_the_page_draws_a_data_set_feature_and_the_digits_section(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Background that gives a matrix of samples (features/22) has no input column to draw; the digits'
    section comes with its own include."""
    page = tmp_path / "page.html"
    monkeypatch.chdir(tmp_path)
    ids = ["--id", "reject.data-set-article", "--id", "digits.preprocessing"]
    assert main(["run", "-q", "--html", str(page), *ids]) == 0, capsys.readouterr().out[-2000:]
    html = page.read_text(encoding="utf-8")
    assert "Data sets that are refused, by name" in html
    assert html.count(", read as ") == 8 and "scikit-learn MLPClassifier: 99.1%" in html
    assert "<figcaption>All 8 misread: " in html


def pinned_losses(tag: str) -> list[str]:
    """The losses features/06 pins to the digits shown in the scenario tagged ``@id:tag``, in order."""
    text = next(FEATURES.glob("06_*.feature")).read_text(encoding="utf-8")
    start = text.index(f"@id:{tag}")
    end = text.find("@id:", start + 1)
    scenario = text[start : end if end > 0 else None]
    return re.findall(r"the loss E = ½Σ\(t − o\)² is ([0-9.e-]+) to the digits shown", scenario)


def agree(shown: str, pinned: str) -> bool:
    """Two roundings of one number agree: they differ by at most half a unit in the last place of each."""

    def half_unit(text: str) -> float:
        mantissa, _, exponent = text.lower().partition("e")
        return 0.5 * 10.0 ** (int(exponent or 0) - len(mantissa.partition(".")[2]))

    return abs(float(shown) - float(pinned)) <= half_unit(shown) + half_unit(pinned)


def test_the_articles_sample_trains_under_every_rule_and_prints_e_by_step(capsys: pytest.CaptureFixture[str]) -> None:
    """The table's E after 1 and after 10,000 steps is what features/06 pins, the article's above its floor."""
    assert main(["train", "--data", "article"]) == 0
    out = capsys.readouterr().out
    assert "learning rate 0.1, 10,000 steps" in out
    table = {line.split()[0]: line.split()[1:] for line in out.split("\n") if re.match(r" +[0-9,]+ ", line)}
    assert out.split("\n")[2].split() == ["steps", "article", "book", "gradient"]
    assert list(table) == ["0", "1", "10", "100", "1,000", "10,000"]
    assert len(set(table["0"])) == 1, "every rule starts from the article's weights"
    one = pinned_losses("train-repeat.book-beats-gradient")  # E after one step: the book's, the gradient's
    assert all(agree(v, pinned) for v, pinned in zip(table["1"][1:], one, strict=True)), (table["1"], one)
    article, book, gradient = (
        pinned_losses(f"train-repeat.{t}")[0] for t in ("article-stalls", "converges/book", "converges/gradient")
    )
    last = table["10,000"]
    pinned = (article, book, gradient)
    assert all(agree(v, p) for v, p in zip(last, pinned, strict=True)), (last, pinned)
    floor = float(family.article_floor(plot.WIH, plot.WHO, plot.INPUTS, plot.TARGETS).least_loss)
    assert f"the article rule's floor (features/06): {floor:.4e}" in out
    assert float(last[0]) > floor


def test_the_articles_loss_plot_has_a_title_named_axes_and_the_floor_of_the_article_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    drawn = tmp_path / "loss.svg"
    assert main(["train", "--data", "article", "--steps", "100", "--plot", str(drawn)]) == 0
    document = drawn.read_text(encoding="utf-8")
    assert ">Loss per step on the article's sample, learning rate 0.1</text>" in document
    assert ">training steps</text>" in document and ">loss E = ½Σ(t − o)²</text>" in document
    floor = float(family.article_floor(plot.WIH, plot.WHO, plot.INPUTS, plot.TARGETS).least_loss)
    stated = re.search(r"is above ([0-9.]+), the floor of its family", next(FEATURES.glob("06_*")).read_text("utf-8"))
    assert stated and float(stated[1]) == floor, "the floor drawn is the one features/06 certifies"
    assert f">article's floor {floor:.7f}…</text>" in document
    assert all(f">{rule}</text>" in document for rule in ("article", "book", "gradient"))
    main(["train", "--data", "article", "--steps", "100", "--plot", str(drawn)])
    assert drawn.read_text(encoding="utf-8") == document, "the same curves must give the same bytes"
    assert main(["train", "--data", "article", "--rule", "book", "--steps", "100", "--plot", str(drawn)]) == 0
    assert "floor" not in drawn.read_text(encoding="utf-8"), "the floor is the article rule's only"
    png = tmp_path / "loss.png"
    assert main(["train", "--data", "article", "--steps", "10", "--plot", str(png)]) == 0
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") and f"wrote {png}" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--data", "article", "--epochs", "2"], "--epochs: only with --data digits"),
        (["--data", "article", "--hidden", "5"], "--hidden: only with --data digits"),
        (["--data", "article", "--seed", "1"], "--seed: only with --data digits"),
        (["--data", "digits", "--steps", "5"], "--steps: only with --data article"),
        (["--data", "article", "--plot", "loss.pdf"], "--plot: loss.pdf must end in .svg or .png"),
        (["--data", "digits", "--plot", "curves.pdf"], "--plot: curves.pdf must end in .svg or .png"),
        (["--data", "digits", "--plot", "/no/such/curves.svg"], "--plot: folder does not exist: /no/such"),
        (["--data", "digits", "--plot", "made.svg"], "--plot: a folder, not a file: {here}/made.svg"),
        (
            ["--data", "digits", "--rule", "book", "article"],
            "--rule: article needs as many inputs as hidden and output nodes (64 inputs, 100 hidden, 10 outputs)",
        ),
    ],
)
def test_what_cannot_be_done_is_a_usage_error_before_any_training(
    args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "made.svg").mkdir()
    assert main(["train", *args]) == 2
    said = capsys.readouterr()
    assert (said.err, said.out) == (f"mlp-spec train: {message.format(here=tmp_path)}\n", "")
