#!/usr/bin/python3
"""state.py: the nightly state store (--state) through the command line.

Parts:
  rotate  a logrotate-style sequence (create, grow, rename, delaycompress, compress, dateext,
          copytruncate) over several nights, each night run three times, with the aggregate
          rules: the nights together give exactly the findings (aggregate ones included, whose
          windows span the runs) and counts of one pass over all the lines, reruns read 0
          lines, findings keep their true line numbers, and the report's per-day numbers
          equal those of the one pass.
  kill    runs killed with SIGKILL at random points, then finished: the store equals one pass,
          the aggregate rules' saved windows byte for byte.
  lock    a second concurrent writer is refused with a clear message; bad stores and flags.
  report  report -f text|json|markdown|html, --since/--until on reports and on analyses,
          state list|check|forget.
  clients top clients per rule in every report format: exact counts for the heaviest, at
          most 20 clients by name per input, day and rule (the rest summed), the same ones on
          every run when counts tie at the cut, and forget.
  wal     nightly runs leave their commits in FILE-wal and fold them into FILE once it is past
          1 MiB: the -wal stays bounded, every run counts, and a reader's close leaves one
          file that alone holds the whole store.
  migrate a store of schema 1 (tests/state/schema1-store.sql) migrates on the next analysis:
          its counts are kept, readers refuse it until then, new findings get clients.
Usage: state.py PART STATUSLINT WORKDIR
"""
import gzip
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

SL = None
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def run(*args, expect=None, stdin=None):
    p = subprocess.run([SL, *args], capture_output=True, text=True, stdin=stdin)
    if expect is not None and p.returncode != expect:
        failures.append(f"{args}: exit {p.returncode}, expected {expect}: {p.stderr[-600:]}")
        print("FAIL:", failures[-1])
    return p


MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
ROUTES = ["/api/items/%d", "/api/orders/%d", "/dav/files/%d", "/static/app.js", "/login"]
# (method, status, bytes): a mix of clean responses and misuse the built-in pack flags
KINDS = [("GET", 200, 512)] * 12 + [("GET", 404, 0)] * 3 + [("POST", 500, 0)] * 2 + [
    ("GET", 207, 90), ("POST", 301, 0), ("PUT", 208, 0), ("GET", 600, 0), ("GET", 204, 10),
    ("DELETE", 503, 0), ("GET", 302, 0)]


def line(rng, t):
    m, s, b = rng.choice(KINDS)
    path = rng.choice(ROUTES)
    if "%d" in path:
        path = path % rng.randrange(1, 50)
    tm = time.gmtime(t)
    stamp = "%02d/%s/%d:%02d:%02d:%02d +0000" % (tm.tm_mday, MONTHS[tm.tm_mon - 1], tm.tm_year,
                                                 tm.tm_hour, tm.tm_min, tm.tm_sec)
    host = "203.0.113.%d" % rng.randrange(1, 20)
    return f'{host} - - [{stamp}] "{m} {path} HTTP/1.1" {s} {b} "-" "curl/8.{rng.randrange(9)}"\n'


def night_lines(rng, day0, night, n):
    """Lines of one night: from 00:10 of the day to 00:20 of the next (spans midnight)."""
    start = day0 + night * 86400 + 600
    out = []
    for i in range(n):
        t = start + i * (87000 // n)
        out.append(line(rng, t) if rng.random() > 0.02 else "garbage that is no log line\n")
    return out


def findings_of(jsonl_path):
    out = []
    with open(jsonl_path) as f:
        for ln in f:
            if ln.strip():
                out.append(json.loads(ln))
    return out


def key(f):
    return (f["rule"], f["fingerprint"], f.get("time"), f["message"], f["status"])


def read_any(path):
    with open(path, "rb") as f:
        head = f.read(2)
    opener = gzip.open if head == b"\x1f\x8b" else open
    with opener(path, "rt") as f:
        return f.read().split("\n")


def analyze(state, out, paths, extra=()):
    p = run("--state", state, "--exit-zero", "-q", "-j2", *extra, "-f", "jsonl", "-o",
            out + ".jsonl", "-f", "json", "-o", out + ".json", *paths, expect=0)
    here = os.path.dirname(os.path.abspath(__file__))
    for kind in ("json", "jsonl"):  # the project's own report checks hold with --state too
        v = subprocess.run(["/usr/bin/python3", os.path.join(here, "..", "validate", "validate.py"),
                            kind, out + "." + kind], capture_output=True, text=True)
        check(v.returncode in (0, 77), f"{out}.{kind}: {v.stdout} {v.stderr}")
    with open(out + ".json") as f:
        return json.load(f)["summary"], p


def report_json(state, *extra):
    p = run("report", "--state", state, "-f", "json", *extra, expect=0)
    d = json.loads(p.stdout)
    d.pop("runs")
    return d


# ---- rotate ----

def part_rotate(work):
    rng = random.Random(15)
    day0 = 1764460800  # 2025-11-30T00:00:00Z
    logs = os.path.join(work, "logs")
    os.makedirs(logs)
    state = os.path.join(work, "st.db")
    nights = [night_lines(rng, day0, k, 1500) for k in range(5)]
    al = os.path.join(logs, "access.log")
    agg = ["--aggregate", "--rules", os.path.join(work, "agg.yml")]
    with open(agg[2], "w") as f:  # an aggregate rule the generated traffic sets off often
        f.write("rules:\n  - id: local.client-5xx\n    title: A client served 5xx again and again\n"
                "    severity: warning\n    when: status >= 400\n    aggregate:\n"
                "      by: [client]\n      window: 3h\n      count: {errors: status >= 500}\n"
                "      having: errors >= 3\n      cooldown: 1h\n"
                "    message: \"{client}: {errors} 5xx of {count} errors within {span}s\"\n")
    got = []          # findings of every run, in order
    lines_read = 0
    reports = 0
    carried = 0       # aggregate findings whose window opened before the run's first new line
    first_new = [None]

    def nightly(k):
        nonlocal lines_read, reports, carried
        for rerun in range(3):
            out = os.path.join(work, f"n{k}r{rerun}")
            s, _ = analyze(state, out, [logs], agg)
            fs = findings_of(out + ".jsonl")
            check(s["lines"] == s["records"] + s["rejected"] + s["skipped"],
                  f"night {k} run {rerun}: lines == records + rejected + skipped")
            if not rerun:
                carried += sum(1 for f in fs if "first" in f and f["first"]["time"] < first_new[0])
                first_new[0] = None
            if rerun:
                check(s["lines"] == 0 and not fs,
                      f"night {k} rerun {rerun} read {s['lines']} lines, {len(fs)} findings")
            for f in fs:  # true line numbers, in the file as it is now
                text = read_any(f["file"])
                check(f["line"] <= len(text) and f["path"] in text[f["line"] - 1],
                      f"night {k}: {f['file']}:{f['line']} does not hold {f['path']}")
                check(f.get("new") in (True, False), "findings carry new under --state")
            got.extend(fs)
            lines_read += s["lines"]
            reports += 1

    def write(path, ls, mode="a"):
        with open(path, mode) as f:
            f.writelines(ls)
        for ln in ls:  # the time of the first line the next run reads
            if first_new[0] is None and "[" in ln:
                tm = time.strptime(ln.split("[")[1].split(" ")[0], "%d/%b/%Y:%H:%M:%S")
                first_new[0] = time.strftime("%Y-%m-%dT%H:%M:%SZ", tm)

    # night 0: created, read at mid-day, then grown
    write(al, nights[0][:700], "w")
    nightly(0)
    write(al, nights[0][700:])
    nightly(0)
    # night 1: rename (create), delaycompress keeps access.log.1 plain
    os.rename(al, al + ".1")
    write(al, nights[1], "w")
    nightly(1)
    # night 2: compress the old one, rename again
    subprocess.run(["gzip", "-9", al + ".1"], check=True)
    os.rename(al + ".1.gz", al + ".2.gz")
    os.rename(al, al + ".1")
    write(al, nights[2], "w")
    nightly(2)
    # night 3: dateext (access.log-YYYYMMDD) for the new rotations
    subprocess.run(["gzip", "-9", al + ".1"], check=True)
    os.rename(al + ".1.gz", os.path.join(logs, "access.log-20251202.gz"))
    os.rename(al, os.path.join(logs, "access.log-20251203"))
    write(al, nights[3], "w")
    nightly(3)
    # night 4: copytruncate: copied away, the live file truncated and written again
    shutil.copy(al, os.path.join(logs, "access.log-20251204"))
    with open(al, "w"):
        pass
    write(al, nights[4][:300])
    nightly(4)
    write(al, nights[4][300:])
    nightly(4)

    # one pass over all the lines: the nights as inputs in order (a line more than 5 s older
    # than its input's newest is late for an aggregate rule, so nights stay apart)
    allp = []
    for k, n in enumerate(nights):
        allp.append(os.path.join(work, f"all-{k}.log"))
        write(allp[-1], n, "w")
    one_state = os.path.join(work, "one.db")
    s1, _ = analyze(one_state, os.path.join(work, "one"), allp, agg)
    one = findings_of(os.path.join(work, "one.jsonl"))
    print(f"aggregate findings: {sum('first' in f for f in one)} in one pass, {carried} of the "
          "nights' with a window opened by an earlier run")
    check(carried >= 3, f"aggregate windows span the runs ({carried})")
    check(lines_read == s1["lines"] == sum(len(n) for n in nights),
          f"lines read over the nights {lines_read}, one pass {s1['lines']}")
    check(sorted(map(key, got)) == sorted(map(key, one)),
          f"findings over the nights ({len(got)}) equal one pass ({len(one)})")
    check(len(one) > 100, "the generated nights have findings")
    # the store's per-day summaries equal the one pass's
    a, b = report_json(state), report_json(one_state)
    check(a == b, "report of the nights equals the report of one pass")
    check(len(a["days"]) == 6, f"six days (nights span midnight): {len(a['days'])}")
    # no finding is new twice
    fresh = [f for f in got if f["new"]]
    check(len({f["fingerprint"] for f in fresh}) == len({f["fingerprint"] for f in got}),
          "every group is new in exactly the run that first saw it")
    # an unchanged archive reads 0 lines
    s, _ = analyze(state, os.path.join(work, "again"), [logs], agg)
    check(s["lines"] == 0 and s["state"]["inputs_unchanged"] == len(os.listdir(logs)) == 5,
          f"rerun over the unchanged archive: {s['lines']} lines, {s['state']}")
    p = run("state", "check", "--state", state, expect=0)
    check(" ok:" in p.stdout, "state check says ok: " + p.stdout)
    size = os.path.getsize(state)
    print(f"store after {reports} runs over {lines_read} lines: {size} bytes")
    check(size < 1 << 20, f"store stays small ({size} bytes)")


# ---- kill ----

def inputs_done(state):
    import sqlite3
    try:
        db = sqlite3.connect(f"file:{state}?mode=ro", uri=True, timeout=1)
        n = db.execute("SELECT count(*) FROM inputs").fetchone()[0]
        db.close()
        return n
    except sqlite3.Error:
        return 0


def part_kill(work):
    rng = random.Random(9)
    day0 = 1764460800
    logs = os.path.join(work, "logs")
    os.makedirs(logs)
    for k in range(12):
        with open(os.path.join(logs, "access.log.%02d" % k), "w") as f:
            f.writelines(night_lines(rng, day0, k % 4, 20000))
    for k in range(0, 12, 3):
        subprocess.run(["gzip", os.path.join(logs, "access.log.%02d" % k)], check=True)
    state = os.path.join(work, "st.db")
    kills = done = 0
    for attempt in range(8):
        p = subprocess.Popen([SL, "--state", state, "--aggregate", "--exit-zero", "-q", "-j2", "-f", "jsonl",
                              "-o", os.path.join(work, "k.jsonl"), logs],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # kill it once it committed one more input than before, a little later (mid-input)
        while p.poll() is None and inputs_done(state) <= done:
            time.sleep(0.005)
        time.sleep(rng.random() * 0.03)
        done = inputs_done(state)
        if p.poll() is None:
            os.kill(p.pid, signal.SIGKILL)
            kills += 1
        p.wait()
        if not os.path.exists(state):  # killed before it created the store
            continue
        c = run("state", "check", "--state", state)
        check(c.returncode == 0 or (c.returncode == 2 and "empty state store" in c.stderr),
              f"after kill {attempt}: state check: {c.stdout} {c.stderr}")
    print(f"{kills} runs killed")
    s, _ = analyze(state, os.path.join(work, "final"), [logs], ["--aggregate"])
    s2, _ = analyze(state, os.path.join(work, "final2"), [logs], ["--aggregate"])
    check(s2["lines"] == 0, "after the finishing run nothing is left to read")
    one = os.path.join(work, "one.db")
    analyze(one, os.path.join(work, "one"), [logs], ["--aggregate"])
    check(report_json(state) == report_json(one), "killed runs + one finishing run == one pass")
    a, b = agg_windows(state), agg_windows(one)
    check(a is not None and a == b, "the saved aggregate windows equal one pass's "
          f"({len(a or b'')} and {len(b or b'')} bytes)")
    check(kills >= 4, f"runs were killed mid-way ({kills})")


def agg_windows(state):
    import sqlite3
    db = sqlite3.connect(state)
    row = db.execute("SELECT data FROM agg_snapshot").fetchone()
    db.close()
    return row and row[0]


# ---- lock and bad stores ----

def part_lock(work):
    state = os.path.join(work, "st.db")
    fifo = os.path.join(work, "fifo")
    os.mkfifo(fifo)
    log = os.path.join(work, "a.log")
    with open(log, "w") as f:
        f.write(line(random.Random(1), 1764460800))
    first = subprocess.Popen([SL, "--state", state, "--exit-zero", "-q", fifo],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(0.5)  # holds the lock while it waits for the FIFO's writer
    p = run("--state", state, log, expect=2)
    check("another statuslint run is using this state store" in p.stderr,
          "second writer: clear message: " + p.stderr)
    p = run("state", "list", "--state", state, expect=0)  # readers are not blocked
    fd = os.open(fifo, os.O_WRONLY)
    os.close(fd)
    first.wait(timeout=30)
    check(first.returncode == 0, f"first run ends well ({first.returncode})")
    run("--state", state, "--exit-zero", log, expect=0)
    # bad stores
    notdb = os.path.join(work, "notdb")
    with open(notdb, "w") as f:
        f.write("hello, this is not SQLite\n" * 100)
    p = run("--state", notdb, log, expect=2)
    check("notdb" in p.stderr and "state" in p.stderr, "a file that is no store: " + p.stderr)
    other = os.path.join(work, "other.db")
    subprocess.run(["sqlite3", other, "CREATE TABLE t(x)"], check=True)
    p = run("--state", other, log, expect=2)
    check("not a statuslint state store" in p.stderr, "someone else's database: " + p.stderr)
    newer = os.path.join(work, "newer.db")
    shutil.copy(state, newer)
    subprocess.run(["sqlite3", newer, "PRAGMA user_version=99"], check=True)
    p = run("--state", newer, log, expect=2)
    check("newer statuslint" in p.stderr, "a newer schema: " + p.stderr)
    # damaged stores: never a crash, always a message naming the file
    good = os.path.join(work, "good.db")
    for n in range(3):
        g = os.path.join(work, f"g{n}.log")
        with open(g, "w") as f:
            f.writelines(night_lines(random.Random(n), 1764460800, n, 400))
        run("--state", good, "--exit-zero", "-q", g, expect=0)
    run("state", "list", "--state", good, expect=0)  # a reader's close folds the -wal in
    check(not os.path.exists(good + "-wal"), "the database file holds the whole store")
    size = os.path.getsize(good)
    for name, how in [("half", lambda b: b[:len(b) // 2]), ("zeros", lambda b: b[:4096] +
                      bytes(len(b) - 4096)), ("noise", lambda b: b[:100] + bytes(
                      random.Random(5).randrange(256) for _ in range(len(b) - 100)))]:
        bad = os.path.join(work, name + ".db")
        with open(good, "rb") as f:
            data = how(f.read())
        with open(bad, "wb") as f:
            f.write(data)
        for args in (["--state", bad, "--exit-zero", "-q", log], ["state", "check", "--state", bad],
                     ["report", "--state", bad, "-f", "html"], ["state", "list", "--state", bad]):
            p = run(*args)
            check(p.returncode in (0, 1, 2), f"{name}: {args[:2]}: exit {p.returncode} (a crash?)")
            check(p.returncode == 0 or bad in p.stderr or "damaged" in p.stdout,
                  f"{name}: {args[:2]}: the message names the store: {p.stderr} {p.stdout}")
        p = run("state", "check", "--state", bad)
        check(p.returncode != 0, f"{name}: state check notices the damage ({size} bytes)")
    # an input no line of which parses (a wrong --log-format) is not recorded as read
    fresh = os.path.join(work, "fresh.db")
    p = run("--state", fresh, "--log-format", "alb", "--exit-zero", "-q", log, expect=2)
    s, _ = analyze(fresh, os.path.join(work, "right"), [log])
    check(s["lines"] == 1 and s["records"] == 1, f"read again with the right format: {s}")
    p = run("--state", work, log, expect=2)
    check(work in p.stderr, "a directory as the store: " + p.stderr)
    p = run("report", "--state", os.path.join(work, "missing.db"), expect=2)
    check("missing.db" in p.stderr, "report on a missing store: " + p.stderr)
    for args, needle in [(["--since", "yesterday", log], "--since"),
                         (["--until", "2026-13-01", log], "--until"),
                         (["--since", "2026-12-02", "--until", "2026-12-01", log], "after"),
                         (["report"], "--state FILE"),
                         (["state", "purge", "--state", state], "list, check or forget"),
                         (["state", "forget", "--state", state], "one PATH"),
                         (["report", "--state", state, "-f", "sarif"], "text, json, markdown or html"),
                         (["-f", "html", log], "report"),
                         (["--state", state, "--since", "2026-12-01", log], "report --state")]:
        p = run(*args, expect=2)
        check(needle in p.stderr, f"{args}: message names {needle!r}: {p.stderr}")


# ---- report ----

def part_report(work):
    rng = random.Random(3)
    day0 = 1764460800
    state = os.path.join(work, "st.db")
    for k in range(4):
        p = os.path.join(work, f"night{k}.log")
        with open(p, "w") as f:
            f.writelines(night_lines(rng, day0, k, 800))
        analyze(state, os.path.join(work, f"n{k}"), [p])
    full = report_json(state)
    days = [d["day"] for d in full["days"]]
    check(days == ["2025-11-30", "2025-12-01", "2025-12-02", "2025-12-03", "2025-12-04"],
          f"days: {days}")
    part = report_json(state, "--since", "2025-12-01", "--until", "2025-12-02")
    check([d["day"] for d in part["days"]] == days[1:3], "report --since/--until keeps whole days")
    check(part["days"] == full["days"][1:3], "the filtered days are the same numbers")
    # --since/--until filter an ordinary analysis by record time
    p = run("--exit-zero", "-q", "-f", "jsonl", "-o", os.path.join(work, "w.jsonl"), "-f", "json",
            "-o", os.path.join(work, "w.json"), "--since", "2025-12-01T12:00:00Z", "--until",
            "2025-12-01T23:59:59Z", os.path.join(work, "night1.log"), expect=0)
    s = json.load(open(os.path.join(work, "w.json")))["summary"]
    fs = findings_of(os.path.join(work, "w.jsonl"))
    check(fs and all("2025-12-01T12:00:00Z" <= f["time"] <= "2025-12-01T23:59:59Z" for f in fs),
          "--since/--until keep only findings in the window")
    check(s["lines"] == 800 and s["records"] < 500 and s["skipped"] > 300,
          f"records outside the window are skipped lines: {s}")
    for fmt in ("text", "markdown"):
        p = run("report", "--state", state, "-f", fmt, expect=0)
        check("2025-12-03" in p.stdout and "dav.207-non-webdav-method" in p.stdout,
              f"{fmt} report shows days and rules")
    out = os.path.join(work, "report.html")
    run("report", "--state", state, "-f", "html", "-o", out, expect=0)
    html = open(out).read()
    inferred = os.path.join(work, "inferred.html")  # -o x.html alone is html
    run("report", "--state", state, "-o", inferred, expect=0)
    check(open(inferred).read() == html, "report -o x.html writes html")
    p = run("report", "--state", state, "-f", "text", "-f", "json", "-o", inferred, expect=2)
    check("one -f" in p.stderr, "report takes one format: " + p.stderr)
    check("<svg" in html and "http://" not in html.replace("http://www.w3.org", "")
          and "https://" not in html and "src=" not in html, "html is self-contained")
    check(os.path.getsize(out) < 400_000, "html stays small")
    # state list / forget: forgetting an input takes its share out, the next run reads it again
    p = run("state", "list", "--state", state, expect=0)
    check("night2.log" in p.stdout, "state list names the inputs")
    n2 = os.path.join(work, "night2.log")
    p = run("state", "forget", n2, "--state", state, expect=0)
    less = report_json(state)
    check(less != full, "forget takes the input's counts out")
    s, _ = analyze(state, os.path.join(work, "again"), [os.path.join(work, f"night{k}.log")
                                                         for k in range(4)])
    check(s["lines"] == 800, f"after forget, only that input is read again ({s['lines']})")
    check(report_json(state) == full, "and the store is back where it was")
    run("state", "forget", "/nonexistent", "--state", state, expect=1)


def stamp(t):
    tm = time.gmtime(t)
    return "%02d/%s/%d:%02d:%02d:%02d +0000" % (tm.tm_mday, MONTHS[tm.tm_mon - 1], tm.tm_year,
                                               tm.tm_hour, tm.tm_min, tm.tm_sec)


def part_clients(work):
    day0 = 1764460800  # 2025-11-30
    state = os.path.join(work, "st.db")
    log = os.path.join(work, "a.log")
    # one day: 204-with-body (error) from 60 clients, 10.0.0.1 the heaviest with 40, the
    # others 2 or 3 each; 600s (core.status-out-of-range) from 3 clients, 5 each
    lines, want = [], {}
    for i in range(200):
        client = "10.0.0.1" if i < 40 else f"10.0.1.{i % 60}"
        lines.append(f'{client} - - [{stamp(day0 + 3600 + i)}] "GET /x/{i} HTTP/1.1" 204 9 "-" "c"\n')
        want[client] = want.get(client, 0) + 1
    for i in range(15):
        lines.append(f'192.0.2.{i % 3} - - [{stamp(day0 + 7200 + i)}] "GET /y HTTP/1.1" 600 0 "-" "c"\n')
    with open(log, "w") as f:
        f.writelines(lines)
    analyze(state, os.path.join(work, "n0"), [log])
    rule = "body.bodyless-status-with-content"
    import sqlite3
    db = sqlite3.connect(state)
    rows = db.execute("SELECT client, n FROM day_clients WHERE rule=?", (rule,)).fetchall()
    db.close()
    named = {c: n for c, n in rows if c}
    check(len(named) == 20, f"{len(named)} clients kept by name for one rule and day, not 20")
    check(sum(n for _, n in rows) == 200, f"clients sum to {sum(n for _, n in rows)}, not 200")
    check(named.get("10.0.0.1") == 40, f"the heaviest client has {named.get('10.0.0.1')}, not 40")
    # ties at the cut (many clients have 3) go the same way on every run
    for k in range(3):
        other = os.path.join(work, f"again{k}.db")
        analyze(other, os.path.join(work, f"again{k}"), [log])
        db = sqlite3.connect(other)
        again = db.execute("SELECT client, n FROM day_clients WHERE rule=?", (rule,)).fetchall()
        db.close()
        check(sorted(again) == sorted(rows), f"run {k}: another cut of tied clients: "
              f"{sorted(set(again) ^ set(rows))[:4]}")
    rj = json.loads(run("report", "--state", state, "-f", "json", expect=0).stdout)
    top = rj.get("top_clients", [])
    check(top and top[0] == {"rule": rule, "client": "10.0.0.1", "severity": "error",
                             "count": 40, "by_day": [40]}, f"json top_clients[0]: {top[:1]}")
    check(any(t["rule"] == "core.status-out-of-range" and t["client"].startswith("192.0.2.")
              and t["count"] == 5 for t in top), "json top_clients: the 600s by client")
    check(len(top) == 10, f"{len(top)} top clients, not 10")
    for fmt, what in (("text", "Top clients"), ("markdown", "### Top clients")):
        out = run("report", "--state", state, "-f", fmt, expect=0).stdout
        check(what in out and "10.0.0.1" in out, f"{fmt} report: no top clients")
    html = run("report", "--state", state, "-f", "html", expect=0).stdout
    check("<h2>Top clients</h2>" in html and "<code>10.0.0.1</code>" in html,
          "html report: no top clients")
    # forget takes the clients out with the input
    run("state", "forget", log, "--state", state, expect=0)
    rj = json.loads(run("report", "--state", state, "-f", "json", expect=0).stdout)
    check(rj["top_clients"] == [], f"after forget: {rj['top_clients'][:2]}")


def part_migrate(work):
    import sqlite3
    here = os.path.dirname(os.path.abspath(__file__))
    state = os.path.join(work, "old.db")
    db = sqlite3.connect(state)
    db.executescript(open(os.path.join(here, "schema1-store.sql")).read())
    db.close()
    before = report_json_raw(state, expect=2)
    check("older schema" in before.stderr, f"a reader of a schema-1 store: {before.stderr}")
    src = os.path.join(here, "..", "..", "samples", "combined.log")
    night2 = os.path.join(work, "night1.log")  # the store's input, grown by ten lines
    with open(night2, "w") as f:
        f.write("\n".join(read_any(src)[:40]) + "\n")
    s, _ = analyze(state, os.path.join(work, "n1"), [night2])
    check(s["lines"] == 10, f"the migrated store resumes its input: {s['lines']} lines read")
    db = sqlite3.connect(state)
    ver = db.execute("PRAGMA user_version").fetchone()[0]
    total = db.execute("SELECT sum(n) FROM day_status").fetchone()[0]
    clients = db.execute("SELECT count(*) FROM day_clients").fetchone()[0]
    db.close()
    check(ver == 3, f"schema {ver} after the migration")
    check(total == 40, f"responses in the store: {total}, not 30 kept + 10 new")
    check(clients > 0, "the new findings have no clients")
    rj = report_json(state)
    check(rj["findings"] > 0 and rj["top_clients"], "report after the migration")


# ---- wal ----

def part_wal(work):
    rng = random.Random(11)
    logs = os.path.join(work, "logs")
    os.makedirs(logs)
    state, one = os.path.join(work, "st.db"), os.path.join(work, "one.db")
    wal = state + "-wal"
    sizes = []
    for night in range(40):
        with open(os.path.join(logs, "n%02d.log" % night), "w") as f:
            f.writelines(night_lines(rng, 1764460800, night, 2000))
        run("--state", state, "--exit-zero", "-q", "-f", "jsonl", "-o", os.devnull, logs, expect=0)
        sizes.append(os.path.getsize(wal) if os.path.exists(wal) else 0)
    print(f"-wal after each night: {sizes}")
    grew = max(b - a for a, b in zip(sizes, sizes[1:]))
    check(0 < grew < 1 << 18, f"a night adds a little to the -wal ({grew} bytes)")
    check(max(sizes) <= (1 << 20) + grew, f"the -wal stays under 1 MiB and a night ({max(sizes)})")
    check(any(b < a for a, b in zip(sizes, sizes[1:])), "the -wal was folded into the store")
    check(sizes[-1] > 0, "the last nights' commits are in the -wal")
    run("--state", one, "--exit-zero", "-q", "-f", "jsonl", "-o", os.devnull, logs, expect=0)
    p = run("state", "check", "--state", state, expect=0)
    check(" ok:" in p.stdout and "40 runs" in p.stdout, "state check: " + p.stdout)
    whole = report_json(one)
    check(report_json(state) == whole, "40 nights with their -wal == one pass")
    check(not os.path.exists(wal), "the reader's close folded the -wal")
    alone = os.path.join(work, "copy.db")
    shutil.copy(state, alone)
    check(report_json(alone) == whole, "then the database file alone is the whole store")
    s, _ = analyze(state, os.path.join(work, "again"), [logs])
    check(s["lines"] == 0, f"and reads nothing again ({s['lines']} lines)")


def report_json_raw(state, expect):
    return run("report", "--state", state, "-f", "json", expect=expect)


def main(parts):
    """argv: PART STATUSLINT WORKDIR; runs parts[PART] in a fresh WORKDIR (aggcarry.py too)."""
    global SL
    part, SL, work = sys.argv[1], sys.argv[2], sys.argv[3]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    parts[part](work)
    if failures:
        print(f"{len(failures)} failure(s)")
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main({"rotate": part_rotate, "kill": part_kill, "lock": part_lock, "report": part_report,
          "clients": part_clients, "migrate": part_migrate, "wal": part_wal})
