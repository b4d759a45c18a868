"""The ``refbridge`` command.

Each sub-command lives in its own module under :mod:`refbridge.commands` and exposes
``register(subparsers)``. Only the module of the command being run is imported (the others
are listed from :data:`refbridge.commands.SUMMARIES`), so ``refbridge translit`` never loads
scipy or requests. This module also turns every error into a one-line message with an exit
status, never a traceback (set ``REFBRIDGE_DEBUG=1`` to see one).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import signal
import sys
from collections.abc import Sequence

from . import __version__
from .commands import SUMMARIES
from .commands._io import add_quiet_option, check_output_path, set_quiet
from .errors import RefbridgeError
from .parsing import using_segmenter

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
# top-level options that take a value, so the command name is found after them
_VALUED_OPTIONS = ("--library",)


def _add_common_options(
    parser: argparse.ArgumentParser, default: object, *, library: bool = True
) -> None:
    """Options every command takes before its name (and after it: ``--library`` only where used)."""
    add_quiet_option(parser, default)
    if not library:
        return
    parser.add_argument(
        "--library",
        metavar="PATH",
        default=default,
        help="the library file of the library commands (default: $REFBRIDGE_LIBRARY or "
        "./refbridge.sqlite)",
    )


def command_in(argv: Sequence[str]) -> str | None:
    """The sub-command named in ``argv``: its first word that is not an option."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word == "--":
            return None
        elif word.startswith("-"):
            skip = word in _VALUED_OPTIONS
        else:
            return word if word in SUMMARIES else None
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; ``command``'s module is imported and registered in full, the rest listed."""
    parser = argparse.ArgumentParser(
        prog="refbridge",
        description="Extract, pair, deduplicate, check and render bibliographies. "
        "Conventions shared by every command: docs/cli.md.",
        allow_abbrev=False,  # `--lib PATH` would hide the command name from command_in
    )
    parser.add_argument("--version", action="version", version=f"refbridge {__version__}")
    _add_common_options(parser, default=None)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, summary in SUMMARIES.items():
        if name == command:
            module = importlib.import_module(f".commands.{name.replace('-', '_')}", __package__)
            module.register(subparsers)
            _add_common_options(
                subparsers.choices[name], default=argparse.SUPPRESS, library=name == "library"
            )
        else:
            subparsers.add_parser(name, help=summary, add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = command_in(argv)
    name = f"refbridge {command}" if command else "refbridge"
    try:
        return _run(argv, command)
    except RefbridgeError as exc:
        print(f"{name}: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # `refbridge parse big.txt | head` is normal use
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        with contextlib.suppress(ValueError):  # only the main thread may set signal handlers
            signal.signal(signal.SIGINT, signal.SIG_DFL)  # a second Ctrl-C ends at once, silently
        print(f"{name}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as exc:  # the disk filled up, a file vanished while we read it, …
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"{name}: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
    except (MemoryError, RecursionError) as exc:
        print(f"{name}: error: the input is too large or too deeply nested ({exc!r})",
              file=sys.stderr)  # fmt: skip
        return EXIT_ERROR
    except Exception as exc:
        if os.environ.get("REFBRIDGE_DEBUG"):
            raise
        print(
            f"{name}: internal error: {type(exc).__name__}: {exc} "
            "(a bug: please report it with the input; REFBRIDGE_DEBUG=1 shows the traceback)",
            file=sys.stderr,
        )
        return EXIT_ERROR


def _run(argv: list[str], command: str | None) -> int:
    """Parse ``argv`` (importing ``command``'s module) and run the command's handler."""
    parser = build_parser(command)
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    set_quiet(bool(args.quiet))
    check_output_path(getattr(args, "output", None))
    with using_segmenter(getattr(args, "parser", None)):  # --parser reaches every parse
        return int(args.handler(args) or EXIT_OK)


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the exit flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
