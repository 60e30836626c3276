#!/usr/bin/env bash
# setup-debian.sh: installs what statuslint needs to build and test on Debian 12, skipping
# packages already present. Runs apt-get as root (via sudo when not root).
set -euo pipefail
build_deps=(build-essential cmake pkg-config libpcre2-dev libcsv-dev libyaml-dev zlib1g-dev
            libzstd-dev libbz2-dev liblzma-dev libisal-dev libsqlite3-dev libmicrohttpd-dev)
test_deps=(python3 python3-yaml python3-jsonschema libxml2-utils prometheus python3-prometheus-client
           gzip zstd bzip2 xz-utils clang libclang-rt-14-dev valgrind prometheus-pushgateway curl cmark-gfm
           apache2 nginx bash-completion zsh fish man-db file lintian sqlite3 chromium clang-tidy
           python3-distributed parallel)
want=("${build_deps[@]}")
[[ ${1:-} == --test ]] && want+=("${test_deps[@]}")
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=; [[ $(id -u) == 0 ]] || sudo=sudo
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
echo "setup: all ${#want[@]} packages present"
