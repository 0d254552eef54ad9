"""mlp-spec installed from its wheel, as a CI job in another repository would install it: the command works
from any folder, and the pytest of an unrelated project (with pytest-html beside) is left exactly as it was.

Slow (it builds the wheel and fills a fresh virtual environment): run with ``pytest -m slow``; .ci/run does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow

UNRELATED = """
import sys


def test_pytest_alone_imports_no_numpy():
    assert not {"numpy", "scipy", "mlp_spec"} & set(sys.modules)
"""


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, env=env, timeout=600)
    assert done.returncode == 0, f"{command}: {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel built from this repository, and pytest-html; its bin/."""
    where = tmp_path_factory.mktemp("install")
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(where / "dist"), str(ROOT)], where)
    venv.create(where / "venv", with_pip=True)
    bin_dir = where / "venv" / "bin"
    wheel = next((where / "dist").glob("mlp_spec-*.whl"))
    run([str(bin_dir / "pip"), "install", "--quiet", f"{wheel}[report]", "pytest-html"], where)
    return bin_dir


def test_an_unrelated_project_s_pytest_is_left_alone(installed: Path, tmp_path: Path) -> None:
    (tmp_path / "test_unrelated.py").write_text(UNRELATED, encoding="utf-8")
    run([str(installed / "pytest"), "-q", "--html=report.html"], tmp_path)
    assert (tmp_path / "report.html").is_file()  # pytest-html's, unhindered
    text = run([str(installed / "pytest"), "--help"], tmp_path).stdout
    assert "--impl" not in text and "--messages" not in text and "--id" not in text
    python = str(installed / "python")
    assert subprocess.run([python, "-c", "import steps"], cwd=tmp_path, capture_output=True).returncode != 0
    where = "import mlp_spec.steps, mlp_spec.session as s; print(s.FEATURES.relative_to(s.PACKAGE))"
    assert run([python, "-c", where], tmp_path).stdout == "features\n"  # the features inside the package


def test_the_command_works_from_any_folder(installed: Path, tmp_path: Path) -> None:
    command = str(installed / "mlp-spec")
    closing = run([command, "run"], tmp_path).stdout.rstrip().splitlines()[-1]
    assert "the reference, in process: conformant: the whole protocol (exit 0)" in closing and " 0 failed" in closing
    run([command, "run", "--id", "forward", "--html", "report.html", "--cucumberjson", "run.json"], tmp_path)
    assert (tmp_path / "report.html").stat().st_size > 10_000 and json.loads((tmp_path / "run.json").read_text())
    cases = json.loads(run([command, "list", "--json"], tmp_path).stdout)
    here = json.loads(run([sys.executable, "-m", "mlp_spec", "list", "--json"], ROOT).stdout)
    assert cases == here and len(cases) > 100
    run([command, "vectors", "--out", "vectors"], tmp_path)
    written = json.loads((tmp_path / "vectors" / "mlp-spec-vectors.json").read_text(encoding="utf-8"))
    committed = json.loads((ROOT / "vectors" / "mlp-spec-vectors.json").read_text(encoding="utf-8"))
    assert written == committed
    assert "gradient" in run([command, "derive"], tmp_path).stdout
    run([str(installed / "python"), "-m", "mlp_spec", "--version"], tmp_path)


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_a_port_is_checked_from_any_folder(installed: Path, tmp_path: Path) -> None:
    port = f"node {ROOT / 'ports' / 'javascript' / 'adapter.js'}"
    env = {**os.environ, "PATH": f"{installed}{os.pathsep}{os.environ['PATH']}"}
    done = run([str(installed / "mlp-spec"), "run", "--impl", port], tmp_path, env)
    assert ": conformant: the whole protocol (exit 0)" in done.stdout.rstrip().splitlines()[-1]
