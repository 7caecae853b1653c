"""The question types, registered once: each knows its label, spec checks, presentation,
response shapes and grading (see base.py). Code that needs type knowledge asks the registry
instead of switching on the type name. Pure: no Flask, no database.
"""

from quizzes.question_types.arrangement import Matching, Ordering
from quizzes.question_types.base import QuestionType
from quizzes.question_types.choice import MultiChoice, SingleChoice, TrueFalse
from quizzes.question_types.text import Description, Essay, Numerical, ShortAnswer

__all__ = ["AUTO_GRADED", "QUESTION_TYPES", "TYPES", "QuestionType", "question_type"]

QUESTION_TYPES: dict[str, QuestionType] = {
    qtype.name: qtype
    for qtype in (
        SingleChoice(),
        MultiChoice(),
        TrueFalse(),
        ShortAnswer(),
        Numerical(),
        Matching(),
        Ordering(),
        Essay(),
        Description(),
    )
}
TYPES = tuple(QUESTION_TYPES)  # in the order the bank lists them
AUTO_GRADED = tuple(name for name, qtype in QUESTION_TYPES.items() if qtype.auto_graded)


class UnknownQuestionType(ValueError):
    """A spec names a type the registry does not know (a programming or data error)."""


def question_type(spec_or_name: dict | str | None) -> QuestionType:
    """The type of a spec (or of a type name); UnknownQuestionType when there is none."""
    name = spec_or_name.get("type") if isinstance(spec_or_name, dict) else spec_or_name
    try:
        return QUESTION_TYPES[name]
    except (KeyError, TypeError):
        raise UnknownQuestionType(f"unknown question type: {name!r}") from None
