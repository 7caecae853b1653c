"""The main navigation, rendered once per role set and language and kept by each worker.

Its links depend only on what the reader's roles allow and on the language: rendering it for
every page (ten permission checks, eight URLs, ten translations) cost more than a whole page of
the bare-Flask yardstick (bench/RESULTS.md, issue 14). The signed-in user's own name is not
part of it.
"""

from flask import current_app, render_template, request
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

TEMPLATE = "_chrome/main_nav.html"
_KEPT = 64  # role sets × languages × mount points: a handful in practice


def main_nav() -> Markup:
    """The <nav> for the signed-in reader (base.html calls it)."""
    key = (frozenset(current_user.roles), str(get_locale()), request.script_root)
    rendered = current_app.extensions.setdefault("main_nav", {})  # per app and worker
    html = rendered.get(key)
    if html is None:
        if len(rendered) >= _KEPT:
            rendered.clear()
        html = rendered[key] = Markup(render_template(TEMPLATE))  # nosec B704: autoescaped template
    return html
