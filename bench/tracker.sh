#!/usr/bin/env bash
# Benchmark: the dashboard and the application board of a user with 200 applications, under wrk
# with 16 connections, against a release build on this machine's PostgreSQL and Redis. Prints
# requests per second, p50 and p99 latency, and the page size (plain and gzip) per page.
#
#   bench/tracker.sh                 # 200 applications, 15 s per page
#   APPLICATIONS=1000 DURATION=30s bench/tracker.sh
#
# It uses its own database (careerhub_bench, recreated each run) and port 3400. Figures are for
# reading, not for asserting: they depend on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

APPLICATIONS=${APPLICATIONS:-200}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${PORT:-3400}
DB_URL=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/careerhub_bench}
BASE="http://127.0.0.1:$PORT"
PASSWORD="careerhub-bench-password"

ensure_build_tools
ensure_postgres
ensure_redis
apt_install wrk curl

log "Building the release server, the admin CLI and the site"
cargo build --release -q -p careerhub-server -p careerhub-admin
cargo xtask build >/dev/null
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')

psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS careerhub_bench WITH (FORCE)"
export DATABASE_URL="$DB_URL" REDIS_URL=redis://127.0.0.1:6379 REDIS_KEY_PREFIX="bench-$$:" \
  BIND_ADDR="127.0.0.1:$PORT" PUBLIC_URL="$BASE" SITE_ROOT="$target_dir/site" RUST_LOG=warn \
  DATA_DIR="$(mktemp -d)" DATABASE_POOL_SIZE=${DATABASE_POOL_SIZE:-10}

"$target_dir/release/careerhub" >/tmp/careerhub-bench.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fs "$BASE/readyz" >/dev/null && break; sleep 0.5; done

log "Seeding one account with $APPLICATIONS applications"
"$target_dir/release/careerhub-admin" seed demo --users 1 --applications "$APPLICATIONS" \
  --contacts 30 --activities 5 --prefix bench --password "$PASSWORD" --json

cookie=$(curl -s -o /dev/null -D - -X POST "$BASE/api/sign_in" -H "Origin: $BASE" -H 'Accept: text/html' \
  --data-urlencode "email=bench-1@careerhub.test" --data-urlencode "password=$PASSWORD" --data-urlencode "next=/" \
  | tr -d '\r' | sed -n 's/^set-cookie: \([^;]*\).*/\1/Ip' | tail -1)
[ -n "$cookie" ] || { echo "sign-in failed" >&2; exit 1; }

printf '\n%-14s %10s %10s %10s %12s %12s\n' page req/s p50 p99 html_bytes gzip_bytes
for page in /dashboard /applications; do
  size=$(curl -s -H "Cookie: $cookie" "$BASE$page" | wc -c)
  gz=$(curl -s -H "Cookie: $cookie" -H 'Accept-Encoding: gzip' "$BASE$page" | wc -c)
  # The page must really be the signed-in page, not a sign-in prompt.
  curl -s -H "Cookie: $cookie" "$BASE$page" | grep -q 'Sign out' || { echo "not signed in on $page" >&2; exit 1; }
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: $cookie" "$BASE$page")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  printf '%-14s %10s %10s %10s %12s %12s %s\n' "$page" "$rps" "$p50" "$p99" "$size" "$gz" "${errors:+non-2xx: $errors}"
done
