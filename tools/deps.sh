# tools/deps.sh -- sourced by tools/demo and tools/test: make sure the Debian packages are there.
#
#   taylordiag_deps <package>...
# Checks each package with `dpkg -s`. If some are missing: as root, runs `apt-get update` once
# and installs them; as another user, prints the exact apt-get line and returns 1.
# On systems without dpkg (not Debian/Ubuntu) it only checks that cmake and a compiler exist.
# Set TAYLORDIAG_NO_APT=1 to never touch apt (missing packages are then an error).

# The packages of each use; tools/* pick the list they need.
TAYLORDIAG_DEPS_BUILD=(cmake make g++ libxsimd-dev libtbb-dev)
# gfortran: the Fortran example run by ctest (examples/fortran; skipped if absent). The C
# example needs gcc, which g++ already pulls in.
TAYLORDIAG_DEPS_TEST=("${TAYLORDIAG_DEPS_BUILD[@]}" googletest libgtest-dev libbenchmark-dev pkg-config
  gfortran)

taylordiag_deps() {
  if ! command -v dpkg >/dev/null 2>&1; then
    local tool
    for tool in cmake c++; do
      command -v "$tool" >/dev/null 2>&1 || { echo "taylordiag: '$tool' not found" >&2; return 1; }
    done
    echo "taylordiag: not a Debian system; assuming xsimd, oneTBB, GoogleTest, Google Benchmark" \
         "are installed (or configure with -DTAYLORDIAG_FETCH_DEPS=ON)" >&2
    return 0
  fi

  local missing=() pkg
  for pkg in "$@"; do
    if ! dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed'; then
      missing+=("$pkg")
    fi
  done
  if ((${#missing[@]} == 0)); then
    return 0
  fi

  local line="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
  if [[ $(id -u) -ne 0 || -n "${TAYLORDIAG_NO_APT:-}" ]]; then
    echo "taylordiag: missing Debian packages: ${missing[*]}" >&2
    echo "taylordiag: install them as root, then run this again:" >&2
    echo "  sudo sh -c '$line'" >&2
    return 1
  fi
  echo "taylordiag: installing missing Debian packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
}
