"""Old versions lose their personal data too; trainers check and compare the whole history."""

from sqlalchemy import text

from case_library.models import Case, CaseVersion
from core.extensions import db
from tests.case_library.factories import NOTES_YAML, make_case
from tests.case_library.test_authoring import PHONE, RESIDENT_ID, form


def stored_versions(case_id: int) -> list[str]:
    """Every stored version of the case as raw text, straight from the table."""
    rows = db.session.execute(
        text(
            "SELECT title, summary, narrative, exhibits, tasks_yaml, tasks, model_answer "
            "FROM case_versions WHERE case_id = :id ORDER BY number"
        ),
        {"id": case_id},
    ).all()
    return [" ".join(str(value) for value in row) for row in rows]


def leaky_case(client) -> Case:
    """Version 1 and 2 both hold the resident ID, the phone and a watchlisted name."""
    client.post("/cases/watchlist", data={"kind": "name", "terms": "王建国"})
    leaky = {
        "model_answer": f"王建国（{RESIDENT_ID}）存在嫌疑，联系电话 {PHONE}。",
        "tasks_yaml": form()["tasks_yaml"].replace("写一份核查意见", "写一份关于王建国的核查意见"),
    }
    assert client.post("/cases/author/new", data=form(**leaky)).status_code == 302
    case = db.session.query(Case).one()
    narrative = form()["narrative"] + "\n王建国称首付已付清。\n"
    client.post(f"/cases/author/{case.id}/edit", data=form(narrative=narrative, **leaky))
    db.session.expire_all()
    assert len(db.session.get(Case, case.id).versions) == 2
    return case


def test_pseudonymizing_redacts_every_earlier_version_in_the_database(client, login_as):
    trainer = login_as("trainer")
    case = leaky_case(client)
    before = stored_versions(case.id)
    assert all(RESIDENT_ID in v and PHONE in v and "王建国" in v for v in before)

    response = client.post(f"/cases/author/{case.id}/pseudonymize", follow_redirects=True)
    assert "1、2" in response.get_data(as_text=True)  # the flash names the redacted versions

    after = stored_versions(case.id)
    assert len(after) == 3
    for version in after:
        assert RESIDENT_ID not in version and PHONE not in version and "王建国" not in version
    db.session.expire_all()
    versions = db.session.query(CaseVersion).filter_by(case_id=case.id).order_by("number").all()
    # the same mapping everywhere: the name is 客户A in the old versions as in the new one
    assert all(
        "客户A" in v.model_answer and "【身份证号已脱敏】" in v.model_answer for v in versions
    )
    assert "写一份关于客户A的核查意见" in versions[0].tasks[3]["prompt"]
    assert [v.redacted_at is not None for v in versions] == [True, True, False]
    assert versions[0].redacted_by_id == trainer.id

    page = client.get(f"/cases/author/{case.id}").get_data(as_text=True)
    assert page.count('data-testid="redacted"') == 2 and "已脱敏处理" in page
    diff_page = client.get(f"/cases/author/{case.id}/versions/2/diff").get_data(as_text=True)
    assert diff_page.count('data-testid="diff-redacted"') == 2  # both sides were redacted
    assert RESIDENT_ID not in diff_page


def test_history_check_finds_data_left_in_old_versions_and_redacts_them(client, login_as):
    login_as("trainer")
    case = leaky_case(client)
    # a hand edit removes the data from the current version only
    client.post(
        f"/cases/author/{case.id}/edit",
        data=form(narrative="## 背景\n\n干净。\n", **{"exhibits-1-source": NOTES_YAML}),
    )
    assert client.get(f"/cases/author/{case.id}/check").get_data(as_text=True).count("<mark") == 0

    page = client.get(f"/cases/author/{case.id}/history-check").get_data(as_text=True)
    assert "历史版本检查" in page and "2 个较早的版本" in page
    assert f'data-kind="resident_id">{RESIDENT_ID}</mark>' in page
    assert 'id="v1"' in page and 'id="v2"' in page and 'id="v3"' not in page

    client.post(f"/cases/author/{case.id}/redact-history")
    assert not any(RESIDENT_ID in v or PHONE in v for v in stored_versions(case.id))
    page = client.get(f"/cases/author/{case.id}/history-check").get_data(as_text=True)
    assert "<mark" not in page and "已脱敏处理" in page
    again = client.post(f"/cases/author/{case.id}/redact-history", follow_redirects=True)
    assert "没有较早的版本含有个人信息" in again.get_data(as_text=True)


def test_trainees_cannot_see_or_redact_the_history(client, login_as, make_user):

    case = make_case(make_user(roles={"trainer"}))
    login_as("trainee")
    assert client.get(f"/cases/author/{case.id}/history-check").status_code == 403
    assert client.post(f"/cases/author/{case.id}/redact-history").status_code == 403


def test_version_diff_shows_changes_side_by_side_escaped(client, login_as):
    login_as("trainer")
    clean = {"exhibits-1-source": NOTES_YAML, "model_answer": "存在嫌疑。"}
    client.post(
        "/cases/author/new", data=form(narrative="## 背景\n\n第一段。\n\n不变的段落。\n", **clean)
    )
    case = db.session.query(Case).one()
    changed = form(
        narrative="## 背景\n\n第一段<script>x</script>。\n\n不变的段落。\n",
        model_answer="存在假按揭嫌疑。",
        **{"exhibits-1-source": NOTES_YAML, "exhibits-0-source": "日期,收入\n2024-10-12,1\n"},
    )
    client.post(f"/cases/author/{case.id}/edit", data=changed)

    assert "与上一版比较" in client.get(f"/cases/author/{case.id}").get_data(as_text=True)
    page = client.get(f"/cases/author/{case.id}/versions/2/diff").get_data(as_text=True)
    assert "第 1 版到第 2 版的改动" in page
    sections = [s.split('"')[0] for s in page.split('data-section="')[1:]]
    assert sections == ["narrative", "exhibit-0", "model_answer"]  # unchanged parts are left out
    assert "<script>x</script>" not in page and "&lt;script&gt;" in page
    assert '<mark class="diff-change">假按揭</mark>' in page  # the inserted words are marked
    assert page.count('class="diff-changed"') >= 2

    first = client.get(f"/cases/author/{case.id}/versions/1/diff").get_data(as_text=True)
    assert "这是第一版" in first
    assert client.get(f"/cases/author/{case.id}/versions/9/diff").status_code == 404
