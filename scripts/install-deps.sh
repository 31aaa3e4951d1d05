#!/usr/bin/env bash
# Installs the Debian 12 packages winnow needs to build, test and benchmark.
# Idempotent: skips what is present, prints what it installs. Run as root (or with sudo available).
set -euo pipefail

packages=(
  build-essential   # g++ 12, make
  cmake
  pkg-config
  libcli11-dev      # command-line parsing
  libfmt-dev        # formatting
  zlib1g-dev        # .csv.gz input
  nlohmann-json3-dev  # JSON output
  libnlopt-cxx-dev  # L-BFGS for model fitting
  libeigen3-dev     # Hessian inversion for standard errors
  libboost-math-dev # lgamma, digamma, beta and friends; quadrature
  libboost-dev      # Boost.Multiprecision: the independent references of the tests; Boost.Beast (asio): winnow serve
  libtomlplusplus-dev # winnow.toml project settings
  libcpp-httplib-dev  # the HTTP client of the server tests (winnow serve itself is on Boost.Beast, in libboost-dev)
  libssl-dev        # winnow serve: SHA-256 (OpenSSL libcrypto) of the dashboard's script for its Content-Security-Policy
  chromium          # headless browser for the report and dashboard tests
  wrk               # HTTP load for bench/serve.sh
  libgtest-dev
  libgmock-dev
  libbenchmark-dev  # bench/ micro benchmarks
  clang             # make fuzz: clang 14 builds the libFuzzer targets of fuzz/
  libclang-rt-14-dev  # libFuzzer and the ASan/UBSan runtimes of clang 14
  llvm              # llvm-symbolizer: source lines in the fuzzers' reports
)

# Node.js and npm build the web bundle (web/); the machines of this project come with Node.js 20.
if ! command -v node >/dev/null 2>&1; then packages+=(nodejs); fi
if ! command -v npm >/dev/null 2>&1; then packages+=(npm); fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
if ! "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; then
  "${sudo_cmd[@]}" apt-get update
  "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi
