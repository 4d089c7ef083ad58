# Sourced by the build scripts. k8s_module writes a go.mod that requires k8s.io/kubernetes at a release
# and replaces each of its staging modules (./staging/...) with the published v0.Y.Z, since the
# kubernetes module cannot be built with its local replace paths.
#   k8s_module <dir> <module name> <K8S_VERSION>
k8s_module() {
  local dir="$1" name="$2" version="$3"
  local staging_version="v0.${version#v1.}"
  local kmod
  kmod="$(cd "$dir" && go mod download -json "k8s.io/kubernetes@$version" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
  {
    echo "module $name"
    echo
    echo "go 1.26"
    echo
    echo "require k8s.io/kubernetes $version"
    echo
    echo "replace ("
    grep -E '^\s*k8s\.io/[A-Za-z0-9._-]+ => \./staging/' "$kmod" | awk -v v="$staging_version" '{print "\t" $1 " => " $1 " " v}'
    echo ")"
  } > "$dir/go.mod"
}

# Waits for any other build into <out> (two test runs on one machine build once), then exits
# printing <out> if <check> now passes.
#   build_lock <out> <check command>
build_lock() {
  local out="$1"; shift
  mkdir -p "$out"
  exec 9>"$out/.build.lock"
  flock 9
  if "$@"; then
    echo "$out"
    exit 0
  fi
}
