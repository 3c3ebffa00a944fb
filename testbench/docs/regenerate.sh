#!/usr/bin/env bash
# npm run docs: recompute every figure the docs quote, on this commit, then refill the pages.
# The studies and the benchmark matrix run through the result cache (.cache/studies): points of an
# unchanged model come from it, so a second run takes seconds. Each command checks its own outputs.
set -euo pipefail
cd "$(dirname "$0")/../.."
echo "docs: commit $(git rev-parse --short HEAD), load average $(cut -d' ' -f1-3 /proc/loadavg)"
for study in mrs-words switch-cost tlb-reach memory-latency designs footprint footprint-tlb user-isa; do
  npm run --silent study -- "$study" --out "docs/studies/$study" >/dev/null
done
npm run --silent ipcbench -- --out docs/benchmarks --no-png --docs docs/BENCHMARKS.md >/dev/null
npm run --silent ipcbench -- --strategies fcse --placements inter --priorities equal --perturb all \
  --hot 64 --out docs/benchmarks/perturbed --no-png --docs docs/BENCHMARKS.md >/dev/null
npm run --silent why
npm run --silent studies-page
echo "docs: done, load average $(cut -d' ' -f1-3 /proc/loadavg); review with git diff docs/"
