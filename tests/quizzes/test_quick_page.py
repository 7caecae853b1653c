"""The take page's common case from plain rows (quizzes/taking/quick_page.py) shows exactly what
the full ORM path shows, and leaves every other case to it."""

import re

import pytest

from quizzes.taking import views
from tests.quizzes.quiz_factories import RIGHT, make_quiz

ALL_TYPES = (
    "single",
    "truefalse",
    "numerical",
    "multi",
    "shortanswer",
    "essay",
    "matching",
    "ordering",
)


def _without_tokens(html: str) -> str:
    # Every CSRF token carries the second it was signed in, wherever the attribute order puts it
    html = re.sub(r"<(?:input|meta)[^>]*csrf[-_]token[^>]*>", "", html)
    return re.sub(r'data-server-now="[^"]+"', "", html)


def _start(client, **settings) -> dict:
    quiz = make_quiz(types=ALL_TYPES, **settings)
    response = client.post(f"/api/v1/quizzes/{quiz.id}/attempts")
    assert response.status_code == 201
    return response.get_json()


@pytest.mark.parametrize("settings", [{}, {"questions_per_page": 3, "time_limit_minutes": 20}])
def test_plain_rows_render_the_same_page_as_the_full_path(login_as, client, monkeypatch, settings):
    login_as("trainee")
    attempt = _start(client, **settings)
    for question in attempt["questions"][:3]:  # answerable by RIGHT; the rest stay open
        saved = client.put(
            f"/api/v1/attempts/{attempt['attempt_id']}/answers/{question['question_id']}",
            json={"response": RIGHT[question["type"]]},
        )
        assert saved.status_code == 200
    path = f"/quizzes/attempts/{attempt['attempt_id']}"
    pages = [f"{path}?page={n}" for n in (1, 2, 3)]

    plain = [client.get(p) for p in pages]
    monkeypatch.setattr(views, "open_attempt_if_plain", lambda *args: None)
    full = [client.get(p) for p in pages]

    for fast, slow in zip(plain, full, strict=True):
        assert fast.status_code == slow.status_code == 200
        assert _without_tokens(fast.get_data(as_text=True)) == _without_tokens(
            slow.get_data(as_text=True)
        )
    assert "checked" in plain[0].get_data(as_text=True)  # the saved answers are shown


def test_other_cases_still_take_the_full_path(login_as, client, make_user, login):
    owner = login_as("trainee")
    attempt = _start(client)
    path = f"/quizzes/attempts/{attempt['attempt_id']}"
    submitted = client.post(f"/api/v1/attempts/{attempt['attempt_id']}/submit")
    assert submitted.status_code == 200
    finished = client.get(path)
    assert finished.status_code == 302 and "/review" in finished.headers["Location"]

    client.post("/logout")
    login(make_user(roles={"trainee"}))
    assert owner.id and client.get(path).status_code == 404  # another trainee's attempt
