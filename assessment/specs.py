"""Stored component and rule configuration ⇄ the pure scoring dataclasses, and their text forms.

Managers write a rubric as one line per criterion and a KPI band table as "limit:points" pairs;
these parsers turn that text into the JSON stored on the component and back.

Messages and rule texts are translated (English ids, zh_CN by default). Without an app context,
as in a bare script, Flask-Babel's gettext returns the English text.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from assessment.elimination import EliminationRule
from assessment.scoring import KpiRule, Rubric, RubricCriterion, RubricLevel, ScoringInputError

TIE_BREAKERS = ("stage_score", "latest_exam", "evaluation")


def _number(text: str, not_a_number: Callable[[str], str]) -> Decimal:
    """text as a finite Decimal; otherwise ScoringInputError(not_a_number(text))."""
    try:
        value = Decimal(str(text).strip())
    except (InvalidOperation, ValueError):
        value = None
    if value is None or not value.is_finite():
        raise ScoringInputError(not_a_number(text))
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
                _(
                    "Rubric line %(number)s should read “criterion | weight | level:points, ...”",
                    number=number,
                )
            )
        levels = []
        for index, item in enumerate(parts[2].split(","), start=1):
            label, _colon, points = item.partition(":")
            if not label.strip() or not points.strip():
                raise ScoringInputError(
                    _(
                        "Rubric line %(number)s: write the level “%(level)s” as level:points",
                        number=number,
                        level=item.strip(),
                    )
                )
            pts = _number(
                points,
                lambda text, number=number: _(
                    "Rubric line %(number)s: the points “%(text)s” are not a number",
                    number=number,
                    text=text,
                ),
            )
            levels.append({"id": f"l{index}", "label": label.strip(), "points": str(pts)})
        weight = _number(
            parts[1],
            lambda text, number=number: _(
                "Rubric line %(number)s: the weight “%(text)s” is not a number",
                number=number,
                text=text,
            ),
        )
        criteria.append(
            {
                "id": f"c{len(criteria) + 1}",
                "name": parts[0],
                "weight": str(weight),
                "levels": levels,
            }
        )
    # The checks of scoring.Rubric, first here with messages in the manager's language.
    if not criteria or sum(Decimal(c["weight"]) for c in criteria) <= 0:
        raise ScoringInputError(_("The rubric needs at least one criterion with a positive weight"))
    for criterion in criteria:
        if not criterion["levels"] or max(Decimal(lv["points"]) for lv in criterion["levels"]) <= 0:
            raise ScoringInputError(
                _(
                    "The criterion “%(name)s” needs at least one level with positive points",
                    name=criterion["name"],
                )
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
        raise ScoringInputError(_("The rubric configuration is incomplete")) from None


def parse_kpi(mode: str, worst: str, best: str, bands: str, lower: bool, unit: str) -> dict:
    """Form fields → stored KPI rule config (validated by building the KpiRule)."""
    config = {"mode": mode, "lower_is_better": bool(lower), "unit": (unit or "").strip()[:20]}
    if mode == "linear":
        config["worst"] = str(
            _number(
                worst, lambda text: _("The KPI worst value “%(text)s” is not a number", text=text)
            )
        )
        config["best"] = str(
            _number(
                best, lambda text: _("The KPI target value “%(text)s” is not a number", text=text)
            )
        )
    elif mode == "bands":
        pairs = []
        for item in _ascii_punctuation(bands or "").replace(";", ",").split(","):
            if not item.strip():
                continue
            limit, _colon, points = item.partition(":")
            limit_value = _number(
                limit, lambda text: _("The band limit “%(text)s” is not a number", text=text)
            )
            points_value = _number(
                points, lambda text: _("The band points “%(text)s” are not a number", text=text)
            )
            pairs.append([str(limit_value), str(points_value)])
        config["bands"] = pairs
    else:
        raise ScoringInputError(_("Choose how the KPI is scored"))
    _check_kpi(config)
    kpi_rule_from_config(config)
    return config


def _check_kpi(config: dict) -> None:
    """The checks of scoring.KpiRule, first here with messages in the manager's language."""
    if config["mode"] == "linear":
        worst, best = Decimal(config["worst"]), Decimal(config["best"])
        if worst == best:
            raise ScoringInputError(_("The worst value and the target value must differ"))
        if (best < worst) != config["lower_is_better"]:
            if config["lower_is_better"]:
                message = _("Lower is better: the target value must be below the worst value")
            else:
                message = _("Higher is better: the target value must be above the worst value")
            raise ScoringInputError(message)
    elif not config["bands"] or any(not 0 <= Decimal(p) <= 100 for _limit, p in config["bands"]):
        raise ScoringInputError(
            _("Give at least one band, each with points between 0 and 100 (e.g. 0:0, 3:60, 5:100)")
        )


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


def parse_rule(form) -> dict:
    """Elimination form fields → stored rule JSON ({} = no elimination after this stage)."""

    def optional(name, not_a_number, not_whole=None):
        """The field as a string Decimal, or as an int when not_whole gives its message."""
        text = (form.get(name) or "").strip()
        if not text:
            return None
        value = _number(text, not_a_number)
        if not_whole is not None:
            if value != value.to_integral_value():
                raise ScoringInputError(not_whole())
            return int(value)
        return str(value)

    rule = {
        "bottom_k": optional(
            "bottom_k",
            lambda text: _(
                "The number of trainees to cut from the bottom “%(text)s” is not a number",
                text=text,
            ),
            lambda: _("The number of trainees to cut from the bottom must be a whole number"),
        ),
        "bottom_percent": optional(
            "bottom_percent",
            lambda text: _(
                "The percentage to cut from the bottom “%(text)s” is not a number", text=text
            ),
        ),
        "below_score": optional(
            "below_score",
            lambda text: _("The cut-off score “%(text)s” is not a number", text=text),
        ),
        "combine": form.get("combine") if form.get("combine") in ("any", "all") else "any",
        "min_remaining": optional(
            "min_remaining",
            lambda text: _(
                "The minimum number of trainees to keep “%(text)s” is not a number", text=text
            ),
            lambda: _("The minimum number of trainees to keep must be a whole number"),
        )
        or 0,
        "tie_breakers": [b for b in form.getlist("tie_breakers") if b in TIE_BREAKERS],
    }
    if rule["bottom_k"] is None and rule["bottom_percent"] is None and rule["below_score"] is None:
        return {}
    # The checks of elimination.EliminationRule, first here in the manager's language.
    if rule["bottom_k"] is not None and rule["bottom_k"] < 0:
        raise ScoringInputError(_("The number of trainees to cut cannot be negative"))
    if rule["bottom_percent"] is not None and not 0 <= Decimal(rule["bottom_percent"]) <= 100:
        raise ScoringInputError(_("The percentage to cut must be between 0 and 100"))
    if rule["min_remaining"] < 0:
        raise ScoringInputError(_("The minimum number of trainees to keep cannot be negative"))
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
