"""Demo content of the quizzes area (idempotent; `flask --app app demo load` runs both loaders).

Question bank (loader order 30): the shipped questions in quizzes/content/, imported once.

Quizzes (loader order 40, after the bank): one module quiz per module, with attempts.
Each module quiz draws 10 random questions from `贷后学堂/<module-slug>`, pass mark 60 %,
2 attempts, 20 minutes. Eight extra demo trainees (demo.trainee01..08) take three of them so
the statistics pages show real numbers. Idempotent: quizzes are found by `source_key`, and a
quiz that already has demo attempts gets no more.
"""

import math
import random
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from core.clock import now_utc
from core.demo import DEMO_PASSWORD
from core.extensions import db
from core.models import User
from courses.results import module_titles
from quizzes.importing.gift import parse_gift
from quizzes.importing.services import import_questions, read_ordering_yaml
from quizzes.models import Attempt, Question, QuestionCategory, Quiz, QuizSlot
from quizzes.question_types import question_type
from quizzes.taking import services as attempt_services

CONTENT_DIR = Path(__file__).resolve().parent / "content"
SOURCE_PREFIX = "content:"
DEMO_NOTE = "随演示数据导入"  # content: the change note of the shipped questions' first version


def load_question_bank() -> str:
    """Import quizzes/content/*.gift and ordering.yaml once; questions already there are kept."""
    added = 0
    for path in sorted(CONTENT_DIR.glob("*.gift")):
        result = parse_gift(path.read_text(encoding="utf-8"))
        added += len(import_questions(result, source_prefix=SOURCE_PREFIX, note=DEMO_NOTE))
    ordering = read_ordering_yaml((CONTENT_DIR / "ordering.yaml").read_text(encoding="utf-8"))
    added += len(import_questions(ordering, source_prefix=SOURCE_PREFIX, note=DEMO_NOTE))
    total = db.session.scalar(
        select(func.count(Question.id)).where(Question.source_key.startswith(SOURCE_PREFIX))
    )
    return f"{added} questions added, {total} shipped questions in the bank"


# --- demo quizzes and attempts ------------------------------------------------------------

ROOT = "贷后学堂"
DEMO_TRAINEES = [f"demo.trainee{n:02d}" for n in range(1, 9)]
# How likely each demo trainee answers right: a spread, so discrimination has something to find.
ABILITY = [0.95, 0.85, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3]
QUIZZES_WITH_ATTEMPTS = ("intro", "regulation", "routine-actions")


def _module_quiz(slug: str, category: QuestionCategory) -> tuple[Quiz, bool]:
    key = f"demo:module:{slug}"
    quiz = db.session.scalar(select(Quiz).where(Quiz.source_key == key))
    if quiz is not None:
        return quiz, False
    quiz = Quiz(
        title=f"模块测验：{module_titles().get(slug, slug)}",
        description="本测验从本模块题库中随机抽取 10 道题，限时 20 分钟，60 分及格，可作答 2 次，取最高分。"
        "答案会自动保存，断网或关闭页面后回来可以继续作答。",
        module_slug=slug,
        source_key=key,
        time_limit_minutes=20,
        grace_seconds=60,
        attempts_allowed=2,
        grading_method="highest",
        pass_mark=Decimal(60),
        questions_per_page=5,
    )
    quiz.slots = [QuizSlot(position=n, category_id=category.id) for n in range(1, 11)]
    db.session.add(quiz)
    db.session.flush()
    return quiz, True


def _demo_trainees() -> list[User]:
    users = []
    for number, username in enumerate(DEMO_TRAINEES, start=1):
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            user = User(username=username, display_name=f"演示学员{number:02d}")
            user.set_password(DEMO_PASSWORD)
            user.set_roles({"trainee"})
            db.session.add(user)
        users.append(user)
    db.session.flush()
    return users


def _response(spec: dict, right: bool):
    """What a demo trainee answers: full marks, or nothing (None: the question is skipped)."""
    qtype = question_type(spec)
    return qtype.right_response(spec) if right else qtype.wrong_response(spec)


def _take(quiz: Quiz, user: User, ability: float, rng: random.Random, days_ago: int) -> None:
    started = now_utc() - timedelta(days=days_ago, minutes=rng.randint(0, 600))
    attempt = attempt_services.start_attempt(quiz, user, started, rng)
    for item in attempt.items:
        correct = rng.random() < ability
        response = _response(item.spec, correct)
        if response is not None:
            attempt_services.save_answer(attempt, item.question_id, response, started)
    finish = started + timedelta(minutes=rng.randint(6, 18))
    attempt_services.submit_attempt(attempt, finish)


ESSAY_ANSWERS = [
    "先核实信号是否属实：调取近三个月流水，比对纳税和水电数据，再上门看经营现场，"
    "确认后按预警流程上报，并与客户约定整改时间。",
    "应当立即上门核实，同时查询征信和涉诉信息，判断是否需要提高检查频率或追加担保。",
    "打电话问客户，客户说没问题就继续观察。",
]


def _practice_quiz(category: QuestionCategory) -> tuple[Quiz, bool]:
    """A fixed practice quiz ending with an essay, so the grading queue has real answers."""
    key = "demo:practice:warning-signals"
    quiz = db.session.scalar(select(Quiz).where(Quiz.source_key == key))
    if quiz is not None:
        return quiz, False
    questions = db.session.scalars(
        select(Question).where(Question.category_id == category.id).order_by(Question.id)
    ).all()
    chosen = [q for q in questions if q.type in ("single", "truefalse")][:4]
    chosen += [q for q in questions if q.type == "essay"][:1]
    quiz = Quiz(
        title="综合练习：预警信号识别（含问答题）",
        description="四道客观题加一道问答题。问答题由培训师批改，批改后显示总分。",
        source_key=key,
        attempts_allowed=0,
        grading_method="last",
        pass_mark=Decimal(60),
        shuffle_questions=False,
        review_answers="after_submit",
    )
    quiz.slots = [
        QuizSlot(position=n, question_id=q.id, mark=Decimal(4 if q.type == "essay" else 1))
        for n, q in enumerate(chosen, start=1)
    ]
    db.session.add(quiz)
    db.session.flush()
    return quiz, True


def _take_practice(quiz: Quiz, trainees: list[User], rng: random.Random) -> int:
    if db.session.scalar(select(Attempt.id).where(Attempt.quiz_id == quiz.id).limit(1)):
        return 0
    for user, essay in zip(trainees, ESSAY_ANSWERS, strict=False):
        started = now_utc() - timedelta(days=1, minutes=rng.randint(0, 300))
        attempt = attempt_services.start_attempt(quiz, user, started, rng)
        for item in attempt.items:
            is_essay = item.spec.get("type") == "essay"
            response = essay if is_essay else _response(item.spec, right=True)
            attempt_services.save_answer(attempt, item.question_id, response, started)
        attempt_services.submit_attempt(attempt, started + timedelta(minutes=12))
    return min(len(trainees), len(ESSAY_ANSWERS))


def load_demo_quizzes() -> str:
    """Create the module quizzes and demo attempts that are missing."""
    created, attempts = 0, 0
    quizzes = {}
    for slug in module_titles():
        category = db.session.scalar(
            select(QuestionCategory).where(QuestionCategory.path == f"{ROOT}/{slug}")
        )
        if category is None:
            continue  # the bank was not loaded: nothing to draw from
        quizzes[slug], is_new = _module_quiz(slug, category)
        created += is_new
    trainees = _demo_trainees() if quizzes else []
    rng = random.Random(2026)
    for slug in QUIZZES_WITH_ATTEMPTS:
        quiz = quizzes.get(slug)
        if quiz is None or db.session.scalar(
            select(Attempt.id).where(Attempt.quiz_id == quiz.id).limit(1)
        ):
            continue
        for user, ability in zip(trainees, ABILITY, strict=True):
            _take(quiz, user, ability, rng, days_ago=rng.randint(2, 9))
            attempts += 1
    category = db.session.scalar(
        select(QuestionCategory).where(QuestionCategory.path == f"{ROOT}/warning-signals")
    )
    if category is not None and trainees:
        practice, is_new = _practice_quiz(category)
        created += is_new
        attempts += _take_practice(practice, trainees, rng)
    db.session.flush()
    return f"{created} demo quizzes created, {attempts} demo attempts added"


LENDING_QUIZ_KEY = "demo:cohort:lending-stage"


def load_lending_quiz(takers: list[tuple[User, float]], rng: random.Random) -> int | None:
    """The quiz of the assessment demo's lending stage: six fixed questions of the bank, taken
    once by each (trainee, ability). The sixth is answered right by the weaker trainees and
    wrong by the stronger ones, so the item analysis flags it (negative discrimination) and the
    elimination page offers the what-if of voiding it. Idempotent; None without a bank."""
    quiz = db.session.scalar(select(Quiz).where(Quiz.source_key == LENDING_QUIZ_KEY))
    if quiz is not None:
        return quiz.id
    questions = db.session.scalars(
        select(Question)
        .where(Question.source_key.startswith(SOURCE_PREFIX), Question.type == "single")
        .order_by(Question.id)
        .limit(6)
    ).all()
    if len(questions) < 6:
        return None
    quiz = Quiz(
        title="放款阶段测验：授信审查要点",
        description="六道单选题，一次作答，计入放款阶段成绩。",
        source_key=LENDING_QUIZ_KEY,
        attempts_allowed=1,
        grading_method="first",
        pass_mark=Decimal(60),
        shuffle_questions=False,
        published=True,
    )
    quiz.slots = [
        QuizSlot(position=n, question_id=q.id, mark=Decimal(1))
        for n, q in enumerate(questions, start=1)
    ]
    db.session.add(quiz)
    db.session.flush()
    for user, ability in takers:
        started = now_utc() - timedelta(days=40, minutes=rng.randint(0, 600))
        attempt = attempt_services.start_attempt(quiz, user, started, rng)
        for position, item in enumerate(attempt.items):
            if position < 5:
                right = rng.random() < 1 / (1 + math.exp(-(1.6 * ability + 0.4)))
            else:  # the flawed question: its key rewards a misreading the weaker make
                right = ability < -0.1
            response = _response(item.spec, right)
            if response is not None:
                attempt_services.save_answer(attempt, item.question_id, response, started)
        attempt_services.submit_attempt(attempt, started + timedelta(minutes=9))
    return quiz.id
