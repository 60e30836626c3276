#!/usr/bin/env bash
# walks.sh STATUSLINT SCRATCH: directory walks over hostile trees end quickly and read each
# file once: self-symlinks (two of them made the log walk exponential), symlink loops, a
# file reached through several links, rule directories with self-links and /proc/self/.
# Each case runs under a time and output-size limit; exit 0 all good, 1 on any failure.
set -u
bin=$1 dir=$2
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1
fails=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fails=$((fails + 1)); }
line='203.0.113.7 - - [24/Nov/2026:10:00:00 +0000] "GET /x HTTP/1.1" 600 5 "-" "c"'
# run NAME CMD...: at most 20 s and 10 MB of stdout
run() {
  local name=$1; shift
  timeout 20 "$@" 2> "$name.err" | head -c 10000000 > "$name.out"
  local rc=${PIPESTATUS[0]}
  [[ $rc == 124 ]] && { bad "$name: still running after 20 s"; return 1; }
  return 0
}
# findings NAME: how many jsonl findings (one per line read)
findings() { grep -c '"rule":' "$1.out"; }

# two self-links: a -> ., b -> .
mkdir selflinks && echo "$line" > selflinks/access.log && ln -s . selflinks/a && ln -s . selflinks/b
if run selflinks "$bin" --no-progress -f jsonl --exit-zero selflinks; then
  n=$(findings selflinks); [[ $n == 1 ]] && ok "two self-links: the log is read once" || bad "two self-links: $n findings, expected 1"
fi

# a loop between two directories, and a deep chain of them
mkdir -p loop/x loop/y && echo "$line" > loop/x/access.log && ln -s ../y loop/x/to-y && ln -s ../x loop/y/to-x
if run loop "$bin" --no-progress -f jsonl --exit-zero loop; then
  n=$(findings loop); [[ $n == 1 ]] && ok "symlink loop: the log is read once" || bad "symlink loop: $n findings, expected 1"
fi

# one file behind three names (links and a hard link), plus the directory named twice
mkdir same && echo "$line" > same/access.log && ln -s access.log same/link1.log && ln same/access.log same/hard.log \
  && mkdir same/sub && ln -s ../access.log same/sub/link2.log
if run same "$bin" --no-progress -f jsonl --exit-zero same same/ same/access.log; then
  n=$(findings same); [[ $n == 1 ]] && ok "one file, four names: read once" || bad "one file, four names: $n findings, expected 1"
fi

# a symlink out of the file system (like /proc/self/root) is not followed
if [[ -d /proc/self ]]; then
  mkdir procs && echo "$line" > procs/access.log && ln -s /proc/self procs/self
  if run procs "$bin" --no-progress -f jsonl --exit-zero --include '*.log' procs; then
    n=$(findings procs); [[ $n == 1 ]] && ok "link to /proc/self: not followed" || bad "link to /proc/self: $n findings, expected 1"
  fi
fi

# rule directories: self-links, and /proc/self/ itself
mkdir -p ruledir && ln -s . ruledir/a && ln -s . ruledir/b
printf 'rules: [ruledir/]\n' > self.yml
if run ruleself "$bin" --config self.yml rules list; then
  grep -q 'core.status-out-of-range' ruleself.out && ok "rules: [dir/] with self-links" || bad "rules: [dir/] with self-links: $(head -3 ruleself.err)"
fi
# an empty rule directory (qsort of no names: undefined behaviour the sanitizers catch)
mkdir -p emptyrules && printf 'rules: [emptyrules/]\n' > empty.yml
if run ruleempty "$bin" --config empty.yml rules list; then
  grep -q 'core.status-out-of-range' ruleempty.out && ! grep -q 'runtime error' ruleempty.err \
    && ok "rules: [empty dir/]" || bad "rules: [empty dir/]: $(head -3 ruleempty.err)"
fi
if [[ -d /proc/self ]]; then
  printf 'rules: [/proc/self/]\n' > proc.yml
  # a settings file may only reach outside its tree when --config-root allows it
  if run ruleproc "$bin" --config proc.yml --config-root / rules list; then
    grep -q 'core.status-out-of-range' ruleproc.out && ok "rules: [/proc/self/]" || bad "rules: [/proc/self/]: $(head -3 ruleproc.err)"
  fi
  if run ruleproc2 "$bin" --rules /proc/self/ rules list; then
    grep -q 'core.status-out-of-range' ruleproc2.out && ok "--rules /proc/self/" || bad "--rules /proc/self/: $(head -3 ruleproc2.err)"
  fi
fi

# directories nested past the walk's depth limit: reported, not a crash
deep=deep; for i in $(seq 70); do deep=$deep/d; done; mkdir -p "$deep" && echo "$line" > "$deep/access.log"
if run deep "$bin" --no-progress -f jsonl --exit-zero deep; then
  grep -q 'nested more than' deep.err && ok "70 levels deep: reported" || bad "70 levels deep: $(head -3 deep.err)"
fi

echo "$fails failed"
[[ $fails == 0 ]]
