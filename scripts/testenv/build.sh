#!/usr/bin/env bash
# Builds the test control plane's binaries (etcd, kube-apiserver, helm) from Go modules through the Go module
# proxy and caches them OUTSIDE the repository, keyed by version:
#   ${EVOHUB_TESTENV_CACHE:-$HOME/.cache/evohub-testenv}/<name>-<version>/<name>
# Idempotent: a binary already in the cache is not rebuilt. Atomic: each build goes to a temp dir that is renamed
# into place only when it succeeded, so an interrupted build never leaves a half-written binary behind.
#
# `go install pkg@version` cannot build these because their go.mod files carry `replace` directives, so each is
# built from a throwaway wrapper module that requires the release and (for kube-apiserver) replaces every
# staging module k8s.io/<m> with its published k8s.io/<m>@v0.X.Y.
#
# Usage: scripts/testenv/build.sh [etcd|kube-apiserver|helm ...]   (default: all three)
# Env:   EVOHUB_TESTENV_CACHE        cache root (default $HOME/.cache/evohub-testenv)
#        EVOHUB_KUBE_VERSION         k8s.io/kubernetes release (default: versions.env)
#        EVOHUB_ETCD_VERSION         go.etcd.io/etcd/server/v3 release (default: versions.env)
#        EVOHUB_HELM_VERSION         helm.sh/helm/v3 release (default: versions.env)
#        EVOHUB_TESTENV_GO_PARALLEL  go build -p (default 1, 2 under CI=true; builds always run under nice 19)
set -euo pipefail

# shellcheck source=versions.env
. "$(dirname "$0")/versions.env"
KUBE_VERSION="${EVOHUB_KUBE_VERSION:-$KUBE_VERSION}"
ETCD_VERSION="${EVOHUB_ETCD_VERSION:-$ETCD_VERSION}"
HELM_VERSION="${EVOHUB_HELM_VERSION:-$HELM_VERSION}"
CACHE="${EVOHUB_TESTENV_CACHE:-$HOME/.cache/evohub-testenv}"
# -p 1 on a developer's shared machine; CI provisions before any test runs, so it may use both cores.
if [ "${CI:-}" = true ]; then default_parallel=2; else default_parallel=1; fi
PARALLEL="${EVOHUB_TESTENV_GO_PARALLEL:-$default_parallel}"

GO="${GO:-$(command -v go || echo /usr/local/go/bin/go)}"
[ -x "$GO" ] || { echo "testenv: go not found (expected /usr/local/go/bin/go)" >&2; exit 1; }
# Module and build caches stay outside the repository (Go's defaults are under $HOME already; make it explicit).
export GOMODCACHE="${GOMODCACHE:-$("$GO" env GOMODCACHE)}"
export GOCACHE="${GOCACHE:-$("$GO" env GOCACHE)}"
export GOFLAGS="-mod=mod -p=$PARALLEL -trimpath"
export CGO_ENABLED=0
export GOWORK=off

mkdir -p "$CACHE"

log() { printf 'testenv: %s\n' "$*" >&2; }

# install <name> <version> <builder-fn>: skip when cached, else build into a temp dir and rename it into place.
install() {
  local name="$1" version="$2" builder="$3"
  local dest="$CACHE/$name-$version" lock_fd=""
  if [ -x "$dest/$name" ]; then
    log "$name $version cached at $dest/$name"
    return 0
  fi
  # One build per binary at a time: a concurrent caller waits for it instead of building the same thing again.
  if command -v flock >/dev/null; then
    exec {lock_fd}>"$CACHE/.lock-$name-$version"
    flock "$lock_fd"
    if [ -x "$dest/$name" ]; then
      log "$name $version built meanwhile by another run: $dest/$name"
      exec {lock_fd}>&-
      return 0
    fi
  fi
  local tmp
  tmp="$(mktemp -d "$CACHE/.build-$name-$version.XXXXXX")"
  local start=$SECONDS
  log "building $name $version (cold builds take minutes) ..."
  if ! "$builder" "$version" "$tmp"; then
    rm -rf "$tmp"
    log "FAILED building $name $version"
    return 1
  fi
  rm -rf "$tmp/src"
  chmod 755 "$tmp" # mktemp -d makes it 0700; the cache is shared by whoever runs the tests
  # A leftover dest without its binary (deleted by hand) would block the rename; under the lock it is ours to replace.
  if [ -e "$dest" ] && [ ! -x "$dest/$name" ] && [ -n "$lock_fd" ]; then rm -rf "$dest"; fi
  # rename is atomic; if a concurrent build (without flock) won the race, keep theirs.
  if ! mv -T "$tmp" "$dest" 2>/dev/null; then
    rm -rf "$tmp"
  fi
  [ -x "$dest/$name" ] || { log "FAILED installing $name $version into $dest"; return 1; }
  log "built $name $version in $((SECONDS - start))s -> $dest/$name"
  if [ -n "${lock_fd:-}" ]; then exec {lock_fd}>&-; fi
}

gobuild() { nice -n 19 "$GO" build -ldflags='-s -w' "$@"; }

build_kube_apiserver() {
  local version="$1" out="$2" src="$2/src"
  local minor="v0.${version#v1.}"
  mkdir -p "$src"
  local gomod
  gomod="$(cd "$src" && "$GO" mod download -json "k8s.io/kubernetes@$version" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",*$/\1/p')"
  [ -f "$gomod" ] || { log "could not download k8s.io/kubernetes@$version"; return 1; }
  {
    echo "module evohub.local/testenv/kube-apiserver"
    echo
    echo "go $(sed -n 's/^go //p' "$gomod")"
    echo
    echo "require k8s.io/kubernetes $version"
    echo
    # Every staging module the release replaces with ./staging/src/k8s.io/<m> is published as k8s.io/<m>@v0.X.Y.
    sed -n 's#^[[:space:]]*\(k8s.io/[A-Za-z0-9._-]*\) => ./staging/.*#replace \1 => \1 '"$minor"'#p' "$gomod"
  } >"$src/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "k8s.io/kubernetes/cmd/kube-apiserver"\n' >"$src/tools.go"
  # What /version reports (a module build has no git metadata; Kubernetes' own build sets these the same way).
  local major="${version#v}" minor_n
  major="${major%%.*}"
  minor_n="${version#v*.}"
  minor_n="${minor_n%%.*}"
  local pkg=k8s.io/component-base/version
  local ldflags="-s -w -X $pkg.gitVersion=$version -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor_n -X $pkg.gitTreeState=clean"
  (cd "$src" && "$GO" mod tidy >/dev/null &&
    gobuild -ldflags="$ldflags" -o "$out/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver)
}

build_etcd() {
  local version="$1" out="$2" src="$2/src"
  mkdir -p "$src"
  # The etcd binary's main (the root module go.etcd.io/etcd/v3) is just etcdmain.Main(os.Args); requiring only the
  # server module at its release means its relative replaces are ignored and published modules are used.
  printf 'module evohub.local/testenv/etcd\n\ngo 1.26\n\nrequire go.etcd.io/etcd/server/v3 %s\n' "$version" >"$src/go.mod"
  cat >"$src/main.go" <<'EOF'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
EOF
  (cd "$src" && "$GO" mod tidy >/dev/null && gobuild -o "$out/etcd" .)
}

build_helm() {
  local version="$1" out="$2" src="$2/src"
  mkdir -p "$src"
  printf 'module evohub.local/testenv/helm\n\ngo 1.26\n\nrequire helm.sh/helm/v3 %s\n' "$version" >"$src/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "helm.sh/helm/v3/cmd/helm"\n' >"$src/tools.go"
  (cd "$src" && "$GO" mod tidy >/dev/null && gobuild -ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$version" \
    -o "$out/helm" helm.sh/helm/v3/cmd/helm)
}

targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(etcd kube-apiserver helm)
total=$SECONDS
for t in "${targets[@]}"; do
  case "$t" in
    etcd) install etcd "$ETCD_VERSION" build_etcd ;;
    kube-apiserver) install kube-apiserver "$KUBE_VERSION" build_kube_apiserver ;;
    helm) install helm "$HELM_VERSION" build_helm ;;
    *) log "unknown target '$t' (known: etcd, kube-apiserver, helm)"; exit 2 ;;
  esac
done
log "done in $((SECONDS - total))s (cache: $CACHE)"
