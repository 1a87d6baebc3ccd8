"""Import/export specs of the 法律依据库 (laws, and their articles)."""

from __future__ import annotations

from fazhi.accounts.roles import Cap
from fazhi.core import cells
from fazhi.core.errors import FieldProblem
from fazhi.core.importing import CellError, Column, Spec
from fazhi.laws.models import Article, Law, LawKind
from fazhi.laws.numerals import article_label, parse_article


def parse_article_number(text: str, ctx) -> int:
    try:
        return parse_article(text)
    except ValueError as exc:
        raise CellError(str(exc)) from None


class LawSpec(Spec):
    key_attrs = ("name", "effective_from")
    label = "法律法规"
    model = Law
    action = "law"
    capability = Cap.LAW_EDIT
    district_attr = None
    columns = [
        Column("法规名称", "name", cells.text(200)),
        Column("简称", "short_name", cells.text(60)),
        Column("效力层级", "kind", cells.choice(LawKind, "效力层级"), export=cells.export_choice(LawKind)),
        Column("制定机关", "issuer", cells.text(100)),
        Column("文号", "document_number", cells.text(100), required=False),
        Column("公布日期", "promulgated_on", cells.date, required=False, default=None, export=cells.export_date),
        Column("施行日期", "effective_from", cells.date, export=cells.export_date),
        Column("失效日期", "effective_to", cells.date, required=False, default=None, export=cells.export_date),
    ]

    def key(self, values):
        return (values["name"], values["effective_from"])

    def key_filter(self, values):
        return {"name": values["name"], "effective_from": values["effective_from"]}

    def label_of(self, values):
        return values["name"]

    def check(self, values, ctx):
        if values.get("effective_to") and values["effective_to"] <= values["effective_from"]:
            return [FieldProblem("失效日期", "应晚于施行日期")]
        return []


class ArticleSpec(Spec):
    key_attrs = ("law_id", "number")
    label = "条文"
    model = Article
    action = "article"
    capability = Cap.LAW_EDIT
    district_attr = None
    select_related = ("law",)
    columns = [
        Column("法规名称", "law_name", cells.text(200), source="law.name"),
        Column("施行日期", "law_effective_from", cells.date, source="law.effective_from", export=cells.export_date),
        Column("条", "number", parse_article_number, export=article_label),
        Column("条文", "text", cells.text(20000)),
    ]

    def prepare(self, ctx):
        ctx.lookups["laws"] = {(n, d): pk for pk, n, d in Law.objects.values_list("id", "name", "effective_from")}

    def check(self, values, ctx):
        law_id = ctx.lookups["laws"].get((values["law_name"], values["law_effective_from"]))
        if law_id is None:
            return [FieldProblem("法规名称", f"法律依据库中没有{values['law_effective_from']}施行的《{values['law_name']}》,"
                                            "请先导入该法规")]
        values["law_id"] = law_id
        return []

    def key(self, values):
        return (values["law_id"], values["number"])

    def key_filter(self, values):
        return {"law_id": values["law_id"], "number": values["number"]}

    def label_of(self, values):
        return f"《{values.get('law_name', '')}》{article_label(values['number'])}"

    def stored_attrs(self):
        return ["law_id", "number", "text"]
