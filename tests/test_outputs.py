"""Files mlp-spec writes (mlp_spec/outputs.py), on their own: whole or not at all, the check before a run,
what is no regular file and what is a link, a refusal at the end, and a console that outlives its reader.
The command's use of them is in tests/test_cli.py."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from mlp_spec import outputs


def test_a_file_is_replaced_whole_or_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text("the earlier report", encoding="utf-8")

    def half_then_fail(temporary: Path) -> None:
        temporary.write_text("half a rep", encoding="utf-8")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        outputs.write(path, half_then_fail)
    assert path.read_text(encoding="utf-8") == "the earlier report" and os.listdir(tmp_path) == ["report.html"]
    outputs.write_text(path, "the new report")
    assert path.read_text(encoding="utf-8") == "the new report" and os.listdir(tmp_path) == ["report.html"]
    assert path.stat().st_mode & 0o777 == 0o666 & ~_umask()


def test_a_link_is_kept_and_what_is_no_file_is_written_to_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
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
    # What is no file is never probed with a file made beside it (in /dev, as root, that would succeed).
    monkeypatch.setattr(outputs, "_cannot_make_files", lambda folder: "probed")
    assert outputs.problem(pipe) is None and outputs.problem(Path(os.devnull)) is None
    assert outputs.problem(tmp_path / "out.json") == "probed"


@pytest.mark.skipif(not Path("/proc/version").is_file(), reason="needs Linux's /proc")
def test_a_folder_that_takes_no_new_file_is_refused_before_the_run() -> None:
    """os.access says yes to root for /proc: a file made and removed there says no, before the run, not after it."""
    assert outputs.problem(Path("/proc/version")) == "cannot make a file in /proc (No such file or directory)"
    assert (
        outputs.problem(Path("/proc/vectors"), folder=True) == "cannot make a file in /proc (No such file or directory)"
    )


def test_the_console_drops_what_its_gone_reader_would_have_read() -> None:
    class Closed(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError

    console = outputs.Console(Closed())
    assert console.write("verdict") == 7 and console.gone
    console.flush()
    assert console.write("more") == 4 and console.isatty() is False


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def test_a_folder_output_must_be_a_folder_and_a_link_is_judged_by_where_it_points(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    assert outputs.problem(tmp_path / "file", folder=True) == f"not a folder: {tmp_path / 'file'}"
    assert outputs.problem(tmp_path / "new" / "deeper", folder=True) is None
    dangling = tmp_path / "link.json"
    dangling.symlink_to(tmp_path / "gone" / "target.json")
    assert outputs.problem(dangling) == f"folder does not exist: {tmp_path / 'gone'}"
    assert outputs.problem(tmp_path / "fine.json") is None and not list(tmp_path.glob(".mlp-spec-*"))


def test_a_file_the_system_refuses_is_unwritten_with_its_reason(tmp_path: Path) -> None:
    with pytest.raises(outputs.Unwritten) as refused:
        outputs.write_text(tmp_path / "gone" / "out.json", "{}")
    assert str(refused.value) == f"{tmp_path / 'gone' / 'out.json'}: No such file or directory"


def test_the_console_writes_through_until_its_reader_goes_and_then_points_at_nothing() -> None:
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


def test_a_reader_that_goes_at_a_flush_is_seen_there_too() -> None:
    class ClosedAtFlush(io.StringIO):
        def flush(self) -> None:
            raise BrokenPipeError

    console = outputs.Console(ClosedAtFlush())
    assert console.write("verdict") == 7 and not console.gone
    console.flush()
    assert console.gone and console.write("more") == 4


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux's /proc")
def test_a_pipe_given_as_a_path_takes_every_output_and_its_reader_may_go() -> None:
    """`--messages /dev/stdout --cucumberjson /dev/stdout | head`: /dev/stdout is then a pipe, whose real path
    names no file. Both may go to it, and a reader gone before the end is no error (it was an exit 2)."""
    read, write = os.pipe()
    os.close(read)
    try:
        pipe = f"/proc/self/fd/{write}"
        assert outputs.clash({"--messages": pipe, "--cucumberjson": pipe}) is None
        outputs.write_text(Path(pipe), "x" * 100_000)
    finally:
        os.close(write)


def test_a_stream_named_as_a_path_is_written_where_it_stands(tmp_path: Path) -> None:
    """`--summary /dev/stdout > verdict.txt`: opened again, the file stdout was sent to would start afresh (or a
    rename would replace it, and with several ports /dev/stdout-1 was made): the output follows the console."""
    assert [outputs.stream(Path(p)) for p in ("/dev/stdout", "/dev/stderr", "/dev/fd/7", "/proc/self/fd/12")] == [
        1,
        2,
        7,
        12,
    ]
    assert outputs.stream(Path("/dev/fd/x")) is None and outputs.stream(tmp_path / "stdout") is None
    assert not any(outputs.stream(Path(p)) is not None for p in ("/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"))
    redirected = tmp_path / "verdict.txt"
    descriptor = os.open(redirected, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        os.write(descriptor, b"the console's lines\n")
        path = Path(f"/dev/fd/{descriptor}")
        assert outputs.special(path) and outputs.problem(path) is None
        outputs.write_text(path, '{"verdict": 0}\n')
    finally:
        os.close(descriptor)
    assert redirected.read_text(encoding="utf-8") == 'the console\'s lines\n{"verdict": 0}\n'
    assert sorted(os.listdir(tmp_path)) == ["verdict.txt"]


@pytest.mark.parametrize("name", outputs.STANDARD_INPUT)
def test_standard_input_is_no_output(name: str) -> None:
    """Written to, it swallowed a page (pytest points it at /dev/null) or waited for a reader that never came."""
    assert outputs.problem(Path(name)) == f"standard input is no output: {name}"
