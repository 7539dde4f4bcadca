#!/usr/bin/env bash
# Regenerates generator/default.pgo, the CPU profile `go build` uses for
# profile-guided optimization of the generator command (about 10% less
# CPU on a 10,000-page build). Profiles four builds of the 10,000-page
# corpus and four of the portal in this repository, with a binary built
# without the old profile. Run it after large changes to hot code; a stale
# profile is harmless, only less useful. Usage: docs/pgo.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -pgo=off -o "$work/generator" "$root/generator"
go run "$root/generator/corpus/cmd/gencorpus" -n 10000 -o "$work/site" >/dev/null
git -C "$root" archive HEAD config.toml content seeds urls.txt | tar -x -C "$work" --one-top-level=demo
profiles=()
for i in 1 2 3 4; do
  FZZF_CPUPROFILE="$work/corpus$i.prof" "$work/generator" build --source "$work/site" --dest "$work/public-c" --as-of 2024-01-01 --quiet >/dev/null
  FZZF_CPUPROFILE="$work/demo$i.prof" "$work/generator" build --source "$work/demo" --dest "$work/public-d" --as-of 2024-01-01 --quiet >/dev/null
  profiles+=("$work/corpus$i.prof" "$work/demo$i.prof")
done
go tool pprof -proto "$work/generator" "${profiles[@]}" >"$root/generator/default.pgo"
echo "wrote generator/default.pgo ($(wc -c <"$root/generator/default.pgo") bytes)"
