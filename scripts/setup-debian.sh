#!/usr/bin/env bash
# Installs everything cnnkit needs to build, test and benchmark on Debian 12 (idempotent).
# Runs apt-get as root (directly, or through sudo when not root).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config   # toolchain
  libxsimd-dev xtl-dev libtbb-dev                # SIMD wrappers (xsimd's package config needs xtl), oneTBB
  libgtest-dev googletest libbenchmark-dev       # tests, benchmarks
  libcli11-dev nlohmann-json3-dev                # command lines (cnnkit-bench, train_convnet), cnnkit-bench's JSON
  libomp-14-dev                                  # LLVM OpenMP + Archer: OpenMP under ThreadSanitizer
  clang libclang-rt-14-dev                       # the differential fuzzer (clang's libFuzzer runtime)
  zlib1g-dev                                     # the example reads gzipped Fashion-MNIST files
  libdnnl-dev ocl-icd-opencl-dev                 # cnnkit-bench's oneDNN engine (its CMake config demands OpenCL)
  libxnnpack-dev libpthreadpool-dev              # cnnkit-bench's XNNPACK engine
  chromium                                       # the browser test of cnnkit-bench --report (headless)
  python3-dev pybind11-dev                       # the Python module (python/)
  python3-numpy python3-pytest python3-mypy      # its tests (mypy's stubtest checks the type stubs)
)

if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-debian: all packages present"
  exit 0
fi
echo "setup-debian: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
