"""Health check, language, time zone, error pages, configuration."""

from datetime import UTC, datetime

import pytest

from app import create_app
from core.extensions import db
from core.markdown import render_markdown
from tools.i18n import clashing_translations, missing_translations


def test_healthz_reports_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


@pytest.mark.no_db_isolation
def test_healthz_reports_an_unreachable_database(tmp_path):
    broken = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing-dir/nothing.db"})
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] != "ok"


def test_ui_is_chinese_by_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert "登录" in page
    assert 'lang="zh-CN"' in page


def test_lang_parameter_switches_to_english_and_sticks(client):
    page = client.get("/login?lang=en").get_data(as_text=True)
    assert "Sign in" in page
    assert "Sign in" in client.get("/login").get_data(as_text=True)


def test_user_language_choice_is_remembered(login_as, client):
    user = login_as("trainee")
    client.post("/account/language", data={"locale": "en", "next": "/"})
    assert "Welcome" in client.get("/").get_data(as_text=True)
    db.session.refresh(user)
    assert user.locale == "en"


def test_unsupported_language_is_refused(login_as, client):
    login_as("trainee")
    client.post("/account/language", data={"locale": "xx"})
    assert "欢迎" in client.get("/").get_data(as_text=True)


def test_every_ui_string_has_a_chinese_translation():
    assert missing_translations() == {}


def test_no_ui_string_has_two_chinese_wordings():
    """The catalogs are merged, so a second wording would replace the first on every page (a
    course once showed a quiz's "作答中" for a module being studied)."""
    assert clashing_translations() == {}


def test_a_course_and_a_quiz_keep_their_own_words(app):
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale("zh_CN"):
        assert gettext("Studying") == "学习中"
        assert gettext("In progress") == "作答中"
        assert gettext("Verify") == "核验"
        assert gettext("Check") == "检查"


def test_dates_are_shown_in_shanghai_time(app, login_as, client, make_user):
    login_as("admin")
    make_user(username="timed", created_at=datetime(2026, 3, 1, 16, 30, tzinfo=UTC))
    page = client.get("/admin/users").get_data(as_text=True)
    assert "2026-03-02 00:30" in page


def test_not_found_page_is_in_the_layout(login_as, client):
    login_as("trainee")
    response = client.get("/no/such/page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "页面不存在" in page
    assert "贷后学堂" in page


def test_server_error_never_shows_a_traceback(database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    boom.required_permission = None
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "系统出错了" in page
    assert "secret internals" not in page
    assert "Traceback" not in page


def test_forms_are_csrf_protected(database_url, make_user):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "WTF_CSRF_ENABLED": True})
    user = make_user()
    response = app.test_client().post(
        "/login", data={"username": user.username, "password": "correct-horse-1"}
    )
    assert response.status_code == 400
    assert "表单已过期" in response.get_data(as_text=True)


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    import config

    monkeypatch.setattr(config.Config, "SECRET_KEY", None)
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", None)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        '<div onclick="steal()">hi</div>',
        "<iframe src='https://evil.example'></iframe>",
        '<svg onload="alert(1)"></svg>',
        "<style>body{display:none}</style>",
    ],
)
def test_markdown_renderer_strips_hostile_html(hostile):
    html = str(render_markdown(hostile)).lower()
    for bad in ("<script", "onerror", "javascript:", "onclick", "<iframe", "onload", "<style"):
        assert bad not in html


def test_markdown_renderer_keeps_tables_and_callouts():
    html = str(
        render_markdown(
            '| 项目 | 金额 |\n|---|---|\n| 毛利 | 36000 |\n\n!!! warning "注意"\n    先核实原件。'
        )
    )
    assert "<table>" in html
    assert 'class="admonition warning"' in html
    assert "先核实原件" in html


def test_templates_follow_a_forced_locale_within_one_request(app):
    """The templates' translations are looked up once per request and locale (core.i18n), so a
    page rendered in another language inside the request (an export, a mail) still gets it."""
    from flask import render_template_string
    from flask_babel import force_locale

    with app.test_request_context():
        assert render_template_string("{{ _('Verify') }}") == "核验"
        with force_locale("en"):
            assert render_template_string("{{ _('Verify') }}") == "Verify"
        assert render_template_string("{{ _('Verify') }}") == "核验"


def test_template_gettext_escapes_its_values_and_formats_as_jinja_does(app):
    """The templates' _() (core.i18n) keeps Jinja's new-style rules: values are escaped in HTML,
    the message is always a format string (%% is a percent sign), and it is translated."""
    from flask import render_template_string

    with app.test_request_context():
        html = render_template_string(
            "{{ _('Question %(n)d', n=3) }}|{{ _('x %(v)s', v=v) }}", v="<b>"
        )
        assert html == "第 3 题|x &lt;b&gt;"
        assert render_template_string("{{ _('100%%') }}") == "100%"
        unescaped = "{% autoescape false %}{{ _('x %(v)s', v=v) }}{% endautoescape %}"
        assert render_template_string(unescaped, v="<b>") == "x <b>"
