"""The one clock of the application: UTC in storage, Asia/Shanghai on screen."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Shanghai")

_frozen: datetime | None = None


def now_utc() -> datetime:
    """Current time as an aware UTC datetime (tests may freeze it with set_now)."""
    return _frozen if _frozen is not None else datetime.now(UTC)


def set_now(value: datetime | None) -> None:
    """Freeze the clock at value (aware), or unfreeze with None. For tests only."""
    global _frozen
    if value is not None and value.tzinfo is None:
        raise ValueError("set_now needs an aware datetime")
    _frozen = value


def as_utc(value: datetime) -> datetime:
    """Treat naive datetimes read back from SQLite as UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def to_local(value: datetime) -> datetime:
    """Convert a stored UTC datetime to Asia/Shanghai for display."""
    return as_utc(value).astimezone(LOCAL_TZ)
