#!/usr/bin/env bash
# Benchmark: Careerhub's main pages next to a bare axum hello, in one run, so the ratios hold
# whatever the machine is doing. Against a release build, a user with 200 applications, wrk with
# 16 connections; the pages are measured in interleaved rounds (hello, /signin, /dashboard,
# /applications, the last two rendered without the page cache, then again) and each figure is the median of the rounds. Prints per page:
# requests per second and its share of the hello's, p50 and p99, the CPU time per request of the
# server and of PostgreSQL (from /proc, around each run), the SQL statements the page runs (from
# PostgreSQL's own statement log, BEGIN/COMMIT included) and the HTML size, plain and gzip.
#
#   bench/compare.sh
#   ROUNDS=5 DURATION=20s APPLICATIONS=500 bench/compare.sh
#
# Own database (careerhub_bench, recreated each run), ports 3400 to 3402. Figures are for reading.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
. bench/common.sh

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
APPLICATIONS=${APPLICATIONS:-200}
HELLO_PORT=$((PORT + 1))
COUNTING_PORT=$((PORT + 2))

start_bench_server
cargo build --release -q -p careerhub-server --example hello
BIND_ADDR="127.0.0.1:$HELLO_PORT" "$target_dir/release/examples/hello" &
hello=$!
# A second instance on the same database whose connections log every statement: the page is
# requested there once to count its queries, so the measured instance logs nothing.
DATABASE_URL="$DATABASE_URL?options=-c%20log_statement%3Dall" BIND_ADDR="127.0.0.1:$COUNTING_PORT" \
  PUBLIC_URL="http://127.0.0.1:$COUNTING_PORT" SCHEDULER_ENABLED=false METRICS_ADDR=off \
  "$bin_dir/careerhub" >/tmp/careerhub-bench-counting.log 2>&1 &
counting=$!
trap 'kill $server $hello $counting 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$COUNTING_PORT/readyz" >/dev/null &&
    curl -fs "http://127.0.0.1:$HELLO_PORT/" >/dev/null && break
  sleep 0.5
done

log "Seeding one account with $APPLICATIONS applications"
"$bin_dir/careerhub-admin" seed demo --users 1 --applications "$APPLICATIONS" \
  --contacts 30 --activities 5 --prefix bench --password "$PASSWORD" --json >/dev/null
cookie=$(bench_sign_in bench-1@careerhub.test)

pg_log=${BENCH_PG_LOG:-$(ls -t /var/log/postgresql/postgresql-*.log 2>/dev/null | head -1)}
# The statements one request to $1 (with cookie $2) runs, read from the log's new lines.
statements() {
  local page=$1 cookie=$2 before
  [ -r "$pg_log" ] || { echo "?"; return; }
  local headers=()
  [ -n "$cookie" ] && headers=(-H "Cookie: $cookie")
  curl -s -o /dev/null "${headers[@]}" "http://127.0.0.1:$COUNTING_PORT$page" # warm the pool
  before=$(stat -c %s "$pg_log")
  curl -s -o /dev/null "${headers[@]}" "http://127.0.0.1:$COUNTING_PORT$page"
  sleep 0.5
  tail -c +"$((before + 1))" "$pg_log" |
    grep -c -E 'careerhub_bench .*LOG: +(statement|execute)' || true
}

# The dashboard and the board come from the page cache after their first answer; with a query
# string (which they ignore) the cache is bypassed, so the "?uncached" lines are their rendering.
pages=("hello" "/signin" "/dashboard" "/applications" "/dashboard?uncached" "/applications?uncached")
url_of() { if [ "$1" = hello ]; then echo "http://127.0.0.1:$HELLO_PORT/"; else echo "$BASE$1"; fi; }
cookie_of() { case "$1" in hello | /signin) echo "" ;; *) echo "$cookie" ;; esac; }

# CPU seconds (user + system, in clock ticks) used so far by the server ($1 = its pid), and by
# all of PostgreSQL's processes: read before and after a page's run, they say where its CPU went.
ticks_of() { awk '{ sub(/^.*\) /, ""); split($0, f, " "); print f[12] + f[13] }' "/proc/$1/stat"; }
postgres_ticks() {
  local total=0 pid
  for pid in $(pgrep -x postgres); do total=$((total + $(ticks_of "$pid" 2>/dev/null || echo 0))); done
  echo "$total"
}
clock_ticks=$(getconf CLK_TCK)

results=$(mktemp)
for round in $(seq 1 "$ROUNDS"); do
  log "Round $round of $ROUNDS ($DURATION per page)"
  for page in "${pages[@]}"; do
    headers=()
    page_cookie=$(cookie_of "$page")
    [ -n "$page_cookie" ] && headers=(-H "Cookie: $page_cookie")
    measured=$server
    [ "$page" = hello ] && measured=$hello
    server_before=$(ticks_of "$measured") postgres_before=$(postgres_ticks)
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "${headers[@]}" "$(url_of "$page")")
    server_cpu=$(($(ticks_of "$measured") - server_before)) postgres_cpu=$(($(postgres_ticks) - postgres_before))
    errors=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
    [ -z "$errors" ] || { echo "$page: $errors non-2xx answers" >&2; exit 1; }
    echo "$out" | awk -v page="$page" -v server="$server_cpu" -v postgres="$postgres_cpu" -v hz="$clock_ticks" '
      function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; return v * 1000 }
      /requests in/ { requests = $1 }
      /Requests\/sec/ { rps = $2 } $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
      END { printf "%s %s %s %s %s %s\n", page, rps, p50, p99,
              1000 * server / hz / requests, 1000 * postgres / hz / requests }' >>"$results"
  done
done

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
figure() { awk -v page="$1" -v column="$2" '$1 == page { print $column }' "$results" | median; }
hello_rps=$(figure hello 2)
printf '\n%-22s %10s %9s %9s %9s %8s %8s %8s %11s %10s\n' page req/s of_hello p50_ms p99_ms cpu_ms pg_ms queries html_bytes gzip_bytes
for page in "${pages[@]}"; do
  rps=$(figure "$page" 2)
  page_cookie=$(cookie_of "$page")
  headers=()
  [ -n "$page_cookie" ] && headers=(-H "Cookie: $page_cookie")
  if [ "$page" = hello ]; then
    queries=0
  else
    queries=$(statements "$page" "$page_cookie")
  fi
  size=$(curl -s "${headers[@]}" "$(url_of "$page")" | wc -c)
  gz=$(curl -s "${headers[@]}" -H 'Accept-Encoding: gzip' "$(url_of "$page")" | wc -c)
  printf '%-22s %10.0f %8.1f%% %9.2f %9.2f %8.3f %8.3f %8s %11s %10s\n' "$page" "$rps" \
    "$(awk -v a="$rps" -v b="$hello_rps" 'BEGIN { print 100 * a / b }')" \
    "$(figure "$page" 3)" "$(figure "$page" 4)" "$(figure "$page" 5)" "$(figure "$page" 6)" \
    "$queries" "$size" "$gz"
done
printf '\n%s rounds of %s, %s connections; load average: %s\n' "$ROUNDS" "$DURATION" \
  "$CONNECTIONS" "$(cut -d' ' -f1-3 /proc/loadavg)"
echo "cpu_ms: the measured server's CPU per request; pg_ms: all of PostgreSQL's (both cores count)"
rm -f "$results"
