"""What a scenario is once read and resolved for one seed: plain frozen dataclasses, no Flask.

Simulated time is counted in minutes from 00:00 of the scenario's first day (day 0): minute
``m`` is day ``m // 1440`` at ``m % 1440`` minutes past midnight. Days before the first day are
negative (a loan disbursed three weeks before the desk opens). Only the calendar date shown to
the trainee depends on the seed; every relation between times is the same for every seed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

DAY = 1440

# Five-tier classification (五级分类), mildest first; the index is the severity.
TIERS = ("pass", "special_mention", "substandard", "doubtful", "loss")

# Event types a scenario may script, with what notices them and which actions count as the
# reaction (warning signs only; a gift offer is about conduct, a message is just news).
EVENT_TYPES = {
    "diversion": ("account", ("onsite_check", "early_warning")),
    "low_balance": ("account", ("collect", "onsite_check")),
    "other_card": ("contact", ("collect",)),
    "utility_drop": ("inbox", ("onsite_check", "early_warning")),
    "payroll_drop": ("inbox", ("onsite_check", "early_warning")),
    "partner_dispute": ("inbox", ("onsite_check", "early_warning")),
    "lawsuit": ("inbox", ("early_warning",)),
    "documents_stopped": ("inbox", ("onsite_check", "early_warning")),
    "gift_offer": ("visit", ()),
    "message": ("inbox", ()),
}
NOT_WARNINGS = ("gift_offer", "message")
NOTICES = ("inbox", "account", "contact", "visit")

# What a trainee can do at the desk. "advance" and "finish" move the clock.
ACTION_KINDS = (
    "schedule_check",
    "onsite_check",
    "remind",
    "check_account",
    "collect",
    "early_warning",
    "classify",
    "extension",
    "handover",
    "gift",
)
CONTACT_KINDS = ("onsite_check", "remind", "collect")
ESCALATIONS = ("early_warning", "extension", "handover")
COMPONENTS = ("routine", "warnings", "classification", "escalation", "conduct")
BREACHES = (
    "early_call",
    "quiet_day_call",
    "visit_out_of_hours",
    "gift_accepted",
    "gift_not_reported",
)


@dataclass(frozen=True)
class Rules:
    """The routine and etiquette rules of one scenario (defaults from the domain brief)."""

    first_check_days: int = 7
    check_every_days: int = 30
    reminder_days_before: int = 3
    reminder_earliest_days: int = 7
    call_not_before: int = 10 * 60
    visit_between: tuple[int, int] = (8 * 60, 21 * 60)
    quiet_mode: str = "marked"  # marked | lunar | solar
    quiet_days: frozenset[int] = frozenset()  # resolved day numbers where no calls are made
    debit_time: int = 20 * 60
    day_starts: int = 8 * 60 + 30
    late_credit: Decimal = Decimal("0.5")
    react_within_hours: int = 24


@dataclass(frozen=True)
class Guarantor:
    name: str
    relation: str
    phone_note: str = ""


@dataclass(frozen=True)
class Transaction:
    minute: int
    amount: Decimal  # positive in, negative out
    memo: str
    counterparty: str = ""


@dataclass(frozen=True)
class Loan:
    id: str
    borrower: str
    business: str
    profile: str
    kind: str
    amount: Decimal
    purpose: str
    disbursed_day: int
    term_months: int
    installment: Decimal
    due_days: tuple[int, ...]
    card: str
    other_card: str
    opening_balance: Decimal
    guarantors: tuple[Guarantor, ...]
    last_check_day: int | None
    arrears: tuple[tuple[int, Decimal], ...]
    transactions: tuple[Transaction, ...]


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    loan: str
    minute: int
    title: str
    text: str
    notice: str
    reactions: tuple[str, ...]
    within_hours: int
    amount: Decimal | None = None
    counterparty: str = ""
    balance: Decimal | None = None

    @property
    def warning(self) -> bool:
        return self.type not in NOT_WARNINGS


@dataclass(frozen=True)
class Response:
    """What a borrower says or does the first time the trainee does ``to`` on ``loan``."""

    id: str
    loan: str
    to: str
    from_minute: int
    reply: str
    deposit: Decimal | None
    after_minutes: int


@dataclass(frozen=True)
class Expectation:
    loan: str
    what: str  # a tier (classification) or an escalation kind
    by_day: int


@dataclass(frozen=True)
class Scenario:
    """A scenario resolved for one seed; everything the engine and the scoring need."""

    slug: str
    title: str
    difficulty: int
    summary: str
    briefing: str
    start: date
    days: int
    seed: int
    rules: Rules
    weights: dict[str, Decimal]
    penalties: dict[str, Decimal]
    loans: tuple[Loan, ...]
    events: tuple[Event, ...]
    responses: tuple[Response, ...]
    classifications: tuple[Expectation, ...] = ()
    escalations: tuple[Expectation, ...] = ()
    loan_index: dict[str, Loan] = field(default_factory=dict, compare=False)

    def __post_init__(self):
        self.loan_index.update({loan.id: loan for loan in self.loans})

    @property
    def end(self) -> int:
        return self.days * DAY

    def date_of(self, minute: int) -> date:
        return self.start + timedelta(days=minute // DAY)

    def loan(self, loan_id: str) -> Loan:
        return self.loan_index[loan_id]
