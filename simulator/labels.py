"""Names shown for the simulator's codes (translated lazily, zh_CN in the area's catalog)."""

from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "schedule_check": _l("Schedule an on-site check"),
    "onsite_check": _l("Record an on-site check"),
    "remind": _l("Send a repayment reminder"),
    "check_account": _l("Check the account"),
    "collect": _l("Call or visit to collect"),
    "early_warning": _l("File an early-warning report"),
    "classify": _l("Propose a five-tier classification"),
    "extension": _l("Propose an extension"),
    "handover": _l("Hand over to asset preservation"),
    "gift": _l("Answer a gift or meal offer"),
    "advance": _l("Moved the clock"),
    "finish": _l("Finished the run"),
}
ROUTINE_LABELS = {
    "first_check": _l("First on-site check after disbursement"),
    "monthly_check": _l("Monthly on-site check"),
    "reminder": _l("Reminder before the repayment"),
    "due_look": _l("Look at the account on the due day"),
    "follow_up": _l("Same-day follow-up of a failed debit"),
    "early_warning": _l("Early-warning report"),
    "extension": _l("Extension proposal"),
    "handover": _l("Hand-over to asset preservation"),
    "classification": _l("Expected classification"),
    "below_floor": _l("Classification below the days-past-due floor"),
}
STATUS_LABELS = {
    "on_time": _l("on time"),
    "late": _l("late"),
    "missed": _l("missed"),
    "correct": _l("correct"),
    "too_lenient": _l("too lenient"),
    "too_harsh": _l("too harsh"),
    "wrong": _l("not called for"),
    "breach": _l("breach"),
}
COMPONENT_LABELS = {
    "routine": _l("Routine actions on time"),
    "warnings": _l("Reaction to warning signs"),
    "classification": _l("Classification"),
    "escalation": _l("Escalation"),
    "conduct": _l("Etiquette and conduct"),
}
BREACH_LABELS = {
    "early_call": _l("Collection call before the allowed hour"),
    "quiet_day_call": _l("Call on a day marked for no calls (1st, 15th, 30th)"),
    "visit_out_of_hours": _l("Visit outside visiting hours"),
    "gift_accepted": _l("Accepted a customer's gift or meal"),
    "gift_not_reported": _l("Gift or meal not declined and reported"),
}
TIER_CHOICES = [
    ("pass", _l("Pass (正常)")),
    ("special_mention", _l("Special mention (关注)")),
    ("substandard", _l("Substandard (次级)")),
    ("doubtful", _l("Doubtful (可疑)")),
    ("loss", _l("Loss (损失)")),
]
TIER_LABELS = dict(TIER_CHOICES)
EVENT_LABELS = {
    "diversion": _l("Loan money moved to an unrelated party"),
    "low_balance": _l("Balance nearly empty before a due date"),
    "other_card": _l("Repayment money on a different card"),
    "utility_drop": _l("Electricity use falling"),
    "payroll_drop": _l("Payroll falling"),
    "partner_dispute": _l("Dispute between partners"),
    "lawsuit": _l("Lawsuit"),
    "documents_stopped": _l("Borrower stopped sending documents"),
    "gift_offer": _l("Gift or meal offered"),
    "message": _l("Message"),
}
CHANNEL_CHOICES = [("sms", _l("Text message")), ("phone", _l("Phone call"))]
METHOD_CHOICES = [("call", _l("Phone call")), ("visit", _l("Visit"))]
GIFT_CHOICES = [
    ("decline_report", _l("Decline politely and report it to my supervisor")),
    ("decline", _l("Decline, no report")),
    ("accept", _l("Accept")),
]
FUNDS_CHOICES = [
    ("as_agreed", _l("Used as agreed")),
    ("diverted", _l("Used for something else")),
    ("unclear", _l("Cannot tell yet")),
]
BUSINESS_CHOICES = [
    ("normal", _l("Normal")),
    ("declining", _l("Declining")),
    ("stopped", _l("Stopped or half-stopped")),
]
STOCK_CHOICES = [
    ("normal", _l("As expected")),
    ("low", _l("Much lower than expected")),
    ("high", _l("Much higher than expected")),
]
UTILITY_CHOICES = [
    ("normal", _l("Electricity and payroll steady")),
    ("falling", _l("Electricity or payroll falling")),
    ("not_checked", _l("Not checked")),
]
SIGNAL_CHOICES = [
    ("diversion", _l("Loan money diverted")),
    ("shortfall", _l("Repayment short or overdue")),
    ("decline", _l("Business, electricity or payroll falling")),
    ("dispute", _l("Dispute between partners or in the family")),
    ("lawsuit", _l("Lawsuit or enforcement")),
    ("documents", _l("Stopped sending documents or avoids checks")),
    ("other", _l("Other")),
]
FINDING_LABELS = {
    "funds_use": (_l("Use of funds"), dict(FUNDS_CHOICES)),
    "business": (_l("Business"), dict(BUSINESS_CHOICES)),
    "stock": (_l("Stock"), dict(STOCK_CHOICES)),
    "utilities": (_l("Electricity and payroll"), dict(UTILITY_CHOICES)),
}
