#!/usr/bin/env bash
# Builds self-contained kubectl-harden executables for the five krew platforms with Bun's
# `--compile` (the Bun runtimes come from the npm registry, nothing else is downloaded),
# packs them as krew archives and writes the krew manifest with each archive's sha256.
#
#   release.sh [project-dir] [out-dir]        (npm run release)
#     project-dir  a checkout with `npm ci` done (default: this script's parent directory)
#     out-dir      where the executables, archives, SHA256SUMS and harden.yaml go
#                  (default: <project-dir>/release)
#
#   MANIFEST_OUT      where the krew manifest is also written (default: <project-dir>/krew-manifest.yaml,
#                     so the checked-in manifest always carries the hashes of the last release build)
#   BUN_VERSION       Bun release to embed (default below); the same for every target
#   RELEASE_URL_BASE  where the archives will be downloadable from; the manifest's uri is
#                     $RELEASE_URL_BASE/<archive> (default: the GitHub release of the tag)
#   HARDEN_CACHE      cache root for the Bun runtimes (default: ~/.cache/kubectl-harden)
#   SOURCE_DATE_EPOCH archive timestamps (default: the last commit's time, else 0)
#   RELEASE_SKIP_BUILD  set to use dist/ as it is instead of running tsc first
#
# Needs: bash, tar, gzip, zip, sha256sum, npm (to fetch the runtimes) and the project's own
# Node (node_modules/.bin/node) for tsc and the Mach-O signer.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
project="$(cd "${1:-$here/..}" && pwd -P)"
out="${2:-$project/release}"
scripts="$here"; [ -f "$scripts/bun-compile.mjs" ] || scripts="$here/scripts"   # bun-compile.mjs, macho-adhoc-sign.mjs
BUN_VERSION="${BUN_VERSION:-1.4.5}"
cache="${HARDEN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubectl-harden}/bun-runtimes/$BUN_VERSION"
node="$project/node_modules/.bin/node"

version="$("$node" -p "require('$project/package.json').version")"
tag="v$version"
if ! grep -q "version = '$version'" "$project/source/version.ts"; then
  echo "release: source/version.ts does not say $version (package.json does)" >&2
  exit 1
fi
url_base="${RELEASE_URL_BASE:-https://github.com/kubectl-harden/kubectl-harden/releases/download/$tag}"
manifest_out="${MANIFEST_OUT:-$project/krew-manifest.yaml}"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git -C "$project" log -1 --format=%ct 2>/dev/null || echo 0)}"

# platform (krew os/arch) : Bun compile target : @oven package : runtime file in it
targets=(
  "linux/amd64:bun-linux-x64:bun-linux-x64:bun"
  "linux/arm64:bun-linux-arm64:bun-linux-aarch64:bun"
  "darwin/amd64:bun-darwin-x64:bun-darwin-x64:bun"
  "darwin/arm64:bun-darwin-arm64:bun-darwin-aarch64:bun"
  "windows/amd64:bun-windows-x64:bun-windows-x64:bun.exe"
)

# 1. Runtimes: `npm pack` checks each tarball against the registry's integrity hash.
runtime() { # <@oven package name> -> path of its extracted package dir
  local pkg="$1" dir="$cache/$1"
  if [ ! -f "$dir/package/package.json" ]; then
    mkdir -p "$dir"
    local tgz
    tgz="$(cd "$dir" && npm pack --silent "@oven/$pkg@$BUN_VERSION" 2>/dev/null | tail -1)"
    tar -xzf "$dir/$tgz" -C "$dir"
    rm -f "$dir/$tgz"
  fi
  echo "$dir/package"
}
case "$(uname -s)/$(uname -m)" in
  Linux/x86_64) host_pkg=bun-linux-x64 ;;
  Linux/aarch64 | Linux/arm64) host_pkg=bun-linux-aarch64 ;;
  Darwin/x86_64) host_pkg=bun-darwin-x64 ;;
  Darwin/arm64) host_pkg=bun-darwin-aarch64 ;;
  *) echo "release: no Bun for this build machine ($(uname -s)/$(uname -m))" >&2; exit 1 ;;
esac
host_bun="$(runtime "$host_pkg")/bin/bun"

# 2. Build the program itself (RELEASE_SKIP_BUILD=1: dist/ is already built, as in the tests,
#    where other test files read dist/ while this runs).
if [ -z "${RELEASE_SKIP_BUILD:-}" ]; then
  (cd "$project" && "$node" node_modules/.bin/tsc -p .)
fi

rm -rf "$out"
mkdir -p "$out/bin"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

platforms_yaml=""
for spec in "${targets[@]}"; do
  IFS=: read -r platform target pkg runtime_file <<<"$spec"
  os="${platform%/*}"
  arch="${platform#*/}"
  exe=kubectl-harden
  [ "$os" = windows ] && exe=kubectl-harden.exe
  bin="$out/bin/${os}-${arch}/$exe"
  mkdir -p "$(dirname "$bin")"

  # 3. Compile: embed that platform's runtime from its npm package, so Bun downloads nothing.
  started=$(date +%s)
  (cd "$project" && HOME="$work" "$host_bun" "$scripts/bun-compile.mjs" dist/source/cli.js "$target" \
    "$(runtime "$pkg")/bin/$runtime_file" "$bin" dist/source/engine/probe-worker.js >/dev/null)
  # 4. macOS: Bun leaves darwin-x64 with the runtime's original, now wrong, signature
  #    (darwin-arm64 it signs itself); ad-hoc sign both so each has a valid signature.
  if [ "$os" = darwin ]; then
    "$node" "$scripts/macho-adhoc-sign.mjs" "$bin" kubectl-harden >/dev/null
  fi
  chmod 0755 "$bin"

  # 5. Archive: the executable and LICENSE at the top level, reproducible.
  stage="$work/stage-$os-$arch"
  mkdir -p "$stage"
  cp "$bin" "$stage/$exe"
  cp "$project/LICENSE" "$stage/LICENSE"
  touch -d "@$SOURCE_DATE_EPOCH" "$stage/$exe" "$stage/LICENSE"
  if [ "$os" = windows ]; then
    archive="kubectl-harden_${tag}_${os}_${arch}.zip"
    (cd "$stage" && zip -q -X -9 "$out/$archive" "$exe" LICENSE)
  else
    archive="kubectl-harden_${tag}_${os}_${arch}.tar.gz"
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
      -C "$stage" -cf - "$exe" LICENSE | gzip -n -9 > "$out/$archive"
  fi
  sha="$(sha256sum "$out/$archive" | cut -d' ' -f1)"
  printf '%-14s %-34s %4s MB exe, %4s MB archive, %ss\n' "$platform" "$archive" \
    "$(( $(stat -c %s "$bin") / 1048576 ))" "$(( $(stat -c %s "$out/$archive") / 1048576 ))" "$(( $(date +%s) - started ))" >&2

  platforms_yaml+="  - selector:
      matchLabels:
        os: $os
        arch: $arch
    uri: $url_base/$archive
    sha256: $sha
    bin: $exe
    files:
    - from: $exe
      to: .
    - from: LICENSE
      to: .
"
done
(cd "$out" && sha256sum ./*.tar.gz ./*.zip > SHA256SUMS)

# 6. The krew manifest. krew's validate-krew-manifest wants the file named after the plugin,
#    so the release directory holds harden.yaml; the same text is krew-manifest.yaml.
cat > "$out/harden.yaml" <<EOF
apiVersion: krew.googlecontainertools.github.com/v1alpha2
kind: Plugin
metadata:
  name: harden
spec:
  version: $tag
  homepage: https://github.com/kubectl-harden/kubectl-harden
  shortDescription: Walk through "Securing a Cluster" with live probes and fixes
  description: |
    kubectl harden walks you, section by section, through the Kubernetes guide
    "Securing a Cluster" (API access and TLS, authentication, RBAC, the kubelet,
    workload limits, Pod Security, network policies, etcd, audit logging, credential
    rotation, add-ons, encryption at rest, security updates, seccomp). For each
    section it probes your live cluster, explains every risk in plain words, and
    offers one-key fixes, previewed with a server-side dry-run and undoable.
    --report json prints the verdicts for scripts and CI instead of the walk.

    Permissions: probing is read-only and works with any identity; what it may not
    read is reported as unknown, never as a pass. A full report needs cluster-wide
    list on namespaces, pods, nodes, RBAC objects, Secrets (metadata, and bootstrap
    tokens in kube-system), NetworkPolicies, webhooks and APIServices, and get on
    /metrics and nodes/proxy. Each fix needs the writes it makes; the walk offers
    only the fixes your identity may apply.
  caveats: |
    Probing only reads the cluster. A fix writes to it only when you press its key
    in the walk (or run kubectl harden fix <check> --yes), after a server-side
    dry-run; each change is recorded in ~/.local/state/kubectl-harden/journal so
    that kubectl harden undo can reverse it. Files (the audit policy, an encryption
    configuration, a Markdown report) are written only to a path you confirm.
  platforms:
$platforms_yaml
EOF
cp "$out/harden.yaml" "$manifest_out"
echo "$out" >&2
