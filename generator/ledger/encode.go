package ledger

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Encode writes l as TOML in the layout shown in the package comment. The
// output depends only on l: keys come in a fixed order, entries in l's order,
// false and empty values are left out, and multi-line details become
// multi-line strings so that reviews show readable diffs.
func Encode(l *Ledger) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "unit = %s\n", quote(l.Unit))
	fmt.Fprintf(&b, "month = %s\n", quote(l.Month.String()))
	if !l.Submitted.IsZero() {
		fmt.Fprintf(&b, "submitted = %s\n", l.Submitted.In(china).Format(time.DateOnly))
	}
	if l.Sample {
		b.WriteString("sample = true\n")
	}
	for _, e := range l.Entries {
		b.WriteString("\n[[entry]]\n")
		fmt.Fprintf(&b, "indicator = %d\n", e.Indicator)
		fmt.Fprintf(&b, "status = %s\n", quote(string(e.Status)))
		if e.Detail != "" {
			fmt.Fprintf(&b, "detail = %s\n", quoteText(e.Detail))
		}
		if len(e.Evidence) > 0 {
			q := make([]string, len(e.Evidence))
			for i, s := range e.Evidence {
				q[i] = quote(s)
			}
			fmt.Fprintf(&b, "evidence = [%s]\n", strings.Join(q, ", "))
		}
		if e.Contact != "" {
			fmt.Fprintf(&b, "contact = %s\n", quote(e.Contact))
		}
		if e.Secret {
			b.WriteString("secret = true\n")
		}
	}
	return b.Bytes()
}

// quote writes s as a TOML basic string.
func quote(s string) string {
	return `"` + escape(s, false) + `"`
}

// quoteText writes s as a basic string, or as a multi-line basic string when
// it has line breaks.
func quoteText(s string) string {
	if !strings.Contains(s, "\n") {
		return quote(s)
	}
	return "\"\"\"\n" + escape(s, true) + `"""`
}

func escape(s string, multiline bool) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n' && multiline:
			b.WriteByte('\n')
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// WriteFile writes l as TOML to path, creating its folder if needed. It
// refuses to replace an existing file unless force is set. The file is
// written to a temporary file in the same folder and renamed into place, so
// a partial ledger never appears, even if writing fails half-way.
func WriteFile(path string, l *Ledger, force bool) error {
	if !force {
		if _, err := os.Lstat(path); err == nil {
			return fmt.Errorf("%s: already exists; refusing to overwrite it without force", path)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	fail := func(err error) error {
		tmp.Close()
		os.Remove(name)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := tmp.Write(Encode(l)); err != nil {
		return fail(err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(name, path); err != nil {
		os.Remove(name)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
