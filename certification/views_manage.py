"""Trainers and managers: define paths; managers and admins: holders, expiries, export, revoke."""

from flask import Response, abort, redirect, render_template, url_for
from flask_login import current_user

from certification import reports, services
from certification.forms import PathForm, RevokeForm
from certification.models import REFRESHER
from certification.overview import status
from certification.requirements import Catalogue
from certification.views import bp
from core.actions import on_domain_error
from core.extensions import db
from core.permissions import require_permission


def _path_form(path=None) -> PathForm:
    form = PathForm()
    refreshers = [
        (p.id, p.current.title)
        for p in services.all_paths()
        if p.purpose == REFRESHER and p is not path
    ]
    form.fill_choices(Catalogue.load(), refreshers)
    return form


@bp.get("/paths/")
@require_permission("certification.author")
def paths():
    return render_template("certification/paths.html", paths=services.all_paths())


@bp.route("/paths/new", methods=["GET", "POST"])
@require_permission("certification.author")
def new_path():
    form = _path_form()
    if form.validate_on_submit():
        on_domain_error(
            lambda: render_template("certification/path_form.html", form=form, path=None)
        )
        services.create_path(form.to_input(), current_user)
        db.session.commit()
        return redirect(url_for("certification.paths"))
    return render_template("certification/path_form.html", form=form, path=None)


@bp.route("/paths/<int:path_id>/edit", methods=["GET", "POST"])
@require_permission("certification.author")
def edit_path(path_id: int):
    path = services.path_or_404(path_id)
    form = _path_form(path)
    if form.is_submitted():
        form.slug.data, form.purpose.data = path.slug, path.purpose  # fixed once created
    else:
        form.load(path.current, path.purpose, path.active, path.slug)
    if form.validate_on_submit():
        on_domain_error(
            lambda: render_template("certification/path_form.html", form=form, path=path)
        )
        services.update_path(path, form.to_input(), current_user)
        db.session.commit()
        return redirect(url_for("certification.paths"))
    return render_template("certification/path_form.html", form=form, path=path)


@bp.get("/manage")
@require_permission("certificate.manage")
def manage():
    certificates = reports.all_certificates()
    return render_template(
        "certification/manage.html",
        certificates=certificates,
        expiring=reports.expiring(certificates),
        nearly=reports.close_to_completing(certificates),
        status_of=status,
        days=reports.EXPIRING_DAYS,
    )


@bp.get("/manage/export.<fmt>")
@require_permission("certificate.manage")
def export(fmt: str):
    rows = reports.table(reports.all_certificates())
    if fmt == "csv":
        body, mime = reports.to_csv(rows), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body = reports.to_xlsx(rows)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        abort(404)
    response = Response(body, mimetype=mime)
    response.headers["Content-Disposition"] = f'attachment; filename="certificates.{fmt}"'
    return response


@bp.route("/manage/<code>/revoke", methods=["GET", "POST"])
@require_permission("certificate.manage")
def revoke(code: str):
    certificate = services.by_code(code)
    form = RevokeForm()

    def page():
        return render_template("certification/revoke.html", form=form, certificate=certificate)

    if form.validate_on_submit():
        on_domain_error(page, field=form.reason)
        services.revoke(certificate, current_user, form.reason.data)
        db.session.commit()
        return redirect(url_for("certification.manage", _anchor=f"cert-{certificate.code}"))
    return page()
