"""The HTML report and the Cucumber Messages, read as a person and as a tool would read them.

Two runs of a few scenarios are made once for the module, in this process: one against the reference, one
against a port that lies (its second final output is off by 1e-3, and it has no gradient rule): the miniature
of tests/doubles, in this process too, since the report, not a port's process, is what is tested (test_browser
draws a page for that port over a pipe). The tests read what the runs wrote: the verdict, the failing grid,
the formulas as MathML, the messages against the Cucumber Messages schema.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import subprocess
import sys
import types
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy
import pytest

from mlp_spec.harness.backends import ReferenceBackend
from mlp_spec.report import formulas, messages, plot, records, values, views
from mlp_spec.report import page as report_page
from mlp_spec.report.page import render
from tests import beside
from tests.doubles.miniatures import Inject, Miniature
from tests.page_tree import Node, parse, parse_text, scenarios, words

ROOT = Path(__file__).resolve().parent.parent
# A few quick scenarios of four features (matrices, formulas, the network); against the port that lies, one
# passes (a must-differ check), one fails and one is skipped.
REFERENCE_IDS = [
    "matmul.article-2x2",
    "sigmoid.article/1",
    "forward.article",
    "train-step.book",
    "reject.argument/wih-empty",
    "reject.argument/who-empty-row",
    "proof.sigmoid",
]
LYING_IDS = ["matmul.order", "forward.article", "train-step.gradient"]


def _feature_of(case: str) -> str:
    """The feature file (its stem) that holds the scenario tagged ``@id:case`` (an example's id left off)."""
    tag = f"@id:{case.split('/')[0]}"
    found = [
        p.stem for p in sorted((ROOT / "features").glob("*.feature")) if tag in p.read_text(encoding="utf-8").split()
    ]
    assert len(found) == 1, f"{tag} is in {found}"
    return found[0]


FEATURES = sorted({_feature_of(case) for case in REFERENCE_IDS + LYING_IDS})


def run_spec(directory: Path, ids: list[str], *plugins: object) -> dict[str, Any]:
    """Run the features (only ``ids``) in this process with every output; what was written, by name."""
    spec = directory / f"test_{directory.name}_spec.py"
    files = [str(ROOT / "features" / f"{name}.feature") for name in FEATURES]
    spec.write_text(f"from pytest_bdd import scenarios\n\nscenarios(*{files!r})\n", encoding="utf-8")
    ini = directory / "pytest.ini"
    ini.write_text("[pytest]\nfilterwarnings = error\n", encoding="utf-8")
    out = {"html": directory / "report.html", "messages": directory / "run.ndjson", "json": directory / "run.json"}
    selection = [arg for i in ids for arg in ("--id", i)]
    status = pytest.main(
        [
            str(spec),
            "-c",
            str(ini),
            "--rootdir",
            str(directory),
            "--disable-plugin-autoload",
            "-p",
            "pytest_bdd.plugin",
            "-p",
            "mlp_spec.plugin",
            "-p",
            "no:cacheprovider",
            "--assert=plain",
            "-p",
            "no:unraisableexception",  # its closing garbage collections cost more than these runs
            "-q",
            *selection,
            "--html",
            str(out["html"]),
            "--messages",
            str(out["messages"]),
            "--cucumberjson",
            str(out["json"]),
        ],
        plugins=list(plugins),
    )
    return {
        "status": int(status),
        "html": out["html"].read_text(encoding="utf-8"),
        "page": parse(out["html"]),
        "messages": [json.loads(line) for line in out["messages"].read_text(encoding="utf-8").splitlines()],
        "json": json.loads(out["json"].read_text(encoding="utf-8")),
    }


RENDER_TWICE = """
import json, sys
from mlp_spec.report import plot
curves = plot.curves(steps=100)
svgs = [plot.svg(curves, 100), plot.svg(curves, 100)]
json.dump({"svgs": svgs, "article": curves["article"][-1][1], "book": curves["book"][-1][1]}, sys.stdout)
"""


@pytest.fixture(scope="module", autouse=True)
def plot_renders() -> Iterator[subprocess.Popen[bytes]]:
    """Two renders of the loss plot, in a process of their own started before the runs, so the two overlap."""
    process = subprocess.Popen(
        [sys.executable, "-W", "error", "-c", RENDER_TWICE], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    yield process
    if process.poll() is None:
        process.kill()
    process.communicate()


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, drawn: None) -> dict[str, Any]:
    return run_spec(tmp_path_factory.mktemp("reference"), REFERENCE_IDS)


@pytest.fixture(scope="module")
def lying(tmp_path_factory: pytest.TempPathFactory, drawn: None) -> dict[str, Any]:
    return run_spec(tmp_path_factory.mktemp("lying"), LYING_IDS, Inject(Miniature("lying")))


def scenario_count(features: list[str]) -> int:
    """How many scenarios the feature files hold, an outline counting once per example."""
    from pytest_bdd.parser import FeatureParser

    count = 0
    for name in features:
        feature = FeatureParser(str(ROOT / "features"), f"{name}.feature").parse()
        count += sum(max(1, sum(len(e.examples) for e in s.examples)) for s in feature.scenarios.values())
    return count


def test_the_verdict_counts_every_scenario_that_ran_and_those_left_out(reference: dict[str, Any]) -> None:
    page = reference["page"]
    n = len(scenarios(page))
    assert reference["status"] == 0 and n == len(REFERENCE_IDS)
    left_out = scenario_count(FEATURES) - n
    assert left_out > 50
    verdict = f"✓ {n} of {n} scenarios pass; {left_out} more left out by the selection"
    assert words(page.find("h1", "verdict")) == verdict
    assert "passed" in page.find("h1").classes and not page.find_all("section", "failures")
    assert report_page.verdict({"passed": 0, "failed": 0, "skipped": 0, "total": 0, "left_out": 3}) == (
        "No scenario ran; 3 more left out by the selection"
    )


def test_the_facts_name_the_spec_the_implementation_and_the_versions(reference: dict[str, Any]) -> None:
    facts = reference["page"].find("dl", "facts")
    terms = [words(n) for n in facts.find_all("dt")]
    values = dict(zip(terms, (words(n) for n in facts.find_all("dd")), strict=True))
    assert values["spec"] == f"mlp-spec {importlib.metadata.version('mlp-spec')}"
    assert (
        values["implementation under test"].startswith("mlp_ref ")
        and "the reference" in values["implementation under test"]
    )
    assert values["numpy"] == numpy.__version__
    assert values["Python"].endswith(".".join(map(str, sys.version_info[:3])))
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", values["date"])


def test_a_failing_port_is_named_and_its_verdict_counts_failures_and_skips(lying: dict[str, Any]) -> None:
    page = lying["page"]
    states = [next(iter({"passed", "failed", "skipped"} & a.classes)) for a in scenarios(page)]
    passed, failed, skipped = (states.count(s) for s in ("passed", "failed", "skipped"))
    assert lying["status"] == 1 and failed and skipped and passed
    left_out = scenario_count(FEATURES) - len(states)
    assert words(page.find("h1")) == (
        f"✗ {passed} of {len(states)} scenarios pass: {failed} fail, {skipped} skipped;"
        f" {left_out} more left out by the selection"
    )
    assert "miniature-lying 0.1 (Python)" in words(page.find("dl", "facts"))


def test_failures_come_first_and_link_to_their_scenarios(lying: dict[str, Any]) -> None:
    page = lying["page"]
    failures = page.find("section", "failures")
    assert failures.parent is page.find("header")
    targets = [a.attrs["href"] for a in failures.find_all("a")]
    assert targets == [f"#{a.attrs['id']}" for a in scenarios(page) if "failed" in a.classes]
    assert "final outputs: 1 of 3 elements outside the tolerance, largest error 0.001" in words(failures)


def test_a_failing_grid_shows_expected_and_actual_with_the_rule(lying: dict[str, Any]) -> None:
    article = lying["page"].by_id("case-forward.article")
    assert words(article.find("h3")).startswith("✗ The article's forward pass")
    grid = next(f for f in article.find_all("figure", "check") if "fails" in f.classes)
    assert words(grid.find("figcaption")).startswith("✗ final outputs")
    cells = grid.find_all("td")
    assert [sorted(c.classes) for c in cells] == [[], ["bad"], []]
    assert words(cells[0]) == "0.6394315935963916"
    # Which number is which, in words: nothing is struck through.
    assert words(cells[1].find("span", "expected")) == "expected 0.73193058"
    assert words(cells[1].find("span", "actual")).startswith("actual 0.7329")
    assert not cells[1].find_all("del") and not cells[1].find_all("ins")
    assert "|a − e| = 0.001, relative 0.00137" in words(cells[1])
    rule = words(grid.find("p", "rule"))
    assert rule.startswith("|a − e| ≤ atol + rtol·|e|, with atol = 5e-09, rtol = 0; largest error 0.001")
    # Passing grids stay in view above it, and the whole message is folded away beneath.
    assert sum("holds" in f.classes for f in article.find_all("figure", "check")) == 3
    details = article.find("div", "failure").find("details")
    assert "open" not in details.attrs and "MISMATCH" in words(details)


def test_a_skipped_scenario_gives_its_reason(lying: dict[str, Any]) -> None:
    article = lying["page"].by_id("case-train-step.gradient")
    assert "skipped" in article.classes
    assert words(article.find("span", "mark")) == "–"
    assert words(article.find("p", "reason")) == "Skipped: unsupported: rule gradient"


def test_every_status_is_a_symbol_and_a_colour(lying: dict[str, Any]) -> None:
    style = lying["page"].find("style").text()
    for status, symbol in views.MARKS.items():
        assert re.search(rf"\.mark\.{status}[^{{]*\{{ ?color: ?var\(--{status}\)", style)
        marked = [a for a in scenarios(lying["page"]) if status in a.classes]
        assert marked and all(words(a.find("h3").find("span", "mark")) == symbol for a in marked)
    assert "@media print" in style


def test_a_must_differ_check_holds_where_the_values_differ(lying: dict[str, Any]) -> None:
    article = lying["page"].by_id("case-matmul.order")
    grid = article.find_all("figure", "check")[-1]
    assert "holds" in grid.classes and "must differ" in words(grid.find("figcaption"))
    cells = grid.find_all("td")
    assert [sorted(c.classes) for c in cells] == [["differs"]] * 3
    # The other value is not an expected one: it is what this one must not be.
    assert words(cells[0]).startswith("0.89≠ 0.84") and "expected" not in words(grid)


def test_the_formulas_are_mathml(reference: dict[str, Any]) -> None:
    page = reference["page"]
    for stem in (stem for stem in FEATURES if formulas.formulas(stem)):
        maths = page.by_id(f"feature-{stem}").find("figure", "formulas").find_all("math")
        assert maths and all(
            m.attrs == {"display": "block", "xmlns": "http://www.w3.org/1998/Math/MathML"} for m in maths
        )
    sigmoid = page.by_id("feature-02_sigmoid").find("math")
    assert sigmoid.find("mfrac") and words(sigmoid.find("mi")) == "σ"
    loss = page.by_id("feature-05_training_step").find("math")
    assert words(loss.find("munderover").find("mo")) == "∑" and loss.text().startswith("E=12∑a=13(ta−oa)2")
    # Characters, not named entities, so the page needs no entity table.
    assert not re.search(r"&(?!lt;|gt;|amp;|quot;|#)\w+;", reference["html"])


def test_narratives_render_their_quotes_and_formula_lines(reference: dict[str, Any]) -> None:
    narrative = reference["page"].by_id("feature-01_matrix_product").find("div", "narrative")
    assert "行列積" in words(narrative.find("blockquote"))
    code = reference["page"].by_id("feature-05_training_step").find("div", "narrative").find("pre")
    assert "who += learning_rate * np.dot" in code.text()
    assert views._as_markdown("Text:\n\n  > 引用\n  > (quote)\n\n  a = b\n  c = d") == (
        "Text:\n\n> 引用\n> (quote)\n\n```text\na = b\nc = d\n```"
    )


def given_values(node: Node) -> dict[str, Node]:
    return {words(v.find("var")): v for v in node.find_all("span", "given-value")}


def test_the_background_is_shown_once_per_feature_with_its_values(reference: dict[str, Any]) -> None:
    feature = reference["page"].by_id("feature-03_forward_propagation")
    (background,) = feature.find_all("section", "background")
    assert words(background.find("h3")).startswith("Background")
    values = given_values(background)
    assert sorted(values) == ["inputs", "who", "wih"]
    rows = [line.split() for line in values["wih"].find("span", "matrix").text().splitlines()]
    assert rows == [["0.8", "0.2", "0.3"], ["0.3", "0.5", "0.1"], ["0.2", "0.4", "0.5"]]
    # The scenario starts after the Background: its steps and values are its own.
    article = reference["page"].by_id("case-forward.article")
    steps = [words(li) for li in article.find("ol", "steps").find_all("li")]
    assert steps[0] == "When the network runs forward on I" and not given_values(article)
    network = feature.find("figure", "network").find("svg")
    weights = {words(t.find("title")): t.children[-1] for t in network.find_all("text", "weight")}
    assert len(weights) == 18 and weights["wih[1][2]"] == "0.1" and weights["who[1][1]"] == "0.9"
    # Each network is drawn once on the page; a later Background with the same one links to the drawing.
    rejection = reference["page"].by_id(f"feature-{_feature_of('reject.argument')}")
    assert len(rejection.find_all("section", "background")) == 1 and not rejection.find_all("figure", "network")
    link = rejection.find("p", "network-drawn").find("a")
    assert link.attrs["href"] == "#feature-03_forward_propagation"
    # So is each value an earlier Background showed.
    shown = given_values(rejection.find("section", "background"))
    assert words(shown["wih"]) == "wih = as in 03_forward_propagation"
    assert shown["wih"].find("a").attrs["href"] == "#feature-03_forward_propagation"


def test_every_claim_of_a_proof_appears_with_what_it_means(reference: dict[str, Any]) -> None:
    from pytest_bdd.parser import FeatureParser

    feature = FeatureParser(str(ROOT / "features"), "09_proofs.feature").parse()
    step = next(s for s in feature.scenarios["σ′ = σ·(1 − σ), derived from the definition"].steps if s.datatable)
    assert step.datatable is not None
    written = [[cell.value for cell in row.cells] for row in step.datatable.rows]
    table = reference["page"].by_id("case-proof.sigmoid").find("table", "datatable")
    assert [words(th) for th in table.find("thead").find_all("th")] == written[0] == ["claim", "meaning"]
    shown = [[words(td) for td in tr.find_all("td")] for tr in table.find("tbody").find_all("tr")]
    assert shown == [[" ".join(cell.split()) for cell in row] for row in written[1:]] and len(shown) == 2


def test_the_passing_examples_of_an_outline_share_its_steps(reference: dict[str, Any]) -> None:
    (outline,) = reference["page"].find_all("article", "outline")
    assert (
        words(outline.find("h3"))
        == "✓ <op> rejects <argument> = <value> (<problem>) reject.argument/… 2 examples: 2 passed"
    )
    steps = [words(li) for li in outline.find("ol", "steps").find_all("li")]
    assert steps == [
        "Given <argument> is <value>",
        "When the op <op> is requested",
        "Then the request is rejected, naming <argument>",
    ]
    rows = outline.find("table", "examples").find_all("tr", "example")
    assert [row.attrs["id"] for row in rows] == ["case-reject.argument/wih-empty", "case-reject.argument/who-empty-row"]
    assert words(rows[0]).endswith("wih = [] (empty) wih: must not be empty")
    assert words(rows[0].find("q")) == "wih: must not be empty"


def test_empty_values_are_readable(reference: dict[str, Any]) -> None:
    empty = given_values(reference["page"].by_id("case-reject.argument/wih-empty"))["wih"]
    assert words(empty) == "wih = [] (empty)"
    rows = given_values(reference["page"].by_id("case-reject.argument/who-empty-row"))["who"]
    assert words(rows) == "who = [[], [], []] (3 empty rows)"
    assert values.shown([[1, 2], [3]]) == {"text": "[[1, 2], [3]]", "note": ""}
    assert values.shown([0.5, "NaN"]) == {"text": '[0.5, "NaN"]', "note": ""}
    assert values.shown([[1.0, 2.5]]) == {"rows": [["1", "2.5"]]}
    assert values.shown(float("nan")) == {"rows": [["nan"]]}


def test_the_page_is_self_contained(reference: dict[str, Any], lying: dict[str, Any]) -> None:
    for run in (reference, lying):
        nodes = list(run["page"].iter())
        assert not [n.tag for n in nodes if n.tag in ("script", "link", "img", "iframe", "object", "embed")]
        assert all(n.attrs["href"].startswith("#") for n in nodes if "href" in n.attrs)
        external = {k for n in nodes for k, v in n.attrs.items() if v and "://" in v}
        assert external <= {"xmlns", "xmlns:xlink"}
        assert "url(" not in run["page"].find("style").text() and "@import" not in run["html"]


def test_the_messages_follow_the_cucumber_messages_schema(reference: dict[str, Any], lying: dict[str, Any]) -> None:
    from jsonschema import Draft202012Validator
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    schema = json.loads(messages.SCHEMA.read_text(encoding="utf-8"))
    # Every message's schema is embedded in the one file; crawling them once up front spares each $ref a search.
    registry = Registry().with_resource(schema["$id"], DRAFT202012.create_resource(schema)).crawl()
    validator = Draft202012Validator(schema, registry=registry)
    assert list(validator.iter_errors({"testRunFinished": {"success": "yes"}})), "the schema must catch errors"
    for run in (reference, lying):
        for envelope in run["messages"]:
            errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(envelope)]
            assert not errors, f"{next(iter(envelope))}: {errors[:3]}"


def test_the_messages_tell_the_run(reference: dict[str, Any], lying: dict[str, Any]) -> None:
    for run, success in ((reference, True), (lying, False)):
        kinds = [next(iter(e)) for e in run["messages"]]
        assert kinds[0] == "meta" and kinds[-1] == "testRunFinished"
        assert kinds.index("testRunStarted") > max(i for i, k in enumerate(kinds) if k == "stepDefinition")
        n = len(scenarios(run["page"]))
        assert kinds.count("pickle") == kinds.count("testCase") == kinds.count("testCaseFinished") == n
        assert run["messages"][-1]["testRunFinished"]["success"] is success
    statuses = {e["testStepFinished"]["testStepResult"]["status"] for e in lying["messages"] if "testStepFinished" in e}
    assert statuses == {"PASSED", "FAILED", "SKIPPED"}
    failed = next(
        e["testStepFinished"]["testStepResult"]
        for e in lying["messages"]
        if "testStepFinished" in e and e["testStepFinished"]["testStepResult"]["status"] == "FAILED"
    )
    assert failed["message"].startswith("final outputs: MISMATCH")


def test_pytest_bdd_cucumber_json_works_alongside(reference: dict[str, Any]) -> None:
    elements = [element for feature in reference["json"] for element in feature["elements"]]
    assert len(elements) == len(scenarios(reference["page"]))
    assert {step["result"]["status"] for element in elements for step in element["steps"]} == {"passed"}


def test_a_figure_is_compacted_without_changing_what_it_shows(plot_renders: subprocess.Popen[bytes]) -> None:
    out, _ = plot_renders.communicate(timeout=120)
    drawn = plot.inline(json.loads(out)["svgs"][0])
    small = plot.compact(drawn)
    assert len(small) < 0.75 * len(drawn)
    texts = [words(node) for node in parse_text(drawn).find_all("text")]
    assert texts == [words(node) for node in parse_text(small).find_all("text")] and "article" in texts
    referenced = set(re.findall(r'(?:url\(#|href="#)([\w-]+)', drawn))
    assert referenced and all(f'id="{name}"' in small for name in referenced)
    assert 'd="M 0 0 L 1.5 2.2"' in plot.compact('<svg><path d="M 0 0\n  L 1.4999 2.25"/></svg>')


def test_the_loss_plot_is_byte_for_byte_reproducible(plot_renders: subprocess.Popen[bytes]) -> None:
    out, err = plot_renders.communicate(timeout=120)
    assert plot_renders.returncode == 0, err.decode(errors="replace")
    renders = json.loads(out)
    first = renders["svgs"][0]
    assert renders["svgs"] == [first, first]
    assert "<dc:date>" not in first and "Matplotlib" not in first
    assert plot.inline(first).startswith("<svg") and all(f">{rule}</text>" in first for rule in plot.RULES)
    # The article's rule already lags after 100 steps: the reader sees it stall.
    assert renders["article"] > 2 * renders["book"] > 0


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


def test_what_a_port_says_is_shown_as_text_never_as_markup() -> None:
    feature = types.SimpleNamespace(
        name="<b>F</b>",
        description="> <script>quote</script>",
        filename="/features/99_x.feature",
        rel_filename="features/99_x.feature",
    )
    case = records.CaseRecord(
        "n",
        "x.case",
        "<i>name</i>",
        "",
        feature,
        1,
        0,
        [],
        [],
        status="failed",
        message="<script>alert(1)</script>",
        traceback="<img src=x>",
    )
    run = records.Run(datetime.now(UTC), ["mlp-spec", "run"], {"n": case})
    page = render(run)
    assert "<script" not in page and "<img" not in page and "<b>F" not in page and "<i>name" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


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


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["0"], "argument steps: must be 1 or more, got 0"),
        (["-5"], "argument steps: must be 1 or more, got -5"),
        (["--impl", " "], "argument --impl: the port's command is empty"),
        (["--impl-timeout", "nan"], "argument --impl-timeout: must be a finite number of seconds above 0"),
    ],
)
def test_the_plots_command_refuses_what_makes_no_sense(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        plot.main(argv)
    assert exit_.value.code == 2 and said in capsys.readouterr().err


def test_the_plot_says_whose_answers_it_shows_or_why_there_is_none() -> None:
    feature = types.SimpleNamespace(
        name="Repeated training",
        description="",
        filename=f"/features/{records.PLOT_FEATURE}.feature",
        rel_filename=f"features/{records.PLOT_FEATURE}.feature",
    )
    case = records.CaseRecord("n", "x.case", "name", "", feature, 1, 0, [], [], status="passed")
    run = records.Run(datetime.now(UTC), ["mlp-spec", "run"], {"n": case})
    run.implementations = {"port": {"name": "lying-port", "version": "0.0.1"}}
    shown = parse_text(render(run, "<svg></svg>")).find("figure", "plot")
    assert "as trained by the port under test, lying-port 0.0.1 (its train op" in words(shown.find("figcaption"))
    run.implementations = {"reference": {"name": "mlp_ref"}}
    assert "trained by the reference, mlp_ref" in words(parse_text(render(run, "<svg></svg>")))
    problem = "no-train-port does not declare the op train, so it has no loss curves of its own"
    page = parse_text(render(run, None, problem))
    assert not page.find_all("figure", "plot") and words(page.find("p", "problem")) == f"No loss plot: {problem}."


def test_square_pixels_become_one_path_a_colour() -> None:
    pixels = "".join(
        f'<rect x="{x}" y="0" width="6" height="6" fill="{fill}"/>'
        for x, fill in ((0, "#000000"), (6, "#ffffff"), (12, "#000000"), (18, "#808080"))
    )
    drawn = report_page._pixels(f'<svg viewBox="0 0 24 6">{pixels}</svg>')
    assert drawn == (
        '<svg viewBox="0 0 24 6"><path fill="#000000" d="M0 0h6v6h-6zM12 0h6v6h-6z"/>'
        '<path fill="#808080" d="M18 0h6v6h-6z"/></svg>'
    )


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


def test_the_pages_figures_are_in_the_suites_cache_before_a_page_is_drawn(drawn: None) -> None:
    """The suite's process beside it (tests/beside.py; started when collection ended, since this test asks for
    them) keeps the formulas and the digits section where a page's run reads them."""
    from mlp_spec.report import figures

    kept = {path.name for path in Path(beside.cache()).iterdir()}
    assert {f"{name}-{figures.key()}.txt" for name in ("formulas", "digits")} <= kept
    assert os.environ["MLP_SPEC_CACHE"] == beside.cache()
