"""The HTML page of the two runs of tests/conftest.py, read as a person and as a tool would read it: one against
the reference, one against the lying miniature (its second final output is off by 1e-3, and it has no
gradient rule), in this process, since the report, not a port's process, is what is tested.
"""

from __future__ import annotations

import importlib.metadata
import itertools
import re
import sys
import unicodedata
from collections import Counter
from typing import Any

import numpy

from mlp_spec.report import formulas, values, views
from mlp_spec.report import page as report_page
from tests.page_tree import Node, row_name, scenario, scenarios, words
from tests.report_runs import (
    FEATURES,
    NUMBER,
    QUOTED_IDS,
    ROOT,
    feature_of,
    scenario_count,
)


def verdict_line(run: dict[str, Any]) -> str:
    """The counts the console's closing line gives, from the run's summary (the same Verdict's)."""
    (graded,) = run["summary"]["implementations"]
    port, own = graded["scenarios"], graded["own_checks"]
    counts = f"scenarios: {port['passed']} passed, {port['failed']} failed, {port['skipped']} skipped"
    return counts + (f"; the spec's own checks: {own['passed']} passed" if own["passed"] else "")


def test_the_verdict_says_what_the_console_says_and_what_the_selection_left_out(reference: dict[str, Any]) -> None:
    page = reference["page"]
    n = len(scenarios(page))
    (graded,) = reference["summary"]["implementations"]
    assert reference["status"] == 0 and n == sum(graded["scenarios"].values()) + sum(graded["own_checks"].values())
    assert graded["own_checks"]["passed"] == 1  # proof.sigmoid asks the implementation nothing
    left_out = scenario_count(FEATURES) - n
    assert left_out > 50
    said = words(page.find("p", "verdict"))
    assert said.startswith("✓ mlp_ref 1.0.0 (Python), the reference, in process: conformant")
    assert f"; {verdict_line(reference)}; {left_out} more left out by the selection" in said
    assert "passed" in page.find("p", "verdict").classes and not page.find_all("section", "failures")
    assert report_page.verdict({"passed": 0, "failed": 0, "skipped": 0, "total": 0, "left_out": 3}) == (
        "No scenario ran; 3 more left out by the selection"
    )


def test_the_page_opens_with_the_article_then_its_story_and_folds_the_rest(reference: dict[str, Any]) -> None:
    page = reference["page"]
    title = page.find("h1")
    assert words(title) == report_page.ARTICLE["title"] and title.attrs["lang"] == "ja"
    assert report_page.ARTICLE["blog"] in words(page.find("p", "blog"))
    main = page.find("main")
    story = [n.attrs["id"] for n in main.children if isinstance(n, Node) and n.tag == "section"]
    assert story and all(int(anchor.split("-")[1][:2]) < report_page.CONFORMANCE for anchor in story)
    folds = {n.attrs["id"]: n for n in main.find_all("details", "fold")}
    assert list(folds) == ["run", "conformance"] and not any("open" in f.attrs for f in folds.values())
    assert folds["run"].find("dl", "facts") and folds["run"].find("section", "verdicts")
    assert folds["conformance"].by_id(f"feature-{feature_of('reject.argument')}")
    # The contents name every feature and both folds, and stay in view (no script: CSS alone).
    nav = page.find("nav", "contents")
    targets = [a.attrs["href"] for a in nav.find_all("a")]
    assert targets[: len(story)] == [f"#{anchor}" for anchor in story] and {"#run", "#conformance"} <= set(targets)
    assert re.search(r"nav\.contents\{position:sticky;top:0", page.find("style").text())


def test_every_japanese_quote_is_marked_japanese_and_set_in_a_japanese_font(reference: dict[str, Any]) -> None:
    def japanese(text: str) -> bool:
        return any(unicodedata.name(c, "").startswith(("CJK UNIFIED", "HIRAGANA", "KATAKANA")) for c in text)

    def unmarked(node: Node) -> list[str]:
        if node.attrs.get("lang") == "ja" or node.tag in ("style", "title"):
            return []
        own = [c for c in node.children if isinstance(c, str) and japanese(c)]
        return own + [t for c in node.children if isinstance(c, Node) for t in unmarked(c)]

    page = reference["page"]
    assert not unmarked(page.find("body"))
    assert len([n for n in page.iter() if n.attrs.get("lang") == "ja"]) > 10
    fonts = '"Noto Sans CJK JP","IPAexGothic","Hiragino Sans","Yu Gothic",sans-serif'
    assert f":lang(ja){{font-family:{fonts};}}" in page.find("style").text()


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
    said = words(page.find("p", "verdict"))
    assert said.startswith("✗ miniature-lying 0.1 (Python)") and "not conformant" in said
    assert said.endswith(f"; {verdict_line(lying)}; {left_out} more left out by the selection (the run)")
    assert f"scenarios: {passed} passed, {failed} failed, {skipped} skipped" in said
    assert "miniature-lying 0.1 (Python)" in words(page.find("dl", "facts"))
    # Something failed: the run's fold is open (the scenarios here are all of the story, none folded).
    assert "open" in page.by_id("run").attrs and not page.find_all("details", "fold")[1:]


def test_failures_come_first_and_link_to_their_scenarios(lying: dict[str, Any]) -> None:
    page = lying["page"]
    failures = page.find("section", "failures")
    assert failures.parent is page.find("header")
    targets = [a.attrs["href"] for a in failures.find_all("a")]
    assert targets == [f"#{a.attrs['id']}" for a in scenarios(page) if "failed" in a.classes]
    assert "final outputs: 1 of 3 elements outside the tolerance, largest |a − e| 0.001" in words(failures)


def test_a_failing_grid_shows_expected_and_actual_with_the_rule(lying: dict[str, Any]) -> None:
    article = lying["page"].by_id("case-forward.article")
    assert words(article.find("h3")).startswith("✗ The article's forward pass")
    grid = next(f for f in article.find_all("figure", "check") if "fails" in f.classes)
    assert words(grid.find("figcaption")).startswith("✗ final outputs")
    cells = grid.find_all("td")
    assert [sorted(c.classes) for c in cells] == [[], ["bad"], []]
    # The answer that holds, in full (as Python prints it), within the tolerance of the article's 0.63943159.
    answer = words(cells[0])
    assert answer == repr(float(answer)) and abs(float(answer) - 0.63943159) <= 5e-9 and len(answer) > 12
    # Which number is which, in words: the article's as printed, the answer; nothing is struck through.
    assert words(cells[1].find("span", "expected")) == "article 0.73193058"
    assert words(cells[1].find("span", "actual")).startswith("answer 0.7329")
    assert not cells[1].find_all("del") and not cells[1].find_all("ins")
    assert words(cells[1]).endswith("|a − e| = 0.001")
    rule = words(grid.find("p", "rule"))
    assert rule.startswith("|a − e| ≤ atol + rtol·|e|, with atol = 5e-09, rtol = 0; largest |a − e| 0.001")
    # The comparisons that hold stay in view, each under its step; the failure is said once, by its grid.
    assert [len(li.find_all("div", "check")) for li in article.find("ol", "steps").find_all("li")] == [0, 1, 1, 1, 0]
    failure = article.find("div", "failure")
    assert words(failure).startswith("Failed: final outputs: 1 of 3") and not failure.find_all("details")


def test_every_status_is_a_symbol_and_a_colour_and_a_skip_gives_its_reason(lying: dict[str, Any]) -> None:
    style = lying["page"].find("style").text()
    for status, symbol in views.MARKS.items():
        assert re.search(rf"\.mark\.{status}[^{{]*\{{ ?color: ?var\(--{status}\)", style)
        marked = [a for a in scenarios(lying["page"]) if status in a.classes]
        assert marked and all(words(a.find("h3").find("span", "mark")) == symbol for a in marked)
    assert "@media print" in style
    skipped = lying["page"].by_id("case-train-step.gradient")
    assert "skipped" in skipped.classes and words(skipped.find("p", "reason")) == "Skipped: unsupported: rule gradient"


def test_a_must_differ_check_holds_where_the_values_differ(lying: dict[str, Any]) -> None:
    # Two answers that must differ: both stand in the steps above; the check says by how much they do.
    step = lying["page"].by_id("case-matmul.order").find("ol", "steps").find_all("li")[-1]
    assert words(step.find("div", "check")) == "wih·I against I·wih1×3 values; they differ by up to 0.13 at [1], " + (
        "beyond the 1.54e-15 allowed"
    )
    assert "expected" not in words(step)


def test_the_formulas_are_mathml(reference: dict[str, Any]) -> None:
    story = {path.stem for path in (ROOT / "features").glob("0*.feature")}
    assert set(formulas.kept()) == story - {"07_handwritten_digits"}  # the digits' feature has no formula
    page = reference["page"]
    for stem in (stem for stem in FEATURES if formulas.kept().get(stem)):
        maths = page.by_id(f"feature-{stem}").find("figure", "formulas").find_all("math")
        assert maths and all(m.attrs == {"display": "block"} for m in maths)
    product = page.by_id("feature-01_matrix_product").find("math")
    assert product.text().startswith("cij=∑l=0q−1")  # the upper limit as the feature writes it, not −1 + q
    sigmoid = page.by_id("feature-02_sigmoid").find("math")
    assert sigmoid.find("mfrac") and words(sigmoid.find("mi")) == "σ"
    loss = page.by_id("feature-05_training_step").find("math")
    # Indices count from 0, as the network diagram's and numpy's do.
    assert words(loss.find("munderover").find("mo")) == "∑" and loss.text().startswith("E=12∑a=02(ta−oa)2")
    # Characters, not named entities, so the page needs no entity table.
    assert not re.search(r"&(?!lt;|gt;|amp;|quot;|#)\w+;", reference["html"])


def test_narratives_render_their_quotes_and_formula_lines(reference: dict[str, Any]) -> None:
    narrative = reference["page"].by_id("feature-01_matrix_product").find("div", "narrative")
    assert "行列積" in words(narrative.find("blockquote"))
    code = reference["page"].by_id("feature-05_training_step").find("div", "narrative").find("pre")
    assert "who += learning_rate * np.dot" in code.text()
    assert views._as_markdown("Text:\n\n  > 引用\n  > (quote)\n\n  a = b\n  c = d") == (
        "Text:\n\n> 引用\n> (quote)\n\n```\na = b\nc = d\n```"
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
    outline = next(a for a in reference["page"].find_all("article", "outline") if "reject.argument/…" in words(a))
    heading = "✓ <op> rejects <argument> = <value> (<problem>) reject.argument/… 2 examples: 2 passed"
    assert words(outline.find("h3")) == heading
    steps = [words(li) for li in outline.find("ol", "steps").find_all("li")]
    assert steps == [
        "Given <argument> is <value>",
        "When the op <op> is requested",
        "Then the request is rejected, naming <argument>",
    ]
    rows = outline.find("table", "examples").find_all("tr", "passed")
    names = ["forward rejects wih = [] (empty)", "forward rejects who = [[], [], []] (empty rows)"]
    # A passing row needs no id: only a failure is linked to, from the top.
    assert [row_name(row) for row in rows] == names and not [row for row in rows if row.attrs.get("id")]
    assert words(rows[0]).endswith("wih = [] (empty) wih: must not be empty")
    assert words(rows[0].find("q")) == "wih: must not be empty"


def sides(node: Node) -> list[tuple[str, list[str]]]:
    """Each labelled value under ``node``, in order: its label (``article``, ``answer`` …) and its numbers."""
    found = []
    elements = [c for c in node.children if isinstance(c, Node)]
    for first, second in itertools.pairwise([*elements, node]):
        if first.tag == "small" and second.tag == "span":
            found.append((words(first), second.text().split()))
        elif first.tag in ("div", "td", "li"):
            found += sides(first)
    return found


def as_printed(answer: float, written: str) -> str:
    """An answer as the page prints it: as Python does, with a ".0" only where the expected number has one."""
    text = repr(float(answer))
    return text if written.endswith(".0") else text.removesuffix(".0")


def test_every_step_shows_the_numbers_it_compared_as_written_beside_the_answer(reference: dict[str, Any]) -> None:
    """Every step of the run that compared quoted or certified numbers, read back from the page: the expected
    numbers as the feature writes them (the article's as printed, for every @quoted scenario of the spec) beside
    the answer: in full beside the article's, with each difference; else ``=`` where it is the same number and
    ``…823`` where only its last three digits differ. Numbers worked out along the way are summed up in words.
    What was compared is the test's own record of the run."""
    spec_quoted = {
        word.removeprefix("@id:")
        for stem in FEATURES
        for line in (ROOT / "features" / f"{stem}.feature").read_text(encoding="utf-8").splitlines()
        if "@quoted" in line.split()
        for word in line.split()
        if word.startswith("@id:")
    }
    steps = [(case, r) for (case, _), r in reference["compared"].items() if r["checks"]]
    ran = {case.split("/")[0] for case, r in steps if "quoted" in r["tags"]}
    assert ran == spec_quoted == set(QUOTED_IDS), "every @quoted scenario of the spec is in the run"
    seen, shown = Counter[str](), {}
    for case, record in steps:
        node = scenario(reference["page"], case, record["scenario"])
        if node.tag == "article":  # a scenario in full: the step's own item; else an outline's row, for all steps
            node = next(li for li in node.find("ol", "steps").find_all("li") if words(li).startswith(record["step"]))
        found = shown.setdefault(id(node), sides(node))
        for check in record["checks"]:
            c = check.comparison
            expected, actual = numpy.ravel(c.expected).tolist(), numpy.ravel(c.actual).tolist()
            numbers = [token for token in record["written"] if NUMBER.fullmatch(token)]
            written = {float(token.replace("−", "-")): token for token in numbers}
            kind = "article" if "quoted" in record["tags"] else "certified" if "certified" in record["tags"] else ""
            label = "must differ from" if check.must_differ else kind
            if not label or not all(e in written for e in expected):  # worked out, not written: how close, in words
                assert re.search(r"values; (largest \|a − e\||they differ by up to)", words(node)), f"{case}: {c.field}"
                seen["summed up"] += 1
                continue
            as_written = [written[e] for e in expected]
            shown_label, cells = found.pop(0)
            assert shown_label == label, f"{case}, {c.field}: {shown_label}"
            assert cells in (as_written, [as_written[0], "each"]), f"{case}, {c.field}: {cells}"
            seen[label] += 1
            printed = [as_printed(a, w) for a, w in zip(actual, as_written, strict=True)]
            if not found or found[0][0] != "answer":  # every answer the same, bit for bit, said in words
                assert actual == expected and "The answer is the same, bit for bit." in words(node)
                continue
            _, answers = found.pop(0)
            if label in ("article", "must differ from"):  # printed short, or different: nothing in common
                assert answers == printed, f"{case}, {c.field}: {answers}"
            else:
                for cell, text, w, a, e in zip(answers, printed, as_written, actual, expected, strict=True):
                    tail = cell.startswith("…") and w[:-3] + cell[1:] == text and len(text) == len(w)
                    assert (cell == "=" and a == e) or tail or cell == text, f"{case}, {c.field}: {cell} for {text}"
            if found and found[0][0] == "|a − e|":
                _, differences = found.pop(0)
                assert label == "article" and differences[0] == f"{abs(actual[0] - expected[0]):.3g}"
    assert not [values for values in shown.values() if values], "shown, not compared"
    assert seen["article"] > 15 and seen["certified"] > 5 and seen["summed up"]


def test_empty_values_are_readable(reference: dict[str, Any]) -> None:
    page = reference["page"]
    empty = given_values(scenario(page, "reject.argument/wih-empty", "forward rejects wih = [] (empty)"))["wih"]
    assert words(empty) == "wih = [] (empty)"
    row = scenario(page, "reject.argument/who-empty-row", "forward rejects who = [[], [], []] (empty rows)")
    rows = given_values(row)["who"]
    assert words(rows) == "who = [[], [], []] (3 empty rows)"
    assert values.shown([[1, 2], [3]]) == {"text": "[[1, 2], [3]]", "note": ""}
    assert values.shown([0.5, "NaN"]) == {"text": '[0.5, "NaN"]', "note": ""}
    assert values.shown([[1.0, 2.5]]) == {"rows": [["1", "2.5"]]}
    assert values.shown(float("nan")) == {"rows": [["nan"]]}


def test_the_page_is_self_contained(reference: dict[str, Any], lying: dict[str, Any]) -> None:
    for run in (reference, lying):
        nodes = list(run["page"].iter())
        assert not [n.tag for n in nodes if n.tag in ("script", "link", "iframe", "object", "embed")]
        # An image is inline, its data in the page (the misread digits).
        assert all((n.attrs.get("src") or "").startswith("data:image/png;base64,") for n in nodes if n.tag == "img")
        assert all(n.attrs["href"].startswith("#") for n in nodes if "href" in n.attrs)
        external = {k for n in nodes for k, v in n.attrs.items() if v and "://" in v}
        assert external <= {"xmlns", "xmlns:xlink"}
        assert "url(" not in run["page"].find("style").text() and "@import" not in run["html"]
