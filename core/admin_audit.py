"""Blueprint "admin_audit": read, filter and export the audit log (read-only, like the log)."""

import csv
import io
import json

from flask import Blueprint, Response, render_template, request, stream_with_context
from flask_babel import gettext as _
from sqlalchemy import func, select

from core import audit
from core.extensions import db
from core.forms import AuditFilterForm
from core.i18n import local_datetime
from core.permissions import require_permission
from core.spreadsheet import safe_row

bp = Blueprint("admin_audit", __name__, url_prefix="/admin/audit")

PER_PAGE = 50


def _filters() -> tuple[AuditFilterForm, audit.AuditFilter]:
    form = AuditFilterForm(request.args)
    form.action.choices = [("", _("Any action"))] + [
        (action, f"{audit.action_label(action)} ({action})") for action in audit.known_actions()
    ]
    if not form.validate():
        return form, audit.AuditFilter()
    return form, audit.AuditFilter(
        actor=form.actor.data or "",
        action=form.action.data or "",
        target_type=form.target_type.data or "",
        target_id=form.target_id.data or "",
        date_from=form.date_from.data,
        date_to=form.date_to.data,
    )


@bp.get("")
@require_permission("audit.view")
def audit_log():
    form, filters = _filters()
    page = max(1, request.args.get("page", 1, type=int) or 1)
    query = audit.search(filters)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    events = db.session.scalars(query.limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    return render_template(
        "admin/audit.html",
        form=form,
        events=events,
        total=total,
        page=page,
        pages=max(1, -(-total // PER_PAGE)),
        action_label=audit.action_label,
        as_json=_json,
        query_args={k: v for k, v in request.args.items() if k != "page"},
    ), (400 if form.errors else 200)


def _json(value) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


@bp.get("/export.csv")
@require_permission("audit.view")
def audit_export():
    _form, filters = _filters()
    header = [
        _("Time"),
        _("Who"),
        _("Action"),
        _("Record type"),
        _("Record id"),
        _("Record"),
        _("Before"),
        _("After"),
        _("Request"),
        _("IP address"),
    ]

    def rows():
        events = db.session.scalars(audit.search(filters).execution_options(yield_per=500))
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        buffer.write("\ufeff")  # Excel reads UTF-8 Chinese correctly only with a BOM
        writer.writerow(header)
        for event in events:
            writer.writerow(
                safe_row(
                    [
                        local_datetime(event.at, "yyyy-MM-dd HH:mm:ss"),
                        event.actor_label,
                        event.action,
                        event.target_type,
                        event.target_id,
                        event.target_label,
                        _json(event.before),
                        _json(event.after),
                        event.request_id,
                        event.ip,
                    ]
                )
            )
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()

    return Response(
        stream_with_context(rows()),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=audit-log.csv"},
    )
