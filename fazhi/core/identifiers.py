"""Validation of identifiers. Pure Python: no Django import.

统一社会信用代码 — GB 32100-2015 《法人和其他组织统一社会信用代码编码规则》:
18 characters from the 31-character set below (no I, O, S, V, Z). Position 1 is the registering
authority, 2 the organisation type, 3–8 the administrative division (GB/T 2260), 9–17 the
organisation code, 18 the check character computed from positions 1–17 with weights 3^(i-1) mod 31.
"""

from __future__ import annotations

import re

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {c: i for i, c in enumerate(USCC_CHARSET)}
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
_USCC_SHAPE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")

# Registering authority 3 = 司法行政 (GB 32100-2015 表1); its organisation types:
JUSTICE_TYPE_CODES = {
    "1": "律师执业机构",
    "2": "公证处",
    "3": "基层法律服务所",
    "4": "司法鉴定机构",
    "5": "仲裁委员会",
    "9": "其他",
}


def uscc_check_char(first17: str) -> str:
    """The check character for the first 17 characters of a 统一社会信用代码."""
    if len(first17) != 17 or any(c not in _VALUE for c in first17):
        raise ValueError("需要 17 位代码字符")
    total = sum(_VALUE[c] * w for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_CHARSET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> str | None:
    """Why ``code`` is not a valid 统一社会信用代码, in Chinese; ``None`` when it is valid."""
    if len(code) != 18:
        return f"应为 18 位,实为 {len(code)} 位"
    bad = sorted({c for c in code if c not in _VALUE})
    if bad:
        return f"含有不允许的字符 {''.join(bad)}(不使用 I、O、S、V、Z 及小写字母)"
    if not _USCC_SHAPE.match(code):
        return "第 3–8 位应为行政区划代码(6 位数字)"
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        return f"校验位错误:第 18 位应为 {expected},实为 {code[17]}"
    return None


def is_valid_uscc(code: str) -> bool:
    return uscc_problem(code) is None


def make_uscc(first17: str) -> str:
    """Complete 17 characters with their check character (used by the demo generator and tests)."""
    return first17 + uscc_check_char(first17)


# 居民身份证号码 — GB 11643-1999: 17 digits and an ISO 7064 MOD 11-2 check character.
_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"


def id_number_check_char(first17: str) -> str:
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS)) % 11]


def id_number_problem(number: str) -> str | None:
    if not re.fullmatch(r"[0-9]{17}[0-9X]", number):
        return "应为 18 位,前 17 位为数字,末位为数字或 X"
    if number[17] != id_number_check_char(number[:17]):
        return "校验位错误"
    return None


def phone_problem(phone: str) -> str | None:
    if re.fullmatch(r"1[3-9][0-9]{9}", phone) or re.fullmatch(r"0[0-9]{2,3}-?[0-9]{7,8}", phone):
        return None
    return "应为 11 位手机号码或带区号的固定电话"
