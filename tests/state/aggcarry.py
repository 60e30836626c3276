#!/usr/bin/python3
"""aggcarry.py: the aggregate rules' windows carry across runs of one state store.

Parts:
  midnight  a 5xx burst split at midnight over two nightly runs is found by the second one
            with --state, with the count and first line of one pass over both files, and not
            without --state; a user rule file's aggregate rule the same way; a changed
            --aggregate-memory, a run without aggregate rules and `state forget` each start
            the windows empty with one note; `state check` reports and validates the windows.
  rewind    an input read in part (a truncated gzip) before one that is read whole: the
            windows saved with the second do not hold the first's lines, so a later run that
            reads the mended input counts each line once (the count of one pass).
  migrate2  a store of schema 2 (tests/state/schema2-store.sql) migrates to schema 3: its
            counts are kept, the windows start empty with a note, and carry from then on.
Usage: aggcarry.py PART STATUSLINT WORKDIR
"""
import gzip
import json
import os
import shutil
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from state import check, run, main  # noqa: E402  (one harness for the state tests)
MIDNIGHT = 1796083200  # 2026-12-01T00:00:00Z
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
BURST = "agg.5xx-burst-route"


def line(t, path, status, client="192.0.2.9"):
    tm = time.gmtime(t)
    stamp = "%02d/%s/%d:%02d:%02d:%02d +0000" % (tm.tm_mday, MONTHS[tm.tm_mon - 1], tm.tm_year,
                                                 tm.tm_hour, tm.tm_min, tm.tm_sec)
    return f'{client} - - [{stamp}] "GET {path} HTTP/1.1" {status} 0 "-" "app/1"\n'


def by_time(lines):
    """Lines in the order of their times (aggregate rules take late lines as late)."""
    return sorted(lines, key=lambda x: time.strptime(x.split("[")[1].split(" ")[0], "%d/%b/%Y:%H:%M:%S"))


def write(path, lines):
    with open(path, "w") as f:
        f.writelines(lines)


def before_midnight(n=12):
    """An hour of quiet traffic, then n 502s on one route in the last seconds of the day."""
    return ([line(MIDNIGHT - 3600 + i * 60, "/ok", 200) for i in range(50)] +
            [line(MIDNIGHT - n + i, "/api/orders/%d" % i, 502) for i in range(n)])


def after_midnight(n=12):
    return ([line(MIDNIGHT + i, "/api/orders/%d" % (100 + i), 503) for i in range(n)] +
            [line(MIDNIGHT + 600 + i * 60, "/ok", 200) for i in range(50)])


def analyze(*args, state=None, expect=0):
    extra = ["--state", state] if state else []
    p = run("--exit-zero", "-j2", "-f", "jsonl", *extra, *args, expect=expect)
    fs = [json.loads(x) for x in p.stdout.splitlines() if x.strip()]
    return fs, p.stderr


def aggs(fs, rule=BURST):
    return [f for f in fs if f["rule"] == rule]


def notes(err):
    return [x for x in err.splitlines() if "aggregate windows" in x]


def state_check(state, expect=0):
    p = run("state", "check", "--state", state, expect=expect)
    return p.stdout


# ---- midnight ----

USER_RULE = """\
rules:
  - id: local.retry-storm
    title: One client retrying a failing URL
    severity: warning
    when: status >= 500
    aggregate:
      by: [client, path]
      window: 2m
      having: count >= 8
      cooldown: 10m
    message: "{client} asked {count} times for {path} within {span}s"
"""


def part_midnight(work):
    n1, n2 = os.path.join(work, "n1.log"), os.path.join(work, "n2.log")
    pay = [line(MIDNIGHT - 5 + i, "/pay", 500, "198.51.100.4") for i in range(10)]  # 5 + 5
    write(n1, by_time(before_midnight() + pay[:5]))
    write(n2, by_time(after_midnight() + pay[5:]))
    rules = os.path.join(work, "local.yml")
    with open(rules, "w") as f:
        f.write(USER_RULE)
    one, _ = analyze("--aggregate", "--rules", rules, n1, n2)
    want = aggs(one)
    check(len(want) == 1 and want[0]["count"] == 20 and want[0]["first"]["file"] == n1,
          f"one pass over both nights: one burst of 20 starting in n1: {want}")
    want_user = aggs(one, "local.retry-storm")
    check(len(want_user) == 1 and want_user[0]["count"] == 8, f"one pass: the user rule: {want_user}")
    # without a state store the second night alone shows nothing
    alone, _ = analyze("--aggregate", "--rules", rules, n2)
    check(not aggs(alone) and not aggs(alone, "local.retry-storm"),
          f"night 2 alone: no burst without the first night: {aggs(alone)}")
    # two nightly runs with --state: the second finds what one pass finds
    st = os.path.join(work, "st.db")
    a, err = analyze("--aggregate", "--rules", rules, n1, state=st)
    check(not aggs(a) and not notes(err), f"night 1: nothing yet, no note: {aggs(a)} {notes(err)}")
    out = state_check(st)
    check("aggregate windows of 16 rules" in out, "state check describes the windows: " + out)
    b, err = analyze("--aggregate", "--rules", rules, n2, state=st)
    got = aggs(b)
    check(len(got) == 1 and got[0]["count"] == 20 and got[0]["first"] == want[0]["first"] and
          got[0]["last"] == want[0]["last"] and got[0]["message"] == want[0]["message"],
          f"night 2 with --state: the burst of one pass: {got} vs {want}")
    check(got and got[0].get("new") is True, "the carried burst is new")
    gu = aggs(b, "local.retry-storm")
    check(len(gu) == 1 and gu[0]["message"] == want_user[0]["message"] and
          gu[0]["first"]["file"] == n1, f"night 2: the user rule's window carried too: {gu}")
    check(not notes(err), f"no note when every window carries: {notes(err)}")
    # a rerun reads nothing and changes nothing
    snap = snapshot(st)
    c, _ = analyze("--aggregate", "--rules", rules, n1, n2, state=st)
    check(not c and snapshot(st) == snap, "a rerun over unchanged inputs keeps the windows as they were")
    # the same nights with the windows started empty: another --aggregate-memory
    st2 = os.path.join(work, "st2.db")
    analyze("--aggregate", n1, state=st2)
    b2, err = analyze("--aggregate", "--aggregate-memory", "1M", n2, state=st2)
    check(not aggs(b2), f"another --aggregate-memory: the windows start empty: {aggs(b2)}")
    check(len(notes(err)) == 1 and "another --aggregate-memory" in err,
          "one note says why: " + err)
    # a run without aggregate rules leaves no windows behind
    st3 = os.path.join(work, "st3.db")
    analyze("--aggregate", n1, state=st3)
    quiet = os.path.join(work, "n1b.log")
    write(quiet, [line(MIDNIGHT - 7200, "/ok", 200)])
    analyze(quiet, state=st3)
    check("no aggregate windows: " in state_check(st3), "state check: no windows after a run without")
    b3, err = analyze("--aggregate", n2, state=st3)
    check(not aggs(b3) and "n1b.log was last read by a run without aggregate rules" in err,
          f"after a run without aggregate rules: empty windows and a note: {err}")
    # state forget: the forgotten input's lines are read again, so the windows go
    st4 = os.path.join(work, "st4.db")
    analyze("--aggregate", n1, state=st4)
    run("state", "forget", n1, "--state", st4, expect=0)
    again, err = analyze("--aggregate", n1, n2, state=st4)
    check(len(aggs(again)) == 1 and aggs(again)[0]["count"] == 20,
          f"after forget, n1 read again and counted once: {aggs(again)}")
    check("state forget" in err, "the note names state forget: " + err)
    # damaged windows: state check says so (exit 1), and an analysis starts them empty
    st5 = os.path.join(work, "st5.db")
    analyze("--aggregate", n1, state=st5)
    db = sqlite3.connect(st5)
    blob = bytearray(db.execute("SELECT data FROM agg_snapshot").fetchone()[0])
    blob[len(blob) // 2] ^= 0x55
    blob[len(blob) // 2 + 1] ^= 0xaa
    db.execute("UPDATE agg_snapshot SET data=?", (bytes(blob),))
    db.commit()
    db.close()
    out = state_check(st5, expect=1)
    check("damaged" in out and "aggregate windows" in out, "state check finds damaged windows: " + out)
    b5, err = analyze("--aggregate", n2, state=st5)
    check(not aggs(b5) and "the saved ones are damaged" in err, "damaged windows start empty: " + err)
    check(" ok:" in state_check(st5), "the next commit saved whole windows again")
    # cut short or not a snapshot at all: never a crash, always "damaged" and empty windows
    db = sqlite3.connect(st5)
    whole = db.execute("SELECT data FROM agg_snapshot").fetchone()[0]
    db.close()
    for k, bad in enumerate([whole[:len(whole) // 3], whole[:-1], b"x" * 300, whole[:12],
                             whole + b"tail"]):
        st6 = os.path.join(work, f"st6-{k}.db")
        shutil.copy(st5, st6)
        db = sqlite3.connect(st6)
        db.execute("UPDATE agg_snapshot SET data=?", (bad,))
        db.commit()
        db.close()
        out = state_check(st6, expect=1)
        check("aggregate windows:" in out, f"damage {k}: state check: {out}")
        _, err = analyze("--aggregate", n2, state=st6)
        check("aggregate windows start empty" in err, f"damage {k}: the analysis says so: {err}")
    # windows saved in an earlier layout of the tables
    st7 = os.path.join(work, "st7.db")
    shutil.copy(st5, st7)
    db = sqlite3.connect(st7)
    db.execute("UPDATE agg_snapshot SET data=?", (b"SLAGSNP1" + whole[8:],))
    db.commit()
    db.close()
    out = state_check(st7)  # not damage: another build's tables, which an analysis starts empty
    check("written in another layout" in out and "starts them empty" in out and " ok:" in out,
          "state check on another layout's windows: " + out)
    b7, err = analyze("--aggregate", n2, state=st7)
    check(not aggs(b7) and len(notes(err)) == 1 and
          "the saved ones are written in another layout" in err, "another layout starts empty: " + err)


def snapshot(state):
    db = sqlite3.connect(state)
    row = db.execute("SELECT data, why FROM agg_snapshot").fetchone()
    db.close()
    return row


# ---- rewind ----

def part_rewind(work):
    n1 = os.path.join(work, "a-n1.log")
    write(n1, before_midnight(10))
    mid = after_midnight(10)
    good = gzip.compress("".join(mid).encode())
    bad = os.path.join(work, "b-n2.log.gz")
    with open(bad, "wb") as f:  # the first lines decode, then the stream stops short
        f.write(good[:len(good) * 2 // 3])
    later = os.path.join(work, "c-n3.log")
    write(later, [line(MIDNIGHT + 20 + i, "/other", 200) for i in range(5)])
    fixed = os.path.join(work, "fixed")
    os.makedirs(fixed)
    for p in (n1, later):
        shutil.copy(p, fixed)
    with open(os.path.join(fixed, "b-n2.log.gz"), "wb") as f:
        f.write(good)
    one, _ = analyze("--aggregate", os.path.join(fixed, "a-n1.log"),
                     os.path.join(fixed, "b-n2.log.gz"), os.path.join(fixed, "c-n3.log"))
    want = aggs(one)
    check(len(want) == 1 and want[0]["count"] == 20, f"one pass: a burst of 20: {want}")
    st = os.path.join(work, "st.db")
    analyze("--aggregate", n1, state=st)
    p = run("--exit-zero", "-q", "--aggregate", "--state", st, "-f", "json", bad, later)
    check(p.returncode == 2, f"the truncated input is an input error: {p.returncode} {p.stderr}")
    s = json.loads(p.stdout)["summary"]
    check(s["lines"] > 5, f"lines of the truncated input were read (and fed): {s['lines']}")
    # mended: the whole file is read again; its lines count once
    with open(bad, "wb") as f:
        f.write(good)
    got, _ = analyze("--aggregate", n1, bad, later, state=st)
    g = aggs(got)
    check(len(g) == 1 and g[0]["count"] == want[0]["count"] and
          g[0]["message"] == want[0]["message"] and g[0]["last"]["line"] == want[0]["last"]["line"],
          f"the mended input's lines count once: {g} vs {want}")


# ---- migrate2 ----

def part_migrate2(work):
    here = os.path.dirname(os.path.abspath(__file__))
    state = os.path.join(work, "old.db")
    db = sqlite3.connect(state)
    db.executescript(open(os.path.join(here, "schema2-store.sql")).read())
    db.close()
    p = run("report", "--state", state, "-f", "json", expect=2)
    check("older schema" in p.stderr, f"a reader of a schema-2 store: {p.stderr}")
    src = os.path.join(here, "..", "..", "samples", "combined.log")
    with open(src) as f:
        sample = f.read().split("\n")
    night = os.path.join(work, "night1.log")  # the store's input, grown by ten lines
    write(night, [x + "\n" for x in sample[:40]])
    fs, err = analyze("--aggregate", night, state=state)
    db = sqlite3.connect(state)
    ver = db.execute("PRAGMA user_version").fetchone()[0]
    total = db.execute("SELECT sum(n) FROM day_status").fetchone()[0]
    lines = db.execute("SELECT sum(lines) FROM reads").fetchone()[0]
    db.close()
    check(ver == 3, f"schema {ver} after the migration")
    check(total == 40 and lines == 40, f"counts kept: {total} responses, {lines} lines read")
    check(len(notes(err)) == 1 and "the store has none yet" in err,
          "one note: the migrated store has no windows yet: " + err)
    out = state_check(state)
    check(" ok: schema 3" in out and "aggregate windows of 15 rules" in out,
          "state check after the migration: " + out)
    write(night, [x + "\n" for x in sample[:50]])
    fs, err = analyze("--aggregate", night, state=state)
    check(not notes(err), "the windows carry from the migration on: " + err)


if __name__ == "__main__":
    main({"midnight": part_midnight, "rewind": part_rewind, "migrate2": part_migrate2})
