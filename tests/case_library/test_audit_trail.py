"""Case grades and discussion moderation leave an audit trail (issue 11, item 9): a regrade
keeps the earlier mark, a deleted post keeps what it said, review steps name who took them."""

from sqlalchemy import select

from case_library.models import CaseAttempt, DiscussionPost
from core.audit import AuditEvent
from core.extensions import db
from tests.case_library.factories import make_case
from tests.case_library.test_trainee_flow import GOOD_ANSWERS, switch_to


def _entries(action):
    query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    return db.session.scalars(query).all()


def test_a_case_regrade_keeps_the_earlier_mark_in_the_log(client, login_as, make_user, login):
    case = make_case(make_user(roles={"trainer"}))
    login_as("trainee")
    client.post(f"/cases/{case.slug}/attempt", data=GOOD_ANSWERS)
    attempt = db.session.scalars(select(CaseAttempt)).one()
    grader = make_user(roles={"trainer"})
    switch_to(client, login, grader)
    url = f"/cases/attempts/{attempt.id}/grade"
    client.post(url, data={"rubric-memo-0": "0", "rubric-memo-1": "0", "comments": "初评"})
    client.post(url, data={"rubric-memo-0": "0", "rubric-memo-1": "1", "comments": "复核后改分"})
    [graded] = _entries("case_attempt.graded")
    [regraded] = _entries("case_attempt.regraded")
    assert regraded.before["comments"] == "初评" and regraded.after["comments"] == "复核后改分"
    assert regraded.before["rubric_score"] == graded.after["rubric_score"]
    assert regraded.before["rubric_score"] != regraded.after["rubric_score"]
    assert regraded.actor_id == grader.id


def test_a_deleted_post_is_kept_and_its_text_logged(client, login_as, make_user, login):
    case = make_case(make_user(roles={"trainer"}))
    login_as("trainee")
    client.post(f"/cases/{case.slug}/attempt", data=GOOD_ANSWERS)
    client.post(f"/cases/{case.slug}/posts", data={"body": "需要留证的言论"})
    post = db.session.scalars(select(DiscussionPost)).one()
    moderator = make_user(roles={"trainer"})
    switch_to(client, login, moderator)
    client.post(f"/cases/posts/{post.id}/hide", data={"hidden": "1"})
    client.post(f"/cases/posts/{post.id}/delete")
    assert "需要留证的言论" not in client.get(f"/cases/{case.slug}").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(DiscussionPost, post.id).body == "需要留证的言论"
    [hidden] = _entries("case_post.hidden")
    [deleted] = _entries("case_post.deleted")
    assert hidden.actor_id == deleted.actor_id == moderator.id
    assert deleted.before["body"] == "需要留证的言论"


def test_review_steps_are_logged(client, make_user, login):
    author, reviewer = make_user(roles={"trainer"}), make_user(roles={"trainer"})
    case = make_case(author, published=False)
    login(author)
    client.post(f"/cases/author/{case.id}/submit")
    switch_to(client, login, reviewer)
    client.post(f"/cases/author/{case.id}/approve", data={"comment": "可以发布"})
    steps = [(e.action, e.actor_id) for e in _entries("case.submitted") + _entries("case.approved")]
    assert steps == [("case.submitted", author.id), ("case.approved", reviewer.id)]
