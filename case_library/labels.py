"""Display labels for tags. Module titles are course content (Chinese data, as in courses/)."""

from flask_babel import lazy_gettext as _l

MODULE_TITLES = {
    "intro": "贷后管理概论与“三心”",
    "regulation": "监管框架：支付管理与五级分类",
    "routine-actions": "贷后规定动作与时间节点",
    "client-segmentation": "客户分类与差异化管理",
    "warning-signals": "预警信号识别",
    "cross-verification": "交叉检验分析技术",
    "collection": "催收实务",
    "conduct": "职业操守与行为准则",
    "value-creation": "贷后价值再创造",
}

RISK_TYPES = {
    "fraud": _l("Fraud and false documents"),
    "diversion": _l("Diversion of loan funds"),
    "repayment": _l("Repayment"),
    "conduct": _l("Professional conduct"),
    "operating": _l("Business operations"),
}

DIFFICULTIES = {1: _l("Basic"), 2: _l("Intermediate"), 3: _l("Advanced")}

STATUS_LABELS = {
    "draft": _l("Draft"),
    "in_review": _l("In review"),
    "published": _l("Published"),
}


def module_title(slug: str) -> str:
    return MODULE_TITLES.get(slug, slug)


def risk_label(slug: str) -> str:
    return str(RISK_TYPES.get(slug, slug))


def difficulty_label(level: int) -> str:
    return str(DIFFICULTIES.get(level, level))


TASK_KIND_LABELS = {
    "red_flags": _l("Spot the red flags"),
    "ordering": _l("Put in order"),
    "numeric": _l("Calculation"),
    "free_text": _l("Written analysis"),
}
