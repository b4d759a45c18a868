"""Reference strings -> :class:`~refbridge.model.Reference` records.

The pipeline has two steps with one seam between them::

    text --segmenter--> list[Span] --postprocess.spans_to_reference--> Reference

A *segmenter* labels stretches of the string with the labels of :mod:`.labels`; it knows
nothing about CSL. :mod:`.postprocess` knows nothing about how the spans were found: it splits
names, reads dates, pages, volume/issue, detects the item type and scores confidence.

Segmenters live in :data:`SEGMENTERS`, looked up by name: ``"rules"`` (:mod:`.rules`, the
hand-written GOST/APA segmenter) and ``"crf"`` (:mod:`.crf`, the trained labeller). Each is a
module exposing ``segment(text: str) -> list[Span]``, imported on first use.
:data:`DEFAULT_SEGMENTER` names the one :func:`parse_reference` uses when not told otherwise.
The post-processor is imported with the first string parsed too, not with this package: the
CLI imports the package for ``--parser`` on every command, and start-up must stay cheap.
"""

from __future__ import annotations

import contextlib
import importlib
import re
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from functools import cache

import attrs

from .._registry import Registry
from ..errors import Location, ParseError
from ..model import Failure, Provenance, Reference
from .labels import Span

__all__ = [
    "DEFAULT_SEGMENTER",
    "MAX_LENGTH",
    "SEGMENTERS",
    "Segmenter",
    "check_input",
    "get_segmenter",
    "parse_reference",
    "parse_references",
    "using_segmenter",
]

Segmenter = Callable[[str], list[Span]]

#: The segmenter :func:`parse_reference` uses by default (a name in :data:`SEGMENTERS`).
DEFAULT_SEGMENTER = "hybrid"

#: Longest string accepted as one reference. Real entries are under 2,000 characters; a
#: longer "reference" is a whole paragraph or a mis-split list, and parsing it would be
#: meaningless (and slow for the rules' regular expressions).
MAX_LENGTH = 5_000

SEGMENTERS: Registry[Segmenter] = Registry("segmenter")

# C0/C1 control characters (not tab/newline) and U+FFFD, the marks of binary or mis-decoded input.
_JUNK = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
_TWO_LETTERS = re.compile(r"[^\W\d_][\s\S]*?[^\W\d_]")


def _lazy(module: str) -> Segmenter:
    """A segmenter that imports ``module`` on first call (a model file loads only when used)."""

    @cache
    def load() -> Segmenter:
        try:
            segmenter: Segmenter = importlib.import_module(module).segment
        except (ImportError, AttributeError, OSError) as exc:
            raise ParseError(f"segmenter {module!r} is unavailable: {exc}") from exc
        return segmenter

    def segment(text: str) -> list[Span]:
        return load()(text)

    segment.__name__ = f"segment[{module}]"
    return segment


SEGMENTERS.register("rules", _lazy(f"{__name__}.rules"))
SEGMENTERS.register("crf", _lazy(f"{__name__}.crf"))
SEGMENTERS.register("hybrid", _lazy(f"{__name__}.hybrid"))


_CHOSEN: ContextVar[str | None] = ContextVar("refbridge_segmenter", default=None)


@contextlib.contextmanager
def using_segmenter(name: str | None) -> Iterator[None]:
    """Within the block, every parse that names no segmenter uses ``name`` (None: the default).

    How the command line's ``--parser`` reaches parsing done deep inside other steps
    (document extraction, the library, DOI search) without threading an argument through all.
    """
    if name is not None:
        get_segmenter(name)  # an unknown name fails here, not on the first entry
    token = _CHOSEN.set(name)
    try:
        yield
    finally:
        _CHOSEN.reset(token)


def get_segmenter(name: str | None = None) -> Segmenter:
    """The segmenter registered as ``name`` (default: the one chosen with
    :func:`using_segmenter`, else :data:`DEFAULT_SEGMENTER`).

    An unknown name raises :class:`~refbridge.errors.UnknownNameError`, like every lookup by name.
    """
    return SEGMENTERS.get(name or _CHOSEN.get() or DEFAULT_SEGMENTER)


def check_input(text: object) -> str:
    """The string to parse, stripped; raises :class:`ParseError` for input that is no reference.

    Rejected: non-strings, empty strings, strings over :data:`MAX_LENGTH`, strings with fewer
    than two letters, and binary garbage (more than 2 % control or replacement characters).
    """
    if not isinstance(text, str):
        raise ParseError(f"a reference must be a string, not {type(text).__name__}")
    text = text.strip()
    if not text:
        raise ParseError("empty reference string")
    if len(text) > MAX_LENGTH:
        raise ParseError(
            f"reference string too long ({len(text):,} characters; limit {MAX_LENGTH:,})"
        )
    junk = len(_JUNK.findall(text))
    if junk > max(1, len(text) // 50):
        raise ParseError(f"not text: {junk} control or undecodable characters")
    if not _TWO_LETTERS.search(text):
        raise ParseError("no words in the reference string")
    return text


def parse_reference(
    text: str, *, language: str | None = None, segmenter: str | None = None
) -> Reference:
    """Parse one reference string into a :class:`Reference`.

    ``raw`` keeps ``text`` exactly; field values have Markdown removed. ``language`` is the
    language of the string ("ru"/"en"/...) when known; otherwise it is guessed from the script.
    ``segmenter`` picks a registered segmenter by name. Raises :class:`ParseError` for empty,
    letterless, binary or absurdly long input.
    """
    from .postprocess import spans_to_reference

    clean = check_input(text)
    offset = text.find(clean)
    spans = get_segmenter(segmenter)(clean)
    if offset:
        spans = [
            Span(s.label, s.start + offset, s.end + offset, s.text, s.confidence) for s in spans
        ]
    return spans_to_reference(text, spans, language=language)


def parse_references(
    lines: Iterable[str], *, source: str = "<input>", segmenter: str | None = None
) -> Iterator[Reference | Failure]:
    """One :class:`Reference` or :class:`Failure` per input line, in order, never stopping.

    Blank lines give a Failure too, so output item ``i`` always belongs to input line ``i + 1``.
    An unexpected exception (a bug) on one line also becomes a Failure saying so, so that a
    100,000-line batch is never lost to one string.
    Records carry a :class:`Provenance` with ``source`` and the 1-based line number. An unknown
    ``segmenter`` raises :class:`~refbridge.errors.UnknownNameError` before any line is read. A
    dash rule for the authors ("———.") takes the names of the record on the line above.
    """
    from .postprocess import repeat_names

    get_segmenter(segmenter)  # a wrong name is the caller's error, not every line's
    previous: Reference | None = None
    for number, line in enumerate(lines, start=1):
        try:
            ref = previous = repeat_names(previous, parse_reference(line, segmenter=segmenter))
        except ParseError as exc:
            yield Failure(raw=line, error=exc.message, location=Location(source, number))
        except Exception as exc:  # a bug on one line must not end a long batch
            error = f"internal error ({type(exc).__name__}: {exc}); please report this line"
            yield Failure(raw=line, error=error, location=Location(source, number))
        else:
            yield _with_provenance(
                ref, Provenance(document=source, line_start=number, line_end=number)
            )


def _with_provenance(ref: Reference, provenance: Provenance) -> Reference:
    return attrs.evolve(ref, provenance=provenance)
