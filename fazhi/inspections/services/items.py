"""抽查事项清单 (国办发〔2015〕58号: basis, inspecting body, content and method of each item).

One list per field and version. A DRAFT is edited, then published; publishing supersedes the field's
previous published version. A published list never changes: a change is a new version
(``item_list_new_version`` copies the current one into a new DRAFT).

The lists are city-wide data, like the 法律依据库: only a city-level holder of ``inspection.plan``
changes them (the city bureau issues the 抽查工作指引 that the districts apply).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from fazhi.accounts.roles import Cap
from fazhi.core import access
from fazhi.core.audit import record_event, snapshot
from fazhi.core.errors import FieldProblem, InvalidTransition, PermissionDenied, ValidationFailed
from fazhi.core.fields import Field
from fazhi.inspections.models import InspectionItem, ItemList
from fazhi.inspections.models.items import InspectionMethod, ItemListStatus
from fazhi.institutions.models import InstitutionKind
from fazhi.laws.models import Article, Law
from fazhi.laws.numerals import article_label

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "data" / "items.toml"
LIST_FIELDS = ["field", "version", "title", "status", "published_at", "note"]
ITEM_FIELDS = ["code", "name", "sub_items", "basis_text", "inspecting_body", "target_kinds", "ratio", "frequency",
               "methods", "inspector_requirements", "checklist"]
EDITABLE = [f for f in ITEM_FIELDS if f != "code"] + ["article_ids"]
_WHAT = "维护抽查事项清单"


def _require(actor) -> None:
    if actor is None:  # the system: data loading, the demo
        return
    access.require(actor, Cap.INSPECTION_PLAN, _WHAT)
    if not access.is_city_wide(actor):
        raise PermissionDenied("抽查事项清单由市司法局统一制定和发布,区级用户不能修改")


def _item_snapshot(item: InspectionItem) -> dict:
    data = snapshot(item, ITEM_FIELDS)
    data["article_ids"] = sorted(item.articles.values_list("id", flat=True)) if item.pk else []
    return data


# ---------------------------------------------------------------- checking an item's values

def _lines(value) -> list[str]:
    if isinstance(value, str):
        return [line.strip() for line in value.splitlines() if line.strip()]
    return [str(v).strip() for v in value or [] if str(v).strip()]


def _checklist(value) -> list[dict]:
    """``[{code, text}]`` from a list of dicts, or from text lines "编码 检查要点"."""
    if isinstance(value, str):
        out = []
        for line in _lines(value):
            code, _, text = line.partition(" ")
            out.append({"code": code.strip(), "text": text.strip()})
        return out
    return [{"code": str(e.get("code", "")).strip(), "text": str(e.get("text", "")).strip()} for e in value or []]


def clean_item_data(data: dict) -> tuple[dict, list[FieldProblem]]:
    """The submitted values of an item (texts from a form, or Python values), normalised, and every
    reason they are refused."""
    problems: list[FieldProblem] = []
    values: dict = {}
    for name, label, limit in (("name", "抽查事项", 200), ("inspecting_body", "检查主体", 100),
                               ("frequency", "抽查频次", 50)):
        if name in data:
            text = str(data[name] or "").strip()
            if not text:
                problems.append(FieldProblem(label, "不能为空"))
            elif len(text) > limit:
                problems.append(FieldProblem(label, f"不能超过 {limit} 个字"))
            values[name] = text
    for name in ("basis_text", "inspector_requirements"):
        if name in data:
            values[name] = str(data[name] or "").strip()
    if "sub_items" in data:
        values["sub_items"] = _lines(data["sub_items"])
    for name, label, allowed in (("target_kinds", "检查对象类型", InstitutionKind), ("methods", "检查方式",
                                                                                  InspectionMethod)):
        if name in data:
            codes = _lines(data[name])
            unknown = [c for c in codes if c not in allowed.values]
            if unknown:
                problems.append(FieldProblem(label, f"未知的取值“{'、'.join(unknown)}”"))
            elif not codes:
                problems.append(FieldProblem(label, "至少选择一项"))
            values[name] = [c for c in allowed.values if c in codes]
    if "ratio" in data:
        text = str(data["ratio"]).strip()
        try:
            ratio = Decimal(text.rstrip("%")) / (100 if text.endswith("%") else 1)
            ok = ratio.is_finite() and Decimal(0) < ratio <= Decimal(1) and ratio == ratio.quantize(Decimal("0.0001"))
        except InvalidOperation:
            ratio, ok = None, False
        if not ok:
            problems.append(FieldProblem("抽查比例", "应为大于 0、不超过 1 的小数(至多四位),如 0.35 或 35%"))
        values["ratio"] = ratio
    if "checklist" in data:
        entries = _checklist(data["checklist"])
        codes = [e["code"] for e in entries]
        if not entries:
            problems.append(FieldProblem("检查内容", "至少列出一项检查要点"))
        for e in entries:
            if not re.fullmatch(r"[A-Za-z0-9-]{1,40}", e["code"]):
                problems.append(FieldProblem("检查内容", f"编码“{e['code']}”无效:应为字母、数字和连字符,至多 40 位"))
            if not e["text"] or len(e["text"]) > 300:
                problems.append(FieldProblem("检查内容", f"{e['code']} 的检查要点应为 1–300 个字"))
        for code in sorted({c for c in codes if codes.count(c) > 1}):
            problems.append(FieldProblem("检查内容", f"编码 {code} 重复"))
        values["checklist"] = entries
    if "article_ids" in data:
        ids = sorted({int(i) for i in _lines(data["article_ids"]) if str(i).isdigit()})
        found = set(Article.objects.filter(pk__in=ids).values_list("id", flat=True))
        if len(found) != len(ids):
            problems.append(FieldProblem("法律依据", "所选条文不在法律依据库中"))
        values["article_ids"] = ids
    return values, problems


def _apply(item: InspectionItem, values: dict) -> None:
    for name, value in values.items():
        if name != "article_ids":
            setattr(item, name, value)


# ---------------------------------------------------------------- edit, publish, new version

def item_update(*, actor, item: InspectionItem, data: dict, reason: str = "") -> InspectionItem:
    """Change an item of a DRAFT list; a published (or superseded) list is immutable."""
    _require(actor)
    values, problems = clean_item_data({k: v for k, v in data.items() if k in EDITABLE})
    with transaction.atomic():
        item = InspectionItem.objects.select_for_update().select_related("item_list").get(pk=item.pk)
        if item.item_list.status != ItemListStatus.DRAFT:
            raise InvalidTransition(f"“{item.item_list}”已{item.item_list.get_status_display()},不能修改;"
                                    "请新建版本后在草稿中修改")
        if problems:
            raise ValidationFailed(problems)
        if "checklist" in values:
            clash = _clashing_codes(item, values["checklist"])
            if clash:
                raise ValidationFailed(FieldProblem("检查内容", f"编码 {'、'.join(clash)} 已用于本清单的其他事项"))
        before = _item_snapshot(item)
        _apply(item, values)
        item.save()
        if "article_ids" in values:
            item.articles.set(values["article_ids"])
        after = _item_snapshot(item)
        if after != before:
            record_event(actor=actor, obj=item, action="inspection_item.update", before=before, after=after,
                         reason=reason)
    return item


def _clashing_codes(item: InspectionItem, checklist: list[dict]) -> list[str]:
    mine = {e["code"] for e in checklist}
    others = InspectionItem.objects.filter(item_list_id=item.item_list_id).exclude(pk=item.pk)
    return sorted(mine & {e["code"] for o in others for e in o.checklist})


def item_list_publish(*, actor, item_list: ItemList) -> ItemList:
    """DRAFT → PUBLISHED; the field's previously published version becomes SUPERSEDED."""
    _require(actor)
    with transaction.atomic():
        lists = list(ItemList.objects.select_for_update().filter(field=item_list.field).order_by("version"))
        item_list = next(lst for lst in lists if lst.pk == item_list.pk)
        if item_list.status != ItemListStatus.DRAFT:
            raise InvalidTransition(f"只有草稿可以发布;“{item_list}”{item_list.get_status_display()}")
        items = list(item_list.items.all())
        if not items:
            raise ValidationFailed(FieldProblem("抽查事项", "清单中没有抽查事项,不能发布"))
        problems = []
        for item in items:
            _, item_problems = clean_item_data(_item_snapshot(item) | {"ratio": item.ratio})
            problems += [FieldProblem(f"{item.code} {p.field}", p.reason) for p in item_problems]
        if problems:
            raise ValidationFailed(problems)
        now = timezone.now()
        for old in lists:
            if old.status == ItemListStatus.PUBLISHED:
                before = snapshot(old, LIST_FIELDS)
                old.status = ItemListStatus.SUPERSEDED
                old.save(update_fields=["status"])
                record_event(actor=actor, obj=old, action="item_list.supersede", before=before,
                             after=snapshot(old, LIST_FIELDS), reason=f"由第 {item_list.version} 版替代")
        before = snapshot(item_list, LIST_FIELDS)
        item_list.status, item_list.published_at = ItemListStatus.PUBLISHED, now
        item_list.save(update_fields=["status", "published_at"])
        record_event(actor=actor, obj=item_list, action="item_list.publish", before=before,
                     after=snapshot(item_list, LIST_FIELDS))
    return item_list


def item_list_new_version(*, actor, field: str) -> ItemList:
    """A new DRAFT of ``field``, version + 1, copied from the current published list (or the latest)."""
    _require(actor)
    if field not in Field.values:
        raise ValidationFailed(FieldProblem("领域", f"未知的领域“{field}”"))
    with transaction.atomic():
        lists = list(ItemList.objects.select_for_update().filter(field=field).order_by("-version"))
        draft = next((lst for lst in lists if lst.status == ItemListStatus.DRAFT), None)
        if draft is not None:
            raise ValidationFailed(FieldProblem("领域", f"已有草稿“{draft}”,请先修改并发布该草稿"))
        source = next((lst for lst in lists if lst.status == ItemListStatus.PUBLISHED), lists[0] if lists else None)
        version = (lists[0].version if lists else 0) + 1
        title = source.title if source else f"{Field(field).label}领域“双随机、一公开”抽查事项清单"
        new = ItemList.objects.create(field=field, version=version, title=title, note=source.note if source else "")
        record_event(actor=actor, obj=new, action="item_list.new_version", after=snapshot(new, LIST_FIELDS),
                     reason=f"复制自第 {source.version} 版" if source else "")
        for item in source.items.all() if source else []:
            copy = InspectionItem.objects.create(item_list=new, **{f: getattr(item, f) for f in ITEM_FIELDS})
            copy.articles.set(item.articles.all())
    return new


# ---------------------------------------------------------------- the default lists

@dataclass
class LoadReport:
    lists_created: int = 0
    items_created: int = 0
    articles_linked: int = 0
    cited_as_text: int = 0


def default_lists(path: Path = DEFAULT_FILE) -> list[dict]:
    with open(path, "rb") as fh:
        return tomllib.load(fh)["lists"]


def _find_article(short_name: str, number: int, on: dt.date):
    """The article ``number`` of the version of ``short_name`` in force on ``on`` (else the newest)."""
    laws = Law.objects.filter(short_name=short_name).order_by("-effective_from")
    in_force = laws.filter(effective_from__lte=on).filter(Q(effective_to__isnull=True) | Q(effective_to__gt=on))
    law = in_force.first() or laws.first()
    if law is None:
        return None, short_name
    return Article.objects.filter(law=law, number=number).first(), law.name


def _source_note(spec: dict) -> str:
    lines = [spec.get("note", "").strip(), "本地取值及其来源:"]
    for item in spec["items"]:
        lines.append(f"{item['code']} 抽查比例 {item['ratio']}:{item['ratio_source']}")
        lines.append(f"{item['code']} 抽查频次“{item['frequency']}”:{item['frequency_source']}")
        lines.append(f"{item['code']} 检查主体“{item['inspecting_body']}”:{item['body_source']}")
    return "\n".join(line for line in lines if line)


def item_lists_load_default(*, actor=None, today: dt.date | None = None, path: Path = DEFAULT_FILE) -> LoadReport:
    """Create and publish version 1 of each field's default list (``data/items.toml``). Idempotent: a
    field that already has a list, of any version or status, is left as it is."""
    _require(actor)
    today = today or timezone.localdate()
    report = LoadReport()
    for spec in default_lists(path):
        with transaction.atomic():
            if ItemList.objects.select_for_update().filter(field=spec["field"]).exists():
                continue
            lst = ItemList.objects.create(field=spec["field"], version=1, title=spec["title"], note=_source_note(spec))
            record_event(actor=actor, obj=lst, action="item_list.load_default", after=snapshot(lst, LIST_FIELDS))
            for entry in spec["items"]:
                values, problems = clean_item_data({k: entry[k] for k in EDITABLE if k in entry})
                if problems:
                    raise ValidationFailed([FieldProblem(f"{entry['code']} {p.field}", p.reason) for p in problems])
                linked, cited = [], []
                for short_name, number in entry.get("basis", []):
                    article, law_name = _find_article(short_name, number, today)
                    if article is not None:
                        linked.append(article)
                    else:
                        cited.append(f"《{law_name}》{article_label(number)}")
                basis_text = ";".join(cited + ([values["basis_text"]] if values.get("basis_text") else []))
                item = InspectionItem.objects.create(item_list=lst, code=entry["code"],
                                                     **(values | {"basis_text": basis_text}))
                item.articles.set(linked)
                record_event(actor=actor, obj=item, action="inspection_item.create", after=_item_snapshot(item))
                report.items_created += 1
                report.articles_linked += len(linked)
                report.cited_as_text += len(cited)
            item_list_publish(actor=actor, item_list=lst)
            report.lists_created += 1
    return report

