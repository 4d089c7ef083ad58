#!/usr/bin/env bash
# Builds what the test cluster needs for real nodes, pinned to the same Kubernetes release as
# kube-apiserver, into a cache outside the clone, and prints the directory that holds them:
# kube-controller-manager, kube-scheduler and hollow-node (scripts/hollow-node/main.go: the
# kubelet code over a fake container runtime, with its own configuration, TLS, auth and
# /configz). The cache key has the release and a hash of hollow-node's source, so a change to
# it builds it again. With HARDEN_NODE_BINS set, nothing is built and that directory is
# printed instead (it must hold the three binaries).
#
#   K8S_VERSION   Kubernetes release to build (default: the pinned one below)
#   HARDEN_CACHE  cache root (default: ${XDG_CACHE_HOME:-$HOME/.cache}/kubectl-harden)
set -euo pipefail

K8S_VERSION="${K8S_VERSION:-v1.37.2}"
here="$(cd "$(dirname "$0")" && pwd)"
binaries=(kube-controller-manager kube-scheduler hollow-node)

if [ -n "${HARDEN_NODE_BINS:-}" ]; then
  for b in "${binaries[@]}"; do
    if [ ! -x "$HARDEN_NODE_BINS/$b" ]; then
      echo "HARDEN_NODE_BINS is set to $HARDEN_NODE_BINS but $b is not there" >&2
      exit 1
    fi
  done
  echo "$HARDEN_NODE_BINS"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "Go is needed to build the test cluster's nodes (or set HARDEN_NODE_BINS)." >&2
  exit 1
fi

source_hash="$(sha256sum "$here/hollow-node/main.go" | cut -c1-12)"
cache="${HARDEN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubectl-harden}"
out="$cache/bin/k8s-$K8S_VERSION-nodes-$source_hash"
complete() {
  for b in "${binaries[@]}"; do
    [ -x "$out/$b" ] || return 1
  done
}
if complete; then
  echo "$out"
  exit 0
fi

source "$here/lib/k8s-module.sh"
build_lock "$out" complete

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export GOFLAGS=-mod=mod CGO_ENABLED=0

# The same module shape as kube-apiserver's build: k8s.io/kubernetes with each staging module
# replaced by its published v0.Y.Z.
minor_patch="${K8S_VERSION#v1.}"
mkdir -p "$work/nodes"
k8s_module "$work/nodes" harden.local/build/nodes "$K8S_VERSION"
cp "$here/hollow-node/main.go" "$work/nodes/main.go"
date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
vpkg="k8s.io/component-base/version"
ldflags="-s -w -X $vpkg.gitVersion=$K8S_VERSION -X $vpkg.gitMajor=1 -X $vpkg.gitMinor=${minor_patch%%.*} -X $vpkg.gitTreeState=clean -X $vpkg.buildDate=$date"
cd "$work/nodes"
for component in kube-controller-manager kube-scheduler; do
  echo "building $component $K8S_VERSION (first time on this machine: a few minutes)" >&2
  go build -ldflags "$ldflags" -o "$out/$component.tmp" "k8s.io/kubernetes/cmd/$component"
done
echo "building hollow-node $K8S_VERSION (first time on this machine: several minutes)" >&2
go mod tidy >/dev/null 2>&1 || true
go build -ldflags "$ldflags" -o "$out/hollow-node.tmp" .
for b in "${binaries[@]}"; do
  mv "$out/$b.tmp" "$out/$b"
done
echo "$out"
