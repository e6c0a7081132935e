#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: initdb into a temporary folder, start it on a free loopback port,
# create the database, and print the connection string the storage specs read (BOT_TEST_POSTGRES).
#
#   eval "$(scripts/postgres.sh start)"   start (or find the running one) and export BOT_TEST_POSTGRES
#   scripts/postgres.sh env               print the export line of the running server
#   scripts/postgres.sh stop              stop it and delete its folder
#
# Standard output is only the export line; progress goes to standard error. Uses PostgreSQL 15 from the machine
# image (/usr/lib/postgresql/*/bin), installing it with apt-get where it is missing. initdb refuses to run as root,
# so as root the server runs as the `postgres` OS user (created if missing). It listens on 127.0.0.1 only and trusts
# every local connection: it is a test server, never one to keep data in, so it also runs with fsync off.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
# Where the running server's folder is remembered, per clone, so several clones on one machine each have their own.
state="${BOT_POSTGRES_STATE:-$repo/.postgres/current}"
database=bot
superuser=bot

say() { echo "postgres.sh: $*" >&2; }
fail() { say "$*"; exit 1; }

find_binaries() {
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -z "$bin" || ! -x "$bin/initdb" ]]; then
        [[ $(id -u) -eq 0 ]] || fail "PostgreSQL is not installed and installing it needs root: apt-get install postgresql"
        say "PostgreSQL is not installed: installing it with apt-get"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
        bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    fi
    echo "$bin"
}

# Runs a PostgreSQL program as the user that owns the cluster: ourselves, or `postgres` when we are root.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

connection_string() { echo "Host=127.0.0.1;Port=$1;Username=$superuser;Database=$database"; }

running_folder() {
    [[ -f "$state" ]] || return 1
    local folder
    folder=$(cat "$state")
    [[ -f "$folder/port" ]] && as_owner "$(cat "$folder/bin")/pg_ctl" -D "$folder/data" status >/dev/null 2>&1 || return 1
    echo "$folder"
}

start() {
    local folder
    if folder=$(running_folder); then
        say "already running in $folder"
        echo "export BOT_TEST_POSTGRES='$(connection_string "$(cat "$folder/port")")'"
        return
    fi

    local bin
    bin=$(find_binaries)
    if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    fi

    # As root, in /tmp: the `postgres` user must reach the folder, and a root's own TMPDIR may be closed to it.
    if [[ $(id -u) -eq 0 ]]; then
        folder=$(mktemp -d /tmp/bot-postgres.XXXXXX)
        chown postgres: "$folder"
    else
        folder=$(mktemp -d "${TMPDIR:-/tmp}/bot-postgres.XXXXXX")
    fi
    echo "$bin" >"$folder/bin"
    if ! as_owner "$bin/initdb" --pgdata="$folder/data" --username="$superuser" --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$folder/initdb.log" 2>&1; then
        local reason
        reason=$(tail -n 3 "$folder/initdb.log")
        rm -rf "$folder"
        fail "initdb failed: $reason"
    fi

    # A free port: probe, then start; another program taking it in between makes the start fail, and we try another.
    local port started=""
    for _ in $(seq 1 20); do
        port=$((20000 + RANDOM % 30000))
        port_in_use "$port" && continue
        if as_owner "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -t 30 \
            -o "-p $port -k $folder -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null; then
            started=yes
            break
        fi
    done
    if [[ -z "$started" ]]; then
        local reason
        reason=$(tail -n 3 "$folder/server.log" 2>/dev/null || true)
        rm -rf "$folder"
        fail "the server did not start: $reason"
    fi
    echo "$port" >"$folder/port"

    if ! as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$superuser" "$database"; then
        as_owner "$bin/pg_ctl" -D "$folder/data" -m immediate -w stop >/dev/null 2>&1 || true
        rm -rf "$folder"
        fail "could not create the database $database"
    fi
    mkdir -p "$(dirname "$state")"
    echo "$folder" >"$state"
    say "PostgreSQL $("$bin/postgres" --version | awk '{ print $3 }') on 127.0.0.1:$port, folder $folder"
    echo "export BOT_TEST_POSTGRES='$(connection_string "$port")'"
}

stop() {
    [[ -f "$state" ]] || { say "no server was started from this clone"; return; }
    local folder
    folder=$(cat "$state")
    if [[ -d "$folder/data" ]]; then
        as_owner "$(cat "$folder/bin")/pg_ctl" -D "$folder/data" -m fast -w stop >/dev/null 2>&1 || say "the server in $folder was not running"
    fi
    rm -rf "$folder" "$state"
    say "stopped and deleted $folder"
}

env_line() {
    local folder
    folder=$(running_folder) || fail "no server is running: scripts/postgres.sh start"
    echo "export BOT_TEST_POSTGRES='$(connection_string "$(cat "$folder/port")")'"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    env) env_line ;;
    *) fail "usage: scripts/postgres.sh start|stop|env" ;;
esac
