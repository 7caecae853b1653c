"""The main navigation is kept per role set and language (core/navigation.py): every reader
still gets the links of their own roles, in their own language."""

import re

from tests import factories


def _nav(page: str) -> str:
    return re.search(r'<nav class="main-nav".*?</nav>', page, re.S).group(0)


def _nav_of(client, login, roles: set[str], lang: str = "zh_CN") -> str:
    client.post("/logout")
    login(factories.make_user(roles=roles))
    if lang != "zh_CN":
        client.post("/account/language", data={"locale": lang, "next": "/"})
    return _nav(client.get("/").get_data(as_text=True))


def test_each_role_set_gets_its_own_links_after_another_was_kept(db_session, client, login):
    trainee = _nav_of(client, login, {"trainee"})
    trainer = _nav_of(client, login, {"trainer"})
    trainee_again = _nav_of(client, login, {"trainee"})
    assert "题库" not in trainee and "/quizzes/bank" not in trainee
    assert "题库" in trainer
    assert trainee_again == trainee
    admin = _nav_of(client, login, {"admin"})
    assert "用户" in admin and "用户" not in trainee


def test_the_navigation_follows_the_reader_language(db_session, client, login):
    chinese = _nav_of(client, login, {"trainee"})
    english = _nav_of(client, login, {"trainee"}, lang="en")
    assert "课程" in chinese and "Courses" not in chinese
    assert "Courses" in english and "课程" not in english
