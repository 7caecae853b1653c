"""Quiz models, split by aggregate: the question bank and (elsewhere) quizzes and attempts."""

from quizzes.models.attempts import Attempt, AttemptItem, Quiz, QuizSlot, RegradeLog
from quizzes.models.bank import Question, QuestionCategory, QuestionTag, QuestionVersion

__all__ = ["Question", "QuestionCategory", "QuestionTag", "QuestionVersion"]
__all__ += ["Attempt", "AttemptItem", "Quiz", "QuizSlot", "RegradeLog"]
