#!/usr/bin/env bash
# Installs the system packages and services the test suite needs (idempotent, quiet when already present).
# Called by .ci/run and by `npm test` (through scripts/run-tests.ts) so that `npm ci && npm test` is all it takes.
set -euo pipefail
need=()
command -v git >/dev/null || need+=(git)
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "provision: missing system packages: ${need[*]} (install them with apt-get)" >&2
    exit 1
  fi
fi
