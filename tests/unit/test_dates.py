"""mentorkit.dates: one way to read a date, and the same words for a bad one."""

import datetime as dt

import pytest

from mentorkit.dates import add_months, as_of_date, parse_date, to_date


def test_iso_text_with_or_without_a_time_part_and_blank_as_none():
    assert parse_date(" 2026-03-01 ") == dt.date(2026, 3, 1)
    assert parse_date("2026-03-01T10:30:00", time_part=True) == dt.date(2026, 3, 1)
    assert parse_date("2026-03-01 10:30", time_part=True) == dt.date(2026, 3, 1)
    assert parse_date("  ") is None
    with pytest.raises(ValueError, match=r"'2026-03-01T10:30' is not an ISO 8601 date \(YYYY-MM-DD\)"):
        parse_date("2026-03-01T10:30")  # a time only where it is allowed
    with pytest.raises(ValueError, match="'2026-13-01' is not an ISO 8601 date"):
        parse_date("2026-13-01", time_part=True)


def test_cells_of_every_kind():
    pd = pytest.importorskip("pandas")
    assert to_date(pd.Timestamp("2026-03-01 09:00")) == dt.date(2026, 3, 1)
    assert to_date(pd.NaT) is None and to_date(float("nan")) is None and to_date(None) is None
    assert to_date(dt.date(2026, 3, 1)) == dt.date(2026, 3, 1) and to_date("") is None
    with pytest.raises(ValueError, match="is not a date"):
        to_date(object())


def test_as_of_is_today_unless_given_and_names_itself_when_bad():
    assert as_of_date(None) == as_of_date("") == dt.date.today()
    assert as_of_date("2026-03-01") == as_of_date(dt.datetime(2026, 3, 1, 12)) == dt.date(2026, 3, 1)
    with pytest.raises(ValueError, match=r"as_of: 'soon' is not an ISO 8601 date \(YYYY-MM-DD\)"):
        as_of_date("soon")


def test_add_months_clamps_to_the_month_end():
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2026, 11, 15), 3) == dt.date(2027, 2, 15)
