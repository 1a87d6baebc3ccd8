"""Reading and writing spreadsheets (.xlsx and .csv) as rows of strings keyed by header.

Reading normalises every cell to a string the way a person reads it in Excel: integers without
".0", dates as YYYY-MM-DD, surrounding spaces removed. Writing CSV uses UTF-8 with a BOM so that
Excel opens Chinese text correctly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import IO, Iterable, Iterator, Sequence

from fazhi.core.errors import FieldProblem, ValidationFailed

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class Sheet:
    """Header names and an iterator of (row number, {header: text}); row 1 is the header."""

    def __init__(self, headers: list[str], rows: Iterator[tuple[int, dict[str, str]]]):
        self.headers = headers
        self.rows = rows


def _sheet_from_rows(raw: Iterator[Sequence]) -> Sheet:
    try:
        header_cells = next(raw)
    except StopIteration:
        raise ValidationFailed(FieldProblem("文件", "文件是空的:第 1 行应为表头", row=1)) from None
    headers = [cell_text(c) for c in header_cells]
    while headers and headers[-1] == "":
        headers.pop()

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        for number, cells in enumerate(raw, start=2):
            texts = [cell_text(c) for c in cells[: len(headers)]]
            if not any(texts):
                continue  # blank lines are not rows
            texts += [""] * (len(headers) - len(texts))
            yield number, dict(zip(headers, texts))

    return Sheet(headers, rows())


def read(stream: IO[bytes], filename: str) -> Sheet:
    """Open an uploaded or local file by its extension (.xlsx or .csv)."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx":
        # python-calamine (a Rust reader) is ~15× faster than openpyxl here: 100,000 rows in about 1 s.
        from python_calamine import CalamineWorkbook

        try:
            book = CalamineWorkbook.from_filelike(stream)
            sheet = book.get_sheet_by_index(0)
        except Exception as exc:  # a damaged or non-Excel file
            raise ValidationFailed(FieldProblem("文件", f"无法读取 Excel 文件:{exc}")) from None
        return _sheet_from_rows(iter(sheet.iter_rows()))
    if suffix == ".csv":
        data = stream.read()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValidationFailed(FieldProblem("文件", "CSV 文件编码无法识别,请保存为 UTF-8 或 GB18030"))
        return _sheet_from_rows(iter(csv.reader(io.StringIO(text))))
    raise ValidationFailed(FieldProblem("文件", f"不支持的文件类型“{suffix or filename}”:请上传 .xlsx 或 .csv 文件"))


def read_path(path: str | Path) -> Sheet:
    path = Path(path)
    return read(path.open("rb"), path.name)


def write_xlsx(headers: list[str], rows: Iterable[Sequence[str]], *, title: str = "数据",
               more: Iterable[tuple[str, list[str], Iterable[Sequence[str]]]] = ()) -> bytes:
    """One sheet ``title`` (the active one), then one sheet per ``(title, headers, rows)`` of ``more``."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook(write_only=True)
    bold = Font(bold=True)
    for name, head, body in ((title, headers, rows), *more):
        sheet = book.create_sheet(title=name[:31])
        header_cells = []
        for h in head:
            cell = openpyxl.cell.WriteOnlyCell(sheet, value=h)
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        sheet.freeze_panes = "A2"
        for row in body:
            sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_csv(headers: list[str], rows: Iterable[Sequence[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def write(fmt: str, headers: list[str], rows: Iterable[Sequence[str]], *, title: str = "数据") -> tuple[bytes, str]:
    """Bytes and content type for ``fmt`` "xlsx" or "csv"."""
    if fmt == "xlsx":
        return write_xlsx(headers, rows, title=title), XLSX_CONTENT_TYPE
    if fmt == "csv":
        return write_csv(headers, rows), CSV_CONTENT_TYPE
    raise ValidationFailed(FieldProblem("格式", f"不支持的导出格式“{fmt}”:请选择 xlsx 或 csv"))
