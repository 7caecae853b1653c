"""Routes for trainers over a case's version history: personal-data check, redaction, diffs."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from case_library import diff, gate, history, labels
from case_library.services import case_or_404
from case_library.views import bp
from case_library.views_authoring import redacted_message
from core.extensions import db
from core.permissions import require_permission


@bp.get("/author/<int:case_id>/history-check")
@require_permission("case.author")
def history_check(case_id: int):
    case = case_or_404(case_id)
    rows = []
    for row in history.history_report(case):
        version = row["version"]
        rows.append({**row, "report": gate.version_report(version, row["findings"])})
    return render_template(
        "case_library/history_check.html",
        case=case,
        rows=rows,
        earlier_with_findings=sum(
            1 for r in rows if r["count"] and r["version"].id != case.current_version_id
        ),
    )


@bp.post("/author/<int:case_id>/redact-history")
@require_permission("case.author")
def redact_history(case_id: int):
    case = case_or_404(case_id)
    redacted = history.redact_history(case, current_user)
    db.session.commit()
    if redacted:
        flash(redacted_message(redacted), "success")
    elif not history.published_has_findings(case):
        flash(_("No earlier version holds personal data; nothing was changed."), "success")
    if history.published_has_findings(case):
        flash(
            _(
                "The published version still holds personal data. It changes only through "
                "review: pseudonymize the case and submit it; approving it replaces the "
                "published version and redacts it."
            ),
            "warning",
        )
    return redirect(url_for("case_library.history_check", case_id=case.id))


def diff_section_label(key: str, older, newer) -> str:
    """A section's name from the newer version, or the older one for an exhibit since removed."""
    if key.startswith("exhibit-"):
        n = int(key.split("-")[1])
        version = newer if n < len(newer.exhibits) else older
        return gate.part_label(key, version)
    return gate.part_label(key, newer)


@bp.get("/author/<int:case_id>/versions/<int:number>/diff")
@require_permission("case.author")
def version_diff(case_id: int, number: int):
    case = case_or_404(case_id)
    by_number = {v.number: v for v in case.versions}
    newer = by_number.get(number)
    if newer is None:
        abort(404)
    older = by_number.get(number - 1)
    sections = []
    if older is not None:
        sections = diff.version_sections(
            older,
            newer,
            lambda k: diff_section_label(k, older, newer),
            {"title": _("Title"), "kind": _("Kind"), "caption": _("Caption")},
            labels.settings_text,
        )
    return render_template(
        "case_library/diff.html", case=case, older=older, newer=newer, sections=sections
    )
