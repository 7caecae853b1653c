"""Stored component and rule configuration ⇄ the pure scoring dataclasses, and their text forms.

Managers write a rubric as one line per criterion and a KPI band table as "limit:points" pairs;
these parsers turn that text into the JSON stored on the component and back.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from assessment.elimination import EliminationRule
from assessment.scoring import KpiRule, Rubric, RubricCriterion, RubricLevel, ScoringInputError

TIE_BREAKERS = ("stage_score", "latest_exam", "evaluation")


def _number(text: str, what: str) -> Decimal:
    try:
        value = Decimal(str(text).strip())
    except (InvalidOperation, ValueError):
        raise ScoringInputError(f"{what}“{text}”不是数字") from None
    if not value.is_finite():
        raise ScoringInputError(f"{what}“{text}”不是数字")
    return value


def parse_rubric(text: str) -> dict:
    """'表达能力 | 2 | 优:4, 良:3, 中:2, 差:1' per line → stored rubric config."""
    criteria = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 3 or not parts[0]:
            raise ScoringInputError(f"评分表第{number}行应为“评分项 | 权重 | 等级:分值, ...”")
        levels = []
        for index, item in enumerate(parts[2].replace(",", ",").split(","), start=1):
            label, _, points = item.replace(":", ":").partition(":")
            if not label.strip() or not points.strip():
                raise ScoringInputError(f"评分表第{number}行的等级“{item.strip()}”应写成 等级:分值")
            pts = _number(points, f"评分表第{number}行的分值")
            levels.append({"id": f"l{index}", "label": label.strip(), "points": str(pts)})
        weight = _number(parts[1], f"评分表第{number}行的权重")
        criteria.append(
            {
                "id": f"c{len(criteria) + 1}",
                "name": parts[0],
                "weight": str(weight),
                "levels": levels,
            }
        )
    config = {"criteria": criteria}
    rubric_from_config(config)  # validates
    return config


def rubric_text(config: dict) -> str:
    return "\n".join(
        f"{c['name']} | {c['weight']} | "
        + ", ".join(f"{lv['label']}:{lv['points']}" for lv in c["levels"])
        for c in config.get("criteria", [])
    )


def rubric_from_config(config: dict) -> Rubric:
    try:
        return Rubric(
            tuple(
                RubricCriterion(
                    c["id"],
                    c["name"],
                    Decimal(c["weight"]),
                    tuple(
                        RubricLevel(lv["id"], lv["label"], Decimal(lv["points"]))
                        for lv in c["levels"]
                    ),
                )
                for c in config.get("criteria", [])
            )
        )
    except (KeyError, TypeError, InvalidOperation):
        raise ScoringInputError("评分表配置不完整") from None


def parse_kpi(mode: str, worst: str, best: str, bands: str, lower: bool, unit: str) -> dict:
    """Form fields → stored KPI rule config (validated by building the KpiRule)."""
    config = {"mode": mode, "lower_is_better": bool(lower), "unit": (unit or "").strip()[:20]}
    if mode == "linear":
        config["worst"] = str(_number(worst, "KPI 最差值"))
        config["best"] = str(_number(best, "KPI 目标值"))
    elif mode == "bands":
        pairs = []
        for item in (bands or "").replace(",", ",").replace(";", ",").split(","):
            if not item.strip():
                continue
            limit, _, points = item.replace(":", ":").partition(":")
            pairs.append([str(_number(limit, "分档界限")), str(_number(points, "分档分值"))])
        config["bands"] = pairs
    else:
        raise ScoringInputError("请选择 KPI 计分方式")
    kpi_rule_from_config(config)
    return config


def kpi_rule_from_config(config: dict) -> KpiRule:
    mode = config.get("mode")
    lower = bool(config.get("lower_is_better"))
    if mode == "linear":
        return KpiRule(
            "linear", Decimal(config["worst"]), Decimal(config["best"]), lower_is_better=lower
        )
    bands = tuple((Decimal(a), Decimal(b)) for a, b in config.get("bands", []))
    return KpiRule("bands", bands=bands, lower_is_better=lower)


def kpi_rule_text(config: dict) -> str:
    arrow = "越低越好" if config.get("lower_is_better") else "越高越好"
    if config.get("mode") == "linear":
        return f"{config['worst']} → {config['best']} 线性计分({arrow})"
    bands = ", ".join(f"{a}:{b}" for a, b in config.get("bands", []))
    return f"分档 {bands}({arrow})"


def parse_rule(form) -> dict:
    """Elimination form fields → stored rule JSON ({} = no elimination after this stage)."""

    def optional(name, what, integer=False):
        text = (form.get(name) or "").strip()
        if not text:
            return None
        value = _number(text, what)
        if integer:
            if value != value.to_integral_value():
                raise ScoringInputError(f"{what}应为整数")
            return int(value)
        return str(value)

    rule = {
        "bottom_k": optional("bottom_k", "末位淘汰人数", integer=True),
        "bottom_percent": optional("bottom_percent", "末位淘汰比例"),
        "below_score": optional("below_score", "淘汰分数线"),
        "combine": form.get("combine") if form.get("combine") in ("any", "all") else "any",
        "min_remaining": optional("min_remaining", "最少保留人数", integer=True) or 0,
        "tie_breakers": [b for b in form.getlist("tie_breakers") if b in TIE_BREAKERS],
    }
    if rule["bottom_k"] is None and rule["bottom_percent"] is None and rule["below_score"] is None:
        return {}
    try:
        rule_from_config(rule)
    except ValueError as error:
        raise ScoringInputError(str(error)) from None
    return rule


def rule_from_config(rule: dict) -> EliminationRule:
    return EliminationRule(
        bottom_k=rule.get("bottom_k"),
        bottom_percent=None
        if rule.get("bottom_percent") is None
        else Decimal(rule["bottom_percent"]),
        below_score=None if rule.get("below_score") is None else Decimal(rule["below_score"]),
        combine=rule.get("combine", "any"),
        min_remaining=rule.get("min_remaining") or 0,
        tie_breakers=tuple(rule.get("tie_breakers") or ()),
    )


def rule_text(rule: dict) -> str:
    if not rule:
        return "本阶段不淘汰"
    parts = []
    if rule.get("below_score") is not None:
        parts.append(f"累计分低于{rule['below_score']}")
    if rule.get("bottom_k") is not None:
        parts.append(f"末位{rule['bottom_k']}名")
    if rule.get("bottom_percent") is not None:
        parts.append(f"末位{rule['bottom_percent']}%")
    joined = (" 或 " if rule.get("combine", "any") == "any" else " 且 ").join(parts)
    return f"{joined};至少保留{rule.get('min_remaining') or 0}人"
