"""The one masking function for personal data. Pure Python: no Django import.

Every page, export and log line that may show a natural person's ID number, phone number or home
address passes the value through here. Public pages also mask natural persons' names.
"""

from __future__ import annotations

import re

ID_NUMBER_RE = re.compile(r"(?<![0-9A-Za-z])([1-9][0-9]{5})(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])[0-9]{5}[0-9Xx](?![0-9A-Za-z])")
MOBILE_RE = re.compile(r"(?<![0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])")


def mask_id_number(value: str | None) -> str:
    if not value:
        return ""
    if len(value) < 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    digits = value.replace("-", "")
    if len(digits) < 7:
        return "*" * len(value)
    return digits[:3] + "****" + digits[-4:]


def mask_address(value: str | None) -> str:
    """Keep the district-level prefix (up to and including 区/县), hide the rest."""
    if not value:
        return ""
    m = re.match(r"^(.*?(?:区|县))", value)
    prefix = m.group(1) if m else value[:3]
    return prefix + "****"


def mask_name(value: str | None) -> str:
    """张三 → 张*, 欧阳小明 → 欧***. Used on public pages for natural persons."""
    if not value:
        return ""
    return value[0] + "*" * max(1, len(value) - 1)


def scrub_text(text: str) -> str:
    """Mask any ID number or mobile number that appears inside free text (log lines, messages)."""
    text = ID_NUMBER_RE.sub(lambda m: mask_id_number(m.group(0)), text)
    return MOBILE_RE.sub(lambda m: m.group(1) + "****" + m.group(2), text)
