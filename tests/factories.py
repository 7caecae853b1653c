"""One call builds a row with sensible defaults."""

import itertools

from core.extensions import db
from core.models import User

DEFAULT_PASSWORD = "correct-horse-1"
_counter = itertools.count(1)


def make_user(roles=("trainee",), username=None, password=DEFAULT_PASSWORD, active=True, **fields):
    number = next(_counter)
    user = User(
        username=username or f"user{number}",
        display_name=fields.pop("display_name", f"测试用户{number}"),
        active=active,
        **fields,
    )
    user.set_password(password)
    user.set_roles(set(roles))
    db.session.add(user)
    db.session.commit()
    return user
