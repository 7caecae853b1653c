"""Certification (认证): paths that list what earns a certificate, certificates issued the
moment a path completes (PDF with QR code, public verification page, signed Open Badges 3.0
credential), expiry and renewal through a refresher path, revocation with a reason.

Reads the areas below only through their results functions and core.events signals.
"""

from flask_babel import lazy_gettext as _l

from certification import listeners, public_views, views_manage  # noqa: F401  (routes on bp)
from certification.cli import certification_cli
from certification.demo import load_demo
from certification.views import bp
from core.audit import register_actions
from core.demo import register_demo_loader
from core.home import register_home_panel


def init_app(app) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(public_views.bp)
    listeners.connect(app)
    app.cli.add_command(certification_cli)
    # After every other area's demo: the path reads their quizzes and attempts.
    register_demo_loader(app, "certification", load_demo, order=70)
    register_home_panel(
        app,
        key="my_certificates",
        permission="certificate.view_own",
        template="certification/_home_mine.html",
        order=12,
    )
    register_home_panel(
        app,
        key="certification_manage",
        permission="certificate.manage",
        template="certification/_home_manage.html",
        order=38,
    )
    register_home_panel(
        app,
        key="certification_author",
        permission="certification.author",
        template="certification/_home_author.html",
        order=29,
    )
    register_actions(
        {
            "certificate.issued": _l("Certificate issued"),
            "certificate.renewed": _l("Certificate renewed"),
            "certificate.revoked": _l("Certificate revoked"),
        }
    )
