#!/usr/bin/env python3
"""Generates samples/addresses/labelled.csv: synthetic Guizhou addresses with their expected parse.

Every address is built from real names in the bundled reference tables (Sources/Normalize/Reference), written in
one of the forms households feeds use (upper levels left out, short names, full-width digits, Chinese numerals,
栋/幢/号楼/座, 3-2-501, 3号楼2-501, 室/号, spaces and stray punctuation, communities written 东升社区 for
东升社区居委会), and labelled with the codes and parts a correct parser must return.

Ambiguity is labelled, not avoided: when a written township or community name fits several divisions and nothing
in the address or its context decides, the row has ambiguous=1 and its expected codes are those of the candidates'
deepest common ancestor (empty below it).

Deterministic (fixed seed), standard library only:  python3 samples/addresses/generate_labelled.py
"""
import csv
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
REFERENCE = os.path.join(HERE, "..", "..", "Sources", "Normalize", "Reference")
OUTPUT = os.path.join(HERE, "labelled.csv")
HEADER = ["address", "context_prefecture", "prefecture_code", "county_code", "township_code", "community_code",
          "compound", "building", "unit", "room", "ambiguous"]

ETHNIC = ["蒙古族", "毛南族", "仡佬族", "土家族", "布依族", "仫佬族",
          "苗族", "彝族", "侗族", "水族", "回族", "白族", "瑶族", "壮族", "满族"]
PREFECTURE_SHORT = {
    "520100000000": ["贵阳"], "520200000000": ["六盘水"], "520300000000": ["遵义"], "520400000000": ["安顺"],
    "520500000000": ["毕节"], "520600000000": ["铜仁"],
    "522300000000": ["黔西南州", "黔西南"], "522600000000": ["黔东南州", "黔东南"], "522700000000": ["黔南州", "黔南"],
}
FORMER_COUNTY_NAMES = [("水城县", "520204000000"), ("黔西县", "520581000000"), ("平坝县", "520403000000"),
                       ("遵义县", "520304000000"), ("兴仁县", "522302000000"), ("万山特区", "520603000000"),
                       ("小河区", "520111000000"), ("盘县", "520281000000"), ("铜仁县", "520602000000")]
COMMITTEE_SUFFIXES = [("村民委员会", "v"), ("居民委员会", "n"), ("村名委员会", "v"), ("村委员会", "v"),
                      ("居委员会", "n"), ("居民委会", "n"), ("居民委员", "n"), ("村民委员", "v"), ("居员会", "n"),
                      ("村委员", "v"), ("居委员", "n"), ("村委会", "v"), ("居委会", "n"), ("委员会", "?"),
                      ("村委", "v"), ("居委", "n")]
WRITTEN_COMMUNITY_SUFFIXES = ["社区居民委员会", "社区居委会", "社区居委", "村村民委员会", "村村委会", "居民委员会",
                              "村民委员会", "居委会", "村委会", "社区", "居委", "村委", "村"]
COMPOUND_HEADS = ["阳光", "金桥", "幸福", "和谐", "东升", "翠苑", "锦绣", "康居", "泰和", "华府", "滨江", "书香",
                  "电力", "铁路", "水电", "交通", "银河", "明珠", "丽景", "碧水", "紫薇", "桂花", "枫林", "怡景",
                  "恒大", "万科", "保利", "中天", "宏福", "世纪", "百花", "友谊", "红星", "朝晖", "金域", "蓝湾",
                  "凤凰", "秀水", "学府", "馨园", "荷塘", "锦江", "盛世", "御景", "天悦", "嘉禾", "瑞丰", "春晖"]
COMPOUND_TAILS = ["小区", "花园", "家园", "苑", "大院", "宿舍", "新村", "公寓", "佳园", "名城", "雅居", "嘉园"]
NUMERAL_COMPOUNDS = ["三江花园", "八一小区", "二七宿舍", "五里苑", "九龙家园", "十里嘉园"]
ROADS = ["人民路", "中华路", "解放路", "建设路", "环城北路", "文化街", "新华大道", "滨河路"]
CN_DIGITS = "零一二三四五六七八九"


def load(path):
    with open(path, encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle)]


divisions = {row["code"]: row for row in load(os.path.join(REFERENCE, "guizhou_divisions.csv"))}
communities = {row["code"]: row for row in load(os.path.join(REFERENCE, "guizhou_communities.csv"))
               if row["parent_code"] in divisions}
# 册亨县's communities are published with their whole path (贵州省册亨县者楼街道者楼村民委员会): addresses write the
# name after the township, as Rongtong reads it.
for row in communities.values():
    township = divisions[row["parent_code"]]["name"]
    if row["name"].startswith("贵州省") and township in row["name"]:
        row["name"] = row["name"].split(township, 1)[1]


def name(code):
    return (divisions.get(code) or communities[code])["name"]


def level_of(code):
    return (divisions.get(code) or communities[code])["level"]


def children(code, level):
    table = communities if level == "community" else divisions
    return sorted(c for c, row in table.items() if row["parent_code"] == code and row["level"] == level)


def under(code, ancestor):
    """True when code is ancestor or below it (codes are prefix-structured)."""
    depth = {"province": 2, "prefecture": 4, "county": 6, "township": 9, "community": 12}[level_of(ancestor)]
    return code[:depth] == ancestor[:depth]


def strip_ethnic(base):
    changed = True
    while changed:
        changed = False
        for group in ETHNIC:
            if base.endswith(group) and len(base) - len(group) >= 2:
                base = base[: -len(group)]
                changed = True
                break
    return base


def township_aliases(code):
    full = name(code)
    aliases = {full}
    if full.endswith("街道"):
        aliases |= {full[:-2] + "街道办事处", full[:-2] + "街道办", full[:-2] + "办事处"}
    elif full.endswith("乡"):
        place = strip_ethnic(full[:-1])
        if place != full[:-1] and len(place) >= 2:
            aliases |= {place + "乡", place + "民族乡"}
    return aliases


def bare_county(code):
    full = name(code)
    if full.endswith("自治县"):
        return strip_ethnic(full[:-3])
    for suffix in ("特区", "区", "县", "市"):
        if full.endswith(suffix) and len(full) - len(suffix) >= 2:
            return full[: -len(suffix)]
    return None


def community_forms(full):
    """(stem, kind 'n'|'v') of an official community name, as the parser derives them."""
    rest, kind = full, "?"
    for suffix, suffix_kind in COMMITTEE_SUFFIXES:
        if rest.endswith(suffix) and len(rest) > len(suffix):
            rest, kind = rest[: -len(suffix)], suffix_kind
            break
    if rest.endswith("社区") and len(rest) - 2 >= 2:
        return rest[:-2], ("n" if kind == "?" else kind)
    if rest.endswith("村") and len(rest) - 1 >= 2:
        return rest[:-1], "v"
    if kind == "?":
        kind = "v" if rest.endswith("村") else "n"
    return rest, kind


TOWNSHIPS = sorted(c for c, row in divisions.items() if row["level"] == "township")
TOWNSHIPS_BY_ALIAS = {}
for township in TOWNSHIPS:
    for alias in township_aliases(township):
        TOWNSHIPS_BY_ALIAS.setdefault(alias, set()).add(township)
COMMUNITY_FORMS = {code: community_forms(row["name"]) for code, row in communities.items()}
COMMUNITIES_BY_STEM = {}
for code, (stem, _) in COMMUNITY_FORMS.items():
    COMMUNITIES_BY_STEM.setdefault(stem, set()).add(code)
DIVISION_WORDS = set()
for code, row in divisions.items():
    DIVISION_WORDS.add(row["name"])
    if row["level"] == "prefecture":
        DIVISION_WORDS |= set(PREFECTURE_SHORT[code])
    if row["level"] == "county" and bare_county(code):
        DIVISION_WORDS.add(bare_county(code))
    if row["level"] == "township":
        DIVISION_WORDS |= township_aliases(code)


def common_ancestor(codes):
    """(prefecture, county, township, community) codes of the deepest common ancestor of `codes`."""
    codes = sorted(codes)
    out = ["", "", "", ""]
    for index, (width, pad) in enumerate([(4, 8), (6, 6), (9, 3), (12, 0)]):
        prefixes = {code[:width] for code in codes}
        if len(prefixes) != 1 or any(level_depth(code) < index + 1 for code in codes):
            break
        out[index] = codes[0][:width] + "0" * pad
    return out


def level_depth(code):
    return {"province": 0, "prefecture": 1, "county": 2, "township": 3, "community": 4}[level_of(code)]


def expected_codes(code):
    return common_ancestor([code])


def community_candidates(written, scope):
    """Communities the parser may read `written` (a stem + suffix) as, within `scope` (a division code or None)."""
    found = []
    for suffix in WRITTEN_COMMUNITY_SUFFIXES:
        if written.endswith(suffix):
            stem = written[: -len(suffix)]
            kind = "n" if ("社区" in suffix or "居" in suffix) else "v"
            pool = [c for c in COMMUNITIES_BY_STEM.get(stem, ()) if scope is None or under(c, scope)]
            same = [c for c in pool if COMMUNITY_FORMS[c][1] == kind]
            found = same or pool
            break
    return sorted(found)


def reads_as_region(text, scope):
    """True when `text` starts with something the parser would take as a division or community in `scope`."""
    if any(text.startswith(word) for word in DIVISION_WORDS):
        return True
    for length in range(2, min(len(text), 8) + 1):
        stem = text[:length]
        for code in COMMUNITIES_BY_STEM.get(stem, ()):
            if scope is None or under(code, scope):
                rest = text[length:]
                if any(rest.startswith(s) for s in WRITTEN_COMMUNITY_SUFFIXES):
                    return True
    return False


rng = random.Random(20231031)


def compound(scope):
    for _ in range(100):
        if rng.random() < 0.06:
            candidate = rng.choice(NUMERAL_COMPOUNDS)
        else:
            candidate = rng.choice(COMPOUND_HEADS) + rng.choice(COMPOUND_TAILS)
            if rng.random() < 0.08:
                candidate += rng.choice(["二期", "一期", "三期"])
        if not reads_as_region(candidate, scope):
            return candidate
    raise RuntimeError("no compound name fits")


def chinese(number):
    if number < 10:
        return CN_DIGITS[number]
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + ("" if ones == 0 else CN_DIGITS[ones])


def chinese_digits(number):
    return "".join(CN_DIGITS[int(d)] for d in str(number))


def dwelling():
    """(text, building, unit, room) in one of the written forms."""
    b, u = rng.randint(1, 28), rng.randint(1, 6)
    r = rng.randint(1, 18) * 100 + rng.randint(1, 4)
    form = rng.randrange(16)
    if form == 0:
        return f"{b}栋{u}单元{r}室", str(b), str(u), str(r)
    if form == 1:
        return f"{b}幢{u}单元{r}号", str(b), str(u), str(r)
    if form == 2:
        return f"{b}号楼{u}单元{r}", str(b), str(u), str(r)
    if form == 3:
        return f"{b}座{u}单元{r}室", str(b), str(u), str(r)
    if form == 4:
        return f"{b}-{u}-{r}", str(b), str(u), str(r)
    if form == 5:
        return f"{b}号楼{u}-{r}", str(b), str(u), str(r)
    if form == 6:
        return f"{chinese(b)}栋{chinese(u)}单元{r}室", str(b), str(u), str(r)
    if form == 7:
        return f"{chinese(b)}栋{chinese(u)}单元{chinese_digits(r)}室", str(b), str(u), str(r)
    if form == 8:
        return f"{b}栋{r}室", str(b), "", str(r)
    if form == 9:
        return f"{b}栋", str(b), "", ""
    if form == 10:
        return "", "", "", ""
    if form == 11:
        letter = rng.choice("ABCD")
        return f"{letter}座{r}号", letter, "", str(r)
    if form == 12:
        return f"第{b}栋{u}单元{r}室", str(b), str(u), str(r)
    if form == 13:
        return f"{b}-{u}-{r}室", str(b), str(u), str(r)
    if form == 14:
        return f"{b}幢{u}单元{r // 100}楼{r}室", str(b), str(u), str(r)
    return f"{b}栋{u}-{r}", str(b), str(u), str(r)


FULLWIDTH = {ord(c): chr(ord(c) + 0xFEE0) for c in "0123456789-ABCD"}


def add_noise(parts):
    """Joins address parts, sometimes with spaces, stray punctuation or full-width digits."""
    style = rng.randrange(8)
    if style == 0:
        text = " ".join(p for p in parts if p)
    elif style == 1:
        text = "，".join(p for p in parts if p)
    elif style == 2:
        text = "".join(parts).translate(FULLWIDTH)
    elif style == 3:
        text = "、".join(p for p in parts[:-2] if p) + "".join(parts[-2:])
    elif style == 4:
        text = "".join(parts[:-2]) + "（" + parts[-2] + "）" + parts[-1] if parts[-2] else "".join(parts)
    else:
        text = "".join(parts)
    return text.strip()


rows = []


def emit(parts, codes, compound_name, dw, ambiguous=False, context="", noise=True):
    text = add_noise(parts + [compound_name, dw[0]]) if noise else "".join(parts + [compound_name, dw[0]])
    rows.append([text, context] + list(codes) + [compound_name, dw[1], dw[2], dw[3], "1" if ambiguous else "0"])


def pick_community(township, scope):
    """A community of `township` whose written short form is unambiguous within `scope`, with that form."""
    options = children(township, "community")
    rng.shuffle(options)
    for code in options:
        stem, kind = COMMUNITY_FORMS[code]
        variants = [stem + "社区", stem + "居委会", stem + "社区居委会"] if kind == "n" else \
                   [stem + "村", stem + "村委会", stem + "村民委员会"]
        written = rng.choice(variants)
        if community_candidates(written, scope) == [code]:
            return code, written
    return None, None


PREFECTURES = sorted(c for c, row in divisions.items() if row["level"] == "prefecture")
for prefecture in PREFECTURES:
    counties = children(prefecture, "county")
    pname = name(prefecture)
    for index in range(66):
        county = counties[index % len(counties)]
        townships = children(county, "township")
        township = rng.choice(townships)
        cname, tname = name(county), name(township)
        dw = dwelling()
        form = index % 13
        if form == 0:
            emit(["贵州省", pname, cname, tname], expected_codes(township), compound(township), dw)
        elif form == 1:
            emit([pname, cname, tname], expected_codes(township), compound(township), dw)
        elif form == 2:
            emit([rng.choice(PREFECTURE_SHORT[prefecture]), cname, tname], expected_codes(township),
                 compound(township), dw)
        elif form == 3:
            emit([cname, tname], expected_codes(township), compound(township), dw)
        elif form == 4:
            emit([rng.choice(["", pname, PREFECTURE_SHORT[prefecture][0]]), cname], expected_codes(county),
                 compound(county), dw)
        elif form in (5, 6):
            community, written = pick_community(township, township)
            if community is None:
                emit([cname, tname], expected_codes(township), compound(township), dw)
            else:
                emit([rng.choice(["", pname]), cname, tname, written], expected_codes(community),
                     compound(community), dw)
        elif form == 7:
            community, written = pick_community(township, county)
            if community is None:
                emit([cname, tname], expected_codes(township), compound(township), dw)
            else:
                emit([cname, written], expected_codes(community), compound(community), dw)
        elif form == 8:
            context = rng.choice([pname, PREFECTURE_SHORT[prefecture][0], prefecture[:6]])
            alias = rng.choice(sorted(township_aliases(township)))
            fits = sorted(t for t in TOWNSHIPS_BY_ALIAS[alias] if under(t, prefecture))
            if len(fits) == 1:
                emit([alias], expected_codes(township), compound(township), dw, context=context)
            else:
                emit([alias], common_ancestor(fits), compound(prefecture), dw, ambiguous=True, context=context)
        elif form == 9:
            context = rng.choice([pname, PREFECTURE_SHORT[prefecture][-1]])
            emit([], expected_codes(prefecture), compound(None), dw, context=context)
        elif form == 10:
            bare = bare_county(county)
            if bare:
                emit([PREFECTURE_SHORT[prefecture][0], bare, tname], expected_codes(township),
                     compound(township), dw)
            else:
                emit([pname, cname, tname], expected_codes(township), compound(township), dw)
        elif form == 11:
            ethnic = [t for t in townships if len(township_aliases(t)) > 1 and name(t).endswith("乡")]
            target = rng.choice(ethnic) if ethnic else township
            alias = min(township_aliases(target), key=len)
            emit([cname, alias], expected_codes(target), compound(target), dw)
        else:
            road = rng.choice(ROADS) + f"{rng.randint(1, 300)}号"
            if rng.random() < 0.35:
                # A street address with no compound: the road and door number are the street, neither a compound
                # nor a building.
                emit([pname, cname, tname, road], expected_codes(township), "", dw)
            else:
                emit([pname, cname, tname, road], expected_codes(township), compound(township), dw)

# Township names that repeat across counties, written with nothing above them: ambiguous unless context decides.
duplicated = sorted(alias for alias, codes in TOWNSHIPS_BY_ALIAS.items() if len(codes) > 1)
for alias in duplicated:
    fits = sorted(TOWNSHIPS_BY_ALIAS[alias])
    emit([alias], common_ancestor(fits), compound(None), dwelling(), ambiguous=True)
    prefectures = sorted({t[:4] + "00000000" for t in fits})
    context = rng.choice(prefectures)
    inside = [t for t in fits if under(t, context)]
    written_context = rng.choice([name(context), PREFECTURE_SHORT[context][0]])
    if len(inside) == 1:
        emit([alias], expected_codes(inside[0]), compound(inside[0]), dwelling(), context=written_context)
    else:
        emit([alias], common_ancestor(inside), compound(context), dwelling(), ambiguous=True,
             context=written_context)
    # The county in the text settles it.
    chosen = rng.choice(fits)
    emit([name(chosen[:6] + "000000"), alias], expected_codes(chosen), compound(chosen), dwelling())

# Community names that repeat across the province, written with nothing above them.
repeated_stems = sorted(stem for stem, codes in COMMUNITIES_BY_STEM.items() if len(codes) > 3)
for stem in rng.sample(repeated_stems, 12):
    kinds = {COMMUNITY_FORMS[c][1] for c in COMMUNITIES_BY_STEM[stem]}
    written = stem + ("社区" if "n" in kinds else "村")
    fits = community_candidates(written, None)
    if len(fits) > 1:
        emit([written], common_ancestor(fits), compound(None), dwelling(), ambiguous=True)

# Counties under the names they had before their latest renaming.
for former, code in FORMER_COUNTY_NAMES:
    emit([former], expected_codes(code), compound(code), dwelling())
    emit([name(code[:4] + "00000000"), former], expected_codes(code), compound(code), dwelling())

# ---------------------------------------------------------------------------------------------------------------
# Forms a benchmark run found broken (see README "Forms found by the benchmark"). Appended after everything above so
# that the rows before keep their random draws.


def former_township_forms(code):
    """The names a township had before 乡改镇 / 镇改街道, as the parser derives them (红果街道 → 红果镇, 红果乡)."""
    full = name(code)
    if full.endswith("街道") and len(full) - 2 >= 2 and not full[:-2].endswith("路"):
        return {full[:-2] + "镇", full[:-2] + "乡"}
    if full.endswith("镇") and len(full) - 1 >= 2:
        return {full[:-1] + "乡"}
    return set()


FORMER_FORMS = set()
for township in TOWNSHIPS:
    FORMER_FORMS |= former_township_forms(township)
COUNTIES = sorted(c for c, row in divisions.items() if row["level"] == "county")
REMARKS = ["（张三）", "旁", "（李四）", "（王五）", "东户", "（户主：赵六）"]
FAKE_TOWNSHIP_STEMS = ["不存在", "无名", "旧址", "未知", "新设", "待查"]


def names_under(county):
    """Every township name, alias and former name under `county`."""
    found = set()
    for township in children(county, "township"):
        found |= township_aliases(township) | former_township_forms(township)
    return found


def village_of(township):
    """A village of `township` whose stem + 村 is unambiguous in the township, or None."""
    options = [c for c in children(township, "community") if COMMUNITY_FORMS[c][1] == "v"]
    rng.shuffle(options)
    for code in options:
        written = COMMUNITY_FORMS[code][0] + "村"
        if community_candidates(written, township) == [code]:
            return code, written
    return None, None


def numbers():
    return rng.randint(1, 28), rng.randint(1, 6), rng.randint(1, 18) * 100 + rng.randint(1, 4)


for prefecture in PREFECTURES:
    pname = name(prefecture)
    counties = children(prefecture, "county")
    for index in range(14):
        county = counties[(index * 5 + 3) % len(counties)]
        township = rng.choice(children(county, "township"))
        cname, tname = name(county), name(township)
        b, u, r = numbers()
        form = index
        if form == 0:
            # A remark after the room is dropped.
            dw = (f"{b}栋{u}单元{r}" + rng.choice(REMARKS), str(b), str(u), str(r))
            emit([pname, cname, tname], expected_codes(township), compound(township), dw, noise=False)
        elif form == 1:
            letter = rng.choice("ABCD")
            dw = (f"{b}栋{letter}单元{r}室", str(b), letter, str(r))
            emit([pname, cname, tname], expected_codes(township), compound(township), dw)
        elif form == 2:
            # A basement floor, like any floor, is not kept.
            dw = (rng.choice([f"{b}栋负一楼", f"{b}栋负1层", f"{b}栋地下{rng.randint(1, 3)}层"]), str(b), "", "")
            emit([cname, tname], expected_codes(township), compound(township), dw)
        elif form == 3:
            annex = rng.randint(1, 9)
            dw = (f"{b}栋附{annex}号", str(b), "", f"附{annex}")
            emit([pname, cname, tname], expected_codes(township), compound(township), dw, noise=False)
        elif form == 4:
            # A door number with its annex is the street: no compound, no building, no room.
            road = rng.choice(ROADS) + f"{rng.randint(1, 300)}号附{rng.randint(1, 9)}号"
            emit([pname, cname, tname, road], expected_codes(township), "", ("", "", "", ""), noise=False)
        elif form == 5:
            extra = rng.randint(1, 4)
            dw = rng.choice([(f"{b}-{u}-{r}-{extra}", str(b), str(u), f"{r}-{extra}"),
                             (f"{b}栋{u}单元{extra}-{extra + 1}", str(b), str(u), f"{extra}-{extra + 1}")])
            emit([pname, cname, tname], expected_codes(township), compound(township), dw, noise=False)
        elif form == 6:
            dw = (f"{b}栋{u}单元{r}、{r + 1}室", str(b), str(u), f"{r}、{r + 1}")
            emit([cname, tname], expected_codes(township), compound(township), dw)
        elif form == 7:
            # A road (without door number) before the compound is not part of it.
            road = rng.choice(ROADS)
            emit([pname, cname, road], expected_codes(county), compound(county), dwelling(), noise=False)
        elif form == 8:
            # A villager group and its door number: no compound, no building.
            village, written = village_of(township)
            group = rng.randint(1, 12)
            tail = rng.choice([f"{chinese(group)}组{rng.randint(1, 80)}号", f"{group}组", f"第{group}村民组"])
            if village is None:
                emit([cname, tname], expected_codes(township), compound(township), dwelling())
            else:
                written = rng.choice([written, written[:-1] + "村委会"])
                emit([cname, tname, written + tail], expected_codes(village), "", ("", "", "", ""), noise=False)
        elif form == 9:
            # A county of another prefecture written after this one: both readings, their common ancestor.
            other = rng.choice([c for c in COUNTIES if not under(c, prefecture)])
            far_township = rng.choice(children(other, "township"))
            emit([pname, name(other), name(far_township)], ["", "", "", ""], compound(far_township), dwelling(),
                 ambiguous=True, noise=False)
        elif form == 10:
            # A township written under a county it is not in.
            repeated = sorted(a for a, codes in TOWNSHIPS_BY_ALIAS.items() if len(codes) > 1 and a in
                              {name(t) for t in codes} and a not in names_under(county)
                              and not any(under(t, county) for t in codes))
            alias = rng.choice(repeated)
            emit([cname, alias], expected_codes(county), compound(county), dwelling(), ambiguous=True, noise=False)
        elif form == 11:
            # A unique county name written short at the start of the address.
            bare = bare_county(county)
            others = [w for w in DIVISION_WORDS | FORMER_FORMS if w.startswith(bare) and w not in
                      {name(county), bare}]
            if bare and not others and sum(bare_county(c) == bare for c in COUNTIES) == 1:
                emit([bare], expected_codes(county), compound(county), dwelling(), noise=False)
            else:
                emit([cname], expected_codes(county), compound(county), dwelling())
        elif form == 12:
            # ... but a county stem followed by a compound word is the compound's name (花溪苑小区).
            bare = bare_county(county)
            if bare:
                emit([], expected_codes(prefecture), bare + rng.choice(["苑小区", "花园", "家园", "小区"]), dwelling(),
                     context=pname, noise=False)
        else:
            # A township name that fits nothing, shaped like a division: never the compound.
            fake = rng.choice(FAKE_TOWNSHIP_STEMS) + rng.choice(["镇", "乡", "街道"])
            assert fake not in DIVISION_WORDS | FORMER_FORMS
            if rng.random() < 0.5:
                emit([cname, fake], expected_codes(county), "", ("", "", "", ""), noise=False)
            else:
                emit([cname, fake], expected_codes(county), compound(county), dwelling(), noise=False)

# Former township names (镇改街道) and generic 城关镇 under a county that has none today.
emit(["红果镇"], expected_codes("520281004000"), compound("520281004000"), dwelling())
emit(["盘县", "红果镇"], expected_codes("520281004000"), compound("520281004000"), dwelling())
for former, code in [("平坝县", "520403000000"), ("黔西县", "520581000000"), ("遵义县", "520304000000")]:
    emit([former, "城关镇"], expected_codes(code), compound(code), dwelling(), noise=False)

with open(OUTPUT, "w", encoding="utf-8", newline="") as handle:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
print(f"{len(rows)} rows → {os.path.relpath(OUTPUT)} "
      f"({sum(r[-1] == '1' for r in rows)} ambiguous)")
