#!/usr/bin/env bash
# The contract and HTTP suites once more, on a PostgreSQL server the tests did not bring (Debian's
# PostgreSQL 15), read through a SELECT-only role: the exporter must work on PostgreSQL 12 and later.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${PG15_BIN_DIR:-/usr/lib/postgresql/15/bin}
if [ ! -x "$bin/postgres" ]; then
  echo "SKIPPED: contract suites on PostgreSQL 15 (no server binaries in $bin)."
  echo "         Install them with: apt-get install postgresql-15   (or set PG15_BIN_DIR)"
  exit 0
fi
echo "Contract suites on $("$bin/postgres" --version)"
TEST_PG_BIN_DIR="$bin" npx jest --ci test/contract test/http.test.ts test/index-advice.test.ts
