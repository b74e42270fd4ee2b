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
  # the web UI's browser tests (Playwright drives Debian's chromium)
  chromium
  # the PostgreSQL backend (scale-out): server for the integration tests,
  # client library, and the server headers pgvector builds against
  postgresql-15 postgresql-server-dev-15 libpqxx-dev dpkg-dev
)
# The web UI is built with Node.js and npm (web/). A Node.js already on the
# machine (with its own npm) is used as is; otherwise Debian's packages.
if ! command -v npm >/dev/null 2>&1; then PACKAGES+=(nodejs npm); fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
else
  if [ "$(id -u)" -ne 0 ] && [ -z "$SUDO" ]; then
    echo "install-deps: missing packages (${missing[*]}) and not root; run as root" >&2
    exit 1
  fi
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# pgvector: bookworm ships PostgreSQL 15 but not pgvector. Debian's own
# pgvector source package (trixie) builds against PostgreSQL 15, so fetch it
# with apt-get source through a private source list (the system's apt sources
# are left alone, and no trixie binary package is ever installed), build it
# with PostgreSQL 15's pg_config and install the extension.
PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config
if [ ! -f "$("$PG_CONFIG" --sharedir)/extension/vector.control" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/lists/partial"
  echo "deb-src http://deb.debian.org/debian trixie main" >"$work/trixie-src.list"
  apt_src=(-o "Dir::Etc::SourceList=$work/trixie-src.list" -o Dir::Etc::SourceParts=/dev/null
           -o "Dir::State::Lists=$work/lists" -o APT::Sandbox::User=root)
  echo "install-deps: building pgvector from Debian's trixie source package"
  apt-get "${apt_src[@]}" update -qq
  (cd "$work" && apt-get "${apt_src[@]}" source -qq pgvector)
  src=$(find "$work" -maxdepth 1 -type d -name 'pgvector-*' | head -1)
  # OPTFLAGS="": no -march=native, so the extension runs on any x86-64.
  make -s -C "$src" PG_CONFIG="$PG_CONFIG" OPTFLAGS=""
  $SUDO make -s -C "$src" PG_CONFIG="$PG_CONFIG" OPTFLAGS="" install
fi
