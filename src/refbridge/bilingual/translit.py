"""Cyrillic -> Latin transliteration by a named scheme, with the scheme name checked.

The tables and context rules live in :mod:`refbridge.text.translit` (see there for the
schemes); :func:`transliterate` here is the public entry (``refbridge.transliterate``): a
scheme name that comes from a user is checked and an unknown one raises the package's
:class:`~refbridge.errors.UnknownNameError`, listing the known ones.
"""

from __future__ import annotations

from ..errors import UnknownNameError
from ..text import translit
from ..text.translit import SCHEMES

__all__ = ["SCHEMES", "transliterate"]


def transliterate(text: str, scheme: str = "bsi", *, soft_signs: bool = True) -> str:
    """Text with every Cyrillic letter written in Latin letters by ``scheme``.

    ``soft_signs=False`` drops ь and ъ whatever the scheme writes for them (journal practice:
    "Solovev" rather than "Solov'ev"). Raises :class:`~refbridge.errors.UnknownNameError` for
    an unknown scheme.
    """
    if scheme not in SCHEMES:
        raise UnknownNameError("transliteration scheme", scheme, SCHEMES)
    return translit.transliterate(text, scheme, soft_signs=soft_signs)
