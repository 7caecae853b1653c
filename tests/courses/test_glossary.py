"""Glossary editing in the browser: add, edit, archive, restore; files vs browser precedence."""

from sqlalchemy import select

from core.extensions import db
from courses import glossary
from courses.content_sync import sync_content
from courses.models import GlossaryTerm
from tests.courses.factories import write_tree


def _term(name):
    db.session.expire_all()
    return db.session.scalar(select(GlossaryTerm).where(GlossaryTerm.term == name))


def _loaded(tmp_path):
    root = write_tree(tmp_path)
    sync_content(root)
    db.session.commit()
    return root


def _change_file_entry(root, definition):
    path = root / "glossary.yaml"
    text = path.read_text(encoding="utf-8").replace("银行直接付给交易对象。", definition)
    path.write_text(text, encoding="utf-8")


def test_trainer_adds_a_term_and_lessons_link_it(tmp_path, login_as, client):
    _loaded(tmp_path)
    login_as("trainer")
    page = client.get("/courses/glossary").get_data(as_text=True)
    assert "新增术语" in page
    response = client.post(
        "/courses/glossary/new",
        data={
            "term": "支付方式",
            "english": "payment method",
            "definition": "放款资金交付的方式。",
            "aliases": "支付渠道、付款方式",
        },
    )
    assert response.status_code == 302
    term = _term("支付方式")
    assert term.aliases == ["支付渠道", "付款方式"] and term.locally_modified
    lesson = client.get("/courses/m/basics/first").get_data(as_text=True)
    assert f'href="/courses/glossary#term-{term.id}"' in lesson
    assert "放款资金交付的方式" in lesson


def test_duplicate_term_and_empty_definition_are_refused_in_chinese(tmp_path, login_as, client):
    _loaded(tmp_path)
    login_as("trainer")
    response = client.post(
        "/courses/glossary/new", data={"term": "受托支付", "definition": "另一个定义"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "术语「受托支付」已存在" in page
    assert "另一个定义" in page  # nothing the trainer typed is lost
    response = client.post("/courses/glossary/new", data={"term": "新术语", "definition": "  "})
    assert response.status_code == 400
    assert "请填写释义" in response.get_data(as_text=True)
    response = client.post(
        "/courses/glossary/new", data={"term": "新术语", "definition": "x", "aliases": "挪用"}
    )
    assert "「挪用」已链接到术语「挪用」" in response.get_data(as_text=True)
    assert _term("新术语") is None


def test_edit_changes_lesson_tooltips_and_sync_keeps_the_browser_version(
    app, tmp_path, login_as, client
):
    root = _loaded(tmp_path)
    term_id = _term("受托支付").id
    login_as("trainer")
    response = client.post(
        f"/courses/glossary/{term_id}/edit",
        data={
            "term": "受托支付",
            "english": "entrusted payment",
            "definition": "培训师改写的释义。",
        },
    )
    assert response.status_code == 302
    assert "培训师改写的释义" in client.get("/courses/m/basics/first").get_data(as_text=True)

    report = sync_content(root)  # file unchanged: browser version kept, no warning
    assert "glossary/受托支付" in report.kept_local and report.diverged == []
    db.session.commit()
    assert _term("受托支付").definition == "培训师改写的释义。"

    _change_file_entry(root, "文件里的新释义。")
    result = app.test_cli_runner().invoke(args=["courses", "sync", "--content-dir", str(root)])
    assert "warning: glossary/受托支付 was edited in the browser" in result.output
    assert _term("受托支付").definition == "培训师改写的释义。"
    page = client.get(f"/courses/glossary/{term_id}/edit").get_data(as_text=True)
    assert "与 glossary.yaml 中的条目不一致" in page


def test_reset_term_to_its_file_entry(app, tmp_path, login_as, client, monkeypatch):
    root = _loaded(tmp_path)
    monkeypatch.setitem(app.config, "COURSES_CONTENT_DIR", str(root))
    term = _term("受托支付")
    glossary.update_term(term, glossary.TermData("受托支付", "", "浏览器版。", []))
    db.session.commit()
    login_as("trainer")
    assert client.post(f"/courses/glossary/{term.id}/reset").status_code == 302
    term = _term("受托支付")
    assert term.definition == "银行直接付给交易对象。" and not term.locally_modified
    assert sync_content(root).kept_local == []


def test_renamed_term_is_not_duplicated_by_sync(tmp_path):
    root = _loaded(tmp_path)
    glossary.update_term(_term("挪用"), glossary.TermData("挪用资金", "", "改名了。", ["挪用"]))
    db.session.commit()
    report = sync_content(root)
    db.session.commit()
    assert "glossary/挪用" in report.kept_local
    assert _term("挪用") is None and _term("挪用资金").definition == "改名了。"


def test_archive_hides_term_and_its_links_and_restore_brings_them_back(tmp_path, login_as, client):
    root = _loaded(tmp_path)
    term_id = _term("受托支付").id
    login_as("trainer")
    client.post(f"/courses/glossary/{term_id}/archive")
    assert _term("受托支付").archived
    assert "glossary-link" not in client.get("/courses/m/basics/first").get_data(as_text=True)
    page = client.get("/courses/glossary").get_data(as_text=True)
    assert "已归档的术语" in page
    sync_content(root)  # the archive is a browser edit: sync does not bring the term back
    db.session.commit()
    assert _term("受托支付").archived
    client.post(f"/courses/glossary/{term_id}/restore")
    assert not _term("受托支付").archived
    assert "glossary-link" in client.get("/courses/m/basics/first").get_data(as_text=True)
    response = client.post(f"/courses/glossary/{term_id}/restore")
    assert response.status_code == 422


def test_term_added_in_the_browser_survives_sync(tmp_path):
    root = _loaded(tmp_path)
    glossary.create_term(glossary.TermData("展期", "extension", "延长还款期限。", []))
    db.session.commit()
    report = sync_content(root)
    assert report.archived == []
    assert not _term("展期").archived


def test_sync_still_archives_terms_removed_from_the_file(tmp_path):
    root = _loaded(tmp_path)
    (root / "glossary.yaml").write_text(
        "- term: 受托支付\n  english: entrusted payment\n  definition: 银行直接付给交易对象。\n",
        encoding="utf-8",
    )
    report = sync_content(root)
    assert report.archived == ["glossary/挪用"]
    assert sync_content(root).archived == []


def test_trainees_cannot_edit_the_glossary(tmp_path, login_as, client):
    _loaded(tmp_path)
    login_as("trainee")
    assert "新增术语" not in client.get("/courses/glossary").get_data(as_text=True)
    assert client.get("/courses/glossary/new").status_code == 403
    term_id = _term("受托支付").id
    assert client.post(f"/courses/glossary/{term_id}/archive").status_code == 403


def test_unknown_term_is_404(login_as, client):
    login_as("trainer")
    assert client.get("/courses/glossary/999999/edit").status_code == 404
    assert client.post("/courses/glossary/999999/archive").status_code == 404


def test_browser_term_later_added_to_the_file_keeps_the_browser_text_and_warns(tmp_path):
    root = write_tree(tmp_path)
    glossary.create_term(glossary.TermData("展期", "", "浏览器写的释义。", []))
    db.session.commit()
    path = root / "glossary.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "- term: 展期\n  definition: 文件写的释义。\n",
        encoding="utf-8",
    )
    report = sync_content(root)
    db.session.commit()
    assert "glossary/展期" in report.diverged
    term = _term("展期")
    assert term.definition == "浏览器写的释义。" and term.diverged_from_file
    glossary.reset_term_to_file(term, root)
    assert term.definition == "文件写的释义。" and not term.diverged_from_file
