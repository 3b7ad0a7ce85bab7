#!/usr/bin/env bash
# Lighthouse on the pages people land on, against the shipped build (`cargo xtask dist`: release
# server, wasm-opt, brotli) and a user with 200 applications. Lighthouse's default run: a
# mid-range phone on a slow 4G connection, simulated. Prints per page the four category scores
# (median run by performance), the metrics behind the performance score, where the largest
# paint's time went (time to first byte, load delay, load time, render delay) and the audits that
# cost the most.
#
#   bench/lighthouse.sh
#   RUNS=5 PAGES="/signin /dashboard" bench/lighthouse.sh
#
# Own database (careerhub_bench, recreated each run), port 3400. Reports stay in the cargo target
# directory's lighthouse/ for reading in a browser. Figures are for reading.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
. bench/common.sh

RUNS=${RUNS:-3}
PAGES=${PAGES:-/signin /dashboard /applications}
LIGHTHOUSE_VERSION=12.8.2

apt_install chromium
start_bench_server dist
tools="$target_dir/tools"
lighthouse="$tools/node_modules/.bin/lighthouse"
if [ ! -x "$lighthouse" ] || ! grep -q "\"version\": \"$LIGHTHOUSE_VERSION\"" "$tools/node_modules/lighthouse/package.json"; then
  log "Installing Lighthouse $LIGHTHOUSE_VERSION into $tools"
  npm install --silent --no-audit --no-fund --prefix "$tools" "lighthouse@$LIGHTHOUSE_VERSION"
fi

log "Seeding one account with 200 applications"
"$bin_dir/careerhub-admin" seed demo --users 1 --applications 200 \
  --contacts 30 --activities 5 --prefix bench --password "$PASSWORD" --json >/dev/null
cookie=$(bench_sign_in bench-1@careerhub.test)
headers=$(mktemp --suffix=.json)
printf '{"Cookie": "%s"}' "$cookie" >"$headers"
reports="$target_dir/lighthouse"
rm -rf "$reports"
mkdir -p "$reports"

for page in $PAGES; do
  name=$(echo "$page" | tr -c 'a-z0-9\n' '-' | sed 's/^-*//')
  for run in $(seq 1 "$RUNS"); do
    log "Lighthouse $page, run $run of $RUNS"
    extra=()
    [ "$page" = /signin ] || extra=(--extra-headers="$headers")
    # Lighthouse now and then fails to record a trace (NO_NAVSTART); such a run is run again.
    for attempt in 1 2 3; do
      CHROME_PATH=/usr/bin/chromium "$lighthouse" "$BASE$page" "${extra[@]}" --quiet \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
        --output=json --output=html --output-path="$reports/$name-$run" >/dev/null && break
      [ "$attempt" -lt 3 ] || { echo "Lighthouse failed three times on $page" >&2; exit 1; }
    done
  done
done
rm -f "$headers"

python3 - "$reports" $PAGES <<'PY'
import glob, json, os, sys

reports, pages = sys.argv[1], sys.argv[2:]
print(f"\n{'page':16} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'FCP':>7} {'LCP':>7} {'TBT':>6} {'CLS':>6} {'SI':>7}  runs' performance")
details = []
for page in pages:
    name = "".join(c if c.isalnum() else "-" for c in page.lower()).lstrip("-")
    runs = []
    for path in sorted(glob.glob(os.path.join(reports, f"{name}-*.report.json"))):
        report = json.load(open(path))
        if report.get("runtimeError"):
            sys.exit(f"{page}: {report['runtimeError']['message']}")
        runs.append(report)
    if not runs:
        sys.exit(f"{page}: no report")
    score = lambda r, c: round(100 * (r["categories"][c]["score"] or 0))
    runs.sort(key=lambda r: score(r, "performance"))
    median = runs[len(runs) // 2]
    if median["finalDisplayedUrl"].rstrip("/").endswith("/signin") and page != "/signin":
        sys.exit(f"{page}: Lighthouse was sent to the sign-in page (the cookie was not accepted)")
    audit = median["audits"]
    value = lambda key: audit[key].get("numericValue") or 0
    print(f"{page:16} {score(median, 'performance'):5} {score(median, 'accessibility'):5} "
          f"{score(median, 'best-practices'):5} {score(median, 'seo'):5} "
          f"{value('first-contentful-paint') / 1000:6.2f}s {value('largest-contentful-paint') / 1000:6.2f}s "
          f"{value('total-blocking-time'):5.0f}ms {value('cumulative-layout-shift'):6.3f} "
          f"{value('speed-index') / 1000:6.2f}s  {[score(r, 'performance') for r in runs]}")
    phases = []
    for item in audit.get("largest-contentful-paint-element", {}).get("details", {}).get("items", []):
        for row in item.get("items", []):
            if "phase" in row and "timing" in row:
                phases.append(f"{row['phase']} {row['timing']:.0f} ms")
    lines = [f"{page}: largest paint: " + (", ".join(phases) if phases else "no breakdown")]
    weak = []
    for category in ("performance", "accessibility", "best-practices", "seo"):
        for ref in median["categories"][category]["auditRefs"]:
            result = audit[ref["id"]]
            if result.get("scoreDisplayMode") in ("notApplicable", "informative", "manual"):
                continue
            if result.get("score") is not None and result["score"] < 0.9:
                saving = result.get("details", {}).get("overallSavingsMs")
                weak.append(f"  {category}: {result['title']}"
                            f" ({result.get('displayValue', '')}{f', saves ~{saving:.0f} ms' if saving else ''})")
    details.append("\n".join(lines + weak))
print()
print("\n".join(details))
PY
printf '\n%s runs a page, reports in %s; load average: %s\n' "$RUNS" "$reports" "$(cut -d' ' -f1-3 /proc/loadavg)"
