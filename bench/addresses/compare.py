#!/usr/bin/env python3
"""Address accuracy benchmark (issue 4, item 5): Rongtong's parser next to cpca on samples/addresses/labelled.csv.

    python bench/addresses/compare.py [RONGTONG_BINARY] [LABELLED_CSV] [--out FILE] [--errors N] [--no-cpca]

RONGTONG_BINARY defaults to .build/release/rongtong, LABELLED_CSV to samples/addresses/labelled.csv (both in the
project root), --out to results.json next to this script. Needs the Python standard library, plus cpca (and its pandas, pyahocorasick)
unless --no-cpca is given; `make bench-addresses` installs cpca into .build/bench-venv.

How it scores (see also samples/addresses/README.md):

* Accuracy per level is over every labelled row, like AddressParserTests: a level is right when the tool's value
  equals the expected one, an empty expectation included (so leaving a level blank when the label is blank is right).
* Rows labelled ambiguous=1: Rongtong's region levels (prefecture .. community) count right only when it flags the
  ambiguity (non-empty ambiguous_candidates), its region_code is the expected deepest common ancestor and the level
  matches. cpca has no way to flag, so its levels there count right when they equal the labels (i.e. it left them
  blank or gave the ancestor).
* "Silently wrong": a row where the tool gives a region code (at a level it can resolve) that differs from the
  label, without flagging ambiguity. For cpca, any county on an ambiguous row whose expected county is empty is
  silently wrong.
* cpca resolves province/prefecture/county only. Its 6-digit adcode is padded with zeros to 12 digits; township,
  community, compound, building, unit and room are reported as n/a. Rongtong gets the row's context prefecture as
  --prefecture; cpca can take no context, so the context's full prefecture name is written before the address
  (turn off with --cpca-context none). A run without the prefix is also scored and shown as a footnote.
* Speed: Rongtong is the wall time of its `rongtong address` subprocesses (one per context group, addresses on
  stdin), which includes process start and reference loading; an estimate of the parsing rate alone (one call with
  every address minus one call with a single address) is shown as well. cpca is
  the time of one cpca.transform over all addresses, after import and after a one-address warm-up call (cpca builds
  its matcher lazily on the first call; that time is reported as cpca init).
"""

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import time
from collections import OrderedDict

REGION_LEVELS = ["prefecture", "county", "township", "community"]
PART_LEVELS = ["compound", "building", "unit", "room"]
LEVELS = REGION_LEVELS + PART_LEVELS
CPCA_LEVELS = ["prefecture", "county"]
PROVINCE_CODE = "520000000000"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# cpca's table predates four Guizhou renames; used only for a footnote, never for the main cpca column.
CPCA_RENAMED = {
    "520221000000": "520204000000",  # 水城县 -> 水城区
    "520222000000": "520281000000",  # 盘县 -> 盘州市
    "520522000000": "520581000000",  # 黔西县 -> 黔西市
    "522322000000": "522302000000",  # 兴仁县 -> 兴仁市
}

# Prefecture names, for turning a context (name, short name or 6-digit code) into text cpca understands.
PREFECTURES = OrderedDict([
    ("520100000000", "贵阳市"), ("520200000000", "六盘水市"), ("520300000000", "遵义市"),
    ("520400000000", "安顺市"), ("520500000000", "毕节市"), ("520600000000", "铜仁市"),
    ("522300000000", "黔西南布依族苗族自治州"), ("522600000000", "黔东南苗族侗族自治州"),
    ("522700000000", "黔南布依族苗族自治州"),
])


def parse_args(argv):
    p = argparse.ArgumentParser(description="Rongtong vs cpca address accuracy on the labelled file.")
    p.add_argument("binary", nargs="?", default=os.path.relpath(os.path.join(ROOT, ".build/release/rongtong")),
                   help="rongtong binary (default .build/release/rongtong)")
    p.add_argument("labelled", nargs="?", default=os.path.relpath(os.path.join(ROOT, "samples/addresses/labelled.csv")),
                   help="labelled CSV (default samples/addresses/labelled.csv)")
    p.add_argument("--out", default=os.path.join(HERE, "results.json"), help="results JSON to write")
    p.add_argument("--errors", type=int, default=0, metavar="N", help="print up to N rows Rongtong got wrong")
    p.add_argument("--no-cpca", action="store_true", help="score Rongtong only")
    p.add_argument("--cpca-context", choices=["prefix", "none"], default="prefix",
                   help="write the context prefecture before the address for cpca (default) or not")
    return p.parse_args(argv)


def load_rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    required = ["address", "context_prefecture"] + [l + "_code" for l in REGION_LEVELS] + PART_LEVELS + ["ambiguous"]
    missing = [c for c in required if rows and c not in rows[0]]
    if missing:
        sys.exit("compare.py: %s lacks columns %s" % (path, ", ".join(missing)))
    for i, row in enumerate(rows):
        if "\n" in row["address"] or "\r" in row["address"]:
            sys.exit("compare.py: row %d: an address with a line break cannot go through stdin" % (i + 2))
        row["expected"] = {l: row[l + "_code"] for l in REGION_LEVELS}
        row["expected"].update({l: row[l] for l in PART_LEVELS})
        row["is_ambiguous"] = row["ambiguous"].strip() == "1"
        deepest = [row["expected"][l] for l in REGION_LEVELS if row["expected"][l]]
        row["ancestor"] = deepest[-1] if deepest else PROVINCE_CODE
    return rows


def context_name(context):
    """Full prefecture name for a context written as name, short name or code; the context itself otherwise."""
    c = context.strip()
    if not c:
        return ""
    if c.isdigit():
        return PREFECTURES.get(c.ljust(12, "0"), c)
    stem = c
    for suffix in ("市", "州"):
        if stem.endswith(suffix) and len(stem) > 2:
            stem = stem[:-1]
    matches = [name for name in PREFECTURES.values() if name.startswith(stem)]
    return matches[0] if len(matches) == 1 else c


# ---------------------------------------------------------------------------------------------------- Rongtong

def run_rongtong(binary, rows):
    groups = OrderedDict()
    for i, row in enumerate(rows):
        groups.setdefault(row["context_prefecture"].strip(), []).append(i)
    results = [None] * len(rows)
    wall = 0.0
    for context, indexes in groups.items():
        cmd = [binary, "address"] + (["--prefecture", context] if context else [])
        stdin = "".join(rows[i]["address"] + "\n" for i in indexes)
        start = time.perf_counter()
        try:
            proc = subprocess.run(cmd, input=stdin.encode("utf-8"), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError as e:
            sys.exit("compare.py: cannot run %s: %s" % (binary, e))
        wall += time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit("compare.py: %s exited %d\n%s" % (" ".join(cmd), proc.returncode,
                                                      proc.stderr.decode("utf-8", "replace")))
        lines = [l for l in proc.stdout.decode("utf-8").splitlines() if l.strip()]
        if len(lines) != len(indexes):
            sys.exit("compare.py: %s printed %d objects for %d addresses" % (" ".join(cmd), len(lines), len(indexes)))
        for i, line in zip(indexes, lines):
            obj = json.loads(line)
            if obj.get("address", "").strip() != rows[i]["address"].strip():
                sys.exit("compare.py: output out of step: %r for %r" % (obj.get("address"), rows[i]["address"]))
            results[i] = obj
    return results, wall, len(groups)


def _min_wall(cmd, stdin, repeats):
    best = None
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(cmd, input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


def rongtong_parse_rate(binary, rows, repeats=3):
    """Estimate of the parser's own rate: (n - 1) addresses over the difference between one call with all of them
    on stdin and one call with a single address (best of `repeats` each), so process start and reference load
    cancel out. Returns (one-address call seconds, all-addresses call seconds, addresses/s or None)."""
    first = (rows[0]["address"] + "\n").encode("utf-8")
    everything = "".join(r["address"] + "\n" for r in rows).encode("utf-8")
    one = _min_wall([binary, "address"], first, repeats)
    whole = _min_wall([binary, "address"], everything, repeats)
    rate = (len(rows) - 1) / (whole - one) if whole > one and len(rows) > 1 else None
    return one, whole, rate


def rongtong_answer(obj):
    got = {l: obj.get(l + "_code") or "" for l in REGION_LEVELS}
    got.update({l: str(obj.get(l) or "") for l in PART_LEVELS})
    return got


# ---------------------------------------------------------------------------------------------------- cpca

def cpca_answers(cpca, addresses):
    df = cpca.transform(addresses)
    answers = []
    for adcode in df["adcode"].tolist():
        code = adcode if isinstance(adcode, str) and len(adcode) == 6 and adcode.isdigit() else ""
        prefecture = code[:4] + "00" if code and code[2:4] != "00" else ""
        county = code if code and code[4:6] != "00" else ""
        answers.append({"prefecture": prefecture.ljust(12, "0") if prefecture else "",
                        "county": county.ljust(12, "0") if county else ""})
    return answers


def cpca_inputs(rows, mode):
    out = []
    for row in rows:
        name = context_name(row["context_prefecture"]) if mode == "prefix" else ""
        out.append(name + row["address"] if name else row["address"])
    return out


# ---------------------------------------------------------------------------------------------------- scoring

def score(rows, answers, levels, flags=None, ancestors=None):
    """Per-level correct counts and silently-wrong rows. flags[i]: the tool flagged ambiguity on row i (None: the
    tool cannot flag). ancestors[i]: the region_code the tool gave (needed for flagged ambiguous rows)."""
    correct = {l: 0 for l in levels}
    correct_labelled = {l: 0 for l in levels}
    silently_wrong = []          # (row index, [levels])
    silently_wrong_upper = 0     # rows silently wrong at prefecture/county only
    for i, row in enumerate(rows):
        got = answers[i]
        flagged = bool(flags[i]) if flags is not None else False
        for l in levels:
            ok = got[l] == row["expected"][l]
            if l in REGION_LEVELS and row["is_ambiguous"] and flags is not None:
                ok = ok and flagged and ancestors[i] == row["ancestor"]
            if ok:
                correct[l] += 1
                if row["expected"][l]:
                    correct_labelled[l] += 1
        if not flagged:
            wrong = [l for l in levels if l in REGION_LEVELS and got[l] and got[l] != row["expected"][l]]
            if wrong:
                silently_wrong.append((i, wrong))
                if any(l in CPCA_LEVELS for l in wrong):
                    silently_wrong_upper += 1
    return correct, correct_labelled, silently_wrong, silently_wrong_upper


def pct(n, d):
    return 100.0 * n / d if d else 0.0


def main(argv):
    args = parse_args(argv)
    if not os.path.exists(args.binary):
        sys.exit("compare.py: no rongtong binary at %s (build it first)" % args.binary)
    rows = load_rows(args.labelled)
    n = len(rows)
    if n == 0:
        sys.exit("compare.py: %s has no rows" % args.labelled)
    labelled_counts = {l: sum(1 for r in rows if r["expected"][l]) for l in LEVELS}
    ambiguous_rows = [i for i, r in enumerate(rows) if r["is_ambiguous"]]

    # Rongtong
    rt_objs, rt_wall, rt_calls = run_rongtong(args.binary, rows)
    rt_one_call, rt_whole_call, rt_parse_rate = rongtong_parse_rate(args.binary, rows)
    rt_answers = [rongtong_answer(o) for o in rt_objs]
    rt_flags = [bool(o.get("ambiguous_candidates")) for o in rt_objs]
    rt_regions = [o.get("region_code") or "" for o in rt_objs]
    rt_correct, rt_correct_labelled, rt_silent, rt_silent_upper = score(rows, rt_answers, LEVELS, rt_flags, rt_regions)
    rt_all = sum(1 for i, r in enumerate(rows)
                 if all(rt_answers[i][l] == r["expected"][l] for l in LEVELS)
                 and (not r["is_ambiguous"] or (rt_flags[i] and rt_regions[i] == r["ancestor"])))
    rt_flagged_ambiguous = sum(1 for i in ambiguous_rows if rt_flags[i])
    rt_flagged_right = sum(1 for i in ambiguous_rows if rt_flags[i] and rt_regions[i] == rows[i]["ancestor"])
    rt_spurious = [i for i, r in enumerate(rows) if not r["is_ambiguous"] and rt_flags[i]]

    # cpca
    cp = None
    if not args.no_cpca:
        start = time.perf_counter()
        try:
            import cpca
        except ImportError as e:
            sys.exit("compare.py: cannot import cpca (%s); install it (make bench-addresses does) or pass --no-cpca" % e)
        import_s = time.perf_counter() - start
        start = time.perf_counter()
        cpca.transform([rows[0]["address"]])
        init_s = time.perf_counter() - start
        inputs = cpca_inputs(rows, args.cpca_context)
        start = time.perf_counter()
        answers = cpca_answers(cpca, inputs)
        cp_s = time.perf_counter() - start
        correct, _, silent, _ = score(rows, answers, CPCA_LEVELS)
        other_mode = "none" if args.cpca_context == "prefix" else "prefix"
        other_answers = cpca_answers(cpca, cpca_inputs(rows, other_mode))
        other_correct, _, other_silent, _ = score(rows, other_answers, CPCA_LEVELS)
        renamed = [{l: CPCA_RENAMED.get(a[l], a[l]) if l == "county" else a[l] for l in CPCA_LEVELS} for a in answers]
        renamed_correct, _, renamed_silent, _ = score(rows, renamed, CPCA_LEVELS)
        cp = {
            "version": getattr(cpca, "__version__", None) or _dist_version("cpca"),
            "context": args.cpca_context, "answers": answers, "correct": correct, "silent": silent,
            "seconds": cp_s, "import_seconds": import_s, "init_seconds": init_s,
            "other_mode": other_mode, "other_correct": other_correct, "other_silent": other_silent,
            "renamed_correct": renamed_correct, "renamed_silent": renamed_silent,
            "renamed_used": sum(1 for a in answers if a["county"] in CPCA_RENAMED),
        }

    # table
    out = []
    out.append("Address accuracy on %s: %d addresses, %d labelled ambiguous" % (args.labelled, n, len(ambiguous_rows)))
    out.append("rongtong: %s; cpca: %s" % (args.binary, "not run" if cp is None else
               "%s, context %s" % (cp["version"] or "?", "written before the address" if cp["context"] == "prefix"
                                   else "not given")))
    out.append("")
    header = "%-22s | %-18s | %-18s | %s" % ("level", "rongtong", "cpca", "rows with a value")
    out.append(header)
    out.append("-" * len(header))

    def cell(c):
        return "%6.2f%% (%d/%d)" % (pct(c, n), c, n)

    for l in LEVELS:
        cp_cell = "n/a" if cp is None or l not in CPCA_LEVELS else cell(cp["correct"][l])
        out.append("%-22s | %-18s | %-18s | %d" % (l, cell(rt_correct[l]), cp_cell, labelled_counts[l]))
    out.append("%-22s | %-18s | %-18s | %d" % ("all levels", cell(rt_all), "n/a", n))
    out.append("%-22s | %-18s | %-18s | %d" % (
        "ambiguity flagged", "%d/%d" % (rt_flagged_ambiguous, len(ambiguous_rows)),
        "n/a" if cp is None else "0/%d (cannot)" % len(ambiguous_rows), len(ambiguous_rows)))
    out.append("")
    out.append("silently wrong (confident region code that differs from the label, rows):")
    out.append("  rongtong: %d (%d at prefecture/county; %d on ambiguous rows)" % (
        len(rt_silent), rt_silent_upper, sum(1 for i, _ in rt_silent if rows[i]["is_ambiguous"])))
    if cp is not None:
        out.append("  cpca:     %d (all at prefecture/county; %d on ambiguous rows, %d of them a county where the "
                   "label has none)" % (len(cp["silent"]), sum(1 for i, _ in cp["silent"] if rows[i]["is_ambiguous"]),
                                        sum(1 for i, w in cp["silent"] if rows[i]["is_ambiguous"] and "county" in w
                                            and not rows[i]["expected"]["county"])))
    out.append("rongtong: ambiguous rows flagged with the right ancestor %d/%d; non-ambiguous rows flagged %d" % (
        rt_flagged_right, len(ambiguous_rows), len(rt_spurious)))
    out.append("")
    out.append("speed: rongtong %.0f addresses/s (%.3f s wall over %d calls, process start and reference load "
               "included)" % (n / rt_wall if rt_wall else 0, rt_wall, rt_calls))
    if rt_parse_rate:
        out.append("       rongtong ~%.0f addresses/s parsing alone (one call with all %d: %.3f s; with one: %.3f s)"
                   % (rt_parse_rate, n, rt_whole_call, rt_one_call))
    else:
        out.append("       rongtong start-up dominates (one call with all %d: %.3f s; with one: %.3f s)" % (
            n, rt_whole_call, rt_one_call))
    if cp is not None:
        out.append("       cpca     %.0f addresses/s (%.3f s; import %.3f s and first-call init %.3f s excluded)" % (
            n / cp["seconds"] if cp["seconds"] else 0, cp["seconds"], cp["import_seconds"], cp["init_seconds"]))
        out.append("")
        out.append("cpca footnotes: context %s -> prefecture %.2f%%, county %.2f%%, silently wrong %d;" % (
            "not given" if cp["other_mode"] == "none" else "written before the address",
            pct(cp["other_correct"]["prefecture"], n), pct(cp["other_correct"]["county"], n), len(cp["other_silent"])))
        out.append("                its pre-rename codes (水城县, 盘县, 黔西县, 兴仁县) mapped to today's -> county "
                   "%.2f%%, silently wrong %d (%d answers affected)" % (
                       pct(cp["renamed_correct"]["county"], n), len(cp["renamed_silent"]), cp["renamed_used"]))
    if "debug" in os.path.normpath(args.binary).split(os.sep):
        out.append("")
        out.append("note: %s is a debug build; speeds are not release numbers." % args.binary)

    # Rongtong mistakes
    mistakes = []
    silent_set = {i for i, _ in rt_silent}
    for i, row in enumerate(rows):
        bad = {}
        for l in LEVELS:
            ok = rt_answers[i][l] == row["expected"][l]
            if l in REGION_LEVELS and row["is_ambiguous"]:
                ok = ok and rt_flags[i] and rt_regions[i] == row["ancestor"]
            if not ok:
                bad[l] = {"expected": row["expected"][l], "got": rt_answers[i][l]}
        if bad or (rt_flags[i] and not row["is_ambiguous"]):
            mistakes.append({
                "address": row["address"], "context_prefecture": row["context_prefecture"],
                "ambiguous_label": row["is_ambiguous"], "levels": bad,
                "region_code": rt_regions[i], "expected_region_code": row["ancestor"] if row["is_ambiguous"] else None,
                "ambiguous_candidates": rt_objs[i].get("ambiguous_candidates") or [],
                "silently_wrong": i in silent_set, "normalized": rt_objs[i].get("normalized"),
            })
    out.append("")
    out.append("rongtong got %d rows wrong at some level (listed in %s%s)" % (
        len(mistakes), os.path.relpath(args.out), "" if args.errors else "; --errors N prints them"))
    for m in mistakes[:args.errors]:
        ctx = " [context %s]" % m["context_prefecture"] if m["context_prefecture"] else ""
        diffs = "; ".join("%s %s -> %s" % (l, d["expected"] or "-", d["got"] or "-") for l, d in m["levels"].items())
        if not diffs:
            diffs = "flagged ambiguous %s" % ",".join(m["ambiguous_candidates"])
        out.append("  %s%s: %s" % (m["address"], ctx, diffs))
    print("\n".join(out))

    # JSON
    def level_block(correct, labelled=None):
        return {l: {"correct": correct[l], "total": n, "accuracy": round(pct(correct[l], n), 2),
                    **({"correct_where_labelled": labelled[l], "labelled": labelled_counts[l]} if labelled else {})}
                for l in correct}

    result = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "labelled_file": args.labelled, "rows": n, "ambiguous_rows": len(ambiguous_rows),
        "python": platform.python_version(),
        "rongtong": {
            "binary": args.binary,
            "levels": level_block(rt_correct, rt_correct_labelled),
            "all_levels": {"correct": rt_all, "total": n, "accuracy": round(pct(rt_all, n), 2)},
            "ambiguous_flagged": rt_flagged_ambiguous, "ambiguous_flagged_with_right_ancestor": rt_flagged_right,
            "non_ambiguous_flagged": len(rt_spurious),
            "silently_wrong": len(rt_silent), "silently_wrong_prefecture_or_county": rt_silent_upper,
            "silently_wrong_rows": [{"address": rows[i]["address"], "levels": w} for i, w in rt_silent],
            "seconds": round(rt_wall, 4), "calls": rt_calls, "addresses_per_second": round(n / rt_wall, 1),
            "one_address_call_seconds": round(rt_one_call, 4), "all_addresses_call_seconds": round(rt_whole_call, 4),
            "addresses_per_second_parsing_alone": round(rt_parse_rate, 1) if rt_parse_rate else None,
            "mistakes": mistakes,
        },
        "cpca": None if cp is None else {
            "version": cp["version"], "context": cp["context"],
            "levels": dict(level_block(cp["correct"]),
                           **{l: "n/a" for l in LEVELS if l not in CPCA_LEVELS}),
            "ambiguous_flagged": 0,
            "silently_wrong": len(cp["silent"]),
            "silently_wrong_rows": [{"address": rows[i]["address"], "levels": w,
                                     "got": {l: cp["answers"][i][l] for l in w}} for i, w in cp["silent"]],
            "seconds": round(cp["seconds"], 4), "import_seconds": round(cp["import_seconds"], 4),
            "init_seconds": round(cp["init_seconds"], 4),
            "addresses_per_second": round(n / cp["seconds"], 1) if cp["seconds"] else None,
            "other_context_mode": {"context": cp["other_mode"], "levels": level_block(cp["other_correct"]),
                                   "silently_wrong": len(cp["other_silent"])},
            "renamed_codes_mapped": {"levels": level_block(cp["renamed_correct"]),
                                     "silently_wrong": len(cp["renamed_silent"]), "answers_affected": cp["renamed_used"]},
        },
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=2)
        f.write("\n")
    return 0


def _dist_version(name):
    try:
        from importlib.metadata import version
        return version(name)
    except Exception:
        return None


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
