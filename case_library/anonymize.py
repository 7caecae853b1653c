"""Personal-data detection and pseudonymization for the case-library publish gate.

Pure functions over strings and dataclasses: no Flask, no database. A case study is published
only when `scan_document` finds nothing; the editor sees the findings through `highlight` and
can replace them consistently across the whole case with `pseudonymize`.

Precision matters as much as recall: amounts, dates, loan and voucher numbers must not be
flagged, so every numeric pattern is anchored by lookarounds (a 19-digit run is never read as an
18-digit ID plus one) and then confirmed by its check digit, date or Luhn sum.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from core.domain import N_

KINDS = (
    "resident_id",
    "mobile",
    "bank_card",
    "credit_code",
    "email",
    "name",
    "branch",
    "company",
)

# On an exact tie of span length, the lower number wins (an 18-digit number that is both a
# valid ID and Luhn-valid is reported as an ID).
_PRIORITY = {
    kind: rank
    for rank, kind in enumerate(
        ("resident_id", "credit_code", "bank_card", "email", "mobile", "company", "branch", "name")
    )
}

# Message ids (English), translated where a finding is shown.
MESSAGES = {
    "resident_id": N_("Suspected resident ID number (check digit valid)"),
    "resident_id_15": N_(
        "Suspected resident ID number (old 15-digit form, no check digit, lower confidence)"
    ),
    "mobile": N_("Suspected mobile number"),
    "bank_card": N_("Suspected bank card number (Luhn check passed)"),
    "credit_code": N_("Suspected unified social credit code (check character valid)"),
    "email": N_("Suspected e-mail address"),
    "name": N_("Suspected real name (on the watchlist)"),
    "branch": N_("Suspected real bank branch (on the watchlist)"),
    "company": N_("Suspected real company (on the watchlist)"),
}

# The placeholders go into the case text itself, which is written in Chinese.
MASKS = {
    "resident_id": "[身份证号已脱敏]",
    "mobile": "[手机号已脱敏]",
    "bank_card": "[银行卡号已脱敏]",
    "credit_code": "[统一社会信用代码已脱敏]",
    "email": "[邮箱已脱敏]",
}
_GENERIC_MASK = "[敏感信息已脱敏]"
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_STEMS = "甲乙丙丁戊己庚辛壬癸"


@dataclass(frozen=True)
class Finding:
    """One suspected piece of personal data at text[start:end]."""

    kind: str
    text: str
    start: int
    end: int
    message: str  # an id from MESSAGES


@dataclass
class Watchlist:
    """Real names, bank branches and companies that must never appear in a published case."""

    names: list[str] = field(default_factory=list)
    branches: list[str] = field(default_factory=list)
    companies: list[str] = field(default_factory=list)


# --- numeric patterns -----------------------------------------------------------------------

# A match may not touch another letter or digit, nor be the integer or fractional part of a
# decimal number such as 13812345678.00.
_LEFT = r"(?<![0-9A-Za-z])(?<![0-9]\.)"
_RIGHT = r"(?![0-9A-Za-z])(?!\.[0-9])"

_ID18 = re.compile(_LEFT + r"[1-8][0-9]{16}[0-9Xx]" + _RIGHT)
_ID15 = re.compile(_LEFT + r"[1-8][0-9]{14}" + _RIGHT)
# Separators must be used consistently (138-1234-5678 or 138 1234 5678), hence the backrefs.
_MOBILE = re.compile(
    r"(?<![0-9A-Za-z+])(?<![0-9]\.)(?:(?:\+|00)?86[ -]?)?"
    r"1[3-9][0-9]([ -]?)[0-9]{4}\1[0-9]{4}(?!\1[0-9])" + _RIGHT
)
_CARD = re.compile(
    _LEFT + r"[1-9][0-9]{3}([ -]?)[0-9]{4}\1[0-9]{4}\1[0-9]{4}(?:\1[0-9]{1,3})?(?!\1[0-9])" + _RIGHT
)
_CC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CC_CHAR = "[0-9A-HJ-NP-RTUW-Y]"
# Registration department, organisation category, 6-digit area code, then 10 more characters.
_CREDIT = re.compile(_LEFT + r"[1-9ANY][1-9][1-8][0-9]{5}" + _CC_CHAR + "{10}" + _RIGHT)
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
    r"\.[A-Za-z]{2,}(?![A-Za-z0-9-])"
)

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# Province-level prefixes of GB/T 2260; used only for 15-digit IDs, which carry no check digit.
_PROVINCES = frozenset(
    ("11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37")
    + ("41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64")
    + ("65", "71", "81", "82")
)


def resident_id_check_char(first17: str) -> str:
    """GB 11643-1999 (ISO 7064 MOD 11-2) check character for the first 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


def credit_code_check_char(first17: str) -> str:
    """GB 32100-2015 check character for the first 17 characters of a credit code."""
    total = sum(_CC_ALPHABET.index(c) * w for c, w in zip(first17, _CC_WEIGHTS, strict=True))
    return _CC_ALPHABET[(31 - total % 31) % 31]


def luhn_ok(digits: str) -> bool:
    """True when the digit string passes the Luhn (mod 10) check."""
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _birth_date_ok(yyyymmdd: str, today: date) -> bool:
    try:
        born = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= today


def is_resident_id(value: str, today: date | None = None) -> bool:
    """True for a plausible 18-character mainland resident ID with a correct check character."""
    today = today or date.today()
    return (
        len(value) == 18
        and value[0] in "12345678"
        and value[:17].isascii()
        and value[:17].isdigit()
        and _birth_date_ok(value[6:14], today)
        and resident_id_check_char(value[:17]) == value[17].upper()
    )


def _finding(kind: str, m: re.Match[str], message_key: str | None = None) -> Finding:
    return Finding(kind, m.group(0), m.start(), m.end(), MESSAGES[message_key or kind])


def _find_resident_ids(text: str, today: date) -> Iterable[Finding]:
    for m in _ID18.finditer(text):
        if is_resident_id(m.group(0), today):
            yield _finding("resident_id", m)
    for m in _ID15.finditer(text):
        value = m.group(0)
        if value[:2] in _PROVINCES and _birth_date_ok("19" + value[6:12], today):
            yield _finding("resident_id", m, "resident_id_15")


def _find_mobiles(text: str) -> Iterable[Finding]:
    for m in _MOBILE.finditer(text):
        yield _finding("mobile", m)


def _find_bank_cards(text: str) -> Iterable[Finding]:
    for m in _CARD.finditer(text):
        sep, start = m.group(1), m.start()
        # "1234 5678 9012 3456 7890": do not start a card inside a longer grouped number.
        if sep and start >= 2 and text[start - 1] == sep and text[start - 2].isdigit():
            continue
        digits = m.group(0).replace(sep, "") if sep else m.group(0)
        if len(set(digits)) > 1 and luhn_ok(digits):
            yield _finding("bank_card", m)


def _find_credit_codes(text: str) -> Iterable[Finding]:
    for m in _CREDIT.finditer(text):
        value = m.group(0)
        if credit_code_check_char(value[:17]) == value[17]:
            yield _finding("credit_code", m)


def _find_emails(text: str) -> Iterable[Finding]:
    for m in _EMAIL.finditer(text):
        yield _finding("email", m)


# --- watchlist ------------------------------------------------------------------------------


@lru_cache(maxsize=32)
def _watchlist_pattern(
    entries: tuple[tuple[str, str], ...],
) -> tuple[re.Pattern[str], dict[str, str]] | None:
    kind_of: dict[str, str] = {}
    for kind, term in entries:
        kind_of.setdefault(term, kind)
    if not kind_of:
        return None
    # Longest first, so "张三商贸有限公司" wins over the name "张三" at the same position.
    terms = sorted(kind_of, key=lambda t: (-len(t), t))
    return re.compile("|".join(re.escape(t) for t in terms)), kind_of


def _find_watchlisted(text: str, watchlist: Watchlist | None) -> Iterable[Finding]:
    if watchlist is None:
        return
    entries = tuple(
        (kind, term.strip())
        for kind, terms in (
            ("company", watchlist.companies),
            ("branch", watchlist.branches),
            ("name", watchlist.names),
        )
        for term in terms
        if term and term.strip()
    )
    compiled = _watchlist_pattern(entries)
    if compiled is None:
        return
    pattern, kind_of = compiled
    for m in pattern.finditer(text):
        yield _finding(kind_of[m.group(0)], m)


# --- public API -----------------------------------------------------------------------------


def _resolve(candidates: Iterable[Finding]) -> list[Finding]:
    """Keep non-overlapping findings: the longest span wins, ties go to the most specific kind."""
    kept: list[Finding] = []
    ordered = sorted(
        candidates, key=lambda f: (f.start - f.end, _PRIORITY.get(f.kind, 99), f.start)
    )
    for f in ordered:
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def scan_text(
    text: str, watchlist: Watchlist | None = None, *, today: date | None = None
) -> list[Finding]:
    """All suspected personal data in `text`, sorted by position and non-overlapping."""
    today = today or date.today()
    # Full-width digits and letters are common in Chinese documents; folding them one character
    # for one character keeps every offset valid for the original text.
    folded = text.translate(_FULLWIDTH)
    patterned = [
        *_find_resident_ids(folded, today),
        *_find_credit_codes(folded),
        *_find_bank_cards(folded),
        *_find_mobiles(folded),
        *_find_emails(folded),
    ]
    if folded != text:
        patterned = [replace(f, text=text[f.start : f.end]) for f in patterned]
    return _resolve([*patterned, *_find_watchlisted(text, watchlist)])


def scan_document(
    parts: Mapping[str, str], watchlist: Watchlist | None = None, *, today: date | None = None
) -> dict[str, list[Finding]]:
    """Scan every part of a case (narrative, each serialized exhibit); keys are kept."""
    return {key: scan_text(text, watchlist, today=today) for key, text in parts.items()}


def has_findings(findings_by_part: Mapping[str, list[Finding]]) -> bool:
    """True when publication must be blocked."""
    return any(findings_by_part.values())


def highlight(text: str, findings: Iterable[Finding]) -> list[tuple[str, Finding | None]]:
    """Split `text` into plain and flagged segments; joining the segments gives `text` back."""
    segments: list[tuple[str, Finding | None]] = []
    pos = 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < pos or f.end > len(text) or f.start >= f.end:
            continue  # overlapping or out of range: render as plain text
        if f.start > pos:
            segments.append((text[pos : f.start], None))
        segments.append((text[f.start : f.end], f))
        pos = f.end
    if pos < len(text):
        segments.append((text[pos:], None))
    return segments


def _letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (spreadsheet column style)."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(ord("A") + rem) + out
    return out


def _placeholder(kind: str, index: int) -> str:
    if kind == "name":
        return f"客户{_letters(index)}"
    stem = _STEMS[index % 10] + (str(index // 10 + 1) if index >= 10 else "")
    return f"某支行{stem}" if kind == "branch" else f"{stem}公司"


def pseudonymize(
    parts: Mapping[str, str],
    findings_by_part: Mapping[str, Iterable[Finding]],
    *,
    mapping: Mapping[str, str] | None = None,
) -> tuple[dict[str, str], dict[str, str]]:
    """Replace every finding consistently across all parts of one case.

    The same original text gets the same placeholder everywhere: names become 客户A, 客户B...,
    branches 某支行甲/乙..., companies 甲公司/乙公司...; IDs, phones, cards, credit codes and
    e-mails become masked tokens. Placeholders are numbered in reading order (parts in the
    given order, then position) and skip any label already present in the text. Pass a
    previous `mapping` to keep earlier choices. Returns (new parts, original -> placeholder).
    """
    result = dict(mapping or {})
    existing = "\n".join(parts.values())
    used = set(result.values())
    counters = {"name": 0, "branch": 0, "company": 0}
    ordered: dict[str, list[Finding]] = {}
    for key, text in parts.items():
        findings = sorted(findings_by_part.get(key, ()), key=lambda f: f.start)
        for f in findings:
            if text[f.start : f.end] != f.text:
                raise ValueError(f"finding {f.text!r} no longer matches part {key!r}; rescan")
        ordered[key] = findings
        for f in findings:
            if f.text in result:
                continue
            if f.kind not in counters:
                result[f.text] = MASKS.get(f.kind, _GENERIC_MASK)
                continue
            while True:
                label = _placeholder(f.kind, counters[f.kind])
                counters[f.kind] += 1
                if label not in used and label not in existing:
                    break
            used.add(label)
            result[f.text] = label

    new_parts: dict[str, str] = {}
    for key, text in parts.items():
        pieces, pos = [], 0
        for f in ordered[key]:
            if f.start < pos:
                continue  # overlapping findings: the first one already covers this text
            pieces += [text[pos : f.start], result[f.text]]
            pos = f.end
        pieces.append(text[pos:])
        new_parts[key] = "".join(pieces)
    return new_parts, result
