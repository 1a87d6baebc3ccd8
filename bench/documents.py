"""Benchmark: printing the standard documents — one 行政处罚决定书 as PDF, and a case file of 20 documents.

    .venv/bin/python bench/documents.py [--runs 20] [--entries 20] [--out DIR]

Uses a hand-made, realistic 行政处罚决定书 (party, ~600 characters of 违法事实, the evidence, the reasons,
the penalties, how to pay, the remedies, the sign-off with the seal). Prints the median of ``--runs``
runs of ``render_pdf`` (target ≤ 0.5 s), of ``render_docx``, and of ``bind_case_file`` with ``--entries``
such documents already printed (target ≤ 10 s on a 2-core machine), and the peak memory (RSS).
``--out DIR`` also writes the decision's PDF and DOCX and the bound case file there.
``measure(fn, runs)`` and ``sample_decision()`` are meant for reuse (e.g. with real case data).
Record results in docs/performance.md.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")

from fazhi.documents.layout import Doc, Para, Row  # noqa: E402 (pure module)

FACTS = (
    "经查，2024年1月至2024年3月期间，当事人在未经司法行政机关核准的情况下，以“天津某某法律咨询服务中心”"
    "名义在本市河西区友谊路某大厦1203室设立办公场所，对外宣传“专业律师团队”“包打官司”，先后接受张某、"
    "李某、王某等7名委托人的委托，代理其民间借贷纠纷、劳动争议等案件，并以律师事务所名义与委托人签订"
    "《委托代理合同》，收取代理费共计人民币86000元。当事人指派不具有律师执业资格的工作人员赵某、孙某"
    "以“律师”身份出庭参与诉讼活动3次，向委托人出具加盖“天津某某法律咨询服务中心”印章的收款收据7张，"
    "未向委托人出具合法票据。2024年3月12日，我局执法人员依据群众举报，会同河西区司法局对上述办公场所"
    "进行现场检查，当场查获《委托代理合同》7份、收款收据存根1本、宣传册120份，当事人负责人刘某在场。"
    "经询问，刘某对以上事实予以认可，并称已将所收代理费用于支付场地租金和工作人员工资。上述行为违反了"
    "《中华人民共和国律师法》第十三条“没有取得律师执业证书的人员，不得以律师名义从事法律服务业务；"
    "除法律另有规定外，不得从事诉讼代理或者辩护业务”的规定。当事人的违法行为持续时间较长，涉及委托人"
    "较多，违法所得数额较大，社会影响较为恶劣。"
)

EVIDENCE = (
    "以上事实有下列证据证明：1.现场检查笔录1份；2.对刘某、赵某、孙某的询问笔录各1份；3.《委托代理合同》"
    "复印件7份；4.收款收据存根1本；5.宣传册样本2份；6.委托人张某等7人的书面证言；7.现场照片12张；"
    "8.天津市律师协会出具的查询证明1份。"
)


def sample_decision(n: int = 12, *, draft: bool = False) -> Doc:
    """A realistic 行政处罚决定书 (第五十九条 lists what it must contain)."""
    return Doc(
        type_no=27, title="行政处罚决定书", issuer="天津市司法局",
        number=f"津司罚〔2024〕{n}号", draft=draft,
        paragraphs=(
            Para("天津某某法律咨询服务中心，统一社会信用代码：91120103MA06XXXX1K，住所：天津市河西区友谊路"
                 "某大厦1203室，负责人：刘某，职务：主任。", key="party", heading="当事人："),
            Para("当事人涉嫌没有取得律师执业证书以律师名义从事法律服务业务一案，本局于2024年3月15日立案调查。"
                 "2024年4月10日，本局向当事人送达了《行政处罚事先告知书》（津司罚告〔2024〕9号），告知其拟作出"
                 "行政处罚的事实、理由、依据及其依法享有的陈述、申辩、要求听证的权利。当事人在法定期限内提出"
                 "了书面陈述、申辩意见，未要求听证。", key="procedure"),
            Para(FACTS, key="facts", heading="一、违法事实。"),
            Para(EVIDENCE, key="evidence", heading="二、证据。"),
            Para("当事人提出其不知道相关行为违法，且已主动停止经营。本局经复核认为，不知法不能成为免除处罚的"
                 "理由；当事人在我局检查后停止经营，不属于《中华人民共和国行政处罚法》第三十二条规定的应当从轻"
                 "或者减轻处罚的情形。对其陈述、申辩意见不予采纳。", key="reasons", heading="三、陈述申辩的采纳情况及理由。"),
            Para("依据《中华人民共和国律师法》第五十五条第一款第一项和《中华人民共和国行政处罚法》第二十八条"
                 "第二款的规定，参照《天津市司法行政机关行政处罚裁量基准》，本局决定对当事人作出如下行政处罚："
                 "\n（一）责令停止非法执业；\n（二）没收违法所得人民币86000元；\n（三）处违法所得四倍罚款，即"
                 "人民币344000元。", key="penalty", heading="四、处罚依据和处罚内容。"),
            Para("当事人应当自收到本决定书之日起十五日内，持本决定书到中国工商银行天津分行各营业网点缴纳罚没款"
                 "（账户名称：天津市财政局，账号：0302XXXXXXXXXXXX）。逾期不缴纳罚款的，本局将依据《中华人民共和国"
                 "行政处罚法》第七十二条第一款第一项的规定，每日按罚款数额的百分之三加处罚款。",
                 key="payment", heading="五、履行方式和期限。"),
            Para("当事人如不服本处罚决定，可以在收到本决定书之日起六十日内向天津市人民政府申请行政复议，"
                 "或者在六个月内依法向天津市河西区人民法院提起行政诉讼。行政复议和行政诉讼期间，本处罚决定"
                 "不停止执行，法律另有规定的除外。", key="remedies", heading="六、救济途径和期限。"),
        ),
        sign_unit="天津市司法局", sign_date="2024年4月28日", seal=True,
        notes=("（本决定书一式三份，一份送达当事人，一份交执行机关，一份存档）",),
    )


def sample_cover(entries: int) -> Doc:
    return Doc(type_no=36, title="行政处罚案卷", issuer="天津市司法局", draft=False, rows=(
        Row("案件名称", "天津某某法律咨询服务中心未取得律师执业证书以律师名义从事法律服务案"),
        Row("案号", "津司罚案〔2024〕7号"), Row("当事人", "天津某某法律咨询服务中心"),
        Row("立卷单位", "天津市司法局法治督察处"), Row("起止日期", "2024年3月12日至2024年6月20日"),
        Row("卷内文书", f"{entries}件"), Row("保管期限", "长期")))


def measure(fn, runs: int) -> tuple[float, object]:
    """Run ``fn`` ``runs`` times; return the median wall time in seconds and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--entries", type=int, default=20)
    parser.add_argument("--out", type=Path, default=None, help="write the sample PDF, DOCX and case file here")
    args = parser.parse_args()

    import django

    django.setup()
    from pypdf import PdfReader

    from fazhi.documents.render.casefile import Entry, bind_case_file
    from fazhi.documents.render.docx import render_docx
    from fazhi.documents.render.pdf import render_pdf

    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    decision = sample_decision()
    start = time.perf_counter()
    first = render_pdf(decision)
    print(f"{'render_pdf: first call (fonts loaded)':<46} {time.perf_counter() - start:8.3f} s")
    pdf_s, pdf = measure(lambda: render_pdf(decision), args.runs)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"{'render_pdf: 行政处罚决定书, median':<46} {pdf_s:8.3f} s  ({pages} pages, {len(pdf) / 1024:.0f} KiB; "
          f"target ≤ 0.5 s)")
    docx_s, docx = measure(lambda: render_docx(decision), args.runs)
    print(f"{'render_docx: 行政处罚决定书, median':<46} {docx_s:8.3f} s  ({len(docx) / 1024:.0f} KiB)")

    start = time.perf_counter()
    entries = [Entry(title="行政处罚决定书", number=f"津司罚〔2024〕{n}号", date="2024年4月28日",
                     pdf=render_pdf(sample_decision(n))) for n in range(1, args.entries + 1)]
    print(f"{f'render_pdf × {args.entries} (the entries)':<46} {time.perf_counter() - start:8.3f} s")
    cover = sample_cover(args.entries)
    bind_s, bound = measure(lambda: bind_case_file(cover, entries), args.runs)
    bound_pages = len(PdfReader(io.BytesIO(bound)).pages)
    print(f"{f'bind_case_file: {args.entries} entries, median':<46} {bind_s:8.3f} s  ({bound_pages} pages, "
          f"{len(bound) / 2**20:.1f} MiB; target ≤ 10 s)")
    print(f"peak RSS {peak_mib():.0f} MiB")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "penalty-decision.pdf").write_bytes(first)
        (args.out / "penalty-decision.docx").write_bytes(docx)
        (args.out / "case-file.pdf").write_bytes(bound)
        print(f"wrote {args.out}/penalty-decision.pdf, .docx and case-file.pdf")


if __name__ == "__main__":
    main()
