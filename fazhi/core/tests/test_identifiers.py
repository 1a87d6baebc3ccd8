import pytest

from fazhi.core import identifiers


@pytest.mark.parametrize("code", [
    "91350100M000100Y43",  # the worked example of GB 32100-2015
    identifiers.make_uscc("31120103MA0000001"),
    identifiers.make_uscc("34120116MD1234567"),
])
def test_valid_uscc(code):
    assert identifiers.uscc_problem(code) is None


@pytest.mark.parametrize("code, reason", [
    ("91350100M000100Y44", "校验位错误:第 18 位应为 3,实为 4"),
    ("91350100M000100Y4", "应为 18 位,实为 17 位"),
    ("91350100M000100YO3", "含有不允许的字符 O"),
    ("9135010SM000100Y43", "含有不允许的字符 S"),
    ("91ABCDEFM000100Y43", "第 3–8 位应为行政区划代码"),
])
def test_invalid_uscc_names_the_reason(code, reason):
    assert reason in identifiers.uscc_problem(code)


def test_every_single_character_change_is_caught():
    code = "91350100M000100Y43"
    for i in range(17):
        for c in identifiers.USCC_CHARSET:
            if c == code[i]:
                continue
            changed = code[:i] + c + code[i + 1:]
            if changed[2:8].isdigit():
                assert not identifiers.is_valid_uscc(changed), changed


def test_id_number_check_character():
    first17 = "12010319800101123"
    good = first17 + identifiers.id_number_check_char(first17)
    assert identifiers.id_number_problem(good) is None
    bad = first17 + ("0" if good[-1] != "0" else "1")
    assert identifiers.id_number_problem(bad) == "校验位错误"
