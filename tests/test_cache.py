"""The spec's cache: its own mathematics computed once and read back, keyed by what it depends on."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mlp_spec import cache
from mlp_spec.report import figures


@pytest.fixture
def kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MLP_SPEC_CACHE", str(tmp_path / "new" / "cache"))  # made with the folders above it
    return tmp_path / "new" / "cache"


SIGMOID = ("exact.handle", "sigmoid", {"x": [0]})
"""σ(0) = 0.5 at 50 digits: maths of the spec's own that is quick, and needs no sympy."""


def test_the_maths_is_computed_once_then_read_back_and_each_call_has_its_own_entry(
    kept: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cache.memo(*SIGMOID) == {"y": [0.5]}
    (entry,) = kept.iterdir()
    assert entry.name.startswith(f"maths-{cache.digest(cache.MATHS, cache.MATHS_LIBRARIES)}-")
    assert cache.memo("exact.handle", "sigmoid", {"x": [1]}) != {"y": [0.5]}
    assert len(list(kept.iterdir())) == 2
    monkeypatch.setattr("mlp_spec.truth.exact.handle", lambda op, args: "computed again")
    assert cache.memo(*SIGMOID) == {"y": [0.5]}
    entry.write_bytes(b"cut sh")  # an entry that cannot be read is made again
    assert cache.memo(*SIGMOID) == "computed again"


def test_a_cache_that_cannot_be_written_costs_only_time_and_the_cache_can_be_turned_off(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("MLP_SPEC_CACHE", str(tmp_path / "file" / "cache"))
    assert cache.memo(*SIGMOID) == {"y": [0.5]}
    monkeypatch.setenv("MLP_SPEC_CACHE", "off")
    assert cache.folder() is None
    assert cache.memo(*SIGMOID) == {"y": [0.5]}
    monkeypatch.delenv("MLP_SPEC_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.folder() == tmp_path / "mlp-spec"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.folder() == tmp_path / ".cache" / "mlp-spec"


def test_the_key_follows_the_sources_and_the_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    """The maths' key changes with the truth modules and sympy's version, and with nothing else; the loss plot's
    with the reference and the plot's module, and not with the steps."""
    maths, drawn = cache.digest(cache.MATHS, cache.MATHS_LIBRARIES), figures.key("plot")
    assert len(maths) == 24 and maths != drawn

    def keys() -> tuple[str, str]:
        cache.digest.cache_clear()
        return cache.digest(cache.MATHS, cache.MATHS_LIBRARIES), figures.key("plot")

    monkeypatch.setattr(cache, "version", lambda library: "0.0.1")
    assert keys()[0] != maths
    monkeypatch.undo()
    read_bytes = Path.read_bytes
    for package, module, follows in (
        ("truth", "proofs.py", (True, False)),
        ("mlp_ref", "training.py", (False, True)),
        ("report", "plot.py", (False, True)),
        ("steps", "proofs.py", (False, False)),
    ):

        def edited(path: Path, p: str = package, m: str = module) -> bytes:
            return read_bytes(path) + (b"#" if (path.parent.name, path.name) == (p, m) else b"")

        monkeypatch.setattr(Path, "read_bytes", edited)
        assert tuple(new != old for new, old in zip(keys(), (maths, drawn), strict=True)) == follows, module
        monkeypatch.undo()
    cache.digest.cache_clear()


@pytest.mark.slow
def test_a_warm_run_imports_no_sympy(kept: Path) -> None:
    """Every sympy result a run of the spec needs is read from the cache the second time, and sympy is never
    imported (a third of a second)."""
    run = "import sys; from mlp_spec.cli import main; status = main(['run', '-q']); print('sympy' in sys.modules)"
    environment = {"MLP_SPEC_CACHE": str(kept), "PATH": "/usr/bin:/bin"}
    said = [subprocess.run([sys.executable, "-c", run], capture_output=True, text=True, env=environment) for _ in "12"]
    assert [out.stdout.splitlines()[-1] for out in said] == ["True", "False"], said[1].stderr
