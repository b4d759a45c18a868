"""Which of a bilingual document's reference lists is the Russian one and which the English.

Reading the input (a list file, or a document whose lists are found) is
:mod:`refbridge.ingest`'s job; this module only tells the two lists apart.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import InputError, Location
from ..model import ReferenceList
from ..text import script_of

__all__ = ["russian_and_english"]


def russian_and_english(
    lists: Sequence[ReferenceList], source: str
) -> tuple[ReferenceList, ReferenceList]:
    """The Russian and the English list among the ``lists`` of one document, in that order.

    Lists are told apart by the language the list finder gives them (the heading's, else the
    entries'); failing that, of the two longest lists the one with more Cyrillic entries is
    Russian, the first one on a tie. Raises :class:`InputError` naming ``source`` unless there
    are two lists with entries.
    """
    found = [lst for lst in lists if lst.entries]
    if len(found) < 2:
        raise InputError(
            f"a bilingual document needs two reference lists; found {len(found)}",
            location=Location(source),
        )
    russian = [lst for lst in found if lst.language == "ru"]
    english = [lst for lst in found if lst.language == "en"]
    if russian and english:
        return max(russian, key=len), max(english, key=len)
    # both headed "Ссылки", say: of the two longest lists, the more Cyrillic one is Russian
    first, second = sorted(sorted(found, key=len, reverse=True)[:2], key=found.index)
    if _cyrillic_share(second) > _cyrillic_share(first):
        return second, first
    return first, second


def _cyrillic_share(found: ReferenceList) -> float:
    return sum(script_of(e.raw) in ("cyrillic", "mixed") for e in found.entries) / len(found)
