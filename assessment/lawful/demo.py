"""The demo cohort's lawful side: contracts, hiring conditions acknowledged on the first day,
and the first two decisions with their bases, recorded on the days they happened.

- Classroom stage: the weakest trainee is not confirmed after probation, on an unmet hiring
  condition (evidence dated 2026-03-31, inside probation to 2026-09-01); others cut leave for
  a previous post (调岗).
- Drill stage: one trainee had an improvement plan (training assigned in May, re-assessed at the
  end of June, still short) that ended in reassignment.
- Lending stage: left unconfirmed; its rule only ranks (bottom 3), so the preview refuses any
  termination for the bottom-ranked trainees and cites Guiding Case No. 18.
"""

from __future__ import annotations

from datetime import date, datetime

from assessment import decisions
from assessment.board import build_board
from assessment.lawful import confirming, hiring_conditions, improvement_plans, outcomes, terms
from assessment.lawful.confirming import Choice
from assessment.models import Cohort, Stage
from core.clock import LOCAL_TZ

CONDITIONS = (
    "课堂培训阶段综合分不低于 60 分 | 课堂培训 | 60\n"
    "结业考试成绩不低于 60 分 | 结业考试 | 60\n"
    "实战演练阶段综合分不低于 60 分 | 实战演练 | 60"
)
HIRED = date(2026, 3, 2)


def _at(day: str, hour: int = 10) -> datetime:
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), LOCAL_TZ).replace(
        hour=hour
    )


def prepare(cohort: Cohort, manager) -> None:
    """Outcomes, three-year contracts (probation to 2026-09-01, before the schedule ends, so the
    labour page warns), the hiring conditions and everyone's acknowledgement on day one."""
    outcomes.set_outcomes(cohort, list(outcomes.OUTCOMES))
    for enrolment in cohort.enrolments:
        terms.set_terms(enrolment, HIRED, 36, 6)
    version = hiring_conditions.publish(cohort, CONDITIONS, manager, at=_at("2026-03-02", 9))
    for enrolment in cohort.enrolments:
        hiring_conditions.acknowledge(version, enrolment.user, True, at=_at("2026-03-02", 11))


def _token(cohort: Cohort, stage: Stage):
    board = build_board(cohort)
    preview = decisions.preview(board, stage)
    return board, preview, decisions.preview_token(preview)


def _band_notes(cohort: Cohort, stage: Stage) -> dict[str, str]:
    """A note for everyone within measurement error of the cut line (decisions.confirm asks)."""
    board = build_board(cohort)
    band = decisions.band_for(board, stage, decisions.preview(board, stage))
    return {
        m.trainee_id: "分差在测量误差之内:已复核两位考评人的评分表和原始业绩数据,维持按规则处理"
        for m in band.members
    }


def confirm_classroom(cohort: Cohort, stage: Stage, manager) -> None:
    board, preview, token = _token(cohort, stage)
    decided_at = _at("2026-04-01")
    choices = {}
    people = confirming.options(
        stage, board, preview, decided_on=decided_at.astimezone(LOCAL_TZ).date()
    )
    usable = [p for p in people if p.conditions]
    if usable:
        person = usable[0]
        choices[person.user_id] = Choice(
            "probation_not_confirmed",
            condition_id=person.conditions[0][0],
            note="经培训领导小组审议,于 2026-04-01 书面通知本人试用期不予录用,并送达人力资源部",
        )
    notes = _band_notes(cohort, stage)
    confirming.confirm_with_bases(
        board, stage, manager, token, choices, notes=notes, decided_at=decided_at
    )


def confirm_drill(cohort: Cohort, stage: Stage, manager) -> None:
    _board, preview, _token_ = _token(cohort, stage)
    choices = {}
    if preview.cuts:
        trainee_id = int(preview.cuts[0].candidate.trainee_id)
        training = improvement_plans.training_choices()[:2]
        plan = improvement_plans.open_plan(
            cohort,
            improvement_plans.PlanInput(
                trainee_id=trainee_id,
                shortfall="演练中贷前调查不规范,交叉检验只用一种方法,检查报告照抄模板",
                step="training" if training else "reassignment",
                training=[key for key, _title in training],
                reassignment="" if training else "调至支行贷后管理岗辅助工作",
                deadline=date(2026, 6, 26),
                reassessment="6 月底复评:两份贷后检查报告由两位评估人按演练量表评分,均不低于“中”",
            ),
            manager,
            opened_on=date(2026, 5, 6),
        )
        improvement_plans.record_result(
            plan, "not_met", "复评两份报告仍为“差”,交叉检验仍不完整", manager, on=date(2026, 6, 29)
        )
        choices[trainee_id] = Choice(
            "reassign",
            plan_id=plan.id,
            note="改进计划期满复评未达标;本人同意调回原支行柜面岗位,不再参加客户经理培训",
        )
    board, _preview_, token = _token(cohort, stage)
    notes = _band_notes(cohort, stage)
    confirming.confirm_with_bases(
        board, stage, manager, token, choices, notes=notes, decided_at=_at("2026-07-01")
    )
