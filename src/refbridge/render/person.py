"""One personal name as citeproc-js composes it (``_renderOnePersonalName``): given name,
particles, family name and suffix in display or sort ("inverted") order, each part with its
<name-part> formatting and the parts' affixes around the pieces citeproc-js puts them on."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping

from . import markup, textcase
from .context import Ctx, decorations_from
from .initials import ROMANESQUE, STARTS_ROMANESQUE, initialize
from .output import Blob


def starts_romanesque(text: str) -> bool:
    """citeproc-js's test for a term that is spaced from the names it joins ("and", "et al."):
    a term in another script ("等", Hebrew "ו") is written next to them."""
    return bool(STARTS_ROMANESQUE.match(text))


def person(
    ctx: Ctx,
    name: Mapping[str, str],
    options: Mapping[str, str],
    parts: Mapping[str, Mapping[str, str]],
    invert: bool,
    level: int | None = None,
) -> Blob | None:
    """The name as output; ``invert`` for name-as-sort-order, ``level`` how much of the given
    name disambiguation shows (0 none, 1 initials, 2 in full; None: as the style says)."""
    family_part, given_part = parts.get("family", {}), parts.get("given", {})
    name = parsed(name)
    literal = name.get("literal")
    family = name.get("family", "")
    if literal or not family:  # an institution: formatted as a family name, as citeproc-js does
        text = literal or name.get("given", "")
        if not ctx.preserve:
            text = text.replace("'", "\u2019")  # as in the parts of a personal name below
        return _part(ctx, text, family_part)
    given = name.get("given", "")
    particle = name.get("non-dropping-particle", "")
    dropping = name.get("dropping-particle", "")
    if not ctx.preserve:
        family, given = family.replace("'", "\u2019"), given.replace("'", "\u2019")
        particle, dropping = particle.replace("'", "\u2019"), dropping.replace("'", "\u2019")
    form = options.get("form", options.get("name-form", "long"))
    initialize_with = options.get("initialize-with")
    if level is not None:
        form = "long" if level else "short"
        if level == 2:
            initialize_with = None
        elif level == 1 and initialize_with is None:
            initialize_with = ""  # a "-with-initials" rule on a style without initialize-with
    if given and initialize_with is not None:
        given = initialize(
            given,
            initialize_with,
            options.get("initialize-with-hyphen", "true") != "false",
            options.get("initialize", "true") != "false",
        )
    family_blob = _part(ctx, family, family_part)
    particle_blob = _part(ctx, particle, family_part)
    given_blob = _part(ctx, given, given_part) if form != "short" else None
    dropping_blob = _part(ctx, dropping, given_part) if given_blob is not None else None
    suffix = (
        name.get("suffix", "") if ctx.preserve else name.get("suffix", "").replace("'", "\u2019")
    )
    if suffix and options.get("initialize-with") is not None:
        # citeproc-js normalises the suffix as it does initials: "Jr." is "Jr" where
        # initials take no period
        suffix = initialize(suffix, options["initialize-with"], True, False)
    suffix_blob = Blob(suffix) if suffix and given_blob is not None else None
    romanesque = _romanesque(name, str(ctx.item.get("language") or ""))
    if romanesque == 0:
        return _join([particle_blob, family_blob, given_blob], "")
    if romanesque == 1:
        return _join([_join([particle_blob, family_blob], " "), given_blob], " ")
    hyphenated = bool(particle) and particle[-1:] in ("\u2019", "'", "-", " ")
    family_affixed = _affixed(family_part)
    given_affixed = _affixed(given_part)
    demote = options.get("demote-non-dropping-particle", "display-and-sort")
    if invert:
        separator = options.get("sort-separator", ", ")
        if given in ("Lord", "Lady"):
            separator = ", "
        if demote in ("always", "display-and-sort") or (ctx.mode == "sort" and demote != "never"):
            second = _join([_join([given_blob, dropping_blob], " "), particle_blob], " ")
            head = family_affixed(family_blob)
        else:
            glue = "" if hyphenated and ctx.mode != "sort" else " "  # keys part "d’|Wander"
            head = family_affixed(_join([particle_blob, family_blob], glue))
            second = _join([given_blob, dropping_blob], " ")
        return _join([_join([head, given_affixed(second)], separator), suffix_blob], separator)
    elided = dropping[-1:] in ("'", "\u02bc", "\u2019", "-") and dropping[:-1] != "de"
    if elided and not particle:  # "d’Aubignac": the particle joins the family name
        family_blob, dropping_blob = _join([dropping_blob, family_blob], ""), None
    if hyphenated:
        second = _join([dropping_blob, _join([particle_blob, family_blob], "")], " ")
    else:
        second = _join([dropping_blob, particle_blob, family_blob], " ")
    second = _join([second, suffix_blob], ", " if name.get("comma-suffix") else " ")
    given_blob, second = given_affixed(given_blob), family_affixed(second)
    if given_blob is None or second is None:
        return given_blob or second
    # citeproc-js puts the space on the given name's suffix: a no-break space there replaces it
    return Blob([Blob([given_blob], suffix=" "), second])


def _part(ctx: Ctx, text: str, part: Mapping[str, str]) -> Blob | None:
    """One piece of the name with its name-part's text case and formatting (no affixes)."""
    if not text:
        return None
    if part.get("text-case"):
        text = textcase.apply(part["text-case"], text, ctx.english)
    blob = _marked_up(text)
    blob.decorations = decorations_from(part)
    return blob


def _marked_up(text: str) -> Blob:
    """A name piece; markup in it ("<b>Doe</b>") is honoured, as in other fields."""
    children = markup.parse(text)
    return Blob(children) if children is not None else Blob(text)


def _affixed(part: Mapping[str, str]) -> Callable[[Blob | None], Blob | None]:
    prefix, suffix = part.get("prefix", ""), part.get("suffix", "")

    def wrap(blob: Blob | None) -> Blob | None:
        if blob is None or not (prefix or suffix):
            return blob
        return Blob([blob], prefix, suffix)

    return wrap


def _join(blobs: list[Blob | None], delimiter: str) -> Blob | None:
    present = [b for b in blobs if b is not None]
    if not present:
        return None
    return present[0] if len(present) == 1 else Blob(present, delimiter=delimiter)


def _romanesque(name: Mapping[str, str], language: str) -> int:
    """citeproc-js's _isRomanesque: 0 no Latin-like letters in the family name, 1 mixed (or a
    Japanese or Chinese item), 2 a Western name."""
    if not ROMANESQUE.search(name.get("family", "").replace('"', "")):
        return 1 if STARTS_ROMANESQUE.match(name.get("given", "")) else 0
    return 1 if language[:2] in ("ja", "zh") else 2


_FAMILY_PARTICLE = re.compile("^([^ ]+(?:-|\u02bb|\u2019| |') *)(.+)$")
_GIVEN_PARTICLE = re.compile("^([^ ]+(?:\u02bb |\u2019 | |' ) *)(.+)$")


def parsed(name: Mapping[str, str]) -> Mapping[str, str]:
    """Particles written into the name fields split off, as citeproc-js does: "van Gogh" →
    non-dropping "van" + "Gogh", "Alexander von" → "Alexander" + dropping "von", "John, Jr."
    → suffix "Jr."; a family name in double quotes is kept whole (and unquoted)."""
    family = name.get("family", "")
    if family[:1] == '"' and family[-1:] == '"':
        return {**name, "family": family[1:-1]}
    if (
        name.get("non-dropping-particle")
        or not family
        or not name.get("given")
        or name.get("static-particles")
        or name.get("parse-names") in (False, "false", 0)
    ):
        return name
    out = dict(name)
    rest, found = _particles(family, _FAMILY_PARTICLE, leading=True)
    out["family"] = rest
    particle = "".join(found)
    trimmed = particle.strip()
    if particle.endswith(" ") and trimmed[-1:] in ("'", "\u2019"):
        trimmed += " "
    if trimmed:
        out["non-dropping-particle"] = trimmed
    given = out.get("given", "")
    comma = re.search(r"(\s*,!*\s*)", given) if not out.get("suffix") else None
    if comma:
        out["suffix"] = given[comma.end() :]
        if len(comma.group(1).replace(" ", "")) == 2:
            out["comma-suffix"] = "true"
        given = given[: comma.start()]
    rest, found = _particles(given, _GIVEN_PARTICLE, leading=False)
    out["given"] = rest
    dropping = " ".join(p.strip() for p in found).strip()
    if dropping:
        out["dropping-particle"] = dropping
    return out


@functools.lru_cache(maxsize=4096)
def _particles(value: str, pattern: re.Pattern[str], leading: bool) -> tuple[str, tuple[str, ...]]:
    """Lower-case words split off the start (family) or the end (given) of a name field."""
    text = value if leading else value[::-1]
    found: list[str] = []
    match = pattern.match(text)
    while match:
        word = match.group(1) if leading else match.group(1)[::-1]
        first = re.sub(r"^[-'\u02bb\u2019\s]*(.).*$", r"\1", word, flags=re.DOTALL)
        if first.upper() == first:
            break
        found.append(word)
        text = match.group(2)
        match = pattern.match(text)
    if leading:
        return text, tuple(found)
    return text[::-1], tuple(found[::-1])


#: citeproc-js's CSL.NAME_PARTS: what identifies a person when author lists are compared.
_NAME_PARTS = ("non-dropping-particle", "family", "given", "dropping-particle", "suffix", "literal")


def people_key(name: Mapping[str, str]) -> str:
    """A person as citeproc-js's subsequent-author-substitute compares them: the name's parts
    as written ("Chen"+"X" and "Chen"+"X." are different people)."""
    parts = parsed(name)
    return "".join(str(parts.get(part) or "") for part in _NAME_PARTS)
