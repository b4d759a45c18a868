"""Date segments -> :class:`~refbridge.model.Date`.

Reads what reference lists print: "2019", "2019 г.", "(2019, December 6)", "(2019, декабрь 6)",
"6 December 2019", "December 6, 2019", "2-6 июня 2014 г.", "20.05.2019", "2019-05-20",
"2019a" (APA disambiguation letter), and "n.d." / "б. г." (kept as a literal date).
Russian month names are read in the nominative ("декабрь") and genitive ("декабря") and as
abbreviations ("дек."); English in full and abbreviated.
"""

from __future__ import annotations

import re

from ..model import Date

__all__ = ["MONTHS", "find_year", "parse_date"]

_EN = (
    "january february march april may june july august september october november december"
).split()
_RU_NOM = "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь".split()
_RU_GEN = (
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()
)

#: Month name (lower case, full or abbreviated) -> month number.
MONTHS: dict[str, int] = {}
for _i, (_en, _nom, _gen) in enumerate(zip(_EN, _RU_NOM, _RU_GEN, strict=True), start=1):
    MONTHS[_en] = MONTHS[_en[:3]] = _i
    MONTHS[_nom] = MONTHS[_gen] = MONTHS[_nom[:3]] = _i
MONTHS.update({"sept": 9, "сент": 9, "мая": 5, "июн": 6, "июл": 7})

_MONTH = r"(?P<month>[A-Za-zА-Яа-яЁё]{3,9})\.?"
_YEAR = r"(?P<year>1[5-9]\d\d|20\d\d)(?P<suffix>[a-zа-я])?"
_DAY = r"(?P<day>\d{1,2})(?:\s*[–—-]\s*\d{1,2})?"
_PATTERNS = [
    re.compile(rf"^{_YEAR},?\s+{_MONTH}\s+{_DAY}$"),  # 2019, December 6
    re.compile(rf"^{_YEAR},?\s+{_DAY}\s+{_MONTH}$"),  # 2019, 6 December
    re.compile(rf"^{_YEAR},?\s+{_MONTH}$"),  # 2019, December
    re.compile(rf"^{_DAY}\s+{_MONTH}\s+{_YEAR}$"),  # 6 December 2019 / 2-6 июня 2014
    re.compile(rf"^{_MONTH}\s+{_DAY},?\s+{_YEAR}$"),  # December 6, 2019
    re.compile(rf"^{_MONTH},?\s+{_YEAR}$"),  # December 2019
    re.compile(r"^(?P<day>\d{1,2})\.(?P<month_num>\d{1,2})\.(?P<year>\d{4})$"),  # 20.05.2019
    re.compile(r"^(?P<year>\d{4})-(?P<month_num>\d{1,2})(?:-(?P<day>\d{1,2}))?$"),  # ISO
    re.compile(rf"^{_YEAR}$"),
]
_NO_DATE = re.compile(r"^(?:n\.\s*d\.?|no date|б\.\s*г\.?|без даты|s\.\s*d\.?)$", re.IGNORECASE)
_YEAR_ANYWHERE = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_NOISE = re.compile(r"^[\s(\[]+|[\s)\].,;:]+$")
_GODA = re.compile(r"\s*(?:г\.|гг\.|года|год|г)$")


def find_year(text: str) -> int | None:
    """The first plausible year (1500–2099) in ``text``."""
    m = _YEAR_ANYWHERE.search(text)
    return int(m.group(1)) if m else None


def parse_date(text: str) -> Date | None:
    """A :class:`Date` from a date segment, or None when it holds no date at all."""
    bare = text.strip().strip("()[] ,;")
    if _NO_DATE.match(bare):
        return Date(literal=bare)
    value = _NOISE.sub("", _NOISE.sub("", text.strip()))
    value = _GODA.sub("", value).strip(" ,.")
    if not value:
        return None
    for pattern in _PATTERNS:
        m = pattern.match(value)
        if not m:
            continue
        parts = m.groupdict()
        month = _month_number(parts)
        if month is False:
            continue
        day = int(parts["day"]) if parts.get("day") else None
        if day is not None and not 1 <= day <= 31:
            continue
        return Date(year=int(parts["year"]), month=month or None, day=day)
    year = find_year(value)
    if year is None:
        return None
    # Something with a year we cannot split further ("2014-2015", "весна 2019"): keep it all.
    return Date(year=year, literal=value if value != str(year) else "")


def _month_number(parts: dict[str, str | None]) -> int | bool | None:
    """Month from a name or a number; False when the "month" is no month (reject the match)."""
    if parts.get("month_num"):
        number = int(parts["month_num"] or 0)
        return number if 1 <= number <= 12 else False
    name = parts.get("month")
    if not name:
        return None
    name = name.lower().rstrip(".")
    if name in MONTHS:
        return MONTHS[name]
    if name[:3] in MONTHS and len(name) <= 4:
        return MONTHS[name[:3]]
    return False
