#!/usr/bin/env python3
"""Crash-consistency harness (issue 8, part 2): `make crash-test`.

Runs the sample pipeline (pipelines/sample-nightly.yaml) into a temporary warehouse and staging file, SIGKILLs
`rongtong run … --force` at random moments (30 kills by default, spread over extract, normalize and load), and after
each kill checks that

  * `PRAGMA integrity_check` is `ok` on the warehouse and on the staging file, and
  * the warehouse's digest equals its digest before that run: nothing of the killed run was committed (or, for a
    kill that lands after the load's commit, all of it was, exactly as a completed run leaves it).

Finally one uninterrupted run must give exactly the digest of a warehouse, and of a staging file, that went through
the same completed runs without any kill (the "reference", built alongside in the same folder).

Digests: sha256 over the sorted rows of every table except etl_run (the run log: a killed run's row stays
'running' by design, and its times always differ).

  exact      every column. Compared across each kill.
  canonical  every column, with each run-id column (run_id, *_run) renumbered by the ordinal of the committed runs
             (the run ids any table holds): the killed runs in between burn run ids, so the victim's runs 1, 7, 12
             must equal the reference's 1, 2, 3. Compared with the reference after the final run (and after any run
             that committed before its kill).
  content    run-id columns dropped, duplicate rows collapsed: what the data says, whichever run wrote it. Compared
             with the clean run, for information.

Why not simply "the clean run's digest minus etl_run and etl_batch.run_id": a forced rerun of the unchanged sample
was not a no-op before records carried a digest of their values (household_source.record_digest); since then the
content digest matches the clean run's, but run-id columns still move, and this history explains the design. Besides etl_batch.run_id it moves etl_reject.run_id and dwd_household_field_source.run_id,
adds to dwd_household_history and dwd_facility_history a type-2 version identical to the previous one (for every
multi-feed household whose surviving values come from a later feed, and two facilities), and its first rerun adds
dwd_household_conflict rows the clean run did not have. So the pass criterion compares with a reference that saw
the same completed runs; the content comparison with the clean run only says whether the reference (no kill)
differs from it in the same way, i.e. whether a difference is the reruns' and not the kills'.

Where a kill landed: every stage logs each source it finishes on a `--log-format json -v` line carrying "stage".
The reference's timed run gives the sequence of those lines and when each appeared; a run killed after emitting k
of them was inside the stage of line k+1; one killed before its etl_run row existed counts as "startup", one whose
load had committed as "committed". Timed kills take turns at the three stages' time windows and draw the moment
uniformly inside the window (so all lie between 0 and a full run's duration, and all stages are hit even though
extract is short). Every third kill instead sets RONGTONG_TEST_KILL_AFTER_LOADED=N (N random up to the
largest household batch), which makes the process kill itself after N records of a batch were written: inside the
load transaction, at an exact point.

Environment: CRASH_KILLS (30), CRASH_SEED (random; printed, to replay a run), CRASH_LOAD_MODE (the sample's
`load_mode` is replaced, e.g. `exclusive`), CRASH_SCRATCH (.build: the
`swift build --scratch-path`), CRASH_NO_BUILD=1 uses the binary already built, CRASH_KEEP=1 keeps the temporary
folder (kept anyway on failure). Needs python3 (standard library only).
Exit status 0 when every check passed, 1 otherwise, 2 when the harness itself could not run.
"""

import hashlib
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PIPELINE = "pipelines/sample-nightly.yaml"
# CRASH_LOAD_MODE=exclusive kills runs of the sample with `load_mode: exclusive` (a rollback-journal load): a copy of
# the pipeline beside it (its source paths are relative to its folder), removed when the harness ends.
if os.environ.get("CRASH_LOAD_MODE"):
    import atexit
    _variant = f"pipelines/.crash-test-{os.getpid()}.yaml"
    with open(PIPELINE, encoding="utf-8") as original, open(_variant, "w", encoding="utf-8") as copy:
        copy.write(original.read() + f"\nload_mode: {os.environ['CRASH_LOAD_MODE']}\n")
    atexit.register(lambda: os.path.exists(_variant) and os.remove(_variant))
    PIPELINE = _variant
KILLS = int(os.environ.get("CRASH_KILLS", "30"))
SEED = int(os.environ.get("CRASH_SEED", str(random.SystemRandom().randrange(1 << 31))))
SCRATCH = os.environ.get("CRASH_SCRATCH", ".build")
RUN_COLUMN = re.compile(r"^(run_id|.*_run)$")


def fail(message):
    print(f"crash-test: {message}", file=sys.stderr)
    sys.exit(2)


def build():
    """Debug build of rongtong; returns the binary's path."""
    command = ["swift", "build", "--product", "rongtong", "--scratch-path", SCRATCH]
    if os.environ.get("CRASH_NO_BUILD") != "1":
        print("== " + " ".join(command), flush=True)
        if subprocess.run(command, cwd=ROOT).returncode != 0:
            fail("the debug build failed")
    bin_path = subprocess.run(command + ["--show-bin-path"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    binary = os.path.join(bin_path, "rongtong")
    if not os.access(binary, os.X_OK):
        fail(f"no binary at {binary}")
    return binary


class Workspace:
    """One warehouse + staging pair in the temporary folder."""

    def __init__(self, folder, name, binary):
        self.warehouse = os.path.join(folder, f"{name}.sqlite")
        self.staging = os.path.join(folder, f"{name}.staging.sqlite")
        self.log = os.path.join(folder, f"{name}.log")
        self.binary = binary

    def start(self, kill_after_loaded=None):
        """Starts `rongtong run … --force` with JSON logs on stderr (into self.log)."""
        environment = {k: v for k, v in os.environ.items()
                       if not k.startswith("RONGTONG_")}  # the sample names its own key file
        if kill_after_loaded is not None:
            environment["RONGTONG_TEST_KILL_AFTER_LOADED"] = str(kill_after_loaded)
        self.log_file = open(self.log, "w")
        return subprocess.Popen(
            [self.binary, "run", PIPELINE, "--warehouse", self.warehouse, "--staging", self.staging, "--force",
             "--log-format", "json", "-v"],
            cwd=ROOT, env=environment, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.log_file)

    def run(self):
        """One uninterrupted run; returns (exit status, seconds)."""
        started = time.monotonic()
        process = self.start()
        status = process.wait()
        self.log_file.close()
        return status, time.monotonic() - started

    def timed_run(self):
        """One uninterrupted run, watched: returns (exit status, seconds, seconds until its etl_run row was
        committed (the end of start-up: pipeline file, key, lock, key fingerprint), [(stage, seconds) per stage line])."""
        started = time.monotonic()
        process = self.start()
        seen = []
        run_started = None
        while True:
            status = process.poll()
            now = time.monotonic() - started
            if run_started is None and os.path.exists(self.warehouse) and \
                    query(self.warehouse, f"SELECT 1 FROM etl_run WHERE pid = {process.pid}"):
                run_started = now
            seen += [(stage, now) for stage in self.stage_lines()[len(seen):]]
            if status is not None:
                break
            time.sleep(0.005)
        self.log_file.close()
        return status, time.monotonic() - started, run_started or 0.0, seen

    def stage_lines(self):
        """The "stage" field of every JSON log line that has one, in order."""
        stages = []
        with open(self.log, encoding="utf-8", errors="replace") as log:
            for line in log:
                if not line.startswith("{"):
                    continue
                try:
                    stage = json.loads(line).get("stage")
                except ValueError:
                    continue  # a line cut by the kill
                if stage:
                    stages.append(stage)
        return stages


def connect(path):
    # Read-write, like the next run: opening replays or discards a WAL the killed process left behind.
    return sqlite3.connect(path, isolation_level=None)


def query(path, sql):
    """All rows of `sql` on `path`, on a connection closed straight after (the next run must find no reader)."""
    db = connect(path)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def integrity(path):
    if not os.path.exists(path):
        return "missing"
    return "; ".join(row[0] for row in query(path, "PRAGMA integrity_check"))


# Field provenance is stored as column sets (household_field_owner, one bit per column): it is read through its
# view, dwd_household_field_source, one row per household and column, so that the digest compares owners, not
# how they happen to be grouped into sets.
RUN_TABLES_SQL = """
    SELECT name FROM sqlite_master
    WHERE (type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'household_field_owner')
       OR (type = 'view' AND name = 'dwd_household_field_source')
    ORDER BY name"""


def committed_runs(warehouse):
    """Every run id a run column of the warehouse holds (etl_run aside): the runs whose load committed. A run
    killed before its commit left only its etl_run row ('running') and appears nowhere else."""
    ids = set()
    db = connect(warehouse)
    try:
        for (table,) in db.execute(RUN_TABLES_SQL).fetchall():
            if table == "etl_run":
                continue
            for column in [row[1] for row in db.execute(f'PRAGMA table_info("{table}")') if RUN_COLUMN.match(row[1])]:
                ids.update(v for (v,) in db.execute(f'SELECT DISTINCT "{column}" FROM "{table}"') if v is not None)
    finally:
        db.close()
    return ids


def is_identity(table, columns, row):
    """The random id a warehouse gives itself (etl_meta) and its staging remembers (staging_meta): it differs
    between any two warehouses, so it is no part of what a run wrote."""
    return table in ("etl_meta", "staging_meta") and columns and columns[0] == "key" and row[0] == "warehouse_id"


def digest(path, mode, warehouse=None):
    """sha256 over the sorted rows of every table but etl_run, per `mode` (exact, canonical or content; see the
    top). `warehouse` numbers the runs for a canonical digest of a staging file (default: `path` itself)."""
    ordinal = {run: n for n, run in enumerate(sorted(committed_runs(warehouse or path)), 1)} \
        if mode == "canonical" else {}
    db = connect(path)
    try:
        total = hashlib.sha256()
        for (table,) in db.execute(RUN_TABLES_SQL).fetchall():
            if table == "etl_run":
                continue  # the run log: a killed run's row stays 'running' by design, times always differ
            columns = [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]
            kept = [c for c in columns if not (mode == "content" and RUN_COLUMN.match(c))]
            select = "DISTINCT " if mode == "content" else ""
            rows = db.execute(f'SELECT {select}{", ".join(chr(34) + c + chr(34) for c in kept)} FROM "{table}"').fetchall()
            rows = [row for row in rows if not is_identity(table, kept, row)]
            if mode == "canonical":
                positions = {i for i, c in enumerate(kept) if RUN_COLUMN.match(c)}
                rows = [tuple(ordinal.get(v, f"uncommitted-run-{v}") if i in positions and v is not None else v
                              for i, v in enumerate(row)) for row in rows]
            rows.sort(key=lambda row: [(v is not None, type(v).__name__, v) for v in row])
            part = hashlib.sha256()
            part.update(repr(kept).encode())
            for row in rows:
                part.update(repr(row).encode())
                part.update(b"\n")
            total.update(f"{table}:{part.hexdigest()}\n".encode())
        return total.hexdigest()
    finally:
        db.close()


def differing_tables(a, b, mode):
    """Tables whose rows differ between warehouses a and b under `mode` (for messages)."""
    names = [t for (t,) in query(a, RUN_TABLES_SQL) if t != "etl_run"]
    result = []
    for table in names:
        def rows(path):
            columns = [row[1] for row in query(path, f'PRAGMA table_info("{table}")')
                       if not (mode == "content" and RUN_COLUMN.match(row[1]))]
            return {row for row in query(path, f'SELECT DISTINCT {", ".join(chr(34) + c + chr(34) for c in columns)} FROM "{table}"')
                    if not is_identity(table, columns, row)}
        if rows(a) != rows(b):
            result.append(table)
    return result


def stage_of(emitted, reference):
    """The stage a run was in when killed after emitting `emitted` stage lines of the reference sequence."""
    if emitted < len(reference):
        return reference[emitted]
    # Every line written but nothing committed (the caller checks): the last stage was committing.
    return reference[-1]


def main():
    binary = build()
    folder = tempfile.mkdtemp(prefix="rongtong-crash-")
    rng = random.Random(SEED)
    print(f"== crash-test: {KILLS} kills, seed {SEED}, folder {folder}", flush=True)
    victim = Workspace(folder, "killed", binary)
    reference = Workspace(folder, "reference", binary)
    failures = []

    # The clean run, into empty files.
    status, _ = victim.run()
    if status not in (0, 3):
        fail(f"the clean run exited {status}; see {victim.log}")
    clean = os.path.join(folder, "clean.sqlite")
    query(victim.warehouse, f"VACUUM INTO '{clean}'")
    victim_runs = 1  # runs whose load committed

    # The reference sees the same committed runs as the victim, never a kill. Its second run (a forced rerun, as
    # every later run is) gives the duration kills are drawn from and the sequence of stage log lines.
    reference.run()
    status, duration, run_started, timeline = reference.timed_run()
    reference_runs = 2
    if status not in (0, 3):
        fail(f"the reference rerun exited {status}; see {reference.log}")
    expected_stages = [stage for stage, _ in timeline]
    # Each stage's window in time: from the previous stage's last line to its own last line; extract's starts when
    # the run's etl_run row appears (after start-up), so every moment drawn lies within a full run's measured
    # duration. Timed kills take turns at the three stages and draw their moment uniformly inside that stage's
    # window, so all three are hit even though extract is short.
    # The load window ends at its last line (written inside the transaction, just before the commit), so that few
    # kills come too late; a kill that still lands after the commit is checked as such.
    windows, start = {}, run_started
    for stage in dict.fromkeys(expected_stages):
        end = max(t for s, t in timeline if s == stage)
        windows[stage] = (start, end)
        start = end
    print(f"   a forced run takes {duration:.2f}s (start-up {run_started:.2f}s) and logs {len(expected_stages)} stage lines; windows: "
          + ", ".join(f"{s} {a:.2f}-{b:.2f}s" for s, (a, b) in windows.items()), flush=True)
    stage_cycle = list(windows)
    timed = 0

    def matches_reference():
        nonlocal reference_runs
        while reference_runs < victim_runs:
            reference.run()
            reference_runs += 1
        return digest(victim.warehouse, "canonical") == digest(reference.warehouse, "canonical")

    kills = []  # (stage, consistent)
    finished = 0
    attempt = 0
    while len(kills) < KILLS and attempt < 3 * KILLS:
        attempt += 1
        before = digest(victim.warehouse, "exact")
        if len(kills) % 3 == 2:
            loaded = query(victim.warehouse, "SELECT MAX(rows_loaded) FROM etl_batch JOIN dim_source USING (source_id) "
                                             "WHERE entity = 'household'")[0][0] or 1
            limit = rng.randint(1, loaded)
            how = f"RONGTONG_TEST_KILL_AFTER_LOADED={limit}"
            process = victim.start(kill_after_loaded=limit)
            status = process.wait()
        else:
            low, high = windows[stage_cycle[timed % len(stage_cycle)]]
            timed += 1
            delay = rng.uniform(low, high)
            how = f"SIGKILL after {delay:.3f}s"
            process = victim.start()
            try:
                status = process.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                status = process.wait()
        victim.log_file.close()
        run_id = query(victim.warehouse, f"SELECT MAX(run_id) FROM etl_run WHERE pid = {process.pid}")[0][0]
        committed = run_id is not None and run_id in committed_runs(victim.warehouse)
        if committed:
            victim_runs += 1
        if status != -signal.SIGKILL:
            finished += 1
            ok = status in (0, 3) and matches_reference()
            print(f"   attempt {attempt:2}: {how}: the run finished first (exit {status}), not counted as a kill; "
                  f"{'same as the reference' if ok else 'DIFFERS from the reference'}", flush=True)
            if not ok:
                failures.append(f"attempt {attempt}: a run that finished (exit {status}) differs from the reference")
            continue
        if committed:
            stage = "committed"
        elif run_id is None:
            stage = "startup"  # killed before its etl_run row: before any stage
        else:
            stage = stage_of(len(victim.stage_lines()), expected_stages)
        problems = [f"{name} = {value}" for name, value in
                    (("warehouse integrity", integrity(victim.warehouse)), ("staging integrity", integrity(victim.staging)))
                    if value != "ok"]
        if committed:
            # Killed after its load committed (summary lines, finishing the etl_run row): all of it must be there.
            if not matches_reference():
                problems.append("the load committed but the warehouse differs from a completed run's")
            outcome = "all of the run, as a completed run leaves it"
        else:
            if digest(victim.warehouse, "exact") != before:
                problems.append("warehouse digest changed")
            outcome = "nothing of the run, digest as before"
        kills.append((stage, not problems))
        verdict = ("consistent: " + outcome) if not problems else "INCONSISTENT: " + "; ".join(problems)
        print(f"   kill {len(kills):2}: {how:38} stage {stage:9} {verdict}", flush=True)
        if problems:
            failures.append(f"kill {len(kills)} ({how}, {stage}): " + "; ".join(problems))
            query(victim.warehouse, f"VACUUM INTO '{os.path.join(folder, f'inconsistent-{len(kills)}.sqlite')}'")

    # One uninterrupted run after all the kills.
    status, _ = victim.run()
    victim_runs += 1
    if status not in (0, 3):
        failures.append(f"the final uninterrupted run exited {status}; see {victim.log}")
    final = [
        ("warehouse integrity ok", integrity(victim.warehouse) == "ok"),
        ("staging integrity ok", integrity(victim.staging) == "ok"),
        (f"warehouse digest = reference's (the same {victim_runs} completed runs, no kill)", matches_reference()),
        ("staging digest = reference's", digest(victim.staging, "canonical", victim.warehouse)
         == digest(reference.staging, "canonical", reference.warehouse)),
    ]
    for name, passed in final:
        print(f"   final: {name}: {'yes' if passed else 'NO'}")
        if not passed:
            failures.append(f"final: {name}")
    # Against the clean run itself: only the run-independent content can compare, and a forced rerun of the
    # unchanged sample changes even that today. When the reference differs from the clean run exactly as the
    # victim does, the difference is the reruns', not the kills'.
    if digest(victim.warehouse, "content") == digest(clean, "content"):
        print("   final: content digest = the clean run's: yes")
    else:
        victim_diff = differing_tables(clean, victim.warehouse, "content")
        reference_diff = differing_tables(clean, reference.warehouse, "content")
        same = digest(victim.warehouse, "content") == digest(reference.warehouse, "content")
        print(f"   final: content digest = the clean run's: no, {', '.join(victim_diff)} differ; "
              f"{'the reference (no kill) differs identically: forced reruns are not idempotent' if same and victim_diff == reference_diff else 'NOT explained by the reference'}")
        if not (same and victim_diff == reference_diff):
            failures.append("final: content differs from the clean run's, and not as the reference's does")

    consistent = sum(1 for _, ok in kills if ok)
    by_stage = {}
    for stage, _ in kills:
        by_stage[stage] = by_stage.get(stage, 0) + 1
    order = ["startup", "extract", "normalize", "load", "committed"]
    spread = ", ".join(f"{by_stage[s]} in {s}" for s in order + sorted(set(by_stage) - set(order)) if s in by_stage)
    print()
    print(f"crash-test: {consistent}/{len(kills)} consistent ({spread}); {finished} run(s) finished before their kill; "
          f"final run {'matches' if all(p for _, p in final) else 'DIFFERS'} (seed {SEED})")
    if len(kills) < KILLS:
        failures.append(f"only {len(kills)} of {KILLS} runs could be killed")
    for failure in failures:
        print(f"FAILED: {failure}")
    if os.environ.get("CRASH_KEEP") == "1" or failures:
        print(f"kept {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
