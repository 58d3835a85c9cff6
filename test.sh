#!/usr/bin/env bash
# The whole test suite on a fresh machine of this kind (Debian 12, .NET 10 SDK): installs what the tests need, then runs them.
# - Chromium for the end-to-end browser tests (Playwright drives Debian's /usr/bin/chromium; its own download never works here).
# - The NuGet restore happens inside `dotnet test`; TorchSharp's native fix is applied by the code itself at first use.
set -euo pipefail
cd "$(dirname "$0")"

# - PostgreSQL and Redis for the storage tests on PostgreSQL and the scale-out tests: the tests start throwaway servers of
#   their own from Debian's binaries (src/Core/Runtime/LocalPostgres.cs, LocalRedis.cs) on loopback at free ports; what the
#   packages start by themselves (a default cluster on 5432, a redis on 6379) is stopped, as nothing uses it.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing Debian's ${missing[*]} for the tests"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  if command -v pg_lsclusters >/dev/null 2>&1; then
    pg_lsclusters -h 2>/dev/null | while read -r version cluster _; do $sudo pg_ctlcluster "$version" "$cluster" stop 2>/dev/null || true; done
  fi
  $sudo service redis-server stop >/dev/null 2>&1 || true
fi

dotnet test MusicDashboard.sln -c Release --nologo "$@"
