"""Course rows and content trees for tests."""

import itertools
from pathlib import Path

from core.extensions import db
from courses.content_sync import add_revision
from courses.models import Lesson, Module

_counter = itertools.count(1)


def make_module(slug=None, lessons=2, prerequisites=(), conduct_rules_version=None, **fields):
    """A published module with `lessons` published lessons named l1, l2, ..."""
    number = next(_counter)
    module = Module(
        slug=slug or f"module-{number}",
        title=fields.pop("title", f"测试模块{number}"),
        order=fields.pop("order", number),
        estimated_minutes=fields.pop("estimated_minutes", 40),
        objectives=fields.pop("objectives", ["能说明测试目标"]),
        prerequisites=list(prerequisites),
        conduct_rules_version=conduct_rules_version,
        lessons=[],
        **fields,
    )
    for index in range(1, lessons + 1):
        slug_ = "rules" if conduct_rules_version and index == lessons else f"l{index}"
        lesson = Lesson(
            slug=slug_, order=index, title=f"第{index}课", body=f"## 小节\n\n正文{index}\n"
        )
        lesson.revisions = []
        lesson.published_title, lesson.published_body = lesson.title, lesson.body
        add_revision(lesson, "editor")
        module.lessons.append(lesson)
    db.session.add(module)
    db.session.commit()
    return module


def write_tree(root: Path, lessons=("01-first", "02-second"), extra_body="") -> Path:
    """A tiny content directory: one module `basics` and a glossary of two terms."""
    module_dir = root / "01-basics"
    module_dir.mkdir(parents=True, exist_ok=True)
    (module_dir / "module.md").write_text(
        "---\nslug: basics\ntitle: 基础\norder: 1\nobjectives:\n  - 能说明基础\n"
        "estimated_minutes: 20\nprerequisites: []\n---\n\n模块简介。\n",
        encoding="utf-8",
    )
    for existing in module_dir.glob("0*.md"):
        existing.unlink()
    for name in lessons:
        order, slug = name.split("-", 1)
        (module_dir / f"{name}.md").write_text(
            f"---\nslug: {slug}\ntitle: 课{order}\norder: {int(order)}\n---\n\n"
            f"## 内容\n\n受托支付是一种支付方式。{extra_body}\n",
            encoding="utf-8",
        )
    (root / "glossary.yaml").write_text(
        "- term: 受托支付\n  english: entrusted payment\n  definition: 银行直接付给交易对象。\n"
        "- term: 挪用\n  english: diversion\n  definition: 用在约定用途之外。\n",
        encoding="utf-8",
    )
    return root
