package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"fzzf/generator/build"
	"fzzf/generator/serve"
	"fzzf/generator/tomlfile"
)

// runServe runs the preview server until Ctrl-C.
func runServe(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	source := fs.String("source", ".", "site source folder (holds config.toml and content/)")
	bind := fs.String("bind", "127.0.0.1", "address to listen on; anything but loopback lets other machines see drafts")
	port := fs.Int("port", 1313, "port to listen on (0: any free port)")
	asOf := fs.String("as-of", "", "show the site as of this day, YYYY-MM-DD (default: today in China)")
	noDrafts := fs.Bool("no-drafts", false, "leave out drafts and pages dated in the future or expired, as the real build does")
	poll := fs.Bool("poll", false, "poll for changes instead of using inotify (network and VM shares)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	opts := build.Options{Drafts: !*noDrafts}
	if *asOf != "" {
		t, err := time.ParseInLocation("2006-01-02", *asOf, tomlfile.China)
		if err != nil {
			fmt.Fprintf(stderr, "serve: --as-of %q: write the day as YYYY-MM-DD, e.g. 2023-03-15\n", *asOf)
			return 2
		}
		opts.AsOf = t
	}
	srv, err := serve.New(serve.Options{
		Source: *source, Bind: *bind, Port: *port, Poll: *poll,
		Build: opts, Extensions: sessionExtensions(), Log: stderr,
	})
	if err != nil {
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return 1
	}
	if !srv.Loopback() {
		fmt.Fprintf(stderr, "serve: warning: listening on %s, so other machines can see this preview, drafts included; use --bind 127.0.0.1 to keep it local\n", *bind)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// The URL is printed once the first build is done and served.
		<-srv.Ready()
		fmt.Fprintf(stdout, "serving %s (Ctrl-C to stop)\n", srv.URL())
	}()
	if err := srv.Serve(ctx); err != nil {
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, "stopped")
	return 0
}
