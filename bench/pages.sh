#!/usr/bin/env bash
# Page speed through gunicorn, as a browser meets it: requests per second,
# median and 99th-percentile latency, and each page as a share of a static
# file served in the same run, with the server's CPU time per request beside
# them: on a machine shared with other work, the shares and the CPU time
# vary far less than the raw figures.
#
# Builds a throwaway site (bench/sample_site.py: the bundled course, a
# section of 200 students, production settings with DEBUG off and the page
# cache on), serves it with gunicorn (2 sync workers) on 127.0.0.1, signs
# in a student and the instructor with curl, and loads each page with wrk
# (1 thread, 8 connections) in short rounds, each right after a round of
# the static file. The gradebook is also timed one request at a time,
# which is what an instructor waits. Query counts come from
# bench/page_queries.py.
#
#   bench/pages.sh [--postgresql]      # ROUNDS=3 SECONDS_PER_ROUND=3 by default
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=.venv/bin/python
ROUNDS=${ROUNDS:-3}
SECONDS_PER_ROUND=${SECONDS_PER_ROUND:-3}
BACKEND=${1:-}
if [ -n "$BACKEND" ] && [ "$BACKEND" != --postgresql ]; then
    echo "usage: bench/pages.sh [--postgresql]" >&2
    exit 2
fi

if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get install -y -qq wrk >/dev/null
    else
        echo "wrk is missing: sudo apt-get install wrk (Debian, Ubuntu) or brew install wrk" >&2
        exit 1
    fi
fi
if [ ! -x .venv/bin/gunicorn ]; then
    echo "gunicorn is missing: .venv/bin/pip install -e '.[production]'" >&2
    exit 1
fi

work=$(mktemp -d)
server=""
cleanup() {
    if [ -n "$server" ]; then
        kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
    fi
    if [ "$BACKEND" = --postgresql ]; then
        "$PYTHON" bench/sample_site.py drop-database
    fi
    rm -rf "$work"
}
trap cleanup EXIT

echo "building the site in $work ..."
site=$("$PYTHON" bench/sample_site.py build "$work" $BACKEND --shell)
eval "$site"
queries=$("$PYTHON" bench/page_queries.py "$work" --shell)
eval "$queries"

port=$("$PYTHON" bench/server.py free-port)
base="http://127.0.0.1:$port"
"$PYTHON" bench/server.py serve "$work" --port "$port" 2>"$work/server.log" &
server=$!
for _ in $(seq 100); do
    curl -fs -o /dev/null "$base$STATIC" && break
    sleep 0.2
done

# Sign in through allauth's form as a browser does; print the Cookie header.
sign_in() {
    local jar="$work/cookies-$1" token
    curl -fs -c "$jar" -o /dev/null "$base/accounts/login/"
    token=$(awk '$6 == "csrftoken" { print $7 }' "$jar")
    curl -fs -b "$jar" -c "$jar" -o /dev/null \
        --data-urlencode "login=$1" --data-urlencode "password=$2" \
        --data-urlencode "csrfmiddlewaretoken=$token" "$base/accounts/login/"
    if ! grep -q sessionid "$jar"; then
        echo "$1 could not sign in" >&2
        exit 1
    fi
    awk '$6 == "sessionid" || $6 == "csrftoken" { printf "%s=%s; ", $6, $7 }' "$jar"
}
student=$(sign_in "$STUDENT" "$STUDENT_PASSWORD")
instructor=$(sign_in "$INSTRUCTOR" "$INSTRUCTOR_PASSWORD")

# wrk's own summary, one line: req/s, p50 ms, p99 ms, failed requests, requests.
cat >"$work/summary.lua" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("SUMMARY %.1f %.1f %.1f %d %d\n",
    summary.requests / summary.duration * 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout + e.status, summary.requests))
end
LUA

# CPU seconds the server's workers have used so far (see bench/server.py).
worker_cpu() { "$PYTHON" bench/server.py worker-cpu "$server"; }

# Wait until the workers are idle: requests wrk gave up on are still served.
drain() {
    local last=-1 now
    now=$(worker_cpu)
    while [ "$now" != "$last" ]; do
        last=$now
        sleep 0.5
        now=$(worker_cpu)
    done
}

# load CONNECTIONS SECONDS URL [COOKIE]: print wrk's summary line and the
# server's CPU milliseconds per request, then wait for the server to be idle.
load() {
    local before summary after
    before=$(worker_cpu)
    summary=$(wrk -t1 -c"$1" -d"$2s" --timeout 10s -H "Cookie: ${4:-}" -s "$work/summary.lua" "$3" |
        awk '$1 == "SUMMARY" { print $2, $3, $4, $5, $6 }')
    after=$(worker_cpu)
    drain
    awk -v s="$summary" -v before="$before" -v after="$after" 'BEGIN {
        split(s, f, " "); printf "%s %.1f\n", s, f[5] ? (after - before) * 1000 / f[5] : 0 }'
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# measure CONNECTIONS URL [COOKIE]: after a warm-up, ROUNDS rounds of the
# static file then the page, so that both meet the same load from whatever
# else the machine runs. Prints the page's medians over the rounds: req/s,
# p50 ms, p99 ms, share of the static file's req/s in the same round, CPU ms
# per request; and its failed requests in all. Static rounds go to static.txt.
measure() {
    local status round rps=() p50=() p99=() share=() cpu=() failed=0 static page s f
    status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: ${3:-}" "$2")
    if [ "$status" != 200 ]; then
        echo "$2 answered $status, not 200" >&2
        exit 1
    fi
    load "$1" 2 "$2" "${3:-}" >/dev/null
    for round in $(seq "$ROUNDS"); do
        static=$(load 8 "$SECONDS_PER_ROUND" "$base$STATIC")
        echo "$static" >>"$work/static.txt"
        page=$(load "$1" "$SECONDS_PER_ROUND" "$2" "${3:-}")
        read -r -a s <<<"$static"
        read -r -a f <<<"$page"
        rps+=("${f[0]}") p50+=("${f[1]}") p99+=("${f[2]}") cpu+=("${f[5]}")
        share+=("$(awk -v a="${f[0]}" -v b="${s[0]}" 'BEGIN { printf "%.2f", a / b }')")
        failed=$((failed + f[3]))
    done
    echo "$(median "${rps[@]}") $(median "${p50[@]}") $(median "${p99[@]}")" \
        "$(median "${share[@]}") $failed $(median "${cpu[@]}")"
}

static_rounds() {  # the static file's medians over every round, in measure's format
    local column values=()
    for column in 1 2 3; do
        values+=("$(median $(cut -d' ' -f"$column" "$work/static.txt"))")
    done
    echo "${values[*]} 1.00 $(awk '{ n += $4 } END { print n }' "$work/static.txt")" \
        "$(median $(cut -d' ' -f6 "$work/static.txt"))"
}

anonymous=$(measure 8 "$base$LESSON")
signed_in=$(measure 8 "$base$LESSON" "$student")
dashboard=$(measure 8 "$base$DASHBOARD" "$student")
gradebook=$(measure 8 "$base$GRADEBOOK" "$instructor")
gradebook_alone=$(measure 1 "$base$GRADEBOOK" "$instructor")
static=$(static_rounds)

field() { echo "$1" | cut -d' ' -f"$2"; }
# verdict VALUE OPERATOR TARGET
verdict() { awk -v v="$1" -v t="$3" "BEGIN { print (v $2 t) ? \"ok\" : \"MISSED\" }"; }
# row NAME MEASURED QUERIES TARGET
row() {
    local f
    read -r -a f <<<"$2"
    printf "%-26s %8s %7s %7s %9s %7s %7s %8s   %s\n" "$1" "${f[@]:0:6}" "$3" "$4"
}

echo
echo "gunicorn, ${WEB_CONCURRENCY:-2} sync workers${GUNICORN_CMD_ARGS:+ $GUNICORN_CMD_ARGS}," \
    "$([ "$BACKEND" = --postgresql ] && echo PostgreSQL || echo SQLite)," \
    "DEBUG off, PAGE_CACHE=1; wrk -t1 -c8; medians of $ROUNDS rounds of ${SECONDS_PER_ROUND} s," \
    "each page right after the static file; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-26s %8s %7s %7s %9s %7s %7s %8s   %s\n" page req/s "p50 ms" "p99 ms" "x static" \
    failed "CPU ms" queries target
row "static file" "$static" "$Q_STATIC" ""
row "lesson, anonymous" "$anonymous" "$Q_LESSON_ANONYMOUS" \
    ">= 1.00 x static: $(verdict "$(field "$anonymous" 4)" '>=' 1.00)"
row "lesson, signed in" "$signed_in" "$Q_LESSON_SIGNED_IN" \
    ">= 200 req/s: $(verdict "$(field "$signed_in" 1)" '>=' 200)"
row "dashboard" "$dashboard" "$Q_DASHBOARD" ""
row "gradebook, 200 students" "$gradebook" "$Q_GRADEBOOK" \
    "queries flat (20 students: $Q_GRADEBOOK_SMALL): $(verdict "$Q_GRADEBOOK" == "$Q_GRADEBOOK_SMALL")"
row "gradebook, one at a time" "$gradebook_alone" "$Q_GRADEBOOK" \
    "p50 < 150 ms: $(verdict "$(field "$gradebook_alone" 2)" '<' 150)"
echo "CPU ms: the server's CPU time per request, which other work on the machine changes far"
echo "less than the wall-clock figures; two free cores serve at most 2,000 / (CPU ms) req/s."
if grep -q "database is locked\|Traceback" "$work/server.log"; then
    echo "the server logged errors:" >&2
    grep -m5 "database is locked\|Error" "$work/server.log" >&2
    exit 1
fi
