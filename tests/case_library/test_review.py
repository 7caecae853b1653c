"""Four eyes: every change to a published case, its settings included, waits for a reviewer who
wrote none of the changes made since the case was last published."""

import pytest

from case_library import services
from case_library.history import published_has_findings, redact_history
from case_library.models import Case, CaseReview
from case_library.review import approve, submit_for_review
from case_library.services import CaseInput
from case_library.watchlist import add_watchlist_terms
from core.errors import Forbidden
from core.extensions import db
from tests.case_library.factories import make_case
from tests.case_library.test_trainee_flow import switch_to


def editor_form(case: Case, **changes) -> dict:
    """What the editor sends for the case's current version, with some fields changed."""
    data = CaseInput.from_version(case.current_version)
    fields = {
        "title": data.title,
        "slug": data.slug,
        "summary": data.summary,
        "modules": data.modules,
        "risk_type": data.risk_type,
        "difficulty": str(data.difficulty),
        "retakes": str(data.retakes),
        "narrative": data.narrative,
        "tasks_yaml": data.tasks_yaml,
        "model_answer": data.model_answer,
    }
    for n, exhibit in enumerate(data.exhibits):
        fields |= {f"exhibits-{n}-{key}": value for key, value in exhibit.items()}
    return fields | changes


def fresh(case: Case) -> Case:
    db.session.expire_all()
    return db.session.get(Case, case.id)


def test_trainer_who_wrote_an_unreviewed_change_cannot_approve_a_colleagues_later_fix(
    client, login, make_user
):
    x, y, z = (make_user(roles={"trainer"}) for _ in range(3))
    case = make_case(x, slug="four-eyes", modules=["warning-signals"])  # published version 1
    assert (case.difficulty, case.retakes_allowed) == (2, 0)

    login(x)
    changed = editor_form(
        case,
        slug="four-eyes-renamed",
        modules=["collection"],
        difficulty="3",
        retakes="2",
        narrative=case.current_version.narrative + "\n新增一段。\n",
    )
    assert client.post(f"/cases/author/{case.id}/edit", data=changed).status_code == 302
    case = fresh(case)
    assert case.current_version.number == 2 and case.published_version.number == 1
    # nothing of version 2 is live yet, its settings included
    assert case.slug == "four-eyes" and case.modules == ["warning-signals"]
    assert (case.difficulty, case.retakes_allowed) == (2, 0)
    assert client.get("/cases/four-eyes").status_code == 200
    assert client.get("/cases/four-eyes-renamed").status_code == 404
    # ...and the reviewer will see what is pending
    page = client.get(f"/cases/author/{case.id}").get_data(as_text=True)
    assert 'data-testid="pending-settings"' in page and "four-eyes-renamed" in page
    diff = client.get(f"/cases/author/{case.id}/versions/2/diff").get_data(as_text=True)
    assert 'data-section="settings"' in diff
    assert '<mark class="diff-change">-renamed</mark>' in diff

    switch_to(client, login, y)  # fixes a typo in X's version and submits it
    typo_fixed = editor_form(case, narrative=case.current_version.narrative.replace("新增", "新加"))
    assert client.post(f"/cases/author/{case.id}/edit", data=typo_fixed).status_code == 302
    assert client.post(f"/cases/author/{case.id}/submit").status_code == 302
    assert fresh(case).status == "in_review"

    switch_to(client, login, x)  # X wrote version 2, which nobody has reviewed
    assert 'id="approve-comment"' not in client.get(f"/cases/author/{case.id}").get_data(
        as_text=True
    )
    refused = client.post(f"/cases/author/{case.id}/approve", follow_redirects=True)
    assert "须由另一位没有参与这些改动的培训师审核" in refused.get_data(as_text=True)
    case = fresh(case)
    assert case.status == "in_review" and case.published_version.number == 1
    assert case.slug == "four-eyes" and case.difficulty == 2

    switch_to(client, login, z)  # wrote none of it
    assert 'id="approve-comment"' in client.get(f"/cases/author/{case.id}").get_data(as_text=True)
    assert client.post(f"/cases/author/{case.id}/approve").status_code == 302
    case = fresh(case)
    assert case.status == "published" and case.published_version.number == 3
    assert case.slug == "four-eyes-renamed" and case.modules == ["collection"]
    assert (case.difficulty, case.retakes_allowed) == (3, 2)
    assert "新加一段" in client.get("/cases/four-eyes-renamed").get_data(as_text=True)
    reviews = db.session.query(CaseReview).filter_by(case_id=case.id).order_by(CaseReview.id)
    assert [(r.action, r.user_id) for r in reviews] == [("submitted", y.id), ("approved", z.id)]


def test_a_settings_only_change_is_a_new_version_that_waits_for_review(
    client, login, login_as, make_user
):
    author = make_user(roles={"trainer"})
    case = make_case(author, slug="settings-only")
    login(author)
    response = client.post(
        f"/cases/author/{case.id}/edit",
        data=editor_form(case, difficulty="3", retakes="1"),
        follow_redirects=True,
    )
    assert "已保存为第 2 版" in response.get_data(as_text=True)
    case = fresh(case)
    assert case.current_version.number == 2 and case.status == "draft"
    assert (case.difficulty, case.retakes_allowed) == (2, 0)
    assert (case.current_version.difficulty, case.current_version.retakes_allowed) == (3, 1)
    # saving the same settings again makes no third version
    client.post(f"/cases/author/{case.id}/edit", data=editor_form(case))
    assert len(fresh(case).versions) == 2

    switch_to(client, login, make_user(roles={"trainee"}))
    assert "settings-only" not in client.get("/cases/?difficulty=3").get_data(as_text=True)
    assert "settings-only" in client.get("/cases/?difficulty=2").get_data(as_text=True)


def test_approval_is_refused_when_another_case_took_the_new_short_name_meanwhile(
    client, login, make_user
):
    author, reviewer = make_user(roles={"trainer"}), make_user(roles={"trainer"})
    case = make_case(author, slug="old-name")
    login(author)
    client.post(f"/cases/author/{case.id}/edit", data=editor_form(case, slug="new-name"))
    client.post(f"/cases/author/{case.id}/submit")
    make_case(author, slug="new-name")  # published meanwhile under the proposed name

    switch_to(client, login, reviewer)
    response = client.post(f"/cases/author/{case.id}/approve", follow_redirects=True)
    assert "已有其他案例使用这个短名称" in response.get_data(as_text=True)
    case = fresh(case)
    assert case.status == "in_review" and case.published_version.number == 1
    assert case.slug == "old-name"


def test_a_case_never_published_takes_its_settings_from_the_newest_draft(client, login_as):
    author = login_as("trainer")
    case = make_case(author, slug="draft-only", published=False)
    client.post(f"/cases/author/{case.id}/edit", data=editor_form(case, slug="draft-renamed"))
    case = fresh(case)
    assert case.slug == "draft-renamed" and not case.is_published
    assert "draft-renamed" in client.get("/cases/author").get_data(as_text=True)


def test_redacting_the_history_leaves_the_published_version_to_review(make_user):
    x, y, z = (make_user(roles={"trainer"}) for _ in range(3))
    narrative = "## 背景\n\n王建国称首付已付清。\n"
    case = make_case(x, narrative=narrative)  # published version 1
    add_watchlist_terms("name", ["王建国"], y)
    for extra in ("第一处修改。", "第二处修改。"):  # drafts 2 and 3
        data = CaseInput.from_version(case.current_version)
        data.narrative += f"\n{extra}\n"
        services.update_case(case, data, x)
    redacted = redact_history(case, y)
    assert [v.number for v in redacted] == [2]  # not the published one, not the current one
    assert "王建国" in case.published_version.narrative and published_has_findings(case)

    services.pseudonymize_case(case, x)  # version 4
    submit_for_review(case, x)
    with pytest.raises(Forbidden):
        approve(case, y)  # y changed draft 2 by redacting it: not a second pair of eyes
    approve(case, z)
    assert case.published_version.number == 4
    assert not any("王建国" in v.narrative for v in case.versions)
    assert not published_has_findings(case)
