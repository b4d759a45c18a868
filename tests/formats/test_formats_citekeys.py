"""Citation keys: author + year + first significant title word, ASCII, unique, stable."""

from __future__ import annotations

from refbridge import Date, Name, Reference
from refbridge.formats.citekeys import assign_keys, base_key, is_valid_key


def ref(family="", title="", year=None, **kwargs):
    authors = (Name(family, "A."),) if family else ()
    return Reference(type="book", authors=authors, title=title,
                     issued=Date(year) if year else None, **kwargs)  # fmt: skip


def test_key_is_family_year_and_first_significant_word():
    assert base_key(ref("Dudin", "The Foreign Economic Cooperation", 2019)) == "dudin2019foreign"


def test_cyrillic_is_transliterated_and_russian_stopwords_skipped():
    key = base_key(ref("Еримпашева", "О внешнеэкономическом сотрудничестве", 2019))
    assert key == "erimpasheva2019vneshneekonomicheskom"
    assert key.isascii()


def test_organisations_editors_and_anonymous_works():
    org = Reference(type="webpage", authors=(Name(literal="The President of Russia"),),
                    title="Address", issued=Date(2019))  # fmt: skip
    assert base_key(org) == "president2019address"
    edited = Reference(type="book", editors=(Name("Jones", "B."),), title="Proceedings")
    assert base_key(edited) == "jonesproceedings"
    assert base_key(ref(title="Послание Федеральному Собранию", year=2019)) == (
        "poslanie2019federalnomu"
    )
    assert base_key(Reference()) == "ref"


def test_collisions_are_suffixed_a_b_in_input_order_and_keys_are_stable():
    refs = [ref("Smith", "Cats", 2020), ref("Jones", "Dogs", 2020), ref("Smith", "Cats", 2020)]
    assert assign_keys(refs) == ["smith2020catsa", "jones2020dogs", "smith2020catsb"]
    assert assign_keys(refs) == assign_keys(list(refs))


def test_existing_valid_ids_are_kept_and_invalid_ones_replaced():
    kept = ref("Smith", "Cats", 2020, id="my:key-1")
    replaced = ref("Smith", "Cats", 2020, id="has space")
    assert assign_keys([kept, replaced]) == ["my:key-1", "smith2020cats"]
    assert is_valid_key("a_b:c.d/e+f-1") and not is_valid_key("ключ") and not is_valid_key("")


def test_a_suffixed_key_never_takes_an_existing_one():
    refs = [ref("Smith", "Cats", 2020, id="smith2020catsa"), ref("Smith", "Cats", 2020),
            ref("Smith", "Cats", 2020)]  # fmt: skip
    assert assign_keys(refs) == ["smith2020catsa", "smith2020catsb", "smith2020catsc"]
