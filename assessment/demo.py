"""Demo: a finished cohort of 40 trainees across three stages with two confirmed eliminations
and one override, so the demo manager sees a full board on first login. Idempotent."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from assessment import agreement, decisions, score_entries, services
from assessment.board import build_board
from assessment.models import Cohort
from assessment.specs import RuleInput
from core.demo import DEMO_PASSWORD
from core.extensions import db
from core.models import User
from quizzes.demo import load_lending_quiz
from simulator.results import scenario_id_for

KEY = "demo-2026-spring"
DRILL_SCENARIO = "calm-portfolio"  # the practical-drill stage's simulator scenario
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["思远", "雨桐", "浩然", "子涵", "嘉怡", "明轩", "晓婷", "俊杰", "欣然", "宇航"]
BRANCHES = ["城东支行", "城西支行", "开发区支行", "某县支行", "营业部"]
RUBRIC_CLASS = "学习态度 | 1 | 优:4, 良:3, 中:2, 差:1\n案例讨论 | 2 | 优:4, 良:3, 中:2, 差:1"
RUBRIC_DRILL = (
    "贷前调查规范 | 2 | 优:4, 良:3, 中:2, 差:1\n"
    "交叉检验 | 2 | 优:4, 良:3, 中:2, 差:1\n"
    "沟通与礼仪 | 1 | 优:4, 良:3, 中:2, 差:1"
)
# The monthly review scores what the source lists (loans made and amounts as KPIs, committee
# presentations, post-loan management, client relations) plus business analysis.
RUBRIC_MONTHLY = (
    "贷审会汇报 | 2 | 优:4, 良:3, 中:2, 差:1\n"
    "贷后管理 | 2 | 优:4, 良:3, 中:2, 差:1\n"
    "客户关系 | 1 | 优:4, 良:3, 中:2, 差:1\n"
    "业务分析 | 1 | 优:4, 良:3, 中:2, 差:1"
)


def _user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username))


def _trainee(number: int) -> User:
    username = f"cohort.t{number:02d}"
    user = _user(username)
    if user is None:
        user = User(
            username=username,
            display_name=SURNAMES[number % 20] + GIVEN[(number * 3 + number // 20) % 10],
            employee_number=f"D26{number:03d}",
            branch=BRANCHES[number % 5],
        )
        user.set_password(DEMO_PASSWORD)
        user.set_roles({"trainee"})
        db.session.add(user)
    return user


def load_demo_trainees() -> str:
    """The cohort's trainee accounts, loaded before the other areas' demo data so that they can
    give these trainees work (the simulator's practice runs) before the board is decided."""
    created = sum(_user(f"cohort.t{n:02d}") is None for n in range(1, 41))
    for number in range(1, 41):
        _trainee(number)
    db.session.flush()
    return f"{created} cohort trainees created" if created else "cohort trainees already present"


def _trainees(rng: random.Random) -> list[tuple[User, float]]:
    people = [(_trainee(number), rng.gauss(0.0, 1.0)) for number in range(1, 41)]
    db.session.flush()
    return people


def _stage(cohort, name, starts, ends, weight, rule=None):
    rule = dict(rule or {})
    rule["tie_breakers"] = tuple(rule.get("tie_breakers", ()))
    typed = services.StageInput(
        name,
        date.fromisoformat(starts),
        date.fromisoformat(ends),
        Decimal(weight),
        RuleInput(**rule),
    )
    return services.save_stage(cohort, None, typed)


def _component(stage, name, kind, weight, **fields):
    fields["kpi_lower"] = bool(fields.get("kpi_lower"))
    typed = services.ComponentInput(name=name, kind=kind, weight=Decimal(weight), **fields)
    return services.add_component(stage, typed)


def _levels(component, ability: float, rng: random.Random, bias=0.0, noise=0.5) -> dict:
    sheet = {}
    for criterion in component.config["criteria"]:
        value = 2.6 + ability * 0.8 + bias + rng.gauss(0, noise)
        index = max(0, min(3, 4 - round(value)))  # l1 = 优 … l4 = 差
        sheet[criterion["id"]] = criterion["levels"][index]["id"]
    return sheet


def _kpi(component, people, rng, months, center, spread, lower=False):
    for month in months:
        values = {}
        for user, ability in people:
            value = center + (-ability if lower else ability) * spread + rng.gauss(0, spread / 2)
            values[user.id] = str(round(max(0.0, value), 2))
        score_entries.save_kpis(component, month, values, _user("manager"))


def load_demo() -> str:
    existing = db.session.scalar(select(Cohort).where(Cohort.source_key == KEY))
    if existing is not None:
        # Only a cohort's managers can open it: keep the demo manager among them.
        manager = _user("manager")
        if manager is not None and manager not in existing.managers:
            existing.managers.append(manager)
            db.session.flush()
            return "cohort already present; demo manager added to its managers"
        return "cohort already present"
    rng = random.Random(2026)
    manager, trainer = _user("manager"), _user("trainer")
    people = _trainees(rng)
    cohort = services.save_cohort(
        None, "2026年春季新员工培训班", date(2026, 3, 2), "initials", [manager], by=manager
    )
    cohort.source_key = KEY
    for user, _ability in people:
        services.enrol(cohort, name=user.display_name, employee_number=user.username)
    db.session.flush()

    s1 = _stage(cohort, "课堂培训", "2026-03-02", "2026-03-31", "0.3", {"below_score": "50"})
    s2 = _stage(
        cohort,
        "实战演练",
        "2026-04-01",
        "2026-06-30",
        "0.3",
        {
            "below_score": "60",
            "bottom_percent": "10",
            "min_remaining": "30",
            "tie_breakers": ["stage_score", "evaluation"],
        },
    )
    s3 = _stage(
        cohort,
        "放款阶段",
        "2026-07-01",
        "2026-10-31",
        "0.4",
        {"bottom_k": "3", "min_remaining": "25", "tie_breakers": ["stage_score"]},
    )
    exam = _component(
        s1, "结业考试", "kpi", "3", kpi_mode="linear", kpi_worst="0", kpi_best="100", kpi_unit="分"
    )
    classroom = _component(s1, "课堂表现", "evaluation", "1", rubric=RUBRIC_CLASS)
    drill = _component(s2, "演练行为评估", "evaluation", "2", rubric=RUBRIC_DRILL)
    scenario_id = scenario_id_for(DRILL_SCENARIO)
    if scenario_id is not None:  # the simulator's demo runs were played for these trainees
        _component(s2, "贷后实战演练", "simulator", "1", ref_id=scenario_id, policy="best")
    leads = _component(
        s2,
        "新增有效客户",
        "kpi",
        "1",
        kpi_mode="linear",
        kpi_worst="0",
        kpi_best="10",
        kpi_unit="户",
    )
    loans = _component(
        s3, "月放款笔数", "kpi", "2", kpi_mode="linear", kpi_worst="0", kpi_best="8", kpi_unit="笔"
    )
    amounts = _component(
        s3,
        "月放款金额",
        "kpi",
        "2",
        kpi_mode="linear",
        kpi_worst="0",
        kpi_best="60",
        kpi_unit="万元",
    )
    overdue = _component(
        s3,
        "逾期率",
        "kpi",
        "1",
        kpi_mode="bands",
        kpi_bands="0:100, 1:85, 2:70, 3:50, 5:20",
        kpi_lower="1",
        kpi_unit="%",
    )
    monthly = _component(s3, "月度考评", "evaluation", "2", rubric=RUBRIC_MONTHLY)
    # A quiz with a flawed question (the what-if of voiding it is on the elimination page).
    quiz_id = load_lending_quiz(people, rng)
    if quiz_id is not None:
        _component(s3, "放款阶段测验", "quiz", "1", ref_id=quiz_id)

    scores = {
        user.id: str(round(min(100, max(30, 76 + a * 11 + rng.gauss(0, 5))))) for user, a in people
    }
    score_entries.save_kpis(exam, "2026-03", scores, manager)
    score_entries.save_evaluations(
        classroom, trainer, {u.id: _levels(classroom, a, rng) for u, a in people}
    )
    # The trainer scores the drill more leniently and less consistently than the manager: the
    # evaluator agreement page shows the pair's poor agreement.
    score_entries.save_evaluations(
        drill, manager, {u.id: _levels(drill, a, rng) for u, a in people}
    )
    score_entries.save_evaluations(
        drill, trainer, {u.id: _levels(drill, a, rng, bias=0.6, noise=1.8) for u, a in people}
    )
    _kpi(leads, people, rng, ["2026-04", "2026-05", "2026-06"], 6, 2.5)
    _confirm(cohort, s1, manager)
    for flagged in agreement.component_agreement(drill).unresolved:
        agreement.resolve(
            drill, flagged.trainee_id, "组长复核演练录像后确认以两位考评人的平均分为准", manager
        )
    _confirm(cohort, s2, manager)
    cut = [r for r in build_board(cohort).rows if r.eliminated_stage_id == s2.id]
    if cut:
        decisions.override(
            build_board(cohort),
            s2,
            manager,
            cut[-1].user_id,
            "keep",
            "演练期间因病缺勤两周,支行出具证明,经培训领导小组同意保留观察一个月",
        )
    alive = {r.user_id for r in build_board(cohort).rows if r.eliminated_stage_id is None}
    people3 = [(u, a) for u, a in people if u.id in alive]
    months = ["2026-07", "2026-08", "2026-09", "2026-10"]
    _kpi(loans, people3, rng, months, 5, 1.6)
    _kpi(overdue, people3, rng, months, 1.5, 0.9, lower=True)
    sheets = {u.id: _levels(monthly, a, rng, 0.1) for u, a in people3}
    score_entries.save_evaluations(monthly, manager, sheets)
    # The two agree on everyone but one trainee, whom they see at opposite ends: a flagged
    # disagreement that a moderation note must resolve before the lending stage is decided.
    apart = people3[len(people3) // 2][0].id
    levels = {c["id"]: [lv["id"] for lv in c["levels"]] for c in monthly.config["criteria"]}
    opposite = {
        cid: ids[0] if sheets[apart][cid] in ids[2:] else ids[-1] for cid, ids in levels.items()
    }
    score_entries.save_evaluations(monthly, trainer, {**sheets, apart: opposite})
    _kpi(amounts, people3, rng, months, 38, 11)
    db.session.flush()
    return f"cohort {cohort.name}: 40 trainees, 3 stages, {len(alive)} still in the race"


def _confirm(cohort, stage, manager) -> None:
    """Confirm as previewed, with a note for everyone within measurement error of the line."""
    board = build_board(cohort)
    preview = decisions.preview(board, stage)
    band = decisions.band_for(board, stage, preview)
    notes = {
        m.trainee_id: "分差在测量误差之内:已复核两位考评人的评分表和原始业绩数据,维持按规则处理"
        for m in band.members
    }
    decisions.confirm(board, stage, manager, decisions.preview_token(preview), notes)
