package markdown

import (
	"unicode"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// This file replaces goldmark's emphasis and strikethrough inline parsers by
// versions that follow the "CommonMark CJK-friendly amendments"
// (https://github.com/tats-u/markdown-cjk-friendly/blob/main/specification.md,
// commonmark-spec#650). Only the flanking rules differ; matching delimiters
// is still done by goldmark's parser.ProcessDelimiters.

// emphasisProcessor is the DelimiterProcessor for '*' and '_'.
type emphasisProcessor struct{}

func (emphasisProcessor) IsDelimiter(b byte) bool { return b == '*' || b == '_' }

func (emphasisProcessor) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	return opener.Char == closer.Char
}

func (emphasisProcessor) OnMatch(consumes int) ast.Node { return ast.NewEmphasis(consumes) }

// strikeProcessor is the DelimiterProcessor for '~'.
type strikeProcessor struct{}

func (strikeProcessor) IsDelimiter(b byte) bool { return b == '~' }

func (strikeProcessor) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	return opener.Char == closer.Char
}

func (strikeProcessor) OnMatch(int) ast.Node { return east.NewStrikethrough() }

// cjkEmphasisParser parses '*' and '_' delimiter runs with CJK-friendly
// flanking rules.
type cjkEmphasisParser struct{}

func (cjkEmphasisParser) Trigger() []byte { return []byte{'*', '_'} }

func (cjkEmphasisParser) Parse(_ ast.Node, block text.Reader, pc parser.Context) ast.Node {
	before := block.PrecendingCharacter()
	line, segment := block.PeekLine()
	d := scanDelimiter(line, before, emphasisProcessor{})
	if d == nil {
		return nil
	}
	d.Segment = segment.WithStop(segment.Start + d.OriginalLength)
	block.Advance(d.OriginalLength)
	pc.PushDelimiter(d)
	return d
}

// cjkStrikeParser parses GFM strikethrough ('~' or '~~') with CJK-friendly
// flanking rules.
type cjkStrikeParser struct{}

func (cjkStrikeParser) Trigger() []byte { return []byte{'~'} }

func (cjkStrikeParser) Parse(_ ast.Node, block text.Reader, pc parser.Context) ast.Node {
	before := block.PrecendingCharacter()
	line, segment := block.PeekLine()
	d := scanDelimiter(line, before, strikeProcessor{})
	if d == nil || d.OriginalLength > 2 || before == '~' {
		return nil
	}
	d.Segment = segment.WithStop(segment.Start + d.OriginalLength)
	block.Advance(d.OriginalLength)
	pc.PushDelimiter(d)
	return d
}

func (cjkStrikeParser) CloseBlock(ast.Node, parser.Context) {}

// scanDelimiter is parser.ScanDelimiter with the CJK-friendly definitions of
// left- and right-flanking delimiter runs:
//
//   - left-flanking: not followed by white space, and either not followed by
//     a non-CJK punctuation character, or followed by one and preceded by
//     white space, punctuation or a CJK character;
//   - right-flanking: not preceded by white space, and either not preceded by
//     a non-CJK punctuation character, or preceded by one and followed by
//     white space, punctuation or a CJK character.
//
// Variation selectors are treated as part of the preceding CJK character.
func scanDelimiter(line []byte, before rune, processor parser.DelimiterProcessor) *parser.Delimiter {
	if len(line) == 0 || !processor.IsDelimiter(line[0]) {
		return nil
	}
	c := line[0]
	j := 1
	for j < len(line) && line[j] == c {
		j++
	}
	after := ' '
	if j < len(line) {
		after = util.ToRune(line, j)
	}

	beforeSpace := util.IsSpaceRune(before)
	afterSpace := util.IsSpaceRune(after)
	beforePunct := util.IsPunctRune(before)
	afterPunct := util.IsPunctRune(after)
	beforeCJK := isCJK(before) || isVariationSelector(before)
	afterCJK := isCJK(after)
	beforeNonCJKPunct := beforePunct && !beforeCJK
	afterNonCJKPunct := afterPunct && !afterCJK

	left := !afterSpace &&
		(!afterNonCJKPunct || beforeSpace || beforePunct || beforeCJK)
	right := !beforeSpace &&
		(!beforeNonCJKPunct || afterSpace || afterPunct || afterCJK)

	var canOpen, canClose bool
	if c == '_' {
		canOpen = left && (!right || beforePunct)
		canClose = right && (!left || afterPunct)
	} else {
		canOpen, canClose = left, right
	}
	return parser.NewDelimiter(canOpen, canClose, j, c, processor)
}

// isCJK reports whether r is a CJK character in the sense of the
// CJK-friendly amendments: East Asian Width W, F or H (emoji excluded), or
// Hangul.
func isCJK(r rune) bool {
	if r < 0x1100 {
		return false
	}
	if r >= 0x1F000 && r <= 0x1FAFF { // emoji and pictographs
		return false
	}
	switch util.EastAsianWidth(r) {
	case "W", "F", "H":
		return true
	}
	return unicode.Is(unicode.Hangul, r)
}

// isVariationSelector reports whether r is a variation selector that may
// follow a CJK character (U+FE00–U+FE0E) or an ideographic variation
// selector (U+E0100–U+E01EF).
func isVariationSelector(r rune) bool {
	return r >= 0xFE00 && r <= 0xFE0E || r >= 0xE0100 && r <= 0xE01EF
}
