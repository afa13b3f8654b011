#!/usr/bin/env bash
# System packages the test suite needs on a Debian machine (CI runs this before `pytest`).
# Idempotent, quiet, and fast when everything is already installed: it only calls apt-get
# for what is missing. Run as root (CI) or as a user with sudo.
set -euo pipefail

missing=()

# PostgreSQL server binaries (initdb, pg_ctl): the plan tests start a throwaway cluster with them.
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    missing+=(postgresql)
fi

# Chromium: the web's browser tests drive Debian's build through Playwright (never `playwright install`).
if ! command -v chromium >/dev/null && [ ! -x /usr/bin/chromium ]; then
    missing+=(chromium)
fi

# Java 17+: PySpark runs the engine's backend-agreement tests in local mode (a JVM in the test process).
if ! command -v java >/dev/null && [ ! -x "${JAVA_HOME:-/nonexistent}/bin/java" ]; then
    missing+=(default-jre-headless)
fi

# Reports: WeasyPrint draws the PDFs with Pango (and HarfBuzz/fontconfig through it) in DejaVu Sans;
# the report tests read the PDFs back with pdftotext and render their pages with pdftoppm (poppler).
if ! ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0"; then
    missing+=(libpango-1.0-0 libpangoft2-1.0-0)
fi
if ! compgen -G "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf" >/dev/null; then
    missing+=(fonts-dejavu-core)
fi
if ! compgen -G "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf" >/dev/null; then
    missing+=(fonts-dejavu-extra)
fi
if ! command -v pdftoppm >/dev/null || ! command -v pdftotext >/dev/null; then
    missing+=(poppler-utils)
fi

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null; then
    sudo=(sudo)
else
    echo "system-deps: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
fi

echo "system-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq >/dev/null
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
