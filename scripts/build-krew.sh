#!/usr/bin/env bash
# Builds krew and krew's own manifest validator from Go modules (pinned in scripts/krew/go.mod)
# into a cache outside the clone, and prints the directory that holds them. Used by the krew
# install test and the release steps; nothing is downloaded but Go modules.
#
#   HARDEN_CACHE  cache root (default: ${XDG_CACHE_HOME:-$HOME/.cache}/kubectl-harden)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
version="$(sed -n 's/^require sigs.k8s.io\/krew \(v[^ ]*\)$/\1/p' "$here/krew/go.mod")"
cache="${HARDEN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubectl-harden}"
out="$cache/bin/krew-$version"
if [ -x "$out/krew" ] && [ -x "$out/validate-krew-manifest" ]; then
  echo "$out"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "Go is needed to build krew $version from Go modules." >&2
  exit 1
fi
mkdir -p "$out"
exec 9>"$out/.build.lock"
flock 9   # two runs on one machine build once
if [ ! -x "$out/krew" ] || [ ! -x "$out/validate-krew-manifest" ]; then
  echo "building krew $version and validate-krew-manifest from Go modules (first time on this machine)" >&2
  # `go install module@version` cannot be used: the proxy refuses krew's version list, which
  # that form asks for. A module of our own that requires krew builds it from its go.sum.
  (cd "$here/krew" && GOFLAGS=-mod=mod GOBIN="$out.tmp" go install sigs.k8s.io/krew/cmd/krew sigs.k8s.io/krew/cmd/validate-krew-manifest)
  mv "$out.tmp/krew" "$out.tmp/validate-krew-manifest" "$out/"
  rmdir "$out.tmp"
fi
echo "$out"
