"""Practice pages: the mistake book, practice sets (autosave and check through JSON), the
trainer's heat map and the review quiz made from it."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import update

from assessment.results import cohort_rosters
from core import clock
from core.actions import on_domain_error
from core.database import begin_as_writer
from core.domain import N_, DomainError
from core.extensions import db
from core.permissions import require_permission
from courses.results import module_titles
from practice import heatmap, sets
from practice.blueprint import bp
from practice.book import leitner_rule
from practice.case_tasks import open_case_entries
from practice.forms import ReviewQuizForm, StartSetForm
from practice.models import PracticeSet
from practice.presenting import (
    book_counts,
    book_groups,
    feedback_view,
    practice_item_view,
    schedule_note,
    schedule_rows,
)
from practice.progress import half_life_days, weakest_categories
from quizzes import results as quiz_results
from quizzes.models import QuestionCategory
from quizzes.taking.presenting import present_item


class BadPayload(DomainError):
    status_code = 400


def _start_form() -> StartSetForm:
    form = StartSetForm()
    titles = module_titles()
    form.module_slug.choices = [
        (slug, titles.get(slug, slug)) for slug in quiz_results.quiz_module_slugs()
    ]
    return form


def _book_page(form: StartSetForm | None = None):
    now = clock.now_utc()
    return render_template(
        "practice/book.html",
        groups=book_groups(current_user.id, now, module_titles()),
        case_entries=open_case_entries(current_user.id),
        counts=book_counts(current_user.id, now),
        schedule=schedule_rows(leitner_rule()),
        rule=leitner_rule(),
        form=form or _start_form(),
    )


@bp.get("/")
@require_permission("quiz.take")
def book():
    return _book_page()


def _source(form: StartSetForm) -> sets.SetSource:
    kind = form.kind.data
    now = clock.now_utc()
    if kind == sets.DUE:
        return sets.SetSource(
            sets.DUE,
            _("Due today"),
            question_ids=tuple(sets.due_question_ids(current_user.id, now)),
        )
    if kind == sets.MODULE:
        slug = form.module_slug.data or ""
        label = module_titles().get(slug, slug)
        ids = quiz_results.module_question_ids(slug) if slug else []
        return sets.SetSource(sets.MODULE, label, module_slug=slug or None, question_ids=tuple(ids))
    if kind == sets.CATEGORY:
        category = db.session.get(QuestionCategory, form.category_id.data or 0)
        if category is None:
            raise DomainError(N_("This category does not exist."))
        return sets.SetSource(
            sets.CATEGORY,
            category.path,
            question_ids=tuple(sets.category_question_ids(category.id)),
        )
    weak = weakest_categories(current_user.id, now)
    ids = [qid for row in weak for qid in sets.category_question_ids(row.key)]
    label = " · ".join(str(row.label) for row in weak)
    return sets.SetSource(sets.WEAK, label, question_ids=tuple(ids))


@bp.post("/sets")
@require_permission("quiz.take")
def start_set():
    form = _start_form()
    if not form.validate_on_submit():
        flash(_("Choose what to practise."), "error")
        return _book_page(form), 422
    on_domain_error(lambda: _book_page(form))
    source = _source(form)
    practice_set = sets.start_set(current_user, source, clock.now_utc())
    db.session.commit()
    return redirect(url_for("practice.practise", set_id=practice_set.id))


@bp.get("/sets/<int:set_id>")
@require_permission("quiz.take")
def practise(set_id: int):
    practice_set = sets.get_own_set_or_404(set_id, current_user)
    items = [practice_item_view(item, present_item) for item in practice_set.items]
    return render_template(
        "practice/practise.html",
        practice_set=practice_set,
        items=items,
        done=sum(1 for item in items if item["checked"]),
        rule=leitner_rule(),
    )


def _locked_own_set(set_id: int) -> PracticeSet:
    """End the read-only start, take the set's row lock, then read it (see quizzes' "Locks")."""
    begin_as_writer()
    stmt = update(PracticeSet).where(PracticeSet.id == set_id).values(kind=PracticeSet.kind)
    db.session.execute(stmt.execution_options(synchronize_session=False))
    return sets.get_own_set_or_404(set_id, current_user)


def _response_of(payload):
    if not isinstance(payload, dict) or "response" not in payload:
        raise BadPayload(N_('Send a JSON object like {"response": ...}.'))
    return payload["response"]


@bp.put("/sets/<int:set_id>/answers/<int:question_id>")
@require_permission("quiz.take")
def save_answer(set_id: int, question_id: int):
    practice_set = _locked_own_set(set_id)
    response = _response_of(request.get_json(silent=True))
    item = sets.save_answer(practice_set, question_id, response, clock.now_utc())
    db.session.commit()
    return {"saved": True, "question_id": item.question_id, "response": item.response}


@bp.post("/sets/<int:set_id>/answers/<int:question_id>/check")
@require_permission("quiz.take")
def check_answer(set_id: int, question_id: int):
    practice_set = _locked_own_set(set_id)
    response = _response_of(request.get_json(silent=True))
    now = clock.now_utc()
    result = sets.check_answer(practice_set, question_id, response, now)
    db.session.commit()
    view = feedback_view(result.item)
    note = schedule_note(result, leitner_rule())
    html = render_template("practice/_feedback.html", q=view, note=note)
    return {"correct": result.correct, "result": view["result"], "note": note, "html": html}


@bp.get("/heatmap")
@require_permission("quiz.statistics")
def heat_map():
    now = clock.now_utc()
    cohort_id = request.args.get("cohort", type=int)
    on_domain_error(lambda: redirect(url_for("practice.heat_map")))
    by_trainee = heatmap.trainee_heat_map(now, cohort_id)
    rosters = cohort_rosters()
    return render_template(
        "practice/heatmap.html",
        by_trainee=by_trainee,
        by_cohort=heatmap.cohort_heat_map(now),
        cohorts=[(cid, name) for cid, name, _ids in rosters],
        cohort_id=cohort_id,
        half_life=f"{half_life_days():g}",
    )


def _review_page(form: ReviewQuizForm, category: QuestionCategory):
    available = len(heatmap.review_questions(category.id, 50))
    return render_template(
        "practice/review_quiz.html", form=form, category=category, available=available
    )


@bp.route("/review-quiz/<int:category_id>", methods=["GET", "POST"])
@require_permission("quiz.author")
def review_quiz(category_id: int):
    category = db.session.get(QuestionCategory, category_id)
    if category is None:
        flash(_("This category does not exist."), "error")
        return redirect(url_for("practice.heat_map"))
    form = ReviewQuizForm()
    if not form.is_submitted():
        form.title.data = _("Review: %(category)s", category=category.name)
        form.count.data = heatmap.review_quiz_size()
    if form.validate_on_submit():
        on_domain_error(lambda: _review_page(form, category))
        quiz = heatmap.create_review_quiz(
            category.id, form.title.data, form.count.data, form.publish.data, current_user
        )
        db.session.commit()
        flash(_("Review quiz created with %(n)d questions.", n=len(quiz.slots)), "success")
        return redirect(url_for("quizzes.quiz_edit", quiz_id=quiz.id))
    return _review_page(form, category), 422 if form.errors else 200
