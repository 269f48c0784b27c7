#!/usr/bin/env python3
"""Deterministic generator for the Rongtong sample feeds.

Run from the project root:   python3 samples/generate_samples.py

Everything is synthetic: names, resident ID numbers, phone numbers and
addresses are made up (the division, county and township names and codes are
real, taken from the NBS 2023 reference in Sources/Normalize/Reference).
Python 3 standard library only; the random seed is fixed, so every run writes
byte-identical files. Existing outputs are overwritten.

Outputs (paths relative to samples/):
  guiyang/grid-households.csv        grid census (GB18030, CRLF)
  anshun/household-registry.xml      public-security household registry (UTF-8)
  civil-affairs/assistance.ndjson    low-income / extreme-poverty list (UTF-8)
  grid-app/ten-household.json        grid-worker app export (UTF-8)
  utilities/facilities.json          power / telecom facility inventory (UTF-8)
  truth/households.csv               ground-truth households
  truth/members.csv                  ground-truth household members
  truth/records.csv                  feed,record_key,truth_id (linkage truth)
  truth/facilities.csv               facility record -> facility truth id
  README.md                          description of all of the above
"""

import csv
import datetime as dt
import io
import json
import os
import random
import sys

SEED = 20231031
HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.dirname(HERE)
REF_DIVISIONS = os.path.join(PROJECT, "Sources", "Normalize", "Reference", "guizhou_divisions.csv")

rng = random.Random(SEED)

# ---------------------------------------------------------------------------
# Reference geography (real county / township names and codes, NBS 2023).
# Compound (小区) names are invented.
# ---------------------------------------------------------------------------
GUIYANG = [
    ("520113", "白云区", "BY", [
        ("520113006", "大山洞街道", ["东升小区", "铝厂宿舍", "大山洞新村"]),
        ("520113005", "泉湖街道", ["幸福花园", "泉湖小区"]),
        ("520113008", "龚家寨街道", ["龚家寨小区", "铝加工厂宿舍"]),
        ("520113009", "都拉营街道", ["电厂宿舍", "都拉营安置小区"]),
    ]),
    ("520102", "南明区", "NM", [
        ("520102027", "油榨街道", ["纺织厂大院", "油榨街小区"]),
        ("520102025", "太慈桥街道", ["太慈小区", "机械厂宿舍"]),
        ("520102029", "二戈街道", ["铁路宿舍", "向阳新村"]),
        ("520102023", "沙冲路街道", ["沙冲小区", "粮食局宿舍"]),
        ("520102028", "中曹司街道", ["中曹新村"]),
    ]),
    ("520103", "云岩区", "YY", [
        ("520103020", "黔灵东路街道", ["和平小区", "友谊路宿舍"]),
        ("520103028", "头桥街道", ["头桥小区", "建材厂大院"]),
        ("520103023", "普陀路街道", ["普陀小区", "印刷厂宿舍"]),
        ("520103029", "三桥路街道", ["三桥新村", "水泥厂宿舍"]),
    ]),
    ("520111", "花溪区", "HX", [
        ("520111004", "贵筑街道", ["农机厂宿舍", "贵筑小区"]),
        ("520111007", "溪北街道", ["溪北花园"]),
        ("520111010", "小孟街道", ["小孟安置小区"]),
    ]),
    ("520115", "观山湖区", "GS", [
        ("520115003", "金华园街道", ["金华园小区", "和谐家园"]),
    ]),
]
ANSHUN = [
    ("520402", "西秀区", "XX", [
        ("520402001", "南街街道", ["塔山小区", "南华宿舍"]),
        ("520402005", "东关街道", ["东关小区", "安电宿舍", "虹湖&虹山联建小区"]),
        ("520402006", "华西街道", ["华西新村"]),
        ("520402007", "西航街道", ["西航小区"]),
        ("520402004", "北街街道", ["北山花园", "人民巷小区"]),
    ]),
    ("520403", "平坝区", "PB", [
        ("520403001", "安平街道", ["安平小区"]),
        ("520403002", "鼓楼街道", ["鼓楼新村"]),
    ]),
]
# Villages (村) for rural registered (户籍) addresses in Anshun.
ANSHUN_VILLAGES = [
    ("520402", "西秀区", "520402102", "宁谷镇", ["干河村", "五官屯村", "龙潭坡村"]),
    ("520402", "西秀区", "520402104", "双堡镇", ["张官村", "石门村", "左官村"]),
]
PREFECTURES = {"5201": "贵阳市", "5204": "安顺市"}

# County codes used as the region part of ID numbers (all real).
ID_REGIONS_GUIYANG = (["520102"] * 6 + ["520103"] * 6 + ["520113"] * 5 + ["520111"] * 4 + ["520115"] * 2
                      + ["520112"] * 2 + ["520181", "520121", "520122", "520123", "520302", "520303",
                                          "522301", "522601", "522701", "520201", "520502"])
ID_REGIONS_ANSHUN = ["520402"] * 6 + ["520403"] * 2 + ["520422", "520423", "520424", "520425"]
COUNTY_NAMES = {
    "520102": "南明区", "520103": "云岩区", "520111": "花溪区", "520112": "乌当区", "520113": "白云区",
    "520115": "观山湖区", "520121": "开阳县", "520122": "息烽县", "520123": "修文县", "520181": "清镇市",
    "520201": "钟山区", "520302": "红花岗区", "520303": "汇川区", "520402": "西秀区", "520403": "平坝区",
    "520422": "普定县", "520423": "镇宁布依族苗族自治县", "520424": "关岭布依族苗族自治县",
    "520425": "紫云苗族布依族自治县", "520502": "七星关区", "522301": "兴义市", "522601": "凯里市",
    "522701": "都匀市",
}


def check_reference():
    """Make sure every code/name pair above matches the NBS reference file."""
    if not os.path.exists(REF_DIVISIONS):
        print("warning: reference file not found, skipping check: " + REF_DIVISIONS, file=sys.stderr)
        return
    ref = {}
    with open(REF_DIVISIONS, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            ref[row["code"]] = row["name"]
    want = {}
    for code, name in COUNTY_NAMES.items():
        want[code + "000000"] = name
    for prov in (GUIYANG, ANSHUN):
        for ccode, cname, _, towns in prov:
            want[ccode + "000000"] = cname
            for tcode, tname, _ in towns:
                want[tcode + "000"] = tname
    for ccode, cname, tcode, tname, _ in ANSHUN_VILLAGES:
        want[ccode + "000000"] = cname
        want[tcode + "000"] = tname
    for p, n in PREFECTURES.items():
        want[p + "00000000"] = n
    bad = [(c, n, ref.get(c)) for c, n in sorted(want.items()) if ref.get(c) != n]
    if bad:
        raise SystemExit("reference mismatch: %r" % bad)


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------
FW = str.maketrans("0123456789", "０１２３４５６７８９")
CN_NUM = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def fullwidth(s):
    return s.translate(FW)


def check_char(body17):
    return "10X98765432"[sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS)) % 11]


def rand_date(start, end):
    a, b = start.toordinal(), end.toordinal()
    return dt.date.fromordinal(rng.randint(a, b))


def wchoice(pairs):
    """pairs: list of (value, weight)"""
    total = sum(w for _, w in pairs)
    x = rng.uniform(0, total)
    acc = 0
    for v, w in pairs:
        acc += w
        if x <= acc:
            return v
    return pairs[-1][0]


used_ids = set()
used_phones = set()


def make_id(region, birth, male):
    while True:
        seq = rng.randrange(0, 500) * 2 + 1 if male else rng.randrange(1, 500) * 2
        body = "%s%s%03d" % (region, birth.strftime("%Y%m%d"), seq)
        full = body + check_char(body)
        if full not in used_ids:
            used_ids.add(full)
            return full


PHONE_PREFIXES = ["130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151",
                  "152", "153", "155", "156", "157", "158", "159", "180", "181", "182", "183", "184",
                  "185", "186", "187", "188", "189", "191", "193", "195", "198", "199"]


def make_phone():
    while True:
        p = rng.choice(PHONE_PREFIXES) + "%08d" % rng.randrange(0, 10 ** 8)
        if p not in used_phones:
            used_phones.add(p)
            return p


SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任"
                "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛龚邵万严覃武戴莫孔向汤"
                "杨吴罗龙王陈张李刘")  # a few Guizhou-common surnames weighted up
COMPOUND_SURNAMES = ["欧阳", "司马", "上官"]
GIVEN_M = list("伟强军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林洋勋永兴国建文德志成祥荣贵富海江")
GIVEN_F = list("芳娜敏静丽艳娟霞秀英华慧巧美娅玲萍红琴云莲梅兰凤洁琳雪倩颖婷菊珍翠燕蓉")


def make_name(male):
    sur = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.015 else rng.choice(SURNAMES)
    pool = GIVEN_M if male else GIVEN_F
    n = 1 if (len(sur) == 2 or rng.random() < 0.3) else 2
    return sur + "".join(rng.choice(pool) for _ in range(n))


def make_given(male):
    pool = GIVEN_M if male else GIVEN_F
    return "".join(rng.choice(pool) for _ in range(1 if rng.random() < 0.3 else 2))


def cn(n):
    return CN_NUM[n]


# ---------------------------------------------------------------------------
# Ground truth: the household pool
# ---------------------------------------------------------------------------
TODAY = dt.date(2023, 10, 31)


class Compound:
    def __init__(self, pref_code, pref, ccode, cname, abbr, tcode, tname, name):
        self.pref_code, self.pref, self.ccode, self.cname, self.abbr = pref_code, pref, ccode, cname, abbr
        self.tcode, self.tname, self.name = tcode, tname, name
        self.buildings = rng.randint(3, 12)
        self.units = rng.randint(2, 4)
        self.floors = rng.choice([6, 7])
        self.doors = rng.randint(2, 4)
        self.used = set()
        # synthetic GCJ-02 centroid (used for facilities; Guiyang urban districts only)
        self.lng = self.lat = None

    def free_slot(self):
        while True:
            b = rng.randint(1, self.buildings)
            u = rng.randint(1, self.units)
            room = "%d%02d" % (rng.randint(1, self.floors), rng.randint(1, self.doors))
            key = (b, u, room)
            if key not in self.used:
                self.used.add(key)
                return b, u, room

    def full_address(self, b, u, room):
        return "贵州省%s%s%s%s%d栋%d单元%s室" % (self.pref, self.cname, self.tname, self.name, b, u, room)


def build_compounds(prov, pref_code):
    out = []
    for ccode, cname, abbr, towns in prov:
        for tcode, tname, names in towns:
            for n in names:
                out.append(Compound(pref_code, PREFECTURES[pref_code], ccode, cname, abbr, tcode, tname, n))
    return out


GY_COMPOUNDS = build_compounds(GUIYANG, "5201")
AS_COMPOUNDS = build_compounds(ANSHUN, "5204")

# rough district boxes (GCJ-02) for facility coordinates, all inside lng 106.6-106.8, lat 26.5-26.7
DISTRICT_BOX = {
    "白云区": (106.625, 106.680, 26.640, 26.690),
    "云岩区": (106.695, 106.735, 26.575, 26.615),
    "南明区": (106.700, 106.760, 26.530, 26.575),
    "观山湖区": (106.610, 106.650, 26.600, 26.640),
}
for c in GY_COMPOUNDS:
    if c.cname in DISTRICT_BOX:
        x0, x1, y0, y1 = DISTRICT_BOX[c.cname]
        c.lng = round(rng.uniform(x0, x1), 6)
        c.lat = round(rng.uniform(y0, y1), 6)

N_GUIYANG, N_ANSHUN = 340, 60
N_OVERLAP = 60          # Guiyang residents with 户籍 in Anshun (in CSV and in the XML registry)
N_RESERVED = 10         # Guiyang residents missing from the CSV (only in grid-app)
TENURES = [("自有", 60), ("租赁", 20), ("公租房", 8), ("廉租房", 5), ("其他", 7)]
MEMBER_COUNTS = [(1, 8), (2, 22), (3, 30), (4, 22), (5, 12), (6, 6)]


def age_on(birth, day=TODAY):
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


households = []
for i in range(N_GUIYANG + N_ANSHUN):
    guiyang = i < N_GUIYANG
    comp = rng.choice(GY_COMPOUNDS if guiyang else AS_COMPOUNDS)
    b, u, room = comp.free_slot()
    male = rng.random() < 0.62
    households.append({
        "idx": i, "guiyang": guiyang, "comp": comp, "building": b, "unit": u, "room": room,
        "male": male, "tenure": wchoice(TENURES),
        "low_income": False, "extreme_poverty": False, "disabled_member": False,
        "elderly_alone": False, "left_behind_child": False,
    })

# roles: which Guiyang households are registered in Anshun / missing from the CSV
gy_idx = list(range(N_GUIYANG))
rng.shuffle(gy_idx)
OVERLAP = sorted(gy_idx[:N_OVERLAP])
RESERVED = sorted(gy_idx[N_OVERLAP:N_OVERLAP + N_RESERVED])
for h in households:
    h["hukou_anshun"] = h["idx"] in OVERLAP or not h["guiyang"]

# flags (mostly false)
all_idx = list(range(len(households)))
elderly = rng.sample(all_idx, 22)
left_behind = rng.sample([i for i in all_idx if i not in elderly], 14)
disabled = rng.sample(all_idx, 26)
# assistance: 79 households (65 Guiyang, 14 Anshun); 低保 and 特困 are mutually exclusive
assist_gy = rng.sample(range(N_GUIYANG), 65)
assist_as = rng.sample(range(N_GUIYANG, N_GUIYANG + N_ANSHUN), 14)
assisted = sorted(assist_gy + assist_as)
extreme = sorted(rng.sample(assisted, 14))
for i in elderly:
    households[i]["elderly_alone"] = True
for i in left_behind:
    households[i]["left_behind_child"] = True
for i in disabled:
    households[i]["disabled_member"] = True
for i in assisted:
    households[i]["extreme_poverty" if i in extreme else "low_income"] = True

# heads, members, IDs
RARE_CHAR_HH = OVERLAP[7]   # head's name contains 㯊 (U+3BCA, 4-byte in GB18030); in CSV and XML
for h in households:
    if h["elderly_alone"]:
        birth = rand_date(dt.date(1931, 1, 1), dt.date(1956, 12, 31))
        count = 1
    elif h["left_behind_child"]:
        birth = rand_date(dt.date(1948, 1, 1), dt.date(1968, 12, 31))
        count = rng.randint(2, 4)
    else:
        birth = rand_date(dt.date(1936, 1, 1), dt.date(2000, 12, 31))
        count = wchoice(MEMBER_COUNTS)
    if h["extreme_poverty"] and not h["elderly_alone"]:
        count = min(count, 2)
    h["birth"] = birth
    h["member_count"] = count
    region = rng.choice(ID_REGIONS_ANSHUN if h["hukou_anshun"] else ID_REGIONS_GUIYANG)
    h["region"] = region
    h["id"] = make_id(region, birth, h["male"])
    h["name"] = make_name(h["male"])
    if h["idx"] == RARE_CHAR_HH:
        h["name"] = "杨㯊" if h["male"] else "杨㯊芳"
    h["phone"] = make_phone()
    # members
    members = []
    age = age_on(birth)
    remaining = count - 1
    family_surname = h["name"][:2] if h["name"][:2] in COMPOUND_SURNAMES else h["name"][0]
    if remaining > 0 and not h["left_behind_child"] and age < 85 and rng.random() < 0.85:
        smale = not h["male"]
        sbirth = rand_date(dt.date(birth.year - 4, 1, 1), dt.date(min(birth.year + 4, 2001), 12, 31))
        spouse_name = make_name(smale)
        if not h["male"]:
            family_surname = spouse_name[:2] if spouse_name[:2] in COMPOUND_SURNAMES else spouse_name[0]
        members.append(("配偶", spouse_name, smale, sbirth, rng.choice([region, region, rng.choice(ID_REGIONS_GUIYANG + ID_REGIONS_ANSHUN)])))
        remaining -= 1
    for _ in range(remaining):
        cmale = rng.random() < 0.5
        if h["left_behind_child"]:
            rel = "孙子" if cmale else "孙女"
            cbirth = rand_date(dt.date(2008, 1, 1), dt.date(2018, 12, 31))
        elif age >= 62 and rng.random() < 0.4:
            rel = "孙子" if cmale else "孙女"
            cbirth = rand_date(dt.date(max(birth.year + 45, 1990), 1, 1), dt.date(2020, 12, 31))
        else:
            rel = "子" if cmale else "女"
            lo = birth.year + 20
            hi = min(birth.year + 38, 2022)
            if lo > hi:
                lo = hi
            cbirth = rand_date(dt.date(lo, 1, 1), dt.date(hi, 12, 31))
        cname = family_surname + make_given(cmale)
        members.append((rel, cname, cmale, cbirth, region))
    h["members"] = [{"relation": r, "name": n, "male": m, "birth": bd, "id": make_id(reg, bd, m)}
                    for (r, n, m, bd, reg) in members]

# grids and ten-household groups
grid_counter = {}
for comp in GY_COMPOUNDS + AS_COMPOUNDS:
    hh = sorted([h for h in households if h["comp"] is comp],
                key=lambda h: (h["building"], h["unit"], int(h["room"])))
    if not hh:
        continue
    ngrids = 2 if len(hh) > 14 else 1
    city = "GY" if comp.pref_code == "5201" else "AS"
    key = (city, comp.abbr)
    if key not in grid_counter:
        grid_counter[key] = rng.randint(101, 180)
    per = (len(hh) + ngrids - 1) // ngrids
    for g in range(ngrids):
        grid_counter[key] += rng.randint(1, 4)
        gid = "%s-%s-%04d" % (city, comp.abbr, grid_counter[key])
        chunk = hh[g * per:(g + 1) * per]
        # a grid holds 20-30 ten-household groups; the sample holds only a few households of each
        group_no = rng.randint(1, 9)
        left_in_group = rng.randint(3, 6)
        for h in chunk:
            if left_in_group == 0:
                group_no += rng.randint(1, 3)
                left_in_group = rng.randint(3, 6)
            left_in_group -= 1
            h["grid"] = gid
            h["group"] = "十联户-%02d" % group_no

# registered (户籍) addresses for households in the Anshun registry
for h in households:
    h["hukou"] = ""
    h["hukou_compound"] = ""
    if not h["hukou_anshun"]:
        continue
    if not h["guiyang"]:
        c = h["comp"]
        h["hukou"] = c.full_address(h["building"], h["unit"], h["room"])
        h["hukou_compound"] = c.name
    elif rng.random() < 0.35:
        ccode, cname, tcode, tname, villages = rng.choice(ANSHUN_VILLAGES)
        h["hukou"] = "贵州省安顺市%s%s%s%d组%d号" % (cname, tname, rng.choice(villages),
                                               rng.randint(1, 9), rng.randint(1, 60))
    else:
        c = rng.choice(AS_COMPOUNDS)
        b, u, room = c.free_slot()
        h["hukou"] = c.full_address(b, u, room)
        h["hukou_compound"] = c.name

for n, h in enumerate(households):
    h["truth_id"] = "H%04d" % (n + 1)


def canonical_address(h):
    return h["comp"].full_address(h["building"], h["unit"], h["room"])


# ---------------------------------------------------------------------------
# Feed-format helpers
# ---------------------------------------------------------------------------
def fmt_phone(p, style):
    if style == "plain":
        return p
    if style == "space":
        return "%s %s %s" % (p[:3], p[3:7], p[7:])
    if style == "dash":
        return "%s-%s-%s" % (p[:3], p[3:7], p[7:])
    if style == "plus86":
        return "+86 " + p
    if style == "plus86dash":
        return "+86-" + p
    if style == "fullwidth":
        return fullwidth(p)
    raise ValueError(style)


PHONE_STYLES = [("plain", 62), ("space", 10), ("dash", 10), ("plus86", 7), ("plus86dash", 3), ("fullwidth", 8)]


def fmt_date(d, style):
    if style == "iso":
        return d.strftime("%Y-%m-%d")
    if style == "slash":
        return d.strftime("%Y/%m/%d")
    if style == "dot":
        return d.strftime("%Y.%m.%d")
    if style == "compact":
        return d.strftime("%Y%m%d")
    if style == "cn":
        return "%d年%d月%d日" % (d.year, d.month, d.day)
    if style == "slash_nopad":
        return "%d/%d/%d" % (d.year, d.month, d.day)
    raise ValueError(style)


DATE_STYLES = [("iso", 35), ("slash", 25), ("dot", 10), ("compact", 12), ("cn", 13), ("slash_nopad", 5)]


def address_form(h, style):
    c = h["comp"]
    b, u, r = h["building"], h["unit"], h["room"]
    p, cty, t, n = c.pref, c.cname, c.tname, c.name
    forms = {
        "full": "贵州省%s%s%s%s%d栋%d单元%s室" % (p, cty, t, n, b, u, r),
        "city": "%s%s%s%s%d栋%d单元%s室" % (p, cty, t, n, b, u, r),
        "county": "%s%s%s%d栋%d单元%s室" % (cty, t, n, b, u, r),
        "no_town": "%s%s%s%d栋%d单元%s室" % (p, cty, n, b, u, r),
        "short_suffix": "%s%s%s%s%d栋%d单元%s" % (p[:-1], cty, t, n, b, u, r),
        "compound": "%s%d栋%d单元%s" % (n, b, u, r),
        "cn_num": "%s%s栋%s单元%s室" % (n, cn(b), cn(u), r),
        "cn_num_county": "%s%s%s%s栋%s单元%s室" % (cty, t, n, cn(b), cn(u), r),
        "dash": "%s%d-%d-%s" % (n, b, u, r),
        "haolou": "%s%d号楼%d-%s" % (n, b, u, r),
        "zhuang": "%s%s%s%d幢%d单元%s号" % (cty, t, n, b, u, r),
        "spaces": "%s %s %s %d栋 %d单元 %s室" % (cty, t, n, b, u, r),
        "punct": "%s，%s（%d栋）%d单元-%s#" % (t, n, b, u, r),
        "ascii_comma": "%s%s,%s%d栋%d单元%s室" % (cty, t, n, b, u, r),
        "fullwidth": fullwidth("%s%s%s%d栋%d单元%s室" % (cty, t, n, b, u, r)),
        "fullwidth_dash": "%s%s－%s－%s" % (n, fullwidth(str(b)), fullwidth(str(u)), fullwidth(r)),
    }
    return forms[style]


CSV_ADDRESS_STYLES = [("full", 22), ("city", 8), ("county", 18), ("no_town", 4), ("short_suffix", 3),
                      ("compound", 12), ("cn_num", 6), ("cn_num_county", 3), ("dash", 7), ("haolou", 4),
                      ("zhuang", 3), ("spaces", 4), ("punct", 2), ("ascii_comma", 1.5), ("fullwidth", 4),
                      ("fullwidth_dash", 1.5)]

# ---------------------------------------------------------------------------
# Feed 1: Guiyang grid census CSV (GB18030, CRLF)
# ---------------------------------------------------------------------------
CSV_HEADER = ["序号", "网格编号", "十联户组", "户主姓名", "性别", "身份证号", "联系电话", "家庭住址", "所属小区",
              "楼栋", "单元", "房号", "家庭人口", "住房性质", "是否低保", "是否特困", "有无残疾人", "是否独居老人",
              "是否留守儿童", "登记日期", "备注"]
FLAG_STYLES = [(("是", "否"), 40), (("Y", "N"), 12), (("1", "0"), 12), (("√", ""), 14), (("是", ""), 22)]
TENURE_WORDS = {"自有": [("自有", 6), ("自住", 4)], "租赁": [("租赁", 5), ("租住", 5)],
                "公租房": [("公租房", 1)], "廉租房": [("廉租房", 1)], "其他": [("其他", 1)]}
REMARKS_PLAIN = ["已入户核实", "户主在外务工,由其母代为登记", "联系电话为其子女号码", "租户，房东姓李",
                 "门牌不清，按邻居口述登记", "户主称\"暂住\"，待复核", "需协调社区上门", "残疾证号待补录",
                 "老旧小区改造涉及户,已告知", "本户已搬迁,房屋空置, 待核"]
REMARKS_MULTILINE = ["已核实\r\n待补充残疾证号", "楼栋门牌不清\n已上报社区", "户主行动不便,\r\n需上门服务",
                     "第一次走访未遇\n第二次走访已登记,电话已更新"]

csv_households = [h for h in households if h["guiyang"] and h["idx"] not in RESERVED]
csv_households.sort(key=lambda h: (h["grid"], h["group"], h["building"], h["unit"], int(h["room"])))


def base_csv_row(h, addr_style=None):
    flags_t, flags_f = wchoice(FLAG_STYLES)

    def flag(v):
        if v:
            return flags_t
        return flags_f if rng.random() < 0.85 else ""

    reg_date = rand_date(dt.date(2023, 3, 1), dt.date(2023, 10, 31))
    idtext = h["id"]
    if rng.random() < 0.04:
        idtext = fullwidth(idtext)
    if idtext.endswith("X") and rng.random() < 0.45:
        idtext = idtext[:-1] + "x"
    c = h["comp"]
    b, u, r = h["building"], h["unit"], h["room"]
    bt = wchoice([(str(b), 70), ("%d栋" % b, 10), (fullwidth(str(b)), 5), (cn(b), 5), ("%d号楼" % b, 5), ("", 5)])
    ut = wchoice([(str(u), 75), ("%d单元" % u, 10), (fullwidth(str(u)), 5), (cn(u), 5), ("", 5)])
    rt = wchoice([(r, 75), (r + "室", 12), (fullwidth(r), 9), ("", 4)])
    comp_text = wchoice([(c.name, 88), ("", 6), (c.name[:2] if c.name.endswith("小区") else c.name, 6)])
    count = str(h["member_count"])
    count_text = fullwidth(count) if rng.random() < 0.08 else count
    gender = ("男" if h["male"] else "女") if rng.random() > 0.06 else ""
    remark = ""
    if rng.random() < 0.10:
        remark = rng.choice(REMARKS_PLAIN)
    return {
        "网格编号": h["grid"], "十联户组": h["group"], "户主姓名": h["name"], "性别": gender,
        "身份证号": idtext, "联系电话": fmt_phone(h["phone"], wchoice(PHONE_STYLES)),
        "家庭住址": address_form(h, addr_style or wchoice(CSV_ADDRESS_STYLES)),
        "所属小区": comp_text, "楼栋": bt, "单元": ut, "房号": rt, "家庭人口": count_text,
        "住房性质": wchoice(TENURE_WORDS[h["tenure"]]) if rng.random() > 0.05 else "",
        "是否低保": flag(h["low_income"]), "是否特困": flag(h["extreme_poverty"]),
        "有无残疾人": flag(h["disabled_member"]), "是否独居老人": flag(h["elderly_alone"]),
        "是否留守儿童": flag(h["left_behind_child"]),
        "登记日期": fmt_date(reg_date, wchoice(DATE_STYLES)), "备注": remark, "_reg": reg_date,
    }


csv_rows = [{"h": h, "fields": base_csv_row(h), "extra": None} for h in csv_households]

# duplicate household: re-registered later by another grid worker, different address spelling
dup_src = csv_rows[37]
dup_row = {"h": dup_src["h"], "fields": base_csv_row(dup_src["h"], addr_style="cn_num"), "extra": None}
dup_src["fields"]["家庭住址"] = address_form(dup_src["h"], "full")
dup_row["fields"]["身份证号"] = dup_src["h"]["id"]  # same ID text in both rows
dup_src["fields"]["身份证号"] = dup_src["h"]["id"]
dup_row["fields"]["备注"] = "补录"
csv_rows.insert(len(csv_rows) - 23, dup_row)

for n, row in enumerate(csv_rows):
    row["key"] = str(n + 1)

csv_errors = []      # (序号, description)
csv_messes = []      # (序号, description)
taken = {csv_rows.index(dup_row), csv_rows.index(dup_src)}
rare_pos = next(i for i, r in enumerate(csv_rows) if r["h"]["idx"] == RARE_CHAR_HH)
taken.add(rare_pos)
csv_messes.append((csv_rows[rare_pos]["key"], "户主姓名 %s contains U+3BCA (㯊), a 4-byte GB18030 character"
                   % csv_rows[rare_pos]["h"]["name"]))


def pick_row(pred=lambda r: True):
    while True:
        i = rng.randrange(len(csv_rows))
        if i not in taken and pred(csv_rows[i]):
            taken.add(i)
            return csv_rows[i]


# --- messes that are valid data (must be normalised, not rejected)
for _ in range(4):
    r = pick_row(lambda r: r["h"]["birth"].year < 1990)
    h = r["h"]
    legacy = h["id"][:6] + h["id"][8:14] + h["id"][14:17]
    r["fields"]["身份证号"] = legacy
    csv_messes.append((r["key"], "15-digit legacy ID %s (18-digit form %s)" % (legacy, h["id"])))
r = pick_row(lambda r: r["h"]["id"].endswith("X"))
r["fields"]["身份证号"] = r["h"]["id"][:-1] + "x"
csv_messes.append((r["key"], "lowercase x check character"))
r = pick_row(lambda r: r["h"]["id"].endswith("X"))
r["fields"]["身份证号"] = fullwidth(r["h"]["id"][:-1]) + "ｘ"
csv_messes.append((r["key"], "full-width digits and full-width lowercase ｘ check character"))
for _ in range(2):
    r = pick_row()
    r["fields"]["身份证号"] = "'" + r["h"]["id"]
    csv_messes.append((r["key"], "ID with a leading apostrophe (Excel text marker)"))
r = pick_row()
r["fields"]["身份证号"] = " " + r["h"]["id"] + " "
csv_messes.append((r["key"], "ID with surrounding spaces"))
for _ in range(2):
    r = pick_row()
    r["fields"]["家庭人口"] = "%d人" % r["h"]["member_count"]
    csv_messes.append((r["key"], "家庭人口 written as \"%s\"" % r["fields"]["家庭人口"]))
for _ in range(2):
    r = pick_row()
    other = make_phone()
    r["fields"]["联系电话"] = r["h"]["phone"] + rng.choice(["/", "；", ",", " "]) + other
    csv_messes.append((r["key"], "two phone numbers in one cell; the first is the head's"))
for _ in range(3):
    r = pick_row(lambda r: len(r["h"]["name"]) == 2)
    nm = r["h"]["name"]
    r["fields"]["户主姓名"] = nm[0] + rng.choice([" ", "  ", "　"]) + nm[1]
    csv_messes.append((r["key"], "name padded with spaces (%r)" % r["fields"]["户主姓名"]))
for rem in REMARKS_MULTILINE:
    r = pick_row()
    r["fields"]["备注"] = rem
    csv_messes.append((r["key"], "备注 with a quoted %s line break" % ("CRLF" if "\r\n" in rem else "LF")))

# --- deliberate errors
r = pick_row()
good = r["h"]["id"]
wrong = rng.choice([c for c in "0123456789X" if c != good[-1]])
r["fields"]["身份证号"] = good[:-1] + wrong
csv_errors.append((r["key"], "身份证号 %s has a wrong check character (should be %s)" % (good[:-1] + wrong, good[-1])))

r = pick_row()
h = r["h"]
body = h["id"][:6] + "%d1332" % h["birth"].year + h["id"][14:17]
r["fields"]["身份证号"] = body + check_char(body)
csv_errors.append((r["key"], "身份证号 %s has an impossible birth date (%d-13-32); the check character itself is consistent"
                   % (r["fields"]["身份证号"], h["birth"].year)))

r = pick_row()
idx = rng.randint(8, 15)
r["fields"]["身份证号"] = r["h"]["id"][:idx] + r["h"]["id"][idx + 1:]
csv_errors.append((r["key"], "身份证号 too short: 17 characters (one digit dropped)"))

r = pick_row()
h = r["h"]
body = h["id"][:6] + "20310512" + h["id"][14:17]
r["fields"]["身份证号"] = body + check_char(body)
csv_errors.append((r["key"], "身份证号 %s has a birth date in the future (2031-05-12); check character consistent"
                   % r["fields"]["身份证号"]))

r = pick_row()
r["fields"]["身份证号"] = "%.5E" % (int(r["h"]["id"][:17]) * 10)
csv_errors.append((r["key"], "身份证号 mangled by Excel into scientific notation (%s); unrecoverable"
                   % r["fields"]["身份证号"]))

r = pick_row()
p = r["h"]["phone"]
r["fields"]["联系电话"] = p[:5] + p[6:]
csv_errors.append((r["key"], "联系电话 %s has only 10 digits" % r["fields"]["联系电话"]))

r = pick_row()
r["fields"]["联系电话"] = "12" + r["h"]["phone"][2:]
csv_errors.append((r["key"], "联系电话 %s starts with 12, not a valid mobile prefix" % r["fields"]["联系电话"]))

r = pick_row()
r["fields"]["户主姓名"] = ""
r["fields"]["身份证号"] = ""
csv_errors.append((r["key"], "no 户主姓名 and no 身份证号 (phone and address are present)"))

r = pick_row()
r["fields"]["家庭人口"] = "abc"
csv_errors.append((r["key"], "家庭人口 is \"abc\""))

r = pick_row()
r["fields"]["备注"] = "已走访"
r["extra"] = "待复核"
csv_errors.append((r["key"], "ragged row: 22 fields instead of 21 (extra trailing column \"待复核\")"))

csv_errors.append((dup_row["key"], "duplicate of 序号 %s: same household, same 身份证号 %s, address spelled \"%s\" instead of \"%s\""
                   % (dup_src["key"], dup_src["h"]["id"], dup_row["fields"]["家庭住址"], dup_src["fields"]["家庭住址"])))

r = pick_row()
r["fields"]["登记日期"] = "2023-02-30"
csv_errors.append((r["key"], "登记日期 2023-02-30 does not exist"))

r = pick_row(lambda r: r["fields"]["性别"] != "")
r["fields"]["性别"] = "女" if r["h"]["male"] else "男"
csv_errors.append((r["key"], "性别 %s contradicts the 身份证号 sequence digit (%s)"
                   % (r["fields"]["性别"], "odd = male" if r["h"]["male"] else "even = female")))

csv_errors.sort(key=lambda e: int(e[0]))
csv_messes.sort(key=lambda e: int(e[0]))

# ---------------------------------------------------------------------------
# Feed 2: Anshun household registry XML
# ---------------------------------------------------------------------------
def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


xml_households = [households[i] for i in OVERLAP] + [h for h in households if not h["guiyang"]]
hu_numbers = sorted(rng.sample(range(1, 1000), len(xml_households)))
rng.shuffle(xml_households)
xml_records = []
for num, h in zip(hu_numbers, xml_households):
    xml_records.append({"key": "AS-%06d" % num, "h": h})
xml_errors, xml_messes = [], []
xpos = list(range(len(xml_records)))
rng.shuffle(xpos)
x_lower = next(i for i in xpos if xml_records[i]["h"]["id"].endswith("X"))
xpos.remove(x_lower)
x_legacy = next(i for i in xpos if xml_records[i]["h"]["birth"].year < 1985)
xpos.remove(x_legacy)
x_badcheck = xpos.pop()
x_nophone = [xpos.pop() for _ in range(9)]
x_noprov = [xpos.pop() for _ in range(15)]
x_attr_gender = [xpos.pop() for _ in range(3)]

lines = ['<?xml version="1.0" encoding="UTF-8"?>',
         '<!-- 安顺市公安局户籍信息导出(样例数据,全部为虚构) -->',
         '<户籍信息 xmlns="http://gaj.guizhou.gov.cn/hj/1.0" 导出时间="2023-10-31T08:00:00">']
for i, rec in enumerate(xml_records):
    h = rec["h"]
    reg = rand_date(dt.date(1995, 1, 1), dt.date(2023, 9, 30))
    idtext = h["id"]
    if i == x_lower:
        idtext = idtext[:-1] + "x"
        xml_messes.append((rec["key"], "户主 身份证号 with lowercase x check character"))
    elif i == x_legacy:
        idtext = h["id"][:6] + h["id"][8:17]
        xml_messes.append((rec["key"], "户主 身份证号 is a 15-digit legacy number %s (18-digit form %s)" % (idtext, h["id"])))
    elif i == x_badcheck:
        wrong = rng.choice([c for c in "0123456789X" if c != h["id"][-1]])
        idtext = h["id"][:-1] + wrong
        xml_errors.append((rec["key"], "户主 身份证号 %s has a wrong check character (should be %s)" % (idtext, h["id"][-1])))
    name_xml = xml_escape(h["name"])
    if h["idx"] == RARE_CHAR_HH:
        name_xml = name_xml.replace("㯊", "&#x3BCA;")
        xml_messes.append((rec["key"], "户主 姓名 uses a numeric character reference &#x3BCA; (㯊)"))
    addr = h["hukou"]
    if i in x_noprov:
        addr = addr.replace("贵州省", "", 1)
    gender = "男" if h["male"] else "女"
    lines.append('  <户 户号="%s" 登记日期="%s">' % (rec["key"], reg.isoformat()))
    if i in x_attr_gender:
        lines.append('    <户主 性别="%s">' % gender)
    else:
        lines.append("    <户主>")
    lines.append("      <姓名>%s</姓名>" % name_xml)
    lines.append("      <身份证号>%s</身份证号>" % idtext)
    if i not in x_attr_gender:
        lines.append("      <性别>%s</性别>" % gender)
    if i not in x_nophone:
        lines.append("      <联系电话>%s</联系电话>" % h["phone"])
    lines.append("    </户主>")
    lines.append("    <住址><![CDATA[%s]]></住址>" % addr)
    if h["hukou_compound"]:
        lines.append("    <小区>%s</小区>" % xml_escape(h["hukou_compound"]))
    else:
        lines.append("    <小区/>")
    lines.append("    <人口>%s</人口>" % (h["member_count"] if rng.random() > 0.1 else " %d " % h["member_count"]))
    if h["members"]:
        lines.append("    <成员列表>")
        for m in h["members"]:
            lines.append('      <成员 关系="%s">' % m["relation"])
            lines.append("        <姓名>%s</姓名>" % xml_escape(m["name"]))
            lines.append("        <身份证号>%s</身份证号>" % m["id"])
            lines.append("      </成员>")
        lines.append("    </成员列表>")
    else:
        lines.append("    <成员列表/>")
    lines.append("  </户>")
lines.append("</户籍信息>")
XML_TEXT = "\n".join(lines) + "\n"
amp_keys = [r["key"] for r in xml_records if "&" in r["h"]["hukou_compound"]]
assert amp_keys
xml_messes.append((",".join(amp_keys), "<小区> 虹湖&amp;虹山联建小区 written with an entity reference; the CDATA 住址 holds a raw &"))
xml_messes.append((",".join(xml_records[i]["key"] for i in sorted(x_nophone)), "no <联系电话> element"))
xml_messes.append((",".join(xml_records[i]["key"] for i in sorted(x_attr_gender)),
                   "性别 given as an attribute of <户主 性别=\"…\"> instead of a child element"))
xml_messes.append((",".join(xml_records[i]["key"] for i in sorted(x_noprov)), "住址 without the 贵州省 prefix"))
xml_messes.append((",".join(r["key"] for r in xml_records if not r["h"]["hukou_compound"]),
                   "rural 户籍 address (…镇…村N组N号) with an empty <小区/>"))

# ---------------------------------------------------------------------------
# Feed 3: civil-affairs assistance NDJSON
# ---------------------------------------------------------------------------
nd_households = [households[i] for i in assisted]
rng.shuffle(nd_households)
nd_records = []
for n, h in enumerate(nd_households):
    rec_date = rand_date(dt.date(2021, 1, 1), dt.date(2023, 10, 31))
    members = h["member_count"]
    if h["extreme_poverty"]:
        amount = rng.randint(110, 140) * 10 * members
    else:
        amount = rng.randint(25, 80) * 10 * members
    style = wchoice([("iso", 30), ("cn", 30), ("slash", 15), ("compact", 10), ("epoch", 4), ("dot", 6)])
    if style == "epoch":
        tz = dt.timezone(dt.timedelta(hours=8))
        date_val = int(dt.datetime(rec_date.year, rec_date.month, rec_date.day, tzinfo=tz).timestamp() * 1000)
    else:
        date_val = fmt_date(rec_date, style)
    idtext = h["id"]
    if idtext.endswith("X") and rng.random() < 0.5:
        idtext = idtext[:-1] + "x"
    bool_style = rng.random() < 0.08
    flag = (lambda v: v) if bool_style else (lambda v: "是" if v else "否")
    obj = {
        "case_no": "MZ2023-%04d" % (n + 1),
        "户主": {"姓名": h["name"], "身份证号": idtext},
        "phone": (fmt_phone(h["phone"], wchoice([("plain", 80), ("dash", 8), ("plus86", 7), ("space", 5)]))
                  if rng.random() > 0.06 else None),
        "address": address_form(h, wchoice([("full", 45), ("city", 25), ("county", 25), ("compound", 5)])),
        "低保": flag(h["low_income"]),
        "特困": flag(h["extreme_poverty"]),
        "人口数": str(members) if rng.random() < 0.6 else members,
        "核定日期": date_val,
        "金额": wchoice([("%.2f" % amount, 60), (amount, 25), (float(amount) + 0.5 if rng.random() < 0.3 else float(amount), 15)]),
    }
    nd_records.append({"key": obj["case_no"], "h": h, "obj": obj, "bool": bool_style,
                       "epoch": style == "epoch"})

nd_lines = []
BLANK_AFTER = 29          # a blank line after the 29th record
BROKEN_RECORD = 55        # the 56th record (0-based 55) is truncated
nd_broken_line = None
nd_blank_line = None
for n, rec in enumerate(nd_records):
    text = json.dumps(rec["obj"], ensure_ascii=False, separators=(",", ":"))
    if n == BROKEN_RECORD:
        cut = text.index('"address"') + 18
        text = text[:cut]
        nd_broken_line = len(nd_lines) + 1
    nd_lines.append(text)
    if n + 1 == BLANK_AFTER:
        nd_lines.append("")
        nd_blank_line = len(nd_lines)
ND_TEXT = "\n".join(nd_lines) + "\n"
nd_broken_key = nd_records[BROKEN_RECORD]["key"]

# ---------------------------------------------------------------------------
# Feed 4: grid-worker app JSON export
# ---------------------------------------------------------------------------
app_households = rng.sample([h for h in csv_households if h["comp"].cname in ("白云区", "南明区", "云岩区")], 50)
app_households += [households[i] for i in RESERVED]
rng.shuffle(app_households)
app_typos = []
TYPO = {"丽": "莉", "华": "化", "芳": "方", "明": "铭", "平": "萍", "玲": "琳", "伟": "玮", "军": "君"}
app_records = []
for n, h in enumerate(app_households):
    tags = []
    for flagname, tag in (("low_income", "低保"), ("extreme_poverty", "特困"), ("disabled_member", "残疾"),
                          ("elderly_alone", "独居"), ("left_behind_child", "留守儿童")):
        if h[flagname]:
            tags.append(tag)
    if rng.random() < 0.12:
        tags.append(rng.choice(["党员", "退役军人", "志愿者"]))
    if h["tenure"] == "租赁" and rng.random() < 0.5:
        tags.append("出租户")
    rng.shuffle(tags)
    name = h["name"]
    if len(app_typos) < 3 and n >= 15 * len(app_typos) + 5 and any(ch in TYPO for ch in name[1:]):
        ch = next(ch for ch in name[1:] if ch in TYPO)
        name = name[0] + name[1:].replace(ch, TYPO[ch], 1)
        app_typos.append((str(n + 1), "hzxm %s is a homophone misspelling of %s" % (name, h["name"])))
    sfzh = h["id"]
    if sfzh.endswith("X") and rng.random() < 0.5:
        sfzh = sfzh[:-1] + "x"
    c = h["comp"]
    rec = {
        "hzxm": name,
        "sfzh": sfzh,
        "lxdh": fmt_phone(h["phone"], wchoice([("plain", 80), ("plus86", 10), ("dash", 10)])),
        "xqmc": c.name,
        "ld": str(h["building"]) if rng.random() < 0.85 else h["building"],
        "dy": str(h["unit"]),
        "fh": h["room"] if rng.random() < 0.9 else h["room"] + "室",
        "wgbh": h["grid"],
        "slhz": h["group"],
        "jtrk": h["member_count"] if rng.random() < 0.85 else str(h["member_count"]),
        "sfdb": "Y" if h["low_income"] else "N",
        "sfdjlr": "Y" if h["elderly_alone"] else "N",
        "tags": tags,
    }
    app_records.append({"key": str(n + 1), "h": h, "obj": rec})
APP_DOC = {"code": 0, "msg": "ok", "data": {"total": len(app_records), "records": [r["obj"] for r in app_records]}}

# ---------------------------------------------------------------------------
# Feed 5: utility facilities JSON
# ---------------------------------------------------------------------------
FAC_TYPES = [
    ("GD", "贵州电网", [("充电桩", 5), ("电动汽车充电桩", 4), ("变压器", 4), ("箱式变电站", 2), ("配电房", 2), ("路灯", 3)]),
    ("YD", "中国移动", [("5G基站", 5), ("通信基站", 1)]),
    ("DX", "中国电信", [("5G基站", 3), ("光交箱", 1)]),
    ("TT", "中国铁塔", [("5G基站", 3), ("通信铁塔", 1)]),
]
CAPACITY = {
    "充电桩": ["60kW", "120kW", "7kW", "120 kW", "60千瓦"], "电动汽车充电桩": ["60kW", "120kW", "160kW"],
    "变压器": ["400kVA", "630kVA", "800kVA"], "箱式变电站": ["630kVA", "1000kVA"], "配电房": ["2×630kVA", "1250kVA"],
    "路灯": ["150W", "100W", "LED 120W"], "5G基站": ["3扇区", "64T64R", None], "通信基站": ["4G/5G共站"],
    "光交箱": ["288芯", "144芯"], "通信铁塔": ["30米", "25米"],
}
FEATURES = ["东门", "西门", "南门", "北门", "3栋旁", "停车场", "活动广场", "配电间旁", "1栋楼顶", "围墙外"]
fac_compounds = [c for c in GY_COMPOUNDS if c.lng is not None]
counters = {"GD": 0, "YD": 0, "DX": 0, "TT": 0}
facilities = []
fac_notes = []
for n in range(38):
    prefix, owner, types = FAC_TYPES[0] if n < 20 else rng.choice(FAC_TYPES[1:])
    ftype = wchoice(types)
    c = rng.choice(fac_compounds)
    counters[prefix] += 1
    fid = "%s-%04d" % (prefix, counters[prefix])
    feature = rng.choice(FEATURES)
    lng = round(c.lng + rng.uniform(-0.0015, 0.0015), 6)
    lat = round(c.lat + rng.uniform(-0.0015, 0.0015), 6)
    facilities.append({
        "id": fid, "type": ftype, "name": "%s%s%s" % (c.name, feature, ftype),
        "address": rng.choice(["%s%s%s%s" % (c.cname, c.tname, c.name, feature),
                               "贵阳市%s%s%s" % (c.cname, c.name, feature),
                               "%s%s" % (c.name, feature)]),
        "lng": lng, "lat": lat, "coord": "gcj02",
        "capacity": rng.choice(CAPACITY[ftype]),
        "status": wchoice([("在用", 70), ("在建", 12), ("规划", 10), ("停用", 8)]),
        "owner": owner, "_truth": "F%03d" % (n + 1),
    })
# duplicates: the same 5G site reported by China Mobile and China Tower; the same charging pile twice
src5g = next(f for f in facilities if f["type"] == "5G基站" and f["owner"] == "中国移动")
counters["TT"] += 1
dup5g = dict(src5g, id="TT-%04d" % counters["TT"], owner="中国铁塔", type="5G宏站",
             name=src5g["name"].replace("5G基站", "宏站"), lng=round(src5g["lng"] + 0.00021, 6),
             lat=round(src5g["lat"] - 0.00013, 6), capacity="通信铁塔30米", status="在用")
srcev = next(f for f in facilities if f["type"] == "充电桩")
counters["GD"] += 1
dupev = dict(srcev, id="GD-%04d" % counters["GD"], type="电动汽车充电桩", name=srcev["name"].replace("充电桩", "电动汽车充电站"),
             lng=round(srcev["lng"] - 0.00008, 6), lat=round(srcev["lat"] + 0.00005, 6))
facilities.insert(29, dup5g)
facilities.append(dupev)
fac_notes.append((dup5g["id"], "same site as %s (5G基站 reported by 中国移动; here 5G宏站 by 中国铁塔, ~25 m apart)" % src5g["id"]))
fac_notes.append((dupev["id"], "same charging pile as %s (type synonym 电动汽车充电桩, ~10 m apart)" % srcev["id"]))
# messes and errors
fpos = [i for i, f in enumerate(facilities) if f not in (dup5g, dupev, src5g, srcev)]
rng.shuffle(fpos)
fac_errors = []
i = fpos.pop()
facilities[i]["lng"], facilities[i]["lat"] = str(facilities[i]["lng"]), str(facilities[i]["lat"])
fac_notes.append((facilities[i]["id"], "lng/lat given as strings"))
i = fpos.pop()
facilities[i]["coord"] = "GCJ-02"
fac_notes.append((facilities[i]["id"], "coord spelled \"GCJ-02\""))
i = fpos.pop()
tl = rng.uniform(-0.0005, 0.0005)
facilities[i]["lng"] = round(facilities[i]["lng"] + 0.0065 + tl, 6)
facilities[i]["lat"] = round(facilities[i]["lat"] + 0.0060, 6)
facilities[i]["coord"] = "bd09"
fac_notes.append((facilities[i]["id"], "coordinates in BD-09 (coord \"bd09\"), shifted ~+0.0065/+0.006 from GCJ-02"))
i = fpos.pop()
facilities[i]["lng"], facilities[i]["lat"] = facilities[i]["lat"], facilities[i]["lng"]
fac_errors.append((facilities[i]["id"], "lng and lat swapped (lng %.6f, lat %.6f)" % (facilities[i]["lng"], facilities[i]["lat"])))
i = fpos.pop()
facilities[i]["lng"] = None
facilities[i]["lat"] = None
fac_errors.append((facilities[i]["id"], "lng/lat are null (no coordinates)"))
i = fpos.pop()
facilities[i]["status"] = "正常"
fac_errors.append((facilities[i]["id"], "status \"正常\" is not one of 在用/在建/规划/停用"))
fac_truth = [(f["id"], f["_truth"]) for f in facilities]
for f in facilities:
    del f["_truth"]

# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------
def path(*parts):
    p = os.path.join(HERE, *parts)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


def write_csv_gb18030():
    with open(path("guiyang", "grid-households.csv"), "w", encoding="gb18030", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(CSV_HEADER)
        for row in csv_rows:
            fields = dict(row["fields"])
            fields["序号"] = row["key"]
            out = [fields[k] for k in CSV_HEADER]
            if row["extra"] is not None:
                out.append(row["extra"])
            w.writerow(out)


def write_truth():
    with open(path("truth", "households.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["truth_id", "head_name", "gender", "birth_date", "id_number", "phone", "prefecture", "county",
                    "county_code", "township", "township_code", "compound", "building", "unit", "room", "address",
                    "hukou_address", "member_count", "grid_id", "ten_household_group", "tenure", "low_income",
                    "extreme_poverty", "disabled_member", "elderly_alone", "left_behind_child"])
        for h in households:
            c = h["comp"]
            w.writerow([h["truth_id"], h["name"], "男" if h["male"] else "女", h["birth"].isoformat(), h["id"],
                        h["phone"], c.pref, c.cname, c.ccode, c.tname, c.tcode, c.name, h["building"], h["unit"],
                        h["room"], canonical_address(h), h["hukou"], h["member_count"], h["grid"], h["group"],
                        h["tenure"]] + ["true" if h[k] else "false" for k in
                                        ("low_income", "extreme_poverty", "disabled_member", "elderly_alone",
                                         "left_behind_child")])
    with open(path("truth", "members.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["truth_id", "member_no", "relation", "name", "gender", "birth_date", "id_number"])
        for h in households:
            w.writerow([h["truth_id"], 1, "户主", h["name"], "男" if h["male"] else "女", h["birth"].isoformat(), h["id"]])
            for k, m in enumerate(h["members"]):
                w.writerow([h["truth_id"], k + 2, m["relation"], m["name"], "男" if m["male"] else "女",
                            m["birth"].isoformat(), m["id"]])
    with open(path("truth", "records.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["feed", "record_key", "truth_id"])
        for feed, recs in (("guiyang-grid", csv_rows), ("anshun-registry", xml_records),
                           ("civil-affairs", nd_records), ("grid-app", app_records)):
            for r in recs:
                w.writerow([feed, r["key"], r["h"]["truth_id"]])
    with open(path("truth", "facilities.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "facility_truth_id"])
        for fid, tid in fac_truth:
            w.writerow([fid, tid])


def write_feeds():
    write_csv_gb18030()
    with open(path("anshun", "household-registry.xml"), "w", encoding="utf-8", newline="") as f:
        f.write(XML_TEXT)
    with open(path("civil-affairs", "assistance.ndjson"), "w", encoding="utf-8", newline="") as f:
        f.write(ND_TEXT)
    with open(path("grid-app", "ten-household.json"), "w", encoding="utf-8", newline="") as f:
        json.dump(APP_DOC, f, ensure_ascii=False, indent=2)
        f.write("\n")
    with open(path("utilities", "facilities.json"), "w", encoding="utf-8", newline="") as f:
        f.write("[\n" + ",\n".join("  " + json.dumps(x, ensure_ascii=False) for x in facilities) + "\n]\n")


def md_table(rows, head=("key", "what")):
    out = ["| %s | %s |" % head, "|---|---|"]
    for k, v in rows:
        out.append("| %s | %s |" % (k, v.replace("|", "\\|").replace("\r\n", "\\r\\n").replace("\n", "\\n")))
    return "\n".join(out)


def write_readme():
    nd_bool = [r["key"] for r in nd_records if r["bool"]]
    nd_epoch = [r["key"] for r in nd_records if r["epoch"]]
    text = """# Sample feeds for Rongtong

Synthetic sample data for the Rongtong ETL. **Everything here is made up**: names, resident ID numbers
(valid GB 11643 structure and check characters, random sequence numbers), mobile numbers and room
addresses. Prefecture, county and township names and codes are real (NBS 2023, see
`Sources/Normalize/Reference/guizhou_divisions.csv`); compound (小区) names are invented.

Regenerate (deterministic, fixed seed {seed}, Python 3 stdlib only, overwrites every file below):

    python3 samples/generate_samples.py

| file | stands for | encoding / line endings | records |
|---|---|---|---|
| `guiyang/grid-households.csv` | 贵阳市 grid census (网格/十联户), Excel CSV export | GB18030, CRLF, no BOM | {n_csv} data rows |
| `anshun/household-registry.xml` | 安顺市 public-security household registry (公安户籍) | UTF-8, LF | {n_xml} `<户>` |
| `civil-affairs/assistance.ndjson` | civil-affairs (民政) 低保/特困 assistance list | UTF-8, LF | {n_nd_lines} lines: {n_nd_ok} valid objects, 1 broken, 1 blank |
| `grid-app/ten-household.json` | grid-worker mobile app export (十联户) | UTF-8, LF | {n_app} records |
| `utilities/facilities.json` | power/telecom facility inventory (供电, 通信) | UTF-8, LF | {n_fac} facilities |
| `truth/*.csv` | ground truth for linkage scoring | UTF-8, LF | see below |

## Ground truth (`truth/`)

- `households.csv` — the pool of {n_pool} synthetic households, one row each, `truth_id` H0001…H{last}.
  {n_gy} live in 贵阳市 (白云区, 南明区, 云岩区, 花溪区, 观山湖区), {n_as} in 安顺市 (西秀区, 平坝区).
  Columns: head name, gender, birth date, the valid 18-character ID, phone (11 digits), residence
  (prefecture, county + code, township + 9-digit code, compound, building, unit, room, canonical address),
  `hukou_address` (registered 户籍 address, filled only for the {n_xml} households in the Anshun registry),
  member count, grid id, ten-household group, tenure (自有/租赁/公租房/廉租房/其他) and the five flags
  low_income, extreme_poverty, disabled_member, elderly_alone, left_behind_child (`true`/`false`).
  低保 and 特困 are mutually exclusive; {n_assist} households have one of them.
- `members.csv` — every household member (member_no 1 is the head) with relation, name, birth date, ID.
- `records.csv` — `feed,record_key,truth_id`, one row per feed record ({n_records} rows). Feeds and keys:
  - `guiyang-grid`: 序号 of the CSV (both rows of the duplicated household point to the same truth_id;
    every deliberately broken row is still listed).
  - `anshun-registry`: the 户号 attribute.
  - `civil-affairs`: `case_no` (the truncated line {nd_broken_line} is listed too, key {nd_broken_key}).
  - `grid-app`: the 1-based position of the record in `data.records` (the records carry no id).
- `facilities.csv` — `id,facility_truth_id`; two facility truth ids have two records each (duplicates).

How the feeds overlap: {n_csv_hh} Guiyang households are in the CSV. {n_overlap} of them are registered
(户籍) in Anshun and also appear in the registry XML, under their Anshun 户籍 address (not the Guiyang
residence), with Anshun ID region codes; the other {n_as} XML households live in Anshun and appear in no
other household feed except the assistance list. {n_reserved} Guiyang households are missing from the CSV and
appear only in the grid app. The assistance list holds all {n_assist} 低保/特困 households (Guiyang and Anshun).

## 1. `guiyang/grid-households.csv`

Grid census of Guiyang residential compounds as exported from Excel: GB18030 (decode with `gb18030`,
not GBK: one name has a 4-byte character), CRLF record ends, no BOM, RFC 4180 quoting (fields with a
comma, quote or line break are quoted, quotes doubled). Header (21 columns):

    {header}

`序号` (1…{n_csv}) is the record key. {n_csv} data rows; {n_csv_hh} distinct households plus one duplicate.
Messes found throughout (valid data that must be normalised):

- 身份证号: full-width digits (０-９), lowercase `x` check character, 15-digit legacy numbers, a leading
  apostrophe, surrounding spaces.
- 联系电话: plain, `138 0013 8000`, `138-0013-8000`, `+86 13800138000`, `+86-13800138000`, full-width digits,
  two numbers in one cell.
- 家庭住址: full `贵州省贵阳市白云区大山洞街道东升小区3栋2单元501室`; without province; without
  province and city; without township; `贵阳白云区…` (suffix dropped); compound only `东升小区3栋2单元501`;
  Chinese numerals `东升小区三栋二单元501室`; dashes `东升小区3-2-501`; `3号楼2-501`; `幢` with `号`; spaces
  between parts; full-width comma and brackets `大山洞街道，东升小区（3栋）2单元-501#`; an ASCII comma
  (quoted field); full-width digits and full-width dashes.
- 所属小区 sometimes blank or shortened (东升小区 → 东升); 楼栋 as `3`, `3栋`, `３`, `三`, `3号楼`, blank; 单元 as
  `2`, `2单元`, `２`, `二`, blank; 房号 as `501`, `501室`, `５０１`, blank.
- 性别 男/女/blank. 家庭人口 digits, full-width digits, `3人`. 住房性质 自有/自住/租赁/租住/公租房/廉租房/其他/blank
  (自住 = 自有, 租住 = 租赁).
- Flags (是否低保 … 是否留守儿童) per row in one of the styles 是/否, Y/N, 1/0, √/blank, 是/blank; a false
  flag may also be blank.
- 登记日期 as `2023-10-31`, `2023/10/31`, `2023/9/5`, `2023.10.31`, `20231031`, `2023年10月31日`.
- 备注 mostly empty; some with ASCII commas, doubled quotes, and quoted CRLF or LF line breaks.

Notable rows:

{csv_messes}

Deliberate errors ({n_csv_err} rows):

{csv_errors}

## 2. `anshun/household-registry.xml`

Public-security household registry of 安顺市. UTF-8, LF, XML declaration and a comment. Root
`<户籍信息 xmlns="http://gaj.guizhou.gov.cn/hj/1.0" 导出时间="2023-10-31T08:00:00">` (default namespace:
every element is in it). {n_xml} records `<户 户号="AS-000123" 登记日期="YYYY-MM-DD">` (户号 is the record key),
each with `<户主>` (`<姓名>`, `<身份证号>`, `<性别>`, `<联系电话>`), `<住址>` in CDATA, `<小区>`, `<人口>` and
`<成员列表>` of `<成员 关系="配偶|子|女|孙子|孙女">` with `<姓名>` and `<身份证号>` (an empty `<成员列表/>` for a
one-person household). 住址 is the 户籍 address (贵州省安顺市西秀区/平坝区 …, compound or village).

Messes:

{xml_messes}

Deliberate errors:

{xml_errors}

## 3. `civil-affairs/assistance.ndjson`

Civil-affairs 低保/特困 list, one JSON object per line, UTF-8, LF, {n_nd_lines} lines. Keys: `case_no` (record
key, `MZ2023-0001`…), `户主` {{`姓名`, `身份证号`}}, `phone`, `address`, `低保`, `特困`, `人口数`, `核定日期`, `金额`.

Messes: `人口数` a string (`"3"`) or a number (`3`); `金额` a string `"560.00"`, an integer or a float;
`核定日期` as `2023-10-31`, `2023年10月31日`, `2023/10/31`, `20231031`, `2023.10.31`, or epoch milliseconds
(number, Beijing midnight) in {nd_epoch}; `低保`/`特困` as `"是"`/`"否"`, but JSON booleans in
{nd_bool}; `phone` sometimes `null` or formatted with dashes/spaces/+86; some IDs with lowercase `x`;
`address` with or without the upper levels.

Deliberate errors:

- line {nd_blank_line}: blank line.
- line {nd_broken_line}: broken JSON — the object for `{nd_broken_key}` is truncated in the middle of `address`
  (no closing quote or braces). It is the only unparseable line.

## 4. `grid-app/ten-household.json`

Grid-worker app export, one JSON document (UTF-8, LF, indented):
`{{"code":0,"msg":"ok","data":{{"total":{n_app},"records":[…]}}}}`. Records use pinyin-initial keys:
`hzxm` 户主姓名, `sfzh` 身份证号, `lxdh` 联系电话, `xqmc` 小区名称, `ld` 楼栋, `dy` 单元, `fh` 房号, `wgbh`
网格编号, `slhz` 十联户组, `jtrk` 家庭人口, `sfdb` 是否低保 (Y/N), `sfdjlr` 是否独居老人 (Y/N), `tags` (array).
The record key is the 1-based position in `data.records`. {n_app_csv} records are households also in the CSV,
{n_reserved} are only here.

Messes: `ld` and `jtrk` sometimes a string, sometimes a number; `fh` sometimes with `室`; `lxdh` with +86 or
dashes; lowercase `x` in some `sfzh`. `tags` map to flags as 低保 → low_income, 特困 → extreme_poverty,
残疾 → disabled_member, 独居 → elderly_alone, 留守儿童 → left_behind_child; other tags (党员, 退役军人,
志愿者, 出租户) are noise.

Name variants (valid records, the truth has the other spelling):

{app_typos}

## 5. `utilities/facilities.json`

Top-level JSON array (UTF-8, LF, one object per line) of {n_fac} facilities reported by 贵州电网, 中国移动,
中国电信 and 中国铁塔 in Guiyang compounds. Keys: `id` (record key; prefix GD/YD/DX/TT by owner), `type`
(充电桩, 电动汽车充电桩, 变压器, 箱式变电站, 配电房, 路灯, 5G基站, 5G宏站, 通信基站, 光交箱, 通信铁塔 — synonyms
included), `name`, `address`, `lng`, `lat`, `coord`, `capacity` (`120kW`, `120 kW`, `60千瓦`, `630kVA`,
`2×630kVA`, `3扇区`, `288芯`, null …), `status` (在用/在建/规划/停用), `owner`. Coordinates are GCJ-02
inside lng 106.6–106.8, lat 26.5–26.7 unless noted.

Messes and duplicates:

{fac_notes}

Deliberate errors:

{fac_errors}
""".format(
        seed=SEED, n_csv=len(csv_rows), n_xml=len(xml_records), n_nd_lines=len(nd_lines),
        n_nd_ok=len(nd_records) - 1, n_app=len(app_records), n_fac=len(facilities), n_pool=len(households),
        last="%04d" % len(households), n_gy=N_GUIYANG, n_as=N_ANSHUN, n_assist=len(assisted),
        n_records=len(csv_rows) + len(xml_records) + len(nd_records) + len(app_records),
        nd_broken_line=nd_broken_line, nd_broken_key=nd_broken_key, nd_blank_line=nd_blank_line,
        n_csv_hh=len(csv_households), n_overlap=N_OVERLAP, n_reserved=N_RESERVED,
        header=",".join(CSV_HEADER),
        csv_messes=md_table(csv_messes, ("序号", "what")), csv_errors=md_table(csv_errors, ("序号", "what is wrong")),
        n_csv_err=len(csv_errors),
        xml_messes=md_table(xml_messes, ("户号", "what")), xml_errors=md_table(xml_errors, ("户号", "what is wrong")),
        nd_epoch=", ".join(nd_epoch) or "none", nd_bool=", ".join(nd_bool) or "none",
        n_app_csv=len(app_records) - N_RESERVED,
        app_typos=md_table(app_typos, ("position", "what")),
        fac_notes=md_table(fac_notes, ("id", "what")), fac_errors=md_table(fac_errors, ("id", "what is wrong")),
    )
    with open(path("README.md"), "w", encoding="utf-8", newline="") as f:
        f.write(text)


# ---------------------------------------------------------------------------
# Self-check of the written files
# ---------------------------------------------------------------------------
def self_check():
    import xml.etree.ElementTree as ET
    raw = open(path("guiyang", "grid-households.csv"), "rb").read()
    text = raw.decode("gb18030")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == CSV_HEADER, rows[0]
    assert len(rows) - 1 == len(csv_rows) >= 320
    ragged = [r[0] for r in rows[1:] if len(r) != 21]
    assert ragged == [r["key"] for r in csv_rows if r["extra"] is not None], ragged
    assert raw.endswith(b"\r\n")
    assert "㯊".encode("gb18030") in raw
    ET.fromstring(open(path("anshun", "household-registry.xml"), "rb").read())
    bad = 0
    for line in open(path("civil-affairs", "assistance.ndjson"), encoding="utf-8"):
        if not line.strip():
            continue
        try:
            json.loads(line)
        except ValueError:
            bad += 1
    assert bad == 1, bad
    json.load(open(path("grid-app", "ten-household.json"), encoding="utf-8"))
    json.load(open(path("utilities", "facilities.json"), encoding="utf-8"))
    for h in households:
        assert check_char(h["id"][:17]) == h["id"][17]
        for m in h["members"]:
            assert check_char(m["id"][:17]) == m["id"][17]


def main():
    check_reference()
    write_feeds()
    write_truth()
    write_readme()
    self_check()
    print("wrote samples: %d households, csv %d rows, xml %d, ndjson %d lines, app %d, facilities %d"
          % (len(households), len(csv_rows), len(xml_records), len(nd_lines), len(app_records), len(facilities)))


if __name__ == "__main__":
    main()
