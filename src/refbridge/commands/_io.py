"""The conventions every sub-command shares: inputs, outputs, formats, option values, progress.

* An input file may be ``-`` for standard input; a missing file, a folder, a closed standard
  input or a binary file is an :class:`~refbridge.errors.InputError` naming it.
* ``-o OUT`` into a folder that does not exist is refused before any work is done.
* ``-f/--format json`` is one JSON document, ``jsonl`` one JSON object per line.
* ``--encoding`` names the encoding of text input; by default it is detected (UTF-8 with or
  without a BOM, UTF-16, then cp1251/KOI8-R/cp1252, as the text reader does).
* Progress bars (tqdm) go to standard error, only when it is a terminal and not ``--quiet``.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import io
import json
import math
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from pathlib import Path
from typing import IO, Any, TypeVar

from ..errors import InputError, Location, RefbridgeError
from ..model import Document
from ..parsing import DEFAULT_SEGMENTER, SEGMENTERS
from ..readers import read_bytes, read_file_bytes
from ..readers.text import decode, decode_bytes, iter_lines, split_lines

T = TypeVar("T")

STDIN = "<stdin>"
_settings = {"quiet": False}


def description(doc: str | None) -> str | None:
    """A command's ``--help`` description: its module docstring without the synopsis line."""
    return doc.split("\n\n", 1)[1] if doc and "\n\n" in doc else doc


# --- options -------------------------------------------------------------------------------


def add_parser_option(parser: argparse.ArgumentParser) -> None:
    """``--parser NAME`` (alias ``--segmenter``): which parser reads reference strings.

    ``cli`` applies it to everything the command parses (:func:`refbridge.parsing.
    using_segmenter`).
    """
    parser.add_argument(
        "--parser",
        "--segmenter",
        dest="parser",
        choices=SEGMENTERS.names(),
        default=None,
        help=f"which parser labels reference strings (default: {DEFAULT_SEGMENTER})",
    )


def add_output_option(parser: argparse.ArgumentParser) -> None:
    """The ``-o/--output OUT`` option that :func:`open_output` reads (default standard output)."""
    parser.add_argument(
        "-o", "--output", metavar="OUT", help="write here instead of standard output"
    )


def add_format_option(
    parser: argparse.ArgumentParser,
    choices: Sequence[str],
    default: str,
    help: str = "output format",
) -> None:
    """``-f/--format`` with the shared meanings (``json`` one document, ``jsonl`` lines)."""
    parser.add_argument(
        "-f", "--format", choices=choices, default=default, help=f"{help} (default {default})"
    )


def add_encoding_option(parser: argparse.ArgumentParser) -> None:
    """``--encoding NAME``: the encoding of text input (default: detected)."""
    parser.add_argument(
        "--encoding",
        type=encoding_name,
        default=None,
        metavar="NAME",
        help="encoding of text input, e.g. cp1251 (default: detected; UTF-8 with or without BOM)",
    )


def encoding_name(value: str) -> str:
    """An ``--encoding`` value Python knows, else a usage error."""
    try:
        return codecs.lookup(value).name
    except LookupError:
        raise argparse.ArgumentTypeError(f"unknown encoding {value!r}") from None


def bounded(
    kind: Callable[[str], Any], low: float | None = None, high: float | None = None
) -> Callable[[str], Any]:
    """An argparse ``type`` that converts with ``kind`` and refuses values outside low..high."""

    def convert(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            wanted = "a whole number" if kind is int else "a number"
            raise argparse.ArgumentTypeError(f"not {wanted}: {text!r}") from None
        if isinstance(value, float) and not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"not a finite number: {text!r}")
        if (low is not None and value < low) or (high is not None and value > high):
            where = (
                f"between {low:g} and {high:g}"
                if low is not None and high is not None
                else f"at least {low:g}"
                if low is not None
                else f"at most {high:g}"
            )
            raise argparse.ArgumentTypeError(f"must be {where}, not {text}")
        return value

    convert.__name__ = kind.__name__  # argparse names the type in its messages
    return convert


# --- inputs --------------------------------------------------------------------------------


def source_name(path: str | None) -> str:
    """How messages name an input: its path, or ``<stdin>`` for ``-``."""
    return STDIN if path in (None, "-") else str(path)


def _stdin() -> IO[str]:
    stream = sys.stdin
    if stream is None or stream.closed:
        raise InputError(
            "standard input is closed; name a file instead of -", location=Location(STDIN)
        )
    return stream


def read_input_bytes(path: str | None) -> bytes:
    """The bytes of a file or of standard input (``-``), or an InputError naming it."""
    if path in (None, "-"):
        stream = _stdin()
        try:
            buffer = getattr(stream, "buffer", None)  # a text stream in tests and embeddings
            return buffer.read() if buffer is not None else stream.read().encode("utf-8")
        except OSError as exc:
            raise InputError(
                f"cannot read standard input: {exc.strerror or exc}", location=Location(STDIN)
            ) from None
    return read_file_bytes(path)


def decode_text(data: bytes, source: str, encoding: str | None = None) -> str:
    """Text of line input: in ``encoding`` if named, else detected as the text reader does."""
    if encoding:
        return decode_bytes(data, encoding, source)
    return decode(data, source, lines=True)[0]


def read_input_lines(path: str | None, encoding: str | None = None) -> list[str]:
    """All lines of a file or of standard input, decoded whole: binary input is refused.

    Lines end as in every text input (:func:`refbridge.readers.text.split_lines`).
    """
    return split_lines(decode_text(read_input_bytes(path), source_name(path), encoding))


def iter_input_lines(path: str | None, encoding: str | None = None) -> Iterable[str]:
    """Lines of a file or of standard input (``-`` or None), without their line ends.

    A file is read as :func:`read_input_lines` does (a list: its length sizes a progress bar);
    standard input is streamed (:func:`refbridge.readers.text.iter_lines`), so that a
    pipeline sees each result as soon as it is ready.
    """
    if path not in (None, "-"):
        return read_input_lines(path, encoding)
    stream: IO[str] = _stdin()  # a closed one is refused now, before any output is opened
    buffer = getattr(stream, "buffer", None)  # a text stream in tests and embeddings has none
    if buffer is not None:  # newline="": pieces end at any line end, which stays for iter_lines
        stream = io.TextIOWrapper(
            buffer, encoding=encoding or "utf-8-sig", errors="replace", newline=""
        )
    return iter_lines(stream)


def read_document_input(path: str, reader: str | None = None) -> Document:
    """A document from a file or standard input, read by ``reader`` or by detection (for
    commands that need the document itself, as ``check-citations`` needs its text)."""
    return read_bytes(read_input_bytes(path), source_name(path), reader)


# --- outputs -------------------------------------------------------------------------------

#: Input echoed in an output row is cut here, so a 5 MB junk line stays a short record.
ECHO_LIMIT = 1_000


def echo(text: str) -> str:
    """``text`` for an output row that repeats the input: cut to :data:`ECHO_LIMIT`."""
    return text[:ECHO_LIMIT] + "…" if len(text) > ECHO_LIMIT else text


def check_output_path(path: str | None) -> None:
    """Refuse ``-o OUT`` before the work starts: a missing folder, a folder, a read-only place."""
    if not path or path == "-":
        return
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise InputError("is a folder; name a file to write", location=Location(path))
    if not folder.is_dir():
        raise InputError(
            f"cannot write: the folder {str(folder)!r} does not exist", location=Location(path)
        )
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise InputError("cannot write: permission denied", location=Location(path))


@contextlib.contextmanager
def open_output(path: str | None) -> Iterator[IO[str]]:
    """``-o FILE`` or standard output, always UTF-8."""
    if path and path != "-":
        check_output_path(path)
        try:
            handle = open(path, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
        except OSError as exc:
            raise RefbridgeError(
                f"cannot write: {exc.strerror or exc}", location=Location(path)
            ) from None
        try:
            with handle:  # opened apart so that only opening becomes "cannot write"
                yield handle
        except OSError as exc:  # the disk filled up (often only seen when the file is closed)
            if isinstance(exc, RefbridgeError) or exc.filename:
                raise
            raise RefbridgeError(
                f"cannot write: {exc.strerror or exc}", location=Location(path)
            ) from None
    else:
        with contextlib.suppress(AttributeError, ValueError):
            sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
        yield sys.stdout


@contextlib.contextmanager
def rows_survive_ctrl_c() -> Iterator[None]:
    """The first Ctrl-C raises :class:`KeyboardInterrupt` and ignores every later one from inside
    the signal handler itself, so a second Ctrl-C can never slip in before the rows finished are
    written (an ``except`` clause that ignores it comes too late under load)."""

    def first(signum: int, frame: object) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGINT, first)
    except ValueError:  # only the main thread may set handlers (the library run from a thread)
        previous = None
    try:
        yield
    finally:
        if previous is not None and signal.getsignal(signal.SIGINT) is first:
            signal.signal(signal.SIGINT, previous)  # not interrupted: as it was


def write_json(out: IO[str], records: Iterable[Any], fmt: str) -> None:
    """Records as one JSON array (``json``) or one object per line (``jsonl``), streamed."""
    if fmt == "jsonl":
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            out.flush()
        return
    separator = "[\n "
    for record in records:
        out.write(separator + json.dumps(record, ensure_ascii=False))
        separator = ",\n "
    out.write("[]\n" if separator.startswith("[") else "\n]\n")


# --- messages and progress -----------------------------------------------------------------


def add_quiet_option(parser: argparse.ArgumentParser, default: object = False) -> None:
    """``-q/--quiet``; ``argparse.SUPPRESS`` as default where an outer parser also has it."""
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=default,
        help="no progress bars or summaries on standard error (errors still show)",
    )


def set_quiet(quiet: bool) -> None:
    """``--quiet``: no progress bars and no summaries on standard error (errors still show)."""
    _settings["quiet"] = quiet


def note(message: str) -> None:
    """A summary line for the user on standard error, unless ``--quiet``."""
    if not _settings["quiet"]:
        print(message, file=sys.stderr)


def warn(notes: Iterable[object]) -> None:
    """Each note (a located :class:`~refbridge.model.Failure`) as a ``warning:`` line on
    standard error, unless ``--quiet``: list-file lines kept though they look odd."""
    for item in notes:
        note(f"warning: {item}")


def progress(
    items: Iterable[T], *, total: int | None = None, desc: str = "", unit: str = "it"
) -> Iterable[T]:
    """``items``, with a tqdm bar on standard error when it is a terminal and not ``--quiet``.

    tqdm is imported only when a bar is shown, so pipes and scripts never pay for it.
    """
    if _settings["quiet"] or not _is_terminal(sys.stderr):
        return items
    from tqdm import tqdm

    if total is None and isinstance(items, Sized):
        total = len(items)
    return tqdm(items, total=total, desc=desc, unit=unit, file=sys.stderr, leave=False)


def progress_callback(desc: str, unit: str = "it") -> Callable[[int, int], None] | None:
    """A ``progress(done, total)`` callback drawing a bar, or None when no bar is shown."""
    if _settings["quiet"] or not _is_terminal(sys.stderr):
        return None
    from tqdm import tqdm

    bar = tqdm(desc=desc, unit=unit, file=sys.stderr, leave=False)

    def update(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()
        if done >= total:
            bar.close()

    return update


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError):
        return False
