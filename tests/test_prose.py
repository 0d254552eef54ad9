"""What the features' prose states, proven. Its figures are computed by the 50-digit engine (mlp_spec.truth.exact,
mpmath, no numpy) at the article's point, and found in the feature's text as it rounds them; the weights after
10,000 article steps are the certified ones of the golden vectors (mlp-spec vectors --check rebuilds them). Its
Japanese quotes are found, character for character, in the article's text."""

from __future__ import annotations

import json
import math
import re
from typing import Any

import mpmath as mp
import numpy as np
import pytest

from mlp_spec.session import ROOT
from mlp_spec.truth import exact

WIH = [[0.8, 0.2, 0.3], [0.3, 0.5, 0.1], [0.2, 0.4, 0.5]]
WHO = [[0.1, 0.3, 0.5], [0.2, 0.9, 0.5], [0.5, 0.3, 0.1]]
INPUTS, TARGETS = [0.8, 0.2, 0.7], [0.5, 0.99, 0.6]


def text(feature: str) -> str:
    """The feature's words, its lines joined, with − written as -."""
    return " ".join((ROOT / "features" / f"{feature}.feature").read_text(encoding="utf-8").split()).replace("−", "-")


def forward(wih: Any, who: Any) -> dict[str, Any]:
    return exact.handle("forward", {"wih": wih, "who": who, "inputs": INPUTS})


def shown(values: list[Any], places: int) -> str:
    """Values as the prose lists them: ``a, b and c``."""
    said = [f"{float(v):.{places}f}" for v in values]
    return f"{', '.join(said[:-1])} and {said[-1]}"


def test_05_the_rise_of_the_final_inputs_after_one_article_step_is_split_into_its_sources() -> None:
    with mp.workdps(50):
        before = forward(WIH, WHO)
        args = {"wih": WIH, "who": WHO, "inputs": INPUTS, "targets": TARGETS, "learning_rate": 0.1}
        step = exact.handle("train", args | {"rule": "article", "steps": 1})
        after = forward(step["wih"], step["who"])
        c, d = step["who"][0][0] - mp.mpf(WHO[0][0]), step["wih"][0][0] - mp.mpf(WIH[0][0])
        rise = [a - b for a, b in zip(after["final_inputs"], before["final_inputs"], strict=True)]
        from_who = c * sum(after["hidden_outputs"])
        # The rest of the rise is who₀ times the rise of the hidden outputs, which wih's d caused.
        risen = [a - b for a, b in zip(after["hidden_outputs"], before["hidden_outputs"], strict=True)]
        from_wih = [sum(mp.mpf(w) * r for w, r in zip(row, risen, strict=True)) for row in WHO]
        lift = d * sum(mp.mpf(i) for i in INPUTS)
        unexplained = max(abs(r - from_who - w) for r, w in zip(rise, from_wih, strict=True))
    words = text("05_training_step")
    assert c > 0 and d > 0 and all(r > 0 for r in risen) and all(w > 0 for row in WHO for w in row)
    assert unexplained < 1e-40, "the two sources make up the whole rise"
    assert f"The final inputs rose by {shown(rise, 6)}." in words
    assert f"who's c gave each the same c·Σh = {float(from_who):.6f} (h after the step)" in words
    assert f"The rest, {shown(from_wih, 6)}, came from wih's d = {float(d):.5f}" in words
    assert f"lifted every hidden input by d·ΣI = {float(lift):.4f}" in words


def test_06_the_outputs_after_10000_article_steps_and_the_books_hidden_errors() -> None:
    vectors = json.loads((ROOT / "vectors" / "mlp-spec-vectors.json").read_text(encoding="utf-8"))
    stalled = next(c for c in vectors["cases"] if c["id"] == "train-repeat.article-stalls/train-3")
    assert stalled["args"]["steps"] == 10_000 and stalled["args"]["rule"] == "article"
    wih, who = stalled["expected"]["wih"], stalled["expected"]["who"]
    net = {"wih": WIH, "who": WHO, "inputs": INPUTS, "targets": TARGETS}
    with mp.workdps(50):
        start, end = forward(WIH, WHO)["final_outputs"], forward(wih, who)["final_outputs"]
        c, d = mp.mpf(who[0][0]) - mp.mpf(WHO[0][0]), mp.mpf(wih[0][0]) - mp.mpf(WIH[0][0])
        book = exact.handle("backward", net | {"rule": "book"})["hidden_errors"]
        gradient = exact.handle("backward", net | {"rule": "gradient"})["hidden_errors"]
        rowsums = [sum(mp.mpf(w) for w in row) for row in WHO]
    words = text("06_repeated_training")
    assert f"(c = {float(c):.3f}, d = {float(d):.2f}) they are {shown(end, 4)}, from {shown(start, 4)}," in words
    assert end[0] < start[0] and end[1] > start[1] and end[2] < start[2], "first and third fallen, second risen"
    limits = ", ".join(f"{float(r):.1f} + 3c" for r in rowsums).replace(", 0.9 + 3c", " and 0.9 + 3c")
    assert f"the final inputs tend to rowsum(who₀) + 3c: {limits}." in words
    assert rowsums[0] == rowsums[2] and TARGETS[0] != TARGETS[2], "first and third limits equal, targets not"
    ratios = [b / g for b, g in zip(book, gradient, strict=True)]
    assert f"here the book's hidden errors are {shown(ratios, 2)} times the gradient's" in words


def test_01_the_sum_python_prints_and_the_correctly_rounded_one() -> None:
    with mp.workdps(50):
        exact_sum = float(sum(mp.mpf(a) * mp.mpf(b) for a, b in ((0.8, 0.8), (0.2, 0.3), (0.7, 0.2))))
    python_sum = 0.8 * 0.8 + 0.2 * 0.3 + 0.7 * 0.2
    # numpy appears only because the prose says what np.dot gives, not to certify anything.
    numpy_sum = float(np.dot(np.array([0.8, 0.2, 0.7]), np.array(WIH))[0])
    words = text("01_matrix_product")
    assert f"is certified as {exact_sum!r}, where Python, rounding after each product and each sum," in words
    assert f"prints {python_sum!r}, as does `np.dot` (and neither is 0.84)" in words
    assert exact_sum != python_sum == numpy_sum and math.nextafter(exact_sum, 1) == python_sum, "one ulp apart"
    assert abs(python_sum - exact_sum) <= 1e-15 + 1e-15 * exact_sum, "within the feature's atol 1e-15, rtol 1e-15"


# CJK punctuation, kana, kanji, and fullwidth forms: a word holding one of them is part of a Japanese quote.
JAPANESE = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]")


def japanese_phrases(line: str) -> list[str]:
    """Each run of words holding Japanese, from its first Japanese character to its last, without the corner
    brackets that quote it inline: English words break a run, so that a quote inside English prose is taken
    alone."""
    phrases, run = [], []
    for word in [*line.split(" "), ""]:
        if JAPANESE.search(word):
            run.append(word)
        elif run:
            joined = " ".join(run)
            marks = [m.start() for m in JAPANESE.finditer(joined)]
            phrases.append(joined[marks[0] : marks[-1] + 1].strip("「」"))
            run = []
    return phrases


def test_every_japanese_quote_is_the_articles_own_words() -> None:
    article_path = ROOT.parent / "shared" / "article" / "article-ja.txt"
    if not article_path.is_file():
        pytest.skip(f"the article's text is not at {article_path}")
    article = article_path.read_text(encoding="utf-8")
    files = [*sorted((ROOT / "features").glob("0*.feature")), ROOT / "README.md"]
    quotes = [
        (f.name, p)
        for f in files
        for line in f.read_text(encoding="utf-8").splitlines()
        for p in japanese_phrases(line)
    ]
    assert len(quotes) > 20
    assert [(name, p) for name, p in quotes if p not in article] == []
