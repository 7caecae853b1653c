"""Pure rules: codes, statuses, months."""

from datetime import UTC, datetime, timedelta

import pytest

from certification import codes
from certification.status import Dates, add_months, in_renewal_window, status_of

pytestmark = pytest.mark.pure

T = datetime(2026, 1, 31, 8, 0, tzinfo=UTC)


def test_codes_are_20_characters_of_crockford_base32_and_differ_each_time():
    made = {codes.new_code() for _ in range(2000)}
    assert len(made) == 2000
    assert all(len(c) == 20 and set(c) <= set(codes.ALPHABET) for c in made)
    assert len(codes.ALPHABET) ** codes.LENGTH >= 2**100


def test_a_typed_code_is_read_generously_but_garbage_is_refused():
    code = "0123456789ABCDEFGHJK"
    assert codes.parse("0123-4567-89ab-cdef-ghjk") == code
    assert codes.parse(" O123 4567 89AB CDEF GHJK ") == code  # O read as 0
    assert codes.parse("l123456789ABCDEFGHJK") == "1123456789ABCDEFGHJK"
    for bad in ("", "0123", "0123456789ABCDEFGHJKM", "0123456789ABCDEFGHJU", "<script>"):
        assert codes.parse(bad) is None


def test_status_revoked_wins_then_renewed_then_expired():
    expires = T + timedelta(days=10)
    assert status_of(Dates(T, expires), T) == "valid"
    assert status_of(Dates(T, expires), expires) == "expired"
    assert status_of(Dates(T, None), T + timedelta(days=9999)) == "valid"
    assert status_of(Dates(T, expires, superseded_at=T), expires) == "superseded"
    assert status_of(Dates(T, expires, revoked_at=T, superseded_at=T), T) == "revoked"


def test_renewal_window_opens_notice_days_before_expiry():
    dates = Dates(T, T + timedelta(days=100))
    assert not in_renewal_window(dates, T + timedelta(days=39), 60)
    assert in_renewal_window(dates, T + timedelta(days=40), 60)
    assert in_renewal_window(dates, T + timedelta(days=200), 60)  # expired: still renewable
    assert not in_renewal_window(Dates(T, None), T, 60)
    assert not in_renewal_window(Dates(T, T, revoked_at=T), T, 60)


def test_months_keep_the_day_or_take_the_months_last_day():
    assert add_months(T, 1) == datetime(2026, 2, 28, 8, 0, tzinfo=UTC)
    assert add_months(T, 24) == datetime(2028, 1, 31, 8, 0, tzinfo=UTC)
    assert add_months(datetime(2027, 11, 30, tzinfo=UTC), 3) == datetime(2028, 2, 29, tzinfo=UTC)
