"""Question bank rows for tests: one call builds a saved question."""

import copy

from quizzes.bank import services as bank_services
from quizzes.bank.validation import TYPE_TEMPLATES

_counter = iter(range(1, 10**6))


def question_spec(qtype: str = "single", **overrides) -> dict:
    number = next(_counter)
    spec = {
        "type": qtype,
        "name": f"测试题{number}",
        "text": f"第{number}题的题干：贷后检查多久一次？",
        "text_format": "moodle",
        "general_feedback": "解析：按月检查。",
        "default_mark": "1",
        "tags": [],
        **copy.deepcopy(TYPE_TEMPLATES[qtype]),
    }
    spec.update(overrides)
    return spec


def make_question(qtype: str = "single", category: str = "测试/默认", **overrides):
    spec = question_spec(qtype, **overrides)
    return bank_services.create_question(spec, bank_services.ensure_category(category))
