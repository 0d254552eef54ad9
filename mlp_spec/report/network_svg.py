"""A diagram of a three-layer network as SVG for the page: each link labelled with its weight (wih[b][c] from
input c to hidden node b, who[a][b] from hidden node b to output a) and as thick as the weight is large. No ids
and no scripts, so several can share one page.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH, ROW, TOP, RADIUS = 620, 80, 44, 17
COLUMNS = (70, 310, 550)
LAYER_NAMES = ("input I", "hidden h", "output o")


def _y(index: int, count: int, rows: int) -> float:
    return TOP + (rows - count) * ROW / 2 + index * ROW


def _at(coordinate: float) -> str:
    """A coordinate to a tenth, without a trailing ".0"."""
    return f"{coordinate:.1f}".removesuffix(".0")


def _number(value: float) -> str:
    return f"{value:.4g}".replace("-", "−")


def _links(weights: Sequence[Sequence[float]], left: int, right: int, rows: int, name: str) -> list[str]:
    """The links of one weight matrix (targets × sources) between the columns ``left`` and ``right``."""
    parts = []
    sources, targets = len(weights[0]), len(weights)
    x0, x1 = COLUMNS[left] + RADIUS, COLUMNS[right] - RADIUS
    for b in range(targets):
        for c in range(sources):
            y0, y1 = _y(c, sources, rows), _y(b, targets, rows)
            w = float(weights[b][c])
            width = 0.6 + 2.4 * min(abs(w), 1.0)
            sign = "link-up" if w >= 0 else "link-down"
            parts.append(
                f'<line x1="{x0}" y1="{_at(y0)}" x2="{x1}" y2="{_at(y1)}" class="{sign}" stroke-width="{width:.2f}"/>'
            )
            # Each source's labels at its own fraction of the way, so labels of different sources never share
            # a column; within a source they are at least ROW·0.2 apart vertically.
            t = 0.2 + 0.25 * c
            lx, ly = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
            label = f"<title>{name}[{b}][{c}]</title>{_number(w)}"
            parts.append(f'<text x="{_at(lx)}" y="{_at(ly + 4)}" class="weight">{label}</text>')
    return parts


def _nodes(column: int, count: int, rows: int, prefix: str, values: Sequence[float] | None) -> list[str]:
    parts = []
    for i in range(count):
        x, y = COLUMNS[column], _y(i, count, rows)
        parts.append(f'<circle cx="{x}" cy="{_at(y)}" r="{RADIUS}" class="node"/>')
        name = f'{prefix}<tspan font-size="9" dy="3">{i}</tspan>'
        parts.append(f'<text x="{x}" y="{_at(y + 4)}" class="node-name">{name}</text>')
        if values is not None:
            parts.append(f'<text x="{x - RADIUS - 6}" y="{_at(y + 4)}" class="value">{_number(values[i])}</text>')
    return parts


def diagram(
    wih: Sequence[Sequence[float]], who: Sequence[Sequence[float]], inputs: Sequence[float] | None = None
) -> str:
    """The network of ``wih`` (m×n) and ``who`` (k×m) as an ``<svg>`` element, inputs beside the input nodes."""
    n, m, k = len(wih[0]), len(wih), len(who)
    rows = max(n, m, k)
    height = TOP + (rows - 1) * ROW + RADIUS + 12
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="network" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img">',
        f"<title>{escape(f'The {n}-{m}-{k} network with its weights wih and who')}</title>",
        "<style>.node{fill:#fff;stroke:#333;stroke-width:1.2}"
        ".node-name{font:12px sans-serif;text-anchor:middle}"
        ".weight{font:11px sans-serif;text-anchor:middle;paint-order:stroke;stroke:#fff;stroke-width:3px}"
        ".value{font:11px sans-serif;text-anchor:end}.layer{font:bold 12px sans-serif;text-anchor:middle}"
        ".link-up{stroke:#2471a3;stroke-opacity:.55}.link-down{stroke:#c0392b;stroke-opacity:.55}</style>",
    ]
    for x, name in zip(COLUMNS, LAYER_NAMES, strict=True):
        parts.append(f'<text x="{x}" y="18" class="layer">{name}</text>')
    for x, name in (((COLUMNS[0] + COLUMNS[1]) // 2, "wih"), ((COLUMNS[1] + COLUMNS[2]) // 2, "who")):
        parts.append(f'<text x="{x}" y="34" class="layer">{name}</text>')
    parts += _links(wih, 0, 1, rows, "wih") + _links(who, 1, 2, rows, "who")
    parts += _nodes(0, n, rows, "I", inputs) + _nodes(1, m, rows, "h", None) + _nodes(2, k, rows, "o", None)
    return "\n".join([*parts, "</svg>"])
