"""The digits section of the HTML report: the learning curves of ``mlp-spec train`` (computed by the reference)
and every held-out digit the network misreads, as a PNG of its 8×8 pixels written here with zlib: about 240
bytes of base64 a digit, where an SVG of 64 squares took a thousand, so that all fit the page's budget.
"""

from __future__ import annotations

import base64
import struct
import zlib
from typing import Any

import numpy as np

import mlp_ref
from mlp_spec import digits, train
from mlp_spec.report.plot import as_svg, inline

EPOCHS = 5
SCALE = 8
"""Screen pixels a side for each of a digit's 8×8 pixels: 64 a side in all."""


def png(pixels: Any) -> bytes:
    """One 8×8 digit (64 values from 0 to 16) as a greyscale PNG, white for no ink, black for 16."""
    shades = [255 - round(255 * float(value) / 16) for value in pixels]
    rows = b"".join(
        (b"\0" + b"".join(bytes([shade]) * SCALE for shade in shades[8 * r : 8 * r + 8])) * SCALE for r in range(8)
    )  # each row of the image starts with filter type 0, none

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    side = 8 * SCALE  # width, height, 8 bits a sample, greyscale, then the standard compression, filters, no interlace
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def image(pixels: Any, label: int) -> str:
    """One digit as an HTML image, its PNG inline."""
    source = "data:image/png;base64," + base64.b64encode(png(pixels)).decode("ascii")
    side = 8 * SCALE
    return f'<img src="{source}" width="{side}" height="{side}" alt="a handwritten {label}">'


def section() -> dict[str, Any]:
    """What the include template shows: the curves (SVG text) and every held-out digit that the book's rule
    misreads after :data:`EPOCHS` epochs, each with its label and the network's answer, and their caption."""
    try:
        curves = [train.learn(rule, EPOCHS) for rule in ("book", "gradient")]
    except digits.NoDigits as error:
        return {"problem": str(error), "curves": "", "misclassified": []}
    data = digits.load()
    book = curves[0]
    answers = mlp_ref.query(book.wih, book.who, data.test_inputs).argmax(axis=1)
    wrong = np.flatnonzero(answers != data.test_labels)
    return {
        "problem": "",
        "curves": inline(as_svg(lambda: train.figure(curves))),
        "misclassified": [
            {"image": image(data.test_pixels[i], label), "label": label, "answer": int(answers[i])}
            for i, label in zip(wrong, data.test_labels[wrong].tolist(), strict=True)
        ],
        "caption": (
            f"All {len(wrong)} misread: every held-out digit the book's rule still gets wrong after {EPOCHS} "
            f"epochs, of {digits.HELD_OUT}, as the 8×8 pixels it sees (the darker, the more ink), each with its "
            "label and the network's answer."
        ),
        "recognised": {curve.rule: curve.recognised for curve in curves},
    }
