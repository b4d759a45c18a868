"""The <names> element: name lists, et al., initials, particles and suffixes, substitutes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET

from . import textcase
from .context import (
    FIRST,
    INHERITABLE_NAME_OPTIONS,
    SUBSEQUENT,
    Ctx,
    Render,
    decorations_from,
    decorations_of,
    grown,
    int_option,
    strip_periods_from,
    tag_name,
)
from .locale import NS
from .output import Blob, plain_text
from .person import people_key, person, starts_romanesque

if TYPE_CHECKING:
    from .style import CompiledStyle


def compile_names(style: CompiledStyle, element: ET.Element) -> Render:
    variables = element.get("variable", "").split()
    name_el = element.find(f"{NS}name")
    et_al_el = element.find(f"{NS}et-al")
    label_el = element.find(f"{NS}label")
    substitute_el = element.find(f"{NS}substitute")
    label_after = name_el is None  # no <name>: the implicit name comes first
    if label_el is not None and name_el is not None:
        children = list(element)
        label_after = children.index(label_el) > children.index(name_el)
    if not list(element) and style.substitute_names:
        # a bare <names> anywhere in a <substitute> (in a <choose> too) takes the <name>,
        # <et-al> and <label> of the <names> it stands in for, as in citeproc-js
        name_el, et_al_el, label_el, label_after = style.substitute_names[-1]
    return _names_renderer(
        style, element, variables, name_el, et_al_el, label_el, substitute_el, label_after
    )


def _names_renderer(
    style: CompiledStyle,
    element: ET.Element,
    variables: list[str],
    name_el: ET.Element | None,
    et_al_el: ET.Element | None,
    label_el: ET.Element | None,
    substitute_el: ET.Element | None,
    label_after: bool,
) -> Render:
    own_options = {k: v for k, v in element.attrib.items() if k in INHERITABLE_NAME_OPTIONS}
    name_options = dict(name_el.attrib) if name_el is not None else {}
    name_prefix = name_options.pop("prefix", "")
    name_suffix = name_options.pop("suffix", "")
    name_decorations = decorations_of(name_el) if name_el is not None else []
    parts = {}
    if name_el is not None:
        for part in name_el.findall(f"{NS}name-part"):
            parts[part.get("name", "")] = dict(part.attrib)
    et_al_term = et_al_el.get("term", "et-al") if et_al_el is not None else "et-al"
    et_al_prefix = et_al_el.get("prefix", "") if et_al_el is not None else ""
    et_al_suffix = et_al_el.get("suffix", "") if et_al_el is not None else ""
    et_al_decorations = decorations_of(et_al_el) if et_al_el is not None else []
    label_attrs = dict(label_el.attrib) if label_el is not None else None
    substitutes: list[Render] = []
    if substitute_el is not None:
        for child in substitute_el:
            if tag_name(child) == "names" and not list(child):
                substitutes.append(
                    _names_renderer(
                        style,
                        child,
                        child.get("variable", "").split(),
                        name_el,
                        et_al_el,
                        label_el,
                        None,
                        label_after,
                    )
                )
            else:
                style.substitute_names.append((name_el, et_al_el, label_el, label_after))
                substitutes.append(style.compile(child))
                style.substitute_names.pop()
            if tag_name(child) == "text" and (child.get("term") or child.get("value")):
                break  # citeproc-js: a term or value ends the substitution, even an empty term
    delimiter_attr = element.get("delimiter")
    prefix, suffix = element.get("prefix", ""), element.get("suffix", "")
    decorations = decorations_of(element)

    def render(ctx: Ctx) -> Blob | None:
        ctx.called += 1
        if ctx.skip_names:
            ctx.skip_names = False
            ctx.rendered += 1
            return None
        options = {**ctx.name_options, **own_options, **name_options}
        found = []
        for variable in variables:
            if variable in ctx.suppressed:
                continue
            names = ctx.item.get(variable)
            if names:
                found.append((variable, names))
        if not found:
            for substitute in substitutes:
                touched_before = len(ctx.touched)
                nothing_before = ctx.term_first
                suppressed_before = set(ctx.suppressed)
                ctx.substituting += 1  # what a substitute prints is not printed twice in it
                blob = substitute(ctx)
                ctx.substituting -= 1
                if blob is None:
                    ctx.suppressed = suppressed_before
                else:
                    if ctx.mode == "bibliography" and ctx.first_people is None:
                        # a substituted title stands for the authors when lists are compared
                        ctx.first_people = [plain_text(blob)] if nothing_before else []
                    ctx.suppressed.update(ctx.touched[touched_before:])
                    # citeproc-js: the affixes go with names printed in its place, not with
                    # a title or other text
                    affixes = (prefix, suffix) if _printed_names(blob) else ("", "")
                    out = Blob([blob], *affixes, "", list(decorations))
                    out.is_names = True
                    return out
            return None
        ctx.rendered += 1
        if options.get("form", options.get("name-form")) == "count" or (
            name_el is not None and name_el.get("form") == "count"
        ):
            total = sum(_shown_count(ctx, options, names) for _v, names in found)
            return Blob(str(total), prefix, suffix, "", list(decorations), num=True)
        common = _common_term(ctx, variables, found, label_attrs)
        if common:  # editor and translator are the same people: "John Doe (ed. & trans.)"
            found = found[:1]
        blobs = []
        for variable, names in found:
            ctx.touch(variable)
            list_blob = _render_name_list(
                ctx,
                names,
                options,
                parts,
                (name_prefix, name_suffix, name_decorations),
                et_al_term,
                et_al_prefix,
                et_al_suffix,
                et_al_decorations,
            )
            if list_blob is None:
                continue
            if label_attrs is not None and ctx.mode != "sort":  # keys compare names alone
                label = _names_label(ctx, common or variable, len(names), label_attrs)
                if label is not None:
                    label.is_label = True
                    list_blob = Blob([list_blob, label] if label_after else [label, list_blob])
            blobs.append(list_blob)
        if not blobs:
            return None
        delimiter = (
            delimiter_attr if delimiter_attr is not None else options.get("names-delimiter", "")
        )
        out = Blob(blobs, prefix, suffix, delimiter, list(decorations))
        out.is_names = True
        return out

    return render


def _printed_names(blob: Blob) -> bool:
    """Whether a substitute's output is a name list (a <names>, maybe inside a choose)."""
    while not blob.is_names and isinstance(blob.blobs, list) and len(blob.blobs) == 1:
        blob = blob.blobs[0]
    return blob.is_names


def _common_term(
    ctx: Ctx,
    variables: Sequence[str],
    found: Sequence[tuple[str, Sequence[Mapping[str, str]]]],
    label_attrs: Mapping[str, str] | None,
) -> str:
    """The term naming both roles of a two-variable <names> whose lists are the same people
    ("editortranslator": the variable names in alphabetical order), if the locale has it."""
    if label_attrs is None or len(variables) != 2 or len(found) != 2:
        return ""
    (_, first), (_, second) = found
    if len(first) != len(second) or any(
        people_key(a) != people_key(b) for a, b in zip(first, second, strict=True)
    ):
        return ""
    term = "".join(sorted(variables))
    return term if ctx.locale.term(term, label_attrs.get("form", "long")) else ""


def _names_label(ctx: Ctx, variable: str, count: int, attrs: Mapping[str, str]) -> Blob | None:
    form = attrs.get("form", "long")
    plural_attr = attrs.get("plural", "contextual")
    plural = count > 1 if plural_attr == "contextual" else plural_attr == "always"
    text = ctx.locale.term(variable, form, plural)
    if not text:
        return None
    case = attrs.get("text-case", "")
    if case:
        text = textcase.apply(case, text, True)
    if attrs.get("strip-periods") == "true":
        text = strip_periods_from(text)
    return Blob(text, attrs.get("prefix", ""), attrs.get("suffix", ""), "", decorations_from(attrs))


def _et_al(ctx: Ctx, options: Mapping[str, str]) -> tuple[int, int]:
    """et-al-min and et-al-use-first, or their -subsequent- forms in a subsequent cite."""
    minimum, first = "et-al-min", "et-al-use-first"
    if ctx.mode in ("citation", "key") and ctx.position >= SUBSEQUENT:
        if "et-al-subsequent-min" in options:
            minimum = "et-al-subsequent-min"
        if "et-al-subsequent-use-first" in options:
            first = "et-al-subsequent-use-first"
    if first not in options:  # citeproc-js: et-al-min alone shortens nothing
        return 0, 0
    return int_option(options, minimum), int_option(options, first)


def _shown_count(ctx: Ctx, options: Mapping[str, str], names: Sequence[Any]) -> int:
    et_al_min, use_first = _et_al(ctx, options)
    if et_al_min and len(names) >= et_al_min and use_first < len(names):
        return use_first
    return len(names)


def _names_shown(
    ctx: Ctx, wanted: int, count: int, et_al_min: int, use_first: int, use_last: bool
) -> int:
    """How many of ``count`` names to print (citeproc-js's _imposeNameConstraints): et al.
    after ``use_first``, unless disambiguation asks for ``wanted`` names. The ambiguity key
    ("key" mode) takes ``wanted`` as given, a printed cite only where it adds names."""
    limit = et_al_min
    if ctx.mode == "key" and wanted:
        limit = wanted
    elif ctx.mode != "key" and wanted > use_first:
        limit = count if count < et_al_min else wanted
    elif et_al_min and count >= et_al_min:
        limit = use_first
    if ctx.mode != "key" and use_last and wanted > use_first and limit > et_al_min - 2:
        limit = et_al_min - 2
    if et_al_min and et_al_min >= use_first and count > limit:
        return limit
    return count


def _render_name_list(
    ctx: Ctx,
    names: Sequence[Mapping[str, str]],
    options: Mapping[str, str],
    parts: Mapping[str, Mapping[str, str]],
    name_affixes: tuple[str, str, list[tuple[str, str]]],
    et_al_term: str,
    et_al_prefix: str,
    et_al_suffix: str,
    et_al_decorations: list[tuple[str, str]],
) -> Blob | None:
    count = len(names)
    et_al_min, use_first = _et_al(ctx, options)
    use_last = options.get("et-al-use-last") == "true"
    pos = ctx.nameset
    ctx.nameset += 1
    # every name is registered and gets its given-name level, shown or not (citeproc-js)
    levels = [_given_level(ctx, name, i, pos, options) for i, name in enumerate(names)]
    request = ctx.disambig
    wanted = request.names[pos] if request is not None and pos < len(request.names) else 0
    shown_count = _names_shown(ctx, wanted, count, et_al_min, use_first, use_last)
    if use_last and shown_count == count - 1:  # the first ones and the last are all of them
        shown_count = count
    truncated = shown_count < count
    shown = list(names[:shown_count])
    if not shown:
        return None
    grown(ctx.settings.names, pos, 0)
    ctx.settings.names[pos] = shown_count
    ctx.names_max.append(count)
    delimiter = options.get("delimiter", options.get("name-delimiter", ", "))
    and_mode = options.get("and", "")
    sort_order = options.get("name-as-sort-order", "")
    if ctx.mode == "sort":
        sort_order = "all"
    if ctx.mode == "bibliography" and ctx.first_people is None:
        # the people of the entry's first name list, as citeproc-js compares them for
        # subsequent-author-substitute (only when nothing was printed before the list)
        ctx.first_people = [people_key(name) for name in shown] if ctx.term_first else []
    rendered = []
    inverted = []
    for index, name in enumerate(shown):
        invert = sort_order == "all" or (sort_order == "first" and index == 0)
        rendered.append(_one_name(ctx, name, options, parts, invert, levels[index], name_affixes))
        inverted.append(invert and not name.get("literal"))
    blobs = [blob for blob in rendered if blob is not None]
    with_last = truncated and use_last and count > shown_count + 1
    if ctx.mode == "sort":  # the last name of an "A, B, … Z" list sorts too
        if with_last:
            blobs.append(person(ctx, names[-1], options, parts, True) or Blob(""))
        return Blob(" ".join(plain_text(b) for b in blobs))
    if not blobs:
        return None
    if with_last:
        last_name = _one_name(
            ctx, names[-1], options, parts, sort_order == "all", levels[-1], name_affixes
        )
        body = [Blob(blobs, delimiter=delimiter)]
        if last_name is not None:
            body.append(Blob([last_name], f"{delimiter}… "))
        return Blob(body)
    if truncated:
        term = ctx.locale.term(et_al_term)
        precedes = options.get("delimiter-precedes-et-al", "contextual")
        use_delimiter = (
            precedes == "always"
            or (precedes == "contextual" and len(blobs) >= 2)
            or (precedes == "after-inverted-name" and inverted[len(blobs) - 1])
        )
        joined = Blob(blobs, delimiter=delimiter)
        if not term:
            return joined
        et_al = Blob(term, et_al_prefix, et_al_suffix, "", list(et_al_decorations))
        glue = delimiter if use_delimiter else " "
        glue = glue.rstrip(" ") + " " if glue.strip() else " "
        if glue == " " and not starts_romanesque(term):
            glue = ""
        et_al_group = Blob([et_al], glue)
        et_al_group.is_et_al = True
        return Blob([joined, et_al_group])
    if len(blobs) == 1 or not and_mode:
        return Blob(blobs, delimiter=delimiter)
    and_text = ctx.locale.term("and") if and_mode == "text" else "&"
    precedes = options.get("delimiter-precedes-last", "contextual")
    if [n for n, b in zip(shown, rendered, strict=True) if b is not None][-1].get("literal"):
        # citeproc-js joins a last institution with its <institution> defaults: the <name>'s
        # delimiter-precedes-last is not theirs, only the style's or the area's
        area = ctx.name_options.get("delimiter-precedes-last", "contextual")
        precedes = area if precedes != "after-inverted-name" else precedes
    use_delimiter = (
        precedes == "always"
        or (precedes == "contextual" and len(blobs) >= 3)
        or (precedes == "after-inverted-name" and inverted[-2])
    )
    head = Blob(blobs[:-1], delimiter=delimiter)
    glue = delimiter if use_delimiter else " "
    if not starts_romanesque(and_text):  # no spaces around an "and" in another script
        last = Blob([blobs[-1]], (delimiter if precedes == "always" else "") + and_text)
    else:  # the delimiter as written, then the "and" (citeproc-js: "A,B,& C" for ",")
        last = Blob([blobs[-1]], f"{glue}{and_text} ")
    return Blob([head, last])


def _one_name(
    ctx: Ctx,
    name: Mapping[str, str],
    options: Mapping[str, str],
    parts: Mapping[str, Mapping[str, str]],
    invert: bool,
    level: int | None,
    name_affixes: tuple[str, str, list[tuple[str, str]]],
) -> Blob | None:
    """One name; a person's gets the <name> element's affixes and formatting, as citeproc-js
    gives them to each personal name (``suffix="."`` makes "Wang K., Tang D."), not to the list
    nor to an institution."""
    blob = person(ctx, name, options, parts, invert, level)
    if blob is None or name.get("literal") or ctx.mode == "sort":
        return blob
    prefix, suffix, decorations = name_affixes
    return (
        Blob([blob], prefix, suffix, "", list(decorations))
        if prefix or suffix or decorations
        else blob
    )


def _given_level(
    ctx: Ctx, name: Mapping[str, str], index: int, pos: int, options: Mapping[str, str]
) -> int | None:
    """How much of the given name this name shows (0 none, 1 initials, 2 in full; None: as the
    style says), citeproc-js's _runDisambigNames: the level disambiguation asked for, raised
    where the name registry finds the family name shared by different people."""
    registry = ctx.namereg
    if registry is None or ctx.mode == "sort" or not (name.get("family") or name.get("given")):
        return None
    form = options.get("form", options.get("name-form", "long"))
    initials = options.get("initialize-with")
    item = id(ctx.item)
    if ctx.mode != "bibliography":  # the registry holds the names cites print
        registry.add(item, name, index)
    givens = grown(ctx.settings.givens, pos, [])
    plain = registry.level(item, name, index, 0, form, initials)
    if len(givens) <= index:
        givens.extend([plain] * (index + 1 - len(givens)))
    if ctx.disambig is not None:
        level = givens[index]
        # citeproc-js also asks for a missing given name, but its names always have one by
        # then (getName makes it ""), so only a style without initials turns 1 into 2
        if level == 1 and registry.by_cite and initials is None:
            level = 2
        if registry.add_givenname and name.get("given"):
            level = registry.level(item, name, index, level, form, initials)
    else:
        level = plain
    if ctx.mode == "citation" and ctx.position == FIRST:
        level = max(level, plain)
    givens[index] = level
    default = 0 if form != "long" else 1 if initials is not None else 2
    level = max(level, default)
    if level == 1 and initials is None and not registry.with_initials:
        return 2  # no initials to show: the given name in full
    return level
