"""Stored component and rule configuration ⇄ the pure scoring dataclasses, and their text forms.

Managers write a rubric as one line per criterion and a KPI band table as "limit:points" pairs;
these parsers turn that text into the JSON stored on the component and back. The stored JSON is
checked by building the pure dataclasses (``scoring.Rubric``, ``scoring.KpiRule``,
``elimination.EliminationRule``), which raise ``ScoringInputError`` with an English message id;
the page translates it (zh_CN by default).

The rule texts are translated here. Without an app context, as in a bare script, Flask-Babel's
gettext returns the English text.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from assessment.elimination import EliminationRule
from assessment.scoring import KpiRule, Rubric, RubricCriterion, RubricLevel, ScoringInputError
from core.domain import N_

TIE_BREAKERS = ("stage_score", "latest_exam", "evaluation")


def _number(text: str, not_a_number: str, **params) -> Decimal:
    """text as a finite Decimal; otherwise ScoringInputError(not_a_number, text=text, **params)."""
    try:
        value = Decimal(str(text).strip())
    except (InvalidOperation, ValueError):
        value = None
    if value is None or not value.is_finite():
        raise ScoringInputError(not_a_number, text=str(text).strip(), **params)
    return value


# A Chinese keyboard types full-width punctuation (优：4，良：3); the syntax is the same.
# Written as escapes so that no editor or formatter can turn them into their ASCII twins.
FULL_WIDTH = str.maketrans({"\uff0c": ",", "\uff1a": ":", "\uff1b": ";", "\uff5c": "|"})


def _ascii_punctuation(text: str) -> str:
    return text.translate(FULL_WIDTH)


def parse_rubric(text: str) -> dict:
    """'表达能力 | 2 | 优:4, 良:3, 中:2, 差:1' per line → stored rubric config."""
    criteria = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in _ascii_punctuation(line).split("|")]
        if len(parts) != 3 or not parts[0]:
            raise ScoringInputError(
                N_("Rubric line %(number)s should read “criterion | weight | level:points, ...”"),
                number=number,
            )
        levels = []
        for index, item in enumerate(parts[2].split(","), start=1):
            label, _colon, points = item.partition(":")
            if not label.strip() or not points.strip():
                raise ScoringInputError(
                    N_("Rubric line %(number)s: write the level “%(level)s” as level:points"),
                    number=number,
                    level=item.strip(),
                )
            pts = _number(
                points,
                N_("Rubric line %(number)s: the points “%(text)s” are not a number"),
                number=number,
            )
            levels.append({"id": f"l{index}", "label": label.strip(), "points": str(pts)})
        weight = _number(
            parts[1],
            N_("Rubric line %(number)s: the weight “%(text)s” is not a number"),
            number=number,
        )
        criteria.append(
            {
                "id": f"c{len(criteria) + 1}",
                "name": parts[0],
                "weight": str(weight),
                "levels": levels,
            }
        )
    config = {"criteria": criteria}
    rubric_from_config(config)  # validates (scoring.Rubric)
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
        raise ScoringInputError(N_("The rubric configuration is incomplete")) from None


def parse_kpi(mode: str, worst: str, best: str, bands: str, lower: bool, unit: str) -> dict:
    """Form fields → stored KPI rule config (validated by building the KpiRule)."""
    config = {"mode": mode, "lower_is_better": bool(lower), "unit": (unit or "").strip()[:20]}
    if mode == "linear":
        worst_value = _number(worst, N_("The KPI worst value “%(text)s” is not a number"))
        best_value = _number(best, N_("The KPI target value “%(text)s” is not a number"))
        config["worst"], config["best"] = str(worst_value), str(best_value)
    elif mode == "bands":
        pairs = []
        for item in _ascii_punctuation(bands or "").replace(";", ",").split(","):
            if not item.strip():
                continue
            limit, _colon, points = item.partition(":")
            limit_value = _number(limit, N_("The band limit “%(text)s” is not a number"))
            points_value = _number(points, N_("The band points “%(text)s” are not a number"))
            pairs.append([str(limit_value), str(points_value)])
        config["bands"] = pairs
    else:
        raise ScoringInputError(N_("Choose how the KPI is scored"))
    kpi_rule_from_config(config)  # validates (scoring.KpiRule)
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
    lower = config.get("lower_is_better")
    if config.get("mode") == "linear":
        values = {"worst": config["worst"], "best": config["best"]}
        if lower:
            return _("%(worst)s → %(best)s, linear (lower is better)", **values)
        return _("%(worst)s → %(best)s, linear (higher is better)", **values)
    bands = ", ".join(f"{a}:{b}" for a, b in config.get("bands", []))
    if lower:
        return _("Bands %(bands)s (lower is better)", bands=bands)
    return _("Bands %(bands)s (higher is better)", bands=bands)


@dataclass(frozen=True)
class RuleInput:
    """An elimination rule as the manager typed it (numbers as text, parsed here)."""

    below_score: str = ""
    bottom_k: str = ""
    bottom_percent: str = ""
    min_remaining: str = ""
    combine: str = "any"
    tie_breakers: tuple[str, ...] = ()


def _optional(text: str, not_a_number: str) -> str | None:
    """The field as a string Decimal, None when empty."""
    text = (text or "").strip()
    return str(_number(text, not_a_number)) if text else None


def _optional_whole(text: str, not_a_number: str, not_whole: str) -> int | None:
    """The field as an int, None when empty."""
    value = _optional(text, not_a_number)
    if value is None:
        return None
    if Decimal(value) != Decimal(value).to_integral_value():
        raise ScoringInputError(not_whole)
    return int(Decimal(value))


def parse_rule(typed: RuleInput) -> dict:
    """The typed rule → stored rule JSON ({} = no elimination after this stage)."""
    rule = {
        "bottom_k": _optional_whole(
            typed.bottom_k,
            N_("The number of trainees to cut from the bottom “%(text)s” is not a number"),
            N_("The number of trainees to cut from the bottom must be a whole number"),
        ),
        "bottom_percent": _optional(
            typed.bottom_percent,
            N_("The percentage to cut from the bottom “%(text)s” is not a number"),
        ),
        "below_score": _optional(
            typed.below_score, N_("The cut-off score “%(text)s” is not a number")
        ),
        "combine": typed.combine if typed.combine in ("any", "all") else "any",
        "min_remaining": _optional_whole(
            typed.min_remaining,
            N_("The minimum number of trainees to keep “%(text)s” is not a number"),
            N_("The minimum number of trainees to keep must be a whole number"),
        )
        or 0,
        "tie_breakers": [b for b in typed.tie_breakers if b in TIE_BREAKERS],
    }
    if rule["bottom_k"] is None and rule["bottom_percent"] is None and rule["below_score"] is None:
        return {}
    rule_from_config(rule)  # validates (elimination.EliminationRule)
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
        return _("No elimination after this stage")
    parts = []
    if rule.get("below_score") is not None:
        parts.append(_("cumulative score below %(score)s", score=rule["below_score"]))
    if rule.get("bottom_k") is not None:
        parts.append(_("the bottom %(count)s", count=rule["bottom_k"]))
    if rule.get("bottom_percent") is not None:
        parts.append(_("the bottom %(percent)s%%", percent=rule["bottom_percent"]))
    joined = parts[0] if parts else ""
    for part in parts[1:]:
        if rule.get("combine", "any") == "any":
            joined = _("%(left)s or %(right)s", left=joined, right=part)
        else:
            joined = _("%(left)s and %(right)s", left=joined, right=part)
    return _(
        "%(conditions)s; keep at least %(count)s",
        conditions=joined,
        count=rule.get("min_remaining") or 0,
    )
