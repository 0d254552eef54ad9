"""The digits section of the HTML report: the learning curves of ``mlp-spec train`` and a few held-out digits
the network got wrong, drawn as 8×8 grids of grey squares.

Computed by the reference (:mod:`mlp_spec.train`), not by the implementation under test, as the loss plot
is: five epochs of the book's and the gradient rule on the feature's split, about half a second.
"""

from __future__ import annotations

from typing import Any

from mlp_spec import digits

SHOWN = 3
EPOCHS = 5


def grid(pixels: Any) -> str:
    """One 8×8 digit as an inline SVG, 48 units a side: each pixel a square, white for no ink, black for 16."""
    svg = ['<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48" viewBox="0 0 48 48" role="img">']
    for i, value in enumerate(pixels):
        shade = round(255 * (1 - float(value) / 16))
        svg.append(f'<rect x="{i % 8 * 6}" y="{i // 8 * 6}" width="6" height="6" fill="rgb({shade},{shade},{shade})"/>')
    return "".join(svg) + "</svg>"


def section() -> dict[str, Any]:
    """What the include template shows: the curves (SVG text) and the first misclassified held-out digits of
    the book's rule after :data:`EPOCHS` epochs, each with its label and the network's answer."""
    import numpy as np

    import mlp_ref
    from mlp_spec import train

    try:
        curves = [train.learn(rule, EPOCHS) for rule in ("book", "gradient")]
    except digits.NoDigits as error:
        return {"problem": str(error), "curves": "", "misclassified": []}
    data = digits.load()
    book = curves[0]
    answers = mlp_ref.query(book.wih, book.who, data.test_inputs).argmax(axis=1)
    wrong = np.flatnonzero(answers != data.test_labels)[:SHOWN]
    document = train.svg(curves)
    return {
        "problem": "",
        "curves": document[document.find("<svg") :],
        "misclassified": [
            {"image": grid(data.test_pixels[i]), "label": int(data.test_labels[i]), "answer": int(answers[i])}
            for i in wrong
        ],
        "recognised": {curve.rule: curve.recognised for curve in curves},
    }
