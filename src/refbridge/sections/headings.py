"""Reference-list headings ("References", "Список литературы", "7. Bibliography") and the
headings that end a list."""

from __future__ import annotations

import re
import unicodedata

from ..text import fold, strip_markdown

#: Reference-list headings by language, as printed (case, accents and punctuation do not
#: matter: a heading is compared folded and without accents, see :func:`_key`).
HEADINGS_BY_LANGUAGE: dict[str, str] = {
    "en": """references|reference|reference list|list of references|references cited|
        cited references|bibliography|bibliographic references|bibliographical references|
        literature|literature cited|cited literature|references and notes|notes and references|
        works cited|sources|list of sources|sources and literature|sources and references|
        literature and sources|select bibliography|selected bibliography|further reading""",
    "ru": """список литературы|литература|библиографический список|библиография|источники|
        список источников|список использованных источников|список использованной литературы|
        использованная литература|использованные источники|
        список использованных источников и литературы|источники и литература|
        литература и источники|список цитируемой литературы|цитируемая литература|
        библиографические ссылки|пристатейный список литературы|список литературы и источников|
        ссылки|список ссылок|литературные ссылки|ссылки на литературу|ссылки на источники|
        список литературных источников|литературные источники|
        библиографический список литературы""",
    "kk": """әдебиеттер|әдебиеттер тізімі|пайдаланылған әдебиеттер|
        пайдаланылған әдебиеттер тізімі|қолданылған әдебиеттер|қолданылған әдебиеттер тізімі|
        колданылган адебиеттер|пайдаланылган адебиеттер|адебиеттер|адебиеттер тiзiмi""",
    "uk": """список літератури|література|список використаних джерел|
        список використаної літератури|використана література|використані джерела|джерела|
        бібліографія|бібліографічний список|перелік посилань|список джерел""",
    "be": """спіс літаратуры|літаратура|спіс выкарыстанай літаратуры|
        спіс выкарыстаных крыніц|крыніцы|бібліяграфія""",
    "de": """literatur|literaturverzeichnis|literaturangaben|literaturhinweise|quellen|
        quellenverzeichnis|quellen und literatur|bibliographie|bibliografie|
        verwendete literatur|zitierte literatur""",
    "fr": """références|références bibliographiques|bibliographie|ouvrages cités|
        liste des références|sources et bibliographie""",
    "es": """referencias|referencias bibliográficas|bibliografía|obras citadas|
        literatura citada|fuentes|fuentes y bibliografía""",
    "pt": """referências|referências bibliográficas|bibliografia|obras citadas|
        literatura citada|fontes""",
    "it": """bibliografia|riferimenti|riferimenti bibliografici|opere citate|fonti""",
    "pl": """piśmiennictwo|literatura|bibliografia|literatura cytowana|źródła|
        przypisy bibliograficzne""",
    "cs": """literatura|použitá literatura|seznam literatury|seznam použité literatury|
        zdroje|použité zdroje|bibliografie|reference""",
    "tr": """kaynaklar|kaynakça|kaynakca|yararlanılan kaynaklar|referanslar|bibliyografya""",
    "nl": """literatuur|literatuurlijst|referenties|bronnen|bibliografie""",
}


def _unaccented(text: str) -> str:
    """``text`` without combining accents ("références" -> "references")."""
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def _key(text: str) -> str:
    return unicodedata.normalize("NFC", _unaccented(fold(text)))


_HEADING_KEYS = frozenset(
    _key(h) for names in HEADINGS_BY_LANGUAGE.values() for h in names.split("|") if h.strip()
)
#: A heading with one letter wrong ("Refrences", "Спсок литературы") still names the list
#: when it is at least this long (shorter words have too many real neighbours).
_TYPO_MIN_LENGTH = 8


def _one_typo_apart(word: str, key: str) -> bool:
    """One letter inserted, dropped, changed or two swapped, keeping the first letter."""
    if not word or not key or word[0] != key[0] or abs(len(word) - len(key)) > 1:
        return False
    if len(word) == len(key):
        diff = [i for i, (a, b) in enumerate(zip(word, key, strict=True)) if a != b]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and word[diff[0]] == key[diff[1]]
            and word[diff[1]] == key[diff[0]]
        )
    short, long_ = sorted((word, key), key=len)
    i = next((i for i, (a, b) in enumerate(zip(short, long_, strict=False)) if a != b), len(short))
    return short[i:] == long_[i + 1 :]


_TYPO_KEYS: dict[str, list[str]] = {}  # by first letter: every line of a text is checked
for _heading_key in sorted(_HEADING_KEYS):
    if len(_heading_key) >= _TYPO_MIN_LENGTH:
        _TYPO_KEYS.setdefault(_heading_key[0], []).append(_heading_key)


def _is_heading_key(text: str) -> bool:
    key = _key(strip_markdown(text))
    if key in _HEADING_KEYS:
        return True
    return len(key) >= _TYPO_MIN_LENGTH and any(
        _one_typo_apart(key, k) for k in _TYPO_KEYS.get(key[0], ())
    )


_HEADING_MARKUP = re.compile(r"^\s*(?:#{1,6}\s*)?(?:[*_]{1,3})?\s*")
_HEADING_NUMBER = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVXLC]{1,6}\.|[A-ZА-Я]\.|§\s?\d{1,2}\.?)\s+(?=\S)"
)
_HEADING_TRAILER = re.compile(r"[\s*_:.]+$")
_PARENTHETICAL = re.compile(r"\s*[(\[][^()\[\]]{1,40}[)\]]\s*$")
_HEADING_SEPARATOR = re.compile(r"\s*[/|]\s*")
_MAX_HEADING = 90


def heading_name(line: str) -> str | None:
    """The heading as printed ("Список литературы") if ``line`` is a reference-list heading."""
    text = line.strip()
    if not text or len(text) > _MAX_HEADING:
        return None
    text = _HEADING_MARKUP.sub("", text)
    text = _HEADING_NUMBER.sub("", text)
    text = _HEADING_TRAILER.sub("", text).strip()
    if not text:
        return None
    core = _PARENTHETICAL.sub("", text)
    parts = [p for p in _HEADING_SEPARATOR.split(core) if p]
    if parts and all(_is_heading_key(p) for p in parts):
        return text
    return None


#: Headings of what journals print after a reference list (acknowledgements, declarations,
#: author notes, appendices): met inside a list region, the list has ended. One printed on
#: its own line or run in ("Competing interests: none").
_BACK_MATTER = frozenset(
    _key(h)
    for h in """acknowledgements|acknowledgments|acknowledgement|acknowledgment|
    author contributions|authors contributions|author contribution|contributions|
    additional information|author information|about the authors|notes on contributors|
    competing interests|competing financial interests|conflict of interest|
    conflicts of interest|declaration of competing interest|declaration of interests|
    disclosure|disclosures|funding|funding information|financial support|
    data availability|data availability statement|availability of data and materials|
    ethics statement|ethical approval|ethics approval|consent for publication|
    supplementary material|supplementary materials|supplementary information|
    supplementary data|appendix|appendices|figure legends|figure captions|abbreviations|
    благодарности|финансирование|конфликт интересов|вклад авторов|информация об авторах|
    сведения об авторах|об авторах|приложение|приложения|
    danksagung|remerciements|agradecimientos|agradecimentos|ringraziamenti|
    podziękowania|poděkování|teşekkür""".split("|")
    if h.strip()
)
_RUN_IN = re.compile(r"^([^:.]{3,50}):\s+\S")


def ends_list(line: str) -> bool:
    """Is ``line`` a heading of the back matter ("Acknowledgements", "Funding: …")?"""
    text = line.strip()
    if not text or len(text) > _MAX_HEADING * 4:
        return False
    run_in = _RUN_IN.match(strip_markdown(text))
    if run_in and _key(run_in.group(1)) in _BACK_MATTER:
        return True
    if len(text) > _MAX_HEADING:
        return False
    text = _HEADING_NUMBER.sub("", _HEADING_MARKUP.sub("", text))
    return _key(strip_markdown(_HEADING_TRAILER.sub("", text))) in _BACK_MATTER


def is_other_heading(line: str) -> bool:
    """A Markdown ``#`` heading or a whole-line bold heading: the end of any list."""
    text = line.strip()
    if text.startswith("#"):
        return bool(re.match(r"#{1,6}\s", text))
    return bool(re.fullmatch(r"(\*\*|__)[^*_]{1,120}\1:?", text))


def markdown_level(line: str) -> int:
    """1-6 for a Markdown ``#`` heading, 0 for anything else."""
    match = re.match(r"\s*(#{1,6})\s", line)
    return len(match.group(1)) if match else 0
