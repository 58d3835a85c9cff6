#!/usr/bin/env bash
# The whole test suite on a fresh machine of this kind (Debian 12, .NET 10 SDK): installs what the tests need, then runs them.
# - Chromium for the end-to-end browser tests (Playwright drives Debian's /usr/bin/chromium; its own download never works here).
# - The NuGet restore happens inside `dotnet test`; TorchSharp's native fix is applied by the code itself at first use.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v chromium >/dev/null 2>&1; then
  echo "test.sh: installing Debian's chromium for the browser tests"
  if [ "$(id -u)" -eq 0 ]; then apt_get="apt-get"; else apt_get="sudo apt-get"; fi
  $apt_get update -qq
  DEBIAN_FRONTEND=noninteractive $apt_get install -y -qq chromium >/dev/null
fi

dotnet test MusicDashboard.sln -c Release --nologo "$@"
