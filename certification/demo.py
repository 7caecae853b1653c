"""Demo certification: a path over two demo module quizzes with a refresher, and demo trainees
who hold a valid, an expired and a revoked certificate, so each state can be seen at once.

Idempotent: the paths are found by their short names, and holders are only added while the path
has issued nothing yet. Runs after the quizzes' demo (their attempts are what the path checks).
"""

from datetime import timedelta

from sqlalchemy import select

from certification import services
from certification.models import REFRESHER, Certificate, CertificationPath
from certification.requirements import Catalogue, checklist
from core.clock import now_utc
from core.extensions import db
from core.models import User
from courses.results import module_titles
from quizzes.results import quiz_choices

MAIN_SLUG, REFRESHER_SLUG = "post-loan-officer", "post-loan-refresher"
# username -> the state the demo shows (the quiz demo's strongest trainees pass both quizzes)
HOLDERS = {"demo.trainee01": "valid", "demo.trainee02": "expired", "demo.trainee03": "revoked"}


def _quiz_id(module_slug: str) -> int | None:
    title = f"模块测验：{module_titles().get(module_slug, module_slug)}"
    return next((quiz_id for quiz_id, name in quiz_choices() if name == title), None)


def _path(slug: str) -> CertificationPath | None:
    return db.session.scalar(select(CertificationPath).where(CertificationPath.slug == slug))


def _create_paths() -> CertificationPath | None:
    intro, regulation, routine = (_quiz_id(s) for s in ("intro", "regulation", "routine-actions"))
    if None in (intro, regulation, routine):
        return None  # the quiz demo was not loaded
    refresher = _path(REFRESHER_SLUG) or services.create_path(
        services.PathInput(
            slug=REFRESHER_SLUG,
            title="贷后管理复训",
            description="持证两年后复习贷后检查的常规动作",
            requirements=[{"kind": "quiz", "ref": routine, "min": "70"}],
            purpose=REFRESHER,
        ),
        None,
    )
    return _path(MAIN_SLUG) or services.create_path(
        services.PathInput(
            slug=MAIN_SLUG,
            title="贷后管理岗位认证",
            description="掌握贷后管理的基本概念与监管要求，能独立开展贷后检查",
            requirements=[
                {"kind": "quiz", "ref": intro, "min": None},
                {"kind": "quiz", "ref": regulation, "min": None},
            ],
            valid_months=24,
            notice_days=60,
            refresher_path_id=refresher.id,
        ),
        None,
    )


def load_demo() -> str:
    path = _create_paths()
    if path is None:
        return "no demo quizzes: certification demo skipped"
    if db.session.scalar(select(Certificate.id).where(Certificate.path_id == path.id).limit(1)):
        return "certification demo present"
    manager = db.session.scalar(select(User).where(User.username == "manager"))
    now, issued = now_utc(), 0
    requirements = path.current.requirements
    catalogue = Catalogue.load()
    for username, state in HOLDERS.items():
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None or not checklist(requirements, user.id, catalogue).complete:
            continue
        when = now - timedelta(days=800) if state == "expired" else now - timedelta(days=3)
        for certificate in services.issue_due(user.id, now=when):
            issued += 1
            if state == "revoked" and manager is not None:
                services.revoke(certificate, manager, "演示：培训记录经核查有误，证书作废", now=now)
    db.session.flush()
    return f"certification demo: 2 paths, {issued} certificates"
