#!/usr/bin/env bash
# Builds the pinned kube-apiserver and etcd from Go modules into a cache outside the clone,
# and prints the directory that holds them. With KUBEBUILDER_ASSETS set (the envtest
# convention) nothing is built and that directory is printed instead.
#
#   K8S_VERSION   Kubernetes release to build (default: the pinned one below)
#   ETCD_VERSION  etcd release to build (default: the pinned one below)
#   HARDEN_CACHE  cache root (default: ${XDG_CACHE_HOME:-$HOME/.cache}/kubectl-harden)
set -euo pipefail

K8S_VERSION="${K8S_VERSION:-v1.37.2}"
ETCD_VERSION="${ETCD_VERSION:-v3.7.3}"

if [ -n "${KUBEBUILDER_ASSETS:-}" ]; then
  for b in kube-apiserver etcd; do
    if [ ! -x "$KUBEBUILDER_ASSETS/$b" ]; then
      echo "KUBEBUILDER_ASSETS is set to $KUBEBUILDER_ASSETS but $b is not there" >&2
      exit 1
    fi
  done
  echo "$KUBEBUILDER_ASSETS"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "Go is needed to build the test cluster's kube-apiserver and etcd (or set KUBEBUILDER_ASSETS)." >&2
  exit 1
fi

cache="${HARDEN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubectl-harden}"
out="$cache/bin/k8s-$K8S_VERSION-etcd-$ETCD_VERSION"
complete() {
  [ -x "$out/kube-apiserver" ] && [ -x "$out/etcd" ]
}
if complete; then
  echo "$out"
  exit 0
fi

source "$(dirname "$0")/lib/k8s-module.sh"
build_lock "$out" complete

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export GOFLAGS=-mod=mod CGO_ENABLED=0

# kube-apiserver: k8s.io/kubernetes replaces its staging modules with local paths, so it is
# built from a module of our own that replaces each of them with its published v0.Y.Z.
minor_patch="${K8S_VERSION#v1.}"
mkdir -p "$work/apiserver"
k8s_module "$work/apiserver" harden.local/build/apiserver "$K8S_VERSION"
major="1"
minor="${minor_patch%%.*}"
date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
vpkg="k8s.io/component-base/version"
ldflags="-s -w -X $vpkg.gitVersion=$K8S_VERSION -X $vpkg.gitMajor=$major -X $vpkg.gitMinor=$minor -X $vpkg.gitTreeState=clean -X $vpkg.buildDate=$date"
echo "building kube-apiserver $K8S_VERSION (first time on this machine: several minutes)" >&2
(cd "$work/apiserver" && go build -ldflags "$ldflags" -o "$out/kube-apiserver.tmp" k8s.io/kubernetes/cmd/kube-apiserver)

mkdir -p "$work/etcd"
{
  echo "module harden.local/build/etcd"
  echo
  echo "go 1.26"
  echo
  echo "require go.etcd.io/etcd/server/v3 $ETCD_VERSION"
} > "$work/etcd/go.mod"
echo "building etcd $ETCD_VERSION" >&2
(cd "$work/etcd" && go build -ldflags "-s -w" -o "$out/etcd.tmp" go.etcd.io/etcd/server/v3)

mv "$out/kube-apiserver.tmp" "$out/kube-apiserver"
mv "$out/etcd.tmp" "$out/etcd"
echo "$out"
