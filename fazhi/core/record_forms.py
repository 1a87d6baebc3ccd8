"""Forms generated from an import ``Spec``: one input per ``Column``, named by its ``attr`` and labelled
by its Chinese header, so a form and a spreadsheet row go through the same service and checks.

No validation happens here. The services parse the texts and raise ``ValidationFailed``; each
``FieldProblem`` is shown next to the input whose header it names (``problem.field``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from fazhi.core.errors import FieldProblem
from fazhi.core.importing import Column, Spec


@dataclass
class Widget:
    """How one column is entered. ``kind``: text, tel, date, select, datalist, textarea, checkbox
    (one 是/否 box) or checkboxes (several values joined with “、”). ``options``: (value, label)."""

    kind: str = "text"
    options: list[tuple[str, str]] = field(default_factory=list)
    help: str = ""
    maxlength: int | None = None


@dataclass
class FormField:
    name: str
    label: str
    required: bool
    widget: Widget
    value: str = ""
    values: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"f-{self.name}"

    @property
    def kind(self) -> str:
        return self.widget.kind

    @property
    def described_by(self) -> str:
        ids = []
        if self.errors:
            ids.append(f"{self.id}-error")
        if self.widget.help:
            ids.append(f"{self.id}-help")
        return " ".join(ids)

    @property
    def checked(self) -> bool:
        return self.value == "是"


def _model_field(model, attr: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(attr)
    except FieldDoesNotExist:
        return next((f for f in model._meta.concrete_fields if f.attname == attr), None)


def infer_widget(spec: Spec, column: Column) -> Widget:
    """A widget from the model field behind the column: choices → select (Chinese labels), dates →
    date, booleans → checkbox, long text → textarea. Lookups need an explicit ``Widget``."""
    f = _model_field(spec.model, column.attr)
    if f is None:
        return Widget()
    if f.choices:
        return Widget("select", options=[(str(label), str(label)) for _, label in f.choices])
    if isinstance(f, models.DateField):
        return Widget("date")
    if isinstance(f, models.BooleanField):
        return Widget("checkbox")
    if isinstance(f, models.TextField):
        return Widget("textarea")
    if column.attr == "phone" or column.attr.endswith("_phone"):
        return Widget("tel", maxlength=getattr(f, "max_length", None))
    return Widget("text", maxlength=getattr(f, "max_length", None))


def _default_text(column: Column) -> str:
    if column.default in (None, "", []):
        return ""
    return column.export(column.default)


def build(spec: Spec, *, widgets: dict[str, Widget] | None = None, exclude=(), instance=None, data=None,
          initial: dict[str, str] | None = None, problems: list[FieldProblem] = ()) -> tuple[list[FormField], list[str]]:
    """The form's fields and the reasons that belong to no field shown (to list above the form).

    Values come from ``data`` (a re-rendered POST), else the ``instance`` as exported (personal data
    masked: posting the masked value back keeps the stored one), else ``initial`` and the defaults."""
    widgets = widgets or {}
    fields: list[FormField] = []
    for column in spec.columns:
        if column.attr in exclude:
            continue
        widget = widgets.get(column.attr) or infer_widget(spec, column)
        ff = FormField(name=column.attr, label=column.header, required=column.required, widget=widget)
        if data is not None:
            ff.values = data.getlist(column.attr) if widget.kind == "checkboxes" else []
            ff.value = ("是" if data.get(column.attr) else "否") if widget.kind == "checkbox" \
                else "、".join(ff.values) if widget.kind == "checkboxes" else data.get(column.attr, "")
        elif instance is not None:
            ff.value = spec.export_cell(column, instance)
        else:
            ff.value = (initial or {}).get(column.attr, _default_text(column))
        if widget.kind == "checkboxes" and data is None:
            ff.values = [v for v in ff.value.split("、") if v]
        ff.errors = [p.reason for p in problems if p.field == column.header]
        fields.append(ff)
    shown = {ff.label for ff in fields}
    general = [f"{p.field}:{p.reason}" for p in problems if p.field not in shown]
    return fields, general


def collect(spec: Spec, data, fields: list[FormField]) -> dict[str, str]:
    """Form data as ``{attr: text}`` for the services."""
    texts: dict[str, str] = {}
    for ff in fields:
        if ff.kind == "checkboxes":
            texts[ff.name] = "、".join(v for v in data.getlist(ff.name) if v)
        elif ff.kind == "checkbox":
            texts[ff.name] = "是" if data.get(ff.name) else "否"
        else:
            texts[ff.name] = data.get(ff.name, "")
    return texts
