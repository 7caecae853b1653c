"""Form errors stand next to their field and are linked to it (aria-describedby), so a screen
reader reads what is wrong when the field gets focus; in Chinese and in English (issue 19)."""

from html.parser import HTMLParser

from flask import render_template_string
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import RadioField, StringField
from wtforms.validators import DataRequired, InputRequired


class Elements(HTMLParser):
    """Each element's attributes by id, and the text inside each element with an id."""

    def __init__(self, html: str):
        super().__init__()
        self.attrs: dict[str, dict] = {}
        self.text: dict[str, str] = {}
        self._open: list[str | None] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.attrs[attrs["id"]] = attrs
            self.text[attrs["id"]] = ""
        if tag not in {"input", "br", "meta", "link", "img", "option"}:
            self._open.append(attrs.get("id"))

    def handle_endtag(self, tag):
        if tag not in {"input", "br", "meta", "link", "img", "option"} and self._open:
            self._open.pop()

    def handle_data(self, data):
        for element_id in filter(None, self._open):
            self.text[element_id] += data

    def description(self, element_id: str) -> str:
        """What a screen reader reads as the element's description."""
        ids = self.attrs[element_id].get("aria-describedby", "").split()
        return " ".join(self.text[i].strip() for i in ids)


def test_login_errors_are_read_with_their_fields_in_chinese(client):
    page = Elements(client.post("/login", data={}).get_data(as_text=True))
    for name in ("username", "password"):
        assert page.attrs[name]["aria-invalid"] == "true"
        assert page.description(name) == "该字段是必填字段。"


def test_login_errors_are_read_with_their_fields_in_english(client):
    page = Elements(client.post("/login?lang=en", data={}).get_data(as_text=True))
    assert page.description("username") == "This field is required."


def test_a_wrong_password_is_told_on_the_password_field(client, make_user):
    user = make_user()
    html = client.post("/login", data={"username": user.username, "password": "nope"})
    page = Elements(html.get_data(as_text=True))
    assert "用户名或密码错误" in page.description("password")
    assert "aria-describedby" not in page.attrs["username"]


class ExampleForm(FlaskForm):
    class Meta:
        csrf = False

    path = StringField("Path", validators=[DataRequired()], description="Use / for subfolders.")
    colour = RadioField(
        "Colour", choices=[("r", "Red"), ("g", "Green")], validators=[InputRequired()]
    )


def render_field(form, name: str) -> Elements:
    template = '{% from "_macros/forms.html" import field %}{{ field(form[name]) }}'
    return Elements(render_template_string(template, form=form, name=name))


def test_a_hint_and_an_error_both_describe_the_field(app):
    with app.test_request_context():
        form = ExampleForm(formdata=MultiDict({"path": ""}))
        form.validate()
        page = render_field(form, "path")
    assert page.attrs["path"]["aria-describedby"] == "path-hint path-error"
    assert page.description("path").startswith("Use / for subfolders.")
    assert page.text["path-error"].strip()


def test_a_valid_field_names_only_its_hint(app):
    with app.test_request_context():
        form = ExampleForm(formdata=MultiDict({"path": "a/b"}))
        form.validate()
        page = render_field(form, "path")
    assert page.description("path") == "Use / for subfolders."
    assert "aria-invalid" not in page.attrs["path"]


def test_a_choice_group_is_a_fieldset_described_by_its_error(app):
    with app.test_request_context():
        form = ExampleForm(formdata=MultiDict({"path": "x"}))
        form.validate()
        page = render_field(form, "colour")
    assert page.description("colour")  # the fieldset of the radio buttons
    assert {"colour-0", "colour-1"} <= set(page.attrs)
