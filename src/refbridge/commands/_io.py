"""Input and output helpers shared by the sub-commands."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from typing import IO


def description(doc: str | None) -> str | None:
    """A command's ``--help`` description: its module docstring without the synopsis line."""
    return doc.split("\n\n", 1)[1] if doc and "\n\n" in doc else doc


def add_output_option(parser: argparse.ArgumentParser) -> None:
    """The ``-o/--output OUT`` option that :func:`open_output` reads (default standard output)."""
    parser.add_argument(
        "-o", "--output", metavar="OUT", help="write here instead of standard output"
    )


@contextlib.contextmanager
def open_output(path: str | None) -> Iterator[IO[str]]:
    """``-o FILE`` or standard output, always UTF-8."""
    if path and path != "-":
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
    else:
        with contextlib.suppress(AttributeError, ValueError):
            sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
        yield sys.stdout


def iter_input_lines(path: str | None) -> Iterator[str]:
    """Lines of a file or of standard input (``-`` or None), without their line ends."""
    if path and path != "-":
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                yield line.rstrip("\r\n")
    else:
        with contextlib.suppress(AttributeError, ValueError):
            sys.stdin.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
        for line in sys.stdin:
            yield line.rstrip("\r\n")
