"""Creating, editing and changing the status of one registry record through its import ``Spec``,
so a form and a spreadsheet row are checked by the same code and give the same Chinese reasons."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from fazhi.core import access
from fazhi.core.audit import changed_fields, record_event, snapshot
from fazhi.core.errors import FieldProblem, ValidationFailed
from fazhi.core.importing import Context, Spec, _parse_row


def _parse(actor, spec: Spec, texts: dict[str, str], *, instance=None) -> dict:
    """Parse form texts keyed by attribute; columns absent from ``texts`` keep the instance's value."""
    ctx = Context(actor=actor, today=timezone.localdate())
    spec.prepare(ctx)
    cells = {}
    for column in spec.columns:
        if column.attr in texts:
            cells[column.header] = (texts[column.attr] or "").strip()
        elif instance is not None:
            cells[column.header] = spec.export_cell_unmasked(column, instance)
    values, problems = _parse_row(spec, ctx, 0, cells, {})
    problems = [FieldProblem(p.field, p.reason) for p in problems]
    for column in spec.columns:  # a masked value in a form means "keep"
        value = values.get(column.attr)
        if isinstance(value, tuple):
            stored = getattr(instance, column.attr, None) if instance is not None else None
            if stored and column.mask(column.export(stored)) == value[1]:
                values[column.attr] = stored
            else:
                problems.append(FieldProblem(column.header, "请填写完整号码"))
    if not problems:
        clash = spec.model.objects.filter(**spec.key_filter(values))
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            problems.append(FieldProblem(spec.columns[0].header, f"“{spec.key(values)}”已被其他记录使用"))
        for attr in spec.unique_attrs:
            others = spec.model.objects.filter(**{attr: values.get(attr)})
            if instance is not None:
                others = others.exclude(pk=instance.pk)
            if values.get(attr) and others.exists():
                header = next(c.header for c in spec.columns if c.attr == attr)
                problems.append(FieldProblem(header, f"“{values[attr]}”已被其他记录使用"))
    if problems:
        raise ValidationFailed(problems)
    return values


def _apply(spec: Spec, obj, values: dict) -> None:
    model_values = spec.to_model(values)
    for column in spec.columns:
        if column.self_ref:
            value = model_values.pop(column.attr, None)
            model_values[column.attr + "_id"] = spec.model.objects.filter(
                **spec.key_filter({spec.columns[0].attr: value})).values_list("id", flat=True).first() if value else None
    for attr, value in model_values.items():
        setattr(obj, attr, value)


def record_create(*, actor, spec: Spec, texts: dict[str, str]):
    access.require(actor, spec.capability, f"新增{spec.label}")
    values = _parse(actor, spec, texts)
    with transaction.atomic():
        obj = spec.model()
        _apply(spec, obj, values)
        obj.save()
        record_event(actor=actor, obj=obj, action=f"{spec.action}.create", after=snapshot(obj))
    return obj


def record_update(*, actor, spec: Spec, obj, texts: dict[str, str], reason: str = ""):
    access.require(actor, spec.capability, f"修改{spec.label}")
    values = _parse(actor, spec, texts, instance=obj)
    with transaction.atomic():
        obj = spec.model.objects.select_for_update().get(pk=obj.pk)
        before = snapshot(obj)
        _apply(spec, obj, values)
        after = snapshot(obj)
        changed = [k for k in changed_fields(before, after) if k != "updated_at"]
        if not changed:
            return obj
        obj.save()
        record_event(actor=actor, obj=obj, action=f"{spec.action}.update",
                     before={k: before[k] for k in changed}, after={k: after[k] for k in changed}, reason=reason)
    return obj


def record_set_status(*, actor, spec: Spec, obj, status: str, reason: str, choices):
    """Change a record's status; a reason is required (records are never deleted)."""
    access.require(actor, spec.capability, f"变更{spec.label}状态")
    problems = []
    if status not in dict(choices.choices):
        problems.append(FieldProblem("状态", f"“{status}”不是有效的状态"))
    if not (reason or "").strip():
        problems.append(FieldProblem("理由", "变更状态必须填写理由"))
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        obj = spec.model.objects.select_for_update().get(pk=obj.pk)
        if obj.status == status:
            raise ValidationFailed(FieldProblem("状态", "新状态与当前状态相同"))
        before = obj.status
        obj.status = status
        obj.save()
        record_event(actor=actor, obj=obj, action=f"{spec.action}.status", before={"status": before},
                     after={"status": status}, reason=reason.strip())
    return obj
