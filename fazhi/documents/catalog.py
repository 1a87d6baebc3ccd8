"""The catalogue of standard documents, read from ``data/documents.toml`` and checked. Pure Python: no
Django import.

``DOCUMENT_TYPES`` maps each document's number (1–36, docs/documents.md) to its ``DocType``. A malformed
file fails loudly at import with the entry and the reason, so a bad edit never reaches a user.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).with_name("data") / "documents.toml"
SUBJECTS = ("case", "task")
CAPS = ("inspection.plan", "inspection.work", "inspection.review", "case.handle", "case.review", "case.approve")


@dataclass(frozen=True)
class DocType:
    no: int
    code: str
    name: str
    subject: str
    issue: str
    basis: str
    series: str = ""  # the 发文字号 word; "" = carries no 发文字号
    editable: tuple[str, ...] = ()

    @property
    def numbered(self) -> bool:
        return bool(self.series)


class CatalogError(ValueError):
    pass


def load(path: Path = DATA) -> dict[int, DocType]:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    types: dict[int, DocType] = {}
    codes: set[str] = set()
    for n, entry in enumerate(raw.get("document", []), start=1):
        where = f"{path.name} 第 {n} 项"
        try:
            doc = DocType(no=int(entry["no"]), code=str(entry["code"]), name=str(entry["name"]),
                          subject=str(entry["subject"]), issue=str(entry["issue"]), basis=str(entry["basis"]),
                          series=str(entry.get("series", "")), editable=tuple(entry.get("editable", ())))
        except KeyError as exc:
            raise CatalogError(f"{where}: 缺少 {exc.args[0]}") from None
        if doc.no in types or doc.code in codes:
            raise CatalogError(f"{where}: 序号 {doc.no} 或代码 {doc.code} 重复")
        if doc.subject not in SUBJECTS:
            raise CatalogError(f"{where}: subject 应为 {'/'.join(SUBJECTS)}")
        if doc.issue not in CAPS:
            raise CatalogError(f"{where}: issue 应为 {'/'.join(CAPS)}")
        types[doc.no] = doc
        codes.add(doc.code)
    if sorted(types) != list(range(1, len(types) + 1)):
        raise CatalogError(f"{path.name}: 序号应从 1 起连续")
    return types


DOCUMENT_TYPES: dict[int, DocType] = load()
CASE_FILE = 36  # 卷宗封面及卷内目录: issuing it binds the case file (docs/documents.md)
TASK_DOCUMENTS = tuple(no for no, t in DOCUMENT_TYPES.items() if t.subject == "task")  # 1, 2, 3, 6, 7, 8


def doc_type(no: int) -> DocType:
    try:
        return DOCUMENT_TYPES[int(no)]
    except (KeyError, TypeError, ValueError):
        raise CatalogError(f"没有序号为 {no} 的文书") from None
