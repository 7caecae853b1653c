"""200 trainees start the same quiz in the same second, answer, and submit in the same second at
the deadline: no error, no lost answer, every attempt finished exactly once (issue 11)."""

from datetime import timedelta

from core.clock import now_utc
from tests.reliability.helpers import percentile, run_together

TRAINEES = 200


def test_two_hundred_trainees_start_and_submit_in_the_same_second(site, record_property):
    start = now_utc().replace(microsecond=0)
    quiz = site.quiz(types=["single", "truefalse", "numerical"], time_limit_minutes=30)
    trainees = site.trainees(TRAINEES)
    apis = {t.id: site.api(t.token) for t in trainees}
    site.set_clock(start)

    started = run_together([lambda t=t: apis[t.id].start(quiz.id) for t in trainees])
    assert [status for status, _body, _s in started] == [201] * TRAINEES
    attempt_of = {
        t.id: body["attempt_id"] for t, (_s, body, _e) in zip(trainees, started, strict=True)
    }

    right = quiz.right_answers()

    def answer(trainee):
        return [apis[trainee.id].save(attempt_of[trainee.id], q, r)[0] for q, r in right.items()]

    saved = run_together([lambda t=t: answer(t) for t in trainees])
    assert {status for statuses in saved for status in statuses} == {200}

    # The last second before the deadline: everybody presses submit at once.
    site.set_clock(start + timedelta(minutes=30) - timedelta(seconds=1))
    submitted = run_together([lambda t=t: apis[t.id].submit(attempt_of[t.id]) for t in trainees])
    for api in apis.values():
        api.close()
    assert [status for status, _body, _s in submitted] == [200] * TRAINEES
    assert {body["score"] for _s, body, _e in submitted} == {"3.00"}

    attempts = site.attempts(quiz.id)
    assert len(attempts) == TRAINEES  # one attempt each: nobody started twice
    assert all(a.state == "finished" and not a.auto_submitted for a in attempts)
    assert {a.submitted_at.replace(tzinfo=None) for a in attempts} == {
        (start + timedelta(minutes=30) - timedelta(seconds=1)).replace(tzinfo=None)
    }
    stored = site.responses(attempt_of.values())
    assert len(stored) == TRAINEES * len(right)
    assert all(stored[(attempt_of[t.id], q)] == r for t in trainees for q, r in right.items())

    p95_start = percentile([s for _st, _b, s in started], 0.95)
    p95_submit = percentile([s for _st, _b, s in submitted], 0.95)
    record_property("p95_start_seconds", round(p95_start, 3))
    record_property("p95_submit_seconds", round(p95_submit, 3))
    print(f"\nburst of {TRAINEES}: p95 start {p95_start:.2f} s, p95 submit {p95_submit:.2f} s")
