"""A checklist reads each required quiz once, and only the titles it names (the trainee's home
shows one checklist per path, bench/RESULTS.md, issue 14)."""

from certification.requirements import checklist
from core.extensions import db
from tests.certification.factories import quiz_req
from tests.quizzes.quiz_factories import make_quiz, take
from tests.quizzes.test_query_counts import statements


def test_quiz_requirements_read_each_quiz_and_its_attempts_once(make_user):
    trainee = make_user()
    quizzes = [make_quiz(published=True) for _ in range(3)]
    take(quizzes[0], trainee, right=3)
    requirements = [quiz_req(quizzes[0]), quiz_req(quizzes[1]), quiz_req(quizzes[2], 50)]
    db.session.expunge_all()  # read from the database, as a fresh request does
    with statements() as sent:
        result = checklist(requirements, trainee.id)
    assert [item.done for item in result.items] == [True, False, False]
    assert [item.label for item in result.items] == [q.title for q in quizzes]
    # The published quizzes' titles, then per quiz: the quiz and the trainee's attempts.
    # Modules, cases and cohorts are named by none of these requirements and are not read.
    assert len(sent) == 1 + 2 * len(quizzes), "\n".join(sent)
