"""Files mlp-spec writes (mlp_spec/outputs.py), on their own, and a console that outlives its reader; the
command's use of them is in tests/test_cli.py."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mlp_spec import outputs


def test_a_file_is_replaced_whole_or_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text("the earlier report", encoding="utf-8")

    def half_then_fail(temporary: Path) -> None:
        # Beside the file (a rename cannot cross file systems), hidden, and named for what it is if left by a kill -9.
        assert temporary.parent == tmp_path and re.fullmatch(r"\.mlp-spec-\w+\.part", temporary.name)
        temporary.write_text("half a rep", encoding="utf-8")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        outputs.write(path, half_then_fail)
    assert path.read_text(encoding="utf-8") == "the earlier report" and os.listdir(tmp_path) == ["report.html"]
    outputs.write_text(path, "the new report")
    assert path.read_text(encoding="utf-8") == "the new report" and os.listdir(tmp_path) == ["report.html"]
    assert path.stat().st_mode & 0o777 == 0o666 & ~_umask()
    path.chmod(0o600)  # a private file stays private
    outputs.write_text(path, "the third report")
    assert path.stat().st_mode & 0o777 == 0o600
    longest = tmp_path / ("r" * 250 + ".html")  # the longest name a file may have, near enough
    outputs.write_text(longest, "a report")
    assert longest.read_text(encoding="utf-8") == "a report" and longest.stat().st_mode & 0o777 == 0o666 & ~_umask()


@pytest.mark.slow  # a process of its own, in a locale whose encoding is ASCII
def test_a_file_is_written_in_utf_8_whatever_the_locale(tmp_path: Path) -> None:
    code = "import locale, sys; from mlp_spec import outputs; print(locale.getpreferredencoding(False))"
    code += "; outputs.write_text(sys.argv[1], 'op forward \\u2713 19/19')"  # the command line is ASCII too
    environment = os.environ | {"LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}
    argv = [sys.executable, "-X", "utf8=0", "-c", code, str(tmp_path / "summary.txt")]
    done = subprocess.run(argv, env=environment, capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout.strip().lower() in ("ansi_x3.4-1968", "ascii", "us-ascii")  # the locale took hold
    assert (tmp_path / "summary.txt").read_text(encoding="utf-8") == "op forward ✓ 19/19"


def test_a_link_is_kept_and_what_is_no_file_is_written_to_as_it_is(tmp_path: Path) -> None:
    """Renaming into place would replace a symbolic link with a file, and /dev/null or a pipe with one too."""
    target, link = tmp_path / "target.json", tmp_path / "link.json"
    target.write_text("old", encoding="utf-8")
    link.symlink_to(target)
    outputs.write_text(link, "new")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new"
    assert sorted(os.listdir(tmp_path)) == ["link.json", "target.json"]
    # A named pipe of the test's own stands for /dev/null and /dev/stdout: what it is, it stays.
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)
    try:
        outputs.write_text(pipe, "through the pipe")
        assert os.read(reader, 100) == b"through the pipe" and pipe.is_fifo()
    finally:
        os.close(reader)
    assert outputs.problem(pipe) is None and outputs.problem(Path(os.devnull)) is None
    assert outputs.clash({"--messages": os.devnull, "--cucumberjson": os.devnull}) is None
    said = f"--messages and --summary name the same file: {link}"  # the link, and what it points to
    assert outputs.clash({"--messages": str(target), "--html": None, "--summary": str(link)}) == said
    assert outputs.clash({"--messages": str(target), "--summary": str(tmp_path / "other.json")}) is None
    # All or none: a device that refuses (a full disk) leaves the regular files of the same run as they were.
    with pytest.raises(outputs.Unwritten, match=r"^/dev/full: No space left on device$"):
        outputs.write_all(
            [(target, lambda made: made.write_text("newer")), ("/dev/full", lambda made: made.write_text("x"))]
        )
    assert target.read_text(encoding="utf-8") == "new" and sorted(os.listdir(tmp_path)) == [
        "link.json",
        "pipe",
        "target.json",
    ]


def test_standard_output_is_a_dash_and_follows_the_console(
    capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    print("the console's lines", flush=True)
    assert outputs.problem("-") is None and outputs.special("-")
    assert outputs.clash({"--summary": "-", "--messages": "-"}) is None
    outputs.write_text("-", '{"verdict": 0}\n')
    assert capfdbinary.readouterr().out == b'the console\'s lines\n{"verdict": 0}\n'
    read, write = os.pipe()  # a reader gone before the output (`mlp-spec run --html - | head`): no error of ours
    os.close(read)
    with os.fdopen(write, "w") as gone, monkeypatch.context() as patch:
        patch.setattr(outputs.sys, "stdout", gone)
        outputs.write_text("-", "x" * 100_000)


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def test_what_cannot_be_written_is_refused_before_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder output must be a folder, and a link is judged by where it points. What the system refuses is
    said as os.access says it (root may write anywhere, so the test makes its answer)."""
    (tmp_path / "file").write_text("", encoding="utf-8")
    assert outputs.problem(tmp_path / "file", folder=True) == f"not a folder: {tmp_path / 'file'}"
    assert outputs.problem(tmp_path / "new" / "deeper", folder=True) is None
    dangling = tmp_path / "link.json"
    dangling.symlink_to(tmp_path / "gone" / "target.json")
    assert outputs.problem(dangling) == f"folder does not exist: {tmp_path / 'gone'}"
    assert outputs.problem(tmp_path / "fine.json") is None
    monkeypatch.setattr(outputs.os, "access", lambda path, mode: False)
    assert outputs.problem(tmp_path / "page.html") == f"cannot make a file in {tmp_path}"
    assert outputs.problem("-") is None, "standard output, from a folder that cannot be written to"
    assert outputs.problem(tmp_path / "file") == f"not writable: {tmp_path / 'file'}"
    assert outputs.problem(tmp_path / "vectors", folder=True) == f"not writable: {tmp_path}"


def test_a_file_the_system_refuses_is_unwritten_with_its_reason(tmp_path: Path) -> None:
    with pytest.raises(outputs.Unwritten) as refused:
        outputs.write_text(tmp_path / "gone" / "out.json", "{}")
    assert str(refused.value) == f"{tmp_path / 'gone' / 'out.json'}: No such file or directory"


def test_the_console_writes_through_until_its_reader_goes_at_a_write_or_a_flush_then_points_at_nothing() -> None:
    shown = io.StringIO()
    console = outputs.Console(shown)
    assert console.write("verdict") == 7 and shown.getvalue() == "verdict" and not console.gone
    console.flush()
    read, write = os.pipe()
    os.close(read)
    with os.fdopen(write, "w") as stream:
        console = outputs.Console(stream)
        console.write("x" * 100_000)  # more than the pipe holds: written, it finds no reader
        console.flush()
        assert console.gone
        assert os.fstat(write).st_rdev == os.stat(os.devnull).st_rdev, "the descriptor now points at nothing"

    class Closed(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError

    class ClosedAtFlush(io.StringIO):
        def flush(self) -> None:
            raise BrokenPipeError

    console = outputs.Console(Closed())
    assert console.write("verdict") == 7 and console.gone
    console.flush()
    assert console.write("more") == 4 and console.isatty() is False
    console = outputs.Console(ClosedAtFlush())
    assert console.write("verdict") == 7 and not console.gone
    console.flush()
    assert console.gone and console.write("more") == 4
