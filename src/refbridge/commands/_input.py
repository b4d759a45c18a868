"""Input files of the commands, read by the one rule of :mod:`refbridge.ingest`.

Apart from :mod:`._io` so that ``--help`` and the commands that take no input file
(``translit``) do not load the readers, the list finder and the formats at start-up.
"""

from __future__ import annotations

from typing import Any

from .. import ingest
from ..ingest import Input
from ._io import read_input_bytes, source_name


def read_input(path: str, **options: Any) -> Input:
    """A file, or standard input for ``-``, as :func:`refbridge.ingest.read` reads it
    (``options`` as there: ``kind``, ``format``, ``encoding``, ``keep_blank``…)."""
    return ingest.read(read_input_bytes(path), source_name(path), **options)
