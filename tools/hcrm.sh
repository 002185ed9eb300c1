#!/usr/bin/env bash
# Set-up, demo server and test run of the Clinic CRM addons; the Makefile calls it.
#   tools/hcrm.sh demo   install what is missing, create/update the demo database, serve it
#   tools/hcrm.sh test   install what is missing, build a fresh test database, run every test
#   tools/hcrm.sh i18n   refresh each addon's .pot and merge it into its es.po
#   tools/hcrm.sh bench  the demo clinic multiplied to 10k and 100k patients, every screen and job measured
#   tools/hcrm.sh screenshots  each role's main screens of the demo, as PNG files in .local/screenshots
# Each step checks before it acts, so a warm run installs nothing.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ODOO_SRC=${ODOO_SRC:-/opt/odoo}
ODOO_UPSTREAM=${ODOO_UPSTREAM:-https://github.com/odoo/odoo.git}
CACHE=${HCRM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/healthcare-crm}
VENV=${HCRM_VENV:-$CACHE/venv}
# Config, filestore and logs; another directory (and HTTP_PORT, TEST_DB) lets two runs go side by side.
LOCAL=${HCRM_LOCAL:-$ROOT/.local}
CONF=$LOCAL/odoo.conf
ADDONS=healthcare_crm,healthcare_crm_dental,healthcare_crm_messaging,healthcare_crm_portal
DEMO_DB=${DEMO_DB:-clinic_crm_demo}
TEST_DB=${TEST_DB:-clinic_crm_test}
HTTP_PORT=${HTTP_PORT:-8069}
PG_VERSION=15
PY=$VENV/bin/python

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[1;31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
odoo_found() { [ -f "$ODOO_SRC/odoo-bin" ]; }

install_debian_packages() {
    local missing=() pkg
    for pkg in "postgresql-$PG_VERSION" "postgresql-client-$PG_VERSION" chromium wkhtmltopdf git make; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
    done
    python3 -c "import ensurepip" 2>/dev/null || missing+=(python3-venv)
    if [ ${#missing[@]} -gt 0 ]; then
        say "Installing Debian packages: ${missing[*]}"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

# Debian's cluster, with a login role named after the current user: Odoo then
# connects through the local socket with peer authentication and no password.
start_postgresql() {
    if ! pg_lsclusters -h | awk -v v="$PG_VERSION" '$1 == v && $2 == "main"' | grep -q .; then
        as_root pg_createcluster "$PG_VERSION" main >/dev/null
    fi
    if ! pg_lsclusters -h | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
        say "Starting PostgreSQL $PG_VERSION"
        as_root pg_ctlcluster "$PG_VERSION" main start
    fi
    local role
    role=$(id -un)
    [ "$role" != postgres ] || die "run as a user other than postgres (Odoo refuses that database role)"
    if ! psql -d postgres -tAc "SELECT 1" >/dev/null 2>&1; then
        say "Creating PostgreSQL role $role"
        as_postgres psql -q -d postgres -c "CREATE ROLE \"$role\" LOGIN CREATEDB"
    fi
}

# Odoo from $ODOO_SRC, or a shallow clone of upstream 18.0 when it is absent and the network allows.
find_odoo() {
    if ! odoo_found && [ -z "${HCRM_NO_CLONE:-}" ]; then
        say "Odoo not found at $ODOO_SRC; trying upstream 18.0"
        local tmp
        tmp=$(mktemp -d)
        if GIT_TERMINAL_PROMPT=0 timeout 900 git clone -q --depth 1 --branch 18.0 "$ODOO_UPSTREAM" "$tmp/odoo" 2>/dev/null; then
            mkdir -p "$(dirname "$ODOO_SRC")" && mv "$tmp/odoo" "$ODOO_SRC"
        else
            echo "    upstream not reachable"
        fi
        rm -rf "$tmp"
    fi
    if odoo_found && ! grep -q "^version_info = (18, 0," "$ODOO_SRC/odoo/release.py"; then
        die "$ODOO_SRC is not Odoo 18.0"
    fi
}

install_python() {
    local python
    python=$(command -v python3.11 || command -v python3)
    [ -x "$PY" ] || { say "Creating virtualenv $VENV"; "$python" -m venv "$VENV"; }
    mkdir -p "$LOCAL"
    local reqs=$LOCAL/requirements-all.txt
    {
        if odoo_found; then "$PY" "$ROOT/tools/odoo_requirements.py" "$ODOO_SRC/requirements.txt"; fi
        cat "$ROOT/requirements.txt"
    } >"$reqs"
    local stamp
    stamp=$VENV/.installed-$(sha1sum <"$reqs" | cut -c1-16)
    if [ ! -f "$stamp" ]; then
        say "Installing Python packages into $VENV"
        "$PY" -m pip install -q --disable-pip-version-check -r "$reqs"
        touch "$stamp"
    fi
    # Odoo is used from its source tree (the console script pip writes for it breaks).
    local site
    site=$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    if odoo_found; then echo "$ODOO_SRC" >"$site/odoo-src.pth"; fi
}

write_config() {
    mkdir -p "$LOCAL/data" "$LOCAL/log"
    cat >"$CONF" <<EOF
[options]
addons_path = $ODOO_SRC/addons,$ODOO_SRC/odoo/addons,$ROOT
data_dir = $LOCAL/data
db_user = $(id -un)
http_interface = 127.0.0.1
http_port = $HTTP_PORT
admin_passwd = $(id -un)-local-only
EOF
}

setup() {
    install_debian_packages
    start_postgresql
    find_odoo
    install_python
    if odoo_found; then write_config; fi
}

odoo_bin() { "$PY" "$ODOO_SRC/odoo-bin" -c "$CONF" "$@"; }

database_exists() { psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1; }

# Install the addons into a new database; on failure, show the end of Odoo's log.
# users_lang es_ES: every user speaks Spanish (the demo); en_US: Spanish is loaded but the users,
# and so the tests' messages, stay in English (tests make their Spanish users themselves).
create_database() {
    local db=$1 users_lang=$2 log=$LOCAL/log/$1-install.log
    shift 2
    rm -f "$log"
    # A Spanish company before Accounting is installed, so that it loads Spain's chart and euros.
    odoo_bin -d "$db" -i base --stop-after-init --log-level=warn --logfile="$log" --load-language="$users_lang" ||
        { tail -n 60 "$log"; die "creating $db failed (log: $log)"; }
    "$PY" "$ODOO_SRC/odoo-bin" shell -c "$CONF" -d "$db" --log-level=warn <"$ROOT/tools/spanish_company.py" |
        grep -q "^COMPANY ES EUR es_" || die "could not make the company of $db Spanish"
    odoo_bin -d "$db" -i "$ADDONS" --stop-after-init --log-level=warn --logfile="$log" --load-language=es_ES "$@" ||
        { tail -n 60 "$log"; die "installing the addons into $db failed (log: $log)"; }
    if grep -q " ERROR \| CRITICAL " "$log"; then
        grep -A 20 " ERROR \| CRITICAL " "$log" | head -n 80
        die "errors while installing the addons into $db (log: $log)"
    fi
}

cmd_demo() {
    setup
    odoo_found || die "Odoo 18 not found (set ODOO_SRC to an Odoo 18.0 source tree)"
    local update=()
    if database_exists "$DEMO_DB"; then
        update=(-u "$ADDONS")
        # Demo records are created once: a database from before the Spanish demo keeps its dollars.
        if [ "$(psql -d "$DEMO_DB" -tAc "SELECT cur.name FROM res_company c JOIN res_currency cur
                ON cur.id = c.currency_id ORDER BY c.id LIMIT 1")" != EUR ]; then
            say "WARNING: $DEMO_DB is an older demo (not in euros). For the Spanish clinic: dropdb $DEMO_DB && make demo"
        fi
    else
        say "Creating demo database $DEMO_DB (a few minutes)"
        create_database "$DEMO_DB" es_ES
    fi
    say "Clinic CRM demo: http://localhost:$HTTP_PORT/web/login  (login: admin  password: admin)  Ctrl-C stops it"
    exec "$PY" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DEMO_DB" --db-filter="^$DEMO_DB\$" "${update[@]}"
}

cmd_test() {
    setup
    local pytest=("$PY" -m pytest -p no:cacheprovider)
    if odoo_found; then
        command -v chromium >/dev/null || die "Chromium is missing: browser tours cannot run"
        command -v wkhtmltopdf >/dev/null || die "wkhtmltopdf is missing: PDF reports cannot be rendered"
        "$PY" -c "import websocket" || die "websocket-client is missing: browser tours cannot run"
        say "Building test database $TEST_DB"
        dropdb --if-exists "$TEST_DB"
        rm -rf "$LOCAL/data/filestore/$TEST_DB"
        create_database "$TEST_DB" en_US
        say "Running the tests"
        "${pytest[@]}" --odoo-config="$CONF" --odoo-database="$TEST_DB" --odoo-http \
            --odoo-log-level=warn "$@" tests healthcare_crm healthcare_crm_dental healthcare_crm_messaging healthcare_crm_portal
    else
        say "Odoo 18 not found at $ODOO_SRC: running the Odoo-free tests only"
        HCRM_ODOO_MISSING=1 "${pytest[@]}" -p no:odoo "$@" tests
    fi
}

# Export each addon's .pot from a database that has the addons, and merge it into es.po.
cmd_i18n() {
    setup
    odoo_found || die "Odoo 18 not found (set ODOO_SRC to an Odoo 18.0 source tree)"
    local db=${1:-$TEST_DB} addon
    database_exists "$db" || die "database $db does not exist: run make test (or pass a database name)"
    for addon in ${ADDONS//,/ }; do
        odoo_bin -d "$db" -u "$addon" --stop-after-init --log-level=warn
        odoo_bin -d "$db" --modules="$addon" --i18n-export="$ROOT/$addon/i18n/$addon.pot" \
            --stop-after-init --log-level=warn
        "$PY" "$ROOT/tools/i18n_merge.py" "$ROOT/$addon/i18n/$addon.pot" "$ROOT/$addon/i18n/es.po"
    done
}

# Issue 12's measuring tool: the demo clinic multiplied by set-based SQL to each size of
# BENCH_SIZES (patients), checked against the addons' own computations, then every screen and
# job measured (ORM call vs hand-written SQL floor); one markdown table at the end.
bench_shell() {  # a script of tests/benchmarks run by odoo-bin shell on the bench database
    HCRM_BENCH_DIR="$ROOT/tests/benchmarks" "$PY" "$ODOO_SRC/odoo-bin" shell -c "$CONF" -d "$1" \
        --log-level=warn <"$ROOT/tests/benchmarks/$2"
}

cmd_bench() {
    setup
    odoo_found || die "Odoo 18 not found (set ODOO_SRC to an Odoo 18.0 source tree)"
    local db=${BENCH_DB:-clinic_crm_bench} out=$LOCAL/bench size sizes=() updated=
    mkdir -p "$out"
    if [ -n "${BENCH_REUSE:-}" ] && database_exists "$db"; then
        say "Reusing benchmark database $db (its generated patients are kept)"
    else
        say "Building benchmark database $db from the demo clinic"
        dropdb --if-exists "$db"
        rm -rf "$LOCAL/data/filestore/$db" "$out"/[0-9]*.txt
        create_database "$db" en_US
        updated=1
    fi
    for size in ${BENCH_SIZES:-10000 100000}; do
        if [ -z "$updated" ]; then  # the addons may have changed since: the schema follows the tree
            odoo_bin -d "$db" -u "$ADDONS" --stop-after-init --log-level=warn
        fi
        updated=
        say "Generating $size patients (set-based SQL)"
        BENCH_PATIENTS=$size bench_shell "$db" generate.py | tee "$out/$size.txt" | grep -v '^BENCH '
        say "Checking a sample against the addons' own computations"
        bench_shell "$db" check.py || die "generated data differ from what the addons compute (see above)"
        say "Measuring at $size patients"
        bench_shell "$db" measure.py | tee -a "$out/$size.txt" | grep '^BENCH '
        say "Recall job, full run"
        bench_shell "$db" recall_cron.py | grep '^BENCH ' | tee -a "$out/$size.txt"
        say "Reminders per second"
        if [ ! -f "$ROOT/tests/benchmarks/reminders_throughput.py" ]; then
            echo 'BENCH {"operation": "reminders per second", "note": "not measured: no reminders_throughput.py"}' \
                >>"$out/$size.txt"
        elif ! BENCH_REMINDERS=${BENCH_REMINDERS:-500} bench_shell "$db" reminders_throughput.py |
            grep '^BENCH ' | tee -a "$out/$size.txt"; then
            echo 'BENCH {"operation": "reminders per second", "note": "not measured: reminders_throughput.py failed"}' |
                tee -a "$out/$size.txt"
        fi
    done
    # every size measured on this database, smallest first
    mapfile -t sizes < <(find "$out" -maxdepth 1 -name '[0-9]*.txt' -printf '%f\n' | sort -n)
    say "Results (raw lines in $out)"
    "$PY" "$ROOT/tests/benchmarks/bench_table.py" "${sizes[@]/#/$out/}" | tee "$out/table.md"
}

# Each role's main screens, screenshotted in headless Chromium from a demo server of its own.
SCREENS=(
    "recepcion recepcion agenda=/odoo calendar=/odoo/action-healthcare_crm.action_appointment_calendar patients=/odoo/action-healthcare_crm.action_patients recalls=/odoo/action-healthcare_crm.action_recalls consents=/odoo/action-healthcare_crm.action_healthcare_consents"
    "coordinacion coordinacion pipeline=/odoo quote_list=/odoo/action-healthcare_crm.action_quote_pipeline?view_type=list my_figures=/odoo/action-healthcare_crm.action_clinic_dashboard"
    "contabilidad contabilidad invoices=/odoo/action-account.action_move_out_invoice_type quote_report=/odoo/action-healthcare_crm.action_quote_report"
    "ramon ramon appointments=/odoo/action-healthcare_crm.action_appointments calendar=/odoo/action-healthcare_crm.action_appointment_calendar"
    "marketing marketing segments=/odoo/action-healthcare_crm_messaging.action_segments messages=/odoo/action-healthcare_crm_messaging.action_healthcare_messages sms_mailing=/odoo/action-mass_mailing_sms.mailing_mailing_action_sms/new"
    "admin admin dashboard=/odoo/action-healthcare_crm.action_clinic_dashboard pipeline=/odoo/action-healthcare_crm.action_quote_pipeline quote_report=/odoo/action-healthcare_crm.action_quote_report no_shows=/odoo/action-healthcare_crm.action_appointment_report access_log=/odoo/action-healthcare_crm.action_clinical_access_log"
)

cmd_screenshots() {
    setup
    odoo_found || die "Odoo 18 not found (set ODOO_SRC to an Odoo 18.0 source tree)"
    database_exists "$DEMO_DB" || { say "Creating demo database $DEMO_DB (a few minutes)"; create_database "$DEMO_DB" es_ES; }
    local out=$LOCAL/screenshots screen
    mkdir -p "$out"
    # Odoo itself in the background (not through a shell function), so that $! is the server.
    "$PY" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DEMO_DB" --db-filter="^$DEMO_DB\$" --log-level=warn \
        --logfile="$LOCAL/log/screenshots-server.log" </dev/null >/dev/null 2>&1 &
    SCREENSHOT_SERVER=$!
    trap 'kill "${SCREENSHOT_SERVER:-}" 2>/dev/null || true' EXIT
    for _ in $(seq 120); do curl -sf -o /dev/null "http://127.0.0.1:$HTTP_PORT/web/login" && break; sleep 1; done
    for screen in "${SCREENS[@]}"; do
        # shellcheck disable=SC2086  # login, password and NAME=PATH pairs
        set -- $screen
        say "Screens of $1"
        "$PY" "$ROOT/tools/screenshots.py" "http://127.0.0.1:$HTTP_PORT" "$1" "$2" "$out/$1" "${@:3}"
    done
    say "Screenshots in $out"
}

case "${1:-}" in
demo) cmd_demo ;;
screenshots) cmd_screenshots ;;
bench) cmd_bench ;;
test) shift; cmd_test "$@" ;;
i18n) shift; cmd_i18n "$@" ;;
setup) setup ;;
*) die "usage: $0 demo|test|i18n|bench|screenshots|setup" ;;
esac
