// Command generator builds the 法治政府建设示范市创建 portal (or any site with
// the same layout) from Markdown content into a static site.
//
//	go run ./generator build   [--source DIR] [--dest DIR] [--base-url URL] [--as-of YYYY-MM-DD] [--drafts] [--quiet]
//	go run ./generator check   [--source DIR] [--as-of YYYY-MM-DD] [--base-url URL] [--drafts]
//	go run ./generator serve   [--source DIR] [--bind 127.0.0.1] [--port 1313] [--as-of YYYY-MM-DD] [--no-drafts] [--poll]
//	go run ./generator ledger  template|import …
//	go run ./generator new     <section>/<name>.md
//	go run ./generator seed import seeds/<plan>.txt
//	go run ./generator version
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	_ "time/tzdata" // dates are China time on any host, even one without zoneinfo
)

func main() {
	// FZZF_CPUPROFILE=FILE writes a CPU profile of the whole command, for
	// finding where a slow build spends its time (go tool pprof FILE).
	if path := os.Getenv("FZZF_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil && pprof.StartCPUProfile(f) == nil {
			code := run(os.Args[1:], os.Stdout, os.Stderr)
			pprof.StopCPUProfile()
			f.Close()
			os.Exit(code)
		}
		fmt.Fprintf(os.Stderr, "generator: cannot write the CPU profile to %s\n", path)
	}
	code := run(os.Args[1:], os.Stdout, os.Stderr)
	// FZZF_MEMPROFILE=FILE writes where the command allocated (go tool
	// pprof -sample_index=alloc_space FILE).
	if path := os.Getenv("FZZF_MEMPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			pprof.Lookup("allocs").WriteTo(f, 0)
			f.Close()
		}
	}
	os.Exit(code)
}

// commands maps a sub-command to the function that runs it.
var commands = map[string]func(args []string, stdout, stderr io.Writer) int{
	"build":   runBuild,
	"check":   runCheck,
	"ledger":  runLedger,
	"new":     runNew,
	"seed":    runSeed,
	"serve":   runServe,
	"version": runVersion,
}

func run(args []string, stdout, stderr io.Writer) (code int) {
	// Errors name a file and line; a panic is a bug in the generator, and
	// editors should see one plain line, not a Go stack trace.
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "generator: internal error: %v (this is a bug in the generator; please report it with the command you ran)\n", r)
			code = 3
		}
	}()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "generator: unknown command %q\n", args[0])
		usage(stderr)
		return 2
	}
	return cmd(args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage: generator <command> [flags]

commands:
  build     build the site into public/ (see: generator build -h)
  check     run every publication check without writing anything
  ledger    make a unit's monthly work-ledger sheet, or import a filled one
  new       create a content file with its front matter filled in
  seed      re-extract the indicator data from the plan text
  serve     preview the site: rebuild in memory and reload the browser on every save
  version   print the generator's version
`)
}
