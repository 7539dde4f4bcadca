#!/usr/bin/env bash
# Side-by-side build benchmark: this generator and Hugo on the same
# generated Chinese corpus, each as a whole process, wall time and peak
# memory from /usr/bin/time -v. Usage: docs/bench-hugo.sh [PAGES] [RUNS];
# TMPDIR=/dev/shm puts corpus and outputs on tmpfs (takes the disk out).
# Needs: Go, /usr/bin/time, and Debian's hugo (apt-get install hugo).
set -euo pipefail
pages=${1:-10000}
runs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/generator" "$root/generator"
go run "$root/generator/corpus/cmd/gencorpus" -n "$pages" -o "$work/site" >/dev/null

# The same content as a Hugo site: same Markdown and front matter, a minimal
# theme with a base layout, list and single pages, 3 taxonomies, RSS.
mkdir -p "$work/hugo/layouts/_default"
cp -r "$work/site/content" "$work/hugo/content"
cat > "$work/hugo/hugo.toml" <<'TOML'
baseURL = "https://example.gov.cn/fzzf/"
title = "基准测试"
languageCode = "zh-cn"
hasCJKLanguage = true
disableKinds = []
[taxonomies]
tag = "tags"
unit = "units"
category = "categories"
[markup.goldmark.renderer]
unsafe = false
TOML
cat > "$work/hugo/layouts/_default/baseof.html" <<'HTML'
<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }} – {{ .Site.Title }}</title></head>
<body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header><main>{{ block "main" . }}{{ end }}</main>
<footer>主办单位</footer></body></html>
HTML
cat > "$work/hugo/layouts/_default/single.html" <<'HTML'
{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }}</p>{{ .TableOfContents }}{{ .Content }}
<p>{{ range .Params.tags }}<a href="{{ (printf "/tags/%s/" (. | urlize)) | relURL }}">{{ . }}</a> {{ end }}</p></article>{{ end }}
HTML
cat > "$work/hugo/layouts/_default/list.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>{{ end }}
HTML

once() { # label, then the command: one run into an empty destination
  local label=$1; shift
  # Nothing is deleted between runs (deleting thousands of files makes the
  # disk busy during the next run); dirty pages are written out first.
  sync
  /usr/bin/time -v "$@" >"$work/out.txt" 2>"$work/time.txt" || { cat "$work/out.txt" "$work/time.txt"; exit 1; }
  wall=$(grep 'Elapsed (wall clock)' "$work/time.txt" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$work/time.txt" | awk '{print $NF}')
  user=$(grep 'User time' "$work/time.txt" | awk '{print $NF}')
  sys=$(grep 'System time' "$work/time.txt" | awk '{print $NF}')
  printf '%-10s wall %s, user %ss, sys %ss, peak RSS %d MiB\n' "$label" "$wall" "$user" "$sys" $((rss / 1024))
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "corpus: $pages pages, in $work"
command -v hugo >/dev/null && echo "hugo: $(hugo version | cut -d' ' -f2)" || echo "hugo not installed: apt-get install hugo to compare"
# Alternate the two tools, each run into a new empty destination, so both
# see the same machine load and the same disk state.
for i in $(seq "$runs"); do
  echo "round $i"
  once generator "$work/generator" build --source "$work/site" --dest "$work/public-gen-$i" --as-of 2024-01-01 --quiet
  if command -v hugo >/dev/null; then
    once hugo hugo --source "$work/hugo" --destination "$work/public-hugo-$i" --quiet
  fi
done
