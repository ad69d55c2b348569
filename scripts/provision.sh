#!/usr/bin/env bash
# Installs the system packages and services the test suite needs (idempotent, quiet when already present).
# Called by `npm test` (its `provision` step), so that `npm ci && npm test` is all a fresh machine needs.
set -euo pipefail
need=()
command -v git >/dev/null || need+=(git)
# Prometheus for the canary-gate end-to-end tests. Tests start their own server (loopback, free port, temp
# storage), so the Debian service must not be started by the install (see the policy-rc.d guard below).
[ -x /usr/bin/prometheus ] || need+=(prometheus)
# Chromium for the dashboard's browser tests (test/browser/, driven by playwright-core; no chromedriver needed).
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    # Debian's invoke-rc.d asks policy-rc.d whether to start services; 101 = "do not". Only added when absent.
    added_policy=''
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
      added_policy=1
    fi
    trap 'if [ -n "$added_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi' EXIT
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${need[@]}" >/dev/null
  else
    echo "provision: missing system packages: ${need[*]} (install them with apt-get)" >&2
    exit 1
  fi
fi
# The test control plane (etcd, kube-apiserver, helm) built from Go modules and cached outside the repository
# (~/.cache/evohub-testenv); a no-op when cached. See docs/kubernetes.md.
bash "$(dirname "$0")/testenv/build.sh"
