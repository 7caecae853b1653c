"""Publish-gate PII detector and pseudonymizer (pure rules, no app needed).

Check characters are computed here from the published definitions (weights 2^k mod 11 for IDs,
3^k mod 31 for credit codes) rather than borrowed from the module, so a wrong table in the
module would make these tests fail.
"""

from datetime import date

import pytest

from case_library.anonymize import (
    Finding,
    Watchlist,
    highlight,
    pseudonymize,
    scan_document,
    scan_text,
)

pytestmark = pytest.mark.pure

CC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def make_id(area: str = "110105", birth: str = "19800101", seq: str = "123") -> str:
    body = area + birth + seq
    total = sum(int(c) * pow(2, 17 - i, 11) for i, c in enumerate(body))
    check = (12 - total % 11) % 11
    return body + ("X" if check == 10 else str(check))


def wrong_check(valid_id: str) -> str:
    """Same body with a wrong check character (one that is not Luhn-valid either)."""
    for c in "0123456789X":
        candidate = valid_id[:17] + c
        if c != valid_id[17] and (c == "X" or not luhn_valid(candidate)):
            return candidate
    raise AssertionError("unreachable")


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c) * (2 if i % 2 else 1)
        total += d // 10 + d % 10
    return total % 10 == 0


def with_luhn(prefix: str) -> str:
    return next(prefix + str(d) for d in range(10) if luhn_valid(prefix + str(d)))


def make_credit_code(first17: str) -> str:
    total = sum(CC_ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    return first17 + CC_ALPHABET[(31 - total % 31) % 31]


def kinds(text: str, watchlist: Watchlist | None = None) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in scan_text(text, watchlist)]


# --- resident IDs ---------------------------------------------------------------------------


def test_published_sample_id_is_flagged_with_chinese_message():
    findings = scan_text("借款人身份证号11010519491231002X,已核实。")
    assert [(f.kind, f.text) for f in findings] == [("resident_id", "11010519491231002X")]
    assert findings[0].message == "疑似居民身份证号(校验位正确)"
    assert (
        "借款人身份证号11010519491231002X"[findings[0].start : findings[0].end] == findings[0].text
    )


def test_lowercase_check_character_is_accepted():
    assert kinds("证件:11010519491231002x") == [("resident_id", "11010519491231002x")]


@pytest.mark.parametrize(
    ("area", "birth", "seq"),
    [
        ("110105", "19800101", "123"),
        ("440305", "20000229", "457"),
        ("510104", "19651130", "008"),
        ("820000", "19991231", "310"),
        ("370202", "19000101", "001"),
    ],
)
def test_generated_ids_with_correct_check_digit_are_flagged(area, birth, seq):
    value = make_id(area, birth, seq)
    assert kinds(f"身份证:{value}。") == [("resident_id", value)]


def test_id_with_wrong_check_digit_is_not_flagged():
    assert kinds(f"身份证:{wrong_check(make_id())}") == []


@pytest.mark.parametrize("birth", ["19490230", "19811301", "18991231", "20990101", "19000000"])
def test_id_with_impossible_birth_date_is_not_flagged(birth):
    assert kinds(make_id(birth=birth)) == []


@pytest.mark.parametrize("area", ["010105", "910105"])
def test_id_with_invalid_area_digit_is_not_flagged(area):
    assert kinds(make_id(area=area)) == []


def test_birth_date_after_today_is_not_flagged():
    value = make_id(birth="20300101")
    assert scan_text(value, today=date(2029, 12, 31)) == []
    assert [f.kind for f in scan_text(value, today=date(2030, 1, 1))] == ["resident_id"]


def test_longer_digit_run_is_not_read_as_id_plus_one():
    value = make_id()
    for text in (f"编号1{value}", f"编号{value}7", f"凭证{value[:17]}"):
        assert all(f.kind != "resident_id" for f in scan_text(text))


def test_id_that_is_also_luhn_valid_is_reported_once_as_id():
    numeric = (make_id(seq=f"{n:03d}") for n in range(1000))
    value = next(v for v in numeric if v.isdigit() and luhn_valid(v))
    assert kinds(value) == [("resident_id", value)]


def test_fifteen_digit_legacy_id_is_flagged_with_lower_confidence():
    findings = scan_text("旧证号110105491231002。")
    assert [(f.kind, f.text) for f in findings] == [("resident_id", "110105491231002")]
    assert "15位旧号" in findings[0].message


def test_fifteen_digit_number_with_impossible_date_is_not_flagged():
    assert kinds("110105491331002") == []


# --- mobiles --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone",
    [
        "13812345678",
        "138-1234-5678",
        "138 1234 5678",
        "+8613812345678",
        "+86 138 1234 5678",
        "8613912345678",
        "+86-19912345678",
    ],
)
def test_mobile_numbers_are_flagged_with_separators_and_prefix(phone):
    assert kinds(f"联系电话:{phone},请回电。") == [("mobile", phone)]


@pytest.mark.parametrize(
    "text",
    [
        "12812345678",
        "10012345678",
        "138123456789",
        "1381234567",
        "138-1234-567",
        "138-1234 5678",
        "0.13812345678",
        "13812345678.00元",
        "DK13812345678",
    ],
)
def test_phone_like_numbers_that_fail_the_rules_are_not_flagged(text):
    assert kinds(text) == []


def test_full_width_digits_are_detected_and_reported_as_written():
    text = "手机：１３８１２３４５６７８，金额１２０００００元"
    findings = scan_text(text)
    assert [(f.kind, f.text) for f in findings] == [("mobile", "１３８１２３４５６７８")]
    assert text[findings[0].start : findings[0].end] == findings[0].text


# --- bank cards -----------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["622202000012345", "621700123456789012", "411111111111111"])
def test_luhn_valid_card_is_flagged(prefix):
    card = with_luhn(prefix)
    assert kinds(f"还款账户{card}。") == [("bank_card", card)]


def test_grouped_card_numbers_are_flagged():
    card = with_luhn("622202000012345")
    spaced = " ".join(card[i : i + 4] for i in range(0, 16, 4))
    dashed = "-".join(card[i : i + 4] for i in range(0, 16, 4))
    assert kinds(f"卡号 {spaced} 已冻结") == [("bank_card", spaced)]
    assert kinds(f"卡号:{dashed}") == [("bank_card", dashed)]


def test_luhn_invalid_card_is_not_flagged():
    card = with_luhn("622202000012345")
    broken = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert kinds(f"还款账户{broken}") == []


def test_card_inside_a_longer_digit_run_is_not_flagged():
    card = with_luhn("622202000012345")
    assert kinds(f"流水号{card}12345") == []


# --- credit codes ---------------------------------------------------------------------------


@pytest.mark.parametrize("first17", ["91350100M000100Y4", "91440300MA5DXXXX1", "52110000500021676"])
def test_valid_credit_code_is_flagged(first17):
    code = make_credit_code(first17)
    assert kinds(f"借款企业统一社会信用代码:{code}。") == [("credit_code", code)]


def test_credit_code_with_wrong_check_character_is_not_flagged():
    code = make_credit_code("91350100M000100Y4")
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    assert kinds(wrong) == []


def test_credit_code_with_unknown_registration_department_is_not_flagged():
    for first in "0BC":
        assert kinds(make_credit_code(first + "1350100M000100Y4")) == []


# --- e-mail, watchlist, overlaps ------------------------------------------------------------


@pytest.mark.parametrize("email", ["zhang.san@example.com", "li_si+loan@bank-a.com.cn"])
def test_email_addresses_are_flagged(email):
    assert kinds(f"邮箱:{email}。") == [("email", email)]


def test_email_containing_a_mobile_is_reported_as_email_only():
    assert kinds("联系13812345678@qq.com") == [("email", "13812345678@qq.com")]


def test_watchlist_matches_longest_entry_first():
    watchlist = Watchlist(
        names=["王五", "张三"], branches=["城东支行"], companies=["张三商贸有限公司"]
    )
    text = "张三商贸有限公司法定代表人张三在城东支行开户,王五担保。"
    assert kinds(text, watchlist) == [
        ("company", "张三商贸有限公司"),
        ("name", "张三"),
        ("branch", "城东支行"),
        ("name", "王五"),
    ]


def test_without_watchlist_names_are_not_guessed():
    assert kinds("客户经理张三于3月15日上门走访。") == []


NEGATIVE_CORPUS = """
2024年3月15日,借款人申请贷款1200000元,实际发放3,500,000.00元,另有12,800元手续费。
放款日期20240315(2024-03-15),借据编号DK2024-0137,记账凭证号PZ-20240315-0021、记字第0158号。
贷款余额3500000.00元,年利率4.35%,逾期率1.85%,抵押率70%,系统时间戳1710489600000。
企业2023年营业收入8,650万元,同比下降23.5%,应收账款周转天数由45天延长到128天。
合同编号HT-2023-00045,共计36期,每期还款98765.43元,第12期起出现逾期,逾期90天以上。
"""


def test_negative_corpus_of_ordinary_numbers_has_no_findings():
    assert scan_text(NEGATIVE_CORPUS) == []


def test_scan_document_reports_per_part():
    parts = {"narrative": "客户手机13812345678。", "exhibit-1": "放款金额1200000元。"}
    result = scan_document(parts, Watchlist())
    assert list(result) == ["narrative", "exhibit-1"]
    assert [f.kind for f in result["narrative"]] == ["mobile"]
    assert result["exhibit-1"] == []


# --- highlight and pseudonymize -------------------------------------------------------------


def test_highlight_segments_rejoin_to_the_original_text():
    watchlist = Watchlist(names=["张三"])
    text = "张三的身份证11010519491231002X,手机13812345678,余额1200000元"
    findings = scan_text(text, watchlist)
    segments = highlight(text, findings)
    assert "".join(s for s, _ in segments) == text
    assert [s for s, f in segments if f is not None] == [
        "张三",
        "11010519491231002X",
        "13812345678",
    ]
    assert all(s for s, _ in segments)


def test_highlight_without_findings_is_one_plain_segment():
    assert highlight("没有敏感信息", []) == [("没有敏感信息", None)]


def test_pseudonymize_is_consistent_across_parts():
    watchlist = Watchlist(
        names=["张三", "李四"], branches=["城东支行"], companies=["华东机械有限公司"]
    )
    parts = {
        "narrative": "张三任华东机械有限公司法人,在城东支行贷款,李四担保。张三电话13812345678。",
        "exhibit-1": "借款人:张三;保证人:李四;身份证11010519491231002X;经办:城东支行",
    }
    new_parts, mapping = pseudonymize(parts, scan_document(parts, watchlist))
    assert mapping["张三"] == "客户A"
    assert mapping["李四"] == "客户B"
    assert mapping["城东支行"] == "某支行甲"
    assert mapping["华东机械有限公司"] == "甲公司"
    assert new_parts["narrative"] == (
        "客户A任甲公司法人,在某支行甲贷款,客户B担保。客户A电话[手机号已脱敏]。"
    )
    assert new_parts["exhibit-1"] == (
        "借款人:客户A;保证人:客户B;身份证[身份证号已脱敏];经办:某支行甲"
    )
    assert scan_document(new_parts, watchlist) == {"narrative": [], "exhibit-1": []}


def test_pseudonym_skips_labels_already_present_in_the_case():
    watchlist = Watchlist(names=["张三"], companies=["华东机械有限公司"])
    parts = {"narrative": "客户A向甲公司采购,张三为华东机械有限公司股东。"}
    new_parts, mapping = pseudonymize(parts, scan_document(parts, watchlist))
    assert mapping == {"张三": "客户B", "华东机械有限公司": "乙公司"}
    assert new_parts["narrative"] == "客户A向甲公司采购,客户B为乙公司股东。"


def test_pseudonymize_keeps_a_previous_mapping():
    watchlist = Watchlist(names=["张三", "李四"])
    parts = {"narrative": "李四与张三"}
    _, mapping = pseudonymize(parts, scan_document(parts, watchlist), mapping={"张三": "客户A"})
    assert mapping == {"张三": "客户A", "李四": "客户B"}


def test_pseudonymize_rejects_findings_from_an_older_text():
    stale = Finding("name", "张三", 0, 2, "疑似真实姓名(命中敏感名单)")
    with pytest.raises(ValueError):
        pseudonymize({"narrative": "李四来访"}, {"narrative": [stale]})
