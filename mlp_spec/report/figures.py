"""The page's two figures that the reference computes — the loss plot of features/06 and the digits section of
features/07 — each made in a process of its own while the scenarios run, and kept in a cache.

Neither depends on the implementation under test: only on mlp-spec's and the reference's code and on the
versions of Python and the libraries that draw them. They are kept in the spec's cache (:mod:`mlp_spec.cache`),
keyed by all of these, so only the first ``--html`` run of a version pays for the figures (about two seconds
of processor time). The page's formulas (:mod:`mlp_spec.report.formulas`) are kept there too.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mlp_spec import outputs
from mlp_spec.cache import digest, folder

COMMANDS = {
    "plot": [sys.executable, "-m", "mlp_spec.report.plot"],
    "digits": [
        sys.executable,
        "-c",
        "import json, sys; from mlp_spec.report import digits; json.dump(digits.section(), sys.stdout)",
    ],
    "formulas": [sys.executable, "-c", "from mlp_spec.report import formulas; formulas.main()"],
}
PATIENCE = 300.0
"""Seconds a figure's process may take before the page goes without it."""
LIBRARIES = ("numpy", "scipy", "matplotlib", "scikit-learn", "mpmath", "sympy")


def key() -> str:
    """A digest of everything a figure depends on: the code of mlp_spec (its steps too) and mlp_ref, and the
    versions of the libraries that draw it."""
    return digest(("mlp_spec", "mlp_spec.steps", "mlp_ref"), LIBRARIES)


class Figure:
    """One figure: read from the cache, or started in a process of its own at once and read by :meth:`result`."""

    def __init__(self, name: str, args: list[str] | None = None) -> None:
        # With arguments (the loss plot of a port: --impl CMD) the figure is the port's: made, never cached.
        self.name, self.args = name, list(args or [])
        self.text: str | None = None
        self.problem = ""
        self.process: subprocess.Popen[bytes] | None = None
        path = self._path()
        if path is not None:
            try:
                self.text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                self.text = None
        if self.text is None:
            command = COMMANDS[name] + self.args
            self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def _path(self) -> Path | None:
        where = folder()
        return None if where is None or self.args else where / f"{self.name}-{key()}.txt"

    def result(self) -> tuple[str | None, str]:
        """The figure's text, or None and why not (the last line of its process's error output)."""
        if self.process is None:
            return self.text, self.problem
        try:
            out, err = self.process.communicate(timeout=PATIENCE)
        except subprocess.TimeoutExpired:
            # A port's loss plot asks a second instance of the port for 30,000 steps of training: a slow but
            # conformant port gets a page without its plot, and the reason, not a run that ends in a traceback.
            self.stop()
            self.process, self.problem = None, f"not drawn within {PATIENCE:g} s"
            return None, self.problem
        if self.process.returncode != 0:
            last = err.decode("utf-8", "replace").strip().splitlines()
            return None, last[-1] if last else f"exit status {self.process.returncode}"
        self.text, self.process = out.decode("utf-8"), None
        path = self._path()
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                outputs.write_text(path, self.text)
            except OSError:
                pass  # a cache that cannot be written only costs the next run the same time again
        return self.text, ""

    def forget(self) -> None:
        """Remove the kept entry (one that cannot be read), so that the next run makes the figure again."""
        path = self._path()
        if path is not None:
            path.unlink(missing_ok=True)

    def stop(self) -> None:
        """End the process of a session that ended early."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.communicate()
