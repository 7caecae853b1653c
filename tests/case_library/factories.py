"""Build cases for tests with one call."""

import itertools

from case_library import services
from case_library.services import CaseInput
from core.extensions import db

_counter = itertools.count(1)

TASKS_YAML = """\
- id: flags
  kind: red_flags
  prompt: 哪些是疑点？
  points: 40
  penalty_per_decoy: 5
  options:
    - {id: f1, text: 申请人都是开发商员工, is_flag: true, why: 内部人购房}
    - {id: f2, text: 收据只有复印件, is_flag: true, why: 无法核实}
    - {id: d1, text: 贷款期限 20 年, is_flag: false, why: 正常}
    - {id: d2, text: 首付比例 30%, is_flag: false, why: 正常}
- id: sum
  kind: numeric
  prompt: 对得上的进账合计多少元？
  points: 10
  answer: 612000
  tolerance: 0
  unit: 元
  explanation: 294000 + 318000
- id: steps
  kind: ordering
  prompt: 排出核查顺序
  points: 20
  steps: [案头梳理, 要求原件, 核对对账单, 面谈面签]
- id: memo
  kind: free_text
  prompt: 写一份核查意见
  points: 30
  guidance: 判断、证据、措施
  rubric:
    - criterion: 判断与证据
      levels:
        - {label: 优秀, points: 20, description: 证据充分}
        - {label: 合格, points: 10, description: 证据笼统}
        - {label: 不合格, points: 0, description: 没有判断}
    - criterion: 措施
      levels:
        - {label: 优秀, points: 10, description: 措施完整}
        - {label: 不合格, points: 0, description: 没有措施}
"""

STATEMENT_CSV = "日期,摘要,对方户名,收入,支出,余额\n2024-10-12,购房首付款,客户B,294000,,1509000\n"
NOTES_YAML = "title: 工作记录\nauthor: 客户经理甲\ndate: 2024-11-18\nentries:\n  - 上午收到申请\n"


def case_input(**overrides) -> CaseInput:
    number = next(_counter)
    fields = {
        "slug": f"test-case-{number}",
        "title": f"测试案例 {number}",
        "summary": "一句话摘要",
        "modules": ["warning-signals"],
        "risk_type": "fraud",
        "difficulty": 2,
        "narrative": "## 背景\n\n某县支行收到 12 笔按揭申请。\n",
        "exhibits": [
            {"title": "对账单", "kind": "table", "caption": "", "source": STATEMENT_CSV},
            {"title": "工作记录", "kind": "notes", "caption": "", "source": NOTES_YAML},
        ],
        "tasks_yaml": TASKS_YAML,
        "model_answer": "## 结论\n\n存在假按揭嫌疑。\n",
    }
    fields.update(overrides)
    return CaseInput(**fields)


def make_case(author, *, published=True, **overrides):
    """A case written by author; published directly unless published=False."""
    case = services.create_case(case_input(**overrides), author)
    if published:
        services.publish_version(case, case.current_version)
    db.session.commit()
    return case
