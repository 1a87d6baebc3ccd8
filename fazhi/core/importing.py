"""Importing registry rows from spreadsheets: validate everything first, then save all or nothing.

A ``Spec`` (one per registry, in ``<app>/importers.py``) says which columns exist, how each cell is
parsed, the natural key, and the cross-field checks. ``run_import`` applies it:

1. every row is parsed and checked, and every problem is collected (row, column, reason in Chinese);
2. rows are matched to existing records by natural key: new, changed or unchanged;
3. if any row is bad, nothing is saved (``ImportRejected``), unless ``partial=True``: then the good
   rows are saved and the bad ones come back as a rejects file;
4. creates and updates are written in bulk, in one transaction, each with its audit event.

Re-importing the same file finds every row unchanged and writes nothing. Personal data columns are
exported masked; a masked cell that matches the stored value means "unchanged".
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from django.db import transaction
from django.utils import timezone

from fazhi.accounts.roles import Cap
from fazhi.core import access, tabular
from fazhi.core.audit import EventDraft, json_value, record_events
from fazhi.core.bulk import insert_many
from fazhi.core.errors import FieldProblem, ValidationFailed


class CellError(Exception):
    """A cell's value was refused; the message is the Chinese reason."""


KEEP = object()  # a masked personal-data cell: keep the stored value


@dataclass
class Column:
    header: str
    attr: str
    parse: Callable[[str, Any], Any] = lambda text, ctx: text
    required: bool = True
    default: Any = ""
    export: Callable[[Any], str] = lambda value: "" if value is None else str(value)
    mask: Callable[[str], str] | None = None  # personal data: exported masked
    self_ref: bool = False  # value is the natural key of another row of the same registry
    source: str | None = None  # dotted path read from a record for export (default: ``attr``)


@dataclass
class Context:
    actor: Any
    today: dt.date
    lookups: dict[str, dict] = field(default_factory=dict)


class Spec:
    """Subclass per registry. Override ``prepare``, ``check``, ``derive`` and ``key`` as needed."""

    label: str = ""
    model: Any = None
    columns: list[Column] = []
    capability: Cap = Cap.REGISTRY_EDIT
    district_attr: str | None = "district_id"  # parsed attr that places the record in a district
    action: str = ""  # audit action prefix, e.g. "institution"
    select_related: tuple[str, ...] = ()

    def prepare(self, ctx: Context) -> None:
        """Load lookups (districts by name, …) into ``ctx.lookups`` once per import."""

    unique_attrs: tuple[str, ...] = ()  # other attributes no two records may share (e.g. licence number)

    def check(self, values: dict, ctx: Context) -> list[FieldProblem]:
        """Cross-field checks of one parsed row; return problems (the row number is filled in).
        May also set attributes that depend on several cells (e.g. an article's law)."""
        return []

    def derive(self, values: dict, ctx: Context) -> None:
        """Set attributes computed from others (e.g. an institution's field from its kind)."""

    def district_of(self, values: dict, ctx: Context) -> int | None:
        return values.get(self.district_attr) if self.district_attr else None

    def to_model(self, values: dict) -> dict:
        """Keyword arguments for the model from parsed values."""
        return {a: values[a] for a in self.stored_attrs() if a in values}

    def key(self, values: dict):
        return values[self.columns[0].attr]

    def label_of(self, values: dict) -> str:
        return str(values.get("name") or self.key(values))

    @property
    def attrs(self) -> list[str]:
        return [c.attr for c in self.columns]

    def stored_attrs(self) -> list[str]:
        """Attributes compared and written: the columns plus what ``derive`` sets."""
        return self.attrs

    def existing(self) -> dict:
        """Natural key → {"id": …, attr: value} for every stored record (same-registry references
        given as the other record's natural key, like the file)."""
        rows = list(self.model.objects.values("id", *self.stored_attrs()).iterator(chunk_size=5000))
        by_key = {self.key(r): r for r in rows}
        refs = [c.attr for c in self.columns if c.self_ref]
        if refs:
            key_of = {r["id"]: k for k, r in by_key.items()}
            for r in rows:
                for attr in refs:
                    r[attr] = key_of.get(r[attr], "")
        return by_key

    key_attrs: tuple[str, ...] | None = None  # the attributes ``key`` reads (default: the first column)

    def ids_by_key(self) -> dict:
        """Natural key → primary key of every stored record (light: reads only the key columns)."""
        names = self.key_attrs or (self.columns[0].attr,)
        return {self.key(r): r["id"] for r in self.model.objects.values("id", *names).iterator(chunk_size=10000)}

    def key_filter(self, values: dict) -> dict:
        """ORM lookup that finds the record with this row's natural key."""
        return {self.columns[0].attr: self.key(values)}

    def export_cell_unmasked(self, column: Column, obj) -> str:
        value = obj
        for part in (column.source or column.attr).split("."):
            value = getattr(value, part) if value is not None else None
        return "" if value in (None, "") else column.export(value)

    def export_rows(self, queryset) -> Iterable[list[str]]:
        for obj in queryset.select_related(*self.select_related).iterator(chunk_size=2000):
            yield [self.export_cell(c, obj) for c in self.columns]

    def export_cell(self, column: Column, obj) -> str:
        text = self.export_cell_unmasked(column, obj)
        return column.mask(text) if column.mask and text else text

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[FieldProblem] = field(default_factory=list)
    rejected: list[tuple[int, dict[str, str], list[FieldProblem]]] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)

    @property
    def rejected_count(self) -> int:
        return len(self.rejected)

    def rejects_file(self, fmt: str = "xlsx") -> tuple[bytes, str]:
        """The bad rows as they came, with a last column naming every reason."""
        headers = self.headers + ["原行号", "错误原因"]
        rows = (
            [cells.get(h, "") for h in self.headers] + [str(n), ";".join(f"{p.field}:{p.reason}" for p in probs)]
            for n, cells, probs in self.rejected
        )
        return tabular.write(fmt, headers, rows, title="未导入的行")


class ImportRejected(ValidationFailed):
    """Some rows were bad and nothing was saved; ``result`` lists every problem."""

    def __init__(self, result: ImportResult):
        self.result = result
        super().__init__(
            result.problems,
            message=f"共有 {result.rejected_count} 行数据有误,未导入任何数据,请修改后重新导入",
        )


def run_import(*, actor, spec: Spec, sheet: tabular.Sheet, partial: bool = False, source: str = "",
               today: dt.date | None = None) -> ImportResult:
    if actor is not None:
        access.require(actor, spec.capability, f"导入{spec.label}")
    missing = [c.header for c in spec.columns if c.required and c.header not in sheet.headers]
    if missing:
        raise ValidationFailed([FieldProblem(h, "表头缺少此列", row=1) for h in missing])
    ctx = Context(actor=actor, today=today or timezone.localdate())
    spec.prepare(ctx)
    result = ImportResult(headers=list(sheet.headers))
    parsed: list[tuple[int, dict[str, str], dict]] = []
    seen: dict = {}
    for number, cells in sheet.rows:
        values, problems = _parse_row(spec, ctx, number, cells, seen)
        if problems:
            result.rejected.append((number, cells, problems))
            result.problems.extend(problems)
        else:
            parsed.append((number, cells, values))
    existing = spec.existing()
    plan = _plan(spec, parsed, existing, result)
    if result.problems and not partial:
        raise ImportRejected(result)
    _save(actor, spec, plan, existing, result, source)
    return result


def _parse_row(spec: Spec, ctx: Context, number: int, cells: dict[str, str], seen: dict):
    values: dict = {}
    problems: list[FieldProblem] = []
    for column in spec.columns:
        text = cells.get(column.header, "")
        if text == "":
            if column.required:
                problems.append(FieldProblem(column.header, "不能为空", row=number))
            values[column.attr] = column.default
            continue
        if column.mask is not None and "*" in text:
            values[column.attr] = (KEEP, text)
            continue
        try:
            values[column.attr] = column.parse(text, ctx)
        except CellError as exc:
            problems.append(FieldProblem(column.header, str(exc), row=number))
    if problems:
        return values, problems
    for p in spec.check(values, ctx):
        problems.append(FieldProblem(p.field, p.reason, row=number))
    if problems:
        return values, problems
    if spec.district_attr and ctx.actor is not None and not access.in_scope(ctx.actor, spec.district_of(values, ctx)):
        problems.append(FieldProblem("所在区", "不在您的管辖范围内,不能导入", row=number))
    key = spec.key(values)
    if key in seen:
        problems.append(FieldProblem(spec.columns[0].header, f"与第 {seen[key]} 行重复", row=number))
    else:
        seen[key] = number
    if not problems:
        spec.derive(values, ctx)
    return values, problems


def _plan(spec: Spec, parsed, existing: dict, result: ImportResult):
    """Classify parsed rows into creates and updates; resolve masked cells and same-file references."""
    file_keys = {spec.key(values) for _, _, values in parsed}
    owners = {a: {row[a]: k for k, row in existing.items() if row.get(a)} for a in spec.unique_attrs}
    creates, updates = [], []
    self_refs = [c for c in spec.columns if c.self_ref]
    for number, cells, values in parsed:
        key = spec.key(values)
        old = existing.get(key)
        problems = []
        for column in spec.columns:
            value = values.get(column.attr)
            if isinstance(value, tuple) and value and value[0] is KEEP:
                stored = old.get(column.attr) if old else None
                if stored and column.mask(column.export(stored)) == value[1]:
                    values[column.attr] = stored
                else:
                    problems.append(FieldProblem(column.header, "是脱敏后的值,与已登记的值不符;请填写完整号码", row=number))
        for attr in spec.unique_attrs:
            value = values.get(attr)
            if value and owners[attr].setdefault(value, key) != key:
                header = next(c.header for c in spec.columns if c.attr == attr)
                problems.append(FieldProblem(header, f"“{value}”已被“{owners[attr][value]}”使用", row=number))
        for column in self_refs:
            ref = values.get(column.attr)
            if ref and ref not in file_keys and ref not in existing:
                problems.append(FieldProblem(column.header, f"找不到“{ref}”:应为已登记或本文件中的记录", row=number))
            elif ref == key:
                problems.append(FieldProblem(column.header, "不能指向本记录自身", row=number))
        if problems:
            result.rejected.append((number, cells, problems))
            result.problems.extend(problems)
            continue
        if old is None:
            creates.append(values)
        else:
            changed = {a: values[a] for a in spec.stored_attrs() if a in values and _differs(old.get(a), values[a])}
            if changed:
                updates.append((old, values, changed))
            else:
                result.unchanged += 1
    result.rejected.sort(key=lambda r: r[0])
    result.problems.sort(key=lambda p: p.row or 0)
    return creates, updates


def _differs(old, new) -> bool:
    return json_value(old) != json_value(new)


def _resolve_refs(spec: Spec, values: dict, ids: dict) -> dict:
    out = spec.to_model(values)
    for column in spec.columns:
        if column.self_ref:
            ref = out.pop(column.attr, None)
            out[column.attr + "_id"] = ids[ref] if ref else None
    return out


def _save(actor, spec: Spec, plan, existing: dict, result: ImportResult, source: str) -> None:
    creates, updates = plan
    self_ref_attrs = [c.attr for c in spec.columns if c.self_ref]
    model = spec.model
    with transaction.atomic():
        ids = {k: row["id"] for k, row in existing.items()}
        drafts: list[EventDraft] = []
        # Rows that refer to another new row of this file are created after it (one level: 总所 → 分所).
        first, later = [], []
        for v in creates:
            (later if any(v.get(a) and v[a] not in ids for a in self_ref_attrs) else first).append(v)
        for tier in (first, later):
            insert_many(model, [_resolve_refs(spec, v, ids) for v in tier])
            if tier:  # the database assigned the keys: read them back by natural key
                ids.update(spec.ids_by_key())
            for values in tier:
                drafts.append(EventDraft(
                    action=f"{spec.action}.import_create", object_type=model._meta.label_lower,
                    object_id=str(ids[spec.key(values)]), object_label=spec.label_of(values)[:255],
                    after={a: values.get(a) for a in spec.stored_attrs()}, reason=f"批量导入 {source}".strip(),
                ))
        if updates:
            has_updated_at = any(f.name == "updated_at" for f in model._meta.concrete_fields)
            now = timezone.now()
            objs = []
            for old, values, changed in updates:
                obj = model(id=old["id"], **_resolve_refs(spec, values, ids))
                if has_updated_at:
                    obj.updated_at = now
                objs.append(obj)
                drafts.append(EventDraft(
                    action=f"{spec.action}.import_update", object_type=model._meta.label_lower,
                    object_id=str(old["id"]), object_label=spec.label_of(values)[:255],
                    before={a: old.get(a) for a in changed}, after=changed, reason=f"批量导入 {source}".strip(),
                ))
            fields = [f"{a}_id" if a in self_ref_attrs else a for a in spec.stored_attrs()]
            if has_updated_at:
                fields.append("updated_at")
            model.objects.bulk_update(objs, fields, batch_size=1000)
        record_events(actor=actor, drafts=drafts)
        result.created = len(creates)
        result.updated = len(updates)


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
