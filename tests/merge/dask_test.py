#!/usr/bin/python3
"""dask_test.py: contrib/dask/statuslint_dask.py on a real Dask LocalCluster.

    dask_test.py STATUSLINT WORKDIR

Three worker processes on 127.0.0.1, one task per file of a realistic archive (the one
merge_property.py builds): the merged reports in every format must equal one local run
(the driver's --compare), the tasks must have run in more than one worker process, and an
unreadable input must make the whole run exit 2 with success false, as a single run does.
Prints SKIPPED and exits 77 where python3-distributed cannot be imported.
"""
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DRIVER = os.path.join(ROOT, "contrib", "dask", "statuslint_dask.py")
sys.path.insert(0, HERE)
import merge_property  # noqa: E402  (the archive builder)


def main():
    try:
        import distributed  # noqa: F401
    except Exception as e:  # ImportError, or a broken install
        print("SKIPPED: python3-distributed is not importable (%s); apt-get install "
              "python3-distributed" % e)
        return 77
    sl, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    shutil.rmtree(work, ignore_errors=True)
    arch = os.path.join(work, "archive")
    os.makedirs(arch)
    files = merge_property.build_archive(arch, None)
    os.chdir(work)
    out = os.path.join(work, "out")
    os.makedirs(out)
    cmd = [sys.executable, DRIVER, "--workers", "3", "--statuslint", sl, "--compare",
           "--stats", os.path.join(work, "stats.json")]
    for f in merge_property.FORMATS:
        cmd += ["-f", f, "-o", os.path.join(out, "r." + f)]
    # one task per file: aggregate windows across files are not joined (docs/partial.md), so
    # the comparison with one run is made with the aggregate rules off
    cfg = merge_property.no_aggregate_config(sl, os.path.join(work, "no-aggregate.yml"))
    r = subprocess.run(cmd + ["archive", "--", "--config", cfg], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=300)
    ok = True
    err = r.stderr.decode(errors="replace")
    if r.returncode not in (0, 1) or "equal one local run" not in err:
        print("FAIL: the driver exited %d:\n%s" % (r.returncode, err[-3000:]))
        ok = False
    with open(os.path.join(work, "stats.json")) as fh:
        st = json.load(fh)
    if st["tasks"] != len(files):
        print("FAIL: %d tasks for %d files" % (st["tasks"], len(files)))
        ok = False
    if len(st["worker_pids"]) < 2 or st["client_pid"] in st["worker_pids"]:
        print("FAIL: tasks did not run in several worker processes: %s" % st)
        ok = False
    with open(os.path.join(out, "r.json")) as fh:
        doc = json.load(fh)
    if doc["summary"]["files"] != len(files):
        print("FAIL: the merged summary counts %d files, not %d" % (doc["summary"]["files"], len(files)))
        ok = False
    if doc["summary"]["lines"] != doc["summary"]["records"] + doc["summary"]["rejected"] + \
            doc["summary"]["skipped"]:
        print("FAIL: lines != records + rejected + skipped in the merged summary")
        ok = False
    # an input that cannot be read: exit 2 and success false, as in one run
    r2 = subprocess.run([sys.executable, DRIVER, "--workers", "2", "--statuslint", sl,
                         "-f", "json", "-o", os.path.join(work, "bad.json"),
                         "archive/samples/clean.log", "archive/no-such.log"],
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    with open(os.path.join(work, "bad.json")) as fh:
        bad = json.load(fh)
    if r2.returncode != 2 or bad["summary"]["success"] is not False:
        print("FAIL: an unreadable input gave exit %d, success %s" %
              (r2.returncode, bad["summary"]["success"]))
        ok = False
    print("%s: %d files, %d tasks on worker processes %s; cluster start %.1f s, tasks %.2f s, "
          "merge %.2f s" % ("ok" if ok else "FAILED", len(files), st["tasks"], st["worker_pids"],
                           st["cluster_start_s"], st["tasks_s"], st["merge_s"]))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
