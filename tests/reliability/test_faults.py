"""Faults during a quiz, against the real server (issue 11, reliability): two tabs, a double-clicked
submit, a server restart, a deadline passing mid-save, and the database going away and coming back.
Whatever happens, no answer the server acknowledged is lost and nothing answers 500."""

import threading
import time
from datetime import timedelta

from core.clock import now_utc
from tests.reliability.helpers import run_together
from tests.reliability.outage import database_away, signed_in_browser


def _started(site, quiz):
    [trainee] = site.trainees(1)
    status, body, _ = site.api(trainee.token).start(quiz.id)
    assert status == 201, body
    return trainee, body["attempt_id"]


def test_two_tabs_of_one_attempt_saving_at_once_keep_every_acknowledged_answer(site):
    quiz = site.quiz(types=["single", "single", "truefalse", "numerical"])
    trainee, attempt_id = _started(site, quiz)
    shared, first_own, second_own, third_own = quiz.question_ids
    acknowledged: dict[int, list] = {q: [] for q in quiz.question_ids}
    statuses = []

    def tab(own, values):
        api = site.api(trainee.token)
        for number in range(15):
            for question, value in ((own, values(number)), (shared, number % 3)):
                status, body, _ = api.save(attempt_id, question, value)
                statuses.append(status)
                if status == 200:
                    acknowledged[question].append(body["response"])

    run_together(
        [
            lambda: tab(first_own, lambda n: n % 3),
            lambda: tab(second_own, lambda n: n % 2 == 0),
        ]
    )
    assert set(statuses) == {200}
    stored = site.responses([attempt_id])
    assert stored[(attempt_id, first_own)] == acknowledged[first_own][-1]
    assert stored[(attempt_id, second_own)] == acknowledged[second_own][-1]
    assert stored[(attempt_id, shared)] in acknowledged[shared]
    assert stored[(attempt_id, third_own)] is None
    _status, shown, _ = site.api(trainee.token).show(attempt_id)
    assert {q["question_id"]: q["response"] for q in shown["questions"]} == {
        question: stored[(attempt_id, question)] for question in quiz.question_ids
    }


def test_a_double_clicked_submit_finishes_the_attempt_once(site):
    quiz = site.quiz()
    trainee, attempt_id = _started(site, quiz)
    api = site.api(trainee.token)
    for question, response in quiz.right_answers().items():
        assert api.save(attempt_id, question, response)[0] == 200
    clicks = run_together([lambda: site.api(trainee.token).submit(attempt_id)] * 2)
    assert [status for status, _b, _s in clicks] == [200, 200]
    assert clicks[0][1] == clicks[1][1] and clicks[0][1]["score"] == "4.00"
    [attempt] = site.attempts(quiz.id)
    assert attempt.state == "finished" and attempt.total == 4
    status, later, _ = api.submit(attempt_id)  # a third click, later: the same result
    assert status == 200 and later == clicks[0][1]
    assert site.attempts(quiz.id)[0].submitted_at == attempt.submitted_at


def test_a_server_restart_mid_attempt_loses_no_acknowledged_answer(site):
    quiz = site.quiz(types=["single", "truefalse", "numerical", "single"])
    trainee, attempt_id = _started(site, quiz)
    acknowledged: dict[int, object] = {}
    problems: list[str] = []
    saving, restarted = threading.Event(), threading.Event()
    saved_after_restart = []

    def keep_saving():
        api = site.api(trainee.token)
        number = 0
        # Save until 40 saves after the restart were acknowledged (bounded: 60 s).
        give_up = time.monotonic() + 60
        while len(saved_after_restart) < 40 and time.monotonic() < give_up:
            position = number % 4
            question = quiz.question_ids[position]
            value = [number % 3, number % 2 == 0, str(number), number % 3][position]
            number += 1
            try:
                status, body, _ = api.save(attempt_id, question, value)
            except OSError:
                restarted.wait(0.05)  # refused while the server is down: not acknowledged
                continue
            if status == 200:
                acknowledged[question] = body["response"]
                if len(acknowledged) == 4:
                    saving.set()
                if restarted.is_set():
                    saved_after_restart.append(question)
            else:
                problems.append(f"{status} {str(body)[:100]}")

    saver = threading.Thread(target=keep_saving)
    saver.start()
    assert saving.wait(timeout=30)
    site.server.restart()
    restarted.set()
    saver.join(timeout=120)
    assert problems == []
    stored = site.responses([attempt_id])
    assert {q: stored[(attempt_id, q)] for q in quiz.question_ids} == {
        q: acknowledged[q] for q in quiz.question_ids
    }
    status, result, _ = site.api(trainee.token).submit(attempt_id)
    assert status == 200 and result["state"] == "finished"


def test_a_deadline_passing_mid_save_keeps_what_was_acknowledged_and_refuses_the_rest(site):
    start = now_utc().replace(microsecond=0)
    site.set_clock(start)
    quiz = site.quiz(types=["single", "truefalse"], time_limit_minutes=10, grace_seconds=60)
    trainee, attempt_id = _started(site, quiz)
    single, truefalse = quiz.question_ids
    last_acknowledged: dict[int, object] = {}
    after_deadline: list[int] = []
    statuses: list[int] = []
    enough_saved, deadline_passed = threading.Event(), threading.Event()

    def tab(question, value_for):
        api = site.api(trainee.token)
        for number in range(60):
            passed = deadline_passed.is_set()
            status, body, _ = api.save(attempt_id, question, value_for(number))
            statuses.append(status)
            if status == 200:
                last_acknowledged[question] = body["response"]
            if passed:
                after_deadline.append(status)
            if len(statuses) >= 20:
                enough_saved.set()

    def move_clock():
        enough_saved.wait(timeout=60)
        site.set_clock(start + timedelta(minutes=11, seconds=1))  # past deadline + grace
        deadline_passed.set()

    run_together(
        [
            lambda: tab(single, lambda n: n % 3),
            lambda: tab(truefalse, lambda n: n % 2 == 0),
            move_clock,
        ]
    )
    assert set(statuses) <= {200, 409} and 200 in statuses and 409 in statuses
    assert after_deadline and set(after_deadline) == {409}
    [attempt] = site.attempts(quiz.id)
    assert attempt.state == "finished" and attempt.auto_submitted
    stored = site.responses([attempt_id])
    assert stored[(attempt_id, single)] == last_acknowledged[single]
    assert stored[(attempt_id, truefalse)] == last_acknowledged[truefalse]
    right = (last_acknowledged[single] == 0) + (last_acknowledged[truefalse] is True)
    assert attempt.total == right


def test_the_database_going_away_answers_503_and_recovers_without_a_restart(site):
    quiz = site.quiz(types=["single", "truefalse"])
    trainee, attempt_id = _started(site, quiz)
    first, second = quiz.question_ids
    api = site.api(trainee.token)
    assert api.save(attempt_id, first, 0)[0] == 200
    browser = signed_in_browser(site, trainee.username)
    assert browser.get("/")[0] == 200

    with database_away(site):
        outage = run_together(
            [
                lambda: browser.get("/"),
                lambda: site.api(trainee.token).save(attempt_id, second, True),
            ]
        )
    (page_status, page), (api_status, api_body, _) = outage
    assert page_status == 503 and "暂时无法连接数据库" in page and "<html" in page
    assert api_status == 503 and api_body["status"] == 503
    assert "暂时无法连接数据库" in api_body["message"]

    stored = site.responses([attempt_id])
    assert stored[(attempt_id, first)] == 0  # acknowledged before: kept
    assert stored[(attempt_id, second)] is None  # refused during the outage: nothing written
    # Back without restarting the server: the same save and the same page work again.
    assert api.save(attempt_id, second, True)[0] == 200
    assert browser.get("/")[0] == 200
    assert site.responses([attempt_id])[(attempt_id, second)] is True
