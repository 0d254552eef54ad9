"""The report's figures: drawn in the run's process when a page asks for them, kept whole in the cache, and
read back; a port's own loss plot is drawn from its answers and never kept."""

from __future__ import annotations

import errno
import re
from pathlib import Path
from typing import Any

import pytest

from mlp_spec import outputs
from mlp_spec.report import figures, formulas, plot
from tests.page_tree import parse_text, words


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MLP_SPEC_CACHE", str(tmp_path / "cache"))
    formulas.kept.cache_clear()
    yield tmp_path / "cache"
    formulas.kept.cache_clear()


def test_a_figure_is_drawn_once_then_read_from_the_cache(cache: Path) -> None:
    drawn: list[str] = []

    def draw() -> str:
        drawn.append("plot")
        return "<svg>σ</svg>"

    assert figures.kept("plot", draw) == "<svg>σ</svg>"
    assert [p.name for p in cache.iterdir()] == [f"plot-{figures.key('plot')}.txt"]
    assert figures.kept("plot", draw) == "<svg>σ</svg>" and drawn == ["plot"]
    (cache / f"plot-{figures.key('plot')}.txt").write_bytes("<svg>σ".encode()[:-1])  # cut inside a character
    assert figures.kept("plot", draw) == "<svg>σ</svg>" and drawn == ["plot", "plot"]


def test_a_figure_whose_cache_cannot_be_written_is_still_drawn(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(path: Path, fill: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(outputs, "_filled", full)
    assert figures.kept("plot", lambda: "<svg/>") == "<svg/>"


def test_the_formulas_are_typeset_once_then_read_from_the_cache(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The mechanics, with a table of one formula (the page of a real run shows the real ones: test_report)."""
    table = {"03_forward_propagation": [("the hidden inputs", "<math><mi>X</mi></math>")]}
    monkeypatch.setattr(formulas, "typeset", lambda: table)
    assert formulas.kept() == table
    kept = cache / f"formulas-{figures.key('formulas')}.txt"
    assert kept.is_file()
    monkeypatch.setattr(formulas, "typeset", lambda: pytest.fail("typeset again"))
    formulas.kept.cache_clear()
    assert formulas.kept() == table
    kept.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(formulas, "typeset", lambda: table)
    formulas.kept.cache_clear()
    assert formulas.kept() == table  # an unreadable entry is typeset again


@pytest.fixture(scope="module")
def renders() -> dict[str, Any]:
    """The loss plot of 100 steps, rendered twice, and each rule's last loss."""
    curves = plot.curves(steps=100)
    return {
        "svgs": [plot.svg(curves, 100), plot.svg(curves, 100)],
        "article": curves["article"][-1][1],
        "book": curves["book"][-1][1],
    }


def test_a_figure_is_compacted_without_changing_what_it_shows(renders: dict[str, Any]) -> None:
    drawn = plot.inline(renders["svgs"][0])
    small = plot.compact(drawn)
    assert len(small) < 0.75 * len(drawn)
    texts = [words(node) for node in parse_text(drawn).find_all("text")]
    assert texts == [words(node) for node in parse_text(small).find_all("text")] and "article" in texts
    referenced = set(re.findall(r'(?:url\(#|href="#)([\w-]+)', drawn))
    assert referenced and all(f'id="{name}"' in small for name in referenced)
    assert 'd="M 0 0 L 1.5 2.2"' in plot.compact('<svg><path d="M 0 0\n  L 1.4999 2.25"/></svg>')


def test_the_loss_plot_is_byte_for_byte_reproducible(renders: dict[str, Any]) -> None:
    first = renders["svgs"][0]
    assert renders["svgs"] == [first, first]
    assert "<dc:date>" not in first and "Matplotlib" not in first
    assert plot.inline(first).startswith("<svg") and all(f">{rule}</text>" in first for rule in plot.RULES)
    # The article's rule already lags after 100 steps: the reader sees it stall.
    assert renders["article"] > 2 * renders["book"] > 0
