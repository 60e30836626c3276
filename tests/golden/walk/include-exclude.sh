# --include / --exclude (repeatable) pick what a directory walk reads; the settings file's
# include: / exclude: add to them. A glob with a '/' matches the path below the directory;
# a trailing '/' matches directories only; an excluded directory is not entered. Files named on the command line are always read.
d=$TMPDIR/logs
mkdir -p "$d/old" "$d/2026"
line() { printf '203.0.113.7 - - [24/Nov/2026:10:00:00 +0000] "GET %s HTTP/1.1" 600 5 "-" "c"\n' "$1"; }
line /a > "$d/access.log"
line /b > "$d/other.log"
line /c > "$d/old/access.log"
line /d > "$d/2026/access.log"
line /e > "$d/notes.txt"
cd "$TMPDIR"
files() { statuslint --no-progress -q -f jsonl --exit-zero "$@" | sed 's/.*"file":"\([^"]*\)".*/\1/' | tr '\n' ' '; echo "(exit ${PIPESTATUS[0]})"; }
echo "all:            $(files logs)"
echo "include *.log:  $(files --include '*.log' logs)"
echo "and not old:    $(files --include '*.log' --exclude old logs)"
echo "dir only:       $(files --exclude 'old/' --exclude 'other.log/' logs)"
echo "two excludes:   $(files --exclude 'other*' --exclude '2026/*' logs)"
echo "named file:     $(files --exclude '*.txt' logs/notes.txt)"
printf 'include: ["*.log"]\nexclude:\n  - old/\n' > settings.yml
echo "settings:       $(files --config settings.yml logs)"
echo "settings + cli: $(files --config settings.yml --exclude 'other.log' logs)"
statuslint --include "" logs 2>&1; echo "empty glob: exit $?"
printf 'include: {a: b}\n' > bad.yml
statuslint --config bad.yml logs 2>&1; echo "bad settings: exit $?"
# --detect walks the same way
statuslint --detect --config settings.yml logs | grep -v "^ " | cut -d: -f1
