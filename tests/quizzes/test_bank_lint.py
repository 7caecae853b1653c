"""Lint of the shipped question bank and glossary: a fair bank gives a test-wise trainee nothing.

Each rule reads the content files with the project's own parsers (GIFT, ordering YAML, glossary),
so what is checked is what `flask --app app demo load` imports. The rules are stated in
quizzes/content/README.md ("Fairness rules").
"""

import difflib
import itertools
import re
from decimal import Decimal
from pathlib import Path

import pytest

from courses.content_files import DEFAULT_CONTENT_DIR as COURSE_DIR
from courses.content_files import read_glossary_file
from quizzes.demo import CONTENT_DIR as BANK_DIR
from quizzes.importing.gift import parse_gift
from quizzes.importing.services import read_ordering_yaml

pytestmark = pytest.mark.pure

MAX_LENGTH_GIVEAWAY = Decimal("0.30")  # share of single-choice keys that are longest / shortest
MAX_STEM_SIMILARITY = 0.75  # difflib ratio of two normalised stems
# Characters that number or rank things: an alias that swaps one of them names a sibling concept
# (第一还款来源 / 第二还款来源), not a synonym.
ORDINALS = set("一二三四五六七八九十两首末")


def load_bank(root: Path = BANK_DIR) -> list[dict]:
    questions = []
    for path in sorted(root.glob("*.gift")):
        result = parse_gift(path.read_text(encoding="utf-8"))
        assert not result.errors, (path.name, result.errors)
        questions += result.questions
    ordering = read_ordering_yaml((root / "ordering.yaml").read_text(encoding="utf-8"))
    assert not ordering.errors, ordering.errors
    return questions + ordering.questions


def _key_and_lengths(question: dict) -> tuple[int, list[int]]:
    choices = question["choices"]
    key = next(i for i, c in enumerate(choices) if Decimal(c["fraction"]) == 1)
    return key, [len(c["text"]) for c in choices]


def keys_strictly(questions: list[dict], longest: bool) -> tuple[list[str], int]:
    """Single-choice questions whose key is strictly the longest (or shortest) option."""
    singles = [q for q in questions if q["type"] == "single"]
    hits = []
    for q in singles:
        key, lengths = _key_and_lengths(q)
        others = [n for i, n in enumerate(lengths) if i != key]
        if all((lengths[key] > n) if longest else (lengths[key] < n) for n in others):
            hits.append(q["name"])
    return hits, len(singles)


def multi_with_one_wrong_option(questions: list[dict]) -> list[str]:
    """Multiple-choice questions where fewer than two options are wrong."""
    return [
        q["name"]
        for q in questions
        if q["type"] == "multi" and sum(1 for c in q["choices"] if Decimal(c["fraction"]) <= 0) < 2
    ]


def _stem(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


def similar_stems(questions: list[dict]) -> list[tuple[str, str, float]]:
    """Pairs of questions whose normalised stems are near-identical."""
    stems = [(q["name"], _stem(q["text"])) for q in questions]
    pairs = []
    for (a, x), (b, y) in itertools.combinations(stems, 2):
        ratio = difflib.SequenceMatcher(None, x, y, autojunk=False).ratio()
        if ratio >= MAX_STEM_SIMILARITY:
            pairs.append((a, b, round(ratio, 2)))
    return pairs


def _swaps_an_ordinal(alias: str, term: str) -> bool:
    if len(alias) != len(term):
        return False
    diff = [(a, t) for a, t in zip(alias, term, strict=True) if a != t]
    return len(diff) == 1 and diff[0][0] in ORDINALS and diff[0][1] in ORDINALS


def glossary_problems(root: Path = COURSE_DIR) -> list[str]:
    """Aliases that do not point at the term they are listed under."""
    entries = read_glossary_file(root)
    names = {e["term"] for e in entries}
    owner: dict[str, str] = {}
    problems = []
    for entry in entries:
        term = entry["term"]
        for alias in entry["aliases"]:
            if alias == term:
                problems.append(f"{term}: alias repeats the term")
            elif alias in names:
                problems.append(f"{term}: alias {alias} is another term")
            elif alias in owner:
                problems.append(f"{term}: alias {alias} is also an alias of {owner[alias]}")
            owner.setdefault(alias, term)
            if _swaps_an_ordinal(alias, term):
                problems.append(
                    f"{term}: alias {alias} swaps an ordinal, so it names another thing"
                )
            shares = set(alias) & set(term)
            mentioned = alias in entry["definition"] or alias.lower() in entry["english"].lower()
            if not shares and not mentioned:
                problems.append(f"{term}: alias {alias} shares nothing with the term or its text")
    return problems


@pytest.fixture(scope="module")
def bank() -> list[dict]:
    return load_bank()


def test_single_choice_keys_are_not_given_away_by_length(bank):
    for longest in (True, False):
        hits, total = keys_strictly(bank, longest)
        share = Decimal(len(hits)) / Decimal(total)
        which = "longest" if longest else "shortest"
        assert share < MAX_LENGTH_GIVEAWAY, (
            f"key is the {which} option in {len(hits)}/{total}: {hits}"
        )


def test_multiple_choice_questions_have_at_least_two_wrong_options(bank):
    assert multi_with_one_wrong_option(bank) == []


def test_no_two_stems_say_the_same_thing(bank):
    names = [q["name"] for q in bank]
    assert len(names) == len(set(names))
    assert similar_stems(bank) == []


def test_every_glossary_alias_points_at_its_own_term():
    assert glossary_problems() == []


def _choices(qtype: str, *options: tuple[str, str]) -> dict:
    choices = [{"text": text, "fraction": fraction} for text, fraction in options]
    return {"type": qtype, "name": "q", "text": "题干", "choices": choices}


def test_the_rules_catch_what_the_review_found():
    absurd = _choices("multi", ("对", "0.5"), ("也对", "0.5"), ("蒙特卡洛模拟", "-1"))
    assert multi_with_one_wrong_option([absurd]) == ["q"]
    long_key = _choices("single", ("很长很长的正确答案", "1"), ("短", "0"), ("也短", "0"))
    assert keys_strictly([long_key], longest=True) == (["q"], 1)
    twins = [
        {"name": "a", "text": "对新客户的首笔贷款，额度应当？"},
        {"name": "b", "text": "对新客户的首笔贷款，额度一般应当？"},
    ]
    assert [pair[:2] for pair in similar_stems(twins)] == [("a", "b")]
    assert _swaps_an_ordinal("第二还款来源", "第一还款来源")
    assert not _swaps_an_ordinal("多心", "三心")
