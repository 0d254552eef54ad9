"""``mlp-spec derive``: its proofs, its width, its order (a term is defined before it is used) and its worked
example, whose numbers are held to the article's as features/03–06 quote them, within the features' own
tolerances."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import mpmath
import pytest
import sympy as sp

from mlp_spec.cache import memo
from mlp_spec.session import FEATURES
from mlp_spec.truth import derive, worked


@cache
def derivation(latex: bool) -> str:
    """The derivation, kept in the spec's memo (keyed on mlp_spec.truth's sources) as the proofs are."""
    return str(memo("derive.derivation", latex))


def columns(line: str) -> int:
    """The columns a line takes in a terminal: a wide (East Asian) character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def test_every_proof_holds_and_mlp_spec_derive_prints_the_derivation(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text, document = derivation(False), derivation(True)
    assert "NOT PROVED" not in text
    assert "σ'(x)" in text and "∂E/∂who[a,b]" in text and "gradient:" in text
    assert r"\frac{\partial E}{\partial who_{a,b}}" in document and r"\begin{align*}" in document
    assert document.startswith("\\documentclass{article}") and document.rstrip().endswith("\\end{document}")
    assert document.isascii(), sorted({ch for ch in document if not ch.isascii()})
    # `mlp-spec derive` prints the derivation it is asked for (rendered by the memo, not again here).
    monkeypatch.setattr(derive, "derivation", derivation)
    for argv, latex in (([], False), (["--latex"], True)):
        assert derive.main(argv) == 0
        assert capsys.readouterr().out == derivation(latex)
    # It says what hidden errors are, in the article's order.
    assert "∂E/∂h[b]" in text and "∂C/∂h[b]" in text and "are −∂E/∂h" in text
    assert "e[a] = t[a] - o[a]" in text and "-e[a]⋅o[a]⋅(1 - o[a])" in text
    assert "lr⋅hidden_errors[b]⋅h[b]⋅(1 - h[b])⋅I[c]" in text
    assert "-o[a] + t[a]" not in text and "2⋅o[a] - 2" not in text


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="needs pdflatex (apt-get install texlive-latex-base)")
def test_the_latex_derivation_compiles(tmp_path: Path) -> None:
    (tmp_path / "derive.tex").write_text(derivation(True), encoding="ascii")
    command = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "derive.tex"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-2000:]
    assert (tmp_path / "derive.pdf").stat().st_size > 0


@pytest.mark.parametrize("latex", [False, True], ids=["text", "latex"])
def test_every_line_fits_100_columns(latex: bool) -> None:
    wide = [(n, line) for n, line in enumerate(derivation(latex).split("\n"), 1) if columns(line) > derive.WIDTH]
    assert not wide, f"{len(wide)} lines wider than {derive.WIDTH} columns, the first: {wide[0]}"


@pytest.mark.parametrize(
    ("latex", "defined", "symbol"),
    [
        (False, "δ is the Kronecker delta", "δ"),
        (True, r"$\delta$ is the Kronecker delta", r"\delta"),
        (False, "x∘y is the element-wise product", "∘"),
        (False, "whoᵀ the transpose of who", "ᵀ"),
        (False, "with z = final_inputs", "z["),
        (False, "the binary cross-entropy C", "∂C"),
        (False, "What hidden errors are", "hidden_errors"),
    ],
)
def test_a_term_is_defined_before_its_first_use(latex: bool, defined: str, symbol: str) -> None:
    text = derivation(latex)
    assert defined in text
    definition = text.index(defined)
    assert text.index(symbol) >= definition, f"{symbol!r} is used before {defined!r}"


def test_one_proof_of_the_bound_and_the_sums_that_break_it() -> None:
    """Step 9 proves 1/(o(1 − o)) ≥ 4 by the square, says why sympy checks it a second way, and shows that the
    bound is per output term: the sums can give the book 0 where the gradient gives 2/125."""
    text = derivation(False)
    step = text[text.index("9. Each output's term") : text.index("10. A worked example")]
    assert "(o - 1/2)" in step and "(u - 1)" in step and "a second way, as it decides the sign" in step
    assert "1 - 2⋅o" not in step, "the calculus route is a third proof of the same claim"
    book, gradient = worked.counterexample()
    assert (book[-1], gradient[-1]) == (0, sp.Rational(2, 125))
    assert "the book's hidden error b is 0 and the gradient's 2/125 = 0.016" in " ".join(step.split())


def scenario(feature: str, tag: str) -> list[str]:
    """The lines of the scenario tagged ``@id:tag`` in ``features/feature*.feature``, its Background first."""
    path = next(FEATURES.glob(f"{feature}_*.feature"))
    lines = path.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if f"@id:{tag} " in line + " ")
    end = next((i for i in range(start + 1, len(lines)) if "@id:" in lines[i]), len(lines))
    background = next(i for i, line in enumerate(lines) if line.strip().startswith("Background:"))
    return lines[background:start] + lines[start:end]


def table(lines: list[str], step: str) -> list[list[float]]:
    """The data table under the scenario's last step that says ``step``."""
    at = max(i for i, line in enumerate(lines) if step in line)
    rows = []
    for line in lines[at + 1 :]:
        if not line.strip().startswith("|"):
            break
        rows.append([float(cell) for cell in line.strip().strip("|").split("|")])
    return rows


def tolerance(lines: list[str]) -> tuple[float, float]:
    """The scenario's tolerance (its own, else its Background's): the last one stated before its Then."""
    said = [re.search(r"within atol (\S+) and rtol (\S+)", line) for line in lines]
    found = [m for m in said if m]
    return float(found[-1].group(1)), float(found[-1].group(2))


def close(actual: Any, expected: list[list[float]], tol: tuple[float, float]) -> list[str]:
    """What differs by more than atol + rtol·|expected|, entry by entry."""
    atol, rtol = tol
    flat = [x for row in actual for x in row] if isinstance(actual[0], list) else list(actual)
    wanted = [x for row in expected for x in row]
    assert len(flat) == len(wanted)
    return [f"{float(a)!r} vs {e!r}" for a, e in zip(flat, wanted, strict=True) if abs(a - e) > atol + rtol * abs(e)]


EXAMPLE = worked.worked_example()
CASES = [
    ("03", "forward.article", "the hidden outputs are:", lambda ex: ex["h"]),
    ("03", "forward.article", "the final outputs are:", lambda ex: ex["o"]),
    ("04", "backward.article", "the output errors are:", lambda ex: ex["e"]),
    ("04", "backward.article", "the hidden errors are:", lambda ex: ex["article"]["hidden errors"]),
    ("04", "backward.gradient", "the hidden errors are:", lambda ex: ex["gradient"]["hidden errors"]),
]


@pytest.mark.parametrize(("feature", "tag", "step", "value"), CASES, ids=[f"{c[1]}: {c[2]}" for c in CASES])
def test_the_worked_example_gives_the_articles_numbers(feature: str, tag: str, step: str, value: Any) -> None:
    lines = scenario(feature, tag)
    assert not close(value(EXAMPLE), table(lines, step), tolerance(lines))
    shown = " ".join(derivation(False).split())
    assert " ".join(worked.fixed(x) for x in value(EXAMPLE)) in shown, "the derivation prints them, 8 decimals"


@pytest.mark.parametrize("rule", ["article", "book", "gradient"])
def test_the_worked_examples_step_gives_the_weights_of_features_05(rule: str) -> None:
    """The weights after one step, the article's quoted and the others certified, are the point's weights plus
    the example's updates."""
    lines = scenario("05", f"train-step.{rule}")
    for layer in ("who", "wih"):
        start = [[mpmath.mpf(x) for x in row] for row in worked.POINT[layer]]
        after = [[w + d for w, d in zip(r, u, strict=True)] for r, u in zip(start, EXAMPLE[rule][layer], strict=True)]
        assert not close(after, table(lines, f"the updated {layer} is:"), tolerance(lines)), layer


def test_the_article_steps_one_number_and_the_loss_after_each_rule_are_printed() -> None:
    lines, text = scenario("05", "train-step.article"), " ".join(derivation(False).split())
    c, d = EXAMPLE["article"]["who"][0][0], EXAMPLE["article"]["wih"][0][0]
    grew = [float(re.findall(rf"every entry of {layer} grew by (\S+)", " ".join(lines))[0]) for layer in ("who", "wih")]
    assert not close([c, d], [grew], tolerance(lines))
    assert f"article: {worked.fixed(c)} to every entry of who, {worked.fixed(d)} to every entry of wih" in text
    # features/06 gives E after one step of the book's rule, then of the gradient's, to the digits shown.
    shown = re.findall(
        r"is ([0-9.]+) to the digits shown", " ".join(scenario("06", "train-repeat.book-beats-gradient"))
    )
    for rule, loss in zip(("book", "gradient"), shown, strict=True):
        assert worked.fixed(EXAMPLE[rule]["E"], len(loss.split(".")[1])) == loss, rule
        assert f"{rule} {worked.fixed(EXAMPLE[rule]['E'])}" in text


def test_the_example_is_at_the_point_of_features_05() -> None:
    lines = scenario("05", "train-step.book")
    assert table(lines, "the vector I, the inputs:") == [[float(x) for x in worked.POINT["I"]]]
    assert table(lines, "the vector targets:") == [[float(x) for x in worked.POINT["t"]]]
    for layer in ("wih", "who"):
        assert table(lines, f"the matrix {layer},") == [[float(x) for x in row] for row in worked.POINT[layer]]
    assert any(line.strip() == f"And the learning rate {worked.POINT['lr']}" for line in lines)
