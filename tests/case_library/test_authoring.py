"""Trainers write cases; the publish gate stops personal data; a second trainer publishes."""

from case_library import gate, services
from case_library.content_format import parse_exhibit
from case_library.models import Case, CaseReview, WatchlistEntry
from core.extensions import db
from tests.case_library.factories import (
    NOTES_YAML,
    STATEMENT_CSV,
    TASKS_YAML,
    case_input,
    make_case,
)


def make_id(area="110105", birth="19800101", seq="123") -> str:
    body = area + birth + seq
    total = sum(int(c) * pow(2, 17 - i, 11) for i, c in enumerate(body))
    check = (12 - total % 11) % 11
    return body + ("X" if check == 10 else str(check))


RESIDENT_ID = make_id()
PHONE = "13912345678"


def form(**overrides):
    data = {
        "slug": "leaky-case",
        "title": "泄露信息的案例",
        "summary": "一句话",
        "modules": ["warning-signals"],
        "risk_type": "fraud",
        "difficulty": "2",
        "narrative": f"## 背景\n\n借款人张某，身份证号 {RESIDENT_ID}，贷款 DK2024-0137，金额 714000 元。\n",
        "exhibits-0-title": "对账单",
        "exhibits-0-kind": "table",
        "exhibits-0-caption": "",
        "exhibits-0-source": STATEMENT_CSV,
        "exhibits-1-title": "工作记录",
        "exhibits-1-kind": "notes",
        "exhibits-1-source": NOTES_YAML + f"  - 电话 {PHONE} 无人接听\n",
        "tasks_yaml": TASKS_YAML,
        "model_answer": "存在嫌疑。",
    }
    data.update(overrides)
    return data


def switch_to(client, login, user):
    client.post("/logout")
    login(user)


def test_bad_tasks_yaml_is_explained_in_chinese_and_the_form_keeps_input(client, login_as):
    login_as("trainer")
    response = client.post(
        "/cases/author/new", data=form(tasks_yaml="- id: a\n  kind: essay\n", slug="Bad Slug")
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "kind 必须是" in page and "短名称只能包含" in page
    assert "身份证号" in page and "泄露信息的案例" in page  # nothing typed is lost
    assert db.session.query(Case).count() == 0


def test_bad_csv_exhibit_is_refused(client, login_as):
    login_as("trainer")
    response = client.post("/cases/author/new", data=form(**{"exhibits-0-source": "a,b\n1,2,3\n"}))
    assert response.status_code == 422
    assert "第 2 行有 3 列" in response.get_data(as_text=True)


def test_gate_blocks_highlights_pseudonymizes_and_a_second_trainer_publishes(
    client, login_as, make_user, login
):
    author = login_as("trainer")
    assert client.post("/cases/author/new", data=form()).status_code == 302
    case = db.session.query(Case).one()
    assert case.status == "draft" and not case.is_published

    blocked = client.post(f"/cases/author/{case.id}/submit")
    assert blocked.headers["Location"].endswith(f"/cases/author/{case.id}/check")
    page = client.get(f"/cases/author/{case.id}/check").get_data(as_text=True)
    assert f'data-kind="resident_id">{RESIDENT_ID}</mark>' in page
    assert f'data-kind="mobile">{PHONE}</mark>' in page
    assert "<mark" not in page.split("DK2024-0137")[1].split("\n")[0]  # loan number not flagged
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == "draft"

    assert client.post(f"/cases/author/{case.id}/pseudonymize").status_code == 302
    db.session.expire_all()
    case = db.session.get(Case, case.id)
    assert len(case.versions) == 2 and case.current_version.origin == "pseudonymize"
    assert RESIDENT_ID not in case.current_version.narrative
    assert "【身份证号已脱敏】" in case.current_version.narrative
    assert PHONE not in case.current_version.exhibits[1]["source"]
    assert RESIDENT_ID not in case.versions[0].narrative  # the old version is redacted too
    assert case.versions[0].redacted_by_id == author.id
    assert "<mark" not in client.get(f"/cases/author/{case.id}/check").get_data(as_text=True)

    assert client.post(f"/cases/author/{case.id}/submit").status_code == 302
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == "in_review"

    own = client.post(f"/cases/author/{case.id}/approve")  # the author may not approve
    assert own.status_code == 302
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == "in_review"

    reviewer = make_user(roles={"trainer"})
    switch_to(client, login, reviewer)
    assert "泄露信息的案例" in client.get("/cases/review").get_data(as_text=True)
    assert (
        client.post(f"/cases/author/{case.id}/approve", data={"comment": "可以"}).status_code == 302
    )
    db.session.expire_all()
    case = db.session.get(Case, case.id)
    assert case.status == "published" and case.published_version.number == 2
    actions = [(r.action, r.user_id) for r in db.session.query(CaseReview).order_by(CaseReview.id)]
    assert actions == [("submitted", author.id), ("approved", reviewer.id)]


def test_reviewer_returns_a_case_with_a_reason(client, login_as, make_user, login):
    login_as("trainer")
    client.post(
        "/cases/author/new",
        data=form(narrative="## 背景\n\n干净的正文。\n", **{"exhibits-1-source": NOTES_YAML}),
    )
    case = db.session.query(Case).one()
    client.post(f"/cases/author/{case.id}/submit")
    switch_to(client, login, make_user(roles={"trainer"}))
    client.post(f"/cases/author/{case.id}/return", data={"comment": ""})
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == "in_review"  # a reason is required
    client.post(f"/cases/author/{case.id}/return", data={"comment": "请补充对账单"})
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == "draft"
    assert "请补充对账单" in client.get(f"/cases/author/{case.id}").get_data(as_text=True)


def test_editing_a_published_case_keeps_trainees_on_the_published_version(client, login_as):
    login_as("trainer")
    client.post(
        "/cases/author/new",
        data=form(narrative="## 背景\n\n第一版。\n", **{"exhibits-1-source": NOTES_YAML}),
    )
    case = db.session.query(Case).one()

    services.publish_version(case, case.current_version)
    db.session.commit()
    edited = form(narrative="## 背景\n\n第二版。\n", **{"exhibits-1-source": NOTES_YAML})
    assert client.post(f"/cases/author/{case.id}/edit", data=edited).status_code == 302
    db.session.expire_all()
    case = db.session.get(Case, case.id)
    assert case.status == "draft" and case.current_version.number == 2
    assert "第一版" in client.get("/cases/leaky-case").get_data(as_text=True)
    # saving the same content again makes no new version
    client.post(f"/cases/author/{case.id}/edit", data=edited)
    db.session.expire_all()
    assert len(db.session.get(Case, case.id).versions) == 2


def test_watchlist_terms_block_publication(client, login_as):
    login_as("trainer")
    client.post("/cases/watchlist", data={"kind": "company", "terms": "某某真实地产有限公司\n"})
    client.post(
        "/cases/author/new",
        data=form(
            narrative="## 背景\n\n某某真实地产有限公司开发。\n", **{"exhibits-1-source": NOTES_YAML}
        ),
    )
    case = db.session.query(Case).one()
    page = client.get(f"/cases/author/{case.id}/check").get_data(as_text=True)
    assert 'data-kind="company">某某真实地产有限公司</mark>' in page
    client.post(f"/cases/author/{case.id}/pseudonymize")
    db.session.expire_all()
    assert "甲公司开发" in db.session.get(Case, case.id).current_version.narrative


def test_trainees_cannot_author_or_review(client, login_as):
    login_as("trainee")
    assert client.get("/cases/author/new").status_code == 403
    assert client.get("/cases/watchlist").status_code == 403


def test_any_version_can_be_previewed_with_its_answer_key(client, login_as):
    login_as("trainer")
    client.post("/cases/author/new", data=form(**{"exhibits-1-source": NOTES_YAML}))
    case = db.session.query(Case).one()
    page = client.get(f"/cases/author/{case.id}/versions/1").get_data(as_text=True)
    assert "内部人购房" in page and "612000" in page and "存在嫌疑" in page
    assert client.get(f"/cases/author/{case.id}/versions/9").status_code == 404


def test_a_case_under_review_cannot_be_edited(client, login_as):
    login_as("trainer")
    client.post(
        "/cases/author/new",
        data=form(narrative="## 背景\n\n干净。\n", **{"exhibits-1-source": NOTES_YAML}),
    )
    case = db.session.query(Case).one()
    client.post(f"/cases/author/{case.id}/submit")
    assert client.get(f"/cases/author/{case.id}/edit").status_code == 302
    edited = form(narrative="## 背景\n\n改动。\n", **{"exhibits-1-source": NOTES_YAML})
    response = client.post(f"/cases/author/{case.id}/edit", data=edited)
    assert response.status_code == 409 and "改动" in response.get_data(as_text=True)


def test_pseudonymizing_yaml_and_csv_exhibits_keeps_them_valid(make_user):

    card = "6222020200112233446"  # Luhn-valid
    doc = f"title: 收据\nfields:\n  - label: 身份证号\n    value: {RESIDENT_ID}\n  - label: 卡号\n    value: {card}\n"
    csv = f"日期,对方户名,卡号,金额\n2024-10-12,客户B,{card},294000\n"
    author = make_user(roles={"trainer"})
    case = services.create_case(
        case_input(
            exhibits=[
                {"title": "收据", "kind": "document", "caption": "", "source": doc},
                {"title": "流水", "kind": "table", "caption": "", "source": csv},
            ],
            model_answer=f"卡号 {card} 与身份证 {RESIDENT_ID} 都属于同一人。",
        ),
        author,
    )
    findings = gate.gate_findings(case.current_version)
    assert {f.kind for fs in findings.values() for f in fs} == {"resident_id", "bank_card"}
    version, mapping, _redacted = services.pseudonymize_case(case, author)
    assert len(mapping) == 2
    fields = parse_exhibit("document", version.exhibits[0]["source"])["fields"]
    assert fields[0]["value"] == "【身份证号已脱敏】" and fields[1]["value"] == "【银行卡号已脱敏】"
    rows = parse_exhibit("table", version.exhibits[1]["source"])["rows"]
    assert rows == [["2024-10-12", "客户B", "【银行卡号已脱敏】", "294000"]]
    assert "卡号 【银行卡号已脱敏】 与身份证 【身份证号已脱敏】" in version.model_answer
    assert not any(gate.gate_findings(version).values())


def test_hostile_markup_in_content_is_shown_as_text(client, login_as, make_user):

    make_case(
        make_user(roles={"trainer"}),
        slug="hostile",
        narrative="## 背景\n\n<script>alert(1)</script><img src=x onerror=alert(2)>\n",
        exhibits=[
            {
                "title": "表",
                "kind": "table",
                "caption": "",
                "source": "名称,金额\n<b onclick=x>客户</b>,1\n",
            }
        ],
    )
    login_as("trainee")
    page = client.get("/cases/hostile").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "onerror" not in page
    assert "&lt;b onclick=x&gt;客户&lt;/b&gt;" in page


def test_watchlist_refuses_empty_input_and_keeps_what_was_typed(client, login_as):
    login_as("trainer")
    response = client.post("/cases/watchlist", data={"kind": "person", "terms": "某人"})
    assert response.status_code == 422 and "请选择条目类型" in response.get_data(as_text=True)
    assert "某人" in response.get_data(as_text=True)
    response = client.post("/cases/watchlist", data={"kind": "name", "terms": "  \n "})
    assert response.status_code == 422 and "请至少输入一个名称" in response.get_data(as_text=True)
    client.post("/cases/watchlist", data={"kind": "name", "terms": "王真名\n王真名\n"})

    entry = db.session.query(WatchlistEntry).one()
    assert client.post(f"/cases/watchlist/{entry.id}/delete").status_code == 302
    assert db.session.query(WatchlistEntry).count() == 0


def test_the_check_page_names_findings_in_the_readers_language(client, login_as):
    login_as("trainer")
    client.post("/cases/author/new", data=form())
    case = db.session.query(Case).one()
    page = client.get(f"/cases/author/{case.id}/check").get_data(as_text=True)
    assert "疑似居民身份证号(校验位正确)" in page and "疑似手机号码" in page
    client.post("/account/language", data={"locale": "en", "next": "/"})
    page = client.get(f"/cases/author/{case.id}/check").get_data(as_text=True)
    assert "Suspected resident ID number (check digit valid)" in page
    assert "Suspected mobile number" in page and "疑似" not in page
