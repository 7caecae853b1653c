"""Demo content and accounts, loaded by `flask --app app demo load` (idempotent).

In production the command refuses to run unless forced, and a forced run leaves no account with
the published demo password: each gets a random one, printed once (see `replace_demo_passwords`).
"""

import secrets
from collections.abc import Callable

from sqlalchemy import func, select

from core.extensions import db
from core.models import User

DEMO_PASSWORD = "demo-pass-2026"  # nosec B105: published demo password, replaced in production

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


def highest_user_id() -> int:
    return db.session.scalar(select(func.max(User.id))) or 0


def replace_demo_passwords(created_after: int) -> list[tuple[str, str]]:
    """Give a random password to every demo account still using DEMO_PASSWORD: the accounts
    created after user id created_after, and the four named demo accounts. Returns
    (username, new password) pairs to show once."""
    names = [username for username, _name, _roles in DEMO_ACCOUNTS]
    candidates = db.session.scalars(
        select(User)
        .where((User.id > created_after) | User.username.in_(names))
        .order_by(User.username)
    ).all()
    replaced = []
    for user in candidates:
        if user.check_password(DEMO_PASSWORD):
            password = secrets.token_urlsafe(12)  # 16 characters
            user.set_password(password)
            user.session_version += 1
            replaced.append((user.username, password))
    db.session.flush()
    return replaced


def register_demo_loader(app, name: str, loader: Callable[[], str], order: int = 50) -> None:
    """Areas add their demo content here; each loader must be idempotent and return a summary."""
    loaders = app.extensions.setdefault("demo_loaders", [])
    loaders.append((order, name, loader))
    loaders.sort(key=lambda item: item[0])
