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
FIELDS: dict[str, frozenset[str]] = {
    "article": frozenset(
        """addendum annotator author commentator editor editora editoratype editorb
        editorbtype editorc editorctype editortype eid issn issue issuesubtitle
        issuetitle issuetitleaddon journalsubtitle journaltitle journaltitleaddon
        language note number origlanguage pages pubstate series subtitle title
        titleaddon translator version volume""".split()
    ),
    "bibnote": frozenset("""note""".split()),
    "book": frozenset(
        """addendum afterword annotator author chapter commentator edition editor
        editora editoratype editorb editorbtype editorc editorctype editortype eid
        foreword introduction isbn language location mainsubtitle maintitle
        maintitleaddon note number origlanguage pages pagetotal part publisher
        pubstate series subtitle title titleaddon translator volume volumes""".split()
    ),
    "bookinbook": frozenset(
        """addendum afterword annotator author bookauthor booksubtitle booktitle
        booktitleaddon chapter commentator edition editor editora editoratype
        editorb editorbtype editorc editorctype editortype eid foreword introduction
        isbn language location mainsubtitle maintitle maintitleaddon note number
        origlanguage pages part publisher pubstate series subtitle title titleaddon
        translator volume volumes""".split()
    ),
    "booklet": frozenset(
        """addendum author chapter editor editortype eid howpublished language location
        note pages pagetotal pubstate subtitle title titleaddon type""".split()
    ),
    "collection": frozenset(
        """addendum afterword annotator chapter commentator edition editor editora
        editoratype editorb editorbtype editorc editorctype editortype eid foreword
        introduction isbn language location mainsubtitle maintitle maintitleaddon
        note number origlanguage pages pagetotal part publisher pubstate series
        subtitle title titleaddon translator volume volumes""".split()
    ),
    "dataset": frozenset(
        """addendum author edition editor editortype language location note number
        organization publisher pubstate series subtitle title titleaddon type
        version""".split()
    ),
    "inbook": frozenset(
        """addendum afterword annotator author bookauthor booksubtitle booktitle
        booktitleaddon chapter commentator edition editor editora editoratype
        editorb editorbtype editorc editorctype editortype eid foreword introduction
        isbn language location mainsubtitle maintitle maintitleaddon note number
        origlanguage pages part publisher pubstate series subtitle title titleaddon
        translator volume volumes""".split()
    ),
    "incollection": frozenset(
        """addendum afterword annotator author booksubtitle booktitle booktitleaddon
        chapter commentator edition editor editora editoratype editorb editorbtype
        editorc editorctype editortype eid foreword introduction isbn language
        location mainsubtitle maintitle maintitleaddon note number origlanguage
        pages part publisher pubstate series subtitle title titleaddon translator
        volume volumes""".split()
    ),
    "inproceedings": frozenset(
        """addendum author booksubtitle booktitle booktitleaddon chapter editor
        editortype eid eventday eventendday eventendhour eventendminute
        eventendmonth eventendsecond eventendtimezone eventendyear
        eventendyeardivision eventhour eventminute eventmonth eventsecond
        eventtimezone eventtitle eventtitleaddon eventyear eventyeardivision isbn
        language location mainsubtitle maintitle maintitleaddon note number
        organization pages part publisher pubstate series subtitle title titleaddon
        venue volume volumes""".split()
    ),
    "inreference": frozenset(
        """addendum afterword annotator author booksubtitle booktitle booktitleaddon
        chapter commentator edition editor editora editoratype editorb editorbtype
        editorc editorctype editortype eid foreword introduction isbn language
        location mainsubtitle maintitle maintitleaddon note number origlanguage
        pages part publisher pubstate series subtitle title titleaddon translator
        volume volumes""".split()
    ),
    "manual": frozenset(
        """addendum author chapter edition editor editortype eid isbn language location
        note number organization pages pagetotal publisher pubstate series subtitle
        title titleaddon type version""".split()
    ),
    "misc": frozenset(
        """addendum author editor editortype howpublished language location note
        organization pubstate subtitle title titleaddon type version""".split()
    ),
    "mvbook": frozenset(
        """addendum afterword annotator author commentator edition editor editora
        editoratype editorb editorbtype editorc editorctype editortype foreword
        introduction isbn language location note number origlanguage pagetotal
        publisher pubstate series subtitle title titleaddon translator volume
        volumes""".split()
    ),
    "mvcollection": frozenset(
        """addendum afterword annotator author commentator edition editor editora
        editoratype editorb editorbtype editorc editorctype editortype foreword
        introduction isbn language location note number origlanguage publisher
        pubstate subtitle title titleaddon translator volume volumes""".split()
    ),
    "mvproceedings": frozenset(
        """addendum editor editortype eventday eventendday eventendhour eventendminute
        eventendmonth eventendsecond eventendtimezone eventendyear
        eventendyeardivision eventhour eventminute eventmonth eventsecond
        eventtimezone eventtitle eventtitleaddon eventyear eventyeardivision isbn
        language location note number organization pagetotal publisher pubstate
        series subtitle title titleaddon venue volumes""".split()
    ),
    "mvreference": frozenset(
        """addendum afterword annotator author commentator edition editor editora
        editoratype editorb editorbtype editorc editorctype editortype foreword
        introduction isbn language location note number origlanguage publisher
        pubstate subtitle title titleaddon translator volume volumes""".split()
    ),
    "online": frozenset(
        """addendum author editor editortype language note organization pubstate
        subtitle title titleaddon version""".split()
    ),
    "patent": frozenset(
        """addendum author holder location note number pubstate subtitle title
        titleaddon type version""".split()
    ),
    "periodical": frozenset(
        """addendum editor editora editoratype editorb editorbtype editorc editorctype
        editortype issn issue issuesubtitle issuetitle issuetitleaddon language note
        number pubstate series subtitle title titleaddon volume yeardivision""".split()
    ),
    "proceedings": frozenset(
        """addendum chapter editor editortype eid eventday eventendday eventendhour
        eventendminute eventendmonth eventendsecond eventendtimezone eventendyear
        eventendyeardivision eventhour eventminute eventmonth eventsecond
        eventtimezone eventtitle eventtitleaddon eventyear eventyeardivision isbn
        language location mainsubtitle maintitle maintitleaddon note number
        organization pages pagetotal part publisher pubstate series subtitle title
        titleaddon venue volume volumes""".split()
    ),
    "reference": frozenset(
        """addendum afterword annotator chapter commentator edition editor editora
        editoratype editorb editorbtype editorc editorctype editortype eid foreword
        introduction isbn language location mainsubtitle maintitle maintitleaddon
        note number origlanguage pages pagetotal part publisher pubstate series
        subtitle title titleaddon translator volume volumes""".split()
    ),
    "report": frozenset(
        """addendum author chapter eid institution isrn language location note number
        pages pagetotal pubstate subtitle title titleaddon type version""".split()
    ),
    "set": frozenset("""entryset""".split()),
    "software": frozenset(
        """addendum author editor editortype howpublished language location note
        organization pubstate subtitle title titleaddon type version""".split()
    ),
    "suppbook": frozenset(
        """addendum afterword annotator author bookauthor booksubtitle booktitle
        booktitleaddon chapter commentator edition editor editora editoratype
        editorb editorbtype editorc editorctype editortype eid foreword introduction
        isbn language location mainsubtitle maintitle maintitleaddon note number
        origlanguage pages part publisher pubstate series subtitle title titleaddon
        translator volume volumes""".split()
    ),
    "suppcollection": frozenset(
        """addendum afterword annotator author booksubtitle booktitle booktitleaddon
        chapter commentator edition editor editora editoratype editorb editorbtype
        editorc editorctype editortype eid foreword introduction isbn language
        location mainsubtitle maintitle maintitleaddon note number origlanguage
        pages part publisher pubstate series subtitle title titleaddon translator
        volume volumes""".split()
    ),
    "thesis": frozenset(
        """addendum author chapter eid institution language location note pages
        pagetotal pubstate subtitle title titleaddon type""".split()
    ),
    "unpublished": frozenset(
        """addendum author eventday eventendday eventendhour eventendminute
        eventendmonth eventendsecond eventendtimezone eventendyear
        eventendyeardivision eventhour eventminute eventmonth eventsecond
        eventtimezone eventtitle eventtitleaddon eventyear eventyeardivision
        howpublished language location note pubstate subtitle title titleaddon type
        venue""".split()
    ),
}


def allowed(entry_type: str, field: str) -> bool:
    """True when biber accepts ``field`` in an entry of ``entry_type`` (unknown types: yes)."""
    fields = FIELDS.get(entry_type)
    return fields is None or field in COMMON or field in fields
