# Shared by the benchmarks: a release server on its own database and port, a signed-in cookie,
# and one line of figures per page. Source it after scripts/common.sh.

PORT=${PORT:-3400}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-16}
BASE="http://127.0.0.1:$PORT"
PASSWORD="careerhub-bench-password"

# Builds the release server, admin CLI and site, recreates careerhub_bench and starts the server.
# The site is the debug build unless $1 is "dist" (the shipped front end: wasm-opt, hashed names,
# compressed copies; what a browser measurement needs). Sets target_dir, bin_dir (where the
# careerhub and careerhub-admin binaries are) and server (its pid); stops it on exit.
# BENCH_BUILD=dir runs a saved build instead of building: careerhub, careerhub-admin and site/
# copied from a `cargo xtask dist`, so that two commits are measured back to back on one machine:
#   cargo xtask dist && mkdir -p /tmp/a && cp target/release/careerhub{,-admin} /tmp/a && cp -r target/site /tmp/a
# (with target/ where CARGO_TARGET_DIR points, the site stays in ./target/site).
start_bench_server() {
  ensure_build_tools
  ensure_postgres
  ensure_redis
  apt_install wrk curl
  target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
  local site_root="$PWD/target/site"
  if [ -n "${BENCH_BUILD:-}" ]; then
    log "Using the build saved in $BENCH_BUILD"
    bin_dir=$BENCH_BUILD
    site_root=$BENCH_BUILD/site
  else
    log "Building the release server, the admin CLI and the site"
    bin_dir=$target_dir/release
    cargo build --release -q -p careerhub-server -p careerhub-admin
    if [ "${1:-}" = dist ]; then
      cargo xtask dist >/dev/null
    else
      cargo xtask build >/dev/null
    fi
  fi
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS careerhub_bench WITH (FORCE)"
  export DATABASE_URL=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/careerhub_bench}
  export REDIS_URL=redis://127.0.0.1:6379 REDIS_KEY_PREFIX="bench-$$:" \
    BIND_ADDR="127.0.0.1:$PORT" PUBLIC_URL="$BASE" SITE_ROOT="$site_root" RUST_LOG=warn \
    DATA_DIR="$(mktemp -d)" DATABASE_POOL_SIZE=${DATABASE_POOL_SIZE:-10}
  "$bin_dir/careerhub" >/tmp/careerhub-bench.log 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  for _ in $(seq 1 60); do curl -fs "$BASE/readyz" >/dev/null && break; sleep 0.5; done
  # A page without its stylesheet and script measures fast and means nothing.
  local assets asset
  assets=$(curl -fs "$BASE/signin" | grep -o '"/pkg/[^"]*careerhub[^"]*\.\(css\|js\|wasm\)"' | tr -d '"' || true)
  [ -n "$assets" ] || { echo "/signin names no stylesheet or script" >&2; exit 1; }
  for asset in $assets; do
    curl -fs -o /dev/null "$BASE$asset" || { echo "$asset is not served from $SITE_ROOT" >&2; exit 1; }
  done
}

# Signs in as $1 and prints the session cookie.
bench_sign_in() {
  local cookie
  cookie=$(curl -s -o /dev/null -D - -X POST "$BASE/api/sign_in" -H "Origin: $BASE" -H 'Accept: text/html' \
    --data-urlencode "email=$1" --data-urlencode "password=$PASSWORD" --data-urlencode "next=/" \
    | tr -d '\r' | sed -n 's/^set-cookie: \([^;]*\).*/\1/Ip' | tail -1)
  [ -n "$cookie" ] || { echo "sign-in failed" >&2; exit 1; }
  echo "$cookie"
}

print_header() {
  printf '\n%-22s %10s %10s %10s %12s %12s\n' page req/s p50 p99 html_bytes gzip_bytes
}

# One line for page $1 with cookie $2 (may be empty): wrk throughput and latency, sizes. $3, if
# given, is text the page must hold (so a sign-in prompt or an error is not measured).
measure_page() {
  local page=$1 cookie=$2 expect=${3:-}
  local headers=()
  [ -n "$cookie" ] && headers=(-H "Cookie: $cookie")
  local size gz out rps p50 p99 errors
  size=$(curl -s "${headers[@]}" "$BASE$page" | wc -c)
  gz=$(curl -s "${headers[@]}" -H 'Accept-Encoding: gzip' "$BASE$page" | wc -c)
  if [ -n "$expect" ]; then
    curl -s "${headers[@]}" "$BASE$page" | grep -q "$expect" || { echo "$page does not show '$expect'" >&2; exit 1; }
  fi
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "${headers[@]}" "$BASE$page")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  printf '%-22s %10s %10s %10s %12s %12s %s\n' "$page" "$rps" "$p50" "$p99" "$size" "$gz" "${errors:+non-2xx: $errors}"
}
