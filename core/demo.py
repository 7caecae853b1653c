"""Demo content and accounts, loaded by `flask --app app demo load` (idempotent)."""

from collections.abc import Callable

from sqlalchemy import select

from core.extensions import db
from core.models import User

DEMO_PASSWORD = "demo-pass-2026"

DEMO_ACCOUNTS = [
    ("trainee", "学员 · 王小明", {"trainee"}),
    ("trainer", "培训师 · 李老师", {"trainer"}),
    ("manager", "经理 · 张经理", {"manager"}),
    ("admin", "管理员 · 陈工", {"admin"}),
]


def load_demo_accounts() -> list[str]:
    """Create the demo accounts that do not exist yet; existing ones are left untouched."""
    created = []
    for username, display_name, roles in DEMO_ACCOUNTS:
        if db.session.scalar(select(User).where(User.username == username)) is not None:
            continue
        user = User(username=username, display_name=display_name)
        user.set_password(DEMO_PASSWORD)
        user.set_roles(roles)
        db.session.add(user)
        created.append(username)
    db.session.flush()
    return created


def register_demo_loader(app, name: str, loader: Callable[[], str], order: int = 50) -> None:
    """Areas add their demo content here; each loader must be idempotent and return a summary."""
    loaders = app.extensions.setdefault("demo_loaders", [])
    loaders.append((order, name, loader))
    loaders.sort(key=lambda item: item[0])
