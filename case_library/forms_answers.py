"""Forms whose inputs depend on the case: the trainee's answer sheet and the rubric grade.

Their templates (_task_form.html, grade.html) write those inputs by hand, named by
`answer_field` and `rubric_field`; the classes here read them, in one place, into typed values.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import TextAreaField
from wtforms.validators import Length

from case_library import scoring
from case_library.attempts import MAX_TEXT
from case_library.forms import strip_text


class SheetForm(FlaskForm):
    """A FlaskForm that also keeps the submitted data, for inputs named after the case's tasks."""

    def process(self, formdata=None, obj=None, data=None, extra_filters=None, **kwargs):
        formdata = self.meta.wrap_formdata(self, formdata)
        # A POST without any field is still a submission (of nothing), not a first look.
        self.submitted = MultiDict() if formdata is None and self.is_submitted() else formdata
        super().process(formdata, obj, data, extra_filters, **kwargs)

    def sent(self, name: str) -> list[str]:
        return self.submitted.getlist(name) if self.submitted is not None else []


def answer_field(task: Mapping) -> str:
    """The name of a task's inputs on the answer sheet."""
    return f"task-{task['id']}"


class AnswerSheet(SheetForm):
    """A trainee's answers, one input (or several) per task, as _task_form.html writes them.

    After validate(): `answers` by task id for attempts.submit_attempt, and `task_errors`
    (task id -> message) for the tasks that need attention. `given` keeps what was sent.
    """

    def __init__(self, tasks: list[Mapping], **kwargs):
        self.tasks = tasks
        super().__init__(**kwargs)
        self.given = {task["id"]: self.sent(answer_field(task)) for task in tasks}
        self.answers: dict = {}
        self.task_errors: dict[str, str] = {}

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)  # the CSRF token
        for task in self.tasks:
            answer, problem = _read_answer(task, self.given[task["id"]])
            self.answers[task["id"]] = answer
            if problem:
                self.task_errors[task["id"]] = problem
        return valid and not self.task_errors


def _read_answer(task: Mapping, values: list[str]):
    """One task's answer from its inputs, and what is wrong with it (None when fine)."""
    kind = task["kind"]
    if kind == "red_flags":
        ids = {option["id"] for option in task["options"]}
        return [v for v in dict.fromkeys(values) if v in ids], None
    if kind == "ordering":
        try:
            order = [int(v) for v in values]
        except ValueError:
            order = []
        if sorted(order) != list(range(len(task["steps"]))):
            return order, _l("Arrange all the steps before submitting.")
        return order, None
    text = (values[0] if values else "").strip()
    if kind == "numeric":
        if scoring.parse_number(text) is None:
            return text, _l("Enter a number, for example 612000.")
        return text, None
    if not text:
        return text, _l("Write your answer before submitting.")
    if len(text) > MAX_TEXT:
        return text, _l("The answer is too long (at most 20000 characters).")
    return text, None


def rubric_field(task: Mapping, criterion: int) -> str:
    """The name of the radio buttons for one rubric criterion of a written task."""
    return f"rubric-{task['id']}-{criterion}"


class GradeForm(SheetForm):
    """A trainer's rubric grade: one level per criterion of each written task, and comments.

    After validate(): `choices` (task id -> [level index]) for attempts.grade_attempt. On GET
    the levels of an earlier grade are shown.
    """

    comments = TextAreaField(
        _l("Comments for the trainee"),
        filters=[strip_text],
        validators=[
            Length(
                max=MAX_TEXT,
                message=_l("The comment is too long (at most 20000 characters)."),
            )
        ],
        render_kw={"rows": 6},
    )

    def __init__(self, tasks: list[Mapping], earlier: Mapping[str, list] | None = None, **kw):
        self.tasks = [task for task in tasks if task["kind"] == "free_text"]
        super().__init__(**kw)
        self.choices: dict[str, list[int | None]] = {}
        for task in self.tasks:
            if self.submitted is None:
                picked = list((earlier or {}).get(task["id"]) or [])
            else:
                picked = [
                    _level(self.sent(rubric_field(task, n)), len(criterion["levels"]))
                    for n, criterion in enumerate(task["rubric"])
                ]
            self.choices[task["id"]] = picked
        self.rubric_error = None

    def picked(self, task: Mapping, criterion: int) -> int | None:
        levels = self.choices.get(task["id"]) or []
        return levels[criterion] if criterion < len(levels) else None

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if any(level is None for levels in self.choices.values() for level in levels):
            self.rubric_error = str(_l("Choose a level for every criterion."))
            return False
        return valid


def _level(values: list[str], count: int) -> int | None:
    raw = values[0] if values else ""
    return int(raw) if raw.isdigit() and int(raw) < count else None
