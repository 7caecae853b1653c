"""The permission table: the one place that says which role may do what.

Permissions are a table, not a ladder: a manager reads rankings but does not edit question banks
unless the same person also holds the trainer role. A user's permissions are the union over roles.
"""

from dataclasses import dataclass
from functools import wraps

from flask import abort, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from core.extensions import login_manager
from core.session_claims import SessionClaim, session_claim
from core.tokens import authenticate_bearer

ROLES = ("trainee", "trainer", "manager", "admin")

ROLE_LABELS = {
    "trainee": _l("Trainee"),
    "trainer": _l("Trainer"),
    "manager": _l("Manager"),
    "admin": _l("Administrator"),
}

# permission -> what it allows (shown in the README and on the admin page)
PERMISSIONS = {
    "course.read": _l("Read course modules, lessons and the glossary"),
    "learning.track": _l("Record own lesson progress and acknowledge the conduct rules"),
    "quiz.take": _l("Take quizzes and see own attempts"),
    "case.read": _l("Browse the case library"),
    "case.attempt": _l("Solve case studies and join their discussions"),
    "standing.view_own": _l("See own scores and rank in a cohort"),
    "course.author": _l("Create and edit modules, lessons and the glossary"),
    "quiz.author": _l("Edit question banks and quizzes, import and export questions"),
    "quiz.grade": _l("Grade essays and regrade attempts"),
    "quiz.statistics": _l("Read item analysis and quiz statistics"),
    "case.author": _l("Write and edit case studies"),
    "case.review": _l("Review and publish another trainer's case"),
    "case.grade": _l("Grade case answers with rubrics and moderate discussions"),
    "cohort.manage": _l("Create cohorts, enrol trainees and configure stages"),
    "cohort.evaluate": _l("Enter evaluations and KPIs"),
    "scoreboard.view": _l("See cohort rankings and score breakdowns"),
    "elimination.decide": _l("Preview and confirm elimination decisions and overrides"),
    "results.export": _l("Export boards and decision logs"),
    "conduct.report": _l("See who has not acknowledged the conduct rules"),
    "simulator.play": _l("Practise on the post-loan desk simulator and read own debriefs"),
    "simulator.author": _l("Write and edit simulator scenarios"),
    "simulator.review_runs": _l("Review and replay trainees' simulator runs"),
    "certificate.view_own": _l("See own certification paths and certificates"),
    "certification.author": _l("Define certification paths"),
    "certificate.manage": _l("See certificate holders, export them and revoke certificates"),
    "user.manage": _l("Create, deactivate and re-role user accounts"),
    "config.manage": _l("Change site configuration"),
    "backup.run": _l("Download database backups"),
    "audit.view": _l("Read and export the audit log"),
}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "trainee": frozenset(
        {
            "course.read",
            "learning.track",
            "quiz.take",
            "case.read",
            "case.attempt",
            "standing.view_own",
            "simulator.play",
            "certificate.view_own",
        }
    ),
    "trainer": frozenset(
        {
            "course.read",
            "course.author",
            "quiz.author",
            "quiz.grade",
            "quiz.statistics",
            "case.read",
            "case.author",
            "case.review",
            "case.grade",
            "simulator.author",
            "simulator.review_runs",
            "certification.author",
        }
    ),
    "manager": frozenset(
        {
            "course.read",
            "cohort.manage",
            "cohort.evaluate",
            "scoreboard.view",
            "elimination.decide",
            "results.export",
            "conduct.report",
            "certification.author",
            "certificate.manage",
        }
    ),
    "admin": frozenset(
        {"user.manage", "config.manage", "backup.run", "audit.view", "certificate.manage"}
    ),
}

# Marker for routes any signed-in user may open (home page, own password, language).
AUTHENTICATED = "authenticated"


def permissions_for(roles) -> frozenset[str]:
    """The union of the permissions granted by the given roles."""
    granted: set[str] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(role, frozenset())
    return frozenset(granted)


def roles_granting(permission: str) -> tuple[str, ...]:
    """The roles whose holders have permission."""
    return tuple(role for role in ROLES if permission in ROLE_PERMISSIONS[role])


def has_permission(user, permission: str) -> bool:
    """Whether user (possibly anonymous) holds permission."""
    if not getattr(user, "is_authenticated", False):
        return False
    if permission == AUTHENTICATED:
        return True
    return permission in permissions_for(user.roles)


def require_permission(permission: str):
    """Guard a view: anonymous users go to login and come back, others without it get 403."""
    _check_known(permission)

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            refused = refusal(permission)
            if refused is not None:
                return refused
            return view(*args, **kwargs)

        wrapped.required_permission = permission
        return wrapped

    return decorator


def refusal(permission: str):
    """None when the current user holds permission; otherwise the answer that refuses them
    (anonymous: 401 on the API, the sign-in page elsewhere; signed in without it: 403)."""
    if request.path.startswith("/api/"):
        authenticate_bearer()  # scripts sign in per request with a bearer token
    if not current_user.is_authenticated:
        if request.path.startswith("/api/"):
            abort(401)
        return login_manager.unauthorized()
    if not has_permission(current_user, permission):
        abort(403)
    return None


@dataclass(frozen=True, slots=True)
class ClaimedAccess:
    """What a view guarded by require_permission_in_query is given.

    claim: the session's claim to check in the view's statement (with claim_holds), or None
    when the user was already loaded and checked. Every path that does not use the claim must
    call confirm() first.
    """

    permission: str
    claim: SessionClaim | None

    def confirm(self) -> None:
        """Check the permission Flask-Login's way (401/403 as require_permission)."""
        refused = refusal(self.permission)
        if refused is not None:  # only the sign-in redirect; API paths abort
            abort(refused)


def require_permission_in_query(permission: str):
    """Guard a hot API view that checks the session's user in its own statement.

    The view gets `access` (ClaimedAccess). With a claim, nothing is loaded before the view;
    the view's statement requires claim_holds(permission, ...) and any other path calls
    access.confirm(). Without one, the user is loaded and checked first, as require_permission.
    """
    _check_known(permission)

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            claim = session_claim()
            if claim is None:
                refused = refusal(permission)
                if refused is not None:
                    return refused
            return view(*args, access=ClaimedAccess(permission, claim), **kwargs)

        wrapped.required_permission = permission
        return wrapped

    return decorator


def _check_known(permission: str) -> None:
    if permission != AUTHENTICATED and permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}")


def login_required(view):
    """Any signed-in user; marked so the route matrix test sees the check."""
    return require_permission(AUTHENTICATED)(view)


def public(view):
    """Mark a view as deliberately open to everyone (login page, health check)."""
    view.required_permission = None
    return view
