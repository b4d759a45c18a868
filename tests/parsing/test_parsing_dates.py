"""Date segments, in English and Russian, as reference lists print them."""

import pytest

from refbridge.model import Date
from refbridge.parsing.dates import find_year, parse_date


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2019", Date(2019)),
        ("2019 г.", Date(2019)),
        ("(2019)", Date(2019)),
        ("2019a", Date(2019)),
        ("(2019, December 6)", Date(2019, 12, 6)),
        ("2019, декабрь 6", Date(2019, 12, 6)),
        ("2019, ноябрь 7", Date(2019, 11, 7)),
        ("2011, January 28", Date(2011, 1, 28)),
        ("2019, Dec. 6", Date(2019, 12, 6)),
        ("6 December 2019", Date(2019, 12, 6)),
        ("December 6, 2019", Date(2019, 12, 6)),
        ("6 декабря 2019 г.", Date(2019, 12, 6)),
        ("2-6 июня 2014 г.", Date(2014, 6, 2)),
        ("20.05.2019", Date(2019, 5, 20)),
        ("19.03.2012 г.", Date(2012, 3, 19)),
        ("2019-05-20", Date(2019, 5, 20)),
        ("May 2020", Date(2020, 5)),
        ("2014-2015", Date(2014, literal="2014-2015")),
        ("n.d.", Date(literal="n.d.")),
        ("б. г.", Date(literal="б. г.")),
    ],
)
def test_parse_date(text, date):
    assert parse_date(text) == date


@pytest.mark.parametrize("text", ["", "Т. 96", "вып. 5", "С. 45–50", "(In Russian)"])
def test_no_date(text):
    assert parse_date(text) is None


def test_not_a_month_is_not_read_as_one():
    assert parse_date("2019, Seriya 6") == Date(2019, literal="2019, Seriya 6")


def test_find_year():
    assert find_year("М.: Наука, 1987. – 464 с.") == 1987
    assert find_year("С. 100-200") is None
