# A run stopped early (its stdout reader left) does not replace report files: exit 2.
src=$PWD
mkdir "$TMPDIR/w" && cd "$TMPDIR/w"
for i in $(seq 2000); do cat "$src/samples/combined.log"; done > many.log
echo "previous" > m.prom
statuslint -q --no-progress -f text -f prometheus -o m.prom many.log 2> err | head -1 > /dev/null
echo "exit ${PIPESTATUS[0]}"
cat m.prom err
ls -A | grep -c '^\.' || true
