// Package browsertest holds the portal's tests in a real browser: the demo
// site in this repository is built with the generator command, served
// under /fzzf/ on 127.0.0.1 by net/http, and driven with chromedp and
// Debian's Chromium. The package has no code of its own besides its tests.
//
// What the tests check (NORMS.md 12–14, issue 6):
//
//   - axe-core (from the npm registry, installed into the user cache
//     folder on first use) reports no violation for the tags wcag2a,
//     wcag2aa, wcag21a, wcag21aa and wcag22aa, in the default and in the
//     high-contrast (高对比) mode;
//   - no page scrolls sideways at 320 CSS px, nor at 640 px with 大字号 and
//     行距 on (a 1280 px screen at 200% zoom);
//   - the skip link is the first thing the keyboard reaches; the reading
//     aids work from the keyboard and persist across pages;
//   - no page requests anything outside the site;
//   - the home page with its CSS and JavaScript stays under 150 KB;
//   - three Chinese queries on the search page find the expected pages,
//     with column, date and highlighted snippets;
//   - screenshots of the home page, an indicator page and the progress
//     dashboard at 1280 and 375 px go to docs/screenshots/ (git-ignored).
//
// Which pages: axe-core runs on every page in sitemap.xml (and 404.html)
// in both modes, and every page is checked at 320 px; the 640 px check
// with large text takes up to three pages of each page type (pages grouped
// by the shape of their address). On the demo site (about 250 pages) the
// whole test takes about four minutes on two cores. FZZF_BROWSER_QUICK=1
// samples up to three pages of each type everywhere, for quick runs.
//
// Without Chromium or npm the tests skip with a message; with CI=true they
// fail instead.
package browsertest
