"""Which fields biblatex's default data model allows in which entry type.

Read from biblatex 3.18's ``blx-dm.def`` (``\\DeclareDatamodelEntryfields``), so the writer can
keep each field where ``biber --validate-datamodel`` accepts it. Types the data model lists
without fields of their own (``@standard``, ``@review``…) are not here: biber accepts no
title or author in them, so the writer uses ``@misc`` with an ``entrysubtype`` instead.
"""

from __future__ import annotations

__all__ = ["COMMON", "FIELDS", "INTEGER_FIELDS", "allowed"]

INTEGER_FIELDS = frozenset({"volume", "volumes"})
# Date fields are written whole (``date = {2019-12-06}``); biber splits them into parts.
_DATES = frozenset({"date", "urldate", "eventdate", "origdate"})
COMMON = _DATES | frozenset(
    """abstract annotation authortype bookpagination crossref day doi endday endhour
    endminute endmonth endsecond endtimezone endyear endyeardivision entryset
    entrysubtype eprint eprintclass eprinttype execute file gender hour ids
    indexsorttitle indextitle isan ismn iswc keywords label langid langidopts library
    lista listb listc listd liste listf minute month namea nameaddon nameatype nameb
    namebtype namec namectype options origday origendday origendhour origendminute
    origendmonth origendsecond origendtimezone origendyear origendyeardivision orighour
    origlocation origminute origmonth origpublisher origsecond origtimezone origtitle
    origyear origyeardivision pagination presort related relatedoptions relatedstring
    relatedtype second shortauthor shorteditor shorthand shorthandintro shortjournal
    shortseries shorttitle sortkey sortname sortshorthand sorttitle sortyear timezone
    url urlday urlendday urlendhour urlendminute urlendmonth urlendsecond urlendtimezone
    urlendyear urlhour urlminute urlmonth urlsecond urltimezone urlyear usera userb
    userc userd usere userf verba verbb verbc xdata xref year yeardivision""".split()
)
# Entry types that share a field list, then their fields.
_GROUPS: tuple[tuple[str, str], ...] = (
    (
        "article",
        """addendum annotator author commentator editor editora editoratype editorb
        editorbtype editorc editorctype editortype eid issn issue issuesubtitle
        issuetitle issuetitleaddon journalsubtitle journaltitle journaltitleaddon
        language note number origlanguage pages pubstate series subtitle title
        titleaddon translator version volume""",
    ),
    (
        "bibnote",
        """note""",
    ),
    (
        "book",
        """addendum afterword annotator author chapter commentator edition editor
        editora editoratype editorb editorbtype editorc editorctype editortype eid
        foreword introduction isbn language location mainsubtitle maintitle
        maintitleaddon note number origlanguage pages pagetotal part publisher
        pubstate series subtitle title titleaddon translator volume volumes""",
    ),
    (
        "bookinbook inbook suppbook",
        """addendum afterword annotator author bookauthor booksubtitle booktitle
        booktitleaddon chapter commentator edition editor editora editoratype
        editorb editorbtype editorc editorctype editortype eid foreword introduction
        isbn language location mainsubtitle maintitle maintitleaddon note number
        origlanguage pages part publisher pubstate series subtitle title titleaddon
        translator volume volumes""",
    ),
    (
        "booklet",
        """addendum author chapter editor editortype eid howpublished language location
        note pages pagetotal pubstate subtitle title titleaddon type""",
    ),
    (
        "collection reference",
        """addendum afterword annotator chapter commentator edition editor editora
        editoratype editorb editorbtype editorc editorctype editortype eid foreword
        introduction isbn language location mainsubtitle maintitle maintitleaddon
        note number origlanguage pages pagetotal part publisher pubstate series
        subtitle title titleaddon translator volume volumes""",
    ),
    (
        "dataset",
        """addendum author edition editor editortype language location note number
        organization publisher pubstate series subtitle title titleaddon type
        version""",
    ),
    (
        "incollection inreference suppcollection",
        """addendum afterword annotator author booksubtitle booktitle booktitleaddon
        chapter commentator edition editor editora editoratype editorb editorbtype
        editorc editorctype editortype eid foreword introduction isbn language
        location mainsubtitle maintitle maintitleaddon note number origlanguage
        pages part publisher pubstate series subtitle title titleaddon translator
        volume volumes""",
    ),
    (
        "inproceedings",
        """addendum author booksubtitle booktitle booktitleaddon chapter editor
        editortype eid eventday eventendday eventendhour eventendminute
        eventendmonth eventendsecond eventendtimezone eventendyear
        eventendyeardivision eventhour eventminute eventmonth eventsecond
        eventtimezone eventtitle eventtitleaddon eventyear eventyeardivision isbn
        language location mainsubtitle maintitle maintitleaddon note number
        organization pages part publisher pubstate series subtitle title titleaddon
        venue volume volumes""",
    ),
    (
        "manual",
        """addendum author chapter edition editor editortype eid isbn language location
        note number organization pages pagetotal publisher pubstate series subtitle
        title titleaddon type version""",
    ),
    (
        "misc software",
        """addendum author editor editortype howpublished language location note
        organization pubstate subtitle title titleaddon type version""",
    ),
    (
        "mvbook",
        """addendum afterword annotator author commentator edition editor editora
        editoratype editorb editorbtype editorc editorctype editortype foreword
        introduction isbn language location note number origlanguage pagetotal
        publisher pubstate series subtitle title titleaddon translator volume
        volumes""",
    ),
    (
        "mvcollection mvreference",
        """addendum afterword annotator author commentator edition editor editora
        editoratype editorb editorbtype editorc editorctype editortype foreword
        introduction isbn language location note number origlanguage publisher
        pubstate subtitle title titleaddon translator volume volumes""",
    ),
    (
        "mvproceedings",
        """addendum editor editortype eventday eventendday eventendhour eventendminute
        eventendmonth eventendsecond eventendtimezone eventendyear
        eventendyeardivision eventhour eventminute eventmonth eventsecond
        eventtimezone eventtitle eventtitleaddon eventyear eventyeardivision isbn
        language location note number organization pagetotal publisher pubstate
        series subtitle title titleaddon venue volumes""",
    ),
    (
        "online",
        """addendum author editor editortype language note organization pubstate
        subtitle title titleaddon version""",
    ),
    (
        "patent",
        """addendum author holder location note number pubstate subtitle title
        titleaddon type version""",
    ),
    (
        "periodical",
        """addendum editor editora editoratype editorb editorbtype editorc editorctype
        editortype issn issue issuesubtitle issuetitle issuetitleaddon language note
        number pubstate series subtitle title titleaddon volume yeardivision""",
    ),
    (
        "proceedings",
        """addendum chapter editor editortype eid eventday eventendday eventendhour
        eventendminute eventendmonth eventendsecond eventendtimezone eventendyear
        eventendyeardivision eventhour eventminute eventmonth eventsecond
        eventtimezone eventtitle eventtitleaddon eventyear eventyeardivision isbn
        language location mainsubtitle maintitle maintitleaddon note number
        organization pages pagetotal part publisher pubstate series subtitle title
        titleaddon venue volume volumes""",
    ),
    (
        "report",
        """addendum author chapter eid institution isrn language location note number
        pages pagetotal pubstate subtitle title titleaddon type version""",
    ),
    (
        "set",
        """entryset""",
    ),
    (
        "thesis",
        """addendum author chapter eid institution language location note pages
        pagetotal pubstate subtitle title titleaddon type""",
    ),
    (
        "unpublished",
        """addendum author eventday eventendday eventendhour eventendminute
        eventendmonth eventendsecond eventendtimezone eventendyear
        eventendyeardivision eventhour eventminute eventmonth eventsecond
        eventtimezone eventtitle eventtitleaddon eventyear eventyeardivision
        howpublished language location note pubstate subtitle title titleaddon type
        venue""",
    ),
)
FIELDS: dict[str, frozenset[str]] = {
    entry_type: frozenset(fields.split())
    for types, fields in _GROUPS
    for entry_type in types.split()
}


def allowed(entry_type: str, field: str) -> bool:
    """True when biber accepts ``field`` in an entry of ``entry_type`` (unknown types: yes)."""
    fields = FIELDS.get(entry_type)
    return fields is None or field in COMMON or field in fields
