"""Forms of the marking pages; forms check shape, services check rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import Length, Optional


class EssayGradeForm(FlaskForm):
    """The grade of one essay: a level per rubric criterion (fields level-0, level-1, ...) when
    the question has a rubric, else the mark itself; and a comment."""

    mark = StringField(_l("Mark"), validators=[Optional(), Length(max=20)])
    comment = TextAreaField(
        _l("Comment for the trainee"), validators=[Optional(), Length(max=5000)]
    )

    @classmethod
    def for_rubric(cls, rubric: list[dict]) -> EssayGradeForm:
        levels = {
            f"level-{number}": RadioField(
                row.get("criterion", ""),
                coerce=int,
                validate_choice=False,  # a missing level is the service's message, not a 400
                choices=[
                    (index, f"{level.get('label', '')} ({level.get('points', '')})")
                    for index, level in enumerate(row.get("levels") or [])
                ],
            )
            for number, row in enumerate(rubric)
        }
        form = type("EssayGradeForm", (cls,), levels)()
        form.criteria = len(rubric)
        return form

    criteria = 0

    def levels(self) -> list[int | None]:
        """The chosen level of each criterion (None where none was chosen)."""
        return [self[f"level-{number}"].data for number in range(self.criteria)]

    def level_fields(self) -> list:
        return [self[f"level-{number}"] for number in range(self.criteria)]


class RegradeForm(FlaskForm):
    """The button that applies a regrade: only its CSRF token."""
