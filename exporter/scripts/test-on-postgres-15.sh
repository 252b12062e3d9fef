#!/usr/bin/env bash
# The contract and HTTP suites once more, on a PostgreSQL server the tests did not bring (Debian's
# PostgreSQL 15), read through a SELECT-only role: the exporter must work on PostgreSQL 12 and later.
# test/contract holds the hand-computed fixture of every KPI family, v1 and v2, the v2 ones with their
# rows in service grids both at county and at grid level (test/fixtures/v2-grids.ts).
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
