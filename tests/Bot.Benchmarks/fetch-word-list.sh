#!/usr/bin/env bash
# Fetches an English word list (npm package word-list: ~274 k lower-case words from SCOWL, MIT) into a cache outside git.
# Usage: tests/Bot.Benchmarks/fetch-word-list.sh [CACHE_DIR]   (default: ~/.cache/bot-bench, or $BOT_BENCH_CACHE)
set -euo pipefail
cache="${1:-${BOT_BENCH_CACHE:-$HOME/.cache/bot-bench}}"
if [ -f "$cache/node_modules/word-list/words.txt" ]; then
  echo "$cache/node_modules/word-list/words.txt"
  exit 0
fi
mkdir -p "$cache"
npm install --silent --no-audit --no-fund --prefix "$cache" word-list@4.1.0 >&2
echo "$cache/node_modules/word-list/words.txt"
