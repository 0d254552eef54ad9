"""The report as a reader sees it: headless Chromium lays out the pages that ``mlp-spec run --html`` writes for
the reference and for a port that lies, and is asked what it drew, over ``--remote-debugging-pipe`` (the
DevTools protocol as NUL-separated JSON on file descriptors 3 and 4), so nothing listens on a port.
"""

from __future__ import annotations

import base64
import fcntl
import io
import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.doubles.processes import command
from tests.page_tree import parse, scenario, scenarios, words
from tests.report_runs import NUMBER

LYING = command("lying")
"""A port that lies, over a pipe: its second final output is off by 1e-3, and it lacks the gradient rule."""

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
FLAGS = """--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --hide-scrollbars
    --disable-background-networking --disable-component-update --disable-sync"""
RED, GREEN = (179, 38, 30), (30, 123, 69)  # --failed and --passed in report.css
MAX_BYTES = 200_000
"""The whole spec's page stays light enough to open, mail and archive."""


class Chromium:
    """Headless Chromium over --remote-debugging-pipe: commands in on fd 3, answers and events out on fd 4."""

    def __init__(self, executable: str, profile: str) -> None:
        to_chromium, self._in = os.pipe()
        self._out, from_chromium = os.pipe()
        # Out of the way of 3 and 4 first, or moving one end there could overwrite the other.
        to_chromium, from_chromium = (_above(fd, 10) for fd in (to_chromium, from_chromium))
        # bash (which, unlike dash, takes descriptors above 9) puts the two ends where Chromium expects them.
        shell = f'exec "$@" 3<&{to_chromium} 4>&{from_chromium}'
        chromium = [executable, *FLAGS.split(), f"--user-data-dir={profile}", "--remote-debugging-pipe"]
        self.process = subprocess.Popen(
            ["bash", "-c", shell, "bash", *chromium],
            pass_fds=(to_chromium, from_chromium),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_chromium)
        os.close(from_chromium)
        self._buffer, self._id = b"", 0
        self._events: list[dict[str, Any]] = []

    def _receive(self, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._out], [], [], max(0.0, deadline - time.monotonic()))
            chunk = os.read(self._out, 1 << 16) if ready else b""
            if not chunk:
                raise AssertionError("Chromium stopped answering (closed its pipe or timed out)")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return dict(json.loads(message))

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> Any:
        self._id += 1
        command: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if session:
            command["sessionId"] = session
        os.write(self._in, json.dumps(command).encode() + b"\0")
        while True:
            message = self._receive()
            if message.get("id") == self._id:
                assert "error" not in message, f"{method}: {message['error']}"
                return message["result"]
            self._events.append(message)

    def wait_for(self, event: str, session: str) -> None:
        while not any(e.get("method") == event and e.get("sessionId") == session for e in self._events):
            self._events.append(self._receive())
        self._events.clear()

    def open(self, page: Path, width: int = 1200, height: int = 1000) -> str:
        """A new tab showing ``page``, loaded; its session id."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = str(self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"])
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
            session,
        )
        self.send("Page.enable", session=session)
        self.send("Page.navigate", {"url": page.as_uri()}, session)
        self.wait_for("Page.loadEventFired", session)
        return session

    def evaluate(self, session: str, expression: str) -> Any:
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session)
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"]["value"]

    def screenshot(self, session: str, box: dict[str, float], path: Path) -> Any:
        """The page's pixels inside ``box`` (page coordinates), saved to ``path`` and returned as an image."""
        from PIL import Image

        clip = {k: box[k] for k in ("x", "y", "width", "height")} | {"scale": 1}
        shot = self.send(
            "Page.captureScreenshot", {"format": "png", "clip": clip, "captureBeyondViewport": True}, session
        )
        path.write_bytes(base64.b64decode(shot["data"]))
        return Image.open(io.BytesIO(path.read_bytes())).convert("RGB")

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        os.close(self._in)
        os.close(self._out)


def _above(fd: int, lowest: int) -> int:
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, lowest)
    os.close(fd)
    return moved


MEASURE = """(() => {
  const box = e => { const r = e.getBoundingClientRect();
                     return {x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height}; };
  const one = selector => { const e = document.querySelector(selector); return e && box(e); };
  return {
    maths: [...document.querySelectorAll('figure.formulas math')].map(
        m => ({...box(m), display: getComputedStyle(m).display})),
    fractions: [...document.querySelectorAll('figure.formulas mfrac')].map(box),
    verdict: {...one('p.verdict'), color: getComputedStyle(document.querySelector('p.verdict')).color},
    story: one('main > section.feature'),
    wrong: [...document.querySelectorAll('td.bad .actual')].map(e => ({...box(e), color: getComputedStyle(e).color})),
    failures: one('section.failures'),
    unfolded: [...document.querySelectorAll('.failure details')].map(
        d => d.open || d.querySelector('pre').checkVisibility()),
    plot: one('figure.plot svg'),
    network: one('figure.network svg'),
  };
})()"""


def pixels_like(image: Any, colour: tuple[int, int, int], within: int = 40) -> int:
    data = image.tobytes()
    return sum(all(abs(data[i + k] - colour[k]) <= within for k in range(3)) for i in range(0, len(data), 3))


@pytest.fixture(scope="module")
def chromium() -> Iterator[Chromium]:
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("Chromium is not installed: apt-get install -y chromium (Debian), then pytest -m browser")
    browser = Chromium(executable, tempfile.mkdtemp(prefix="mlp-spec-chromium-"))
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """``mlp-spec run --html``, the whole spec, for the reference and for the port that lies, side by side."""
    where = tmp_path_factory.mktemp("pages")
    command = [str(Path(sys.executable).with_name("mlp-spec")), "run", "-q"]
    impl = {"reference": [], "lying": ["--impl", LYING]}
    runs = {
        name: subprocess.Popen(
            [*command, *impl[name], "--html", str(where / f"{name}.html")],
            cwd=where,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for name in impl
    }
    # Both runs end before anything is judged, so that a failed check leaves no run behind.
    outputs = {name: run.communicate(timeout=600)[0].decode(errors="replace") for name, run in runs.items()}
    for name, run in runs.items():
        assert run.returncode == (0 if name == "reference" else 1), outputs[name][-3000:]
        size = (where / f"{name}.html").stat().st_size
        print(f"{name}: {size:,} bytes")
        assert size <= MAX_BYTES, f"{name}.html is {size:,} bytes, more than {MAX_BYTES:,}"
    return {name: where / f"{name}.html" for name in runs}


def test_the_reference_report_renders_its_verdict_formulas_plot_and_japanese(
    chromium: Chromium, pages: dict[str, Path], tmp_path: Path
) -> None:
    session = chromium.open(pages["reference"])
    seen = chromium.evaluate(session, MEASURE)
    assert seen["verdict"]["color"] == f"rgb{GREEN}"
    assert not seen["failures"] and not seen["wrong"]
    # MathML laid out as mathematics: block boxes with size, and fractions stacked over two lines.
    assert len(seen["maths"]) >= 15
    assert all(m["display"] == "block math" and m["width"] > 40 and m["height"] > 8 for m in seen["maths"])
    assert seen["fractions"] and all(f["height"] > 24 for f in seen["fractions"])
    assert seen["plot"]["width"] > 400 and seen["plot"]["height"] > 200
    assert seen["network"]["width"] > 400
    verdict = seen["verdict"]
    assert verdict["y"] < seen["story"]["y"], "the verdict's line stands above the story"
    line = chromium.screenshot(session, verdict | {"x": 0, "width": 1200}, tmp_path / "verdict.png")
    assert pixels_like(line, GREEN) > 200 and pixels_like(line, RED) == 0
    page = parse(pages["reference"])
    n = len(scenarios(page))
    # The counts the console's closing line gives: the port's scenarios, and apart the spec's own checks.
    said = re.search(r"scenarios: (\d+) passed, 0 failed, 0 skipped; the spec's own checks: (\d+) passed", words(page))
    assert said is not None and int(said[1]) + int(said[2]) == n and n > 70
    rejections = page.by_id("feature-20_bad_input").find("table", "examples").find_all("tr")
    assert len(rejections) > 30 and all(row.find_all("td")[-1].find("q") for row in rejections)
    # The fonts Chromium drew a Japanese quote's glyphs with (DevTools' CSS.getPlatformFontsForNode): Japanese,
    # from Debian's fonts-noto-cjk, and no glyph left to another font (tofu).
    chromium.send("DOM.enable", session=session)
    chromium.send("CSS.enable", session=session)
    root = chromium.send("DOM.getDocument", session=session)["root"]["nodeId"]
    quote = {"nodeId": root, "selector": "#feature-01_matrix_product blockquote [lang=ja]"}
    node = chromium.send("DOM.querySelector", quote, session)["nodeId"]
    assert node, "no Japanese quote in features/01"
    fonts = chromium.send("CSS.getPlatformFontsForNode", {"nodeId": node}, session)["fonts"]
    drawn = {font["familyName"]: font["glyphCount"] for font in fonts}
    # The first of the page's Japanese fonts that Debian has: the Japanese forms, not the Chinese ones.
    assert list(drawn) == ["Noto Sans CJK JP"], f"the quote is drawn in {drawn}"
    # Scrolled to the end, the contents list is still in view, and the folds are closed.
    seen = chromium.evaluate(
        session,
        """(() => { scrollTo(0, document.body.scrollHeight);
                    const r = document.querySelector('nav.contents').getBoundingClientRect();
                    return {top: r.top, bottom: r.bottom, height: innerHeight, scrolled: scrollY,
                            open: [...document.querySelectorAll('details.fold')].map(d => d.open)}; })()""",
    )
    assert seen["scrolled"] > 10_000 and 0 <= seen["top"] < seen["height"] and seen["bottom"] > 0
    assert seen["open"] == [False, False]


def test_a_failing_port_shows_its_failures_in_red(chromium: Chromium, pages: dict[str, Path], tmp_path: Path) -> None:
    session = chromium.open(pages["lying"])
    seen = chromium.evaluate(session, MEASURE)
    assert seen["verdict"]["color"] == f"rgb{RED}"
    assert seen["failures"]["height"] > 50 and seen["failures"]["y"] < seen["story"]["y"]  # before any feature
    assert seen["wrong"] and all(w["color"] == f"rgb{RED}" and w["height"] > 8 for w in seen["wrong"])
    assert not any(seen["unfolded"])  # the messages and tracebacks (of failures no grid shows) stay folded away
    cell = seen["wrong"][0]
    around = {"x": 0, "y": cell["y"] - 150, "width": 1200, "height": 300}
    shot = chromium.screenshot(session, around, tmp_path / "failing-grid.png")
    assert pixels_like(shot, RED) > 100, f"no red where the failing cell is: see {tmp_path / 'failing-grid.png'}"


def test_every_quoted_certified_and_measured_step_shows_its_numbers(pages: dict[str, Path]) -> None:
    """The whole spec's page, for every scenario of numbers: each Then-step's table of the article's (or the
    certified) numbers, as the feature writes them, with the answer beside them (a value of more than 16 numbers,
    the digits' weights, by its count); an outline's values in its row; the digits' counts as measured."""
    from pytest_bdd.parser import FeatureParser, render_string

    from mlp_spec.report.views import LARGE_VALUE

    page, shown = parse(pages["reference"]), {"quoted": 0, "certified": 0, "measured": 0}
    for path in sorted((ROOT / "features").glob("*.feature")):
        for template in FeatureParser(str(ROOT / "features"), path.name).parse().scenarios.values():
            kind = next((k for k in shown if k in template.tags), None)
            if kind is None:
                continue
            base = next(tag.removeprefix("id:") for tag in template.tags if tag.startswith("id:"))
            examples = [c for e in template.examples for c in e.as_contexts()] or [{}]
            for example in examples:
                case, name = f"{base}/{example['id']}" if example else base, render_string(template.name, example)
                said = words(scenario(page, case, name))
                then = [step for step in template.steps if step.type == "then"]
                for step in then:
                    cells = [c.value for row in step.datatable.rows for c in row.cells] if step.datatable else []
                    if cells and all(NUMBER.fullmatch(c) for c in cells):
                        rows = len(step.datatable.rows)  # type: ignore[union-attr]
                        big = f"{rows}×{len(cells) // rows} values"
                        assert (big in said) if len(cells) > LARGE_VALUE else all(c in said for c in cells), step.name
                        shown[kind] += 1
                if kind == "measured":
                    counted = re.search(r"measured recognised = (\d+)", said)
                    assert counted is not None and int(counted[1]) >= int(example["least"]), said
                    shown[kind] += 1
                else:  # an outline's numbers in its row, and the answer beside them
                    assert all(v in said for k, v in example.items() if k != "id" and NUMBER.fullmatch(v)), said
                    assert re.search(r"answer|values; largest \|a − e\|", said), said
    assert shown["quoted"] > 10 and shown["certified"] > 30 and shown["measured"] == 2


def test_every_claim_of_every_proof_appears(pages: dict[str, Path]) -> None:
    from pytest_bdd.parser import FeatureParser

    feature = FeatureParser(str(ROOT / "features"), "09_proofs.feature").parse()
    written = [
        [" ".join(cell.value.split()) for cell in row.cells]
        for scenario in feature.scenarios.values()
        for step in scenario.steps
        if step.datatable is not None and step.name == "each of these claims holds:"
        for row in step.datatable.rows[1:]
    ]
    section = parse(pages["reference"]).by_id("feature-09_proofs")
    shown = [
        [words(td) for td in tr.find_all("td")]
        for table in section.find_all("table", "datatable")
        for tr in table.find("tbody").find_all("tr")
    ]
    assert shown == written and len(shown) >= 20
