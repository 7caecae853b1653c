"""Questions as the trainee sees them (never the answers), and reviews per the review options.

One shape serves the take page, the JSON API and the review page, so the browser and scripts see
the same thing. Choice indices are always indices into the spec (docs/question-spec.md), listed
in the attempt's shuffled display order.
"""

from datetime import datetime

from core.clock import as_utc
from core.markdown import render_markdown
from quizzes.grading import feedback_for, right_answer_summary
from quizzes.importing.parsing import format_decimal
from quizzes.models import Attempt, AttemptItem, Quiz
from quizzes.taking.services import quiz_window

TYPE_LABELS = {
    "single": "单选题",
    "multi": "多选题",
    "truefalse": "判断题",
    "shortanswer": "填空题",
    "numerical": "计算题",
    "matching": "匹配题",
    "ordering": "排序题",
    "essay": "问答题",
    "description": "说明",
}


def _ordered(order: list[int] | None, size: int) -> list[int]:
    if order and sorted(order) == list(range(size)):
        return list(order)
    return list(range(size))  # the question was edited since: fall back to the spec's order


def present_item(item: AttemptItem) -> dict:
    """The question of one attempt item, without any right answer or feedback."""
    spec = item.spec
    qtype = spec.get("type")
    data = {
        "question_id": item.question_id,
        "position": item.position,
        "type": qtype,
        "type_label": TYPE_LABELS.get(qtype, qtype),
        "name": spec.get("name", ""),
        "text": spec.get("text", ""),
        "text_html": str(render_markdown(spec.get("text", ""))),
        "max_mark": format_decimal(item.max_mark),
        "response": item.response,
    }
    if qtype in ("single", "multi"):
        choices = spec.get("choices") or []
        data["choices"] = [
            {"index": i, "text": choices[i].get("text", "")}
            for i in _ordered(item.choice_order, len(choices))
        ]
    elif qtype == "matching":
        pairs = spec.get("pairs") or []
        data["stems"] = [
            {"index": i, "text": p.get("left", "")}
            for i, p in enumerate(pairs)
            if str(p.get("left", "")).strip()
        ]
        options: list[str] = []
        for i in _ordered(item.choice_order, len(pairs)):
            right = pairs[i].get("right", "")
            if right and right not in options:
                options.append(right)
        data["options"] = options
    elif qtype == "ordering":
        items = spec.get("items") or []
        order = item.response if isinstance(item.response, list) else item.choice_order
        data["items"] = [{"index": i, "text": items[i]} for i in _ordered(order, len(items))]
    elif qtype == "essay":
        data["response_template"] = spec.get("response_template", "")
    return data


def present_attempt(attempt: Attempt) -> dict:
    """Attempt header and questions in display order, for the API and the take page."""
    return {
        "attempt_id": attempt.id,
        "quiz_id": attempt.quiz_id,
        "number": attempt.number,
        "state": attempt.state,
        "started_at": as_utc(attempt.started_at).isoformat(),
        "deadline": attempt.deadline_iso,
        "questions": [present_item(item) for item in attempt.items],
    }


def _visible(when: str, quiz: Quiz, attempt: Attempt, now: datetime) -> bool:
    if not attempt.finished or when == "never":
        return False
    if when == "after_close":
        return quiz.close_at is not None and quiz_window(quiz, now) == "closed"
    return True


def review_options(attempt: Attempt, now: datetime) -> dict[str, bool]:
    """What the trainee may see of a finished attempt now: score, answers, feedback."""
    quiz = attempt.quiz
    return {
        "score": _visible(quiz.review_score, quiz, attempt, now),
        "answers": _visible(quiz.review_answers, quiz, attempt, now),
        "feedback": _visible(quiz.review_feedback, quiz, attempt, now),
    }


def review_item(item: AttemptItem, show: dict[str, bool]) -> dict:
    """One item of a review: the question, the response and what the options allow."""
    data = present_item(item)
    spec = item.spec
    if show.get("score"):
        data["awarded"] = None if item.awarded is None else str(item.awarded)
        data["needs_grading"] = item.needs_grading
        data["fraction"] = None if item.fraction is None else float(item.fraction)
    if show.get("answers"):
        data["right_answer"] = right_answer_summary(spec)
    if show.get("feedback"):
        data["feedback"] = feedback_for(spec, item.response)
        data["general_feedback"] = spec.get("general_feedback", "")
        data["grader_comment"] = item.grader_comment
    return data


def response_text(item: AttemptItem) -> str:
    """The trainee's response in words, for reviews and the grading queue."""
    spec, response = item.spec, item.response
    if response is None or response == "" or response == []:
        return "（未作答）"
    qtype = spec.get("type")
    if qtype in ("single", "multi"):
        choices = spec.get("choices") or []
        indices = response if isinstance(response, list) else [response]
        return "、".join(choices[i].get("text", "") for i in indices if 0 <= i < len(choices))
    if qtype == "truefalse":
        return "正确" if response else "错误"
    if qtype == "matching":
        pairs = spec.get("pairs") or []
        return "；".join(
            f"{pairs[int(k)].get('left', '')} → {v}"
            for k, v in sorted(response.items(), key=lambda kv: int(kv[0]))
            if int(k) < len(pairs)
        )
    if qtype == "ordering":
        items = spec.get("items") or []
        return " → ".join(items[i] for i in response if 0 <= i < len(items))
    return str(response)
