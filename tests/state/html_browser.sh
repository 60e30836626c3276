#!/usr/bin/env bash
# html_browser.sh: the HTML report of `statuslint report` in a real headless Chromium: it
# loads with no network (the page's own CSP forbids it; chromium runs with the network
# off), logs no console error, and lays out every chart with something drawn in it (the
# page's script counts them into data-charts-drawn). A screenshot is kept as a test artifact
# in WORKDIR/report.png. Skips (exit 77) when chromium is absent.
# Usage: html_browser.sh STATUSLINT WORKDIR
set -euo pipefail
sl=$1 work=$2
chrome=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [[ -z $chrome ]]; then
  echo "SKIPPED: chromium is not installed (apt-get install chromium)"
  exit 77
fi
rm -rf "$work" && mkdir -p "$work" && cd "$work"
fail() { echo "FAIL: $*"; exit 1; }

# four nights of a small site, one run each
/usr/bin/python3 - <<'EOF'
import random, time
rng = random.Random(7)
kinds = [("GET", 200)] * 30 + [("GET", 404)] * 4 + [("POST", 500), ("GET", 207), ("PUT", 208),
         ("POST", 301), ("GET", 600), ("GET", 503), ("DELETE", 204)]
paths = ["/api/items/%d", "/api/orders/%d", "/dav/files/%d", "/login", "/static/app.js"]
M = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
for night in range(6):
    with open(f"night{night}.log", "w") as f:
        for i in range(3000):
            t = 1764460800 + night * 86400 + i * 28
            m, s = rng.choice(kinds)
            p = rng.choice(paths)
            p = p % rng.randrange(99) if "%d" in p else p
            tm = time.gmtime(t)
            f.write('198.51.100.%d - - [%02d/%s/%d:%02d:%02d:%02d +0000] "%s %s HTTP/1.1" %d 120 "-" "curl/8"\n'
                    % (rng.randrange(1, 30), tm.tm_mday, M[tm.tm_mon - 1], tm.tm_year, tm.tm_hour,
                       tm.tm_min, tm.tm_sec, m, p, s))
EOF
for n in 0 1 2 3 4 5; do
  "$sl" --state st.db --exit-zero -q -f json -o "run$n.json" "night$n.log"
done
"$sl" report --state st.db -f html -o report.html
grep -q '<svg' report.html || fail "no chart in report.html"
if grep -Eo '(src|href)="[^"#]+' report.html | grep -q .; then fail "report.html loads something"; fi

run_chrome() {
  # a fresh profile; no network; the page is a local file
  timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$work/profile" --no-first-run --disable-extensions \
    --proxy-server=127.0.0.1:9 --proxy-bypass-list='<-loopback>' "$@" "file://$work/report.html"
}
run_chrome --enable-logging=stderr --v=0 --dump-dom >dom.html 2>console.txt || fail "chromium failed: $(tail -5 console.txt)"
grep 'CONSOLE' console.txt >console-messages.txt || true
grep -q 'statuslint-report: [1-9][0-9]* charts drawn' console-messages.txt ||
  fail "the page's script did not run (console: $(cat console-messages.txt))"
if grep -Ei 'CONSOLE.*(error|uncaught|refused|failed)' console-messages.txt; then
  fail "console errors"
fi
drawn=$(grep -o 'data-charts-drawn="[0-9]*"' dom.html | grep -o '[0-9]*' || echo 0)
want=$(grep -o 'class="marks"' report.html | wc -l)
[[ $drawn -eq $want && $want -ge 3 ]] || fail "charts drawn: $drawn of $want"
run_chrome --window-size=1000,1400 --screenshot="$work/report.png" >/dev/null 2>&1 ||
  fail "no screenshot"
[[ -s report.png ]] || fail "empty screenshot"
echo "ok: $drawn charts drawn, no console error; screenshot in $work/report.png"
