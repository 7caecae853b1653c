"""Replay a run: the scenario plus the trainee's recorded actions give the whole desk state.

Nothing about a run is stored but its actions; the desk, the inbox, balances, days past due and
the log the scoring reads are all rebuilt here, in time order, so a run survives a closed
browser and a trainer can replay it step by step. At one minute the order is: the day's end
(an unanswered gift offer), the world (transactions, disbursements, events, deposits), the
evening debit, then the trainee's actions. Pure: no Flask, no database.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from decimal import Decimal

from simulator.scenario import DAY, Event, Scenario, Transaction


@dataclass(frozen=True)
class Action:
    """One recorded trainee action (or clock move), as stored in the run's log."""

    seq: int
    kind: str
    minute: int
    loan: str | None = None
    data: dict = field(default_factory=dict)
    refused: bool = False
    breach: str | None = None


@dataclass
class Entry:
    """One line of the run's log: what the world did (actor "desk") or the trainee did."""

    minute: int
    kind: str
    actor: str = "desk"
    loan: str | None = None
    data: dict = field(default_factory=dict)


@dataclass
class InboxItem:
    minute: int
    loan: str | None
    kind: str  # event | found | reply | notice | gift
    title: str
    text: str


@dataclass
class Row:
    minute: int
    amount: Decimal
    memo: str
    counterparty: str
    balance: Decimal


@dataclass
class Desk:
    scenario: Scenario
    clock: int
    balances: dict[str, Decimal]
    ledger: dict[str, list[Row]]
    seen: dict[str, tuple[int, Decimal, list[Row]]] = field(default_factory=dict)
    arrears: dict[str, list[tuple[int, Decimal]]] = field(default_factory=dict)
    inbox: list[InboxItem] = field(default_factory=list)
    log: list[Entry] = field(default_factory=list)
    scheduled: list[tuple[int, str]] = field(default_factory=list)
    pending_gift: dict[str, str] = field(default_factory=dict)
    handed_over: set[str] = field(default_factory=set)
    tiers: dict[str, str] = field(default_factory=dict)
    finished: bool = False

    def dpd(self, loan_id: str, minute: int | None = None) -> int:
        """Days past due: days since the oldest unpaid due date (0 on the due day itself)."""
        owed = self.arrears.get(loan_id)
        if not owed:
            return 0
        return max(0, (self.clock if minute is None else minute) // DAY - owed[0][0])


class _Replay:
    def __init__(self, scenario: Scenario, actions: list[Action]):
        self.sc = scenario
        self.heap: list = []
        self.count = 0
        self.desk = Desk(
            scenario=scenario,
            clock=scenario.rules.day_starts,
            balances={loan.id: loan.opening_balance for loan in scenario.loans},
            ledger={loan.id: [] for loan in scenario.loans},
            arrears={loan.id: list(loan.arrears) for loan in scenario.loans},
        )
        self.hidden: dict[tuple[str, str], list[Event]] = {}
        self.fired: set[str] = set()
        for loan in scenario.loans:
            self.push(loan.disbursed_day * DAY + 600, 1, "disbursed", loan.id)
            if loan.last_check_day is not None:
                self.push(loan.last_check_day * DAY + 600, 1, "prior_check", loan.id)
            for day in loan.due_days:
                self.push(day * DAY, 1, "due", loan.id, day)
            for transaction in loan.transactions:
                self.push(transaction.minute, 1, "transaction", loan.id, transaction)
        for event in scenario.events:
            self.push(event.minute, 1, "event", event.loan, event)
        for day in range(scenario.days):
            self.push(day * DAY + scenario.rules.debit_time, 2, "debit", None, day)
        self.push(scenario.end, 0, "end", None)
        for action in actions:
            self.push(action.minute, 3, "action", action.loan, action)

    def push(self, minute, order, kind, loan, payload=None):
        self.count += 1
        heapq.heappush(self.heap, (minute, order, self.count, kind, loan, payload))

    def run(self, until: int) -> Desk:
        desk = self.desk
        while self.heap and self.heap[0][0] <= until:
            minute, _order, _n, kind, loan, payload = heapq.heappop(self.heap)
            if minute > self.sc.end:
                break
            getattr(self, "_" + kind)(minute, loan, payload)
            if kind == "action":
                desk.clock = max(desk.clock, minute)
            if desk.finished:
                break
        return desk

    # --- the world ---------------------------------------------------------------------------
    def log(self, minute, kind, loan=None, actor="desk", **data):
        self.desk.log.append(Entry(minute, kind, actor, loan, data))

    def book(self, minute, loan_id, amount: Decimal, memo: str, counterparty: str = ""):
        desk = self.desk
        desk.balances[loan_id] += amount
        desk.ledger[loan_id].append(Row(minute, amount, memo, counterparty, desk.balances[loan_id]))

    def _disbursed(self, minute, loan_id, _payload):
        loan = self.sc.loan(loan_id)
        if minute >= 0:
            self.book(minute, loan_id, loan.amount, "贷款发放", "本行")
        self.log(minute, "disbursed", loan_id, amount=str(loan.amount))

    def _prior_check(self, minute, loan_id, _payload):
        self.log(minute, "prior_check", loan_id)

    def _due(self, minute, loan_id, day):
        self.log(minute, "due", loan_id, day=day, amount=str(self.sc.loan(loan_id).installment))

    def _transaction(self, minute, loan_id, transaction: Transaction):
        self.book(minute, loan_id, transaction.amount, transaction.memo, transaction.counterparty)

    def _deposit(self, minute, loan_id, payload):
        amount, memo = payload
        self.book(minute, loan_id, amount, memo)

    def _event(self, minute, loan_id, event: Event):
        if event.warning:
            self.log(
                minute,
                "warning",
                loan_id,
                event=event.id,
                type=event.type,
                title=event.title,
                reactions=list(event.reactions),
                within_hours=event.within_hours,
            )
        if event.type == "diversion":
            self.book(minute, loan_id, -event.amount, "转账支出", event.counterparty)
        elif event.type == "low_balance":
            drop = self.desk.balances[loan_id] - event.balance
            if drop > 0:
                self.book(minute, loan_id, -drop, "转账支出", event.counterparty or "个人账户")
        if event.notice == "inbox":
            self.desk.inbox.append(InboxItem(minute, loan_id, "event", event.title, event.text))
        else:
            self.hidden.setdefault((loan_id, event.notice), []).append(event)

    def _debit(self, minute, _loan, day):
        desk = self.desk
        for loan in self.sc.loans:
            owed = desk.arrears[loan.id]
            if day in loan.due_days:
                owed.append((day, loan.installment))
            while owed and desk.balances[loan.id] >= owed[0][1]:
                due_day, amount = owed.pop(0)
                self.book(minute, loan.id, -amount, "还款扣款", "本行")
                self.log(minute, "repaid", loan.id, day=due_day, amount=str(amount))
            if owed and owed[-1][0] == day:
                short = owed[-1][1] - max(Decimal(0), desk.balances[loan.id])
                self.log(minute, "shortfall", loan.id, day=day, short=str(short))
                self.push((day + 1) * DAY + self.sc.rules.day_starts, 1, "notice", loan.id, day)

    def _notice(self, minute, loan_id, day):
        loan = self.sc.loan(loan_id)
        if any(d == day for d, _ in self.desk.arrears[loan_id]):
            self.desk.inbox.append(
                InboxItem(
                    minute,
                    loan_id,
                    "notice",
                    f"扣款失败：{loan.borrower}",
                    f"{loan.borrower} 昨日应还 {loan.installment} 元，系统扣款未成功。",
                )
            )

    def _day_end(self, minute, loan_id, event_id):
        if self.desk.pending_gift.get(loan_id) == event_id:
            del self.desk.pending_gift[loan_id]
            self.log(minute, "gift_unanswered", loan_id, event=event_id, breach="gift_not_reported")

    def _end(self, minute, _loan, _payload):
        self.log(minute, "end")
        self.desk.finished = True
        self.desk.clock = minute

    # --- the trainee -------------------------------------------------------------------------
    def reveal(self, minute, loan_id, notice, kind="found"):
        for event in self.hidden.pop((loan_id, notice), []):
            self.desk.inbox.append(InboxItem(minute, loan_id, kind, event.title, event.text))
            self.log(minute, "noticed", loan_id, event=event.id)
            if event.type == "gift_offer":
                self.desk.pending_gift[loan_id] = event.id
                self.log(minute, "gift_offer", loan_id, event=event.id)
                self.push((minute // DAY + 1) * DAY, 0, "day_end", loan_id, event.id)

    def _action(self, minute, loan_id, action: Action):
        desk, data = self.desk, action.data
        extra = {}
        if action.kind == "classify" and loan_id:
            extra["dpd"] = desk.dpd(loan_id, minute)
        self.log(
            minute,
            action.kind,
            loan_id,
            actor="trainee",
            seq=action.seq,
            refused=action.refused,
            breach=action.breach,
            **data,
            **extra,
        )
        if action.refused or loan_id is None:
            return
        kind = action.kind
        if kind == "check_account":
            desk.seen[loan_id] = (minute, desk.balances[loan_id], list(desk.ledger[loan_id]))
            self.reveal(minute, loan_id, "account")
        if kind in ("onsite_check", "collect") or (
            kind == "remind" and data.get("channel") == "phone"
        ):
            self.reveal(minute, loan_id, "contact")
        if kind == "onsite_check" or (kind == "collect" and data.get("method") == "visit"):
            self.reveal(minute, loan_id, "visit", kind="gift")
        if kind == "schedule_check":
            desk.scheduled.append((int(data["at"]), loan_id))
        elif kind == "handover":
            desk.handed_over.add(loan_id)
        elif kind == "classify":
            desk.tiers[loan_id] = data.get("tier")
        elif kind == "gift":
            desk.pending_gift.pop(loan_id, None)
        self.respond(minute, loan_id, kind)

    def respond(self, minute, loan_id, kind):
        """The borrower's scripted answer: of the unused responses to this action on this loan
        that apply by now, the one that began latest (the most specific)."""
        ready = [
            r
            for r in self.sc.responses
            if (r.loan, r.to) == (loan_id, kind)
            and r.id not in self.fired
            and r.from_minute <= minute
        ]
        if not ready:
            return
        response = max(ready, key=lambda r: r.from_minute)
        self.fired.add(response.id)
        borrower = self.sc.loan(loan_id).borrower
        self.desk.inbox.append(InboxItem(minute, loan_id, "reply", borrower, response.reply))
        self.log(minute, "reply", loan_id, response=response.id)
        if response.deposit:
            self.push(
                minute + response.after_minutes,
                1,
                "deposit",
                loan_id,
                (response.deposit, "客户存入"),
            )


def replay(scenario: Scenario, actions: list[Action], until: int | None = None) -> Desk:
    """The desk after the given actions, with the world run up to ``until`` (default: the last
    action's minute, or the first morning when there is none)."""
    clock = max((a.minute for a in actions), default=scenario.rules.day_starts)
    desk = _Replay(scenario, actions).run(clock if until is None else until)
    if until is None:
        desk.clock = clock
    return desk


def full_log(scenario: Scenario, actions: list[Action]) -> list[Entry]:
    """The log through the scenario's last day: what scoring reads (obligations after the
    trainee stopped still count)."""
    return _Replay(scenario, actions).run(scenario.end).log


def next_stop(scenario: Scenario, actions: list[Action], clock: int) -> int:
    """Where "to the next event" moves the clock: the next inbox arrival if nothing else is
    done, the next day with a repayment due or a scheduled check, or the scenario's end."""
    future = _Replay(scenario, actions).run(scenario.end)
    stops = [item.minute for item in future.inbox if item.minute > clock]
    stops += [m for m, _loan in future.scheduled if m > clock]
    for loan in scenario.loans:
        stops += [d * DAY + scenario.rules.day_starts for d in loan.due_days]
    stops = [m for m in stops if m > clock]
    return min(stops, default=scenario.end)
