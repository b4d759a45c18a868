"""Author and editor segments -> :class:`~refbridge.model.Name` lists.

Handles the orders reference lists print names in:

* GOST "Иванов И.И.", "Иванов И. И.", "Мельникова, Т.В.", initials first "И.И. Иванов";
* APA "Dudin, V. A., & Tsvetkov, M. N.", "Dzhantaleeva, M. Sh.", hyphenated families;
* "Given Family" ("John Smith") and "Family, Given" ("Smith, John") with full given names;
* a trailing "et al." / "и др." / "и соавт." (reported as ``others=True``, never as a name);
* a dash rule "———." for "the same authors as above" (``repeated=True``, no names);
* organisations ("Forum of Interregional Cooperation …", "ФГУП «РФЯЦ – ВНИИЭФ»") as literals.

Initials are kept as printed (white space normalised): "В. А." stays "В. А.", "И.И." stays
"И.И."; choosing a house style is the renderer's job. Only Vancouver's compact initials after
the family name ("Watson JD") get periods ("J. D."), since a CSL given name is read as words.
Upper-case families ("SMITH, John", "LITTELL, R. S.") and families of several words before
the initials ("Roldan Cuenya B.", "Gonzalez Garcia JR") are whole families.
"""

from __future__ import annotations

import re

import attrs

from ..model import Name
from ..text.markdown import strip_markdown

__all__ = ["ParsedNames", "parse_names"]

# Letters by case. Latin Extended-A/B ("Ł", "ł", "ř") and combining marks are in both sets:
# their cases alternate through the block, and a name is never split on them.
_EITHER = "\u0100-\u024f"
_UP = f"A-ZА-ЯЁ\u00c0-\u00d6\u00d8-\u00de{_EITHER}"
_LOW = f"a-zа-яё\u00df-\u00f6\u00f8-\u00ff{_EITHER}\u0300-\u036f"
# One initial: "В.", "Sh.", "Yu.", "Дж.", with an optional hyphenated part "Ж.-П.".
_INITIAL = rf"[{_UP}][{_LOW}]{{0,2}}\."
# The last initial may lack its period ("Гулина О.М,") when it is one capital letter.
_INITIALS = rf"(?:{_INITIAL}(?:\s*-\s*|\s*))*(?:{_INITIAL}|[{_UP}](?![{_LOW}{_UP}]))"
_INITIALS_ONLY = re.compile(rf"^{_INITIALS}$")
# Vancouver/PubMed initials without periods after the family name: "Watson JD", "Lu S-W".
_COMPACT = rf"[{_UP}]{{1,3}}(?:-[{_UP}])?"
_COMPACT_ONLY = re.compile(rf"^{_COMPACT}$")
_PARTICLE = r"(?:van|von|der|den|de|del|della|di|da|du|la|le|dos|das|ter|ten|bin|al|el)"
# A family name: capitalised word(s), hyphenated parts, apostrophes ("O'Brien", "Лео' нов").
_FAMILY = rf"[{_UP}][{_LOW}{_UP}'’]*(?:[-‐][{_UP}{_LOW}][{_LOW}{_UP}'’]*)*"
# A second or third word of a family ("Roldan Cuenya", "El Asmar", "Van der Meer"): written
# out in lower case after its capital, so that an initial "E" is never taken for one.
_MORE_FAMILY = (
    rf"(?:\s+(?:{_PARTICLE}\s+)*[{_UP}][{_LOW}][{_LOW}{_UP}'’]*"
    rf"(?:[-‐][{_UP}{_LOW}][{_LOW}{_UP}'’]*)*)"
)
_FAMILY_WITH_PARTICLE = rf"(?:{_PARTICLE}\s+)*{_FAMILY}"
# "Иванов И.И.", "Smith, J.", "Roldan Cuenya B.", "Watson JD". Family and initials run together
# only before an initial with its period ("ИвановИ.И."): "SMITH" is no "SMIT" + "H".
_FAMILY_INITIALS = re.compile(
    rf"^(?P<family>{_FAMILY_WITH_PARTICLE}{_MORE_FAMILY}{{0,2}})"
    rf"(?:\s*,\s*|\s+|(?={_INITIAL}))(?P<given>{_INITIALS}|{_COMPACT})$"
)
_INITIALS_FAMILY = re.compile(rf"^(?P<given>{_INITIALS})\s*(?P<family>{_FAMILY_WITH_PARTICLE})$")
_FAMILY_ONLY = re.compile(rf"^{_FAMILY_WITH_PARTICLE}$")
# Persons run together with no separator ("Auer L. Lazuka A.", "Иванов И.И. Петров П.П."):
# each family is followed by initials that end in a period.
_RUN_PERSON = re.compile(
    rf"(?P<family>{_FAMILY_WITH_PARTICLE}{_MORE_FAMILY}{{0,2}})(?:\s+|(?={_INITIAL}))"
    rf"(?P<given>(?:{_INITIAL}(?:\s*-\s*|\s*))+|{_COMPACT}(?=\s|$))(?:\s+|$)"
)
_GIVEN_WORDS = re.compile(
    rf"^[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?(?:\s+{_INITIALS}|\s+[{_UP}][{_LOW}]+)?$"
)
_GIVEN_FAMILY = re.compile(
    rf"^(?P<given>[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?(?:\s+{_INITIALS}|\s+[{_UP}][{_LOW}]+)?)"
    rf"\s+(?P<family>{_FAMILY_WITH_PARTICLE})$"
)
# Endings of Russian (and russified Kazakh) surnames: such a word is no given name.
_SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ын|ова|ева|ина|ына|ский|ская|цкий|цкая|ко|ук|юк|енко)$")
_ANY_INITIAL = re.compile(_INITIAL)
_ANY_PERSON = re.compile(rf"{_FAMILY}(?:\s*,\s*|\s*){_INITIALS}")
_LEADING_PARTICLES = re.compile(rf"^((?:{_PARTICLE}\s+)+)(.+)$")
_OTHERS = re.compile(
    r"[\s,;]*(?:et\s*al\.?|и\s+др\.?|и\s+соавт\.?|and\s+others|и\s+другие)\s*\.?$", re.IGNORECASE
)
_DASH_RULE = re.compile(r"^[-‐‒–—―_]{2,}\s*\.?$")
_SUFFIX = re.compile(r"(?:^|\s+)(?:Jr|Sr|II|III|IV|2nd|3rd)\.?$")
_SEPARATORS = re.compile(r"\s*(?:[,;]\s*(?:&|and\b|AND\b|и\b)?|&|\band\b|\bAND\b|\sи\s)\s*")
_ORG_WORDS = re.compile(
    r"(?i)\b(?:universit|institut|ministr|agency|association|society|organi[sz]ation|committee|"
    r"council|department|office|bank|forum|center|centre|company|corporation|federation|"
    r"government|commission|union|group|project|inc\b|ltd\b|llc\b|"
    r"университет|институт|министерств|агентств|ассоциаци|общество|организаци|комитет|совет|"
    r"департамент|управлени|центр|компани|корпораци|федераци|правительств|комисси|союз|"
    r"росатом|госстандарт|фгуп|ао\b|оао\b|зао\b|ооо\b|нии|форум|президент)"
)


@attrs.frozen
class ParsedNames:
    """Names of one segment, whether it ended in "et al."/"и др.", and how sure we are (0–1)."""

    names: tuple[Name, ...]
    others: bool = False
    confidence: float = 1.0
    #: The segment was a dash rule ("———.", "—— ."): the same names as the entry above.
    repeated: bool = False


def parse_names(segment: str) -> ParsedNames:
    """Split an author/editor segment into names; see the module docstring for the forms."""
    text = " ".join(strip_markdown(segment).split()).strip(" ,;:/")
    if _DASH_RULE.match(text):
        return ParsedNames((), repeated=True)
    others = False
    tail = len(text) - 24 if len(text) > 24 else 0  # the mark ends the segment: search its end
    match = _OTHERS.search(text, tail)
    if match:
        others = True
        text = text[: match.start()].strip(" ,;:")
    if not text:
        return ParsedNames((), others, 1.0 if others else 0.0)
    if _looks_corporate(text) and not _all_persons(text):
        return ParsedNames((Name(literal=text.rstrip(".")),), others, 0.7)
    names: list[Name] = []
    unsure = 0.0
    pending: str | None = None  # a family name waiting for its initials in the next piece
    for piece in (p for p in _SEPARATORS.split(text) if p and p.strip(" .")):
        piece = piece.strip()
        suffix = _SUFFIX.search(piece)
        if suffix and names and suffix.start() == 0:  # "Smith, J., Jr."
            names[-1] = attrs.evolve(names[-1], suffix=suffix.group().strip())
            continue
        if suffix:  # "Crossley D. A. Jr", "Wadsworth MH 2nd"
            before = len(names)
            names.extend(_persons(piece[: suffix.start()]))
            if len(names) == before + 1:
                names[-1] = attrs.evolve(names[-1], suffix=suffix.group().strip())
                continue
            del names[before:]
        if pending is not None and (_INITIALS_ONLY.match(piece) or _COMPACT_ONLY.match(piece)):
            names.append(_split_particle(pending, piece))
            pending = None
            continue
        if pending is not None and _GIVEN_WORDS.match(piece) and not _SURNAME.search(piece):
            # "Smith, John": a full given name after the family name — likely, not certain.
            names.append(_split_particle(pending, piece))
            pending = None
            unsure += 0.5
            continue
        if pending is not None:
            names.append(_split_particle(pending, ""))
            pending = None
            unsure += 1
        if (m := _FAMILY_INITIALS.match(piece)) or (m := _INITIALS_FAMILY.match(piece)):
            names.append(_split_particle(m["family"], m["given"]))
        elif _FAMILY_ONLY.match(piece):
            pending = piece
        elif m := _GIVEN_FAMILY.match(piece):
            names.append(_split_particle(m["family"], m["given"]))
            unsure += 1
        elif run := _run_of_persons(piece):
            names.extend(run)
        else:
            names.append(Name(literal=piece.rstrip(".")))
            unsure += 1
    if pending is not None:
        names.append(_split_particle(pending, ""))
        unsure += 1
    if len(names) > 1 and all(n.literal for n in names):
        # No piece looked like a person: one organisation whose name has commas in it.
        return ParsedNames((Name(literal=text.rstrip(".")),), others, 0.5)
    confidence = 1.0 - 0.5 * unsure / max(1, len(names))
    return ParsedNames(tuple(names), others, round(confidence, 3))


def _persons(piece: str) -> list[Name]:
    """The person(s) of one piece in a form that leaves no doubt, else []."""
    if (m := _FAMILY_INITIALS.match(piece)) or (m := _INITIALS_FAMILY.match(piece)):
        return [_split_particle(m["family"], m["given"])]
    return _run_of_persons(piece)


def _all_persons(text: str) -> bool:
    """Every piece of ``text`` is plainly one or more persons ("Ali M Perveen R", "Roebbelen G
    and Sharp EL"): no organisation, however many words."""
    pieces = [p.strip() for p in _SEPARATORS.split(text) if p and p.strip(" .")]
    return bool(pieces) and all(_persons(p) for p in pieces)


def _run_of_persons(piece: str) -> list[Name]:
    """The persons of ``piece`` when it is wholly "Family I. Family I. …", else []."""
    names, position = [], 0
    for m in _RUN_PERSON.finditer(piece):
        if m.start() != position:
            return []
        names.append(_split_particle(m["family"], m["given"].strip()))
        position = m.end()
    return names if position == len(piece) and len(names) > 1 else []


def _looks_corporate(text: str) -> bool:
    """No initials at all, and either an organisation word or too many words for persons."""
    org = _ORG_WORDS.search(text)
    if not org and _ANY_INITIAL.search(text):
        return False
    if org and not _FAMILY_INITIALS.match(text):
        return not _ANY_PERSON.search(text)
    words = text.split()
    return len(words) > 4 and "," not in text


def _split_particle(family: str, given: str) -> Name:
    """ "van der Berg" -> particle "van der", family "Berg" (CSL non-dropping particle).

    Compact initials get their periods ("JD" -> "J. D.", "S-W" -> "S.-W."): a CSL given name
    is words, and "JD" would be read as one name.
    """
    if _COMPACT_ONLY.match(given) and len(given) > 1:
        given = re.sub(r"(?<=\w)(?=\w)", ". ", given).replace("-", ".-") + "."
    m = _LEADING_PARTICLES.match(family) if " " in family else None
    if m:
        return Name(family=m.group(2), given=given, particle=m.group(1).strip())
    return Name(family=family, given=given)
