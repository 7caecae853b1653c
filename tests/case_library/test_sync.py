"""`cases sync`: idempotent, files update file-managed cases, browser edits win with a warning."""

import shutil

import pytest

from case_library import services
from case_library.content_sync import CONTENT_DIR, sync_cases
from case_library.demo import load_demo
from case_library.models import Case
from case_library.review import approve
from case_library.services import CaseInput
from core.extensions import db
from core.models import User


@pytest.fixture
def content(tmp_path):
    target = tmp_path / "content"
    target.mkdir()
    shutil.copytree(CONTENT_DIR / "fake-mortgage", target / "fake-mortgage")
    return target


def test_sync_publishes_and_is_idempotent(content):
    first = sync_cases(content)
    assert first.created == ["fake-mortgage"] and not first.warnings
    case = db.session.query(Case).one()
    assert case.is_published and case.status == "published"
    assert case.modules[:2] == ["warning-signals", "cross-verification"]
    second = sync_cases(content)
    assert second.unchanged == ["fake-mortgage"] and not second.created and not second.updated
    assert len(case.versions) == 1


def test_changed_file_makes_a_new_published_version(content):
    sync_cases(content)
    path = content / "fake-mortgage" / "model_answer.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    report = sync_cases(content)
    assert report.updated == ["fake-mortgage"]
    case = db.session.query(Case).one()
    assert len(case.versions) == 2 and case.published_version.number == 2
    assert "补充一句" in case.published_version.model_answer


def test_browser_edit_wins_and_sync_warns_when_files_diverge(content, make_user):
    sync_cases(content)
    case = db.session.query(Case).one()
    data = CaseInput.from_version(case.current_version)
    data.narrative += "\n浏览器里加的一段。\n"
    services.update_case(case, data, make_user(roles={"trainer"}))
    path = content / "fake-mortgage" / "case.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n文件里加的一段。\n", encoding="utf-8")
    report = sync_cases(content)
    assert not report.updated and any("以浏览器版本为准" in w for w in report.warnings)
    assert "浏览器里加的一段" in case.current_version.narrative
    assert "文件里加的一段" not in case.current_version.narrative


def test_broken_case_is_reported_and_others_still_load(content):
    shutil.copytree(content / "fake-mortgage", content / "broken")
    (content / "broken" / "tasks.yaml").write_text("- id: x\n  kind: essay\n", encoding="utf-8")
    report = sync_cases(content)
    assert report.created == ["fake-mortgage"]
    assert any(w.startswith("broken") and "kind 必须是" in w for w in report.warnings)


def test_case_with_personal_data_stays_a_draft(content):
    path = content / "fake-mortgage" / "case.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n联系电话 13912345678。\n", "utf-8")
    report = sync_cases(content)
    assert any("保留为草稿" in w for w in report.warnings)
    assert not db.session.query(Case).one().is_published


def test_demo_loader_adds_the_reviewer_and_all_cases_once():

    first = load_demo()
    assert "trainer2 created" in first
    second = load_demo()
    assert "trainer2" not in second and "0 created" in second
    assert db.session.query(User).filter_by(username="trainer2").one().roles == {"trainer"}
    assert db.session.query(Case).filter(Case.published_version_id.is_not(None)).count() >= 6


def test_force_lets_the_files_win_for_one_case_after_review(content, make_user):
    sync_cases(content)
    case = db.session.query(Case).one()
    published = case.published_version
    data = CaseInput.from_version(case.current_version)
    data.narrative += "\n浏览器里加的一段。\n"
    services.update_case(case, data, make_user(roles={"trainer"}))
    path = content / "fake-mortgage" / "case.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n文件里加的一段。\n", encoding="utf-8")
    report = sync_cases(content, force=("fake-mortgage",))
    assert report.updated == ["fake-mortgage"] and any("等待" in w for w in report.warnings)
    assert len(case.versions) == 3 and not case.edited_in_browser
    # Forcing does not skip the four eyes: trainees keep the reviewed version until approval.
    assert case.published_version is published and case.status == "in_review"
    assert "文件里加的一段" in case.current_version.narrative
    approve(case, make_user(roles={"trainer"}))
    assert "文件里加的一段" in case.published_version.narrative


def test_case_files_may_allow_retakes(content):
    path = content / "fake-mortgage" / "case.md"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("\ndifficulty:", "\nretakes: 11\ndifficulty:", 1), "utf-8")
    report = sync_cases(content)
    assert any("retakes 必须是 0 到 10 之间的整数" in w for w in report.warnings)
    assert db.session.query(Case).count() == 0
    path.write_text(original.replace("\ndifficulty:", "\nretakes: 2\ndifficulty:", 1), "utf-8")
    sync_cases(content)
    assert db.session.query(Case).one().retakes_allowed == 2
