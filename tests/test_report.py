"""The HTML report and the Cucumber Messages, read as a person and as a tool would read them.

Two runs of a few scenarios are made once for the module, in this process: one against the reference, one
against a port that lies (its second final output is off by 1e-3, and it has no gradient rule): the miniature
of tests/doubles, in this process too, since the report, not a port's process, is what is tested (test_browser
draws a page for that port over a pipe). The tests read what the runs wrote: the verdict, the failing grid,
the formulas as MathML, the messages against the Cucumber Messages schema. The loss plot is rendered twice
meanwhile, in a process of its own. What needs no run is in tests/test_report_parts.py.
"""

from __future__ import annotations

import importlib.metadata
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import numpy
import pytest

from mlp_spec.report import formulas, messages, plot, values, views
from mlp_spec.report import page as report_page
from tests.doubles.miniatures import Inject, Miniature
from tests.page_tree import Node, parse_text, scenarios, words
from tests.report_runs import FEATURES, LYING_IDS, REFERENCE_IDS, ROOT, feature_of, run_spec, scenario_count

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
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_spec(tmp_path_factory.mktemp("reference"), REFERENCE_IDS)


@pytest.fixture(scope="module")
def lying(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_spec(tmp_path_factory.mktemp("lying"), LYING_IDS, Inject(Miniature("lying")))


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
    under_test = values["implementation under test"]
    assert under_test.startswith("mlp_ref ") and "the reference" in under_test
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
    rejection = reference["page"].by_id(f"feature-{feature_of('reject.argument')}")
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
    heading = "✓ <op> rejects <argument> = <value> (<problem>) reject.argument/… 2 examples: 2 passed"
    assert words(outline.find("h3")) == heading
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
