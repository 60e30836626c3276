# On a terminal the progress bar is erased before anything else is written there: findings
# printed to the same terminal start on a clean line, never after the bar. For compressed
# input the bar also shows the decompressed rate.
command -v script >/dev/null || { echo "SKIPPED: no script(1) to give a terminal" >&2; exit 0; }
/usr/bin/python3 -c "import sys; sys.stdout.buffer.write(open('samples/combined.log','rb').read() * 2000)" | gzip -1 > "$TMPDIR/big.log.gz"
CI= script -qec "statuslint -j1 --color never --exit-zero $TMPDIR/big.log.gz" /dev/null > "$TMPDIR/tty"
# replay the bytes as a terminal shows them: \r returns to column 0, later text overwrites
/usr/bin/python3 - "$TMPDIR/tty" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read().decode('utf-8', 'replace')
screen, line, col, bars = [], [], 0, 0
for ch in data:
    if ch == '\r':
        col = 0
    elif ch == '\n':
        screen.append(''.join(line).rstrip()); line, col = [], 0
    else:
        if col < len(line): line[col] = ch
        else: line.append(ch)
        col += 1
screen.append(''.join(line).rstrip())
bars = data.count('ETA')
mixed = [l for l in screen if 'ETA' in l and ('error:' in l or 'warning:' in l or 'info:' in l)]
print('bar drawn' if bars else 'no bar drawn')
print('decompressed rate shown' if 'MB/s decompressed' in data else 'no decompressed rate')
print('findings on the bar line: %d' % len(mixed))
print('bar left on screen: %d' % sum('ETA' in l for l in screen))
print('findings shown' if any(' error: ' in l for l in screen) else 'no findings shown')
PY
