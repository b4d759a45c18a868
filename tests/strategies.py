"""The Hypothesis strategies the property tests share: text, names, dates, DOIs and records.

One place, so that the model's round trip, the format round trips and the DOI normaliser are
tried on the same kinds of data (Latin and Cyrillic letters, LaTeX specials, particles and
suffixes, organisations, partial and literal dates, CSL variables outside the model).
"""

from __future__ import annotations

from hypothesis import strategies as st

from refbridge import Date, Name, Reference

LATIN = "abcdefghijklmnopqrstuvwxyz"
CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
LETTERS = LATIN + LATIN.upper() + CYRILLIC + CYRILLIC.upper() + "äöüéñçə"
SPECIAL = "&%$#_{}~^\\-`'?!\".,:;()/+"

#: Any short text a field may be given: every character UTF-8 carries but surrogates and controls.
any_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20
)
#: Names made of any text (persons or organisations): the model's converters must hold on them.
any_names = st.one_of(
    st.builds(Name, family=any_text, given=any_text), st.builds(Name, literal=any_text)
)


def word(alphabet: str = LETTERS, max_size: int = 10) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, min_size=1, max_size=max_size)


def capitalised() -> st.SearchStrategy[str]:
    return st.builds(lambda a, b: a + b, word(LATIN.upper() + CYRILLIC.upper(), 1), word())


def phrase(alphabet: str = LETTERS + SPECIAL + "0123456789") -> st.SearchStrategy[str]:
    """Free text, LaTeX specials included; the model collapses white space."""
    return st.lists(word(alphabet), min_size=1, max_size=4).map(" ".join)


digits = word("0123456789", 4)

#: Names as reference lists print them: hyphenated families, initials in two scripts,
#: particles, suffixes, organisations.
names = st.one_of(
    st.builds(
        Name,
        family=st.one_of(capitalised(), st.builds("{}-{}".format, capitalised(), capitalised())),
        given=st.one_of(
            st.just(""),
            capitalised(),
            st.builds("{}. {}.".format, word(LATIN.upper(), 1), word(CYRILLIC.upper(), 1)),
        ),
        particle=st.sampled_from(["", "van", "van der", "de", "von"]),
        suffix=st.sampled_from(["", "Jr.", "III"]),
    ),
    st.builds(Name, literal=st.lists(capitalised(), min_size=1, max_size=5).map(" ".join)),
)
#: Years, months, days, and dates that are only words.
dates = st.one_of(
    st.builds(Date, st.integers(1000, 2100)),
    st.builds(Date, st.integers(1000, 2100), st.integers(1, 12)),
    st.builds(Date, st.integers(1000, 2100), st.integers(1, 12), st.integers(1, 28)),
    st.builds(Date, literal=st.sampled_from(["n.d.", "б. г.", "forthcoming"])),
)

_DOI_SUFFIX = st.text(
    alphabet=st.sampled_from(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_;()/:"
    ),
    min_size=1,
    max_size=30,
).filter(lambda s: s[-1] not in ".,;:)" and s.count("(") == s.count(")") and not s.startswith("/"))
#: Valid DOIs of Crossref's modern pattern, with the punctuation real suffixes carry.
dois = st.builds(lambda p, s: f"10.{p}/{s}", st.integers(1000, 999999999), _DOI_SUFFIX)

#: CSL types that BibTeX/BibLaTeX have an entry type for.
BIBTEX_TYPES = [
    "article-journal", "article-magazine", "article-newspaper", "book", "chapter",
    "paper-conference", "thesis", "report", "webpage", "post-weblog", "manuscript", "dataset",
    "legislation", "entry-encyclopedia", "review", "document", "speech", "broadcast",
]  # fmt: skip
TEXT_FIELDS = [
    "title", "container_title", "collection_title", "publisher", "publisher_place", "note",
    "edition", "genre", "original_title", "container_title_short",
]  # fmt: skip
maybe = st.one_of  # readability below: maybe(st.just(""), x)

csl_extras = st.fixed_dictionaries(
    {},
    optional={
        "abstract": phrase(),
        "keyword": st.lists(word(), min_size=1, max_size=3).map(", ".join),
        "title-short": phrase(),
        "event-title": phrase(),
        "PMID": digits,
        "archive": phrase(),
        "container-author": st.lists(names, min_size=1, max_size=2).map(
            lambda ns: [n.to_csl() for n in ns]
        ),
        "event-date": dates.filter(lambda d: d.year is not None).map(Date.to_csl),
    },
)


@st.composite
def references(draw: st.DrawFn) -> Reference:
    """A record with what BibTeX can hold: everything but refbridge's bookkeeping."""
    text_fields = draw(st.sets(st.sampled_from(TEXT_FIELDS)))
    text = {attr: draw(phrase()) for attr in sorted(text_fields)}
    extra = draw(csl_extras)
    custom_fields = draw(
        st.dictionaries(
            st.sampled_from(["owner", "file", "timestamp", "groups"]),
            st.builds("{{{}}} {}".format, word(), word()),
            max_size=2,
        )
    )
    if custom_fields:
        extra["custom"] = {"bibtex": {"fields": custom_fields}}
    return Reference(
        type=draw(st.sampled_from(BIBTEX_TYPES)),
        authors=draw(st.lists(names, max_size=3)),
        editors=draw(st.lists(names, max_size=2)),
        translators=draw(st.lists(names, max_size=1)),
        issued=draw(st.none() | dates),
        accessed=draw(st.none() | dates.filter(lambda d: d.year is not None)),
        volume=draw(maybe(st.just(""), digits)),
        issue=draw(maybe(st.just(""), digits)),
        number=draw(maybe(st.just(""), digits)),
        pages=draw(maybe(st.just(""), digits, st.builds("{}-{}".format, digits, digits))),
        number_of_pages=draw(maybe(st.just(""), digits)),
        doi=draw(maybe(st.just(""), st.builds("10.{}/{}".format, digits, word(LATIN + "-._")))),
        url=draw(
            maybe(
                st.just(""),
                st.builds("https://example.org/{}".format, word(LATIN + "0123456789_%~-./?=&")),
            )
        ),
        isbn=draw(maybe(st.just(""), st.just("978-5-00-000000-0"))),
        issn=draw(maybe(st.just(""), st.just("2500-2325"))),
        language=draw(st.sampled_from(["", "ru", "en", "kk", "en-GB", "de", "la"])),
        original_language=draw(st.sampled_from(["", "ru", "en"])),
        extra=extra,
        **text,
    )
