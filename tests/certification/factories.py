"""Paths for certification tests: one call builds a path on the other areas' real rows."""

import itertools

from certification import services
from certification.models import REFRESHER

_n = itertools.count(1)


def make_path(requirements, *, title=None, valid_months=24, refresher=None, purpose=None, **kw):
    """A saved path (version 1) over requirement dicts such as {"kind": "quiz", "ref": 3}."""
    number = next(_n)
    data = services.PathInput(
        slug=kw.pop("slug", f"path-{number}"),
        title=title or f"贷后管理岗位认证{number}",
        requirements=list(requirements),
        valid_months=valid_months,
        refresher_path_id=refresher.id if refresher else None,
        purpose=purpose or services.CERTIFY,
        **kw,
    )
    return services.create_path(data, None)


def make_refresher(requirements, **kw):
    return make_path(requirements, purpose=REFRESHER, valid_months=None, **kw)


def quiz_req(quiz, minimum=None):
    return {"kind": "quiz", "ref": quiz.id, "min": None if minimum is None else str(minimum)}
