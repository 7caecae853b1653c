"""Quiz models, split by aggregate: the question bank and (elsewhere) quizzes and attempts."""

from quizzes.models.bank import Question, QuestionCategory, QuestionTag, QuestionVersion

__all__ = ["Question", "QuestionCategory", "QuestionTag", "QuestionVersion"]
