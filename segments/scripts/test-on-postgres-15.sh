#!/usr/bin/env bash
# The view-assignment suites once more on a PostgreSQL server the tests did not bring (Debian's
# PostgreSQL 15), as the exporter's contract suites are: the emitted view must run on PostgreSQL 12
# and later, not only on the embedded server.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${PG15_BIN_DIR:-/usr/lib/postgresql/15/bin}
if [ ! -x "$bin/postgres" ]; then
  echo "SKIPPED: segments view-assignment suites on PostgreSQL 15 (no server binaries in $bin)."
  echo "         Install them with: apt-get install postgresql-15   (or set PG15_BIN_DIR)"
  exit 0
fi
echo "Segments view-assignment suites on $("$bin/postgres" --version)"
TEST_PG_BIN_DIR="$bin" npx jest --ci test/planted.test.ts test/v1.test.ts
