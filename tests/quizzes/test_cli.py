"""`flask quizzes import` and `flask quizzes export` from the shell."""

import json
from pathlib import Path

from sqlalchemy import func, select

from core.extensions import db
from quizzes.models.bank import Question
from tests.quizzes.quiz_factories import make_question

FIXTURES = Path(__file__).parent / "fixtures"


def _run(app, *args):
    return app.test_cli_runner().invoke(args=["quizzes", *args])


def _count() -> int:
    return db.session.scalar(select(func.count(Question.id)))


def test_dry_run_json_prints_the_specs_and_saves_nothing(app):
    before = _count()
    result = _run(app, "import", str(FIXTURES / "postloan_basics.gift"), "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["ok"] is True and report["errors"] == []
    assert report["count"] == len(report["questions"]) > 3
    first = report["questions"][0]
    assert {"type", "name", "text", "general_feedback", "category", "line"} <= set(first)
    assert _count() == before


def test_bad_file_reports_each_failing_question_and_line_and_exits_non_zero(app):
    before = _count()
    result = _run(app, "import", str(FIXTURES / "with_errors.gift"))
    assert result.exit_code != 0
    assert "第5行" in result.stderr and "第11行" in result.stderr
    assert "题二" in result.stderr
    assert _count() == before


def test_bad_file_as_json_lists_errors(app):
    result = _run(app, "import", str(FIXTURES / "with_errors.gift"), "--dry-run", "--json")
    assert result.exit_code != 0
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert [error["line"] for error in report["errors"]] == [5, 11]


def test_import_saves_into_the_given_category(app):
    result = _run(
        app,
        "import",
        str(FIXTURES / "postloan_basics_aiken.txt"),
        "--format",
        "aiken",
        "--category",
        "命令行/阿肯",
    )
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    saved = db.session.scalars(select(Question).where(Question.search_text != "")).all()
    assert any(q.category.path == "命令行/阿肯" for q in saved)


def test_export_writes_gift_that_reads_back_the_same(app, tmp_path, db_session):
    make_question("single", category="命令行导出", text="导出再导入")
    db.session.commit()
    target = tmp_path / "out.gift"
    result = _run(app, "export", "--category", "命令行导出", "--output", str(target))
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert "$CATEGORY: 命令行导出" in text and "导出再导入" in text
    check = _run(app, "import", str(target), "--dry-run", "--json")
    assert json.loads(check.stdout)["count"] == 1


def test_export_of_an_unknown_category_fails_clearly(app):
    result = _run(app, "export", "--category", "没有/这个")
    assert result.exit_code != 0
    assert "没有这个分类" in result.stderr
