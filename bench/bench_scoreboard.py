"""Scoreboard for 2,000 trainees × 3 stages × 10 components on a scratch SQLite database:
board computation and page render time, and the number of SQL statements each issues."""

import random
import statistics
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import event, insert, select
from werkzeug.security import generate_password_hash

from app import create_app
from assessment import board_cache
from assessment.board import build_board
from assessment.models import Cohort, Component, Enrolment, Evaluation, KpiEntry, Stage
from core.extensions import db
from core.models import User, UserRole

TRAINEES = 2000
STAGES = 3
COMPONENTS = 10  # per stage: 5 evaluations, 5 KPIs
ROUNDS = 5
RUBRIC = {
    "criteria": [
        {
            "id": f"c{i}",
            "name": f"项{i}",
            "weight": "1",
            "levels": [{"id": f"l{j}", "label": str(j), "points": str(5 - j)} for j in range(1, 5)],
        }
        for i in range(1, 4)
    ]
}
KPI = {"mode": "linear", "worst": "0", "best": "10", "lower_is_better": False}


def build_data() -> int:
    rng = random.Random(1)
    password = generate_password_hash("bench-pass-2026")
    manager = User(username="bench.manager", display_name="经理", password_hash=password)
    manager.set_roles({"manager"})
    db.session.add(manager)
    cohort = Cohort(name="性能测试批次", start_date=date(2026, 1, 1), visibility="initials")
    cohort.managers = [manager]  # only a cohort's managers can open its board
    db.session.add(cohort)
    db.session.flush()
    db.session.execute(
        insert(User),
        [
            {
                "username": f"b{i:05d}",
                "display_name": f"学员{i:05d}",
                "password_hash": password,
                "branch": f"支行{i % 12}",
                "employee_number": f"B{i:05d}",
            }
            for i in range(TRAINEES)
        ],
    )
    ids = list(db.session.scalars(select(User.id).where(User.username.like("b0%"))))
    db.session.execute(insert(UserRole), [{"user_id": i, "role": "trainee"} for i in ids])
    db.session.execute(insert(Enrolment), [{"cohort_id": cohort.id, "user_id": i} for i in ids])
    evals, kpis = [], []
    for s in range(STAGES):
        stage = Stage(
            cohort_id=cohort.id,
            position=s + 1,
            name=f"阶段{s + 1}",
            starts_on=date(2026, 1 + 2 * s, 1),
            ends_on=date(2026, 2 + 2 * s, 28),
            weight=Decimal(1),
            rule={"bottom_k": 10, "tie_breakers": ["stage_score"]},
        )
        db.session.add(stage)
        db.session.flush()
        for c in range(COMPONENTS):
            kind = "evaluation" if c % 2 == 0 else "kpi"
            component = Component(
                stage_id=stage.id,
                position=c + 1,
                name=f"项目{c + 1}",
                kind=kind,
                weight=Decimal(1 + c % 3),
                config=RUBRIC if kind == "evaluation" else KPI,
            )
            db.session.add(component)
            db.session.flush()
            for uid in ids:
                if kind == "evaluation":
                    score = Decimal(rng.choice([25, 50, 75, 100]) + rng.randint(0, 4) * 5) / 1
                    evals.append(
                        {
                            "component_id": component.id,
                            "trainee_id": uid,
                            "evaluator_id": manager.id,
                            "levels": {"c1": "l1"},
                            "score": min(score, Decimal(100)),
                            "comment": "",
                        }
                    )
                else:
                    kpis.append(
                        {
                            "component_id": component.id,
                            "trainee_id": uid,
                            "month": f"2026-{2 + 2 * s:02d}",
                            "value": Decimal(rng.randint(0, 120)) / 10,
                        }
                    )
    db.session.execute(insert(Evaluation), evals)
    db.session.execute(insert(KpiEntry), kpis)
    db.session.commit()
    return cohort.id


class QueryCounter:
    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._hit)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._hit)

    def _hit(self, *_args):
        self.count += 1


def _summary(label: str, samples: list[float], queries: int) -> str:
    return (
        f"{label}: median {statistics.median(samples):.1f} ms, best {min(samples):.1f} ms "
        f"({ROUNDS} runs, {queries} SQL statements)"
    )


def _edit_one_evaluation(cohort_id: int, step: int) -> None:
    """Change one trainee's evaluation score (as saving a sheet does): a new cohort revision."""
    evaluation = db.session.scalars(
        select(Evaluation)
        .join(Component, Component.id == Evaluation.component_id)
        .join(Stage, Stage.id == Component.stage_id)
        .where(Stage.cohort_id == cohort_id)
        .order_by(Evaluation.id)
        .limit(1)
        .offset(step * 7)
    ).one()
    evaluation.score = Decimal(50 if evaluation.score != 50 else 75)
    db.session.commit()


def _time_board(cohort_id: int, prepare) -> tuple[list[float], int]:
    samples, queries = [], 0
    for step in range(ROUNDS):
        prepare(step)
        db.session.expire_all()
        with QueryCounter(db.engine) as counter:
            start = time.perf_counter()
            board = build_board(db.session.get(Cohort, cohort_id))
            samples.append((time.perf_counter() - start) * 1000)
        queries = counter.count
        assert len(board.rows) == TRAINEES
    return samples, queries


def run() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'bench.db'}"})
        with app.app_context():
            upgrade(revision="heads")
            cohort_id = build_data()
            build_board(db.session.get(Cohort, cohort_id))
            cases = (
                ("cold: nothing cached", lambda _step: board_cache.clear()),
                ("one evaluation changed", lambda step: _edit_one_evaluation(cohort_id, step)),
                ("warm: rows from the cache", lambda _step: None),
            )
            lines = []
            for label, prepare in cases:
                samples, queries = _time_board(cohort_id, prepare)
                lines.append(
                    _summary(f"board {TRAINEES}×{STAGES}×{COMPONENTS}, {label}", samples, queries)
                )
            engine = db.engine
        client = app.test_client()
        client.post("/login", data={"username": "bench.manager", "password": "bench-pass-2026"})

        def edit(step):
            with app.app_context():
                _edit_one_evaluation(cohort_id, 10 + step)

        cases = (
            ("cold: nothing cached", lambda _step: board_cache.clear()),
            ("one evaluation changed", edit),
            ("warm", lambda _step: None),
        )
        for label, prepare in cases:
            samples = []
            for step in range(ROUNDS):
                prepare(step)
                with QueryCounter(engine) as counter:
                    start = time.perf_counter()
                    response = client.get(f"/cohorts/{cohort_id}")
                    samples.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, response.status_code
            lines.append(
                _summary(f"GET board page, {label} (100 rows shown)", samples, counter.count)
            )
        return lines


if __name__ == "__main__":
    for line in run():
        print(line)
