#!/usr/bin/env bash
# check_install.sh BUILD_DIR WORK_DIR: `cmake --install` into WORK_DIR/usr puts every file in its
# FHS place and nothing elsewhere, the man pages are found by man and render, and the installed
# binary runs on the bundled samples.
set -u
build=$1 work=$2
src=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$work" && mkdir -p "$work"
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
cmake --install "$build" --prefix "$work/usr" > "$work/install.log" 2>&1 ||
  { cat "$work/install.log"; bad "cmake --install"; exit 1; }
p=$work/usr
[[ -x $p/bin/statuslint ]] && ok "bin/statuslint" || bad "bin/statuslint missing"
want=$(cd "$src/rules" && ls | sort) have=$(cd "$p/share/statuslint/rules" 2>/dev/null && ls | sort)
[[ -n $want && $want == "$have" ]] && ok "share/statuslint/rules = rules/" || bad "rules differ: $have"
man1=$(ls "$p"/share/man/man1/statuslint.1* 2>/dev/null) man5=$(ls "$p"/share/man/man5/statuslint-rules.5* 2>/dev/null)
[[ -n $man1 && -n $man5 ]] && ok "man1/statuslint.1, man5/statuslint-rules.5" || bad "man pages missing"
for f in share/bash-completion/completions/statuslint share/zsh/vendor-completions/_statuslint \
         share/fish/vendor_completions.d/statuslint.fish share/doc/statuslint/README.md \
         share/doc/statuslint/CHANGELOG.md share/doc/statuslint/rules.md \
         share/doc/statuslint/writing-rules.md; do
  [[ -s $p/$f ]] && ok "$f" || bad "$f missing"
done
for lic in LICENSE LICENSE.md LICENSE.txt COPYING; do
  if [[ -f $src/$lic ]]; then
    cmp -s "$src/$lic" "$p/share/doc/statuslint/$lic" && ok "licence $lic" || bad "licence $lic not installed"
  fi
done
stray=$(cd "$p" && find . -type f | grep -Ev '^\./(bin/statuslint|share/statuslint/rules/[^/]+|share/man/man[15]/statuslint[^/]*|share/bash-completion/completions/statuslint|share/zsh/vendor-completions/_statuslint|share/fish/vendor_completions.d/statuslint\.fish|share/doc/statuslint/[^/]+)$')
[[ -z $stray ]] && ok "nothing installed elsewhere" || bad "unexpected files: $stray"
if command -v man > /dev/null; then
  w=$(MANPATH=$p/share/man man -w statuslint 2>&1)
  [[ $w == "$p"/share/man/man1/statuslint.1* ]] && ok "man -w statuslint: ${w#"$work"/}" || bad "man -w statuslint: $w"
  w=$(MANPATH=$p/share/man man -w 5 statuslint-rules 2>&1)
  [[ $w == "$p"/share/man/man5/* ]] && ok "man -w 5 statuslint-rules" || bad "man -w 5 statuslint-rules: $w"
  for m in "$man1" "$man5"; do
    MANWIDTH=80 man -l "$m" 2> "$work/man.err" | grep -q '^NAME' && [[ ! -s $work/man.err ]] &&
      ok "man -l ${m##*/} renders" || bad "man -l ${m##*/}: $(head -3 "$work/man.err")"
  done
else
  echo "note: man is not installed; man -w not checked"
fi
"$p/bin/statuslint" --no-progress "$src/samples/" > "$work/samples.out" 2>&1
rc=$?
[[ $rc == 1 ]] && grep -q 'error: .*\[dav.208-top-level' "$work/samples.out" &&
  ok "installed statuslint samples/ exits 1 with findings" || bad "installed statuslint samples/: exit $rc"
((fails == 0)) || { echo "$fails check(s) failed"; exit 1; }
