"""The loss plot: E = ½Σ(t − o)² against the training steps on the article's one sample (features/06), for
each rule the implementation under test declares, from its own ``train`` and ``forward`` answers (the
reference's ``forward`` where it has none); shared with ``mlp-spec train --data article``, with the helpers
both draw their figures with. ``article`` stalls above its floor (:func:`floor`); ``book`` and ``gradient``
converge.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np

import mlp_ref
from mlp_spec import outputs
from mlp_spec.cache import memo
from mlp_spec.harness import protocol
from mlp_spec.harness.backends import Backend, ReferenceBackend

WIH = [[0.8, 0.2, 0.3], [0.3, 0.5, 0.1], [0.2, 0.4, 0.5]]
WHO = [[0.1, 0.3, 0.5], [0.2, 0.9, 0.5], [0.5, 0.3, 0.1]]
INPUTS = [0.8, 0.2, 0.7]
TARGETS = [0.5, 0.99, 0.6]
LEARNING_RATE = 0.1
STEPS = 10_000
RULES = protocol.RULES
COLOURS = {"article": "#c0392b", "book": "#2471a3", "gradient": "#1e8449"}
STYLES = {"article": "-", "book": "--", "gradient": "-."}
SALT = "mlp-spec"

Curve = list[tuple[int, float]]


def marks(steps: int, per_decade: int = 12) -> list[int]:
    """0, 1, … steps, evenly spaced on a log axis, every power of ten among them: training runs from one mark
    to the next in one call."""
    points = np.round(np.logspace(0, np.log10(steps), int(np.log10(steps) * per_decade) + 1))
    return [0, *(int(p) for p in np.unique([*points, *decades(steps), steps]))]


def decades(steps: int) -> list[int]:
    """1, 10, 100, … up to ``steps``."""
    return [10**k for k in range(len(str(steps)))]


def floor() -> float:
    """The least loss the article's rule can approach on its sample, 0.0321828… (features/06), computed by
    mlp_spec.truth.family at 50 digits and kept on disk (mlp_spec.cache)."""
    return float(memo("family.article_floor", WIH, WHO, INPUTS, TARGETS).least_loss)


def loss(wih: Any, who: Any, backend: Backend | None = None) -> float:
    """E = ½Σ(t − o)² of the article's sample under (``wih``, ``who``), by ``backend``'s forward if it has one."""
    if backend is not None and "forward" in backend.ops:
        outputs = backend.call("forward", {"wih": wih, "who": who, "inputs": INPUTS}, "plot/forward")["final_outputs"]
    else:
        outputs = mlp_ref.forward(wih, who, INPUTS).final_outputs
    return float(0.5 * np.sum((np.asarray(TARGETS) - np.asarray(outputs, dtype=np.float64)) ** 2))


class NotPlotted(Exception):
    """The implementation gives no curves of its own: it does not train, or it refused a request."""


def curves(
    steps: int = STEPS,
    backend: Backend | None = None,
    rules: Iterable[str] = RULES,
    learning_rate: float = LEARNING_RATE,
) -> dict[str, Curve]:
    """The loss after each mark's number of steps, for each of ``rules`` that ``backend`` (the reference by
    default) declares, trained by ``backend``'s own ``train``."""
    backend = backend or ReferenceBackend()
    if "train" not in backend.ops:
        raise NotPlotted(f"{backend.name} does not declare the op train, so it has no loss curves of its own")
    result: dict[str, Curve] = {}
    for rule in (r for r in rules if r in backend.rules):
        wih, who = WIH, WHO
        curve, done = [(0, loss(wih, who, backend))], 0
        for mark in marks(steps)[1:]:
            args = {"wih": wih, "who": who, "inputs": INPUTS, "targets": TARGETS, "learning_rate": learning_rate}
            answer = backend.call("train", args | {"rule": rule, "steps": mark - done}, f"plot/{rule}-{mark}")
            wih, who, done = answer["wih"], answer["who"], mark
            curve.append((done, loss(wih, who, backend)))
        result[rule] = curve
    return result


def as_svg(draw: Callable[[], Any]) -> str:
    """The matplotlib figure ``draw`` makes, as an SVG document (text), the same bytes every time for the same
    figure: a fixed salt for the ids, text kept as text (no embedded glyphs), and no date."""
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    with matplotlib.rc_context({"svg.hashsalt": SALT, "svg.fonttype": "none", "font.size": 10}):
        figure = draw()
        FigureCanvasSVG(figure)
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return out.getvalue()


def save(draw: Callable[[], Any], path: Path) -> None:
    """Write the matplotlib figure ``draw`` makes to ``path``: SVG (:func:`as_svg`) or, for any other suffix,
    PNG (no software name in its metadata)."""
    if path.suffix.lower() == ".svg":
        outputs.write_text(path, as_svg(draw))
        return
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = draw()
    FigureCanvasAgg(figure)
    outputs.write(path, lambda temporary: figure.savefig(temporary, format="png", metadata={"Software": None}))


def svg(data: dict[str, Curve], steps: int = STEPS) -> str:
    """The plot of ``data`` as an SVG document (text), the same bytes every time for the same data."""
    return as_svg(lambda: figure(data, steps))


def figure(data: dict[str, Curve], steps: int, title: str = "") -> Any:
    """The loss curves of ``data`` on log axes, and the article rule's floor where its curve is drawn. The page
    gives the figure a caption of its own; ``title`` is for a figure that stands alone."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    figure = Figure(figsize=(6.4, 3.6))
    # Fixed margins rather than tight_layout, which would measure every label once more.
    figure.subplots_adjust(left=0.13, right=0.95, top=0.9 if title else 0.95, bottom=0.14)
    axes = figure.add_subplot()
    for rule, curve in data.items():
        x = [max(step, 0.5) for step, _ in curve]  # step 0 sits half a step left of step 1 on the log axis
        axes.plot(x, [value for _, value in curve], STYLES[rule], color=COLOURS[rule], label=rule, linewidth=1.8)
    if "article" in data:  # the floor is the article rule's: drawn with its curve only
        lowest = floor()
        axes.axhline(lowest, color=COLOURS["article"], linewidth=0.8, linestyle=":")
        axes.annotate(
            f"article's floor {lowest:.7f}…", (steps, lowest), xytext=(-4, -11), ha="right",
            textcoords="offset points", fontsize=8, color=COLOURS["article"],
        )  # fmt: skip
    if title:
        axes.set_title(title, fontsize=10)
    axes.set(xscale="log", yscale="log", xlim=(0.5, steps), xlabel="training steps", ylabel="loss E = ½Σ(t − o)²")
    # Tick labels as plain text (0, 1, 10 … and 10⁻²): no mathtext to parse, and text the reader can select.
    axes.set_xticks([0.5, *decades(steps)], ["0", *(f"{d:,}" for d in decades(steps))])
    axes.yaxis.set_major_formatter(FuncFormatter(_power_of_ten))
    axes.minorticks_off()
    axes.grid(True, which="major", color="#dddddd", linewidth=0.6)
    axes.legend(title="rule", frameon=False, loc="lower left")
    return figure


def _power_of_ten(value: float, _: object) -> str:
    exponent = round(float(np.log10(value)))
    return "10" + str(exponent).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))


def inline(document: str) -> str:
    """An SVG document as an element to put in HTML: without its XML declaration and DOCTYPE."""
    start = document.find("<svg")
    return document[start:] if start >= 0 else document


_GEOMETRY = re.compile(r'( (?:d|x|y|x1|x2|y1|y2|cx|cy|r|width|height|transform|points)=")([^"]*)"')
_DECIMALS = re.compile(r"\d+\.\d\d+")
_FONTS = re.compile(r"font-family: 'DejaVu Sans'(?:, '[^']*')*, sans-serif")
_RGB = re.compile(r"rgb\((\d+),\s*(\d+),\s*(\d+)\)")


def _unwrap(svg: str) -> str:
    """Groups without attributes (matplotlib nests each part in several) are only their contents."""
    out, bare = [], []
    for token in re.split(r"(<g>|<g [^>]*>|</g>)", svg):
        if token == "<g>" or token.startswith("<g "):
            bare.append(token == "<g>")
            out.append("" if token == "<g>" else token)
        elif token == "</g>":
            out.append("" if bare.pop() else token)
        else:
            out.append(token)
    return "".join(out)


def _tenth(number: re.Match[str]) -> str:
    return f"{float(number.group()):.1f}"


def compact(svg: str) -> str:
    """An SVG figure in fewer bytes and the same picture: coordinates to a tenth of a point, no layout
    whitespace between elements, matplotlib's font fallbacks cut to DejaVu Sans (what it measured the text
    with), colours in hex, and no ids that nothing refers to. Text is left as it is."""
    svg = _GEOMETRY.sub(lambda m: m.group(1) + _DECIMALS.sub(_tenth, " ".join(m.group(2).split())) + '"', svg)
    svg = _FONTS.sub("font-family: 'DejaVu Sans', sans-serif", svg)
    svg = re.sub(r' style="([^"]*)"', lambda m: ' style="' + re.sub(r"([:;])\s+", r"\1", m.group(1)) + '"', svg)
    svg = _RGB.sub(lambda m: "#" + "".join(f"{int(v):02x}" for v in m.groups()), svg)
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r' transform="rotate\(-?0 [^"]*\)"', "", svg)
    svg = _unwrap(svg)
    used = set(re.findall(r"#([\w-]+)", svg))
    svg = re.sub(r' id="([\w-]+)"', lambda m: m.group(0) if m.group(1) in used else "", svg)
    return _styles_as_classes(re.sub(r">\s+<", "><", svg))


def _styles_as_classes(svg: str) -> str:
    """Each style that several elements repeat (a grid line's, a tick label's) said once, as a class. An inline
    SVG's style sheet applies to the whole page, so the names carry a digest of the figure: two figures on one
    page never share a name, and the same figure always gets the same one."""
    counts = Counter(re.findall(r' style="([^"]*)"', svg))
    repeated = sorted(style for style, count in counts.items() if count > 1)
    if not repeated or "<defs><style" not in svg:
        return svg
    prefix = "f" + hashlib.sha1(svg.encode()).hexdigest()[:5]
    names = {style: f"{prefix}{i}" for i, style in enumerate(repeated)}
    svg = re.sub(
        r' style="([^"]*)"', lambda m: f' class="{names[m.group(1)]}"' if m.group(1) in names else m.group(0), svg
    )
    sheet = "".join(f".{name}{{{style}}}" for style, name in names.items())
    return svg.replace("</style>", sheet + "</style>", 1)
