#!/bin/sh
# check.sh: runs one real validator over every report of one kind in a directory.
#   check.sh emit DIR OUT_EMIT          write the synthetic reports (tests/validate/out_emit.c)
#   check.sh cli DIR STATUSLINT         write every format from one CLI run over a sample log
#   check.sh baseline DIR STATUSLINT    a baseline written today silences today's findings
#                                       tomorrow, after the lines shifted, and nothing else
#   check.sh KIND DIR                   validate: sarif codequality junit prometheus openmetrics
#                                       json jsonl text markdown (schemas: tests/validate/schemas)
# Exit 0 valid, 1 invalid, 77 (SKIPPED) when the validator is not installed.
set -u
kind=$1 dir=$2 arg=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
skip() { echo "SKIPPED: $1"; exit 77; }
fail() { echo "FAILED: $1"; exit 1; }

sample_log() {
    printf '%s\n' \
      '203.0.113.7 - - [24/Nov/2026:10:00:10 +0000] "GET /api/items HTTP/1.1" 207 90 "-" "curl/8"' \
      '203.0.113.7 - - [24/Nov/2026:10:00:11 +0000] "GET /x HTTP/1.1" 600 0 "-" "curl/8"' \
      '203.0.113.7 - - [24/Nov/2026:10:00:12 +0000] "POST /y HTTP/1.1" 302 0 "-" "curl/8"' \
      'garbage line' '' \
      '203.0.113.7 - - [24/Nov/2026:10:00:12 +0000] "GET /a%20b HTTP/1.1" 208 0 "-" "curl/8"'
    # hostile bytes: ESC, BEL, quotes, backslash, invalid UTF-8, <&>
    printf '203.0.113.7 - - [24/Nov/2026:10:00:13 +0000] "GET /\033[31m\007<&>\\\377 HTTP/1.1" 207 1 "-" "x\033]0;t\007"\n'
    printf '203.0.113.7 - - [24/Nov/2026:10:00:14 +0000] "PROPFIND /dav/ HTTP/1.1" 207 512 "-" "c"\n'
}

case $kind in
emit)
    rm -rf "$dir" && mkdir -p "$dir" && exec "$arg" "$dir" ;;
cli)
    mkdir -p "$dir" && cd "$dir" || exit 1
    mkdir -p logs && sample_log > "logs/access log.txt"
    "$arg" --no-progress -f sarif -o cli-report.sarif -f codequality -o cli-code-quality.json \
        -f junit -o cli-junit.xml -f prometheus -o cli-metrics.prom -f openmetrics -o cli-metrics.om \
        -f jsonl -o cli-findings.jsonl -f json -o cli-report.json -f text -o cli-report.txt \
        -f github -o cli-github.txt -f markdown -o cli-report.md logs
    rc=$?
    [ $rc -le 1 ] || fail "statuslint exited $rc"
    for f in cli-report.sarif cli-code-quality.json cli-junit.xml cli-metrics.prom cli-metrics.om \
             cli-findings.jsonl cli-report.json cli-report.txt; do
        [ -s "$f" ] || fail "$f was not written"
    done
    [ -s cli-findings.jsonl ] || fail "no findings over the sample log"
    exit 0 ;;
baseline)
    rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1
    sample_log > today.log
    "$arg" --no-progress --write-baseline base.txt -f jsonl -o today.jsonl today.log
    [ $? -le 1 ] || fail "the first run failed"
    [ -s today.jsonl ] || fail "no findings today"
    { printf '198.51.100.1 - - [25/Nov/2026:10:00:00 +0000] "GET /ok HTTP/1.1" 200 5 "-" "c"\n'
      cat today.log
      printf '198.51.100.1 - - [25/Nov/2026:10:00:01 +0000] "GET /new-one HTTP/1.1" 207 90 "-" "c"\n'
    } > tomorrow.log
    "$arg" --no-progress --baseline base.txt -f jsonl -o tomorrow.jsonl -f sarif -o tomorrow.sarif tomorrow.log
    [ $? -le 1 ] || fail "the second run failed"
    grep -q '/new-one' tomorrow.jsonl || fail "the new finding was not reported"
    if grep -v '/new-one' tomorrow.jsonl | grep -q .; then fail "a baselined finding came back"; fi
    grep -q '"baselineState":"unchanged"' tomorrow.sarif || fail "SARIF does not mark baselined results"
    echo "baseline: OK"
    exit 0 ;;
esac

[ -d "$dir" ] || fail "$dir missing (the emit/cli fixtures did not run)"
cd "$dir" || exit 1
status=0 n=0
run() { n=$((n + 1)); "$@" || status=1; }
case $kind in
sarif|codequality)
    $PY -c 'import jsonschema' 2>/dev/null || skip "python3-jsonschema is not installed"
    if [ "$kind" = sarif ]; then pat='*.sarif' schema=$here/schemas/sarif-schema-2.1.0.json
    else pat='*code-quality*.json' schema=$here/schemas/gitlab-codequality.schema.json; fi
    for f in $pat; do run $PY "$here/validate.py" "$kind" "$f" "$schema"; done ;;
json)  for f in *report.json; do run $PY "$here/validate.py" json "$f"; done ;;
jsonl) for f in *.jsonl; do run $PY "$here/validate.py" jsonl "$f"; done ;;
text)  for f in *.txt; do run $PY "$here/validate.py" text "$f"; done ;;
junit)
    command -v xmllint >/dev/null || skip "xmllint is not installed"
    for f in *junit.xml; do run xmllint --noout --schema "$here/schemas/jenkins-xunit-junit-10.xsd" "$f"; done ;;
prometheus)
    command -v promtool >/dev/null || skip "promtool is not installed"
    for f in *.prom; do
        n=$((n + 1))
        out=$(promtool check metrics < "$f" 2>&1); rc=$?
        if [ $rc -ne 0 ] || [ -n "$out" ]; then echo "$f: rc=$rc $out"; status=1; else echo "$f: OK"; fi
    done ;;
markdown)
    command -v cmark-gfm >/dev/null || skip "cmark-gfm is not installed"
    for f in *.md; do run $PY "$here/markdown_check.py" "$f"; done ;;
openmetrics)
    $PY -c 'import prometheus_client.openmetrics.parser' 2>/dev/null || skip "python3-prometheus-client is not installed"
    for f in *.om; do run $PY "$here/om_check.py" "$f"; done ;;
*) fail "unknown kind $kind" ;;
esac
[ $n -gt 0 ] || fail "no $kind reports found in $dir"
exit $status
