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
. bench/common.sh

APPLICATIONS=${APPLICATIONS:-200}

start_bench_server

log "Seeding one account with $APPLICATIONS applications"
"$bin_dir/careerhub-admin" seed demo --users 1 --applications "$APPLICATIONS" \
  --contacts 30 --activities 5 --prefix bench --password "$PASSWORD" --json

cookie=$(bench_sign_in bench-1@careerhub.test)

print_header
for page in /dashboard /applications; do
  measure_page "$page" "$cookie" 'Sign out'
done
