"""Certificate codes: 100 random bits a person can read out and type.

Crockford's base32 alphabet (digits and capitals without I, L, O, U) so that a code copied by
hand from paper survives: lower case is accepted, O reads as 0 and I/L as 1, and dashes or spaces
between the groups are ignored. 20 characters × 5 bits = 100 bits from `secrets`, well above the
80 bits that make guessing hopeless even at the verification page's rate limit.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 20
GROUP = 4
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_VALID = re.compile(f"[{ALPHABET}]{{{LENGTH}}}")


def new_code() -> str:
    """A fresh code, stored form (20 characters, no dashes)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def printed(code: str) -> str:
    """The form printed on certificates: XXXX-XXXX-XXXX-XXXX-XXXX."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def parse(text: str) -> str | None:
    """The stored form of a typed or scanned code, or None when it cannot be one."""
    cleaned = re.sub(r"[\s\-]", "", text or "").upper().translate(_READ_AS)
    return cleaned if _VALID.fullmatch(cleaned) else None
