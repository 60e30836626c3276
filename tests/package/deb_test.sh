#!/usr/bin/env bash
# deb_test.sh: the Debian package as a user gets it. Builds a Release tree, packs it with CPack
# (dependencies from dpkg-shlibdeps), checks the package's fields and contents, installs it with
# `apt-get install ./statuslint_*.deb`, runs /usr/bin/statuslint on samples/, checks that man finds
# both pages and bash-completion the completion, then purges the package. Needs root (CI runs it
# after the test suites); lintian checks it when installed. BUILD_DIR (default build-deb),
# CMAKE_ARGS as for check.sh.
# KEEP_INSTALLED=1 leaves the package installed.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD_DIR:-build-deb}
[[ $(id -u) == 0 ]] || { echo "deb_test.sh: needs root (it installs the package)"; exit 2; }
fail() { echo "FAIL $*"; exit 1; }
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF ${CMAKE_ARGS:-} > /dev/null
cmake --build "$build" -j"$(nproc)"
rm -f "$build"/statuslint_*.deb
(cd "$build" && cpack -G DEB > cpack.log 2>&1) || { cat "$build/cpack.log"; fail "cpack -G DEB"; }
deb=$(ls "$build"/statuslint_*.deb)
echo "== $deb"
dpkg-deb -f "$deb" Package Version Architecture Depends Section Installed-Size
depends=" $(dpkg-deb -f "$deb" Depends | sed 's/ *([^)]*)//g; s/,/ /g') "
for lib in libc6 libpcre2-8-0 libyaml-0-2 zlib1g libcsv3; do
  [[ $depends == *" $lib "* ]] || fail "Depends lacks $lib:$depends"
done
contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
for f in ./usr/bin/statuslint ./usr/share/man/man1/statuslint.1.gz ./usr/share/man/man5/statuslint-rules.5.gz \
         ./usr/share/bash-completion/completions/statuslint ./usr/share/zsh/vendor-completions/_statuslint \
         ./usr/share/fish/vendor_completions.d/statuslint.fish ./usr/share/doc/statuslint/README.md \
         ./usr/share/doc/statuslint/CHANGELOG.md ./usr/share/statuslint/rules/core.yml; do
  grep -qxF "$f" <<<"$contents" || fail "package lacks $f"
done
echo "ok   fields and contents"
# Debian's package checker. The three tags left out wait on project decisions: a maintainer
# address, a licence (for the copyright file) and a Debian-format changelog.
if command -v lintian > /dev/null; then
  lintian --suppress-tags malformed-contact,no-copyright-file,no-changelog "$deb" 2>&1 |
    grep -v 'running with root privileges' > "$build/lintian.log" || true
  [[ ! -s $build/lintian.log ]] || { cat "$build/lintian.log"; fail "lintian"; }
  echo "ok   lintian (malformed-contact, no-copyright-file, no-changelog aside)"
fi

if dpkg-query -W -f='${Status}' statuslint 2>/dev/null | grep -q 'install ok installed'; then
  fail "a statuslint package is already installed; remove it first (apt-get purge statuslint)"
fi
[[ -n ${KEEP_INSTALLED:-} ]] || trap 'DEBIAN_FRONTEND=noninteractive apt-get purge -y -q statuslint > /dev/null 2>&1 || true' EXIT
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "./$deb"
[[ $(command -v statuslint) == /usr/bin/statuslint ]] || fail "statuslint is not /usr/bin/statuslint"
/usr/bin/statuslint --version
set +e
/usr/bin/statuslint --no-progress samples/ > "$build/samples.out" 2>&1
rc=$?
set -e
[[ $rc == 1 ]] && grep -q 'error: .*\[dav.208-top-level' "$build/samples.out" ||
  { head -20 "$build/samples.out"; fail "/usr/bin/statuslint samples/ exited $rc"; }
echo "ok   /usr/bin/statuslint samples/ exits 1 with findings ($(grep -c ': error: ' "$build/samples.out") errors)"
if grep -rqs 'path-exclude=/usr/share/man' /etc/dpkg/dpkg.cfg.d/; then
  echo "note: this system's dpkg excludes /usr/share/man (/etc/dpkg/dpkg.cfg.d); man -w not checked"
else
  [[ $(man -w statuslint) == /usr/share/man/man1/statuslint.1.gz ]] || fail "man -w statuslint: $(man -w statuslint 2>&1)"
  [[ $(man -w 5 statuslint-rules) == /usr/share/man/man5/statuslint-rules.5.gz ]] || fail "man -w 5 statuslint-rules"
  echo "ok   man -w statuslint: $(man -w statuslint)"
fi
if [[ -f /usr/share/bash-completion/bash_completion ]]; then
  bash --norc -c 'source /usr/share/bash-completion/bash_completion
    __load_completion statuslint && complete -p statuslint' | grep -q _statuslint ||
    fail "bash-completion does not load the installed completion"
  echo "ok   bash-completion loads /usr/share/bash-completion/completions/statuslint"
fi
echo "deb_test.sh: $deb installs and runs"
