"""The report's figures: drawn in a process of their own, kept whole in the cache, read back without one."""

from __future__ import annotations

import errno
import json
import sys
from pathlib import Path

import pytest

from mlp_spec import outputs
from mlp_spec.report import figures


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MLP_SPEC_CACHE", str(tmp_path / "cache"))
    monkeypatch.setitem(figures.COMMANDS, "plot", [sys.executable, "-c", "print('<svg>σ</svg>', end='')"])
    return tmp_path / "cache"


def test_a_figure_is_drawn_once_then_read_from_the_cache(cache: Path) -> None:
    first = figures.Figure("plot")
    assert first.process is not None and first.result() == ("<svg>σ</svg>", "")
    assert [p.name for p in cache.iterdir()] == [f"plot-{figures.key()}.txt"]
    again = figures.Figure("plot")
    assert again.process is None and again.result() == ("<svg>σ</svg>", "")


def test_a_figure_whose_cache_cannot_be_written_is_still_drawn(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(path: Path, fill: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(outputs, "_write", full)
    assert figures.Figure("plot").result() == ("<svg>σ</svg>", "")


def test_a_figure_that_fails_says_why_and_is_not_kept(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(figures.COMMANDS, "plot", [sys.executable, "-c", "raise SystemExit('no matplotlib')"])
    assert figures.Figure("plot").result() == (None, "no matplotlib")
    assert not cache.exists() or not list(cache.iterdir())


def test_a_figure_that_takes_too_long_is_left_out_with_the_reason(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A slow port's loss plot: the page goes without it, and says why, instead of the run ending in a traceback."""
    monkeypatch.setitem(figures.COMMANDS, "plot", [sys.executable, "-c", "import time; time.sleep(30)"])
    monkeypatch.setattr(figures, "PATIENCE", 0.2)
    figure = figures.Figure("plot")
    process = figure.process
    assert figure.result() == (None, "not drawn within 0.2 s")
    assert process is not None and process.returncode is not None, "its process is ended"
    assert figure.result() == (None, "not drawn within 0.2 s")
    assert not cache.exists() or not list(cache.iterdir())


def test_the_formulas_are_typeset_once_then_read_from_the_cache(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The mechanics, with a table of one formula (the page of a real run shows the real ones: test_report)."""
    from mlp_spec.report import formulas

    table = {"03_forward_propagation": [("the hidden inputs", "<math><mi>X</mi></math>")]}
    printed = json.dumps(table)
    monkeypatch.setitem(figures.COMMANDS, "formulas", [sys.executable, "-c", f"print({printed!r}, end='')"])
    monkeypatch.setattr(formulas, "typeset", lambda: table)
    figure = figures.Figure("formulas")  # as a run with --html starts it, beside the run
    assert figure.process is not None and formulas.read(figure.result()[0]) == table
    kept = cache / f"formulas-{figures.key()}.txt"
    assert kept.is_file()
    formulas.kept.cache_clear()
    assert formulas.kept() == table and figures.Figure("formulas").process is None
    kept.write_text("{not json", encoding="utf-8")
    formulas.kept.cache_clear()
    assert formulas.kept() == table  # an unreadable entry is typeset again, and forgotten
    assert not kept.exists()
    formulas.kept.cache_clear()


def test_the_formulas_figure_prints_the_typeset_table(capsys: pytest.CaptureFixture[str]) -> None:
    from mlp_spec.report import formulas

    formulas.main()
    table = formulas.read(capsys.readouterr().out)
    assert table is not None and table == formulas.typeset() and table["03_forward_propagation"]


def test_formulas_whose_process_failed_are_typeset_here_without_a_second_one(
    cache: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A page whose formulas' process failed typeset them in a second process before doing it in its own."""
    from mlp_spec import cli
    from mlp_spec.report import formulas

    started: list[list[str]] = []
    popen = figures.subprocess.Popen

    def counted(args: list[str], *more: object, **options: object) -> object:
        started.append(list(args))
        return popen(args, *more, **options)  # type: ignore[call-overload]

    table = {"02_sigmoid": [("σ", "<math><mi>σ</mi></math>")]}
    monkeypatch.setitem(figures.COMMANDS, "formulas", [sys.executable, "-c", "raise SystemExit('no sympy')"])
    monkeypatch.setattr(figures.subprocess, "Popen", counted)
    monkeypatch.setattr(formulas, "typeset", lambda: table)
    formulas.kept.cache_clear()
    try:
        page = tmp_path / "page.html"
        assert cli.main(["run", "-q", "--id", "sigmoid.article/1", "--html", str(page)]) == 0
    finally:
        formulas.kept.cache_clear()
    assert sum("no sympy" in " ".join(args) for args in started) == 1
    assert "<mi>σ</mi>" in page.read_text(encoding="utf-8")
