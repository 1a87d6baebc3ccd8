"""Seeded, deterministic generator of Tianjin demo data. Pure Python: no Django import.

Every row is a plain ``dict`` keyed by the CHINESE column headers of the import spreadsheets
(``INSTITUTION_HEADERS``, ``PRACTITIONER_HEADERS``, ``OFFICER_HEADERS``), all values strings
(``""`` when empty) — exactly what a bureau would type into a sheet, so the importers read them.

All people are FICTITIOUS. 身份证号 are FAKE but valid-looking: a Tianjin district code, a random
birth date (1960–1998), a random sequence and the GB 11643 check character — they belong to
nobody. Phone numbers are random. 统一社会信用代码 carry a valid GB 32100 check character.

Determinism: one ``random.Random`` per stream, seeded from ``seed`` (never the global generator,
never the clock, never set iteration order); ``today`` is a parameter. Same arguments ⇒ identical rows.

Size: ``institutions`` and ``practitioners`` are ``RowStream`` objects — lazy and re-iterable:
each ``iter()`` regenerates the same rows from the seed in O(1) memory, so ``scale=1_000_000``
streams without building lists (``list(data.institutions)`` materialises when wanted). ``officers``
and ``judicial_offices`` are small lists. A branch (律师事务所分所) follows its head office directly,
so no table of heads is kept.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from math import gcd
from typing import Callable, Iterator

from fazhi.core.identifiers import USCC_CHARSET, id_number_check_char, make_uscc
from fazhi.demo import names as N
from fazhi.demo.names import TIANJIN, District
from fazhi.laws.numerals import chinese_number
from fazhi.orgs.tianjin import CITY_BUREAU

INSTITUTION_HEADERS = ("统一社会信用代码", "名称", "机构类型", "总所统一社会信用代码", "执业许可证号", "所在区", "住所",
                       "负责人", "办公电话", "成立日期", "状态", "风险等级")
PRACTITIONER_HEADERS = ("执业证号", "姓名", "类别", "执业机构统一社会信用代码", "身份证号", "手机号码", "执业证颁发日期", "状态")
OFFICER_HEADERS = ("执法证号", "姓名", "所在单位", "执法证有效期起", "执法证有效期止", "可检查领域", "具有法律职业资格",
                   "手机号码", "状态")

ARBITRATION, NOTARY, APPRAISAL = "仲裁机构", "公证机构", "司法鉴定机构"
LAW_FIRM, BRANCH, GRASSROOTS = "律师事务所", "律师事务所分所", "基层法律服务所"
# Realistic Tianjin mix at the default scale (831 institutions); also the proportions for ``scale=N``.
BASE_COUNTS = {ARBITRATION: 1, NOTARY: 20, APPRAISAL: 30, LAW_FIRM: 600, BRANCH: 60, GRASSROOTS: 120}
DEFAULT_INSTITUTIONS = sum(BASE_COUNTS.values())
BASE_OFFICERS, BASE_CITY_OFFICERS = 200, 40
FIELD_LABELS = ("律师", "公证", "司法鉴定", "仲裁", "基层法律服务")  # canonical order in 可检查领域
PRACTITIONER_KIND = {LAW_FIRM: "律师", BRANCH: "律师", NOTARY: "公证员", APPRAISAL: "司法鉴定人",
                     ARBITRATION: "仲裁员", GRASSROOTS: "基层法律服务工作者"}
# GB 32100 position 2 under registering authority 3 (司法行政); see fazhi.core.identifiers.
USCC_TYPE = {LAW_FIRM: "1", BRANCH: "1", NOTARY: "2", GRASSROOTS: "3", APPRAISAL: "4", ARBITRATION: "5"}

_ORG_SPACE = 31 ** 9                  # organisation-code positions 9–17
_BRAND = "".join(dict.fromkeys(N.BRAND_CHARS))
_SURNAMES = [s for s, _ in N.SURNAMES]
_SURNAME_CUM = [sum(w for _, w in N.SURNAMES[:i + 1]) for i in range(len(N.SURNAMES))]
_MALE, _FEMALE = "".join(dict.fromkeys(N.GIVEN_MALE)), "".join(dict.fromkeys(N.GIVEN_FEMALE))
_BY_CODE = {d.code: i for i, d in enumerate(TIANJIN)}
_LAW_CUM = [sum(d.law for d in TIANJIN[:i + 1]) for i in range(len(TIANJIN))]
_POP_CUM = [sum(d.pop for d in TIANJIN[:i + 1]) for i in range(len(TIANJIN))]
_SUBDISTRICTS = [(i, s) for i, d in enumerate(TIANJIN) for s in d.subs]


class RowStream:
    """Lazy, re-iterable rows: every ``iter()`` regenerates the identical sequence from the seed."""

    def __init__(self, factory: Callable[[], Iterator[dict[str, str]]]):
        self._factory = factory

    def __iter__(self) -> Iterator[dict[str, str]]:
        return self._factory()


@dataclass(frozen=True)
class DemoData:
    seed: int
    today: date
    counts: dict[str, int]              # institutions per 机构类型, in generation order
    institutions: RowStream             # INSTITUTION_HEADERS rows; a head office precedes its branches
    practitioners: RowStream            # PRACTITIONER_HEADERS rows, grouped by institution
    officers: list[dict[str, str]]      # OFFICER_HEADERS rows
    judicial_offices: list[dict[str, str]]  # {"name", "district_code", "code"}

    @property
    def institution_count(self) -> int:
        return sum(self.counts.values())


def generate(seed: int = 2024, *, today: date, scale: int | None = None) -> DemoData:
    """Tianjin demo data. ``scale=None``: the realistic city (831 institutions, ~5,400 practitioners,
    200 officers); ``scale=N``: exactly N institutions in the same mix, practitioners and officers in
    proportion. ``today`` anchors dates (licence validity, establishment); the clock is never read."""
    counts = plan_counts(DEFAULT_INSTITUTIONS if scale is None else scale)
    total = sum(counts.values())
    n_officers = BASE_OFFICERS if scale is None else max(2, round(BASE_OFFICERS * total / DEFAULT_INSTITUTIONS))
    return DemoData(
        seed=seed, today=today, counts=counts,
        institutions=RowStream(lambda: (row for row, _ in _institution_records(seed, today, dict(counts)))),
        practitioners=RowStream(lambda: _practitioner_rows(seed, today, dict(counts))),
        officers=_officer_rows(seed, today, n_officers),
        judicial_offices=judicial_offices(),
    )


def plan_counts(n: int) -> dict[str, int]:
    """Split ``n`` institutions over the kinds by ``BASE_COUNTS`` (largest remainder); one 仲裁委员会."""
    if n < 0:
        raise ValueError("scale must be ≥ 0")
    arbitration = 1 if n >= 6 else 0
    rest = {k: v for k, v in BASE_COUNTS.items() if k != ARBITRATION}
    weight = sum(rest.values())
    exact = {k: (n - arbitration) * v / weight for k, v in rest.items()}
    counts = {k: int(x) for k, x in exact.items()}
    short = n - arbitration - sum(counts.values())
    for k in sorted(exact, key=lambda k: (counts[k] - exact[k], list(rest).index(k)))[:short]:
        counts[k] += 1
    return {ARBITRATION: arbitration, **{k: counts[k] for k in rest}}


def judicial_offices() -> list[dict[str, str]]:
    """One 司法所 per 街道/乡镇 (~250 over the 16 districts, as in Tianjin): 天津市河西区友谊路司法所."""
    rows = []
    for d in TIANJIN:
        for k, sub in enumerate(d.subs, 1):
            base = sub[:-1] if sub.endswith("街") else sub
            rows.append({"name": f"天津市{d.name}{base}司法所", "district_code": d.code, "code": f"{d.code}-SFS-{k:02d}"})
    return rows


# ---------------------------------------------------------------- shared helpers

def _rand_date(rng: random.Random, lo: date, hi: date) -> date:
    return lo if hi <= lo else date.fromordinal(lo.toordinal() + rng.randrange((hi - lo).days + 1))


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def _person(rng: random.Random) -> tuple[str, bool]:
    """A fictitious name and whether the person is male."""
    male = rng.random() < 0.52
    pool = _MALE if male else _FEMALE
    surname = rng.choices(_SURNAMES, cum_weights=_SURNAME_CUM)[0]
    given = rng.choice(pool) if rng.random() < 0.3 else rng.choice(pool) + rng.choice(pool)
    return surname + given, male


def _mobile(rng: random.Random) -> str:
    return f"{rng.choice(N.MOBILE_PREFIXES)}{rng.randrange(10 ** 8):08d}"


def _id_number(rng: random.Random, region: str, birth: date, male: bool) -> str:
    seq = rng.randrange(500) * 2 + (1 if male else 0)  # 17th digit: odd for men
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_number_check_char(first17)


def _base31(x: int) -> str:
    out = []
    for _ in range(9):
        x, r = divmod(x, 31)
        out.append(USCC_CHARSET[r])
    return "".join(reversed(out))


def _coprime(rng: random.Random, space: int) -> int:
    m = rng.randrange(space // 3, space)
    while gcd(m, space) != 1:
        m += 1
    return m


class _Brands:
    """Unique firm 字号 by index: a seeded permutation of ordered pairs of distinct brand characters
    (then of pairs of pairs), so names never repeat however many are drawn."""

    def __init__(self, rng: random.Random):
        self.n = len(_BRAND)
        self.p = self.n * (self.n - 1)
        self.m1, self.a1 = _coprime(rng, self.p), rng.randrange(self.p)
        self.m2, self.a2 = _coprime(rng, self.p ** 2), rng.randrange(self.p ** 2)

    def _pair(self, idx: int) -> str:
        i, j = divmod(idx, self.n - 1)
        return _BRAND[i] + _BRAND[j + (j >= i)]

    def __call__(self, k: int) -> str:
        if k < self.p:
            return self._pair((self.m1 * k + self.a1) % self.p)
        x = (self.m2 * (k - self.p) + self.a2) % self.p ** 2
        return self._pair(x // self.p) + self._pair(x % self.p)


# ---------------------------------------------------------------- institutions

class _InstitutionMaker:
    def __init__(self, seed: int, today: date):
        self.rng = rng = random.Random(f"{seed}:institutions")
        self.today = today
        self.org_mult, self.org_add = _coprime(rng, _ORG_SPACE), rng.randrange(_ORG_SPACE)
        self.index = 0
        self.serials: dict[tuple, int] = {}

    def uscc(self, kind: str, d: District) -> str:
        x = (self.org_mult * self.index + self.org_add) % _ORG_SPACE  # a bijection: unique per index
        self.index += 1
        return make_uscc("3" + USCC_TYPE[kind] + d.code + _base31(x))

    def licence(self, kind: str, d: District, est: date) -> str:
        """执业许可证号, unique per kind (a counter per prefix) and across kinds (disjoint shapes)."""
        key = (kind, d.code, est.year if kind != APPRAISAL else 0)
        n = self.serials[key] = self.serials.get(key, 0) + 1
        if kind in (LAW_FIRM, BRANCH):  # 17 digits: 31/32 + district + year + serial
            return f"3{'1' if kind == LAW_FIRM else '2'}{d.code}{est.year}{n:05d}"
        if kind == APPRAISAL:           # 司法鉴定许可证号 style: district + serial
            return f"{d.code}{n:03d}"
        lead = {NOTARY: "1", ARBITRATION: "5", GRASSROOTS: "3"}[kind]
        return f"{lead}{d.code}{est.year}{n:03d}"

    def district(self, cum: list[int]) -> District:
        return TIANJIN[self.rng.choices(range(len(TIANJIN)), cum_weights=cum)[0]]

    def address(self, d: District, office_building: bool) -> str:
        rng = self.rng
        addr = f"天津市{d.name}{rng.choice(d.roads)}{rng.randint(1, 399)}号"
        if office_building and rng.random() < 0.8:
            addr += f"{rng.choice(N.BUILDINGS)}{rng.randint(2, 36)}层"
        return addr

    def status(self) -> str:
        x = self.rng.random()
        return "正常" if x < 0.93 else "停业整顿" if x < 0.95 else "注销" if x < 0.99 else "吊销"

    def risk(self, status: str) -> str:
        if status == "停业整顿":
            return "高风险"
        x = self.rng.random()
        return "低风险" if x < 0.55 else "一般风险" if x < 0.91 else "高风险"

    def row(self, kind: str, name: str, d: District, est: date, status: str, head: str = "",
            building: bool = True) -> tuple[dict[str, str], tuple]:
        rng = self.rng
        row = {"统一社会信用代码": self.uscc(kind, d), "名称": name, "机构类型": kind, "总所统一社会信用代码": head,
               "执业许可证号": self.licence(kind, d, est), "所在区": d.name, "住所": self.address(d, building),
               "负责人": _person(rng)[0], "办公电话": f"022-{rng.choice('2568')}{rng.randrange(10 ** 7):07d}",
               "成立日期": est.isoformat(), "状态": status, "风险等级": self.risk(status)}
        return row, (kind, d.code, est, status)


def _institution_records(seed: int, today: date, counts: dict[str, int]) -> Iterator[tuple[dict[str, str], tuple]]:
    """(row, info) pairs; ``info`` = (kind, district code, established, status) for the practitioner stream."""
    mk = _InstitutionMaker(seed, today)
    rng = mk.rng
    recent = today - timedelta(days=30)
    if counts[ARBITRATION]:
        yield mk.row(ARBITRATION, "天津仲裁委员会", TIANJIN[_BY_CODE["120101"]],
                     _rand_date(rng, date(1995, 9, 1), date(1996, 6, 30)), "正常")
    brands = _Brands(rng)
    for k in range(counts[NOTARY]):
        if k < len(N.NOTARY_OFFICES):
            name, code = N.NOTARY_OFFICES[k]
            d = TIANJIN[_BY_CODE[code]]
        else:
            name, d = f"天津市{brands(k)}公证处", mk.district(_POP_CUM)
        yield mk.row(NOTARY, name, d, _rand_date(rng, date(1981, 1, 1), date(2005, 12, 31)), "正常", building=False)
    brands = _Brands(rng)
    for k in range(counts[APPRAISAL]):
        d = mk.district(_LAW_CUM)
        name = f"天津{brands(k)}{rng.choice(N.APPRAISAL_SUFFIXES)}"
        yield mk.row(APPRAISAL, name, d, _rand_date(rng, date(2005, 10, 1), recent), mk.status())
    yield from _law_firms(mk, counts[LAW_FIRM], counts[BRANCH], recent)
    order = list(range(len(_SUBDISTRICTS)))
    rng.shuffle(order)
    for k in range(counts[GRASSROOTS]):
        i, sub = _SUBDISTRICTS[order[k % len(order)]]
        d, rnd = TIANJIN[i], k // len(order)
        label = sub[:-1] + "街道" if sub.endswith("街") else sub
        name = f"天津市{d.name}{label}{'' if rnd == 0 else '第' + chinese_number(rnd + 1)}法律服务所"
        yield mk.row(GRASSROOTS, name, d, _rand_date(rng, date(1987, 1, 1), date(2005, 12, 31)), mk.status(),
                     building=False)


def _law_firms(mk: _InstitutionMaker, heads: int, branches: int, recent: date):
    """Head firms, each directly followed by its branches (律师法 第十九条: a head with branches has
    existed ≥ 3 years and has ≥ 20 lawyers — the practitioner stream honours the second part)."""
    rng, brands, left = mk.rng, _Brands(mk.rng), branches
    for h in range(heads):
        remaining = heads - h
        if left == 0:
            k = 0
        elif remaining == 1 or left / remaining >= 1.5:
            k = left if remaining == 1 else round(left / remaining)
        else:
            k = rng.choices((1, 2, 3), (5, 3, 2))[0] if rng.random() < left / remaining / 1.7 else 0
        k = min(k, left)
        d, name = mk.district(_LAW_CUM), f"天津{brands(h)}律师事务所"
        if k:
            est = _rand_date(rng, date(1995, 1, 1), _add_years(recent, -6))
            head_row, info = mk.row(LAW_FIRM, name, d, est, "正常")
            yield head_row, info + ("big",)
            spots = [(j, lab) for j, dd in enumerate(TIANJIN) if dd.code != d.code for lab in dd.labels]
            weights = [TIANJIN[j].law / len(TIANJIN[j].labels) for j, _ in spots]
            chosen = []
            while len(chosen) < min(k, len(spots)):  # weighted, without replacement: branches go where firms are
                x = rng.choices(range(len(weights)), weights)[0]
                chosen.append(spots[x])
                weights[x] = 0
            chosen += [(spots[x % len(spots)][0], spots[x % len(spots)][1] + chinese_number(x // len(spots) + 1))
                       for x in range(len(chosen), k)]  # only when one head must absorb many branches
            for j, lab in chosen:
                bd = TIANJIN[j]
                bst = _rand_date(rng, _add_years(est, 3), recent)
                yield mk.row(BRANCH, f"{name}{lab}分所", bd, bst, mk.status(), head=head_row["统一社会信用代码"])
            left -= k
        else:
            yield mk.row(LAW_FIRM, name, d, _rand_date(rng, date(1993, 1, 1), recent), mk.status())


# ---------------------------------------------------------------- practitioners

def _staff_size(rng: random.Random, info: tuple) -> int:
    kind = info[0]
    if kind == LAW_FIRM:
        return rng.randint(20, 30) if len(info) > 4 else 4 + int(12 * rng.random() ** 4)
    if kind == BRANCH:
        return 3 + int(6 * rng.random() ** 2)
    if kind == NOTARY:
        return 3 + int(10 * rng.random() ** 2)
    if kind == APPRAISAL:
        return 5 + int(16 * rng.random() ** 2)
    if kind == ARBITRATION:
        return rng.randint(36, 44)
    return rng.randint(2, 5)


def _practitioner_rows(seed: int, today: date, counts: dict[str, int]) -> Iterator[dict[str, str]]:
    rng = random.Random(f"{seed}:practitioners")
    # Every 执业证号 ends with a permuted global serial of one fixed width (7 digits up to ~220,000
    # institutions, since no institution has more than 44 people): numbers of equal length therefore
    # differ in that suffix, whatever their kind — unique by construction.
    width = max(7, len(str(45 * sum(counts.values()))))
    space = 10 ** width
    mult, add = _coprime(rng, space), rng.randrange(space)
    n = 0
    floor = {APPRAISAL: date(2005, 10, 1), ARBITRATION: date(1995, 9, 1)}
    for inst, info in _institution_records(seed, today, counts):
        kind, dcode, _est, inst_status = info[:4]
        for _ in range(_staff_size(rng, info)):
            name, male = _person(rng)
            old = kind == ARBITRATION
            birth = _rand_date(rng, date(1960, 1, 1), date(1985 if old else 1998, 12, 31))
            region = dcode if rng.random() < 0.7 else rng.choice(TIANJIN).code
            lo = max(_add_years(birth, 30 if old else 23), floor.get(kind, date(1990, 1, 1)))
            licensed = _rand_date(rng, lo, today - timedelta(days=1))
            serial = f"{(mult * n + add) % space:0{width}d}"
            n += 1
            year = licensed.year
            if kind in (LAW_FIRM, BRANCH):    # 类别(1 专职/2 兼职) + 1201 + 首次执业年度 + 性别 + serial = 17
                number = f"{'1' if rng.random() < 0.95 else '2'}1201{year}{1 if male else 0}{serial}"
            elif kind == NOTARY:
                number = f"1201{year}{serial}"
            elif kind == APPRAISAL:
                number = f"{dcode}{year}{serial}"
            elif kind == ARBITRATION:
                number = f"TAC{year}{serial}"
            else:
                number = f"{dcode}{serial}"
            if inst_status in ("注销", "吊销"):
                status = "注销"
            else:
                x = rng.random()
                status = "执业" if x < 0.95 else "停止执业" if x < 0.98 else "注销"
            yield {"执业证号": number, "姓名": name, "类别": PRACTITIONER_KIND[kind],
                   "执业机构统一社会信用代码": inst["统一社会信用代码"],
                   "身份证号": _id_number(rng, region, birth, male), "手机号码": _mobile(rng),
                   "执业证颁发日期": licensed.isoformat(), "状态": status}


# ---------------------------------------------------------------- officers

def _officer_rows(seed: int, today: date, total: int) -> list[dict[str, str]]:
    """执法人员: ~20 % at the city bureau (all five fields), the rest in district bureaus (律师 and
    基层法律服务 — a district bureau holds no 公证/司法鉴定/仲裁 power). Validity: most valid, about 7 %
    expiring within 30 days of ``today``, about 8 % expired."""
    rng = random.Random(f"{seed}:officers")
    city = max(1, round(total * BASE_CITY_OFFICERS / BASE_OFFICERS)) if total > 1 else total
    weights = [d.pop + d.law for d in TIANJIN]
    rest = total - city
    exact = [rest * w / sum(weights) for w in weights]
    per = [int(x) for x in exact]
    for i in sorted(range(len(per)), key=lambda i: (per[i] - exact[i], i))[:rest - sum(per)]:
        per[i] += 1
    units = [("120000", CITY_BUREAU["name"], FIELD_LABELS)] * city
    for d, k in zip(TIANJIN, per):
        units += [(d.code, f"天津市{d.name}司法局", ("律师", "基层法律服务"))] * k
    serials: dict[tuple[str, int], int] = {}
    rows = []
    for code, unit, fields in units:
        name, _male = _person(rng)
        x = rng.random()
        if x < 0.85:
            start = today - timedelta(days=rng.randrange(3 * 365))
            end = _add_years(start, 5) - timedelta(days=1)
        else:
            end = today + timedelta(days=rng.randint(1, 30) if x < 0.92 else -rng.randint(1, 700))
            start = _add_years(end + timedelta(days=1), -5)
        n = serials[(code, start.year)] = serials.get((code, start.year), 0) + 1
        picked = set(rng.sample(fields, rng.randint(1, min(3, len(fields)))))
        rows.append({"执法证号": f"{code}{start.year}{n:04d}", "姓名": name, "所在单位": unit,
                     "执法证有效期起": start.isoformat(), "执法证有效期止": end.isoformat(),
                     "可检查领域": "、".join(f for f in FIELD_LABELS if f in picked),
                     "具有法律职业资格": "是" if rng.random() < 0.6 else "否", "手机号码": _mobile(rng),
                     "状态": "在岗" if rng.random() < 0.92 else "离岗"})
    return rows


if __name__ == "__main__":  # python -m fazhi.demo.generator [scale] — prints the generation time
    import sys
    import time

    t0 = time.perf_counter()
    n = sum(1 for _ in generate(today=date(2025, 6, 30), scale=int(sys.argv[1]) if sys.argv[1:] else None).institutions)
    print(f"{n} institutions in {time.perf_counter() - t0:.2f} s")
