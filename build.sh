#!/usr/bin/env bash
# Build, run and test the Appliance registry. Usage: ./build.sh run|test|publish|dist|bench [args]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CONFIGURATION=${CONFIGURATION:-Release}
REGISTRY_PROJECT="$ROOT/src/Appliance.Registry/Appliance.Registry.csproj"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

package_manager() {
  if command -v dnf >/dev/null 2>&1; then echo dnf
  elif command -v apt-get >/dev/null 2>&1; then echo apt
  else echo unknown; fi
}

require_dotnet() {
  if command -v dotnet >/dev/null 2>&1 && dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then return; fi
  case $(package_manager) in
    dnf) die "the .NET 10 SDK is required: sudo dnf install -y dotnet-sdk-10.0" ;;
    apt) die "the .NET 10 SDK is required: on Debian add Microsoft's package feed (https://learn.microsoft.com/dotnet/core/install/linux-debian) and run: sudo apt-get install -y dotnet-sdk-10.0" ;;
    *) die "the .NET 10 SDK is required: https://learn.microsoft.com/dotnet/core/install/linux" ;;
  esac
}

# Test clients, and the tools the installer's E2E tests need for their systemd test hosts (tests/Appliance.Testing/TestHosts):
# installed when we are root, otherwise the exact command to run is printed.
require_test_clients() {
  local missing=() tool pm; pm=$(package_manager)
  for tool in skopeo:skopeo podman:podman buildah:buildah openssl:openssl haproxy:haproxy prometheus:$(prometheus_package "$pm") $(postgres_server "$pm") $(browser_tools "$pm") $(daemon_clients "$pm") $(e2e_tools "$pm") $(ceph_tools "$pm") $(directory_and_upstream "$pm"); do
    command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool##*:}")
  done
  [ ${#missing[@]} -eq 0 ] && return
  if [ "$(id -u)" = 0 ]; then
    say "installing test tools: ${missing[*]}"
    case $pm in
      apt) apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null ;;
      dnf) dnf install -y -q "${missing[@]}" ;;
      *) die "cannot install ${missing[*]}: no apt-get or dnf on this machine" ;;
    esac
  else
    case $pm in
      apt) die "tests need ${missing[*]}: sudo apt-get install -y ${missing[*]}" ;;
      dnf) die "tests need ${missing[*]}: sudo dnf install -y ${missing[*]}" ;;
      *) die "tests need ${missing[*]}" ;;
    esac
  fi
}

# The metrics test scrapes the registry with a real Prometheus: Debian's package, Fedora/EPEL's golang-github-prometheus.
prometheus_package() { [ "$1" = dnf ] && echo golang-github-prometheus || echo prometheus; }

# The PostgreSQL metadata tests start throw-away clusters with the server's initdb and pg_ctl (not on PATH on Debian).
postgres_server() { [ "$1" = dnf ] && echo initdb:postgresql-server || echo pg_ctlcluster:postgresql; }

# The console's browser tests drive headless Chromium through Selenium's chromedriver.
browser_tools() { [ "$1" = dnf ] && echo "chromium-browser:chromium chromedriver:chromedriver" || echo "chromium:chromium chromedriver:chromium-driver"; }

# command:package pairs for docker and containerd: the client tests start daemons of their own, which needs root.
# dockerd's package brings the docker CLI of the same release. moby-engine is Fedora's name; RHEL ships neither.
daemon_clients() {
  [ "$(id -u)" = 0 ] || return 0
  case $1 in
    dnf) echo "dockerd:moby-engine containerd:containerd ctr:containerd" ;;
    *) echo "dockerd:docker.io containerd:containerd ctr:containerd" ;;
  esac
}

# The S3 blob store's tests run a throw-away Ceph (monitor, memstore OSD, RADOS gateway) as plain processes.
ceph_tools() {
  case $1 in
    dnf) echo "ceph-mon:ceph-mon ceph-osd:ceph-osd radosgw:ceph-radosgw ceph:ceph-common" ;;
    *) echo "ceph-mon:ceph-mon ceph-osd:ceph-osd radosgw:radosgw ceph:ceph-common" ;;
  esac
}

# A real OpenLDAP for directory logins (slapd, and ldapmodify to change it during a test) and CNCF distribution as an
# upstream and a source of distribution storage trees (Debian's docker-registry; Fedora packages it as docker-distribution
# with another command name, which the tests do not look for); tinyproxy as the HTTPS proxy upstreams are reached through.
directory_and_upstream() {
  case $1 in
    dnf) echo "slapd:openldap-servers ldapmodify:openldap-clients tinyproxy:tinyproxy" ;;
    *) echo "slapd:slapd ldapmodify:ldap-utils docker-registry:docker-registry tinyproxy:tinyproxy" ;;
  esac
}

# command:package pairs for the E2E test hosts; only root can boot them, so other users are not asked for them.
e2e_tools() {
  [ "$(id -u)" = 0 ] || return 0
  case $1 in
    dnf) echo "systemd-nspawn:systemd-container debootstrap:debootstrap ssh:openssh-clients ssh-keygen:openssh-clients ip:iproute unshare:util-linux" ;;
    *) echo "systemd-nspawn:systemd-container debootstrap:debootstrap ssh:openssh-client ssh-keygen:openssh-client ip:iproute2 unshare:util-linux" ;;
  esac
}

# The arm64 release's test runs it under qemu-user on this machine: the emulator and Debian's arm64 C, C++ and
# OpenSSL libraries (multiarch) for its dynamic loader. Installed when we are root on Debian; otherwise that test skips.
require_arm64_emulation() {
  [ "$(id -u)" = 0 ] && [ "$(package_manager)" = apt ] || return 0
  if command -v qemu-aarch64-static >/dev/null 2>&1 && [ -e /lib/ld-linux-aarch64.so.1 ] \
    && dpkg-query -W 'libstdc++6:arm64' 'libssl3*:arm64' >/dev/null 2>&1; then return; fi
  say "installing arm64 emulation: qemu-user-static and Debian's arm64 libc6, libstdc++6, libssl3"
  dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
  apt-get update -qq
  # Debian 13 renamed libssl3 to libssl3t64.
  local ssl=libssl3; apt-cache show libssl3t64:arm64 >/dev/null 2>&1 && ssl=libssl3t64
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-user-static libc6:arm64 libstdc++6:arm64 "$ssl:arm64" >/dev/null
}

cmd_run() {
  require_dotnet
  say "building the registry ($CONFIGURATION)"
  dotnet build "$REGISTRY_PROJECT" -c "$CONFIGURATION" -v quiet -nologo >/dev/null
  local args=("$@")
  [[ " ${args[*]} " == *" --data "* ]] || args+=(--data "$ROOT/data")
  say "starting the registry (HTTPS on 0.0.0.0:8443 unless --listen says otherwise; Ctrl-C stops it)"
  exec dotnet "$ROOT/src/Appliance.Registry/bin/$CONFIGURATION/net10.0/appliance-registry.dll" "${args[@]}"
}

cmd_test() {
  require_dotnet
  require_test_clients
  require_arm64_emulation
  local log; log=$(mktemp)
  say "building ($CONFIGURATION)"
  dotnet build "$ROOT/Appliance.sln" -c "$CONFIGURATION" -nologo -v quiet
  # The installer's tests install the release tarballs. Built here, before the test projects run side by side, they
  # take 3-4 minutes; inside the tests' fixture they competed with every other suite for the 2 cores.
  [ "$(id -u)" = 0 ] && cmd_dist
  say "running tests"
  local status=0 logs=("$log") project
  dotnet test --solution "$ROOT/Appliance.sln" -c "$CONFIGURATION" --no-build "$@" 2>&1 | tee "$log" || status=$?
  # The same API and client tests on the scale-out engines (S3 blobs in a throw-away Ceph, metadata in a throw-away
  # PostgreSQL); tests about files in the data directory themselves carry [Trait("Engines", "default-only")].
  for project in Appliance.Registry.Tests Appliance.Clients.Tests; do
    say "running $project again with APPLIANCE_TEST_BACKEND=s3+postgres"
    logs+=("$(mktemp)")
    APPLIANCE_TEST_BACKEND=s3+postgres dotnet test --project "$ROOT/tests/$project/$project.csproj" -c "$CONFIGURATION" --no-build "$@" \
      --filter-not-trait "Engines=default-only" 2>&1 | tee "${logs[-1]}" || status=$?
  done
  summarize "${logs[@]}" || status=1
  rm -f "${logs[@]}"
  return $status
}

# Turns the test platform's closing summaries (one per pass) into the one line CI reads. A skip whose reason is not
# allowed here (allowed_skips) is printed and counted as failed instead of skipped, and makes this return 1: a green
# run must not hide a test that did not run.
summarize() {
  local passed=0 failed=0 skipped=0 log disallowed=0 skip
  for log in "$@"; do
    [ -n "$(count total "$log")" ] || { echo "0 passed, 1 failed (no test summary was printed)"; return; }
    local errors; errors=$(count error "$log")
    # "error: N" is a test process that failed outside any test (e.g. it did not exit in time): a failure too.
    passed=$((passed + $(count succeeded "$log"))); failed=$((failed + $(count failed "$log") + ${errors:-0})); skipped=$((skipped + $(count skipped "$log")))
  done
  failed_tests "$@"
  while IFS= read -r skip; do
    echo "not allowed to skip here: $skip"
    disallowed=$((disallowed + 1))
  done < <(disallowed_skips "$@")
  echo "$passed passed, $((failed + disallowed)) failed, $((skipped - disallowed)) skipped"
  [ $disallowed -eq 0 ]
}
count() { sed -n "s/^ *$1: *\([0-9]*\).*/\1/p" "$2" | tail -n 1; }

# The skips a test run may contain in this environment, as texts their reasons contain; README's "Allowed skips" says
# why. As root with the tools ./build.sh test installs (on Debian), there are none.
allowed_skips() {
  if [ "$(id -u)" != 0 ]; then
    echo 'test hosts need root'      # the installer's end-to-end tests boot systemd-nspawn hosts
    echo 'which needs root'          # the docker and containerd tests start daemons of their own
    echo 'needs root to mount'       # the disk-full test mounts a small tmpfs
  fi
  # The arm64 release's emulation is installed only as root on Debian (require_arm64_emulation).
  if [ "$(id -u)" != 0 ] || [ "$(package_manager)" != apt ]; then
    echo 'qemu-user-static is not installed'
    echo 'the arm64 C library is not installed'
  fi
}

# "<test>: <reason>" for each skipped test in the logs whose reason allowed_skips does not allow.
disallowed_skips() {
  local test reason pattern allowed
  while IFS=$'\t' read -r test reason; do
    allowed=no
    while IFS= read -r pattern; do [[ $reason == *"$pattern"* ]] && allowed=yes; done < <(allowed_skips)
    [ $allowed = yes ] || echo "$test: $reason"
  done < <(skipped_tests "$@")
}

# Each failed test with the first lines of its message, repeated at the end: CI shows only the end of a long log.
failed_tests() {
  sed 's/\x1b\[[0-9;]*m//g' "$@" | awk '/^failed [A-Za-z]/ { n = 8; print "==> " $0; next } n > 0 { n--; print }'
}

# The test platform prints a skipped test as "skipped <test>" and its reason indented on the next line.
skipped_tests() {
  sed 's/\x1b\[[0-9;]*m//g' "$@" | awk '/^skipped / { test = substr($0, 9); getline; sub(/^ +/, ""); print test "\t" $0 }'
}

# The peer registry and load generators for the benchmark, from the distribution's packages.
require_bench_tools() {
  local missing=() tool package
  for tool in docker-registry:docker-registry wrk:wrk hey:hey skopeo:skopeo openssl:openssl $(postgres_server apt) $(ceph_tools apt); do
    command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool##*:}")
  done
  [ ${#missing[@]} -eq 0 ] && return
  if [ "$(id -u)" = 0 ] && [ "$(package_manager)" = apt ]; then
    say "installing benchmark tools: ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    die "the benchmark needs ${missing[*]} (Debian: sudo apt-get install -y ${missing[*]})"
  fi
}

# Measures the release as shipped: the server and installer from the tarball's directory.
cmd_bench() {
  require_dotnet
  require_bench_tools
  dist_tarball x64 x86_64
  local release; release="$(release_directory)/"
  say "building the benchmark"
  dotnet build "$ROOT/tests/Appliance.Benchmarks/Appliance.Benchmarks.csproj" -c Release -nologo -v quiet
  say "running the benchmark (our registry and CNCF distribution, side by side)"
  dotnet "$ROOT/tests/Appliance.Benchmarks/bin/Release/net10.0/Appliance.Benchmarks.dll" \
    --binary "${release}appliance-registry" --installer "${release}mirror-registry" \
    --results "$ROOT/tests/Appliance.Benchmarks/results" "$@"
}

cmd_publish() {
  require_dotnet
  say "publishing self-contained linux-x64 binary to dist/"
  dotnet publish "$REGISTRY_PROJECT" -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true -o "$ROOT/dist" -nologo
  say "dist/appliance-registry is ready (no .NET needed on the target)"
}

release_version() { sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$ROOT/Directory.Build.props"; }
release_directory() { echo "$ROOT/dist/mirror-registry-$(release_version)-linux-${1:-x64}"; }

# The release tarballs, one per architecture: .NET runtime identifier suffix, then the hosts' `uname -m`.
RELEASE_ARCHITECTURES=(x64:x86_64 arm64:aarch64)

cmd_dist() {
  require_dotnet
  local architecture
  for architecture in "${RELEASE_ARCHITECTURES[@]}"; do dist_tarball "${architecture%%:*}" "${architecture##*:}"; done
}

# One release tarball: self-contained installer and server, unit templates, VERSION. Installing from it never downloads.
# The x64 crossgen2 also compiles ReadyToRun code for arm64, so both releases start without waiting for the JIT.
dist_tarball() {
  local rid=linux-$1 machine=$2 version stage name project
  version=$(release_version); stage=$(release_directory "$1"); name=$(basename "$stage")
  rm -rf "$stage"; mkdir -p "$stage/systemd"
  say "publishing the server and the installer (self-contained $rid)"
  for project in "$REGISTRY_PROJECT" "$ROOT/installer/Appliance.Installer/Appliance.Installer.csproj"; do
    dotnet publish "$project" -c Release -r "$rid" --self-contained -p:PublishSingleFile=true -o "$stage" -nologo -v quiet -m:1 >/dev/null
  done
  rm -f "$stage"/*.pdb "$stage"/*.staticwebassets.endpoints.json
  require_machine "$machine" "$stage"/appliance-registry "$stage"/mirror-registry "$stage"/libe_sqlite3.so
  cp "$ROOT"/systemd/*.service "$stage/systemd/"
  echo "$version" >"$stage/VERSION"
  tar -C "$ROOT/dist" -czf "$ROOT/dist/$name.tar.gz" "$name"
  say "dist/$name.tar.gz is ready: tar xzf it on any Linux $machine host and run ./$name/mirror-registry install"
}

# A release must not carry a native file of another architecture (e.g. the build machine's SQLite library):
# the ELF header's e_machine (bytes 18-19, little-endian) names the processor a file runs on.
require_machine() {
  local machine=$1 file expected actual; shift
  case $machine in x86_64) expected="3e 00" ;; aarch64) expected="b7 00" ;; *) die "no ELF machine known for $machine" ;; esac
  for file in "$@"; do
    [ -f "$file" ] || die "$file is missing from the $machine release"
    actual=$(od -An -tx1 -j18 -N2 "$file" | xargs)
    [ "$actual" = "$expected" ] || die "$file is not a $machine binary (ELF machine bytes '$actual', expected '$expected')"
  done
}

case "${1:-}" in
  run) shift; cmd_run "$@" ;;
  test) shift; cmd_test "$@" ;;
  publish) shift; cmd_publish "$@" ;;
  dist) shift; cmd_dist ;;
  bench) shift; cmd_bench "$@" ;;
  *) echo "usage: ./build.sh run [--listen ADDR:PORT] [--data DIR] [--section:key value ...] | test [test args] | publish | dist | bench [--quick]" >&2; exit 2 ;;
esac
