"""Demo data for the case library: the shipped cases and a second reviewing trainer."""

from sqlalchemy import select

from case_library.content_sync import sync_cases
from core.demo import DEMO_PASSWORD
from core.extensions import db
from core.models import User

REVIEWER = ("trainer2", "培训师 · 赵老师", {"trainer"})


def ensure_reviewer() -> bool:
    """Create the second trainer (the case reviewer) unless present; True when created."""
    username, display_name, roles = REVIEWER
    if db.session.scalar(select(User).where(User.username == username)) is not None:
        return False
    user = User(username=username, display_name=display_name)
    user.set_password(DEMO_PASSWORD)
    user.set_roles(roles)
    db.session.add(user)
    db.session.flush()
    return True


def load_demo() -> str:
    created = ensure_reviewer()
    report = sync_cases()
    summary = report.summary() + ("; trainer2 created" if created else "")
    for warning in report.warnings:
        summary += f"\n  ! {warning}"
    return summary
