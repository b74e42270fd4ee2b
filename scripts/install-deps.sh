#!/usr/bin/env bash
# Installs every Debian package Lore's build, tests and benchmarks need.
# Idempotent: packages already installed are skipped; `apt-get update` runs at
# most once, and only when something is missing. apt-get only, no downloads.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake pkg-config git ca-certificates ccache
  # core libraries
  libsqlite3-dev libxapian-dev libgumbo-dev libuchardet-dev libmd4c-dev
  nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev libtomlplusplus-dev
  libssl-dev libcpp-httplib-dev zlib1g-dev
  # documents: PDF, Office (zip + xml), email
  libpoppler-cpp-dev libzip-dev libpugixml-dev libgmime-3.0-dev
  # OCR and page images: tesseract (English + Simplified Chinese), leptonica,
  # OpenCV for ruling-line detection, webp/tiff decoders
  libtesseract-dev libleptonica-dev tesseract-ocr-eng tesseract-ocr-chi-sim tesseract-ocr-osd
  libopencv-dev libwebp-dev libtiff-dev
  # retrieval: HNSW vector index (header-only)
  libhnswlib-dev libeigen3-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # raw-tool baselines in bench/ (pdftotext, tesseract CLI); clang + libFuzzer
  poppler-utils tesseract-ocr clang libclang-rt-14-dev
  # HTTP load generator for the server benchmark (bench/sections/30-server.sh)
  wrk
  # tests write real PDFs with cairo; script(1) gives e2e tests a terminal
  libcairo2-dev bsdutils
  # a CJK font, so OCR tests can render Chinese text
  fonts-wqy-microhei
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-deps: missing packages (${missing[*]}) and not root; run as root" >&2
    exit 1
  fi
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
