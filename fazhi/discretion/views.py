"""Public pages of the 行政处罚裁量基准 (行政处罚法 第三十四条: 裁量基准应当向社会公布). No login.

- ``index``: the published files (title, version, effective date, publisher) and their matters;
- ``matter``: one matter's statutory range with sources, its tiers with their conditions, the 第五十一条
  escalations, the circumstance codes and the 第三十三条 rules that apply;
- ``exemptions``: the 免罚事项清单 (行政处罚法 第三十三条);
- ``calculator``: a GET form; the result is ``engine.recommend``'s, explanation included, word for word;
- ``api_recommend``: the same as JSON, the text ``fazhi discretion recommend`` prints.

The views load the benchmark, call ``calculator.evaluate`` (which calls the engine) and format; they store
and log nothing of what is asked (Django logs a refused request by its path only, never the query string).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from fazhi.core.registry_views import is_htmx
from fazhi.discretion import benchmark as bm
from fazhi.discretion import calculator as calc
from fazhi.discretion import publish, serialize
from fazhi.discretion.model import POWERS

LABELS = {
    "code": "违法事项", "party_type": "当事人类型", "harm": "危害后果", "first_offence": "初次违法",
    "corrected_in_time": "及时改正", "minor_violation": "违法行为轻微", "no_fault": "有证据足以证明没有主观过错",
    "endangers_life_or_finance": "违法行为涉及公民生命健康安全、金融安全且有危害后果",
    "illegal_gains": "违法所得(元)", "violation_date": "违法行为发生日期",
    "violation_ended_on": "违法行为终了日期", "discovered_on": "发现日期", "decision_date": "决定日期",
    "mitigating": "从轻、减轻情节", "aggravating": "从重情节", "prior_penalties": "此前受到的行政处罚",
}
ORDER = ("code", "party_type", "harm", *calc.FLAGS, "illegal_gains", *calc.DATES, *calc.CODES, "prior_penalties")
PRIOR_LABELS = {"basis": "处罚依据", "penalty": "处罚种类", "decided_on": "决定日期", "ended_on": "执行完毕日期"}
HELP = {
    "illegal_gains": "没有违法所得的不填。只填数字,如 3000 或 3000.50。",
    "violation_ended_on": "违法行为有连续或者继续状态的,填终了之日;追责期限从这一天起算。",
    "discovered_on": "不填的,按决定日期核对追责期限。",
    "decision_date": "默认今天;行政处罚法第三十七条比较违法行为发生时和决定时的规定。",
    "minor_violation": "与“及时改正”“没有造成危害后果”同时具备的,应当不予处罚(第三十三条第一款)。",
    "first_offence": "与“危害后果轻微(或没有)”“及时改正”同时具备的,列入免罚清单的事项可以不予处罚。",
}


@dataclass
class Field:
    name: str
    label: str
    value: str = ""
    values: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    help: str = ""
    target: str = ""  # the control a link to this field leads to (default: its own)

    @property
    def id(self) -> str:
        return f"f-{self.name}"

    @property
    def anchor(self) -> str:
        return self.target or self.id

    @property
    def describedby(self) -> str:
        ids = ([f"{self.id}-help"] if self.help else []) + ([f"{self.id}-error"] if self.errors else [])
        return " ".join(ids)


def _benchmark():
    return bm.current()  # BenchmarkInvalid is a DomainError: the middleware shows its message


def index(request):
    b = _benchmark()
    return render(request, "discretion/public/index.html", {
        "groups": publish.catalogue(b), "others": publish.other_files(b),
        "mitigating": publish.circumstance_groups(b, "mitigating"),
        "aggravating": publish.circumstance_groups(b, "aggravating"),
    })


def matter(request, code):
    b = _benchmark()
    v = b.violations.get(code)
    if v is None:
        raise Http404("裁量基准中没有此事项")
    today = timezone.localdate()
    return render(request, "discretion/public/matter.html", {
        "v": v, "info": publish.file_info(b, v.file), "today": today, "parties": publish.parties(v),
        "power_label": POWERS[v.power], "statutory": publish.statutory(v, today), "tiers": publish.tiers(v, today),
        "escalations": publish.escalations(b, v, today), "circumstances": publish.circumstances_used(b, v),
        "exemptions": publish.exemption_rows(b, v),
    })


def exemptions(request):
    b = _benchmark()
    rows = [(row, publish.listed_matters(b, row.exemption)) for row in publish.exemption_rows(b)]
    files = {publish.file_info(b, name) for name in publish.exemption_files(b)}
    return render(request, "discretion/public/exemptions.html", {
        "mandatory": [r for r in rows if r[0].exemption.kind == "mandatory"],
        "discretionary": [r for r in rows if r[0].exemption.kind != "mandatory"],
        "files": sorted((f for f in files if f), key=lambda f: f.name),
    })


def _form(b, query, outcome: calc.Outcome | None) -> dict:
    """The form's fields with the values sent and the reasons given for each."""
    errors = outcome.errors if outcome else {}
    fields = {}
    for name in ("code", "party_type", "harm", "illegal_gains", *calc.DATES):
        fields[name] = Field(name, LABELS[name], (query.get(name) or "").strip(), errors=errors.get(name, []),
                             help=HELP.get(name, ""))
    if not outcome:  # a fresh form: today as the decision date, a 公民 as the party
        fields["decision_date"].value = fields["decision_date"].value or timezone.localdate().isoformat()
        fields["party_type"].value = fields["party_type"].value or "person"
    for name in calc.FLAGS:
        fields[name] = Field(name, LABELS[name], "true" if calc.flag(query.get(name)) is True else "",
                             errors=errors.get(name, []), help=HELP.get(name, ""))
    for name in calc.CODES:
        fields[name] = Field(name, LABELS[name], values=query.getlist(name), errors=errors.get(name, []))
    rows, cells = [], {}
    for row in range(calc.PRIOR_ROWS):
        row_cells = {f: Field(f"prior-{row}-{f}", _label(f"prior-{row}-{f}"),
                              (query.get(f"prior-{row}-{f}") or "").strip(), errors=errors.get(f"prior-{row}-{f}", []))
                     for f in calc.PRIOR_FIELDS}
        cells.update({c.name: c for c in row_cells.values()})
        cells[f"prior-{row}"] = Field(f"prior-{row}", f"此前处罚第 {row + 1} 项", errors=errors.get(f"prior-{row}", []),
                                      target=f"f-prior-{row}-basis")
        rows.append({"n": row + 1, "errors": cells[f"prior-{row}"].errors, **row_cells})
    fields["prior_penalties"] = Field("prior_penalties", LABELS["prior_penalties"],
                                      errors=errors.get("prior_penalties", []), target="f-prior-0-basis")
    summary = []
    for name in [*ORDER, *cells]:  # in the order of the form; GENERAL problems are listed apart
        target = fields.get(name) or cells.get(name)
        summary += [(target.anchor, target.label, reason) for reason in errors.get(name, [])]
    prior_open = bool(fields["prior_penalties"].errors) or any(c.value or c.errors for c in cells.values())
    general = errors.get(calc.GENERAL, [])
    return {"fields": fields, "priors": rows, "summary": summary, "general": general,
            "problem_count": len(summary) + len(general), "prior_open": prior_open,
            "matters": publish.matter_choices(b), "harm_choices": publish.HARM_CHOICES,
            "party_choices": publish.PARTY_CHOICES,
            "prior_kinds": publish.prior_kinds(),
            "articles": sorted({v.article for v in b.violations.values()}),
            "mitigating_groups": publish.circumstance_groups(b, "mitigating"),
            "aggravating_groups": publish.circumstance_groups(b, "aggravating")}


def calculator(request):
    b = _benchmark()
    outcome = calc.evaluate(b, request.GET) if calc.submitted(request.GET) else None
    rec = outcome.recommendation if outcome and outcome.ok else None
    context = {"outcome": outcome, "rec": rec, **_form(b, request.GET, outcome)}
    if rec is not None:
        context.update({
            "v": rec.violation, "power_label": POWERS[rec.power], "reason": publish.no_penalty_reason(b, rec),
            "range": publish.shown_range(rec), "info": publish.file_info(b, rec.violation.file),
            "api_url": f"{reverse('public_discretion:api_recommend')}?{_known(request.GET)}",
        })
    template = "discretion/public/_calculator_htmx.html" if is_htmx(request) else "discretion/public/calculator.html"
    response = render(request, template, context, status=400 if outcome and not outcome.ok else 200)
    patch_vary_headers(response, ["HX-Request"])
    return response


def api_recommend(request):
    """``GET …/api/recommend?code=LS-47&party_type=person&…``: the JSON of ``fazhi discretion recommend``;
    refused input gives 400 with ``{error, message, problems: [{field, label, reason}]}``."""
    outcome = calc.evaluate(_benchmark(), request.GET, strict=True)
    if outcome.ok:
        return HttpResponse(serialize.dumps(outcome.recommendation), content_type="application/json; charset=utf-8")
    problems = [{"field": None if name == calc.GENERAL else name, "label": _label(name), "reason": reason}
                for name, reasons in outcome.errors.items() for reason in reasons]
    message = ";".join(f"{p['field']}({p['label']}):{p['reason']}" if p["field"] else p["reason"] for p in problems)
    return JsonResponse({"error": "discretion_input_invalid", "message": message, "problems": problems}, status=400,
                        json_dumps_params={"ensure_ascii": False})


def _known(query) -> str:
    """The query string without parameters the calculator does not know (the endpoint would refuse them)."""
    return urlencode([(k, v) for k in query if k in calc.KNOWN for v in query.getlist(k)])


def _label(name: str) -> str:
    """The Chinese name of a parameter: ``harm`` → 危害后果, ``prior-1-decided_on`` → 此前处罚第 2 项决定日期."""
    parts = name.split("-")
    if parts[0] == "prior" and len(parts) >= 2 and parts[1].isdigit():
        return f"此前处罚第 {int(parts[1]) + 1} 项" + (PRIOR_LABELS.get(parts[2], "") if len(parts) > 2 else "")
    return LABELS.get(name, "")
