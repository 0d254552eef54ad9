"""The figures the features' prose states, proven: computed by the 50-digit engine (mlp_spec.truth.exact,
mpmath, no numpy) at the article's point, and found in the feature's text as it rounds them. The weights after
10,000 article steps are the certified ones of the golden vectors (mlp-spec vectors --check rebuilds them)."""

from __future__ import annotations

import json
from typing import Any

import mpmath as mp

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
        lift = d * sum(mp.mpf(i) for i in INPUTS)
    words = text("05_training_step")
    assert c > 0 and d > 0 and all(w > 0 for row in WHO for w in row)
    assert f"that is only {float(from_who):.5f} of each" in words
    assert f"d = {float(d):.5f}, lifts every hidden input by d·ΣI = {float(lift):.4f}" in words
    assert f"by {shown(rise, 5)} in all" in words


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
    words = text("06_repeated_training")
    assert f"(c = {float(c):.3f}, d = {float(d):.2f}) they are {shown(end, 4)}, from {shown(start, 4)}," in words
    assert end[0] < start[0] and end[1] > start[1] and end[2] < start[2], "first and third fallen, second risen"
    ratios = [b / g for b, g in zip(book, gradient, strict=True)]
    assert f"its hidden errors here are {shown(ratios, 2)} times the gradient's" in words


def test_01_the_sum_python_prints_and_the_correctly_rounded_one() -> None:
    with mp.workdps(50):
        exact_sum = float(sum(mp.mpf(a) * mp.mpf(b) for a, b in ((0.8, 0.8), (0.2, 0.3), (0.7, 0.2))))
    python_sum = 0.8 * 0.8 + 0.2 * 0.3 + 0.7 * 0.2
    words = text("01_matrix_product")
    assert f"is {exact_sum!r} here, where Python, rounding after each product and each sum, prints" in words
    assert f"prints {python_sum!r} (and neither is 0.84)" in words and exact_sum != python_sum
