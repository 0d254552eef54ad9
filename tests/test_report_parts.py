"""The report's parts on their own, without a run of the spec."""

from __future__ import annotations

import math
import re
import types
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from mlp_spec.harness.backends import ReferenceBackend
from mlp_spec.report import page as report_page
from mlp_spec.report import plot, recorder, records, values, views
from mlp_spec.report.page import render
from mlp_spec.truth.compare import Tolerance, compare
from tests.page_tree import parse_text, words

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("value", "text", "written"),
    [
        (10, "steps is 10", True),
        (1, "steps is 10", False),
        (0.1, "the learning rate 0.1", True),
        (0.1, "the learning rate 0.1.", True),
        (0.1, "the learning rate 0.15", False),
        (5, "epochs is 15", False),
        ([[1, 2], [3, 4]], "wih is [[1, 2], [3, 4]]", True),
        ([[1, 2]], "wih is [[1, 2], [3, 4]]", False),
        ("book", 'rule is "book"', True),
    ],
)
def test_a_value_is_left_out_of_a_step_only_when_its_words_show_it_whole(
    value: object, text: str, written: bool
) -> None:
    assert views._in_text(value, text) is written


def recording(feature: str, stem: str, case: str, description: str = "", **case_fields: Any) -> records.Recording:
    """A run of one scenario, ``case``, of the feature ``stem`` named ``feature``, written by hand."""
    where = {"filename": f"/features/{stem}.feature", "rel_filename": f"features/{stem}.feature"}
    of = types.SimpleNamespace(name=feature, description=description, background=None, scenarios={}, **where)
    record = records.CaseRecord("n", "x.case", case, "", of, 1, 0, [], [], **case_fields)
    return records.Recording(datetime.now(UTC), ["mlp-spec", "run"], {"n": record})


def test_a_measured_figure_stands_under_the_step_that_states_its_bound() -> None:
    step = records.StepRecord("Then", "at least 437 of the 450 held-out digits are recognised", 2, "passed")
    step.given, step.checks, step.measured = 0, 0, [("recognised", 442)]
    run = recording("Learning handwritten digits", "07_x", "Five passes", status="passed")
    run.cases["n"].steps, run.cases["n"].tags = [step], ["measured"]
    item = parse_text(render(run)).by_id("case-x.case").find("ol", "steps").find("li")
    assert words(item) == f"Then {step.text}measured: recognised = 442"


def test_a_training_request_says_how_far_it_trained() -> None:
    assert views._request_note({"steps": 10_000, "rule": "book"}) == "10,000 steps"
    assert views._request_note({"epochs": 1}) == "1 epoch" and views._request_note({"steps": True}) == ""


def test_matrices_stand_between_brackets_not_bars() -> None:
    style = parse_text(render(recording("F", "01_x", "name"))).find("style").text()
    matrix = re.search(r"\.matrix\{([^}]*)\}", style)
    assert matrix is not None and "border-width:0 2px" in matrix[1] and "border-radius" not in matrix[1]
    # A short stroke in at each corner: the top and bottom of a bracket.
    assert matrix[1].count("linear-gradient") == 4 and "background-position:0 0,0 100%,100% 0,100% 100%" in matrix[1]


def test_the_article_is_named_as_its_text_names_itself() -> None:
    article = ROOT.parent / "shared" / "article" / "article-ja.txt"
    if not article.exists():
        pytest.skip(f"the article's text is not at {article}")
    lines = article.read_text(encoding="utf-8").splitlines()
    assert report_page.ARTICLE["blog"] == lines[0] and report_page.ARTICLE["title"] in lines[:4]


def test_a_traceback_is_kept_where_it_says_more_than_the_message() -> None:
    message = "port failure: the port closed its output\nits last lines of standard error:\n    boom"
    chained = (
        f"the port closed its output\nits last lines of standard error:\n    boom\n\n{recorder.CHAINED}\n{message}"
    )
    assert not recorder._adds(chained, message) and not recorder._adds(message, message)
    python = "    def test_x():\n>       assert 1 == 2\nE       assert 1 == 2"
    assert recorder._adds(python, "assert 1 == 2")


def test_the_largest_error_is_the_largest_and_rounding_is_said_in_words() -> None:
    one_ulp = math.nextafter(0.8807970779778824, 0)
    check = types.SimpleNamespace(comparison=compare("σ(2)", [one_ulp], [0.8807970779778824], Tolerance(0, 1e-15)))
    check.must_differ, check.request = False, None
    shown = values.grid(check, ["0.8807970779778824"], "certified")
    assert (
        shown["answers"] == [["…823"]] and shown["words"] == "Not correctly rounded: 1 ulp off, within the tolerance."
    )
    # |a − e| is largest at [1], where rtol allows the most; the element nearest its bound is [0]: both are said.
    check.comparison = compare("x", [1.0 + 2**-40, 8.0 + 2**-37], [1.0, 8.0], Tolerance(0, 1e-11))
    shown = values.grid(check, [], "certified")
    assert shown["largest"]["index"] == "[1]" and shown["worst"]["index"] == "[0]" and shown["label"] == "expected"
    assert shown["words"] == "" and shown["answers"] == [["1.0000000000009095", "8.000000000007276"]]
    macros = report_page._template().environment.get_template("macros.html.j2").module
    said = parse_text(str(macros.closeness(shown)))
    assert words(said) == "largest |a − e| 7.28e-12 at [1], allowed 8e-11; nearest its bound: [0], 9.09e-13 of 1e-11"


def test_japanese_is_marked_as_such() -> None:
    assert views.japanese("<p>a 「その2) x」 b 差(エラー)) c</p>") == (
        '<p>a <span lang="ja">「その2) x」</span> b <span lang="ja">差(エラー</span>)) c</p>'
    )


def test_what_a_port_says_is_shown_as_text_never_as_markup() -> None:
    said = {"status": "failed", "message": "<script>alert(1)</script>", "traceback": "<img src=x>"}
    page = render(recording("<b>F</b>", "99_x", "<i>name</i>", "> <script>quote</script>", **said))
    assert "<script" not in page and "<img" not in page and "<b>F" not in page and "<i>name" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # A failure that is no comparison's is told by its whole message, folded away, and its traceback.
    details = parse_text(page).find("div", "failure").find("details")
    assert "open" not in details.attrs and [words(pre) for pre in details.find_all("pre")] == [
        "<script>alert(1)</script>",
        "<img src=x>",
    ]


def test_only_its_options_make_the_report_record(request: pytest.FixtureRequest) -> None:
    asked = request.config.getoption("html") or request.config.getoption("messages")
    assert (request.config.pluginmanager.get_plugin("mlp_spec_recorder") is not None) == bool(asked)


class NoTrain:
    """A backend that declares forward but not train."""

    name = "no-train-port"
    ops = frozenset({"forward"})
    rules = frozenset({"book"})


class Fast(ReferenceBackend):
    """A port in this process that trains with learning rate 1, whatever it is asked, lacks the gradient, and
    whose forward pass says its first output is 0.1 higher than it is."""

    rules = frozenset({"article", "book"})

    def call(self, op: str, args: Any, case: str = "") -> dict[str, Any]:
        result = super().call(op, {**args, "learning_rate": 1.0} if op == "train" else args, case)
        if op == "forward":
            result["final_outputs"][0] += 0.1
        return result


def test_a_port_that_trains_is_plotted_from_its_own_answers() -> None:
    drawn, reference = plot.curves(10, Fast()), plot.curves(10)
    assert sorted(drawn) == ["article", "book"]  # the rules it declares, and no other
    fast, slow = drawn["book"], reference["book"]
    assert [step for step, _ in fast] == [step for step, _ in slow]
    # Its loss is its own forward's: E = ½Σ(t − o)² with its o₀ 0.1 higher (the target is 0.5, o₀ ≈ 0.64).
    assert fast[0][1] > slow[0][1] + 0.01
    # Its training is its own: ten times the step, so the loss falls faster.
    assert fast[0][1] - fast[-1][1] > 5 * (slow[0][1] - slow[-1][1])
    with pytest.raises(plot.NotPlotted, match=r"^no-train-port does not declare the op train"):
        plot.curves(10, NoTrain())  # type: ignore[arg-type]


def test_the_plot_says_whose_answers_it_shows_or_why_there_is_none() -> None:
    run = recording("Repeated training", records.PLOT_FEATURE, "name", status="passed")
    run.implementations = {"port": {"name": "lying-port", "version": "0.0.1"}}
    shown = parse_text(render(run, "<svg></svg>")).find("figure", "plot")
    assert "as trained by the port under test, lying-port 0.0.1 (its train op" in words(shown.find("figcaption"))
    run.implementations = {"reference": {"name": "mlp_ref"}}
    assert "trained by the reference, mlp_ref" in words(parse_text(render(run, "<svg></svg>")))
    problem = "no-train-port does not declare the op train, so it has no loss curves of its own"
    page = parse_text(render(run, None, problem))
    assert not page.find_all("figure", "plot") and words(page.find("p", "problem")) == f"No loss plot: {problem}."


def test_a_figure_says_each_repeated_style_once_under_a_name_of_its_own() -> None:
    figure = (
        '<svg><defs><style type="text/css">*{stroke-linejoin:round}</style></defs>'
        '<path d="M 0 0" style="stroke:#000"/><path d="M 1 1" style="stroke:#000"/>'
        '<text style="font-size:9px">a</text></svg>'
    )
    once = plot.compact(figure)
    name = re.search(r'class="(f[0-9a-f]{5}0)"', once)
    assert name is not None and once.count(f'class="{name[1]}"') == 2, once
    assert f".{name[1]}{{stroke:#000}}</style>" in once and 'style="font-size:9px"' in once
    assert plot.compact(figure) == once, "the same figure, the same names"
    other = plot.compact(figure.replace("M 1 1", "M 2 2"))
    assert name[1] not in other, "two figures on one page never share a class name"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("defect", "shown"),
    [
        ("no-article", "as trained by the port under test"),
        ("missing-field", "could not be plotted: PortFailure: the answer to seq 2 (op forward) breaks"),
    ],
)
def test_a_ports_loss_plot_is_drawn_from_its_own_answers_or_says_why_not(
    defect: str, shown: str, tmp_path: Path
) -> None:
    """Asked of the port under test once its scenarios have run, through the same connection."""
    from mlp_spec import cli
    from tests.doubles.processes import command

    page = tmp_path / "page.html"
    cli.main(["run", "-q", "--impl", command(defect), "--id", "train-repeat.book-beats-gradient", "--html", str(page)])
    tree = parse_text(page.read_text(encoding="utf-8"))
    assert shown in words(tree)
    if defect == "no-article":  # its curves are the rules it declares
        legend = [words(text) for text in tree.find("figure", "plot").find_all("text")]
        assert "book" in legend and "gradient" in legend and "article" not in legend
