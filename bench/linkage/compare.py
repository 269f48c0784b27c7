#!/usr/bin/env python3
"""Household linking: Rongtong next to Splink (DuckDB backend) on the same generated records (issue 5).

    python bench/linkage/compare.py [--rongtong .build/release/rongtong] [--bench .build/release/rongtong-bench]
                                    [--households 100000] [--seed 20231031] [--data bench/data/linkage-hN]
                                    [--threshold 0.9] [--results bench/linkage/results.json] [--skip-splink]

1. Generates N households with `rongtong-bench generate` into DATA (reused when DATA/feeds.tsv exists).
2. Rongtong: the whole pipeline on a fresh warehouse (`rongtong run P --quiet`), timed; then again on a fresh
   warehouse as `--stage extract --stage normalize` followed by `--stage load`, each timed. Its clustering is
   household_source (source_id, record_key → household_id).
3. Splink 4/5 with DuckDB on the very same records: the household_candidate rows of the staging database
   (already normalized: hashed ID and phone, compound/building/unit/room), a model on ID hash, head name,
   phone hash and address, trained (λ from deterministic rules, u by random sampling, m by EM), predicted on
   blocks (ID hash | phone hash | compound + room), clustered at match probability ≥ THRESHOLD.
4. Truth comes from the generator, not from the data: every household is a pure function of (seed, index) and
   the feeds list households in index order, so replaying the generator's membership draws (SplitMix64, see
   Sources/Bench/Random.swift and Household.swift's Membership) maps each record key back to its household index:
     anshun-registry  户号 AS-<index+1>          civil-affairs  case_no MZ-<index+1>
     guiyang-grid     序号 = row number over households in the census, plus the ~0.5% listed twice
                      997 households later (stream 11)
     grid-app         record number over households in the app
   The replay is checked against the feeds.tsv record counts. Resident IDs are NOT the truth (the generator
   breaks ~2% of them on purpose).
5. Pairwise precision / recall / F1 over all candidate records, a table, and RESULTS (JSON).
"""
import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# ---------------------------------------------------------------------------------------------------------------
# Truth: a replay of the generator's draws (Sources/Bench/Random.swift)

MASK = (1 << 64) - 1


def _mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


class Draw:
    def __init__(self, seed, stream, index):
        inner = _mix((stream * 0x9E3779B97F4A7C15 + 0x632BE59BD9B4E019) & MASK)
        self.state = _mix((seed + inner + index * 0xD1B54A32D192ED03) & MASK)

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        return _mix(self.state)

    def unit(self):
        return (self.next() >> 11) * (1.0 / 9007199254740992.0)

    def chance(self, p):
        return self.unit() < p


def membership(seed, index):
    """(inCSV, inApp) as Household.swift's Membership draws them."""
    d = Draw(seed, 1, index)
    in_guiyang = d.unit() < 0.75
    u = d.unit()
    d.unit()  # welfare
    in_csv = in_guiyang and u < 0.80
    in_app = in_guiyang and 0.70 <= u < 0.8333
    return in_csv, in_app


def truth_keys(seed, households):
    """{(source_id, record_key): household index} for the four household feeds."""
    flags = [membership(seed, i) for i in range(households)]
    truth = {}
    number = 0
    for index in range(households):
        if flags[index][0]:
            number += 1
            truth[("guiyang-grid", str(number))] = index
        earlier = index - 997  # GridCensusCSV.duplicateDistance
        if earlier >= 0 and flags[earlier][0] and Draw(seed, 11, earlier).chance(0.005):
            number += 1
            truth[("guiyang-grid", str(number))] = earlier
    csv_records = number
    number = 0
    for index in range(households):
        if flags[index][1]:
            number += 1
            truth[("grid-app", str(number))] = index
    return truth, csv_records, number


def truth_of(source, key, replay):
    if source == "anshun-registry" and key.startswith("AS-"):
        return int(key[3:]) - 1
    if source == "civil-affairs" and key.startswith("MZ-"):
        return int(key[3:]) - 1
    return replay.get((source, key))


# ---------------------------------------------------------------------------------------------------------------
# Pairwise metrics


def pairs(n):
    return n * (n - 1) // 2


def pairwise(predicted, truth):
    """predicted, truth: {record: cluster}; precision, recall, F1 over record pairs."""
    both = Counter((predicted[r], truth[r]) for r in truth)
    tp = sum(pairs(n) for n in both.values())
    pp = sum(pairs(n) for n in Counter(predicted[r] for r in truth).values())
    tt = sum(pairs(n) for n in Counter(truth.values()).values())
    precision = tp / pp if pp else 1.0
    recall = tp / tt if tt else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "true_pairs": tt, "predicted_pairs": pp,
            "correct_pairs": tp, "false_pairs": pp - tp, "missed_pairs": tt - tp,
            "clusters": len(set(predicted[r] for r in truth))}


# ---------------------------------------------------------------------------------------------------------------
# Rongtong


def fresh_warehouse(data):
    wh = data / "warehouse"
    for p in wh.glob("guizhou*"):
        p.unlink()


def timed(cmd, env):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, cwd=ROOT)
    return time.perf_counter() - start


def run_rongtong(rongtong, data):
    env = dict(os.environ)
    key_file = data / "bench-pii.key"
    env.setdefault("RONGTONG_BENCH_PII_KEY", key_file.read_text().strip())
    pipeline = str(data / "pipeline.yaml")
    staged = {}
    # Load per source in the pipeline's order: the household sources' loads are the linking itself.
    fresh_warehouse(data)
    timed([rongtong, "run", pipeline, "--quiet", "--stage", "extract", "--stage", "normalize"], env)
    per_source = {}
    for source in ["housing-compounds", "guiyang-grid", "anshun-registry", "civil-affairs", "grid-app",
                   "utilities-facilities"]:
        per_source[source] = timed([rongtong, "run", pipeline, "--quiet", "--stage", "load", "--source", source],
                                   env)
    staged["load_per_source_s"] = per_source
    staged["household_load_s"] = sum(per_source[s] for s in ["guiyang-grid", "anshun-registry", "civil-affairs",
                                                              "grid-app"])
    fresh_warehouse(data)
    staged["extract_normalize_s"] = timed([rongtong, "run", pipeline, "--quiet", "--stage", "extract",
                                           "--stage", "normalize"], env)
    metrics = data / "load-metrics.prom"
    staged["load_s"] = timed([rongtong, "run", pipeline, "--quiet", "--stage", "load",
                              "--metrics-file", str(metrics)], env)
    staged["load_metrics"] = [line for line in metrics.read_text().splitlines()
                              if line and not line.startswith("#") and "second" in line]
    fresh_warehouse(data)
    staged["whole_pipeline_s"] = timed([rongtong, "run", pipeline, "--quiet"], env)
    return staged


def read_records(data):
    con = sqlite3.connect(data / "warehouse" / "guizhou.staging.sqlite")
    cols = ["source_id", "record_key", "head_id_hash", "head_name", "phone_hash", "address", "compound_name",
            "building", "unit", "room"]
    rows = con.execute(f"SELECT {', '.join(cols)} FROM household_candidate").fetchall()
    con.close()
    return cols, rows


def read_rongtong_clusters(data):
    con = sqlite3.connect(data / "warehouse" / "guizhou.sqlite")
    out = {(s, k): h for s, k, h in con.execute("SELECT source_id, record_key, household_id FROM household_source")}
    con.close()
    return out


# ---------------------------------------------------------------------------------------------------------------
# Splink


def run_splink(cols, rows, threshold):
    import pandas as pd
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    df = pd.DataFrame.from_records(rows, columns=cols)
    df = df.replace({"": None})
    df.insert(0, "unique_id", df["source_id"] + "|" + df["record_key"])

    address = cl.CustomComparison(
        output_column_name="address",
        comparison_description="compound / building / unit / room",
        comparison_levels=[
            cll.NullLevel("compound_name"),
            cll.CustomLevel("compound_name_l = compound_name_r AND building_l = building_r AND unit_l = unit_r "
                            "AND room_l = room_r", "same compound, building, unit, room"),
            cll.CustomLevel("compound_name_l = compound_name_r AND room_l = room_r", "same compound and room"),
            cll.CustomLevel("compound_name_l = compound_name_r", "same compound"),
            cll.ElseLevel(),
        ],
    )
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        blocking_rules_to_generate_predictions=[
            block_on("head_id_hash"),
            block_on("phone_hash"),
            block_on("compound_name", "room"),
        ],
        comparisons=[
            cl.ExactMatch("head_id_hash"),
            cl.LevenshteinAtThresholds("head_name", [1, 2]),
            cl.ExactMatch("phone_hash"),
            address,
        ],
        retain_intermediate_calculation_columns=False,
    )
    times = {}
    t0 = time.perf_counter()
    db_api = DuckDBAPI()
    sdf = db_api.register(df, source_dataset_name="households") if _register_takes_name(db_api) else db_api.register(df)
    linker = Linker(sdf, settings, log_level=None) if _linker_takes_log_level() else Linker(sdf, settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("head_id_hash"), block_on("phone_hash", "head_name")], recall=0.95)
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("head_id_hash"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("compound_name", "room"))
    t1 = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    t2 = time.perf_counter()
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, threshold)
    cdf = clusters.as_pandas_dataframe()
    t3 = time.perf_counter()
    times.update(training_s=t1 - t0, predict_s=t2 - t1, cluster_s=t3 - t2, total_s=t3 - t0)
    out = {}
    for uid, cid in zip(cdf["unique_id"], cdf["cluster_id"]):
        s, k = uid.split("|", 1)
        out[(s, k)] = cid
    return out, times


def _register_takes_name(db_api):
    import inspect
    try:
        return "source_dataset_name" in inspect.signature(db_api.register).parameters
    except (TypeError, ValueError):
        return False


def _linker_takes_log_level():
    import inspect
    from splink import Linker
    return "log_level" in inspect.signature(Linker.__init__).parameters


# ---------------------------------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rongtong", default=str(ROOT / ".build/release/rongtong"))
    ap.add_argument("--bench", default=None)
    ap.add_argument("--households", type=int, default=int(os.environ.get("LINKAGE_HOUSEHOLDS", 100_000)))
    ap.add_argument("--seed", type=int, default=20231031)
    ap.add_argument("--data", default=None)
    ap.add_argument("--threshold", type=float, default=0.9)
    ap.add_argument("--results", default=str(ROOT / "bench/linkage/results.json"))
    ap.add_argument("--skip-splink", action="store_true")
    args = ap.parse_args()

    bench = args.bench
    if bench is None:
        bench = str(ROOT / ".build/release/rongtong-bench")
        if not Path(bench).exists():
            bench = str(ROOT / ".build/debug/rongtong-bench")
    data = Path(args.data or ROOT / f"bench/data/linkage-h{args.households}")
    pipeline_file = data / "pipeline.yaml"
    wanted = f"--households {args.households} --seed {args.seed}`"
    if not (data / "feeds.tsv").exists() or not pipeline_file.exists() or \
            wanted not in pipeline_file.read_text(encoding="utf-8"):
        data.mkdir(parents=True, exist_ok=True)
        subprocess.run([bench, "generate", "--households", str(args.households), "--seed", str(args.seed),
                        "--out", str(data), "--quiet"], check=True)

    # Truth first: a replay that disagrees with the generator's own counts stops the run.
    replay, csv_records, app_records = truth_keys(args.seed, args.households)
    feeds = {line.split("\t")[0]: int(line.split("\t")[2])
             for line in (data / "feeds.tsv").read_text().splitlines()[1:] if line}
    if feeds.get("guiyang-grid") != csv_records or feeds.get("grid-app") != app_records:
        sys.exit(f"truth replay disagrees with feeds.tsv: csv {csv_records} vs {feeds.get('guiyang-grid')}, "
                 f"app {app_records} vs {feeds.get('grid-app')}")

    print(f"rongtong on {data} …", file=sys.stderr)
    rt_times = run_rongtong(args.rongtong, data)
    cols, rows = read_records(data)
    records = [(r[0], r[1]) for r in rows]
    truth = {}
    for s, k in records:
        t = truth_of(s, k, replay)
        if t is None:
            sys.exit(f"no truth for {s} {k}")
        truth[(s, k)] = t
    # Sanity: equal ID hashes almost always mean the same true household.
    by_id = {}
    for r in rows:
        if r[2]:
            by_id.setdefault(r[2], set()).add(truth[(r[0], r[1])])
    id_conflicts = sum(1 for v in by_id.values() if len(v) > 1)

    rt_clusters = read_rongtong_clusters(data)
    rt_pred = {r: rt_clusters.get(r, ("unlinked",) + r) for r in records}
    unlinked = sum(1 for r in records if r not in rt_clusters)
    rt_metrics = pairwise(rt_pred, truth)

    result = {
        "households": args.households, "seed": args.seed, "records": len(records),
        "true_households_in_records": len(set(truth.values())), "id_hash_truth_conflicts": id_conflicts,
        "threshold": args.threshold,
        "rongtong": {**rt_times, **rt_metrics, "records_without_household": unlinked},
    }
    if not args.skip_splink:
        print(f"splink on {len(records)} records …", file=sys.stderr)
        import splink
        sp_clusters, sp_times = run_splink(cols, rows, args.threshold)
        sp_pred = {r: sp_clusters.get(r, ("single",) + r) for r in records}
        result["splink"] = {"version": splink.__version__, **sp_times, **pairwise(sp_pred, truth)}
        result["speedup_load_vs_splink_total"] = sp_times["total_s"] / rt_times["load_s"]
        result["speedup_household_load_vs_splink_total"] = sp_times["total_s"] / rt_times["household_load_s"]

    print(f"\n{args.households} households, {len(records)} household records, "
          f"{result['true_households_in_records']} true households\n")
    header = f"{'':<26}{'time s':>9}{'precision':>11}{'recall':>9}{'F1':>9}{'false':>8}{'missed':>8}"
    print(header)
    rt = result["rongtong"]
    print(f"{'rongtong load (linking)':<26}{rt['load_s']:>9.1f}{rt['precision']:>11.5f}{rt['recall']:>9.5f}"
          f"{rt['f1']:>9.5f}{rt['false_pairs']:>8}{rt['missed_pairs']:>8}")
    print(f"{'  household sources only':<26}{rt['household_load_s']:>9.1f}   (load --source, per household feed)")
    print(f"{'rongtong whole pipeline':<26}{rt['whole_pipeline_s']:>9.1f}")
    print(f"{'rongtong extract+normalize':<26}{rt['extract_normalize_s']:>9.1f}")
    if "splink" in result:
        sp = result["splink"]
        print(f"{'splink ' + sp['version'] + ' (total)':<26}{sp['total_s']:>9.1f}{sp['precision']:>11.5f}"
              f"{sp['recall']:>9.5f}{sp['f1']:>9.5f}{sp['false_pairs']:>8}{sp['missed_pairs']:>8}")
        print(f"{'  training':<26}{sp['training_s']:>9.1f}")
        print(f"{'  predict + cluster':<26}{sp['predict_s'] + sp['cluster_s']:>9.1f}")
        print(f"\nspeed: splink total / rongtong load = {result['speedup_load_vs_splink_total']:.2f}×, "
              f"/ rongtong household loads = {result['speedup_household_load_vs_splink_total']:.2f}× "
              f"(target ≥ 10×, F1 ≥ splink's)")
    Path(args.results).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"→ {args.results}")


if __name__ == "__main__":
    main()
