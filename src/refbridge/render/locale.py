"""CSL locales: terms, localized date formats and locale options.

A :class:`Locale` is built from a bundled locale file (``locales/locales-xx-XX.xml``) with the
style's own ``<locale>`` overrides laid on top, in the CSL order of precedence (the style's
locale for the exact language, then for the bare language, then the language-less one).
Term look-ups fall back along the CSL form chain (verb-short → verb → long, symbol → short →
long) so a style never has to spell out every form.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from xml.etree import ElementTree as ET

import attrs

from ..errors import InputError, UnknownNameError
from .xmlfile import parse_located

NS = "{http://purl.org/net/xbiblio/csl}"
LOCALES_DIR = Path(__file__).parent / "locales"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_FALLBACK_FORMS = {
    "verb-short": ("verb-short", "verb", "long"),
    "verb": ("verb", "long"),
    "symbol": ("symbol", "short", "long"),
    "short": ("short", "long"),
    "long": ("long",),
}


@attrs.define
class Term:
    """One localized term: its singular and plural text, and its grammatical gender."""

    single: str
    multiple: str
    gender: str = ""
    gender_form: str = ""
    match: str = ""


@attrs.define
class Locale:
    """Terms, date formats and options of one language, ready for rendering."""

    lang: str
    terms: dict[tuple[str, str], Term] = attrs.field(factory=dict)
    dates: dict[str, tuple[str, list[ET.Element]]] = attrs.field(factory=dict)
    punctuation_in_quote: bool = False
    limit_day_ordinals_to_day_1: bool = False

    @property
    def quotes(self) -> tuple[str, str, str, str]:
        """(open, close, open-inner, close-inner) quotation marks."""
        return (
            self.term("open-quote") or "\u201c",
            self.term("close-quote") or "\u201d",
            self.term("open-inner-quote") or "\u2018",
            self.term("close-inner-quote") or "\u2019",
        )

    def term(self, name: str, form: str = "long", plural: bool = False) -> str:
        """The term's text, falling back along the CSL form chain; '' when unknown."""
        for candidate in _FALLBACK_FORMS.get(form, (form, "long")):
            term = self.terms.get((name, candidate))
            if term is not None:
                return term.multiple if plural else term.single
        return ""

    @property
    def ampersand(self) -> str:
        """What "&" between numbers prints as: the symbol form of "and" where the locale
        has one of its own, else "&" (citeproc-js's test)."""
        symbol = self.term("and", "symbol")
        return "&" if not symbol or symbol == self.term("and") else symbol

    def has_term(self, name: str, form: str = "long") -> bool:
        return any((name, f) in self.terms for f in _FALLBACK_FORMS.get(form, (form,)))

    def gender(self, name: str) -> str:
        term = self.terms.get((name, "long"))
        return term.gender if term else ""

    def ordinal(self, number: int, gender: str = "") -> str:
        """The ordinal suffix for ``number`` (CSL 1.0.1+ ordinal term rules)."""
        candidates: list[str] = []
        if number < 100:
            candidates.append(f"ordinal-{number:02d}")
        if number % 100 >= 10:
            candidates.append(f"ordinal-{number % 100:02d}")
        candidates.append(f"ordinal-{number % 10:02d}")
        for name in candidates:
            term = self._gendered(name, gender)
            if term is None:
                continue
            if term.match == "whole-number" and int(name[-2:]) != number:
                continue
            if term.match == "last-two-digits" and int(name[-2:]) != number % 100:
                continue
            if not term.match and name[-2] != "0" and int(name[-2:]) != number % 100:
                continue  # ordinal-1x defaults to last-two-digits
            if not term.match and name[-2] == "0" and int(name[-1]) != number % 10:
                continue
            return term.single
        term = self._gendered("ordinal", gender)
        return term.single if term else ""

    def long_ordinal(self, number: int, gender: str = "") -> str:
        if 1 <= number <= 10:
            term = self._gendered(f"long-ordinal-{number:02d}", gender)
            if term is not None:
                return term.single
        return f"{number}{self.ordinal(number, gender)}"

    def _gendered(self, name: str, gender: str) -> Term | None:
        if gender:
            term = self.terms.get((name, f"long#{gender}"))
            if term is not None:
                return term
        return self.terms.get((name, "long"))


def _apply(locale: Locale, element: ET.Element) -> None:
    """Lay one ``<locale>`` element (file or style override) over ``locale``."""
    options = element.find(f"{NS}style-options")
    if options is not None:
        if "punctuation-in-quote" in options.attrib:
            locale.punctuation_in_quote = options.get("punctuation-in-quote") == "true"
        if "limit-day-ordinals-to-day-1" in options.attrib:
            locale.limit_day_ordinals_to_day_1 = (
                options.get("limit-day-ordinals-to-day-1") == "true"
            )
    terms = element.find(f"{NS}terms")
    if terms is not None:
        for node in terms.findall(f"{NS}term"):
            single_node = node.find(f"{NS}single")
            if single_node is not None:
                multiple_node = node.find(f"{NS}multiple")
                single = _term_text(single_node)
                multiple = _term_text(multiple_node) if multiple_node is not None else single
            else:
                single = multiple = _term_text(node)
            form = node.get("form", "long")
            gender_form = node.get("gender-form", "")
            key_form = f"{form}#{gender_form}" if gender_form else form
            locale.terms[(node.get("name", ""), key_form)] = Term(
                single, multiple, node.get("gender", ""), gender_form, node.get("match", "")
            )
    for date in element.findall(f"{NS}date"):
        parts = list(date.findall(f"{NS}date-part"))
        locale.dates[date.get("form", "text")] = (date.get("delimiter", ""), parts)


def _term_text(node: ET.Element) -> str:
    """A term's text as citeproc-js reads CSL XML: line breaks are spaces, and a term of only
    spaces and tabs (an XML line break and indentation) is empty."""
    text = re.sub(r"\r\n|\n|\r", " ", node.text or "")
    return "" if re.fullmatch(r"[\t ]+", text) else text


@cache
def _locale_file(lang: str) -> ET.Element | None:
    path = LOCALES_DIR / f"locales-{lang}.xml"
    if not path.exists():
        return None
    return parse_locale(path.read_bytes(), str(path))


def parse_locale(xml: bytes | str, source: str) -> ET.Element:
    """A locale file's root; bad XML or a root other than <locale> names the file and line."""
    root, _lines = parse_located(xml, source, "CSL locale")
    if root.tag != f"{NS}locale":
        raise InputError(f"{source}, line 1: not a CSL locale (root element is <{root.tag}>)")
    return root


@cache
def _bundled() -> tuple[str, ...]:
    return tuple(sorted(p.stem.removeprefix("locales-") for p in LOCALES_DIR.glob("locales-*.xml")))


@cache
def _primary_dialects() -> dict[str, str]:
    """Language → its primary locale ("de" → "de-DE"), from the CSL project's locales.json."""
    data = json.loads((LOCALES_DIR / "locales.json").read_text("utf-8"))
    return dict(data["primary-dialects"])


def available_locales() -> list[str]:
    return list(_bundled())


def check_locale(lang: str) -> None:
    """Refuse a locale asked for by name whose language has no bundled locale.

    An item's own ``language`` still falls back quietly (:func:`resolve_lang`): data is what
    it is, but a user who types ``--locale xx-YY`` wants to hear that it is not there.
    """
    known = _bundled()
    base = lang.replace("_", "-").split("-")[0].lower()
    if not re.fullmatch(r"[a-z]{2,3}", base) or not any(k.split("-")[0] == base for k in known):
        raise UnknownNameError("locale", lang, known)


@cache
def resolve_lang(lang: str) -> str:
    """The bundled locale for a language tag: exact, then same language, then en-US."""
    lang = lang.replace("_", "-")
    known = _bundled()
    if lang in known:
        return lang
    base = lang.split("-")[0].lower()
    preferred = _primary_dialects().get(base)
    if preferred in known:
        return preferred
    for candidate in known:
        if candidate.split("-")[0] == base:
            return candidate
    return "en-US"


def build_locale(lang: str, style_locales: Iterable[ET.Element] = ()) -> Locale:
    """The locale for ``lang`` with the style's overrides applied (CSL precedence order);
    a language with no locale file gets en-US's, with the style's overrides for it."""
    requested = lang.replace("_", "-")
    lang = resolve_lang(lang)
    root = _locale_file(lang)
    if root is None:
        raise InputError(f"no CSL locale file for {lang!r}")
    locale = Locale(lang=lang)
    base_lang = lang.split("-")[0]
    if lang != "en-US" and (fallback := _locale_file("en-US")) is not None:
        _apply(locale, fallback)  # terms a locale lacks come from en-US, as in citeproc-js
        locale.punctuation_in_quote = False
    if any((t.get("name") or "").startswith("ordinal") for t in root.iter(f"{NS}term")):
        for key in [k for k in locale.terms if k[0].startswith("ordinal")]:
            del locale.terms[key]  # a locale's own ordinals replace en-US's wholesale
    _apply(locale, root)
    overrides = list(style_locales)
    for wanted in dict.fromkeys((None, base_lang, lang, requested.split("-")[0], requested)):
        for element in overrides:
            if element.get(XML_LANG) == wanted:
                _apply(locale, element)
    return locale
