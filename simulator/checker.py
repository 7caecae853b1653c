"""Field checks that collect problems with file, line and field instead of stopping at the first.

Pure: messages are English ids (N_) with parameters, translated where they are shown.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from core.domain import N_, DomainError
from simulator.yaml_lines import Path, field_name, line_of

TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]([01]?\d|2[0-3]):([0-5]\d)(?::\d{2})?$")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    field: str
    message_id: str
    params: dict = field(default_factory=dict)

    def text(self, translate=None) -> str:
        """ "file:line: field: message" in the given language (translate=gettext) or English."""
        message = (
            translate(self.message_id, **self.params)
            if translate
            else (self.message_id % self.params if self.params else self.message_id)
        )
        return f"{self.file}:{self.line}: {self.field}: {message}"


class ScenarioInvalid(DomainError):
    """A scenario file with problems; ``problems`` lists every one found."""

    def __init__(self, problems: list[Problem]):
        super().__init__(N_("The scenario has %(count)s problem(s)."), count=len(problems))
        self.problems = problems


class Checker:
    def __init__(self, filename: str, lines: dict[Path, int]):
        self.filename = filename
        self.lines = lines
        self.problems: list[Problem] = []

    def fail(self, path: Path, message_id: str, **params) -> None:
        self.problems.append(
            Problem(self.filename, line_of(self.lines, path), field_name(path), message_id, params)
        )

    def mapping(self, data, path: Path, known: tuple[str, ...], required=False) -> dict:
        if data is None:
            if required:
                self.fail(path, N_("This section is required."))
            return {}
        if not isinstance(data, dict):
            self.fail(path, N_("Expected a mapping of fields (name: value)."))
            return {}
        for key in data:
            if key not in known:
                self.fail(
                    (*path, str(key)),
                    N_("Unknown field; allowed here: %(allowed)s."),
                    allowed=", ".join(known),
                )
        return data

    def items(self, data, path: Path, required=False, minimum=0, maximum=1000) -> list:
        if data is None:
            data = []
        if not isinstance(data, list):
            self.fail(path, N_("Expected a list (lines starting with “- ”)."))
            return []
        if not minimum <= len(data) <= maximum and (required or data):
            self.fail(
                path,
                N_("Expected %(minimum)s to %(maximum)s entries, found %(count)s."),
                minimum=minimum,
                maximum=maximum,
                count=len(data),
            )
        return data

    def text(self, data: dict, path: Path, key: str, required=True, max_len=4000, default=""):
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail((*path, key), N_("This field is required."))
            return default
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail((*path, key), N_("Expected text."))
            return default
        value = str(value).strip()
        if len(value) > max_len:
            self.fail((*path, key), N_("At most %(max)s characters."), max=max_len)
        return value

    def integer(self, data: dict, path: Path, key: str, low: int, high: int, default=None):
        value = data.get(key)
        if value is None:
            if default is None:
                self.fail((*path, key), N_("This field is required."))
            return default
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(
                (*path, key),
                N_("Expected a whole number from %(low)s to %(high)s."),
                low=low,
                high=high,
            )
            return default if default is not None else low
        return value

    def number(self, data: dict, path: Path, key: str, low, high, default=None) -> Decimal | None:
        value = data.get(key)
        if value is None:
            if default is None:
                self.fail((*path, key), N_("This field is required."))
            return default
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            number = Decimal(str(value))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or not low <= number <= high:
            self.fail(
                (*path, key), N_("Expected a number from %(low)s to %(high)s."), low=low, high=high
            )
            return default
        return number

    def choice(self, data: dict, path: Path, key: str, options, default=None):
        value = data.get(key, default)
        if value not in options:
            self.fail((*path, key), N_("Choose one of: %(options)s."), options=", ".join(options))
            return default if default in options else next(iter(options))
        return value

    def date(self, data: dict, path: Path, key: str, required=True) -> date | None:
        value = data.get(key)
        if value is None:
            if required:
                self.fail((*path, key), N_("This field is required."))
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail((*path, key), N_("Expected a date like 2026-03-02."))
            return None

    def clock(self, data: dict, path: Path, key: str, default: int) -> int:
        """ "HH:MM" -> minutes after midnight."""
        value = data.get(key)
        if value is None:
            return default
        if isinstance(value, int) and not isinstance(value, bool):
            # YAML 1.1 reads 10:00 unquoted as a sexagesimal number (600).
            value = f"{value // 60}:{value % 60:02d}" if value < 1440 else str(value)
        match = TIME.match(str(value).strip())
        if not match:
            self.fail((*path, key), N_("Expected a time of day like 10:00."))
            return default
        return int(match[1]) * 60 + int(match[2])

    def moment(self, data: dict, path: Path, key: str, default_time: int) -> datetime | None:
        """ "2026-03-04 14:20" (or a bare date, at default_time) -> datetime."""
        value = data.get(key)
        if value is None:
            self.fail((*path, key), N_("This field is required."))
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        if isinstance(value, date):
            return datetime(
                value.year, value.month, value.day, default_time // 60, default_time % 60
            )
        match = DATETIME.match(str(value).strip())
        try:
            if not match:
                raise ValueError
            day = date.fromisoformat(match[1])
        except ValueError:
            self.fail((*path, key), N_("Expected a date and time like 2026-03-04 14:20."))
            return None
        return datetime(day.year, day.month, day.day, int(match[2]), int(match[3]))

    def placeholders(self, text: str, path: Path, key: str, allowed: tuple[str, ...]) -> None:
        try:
            names = [name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name]
        except ValueError:
            self.fail((*path, key), N_("Unbalanced { or }; write {{ and }} for a brace."))
            return
        for name in names:
            if name not in allowed:
                self.fail(
                    (*path, key),
                    N_("Unknown placeholder {%(name)s}; allowed: %(allowed)s."),
                    name=name,
                    allowed=", ".join("{" + a + "}" for a in allowed),
                )
