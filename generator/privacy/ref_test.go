package privacy

// refScan is Scan as it was before nextCandidate: one table lookup per
// byte, every digit run judged by numbers. The differential tests hold
// Scan to it.
func (s *Scanner) refScan(text []byte) []Finding {
	sc := scan{s: s, text: text}
	n := len(text)
	for i := 0; i < n; {
		for i < n && class[text[i]] == 0 {
			i++
		}
		if i >= n {
			break
		}
		switch class[text[i]] {
		case classDigit:
			i = sc.numbers(i)
		case class86:
			switch {
			case i >= 2 && text[i-2] == 0xE5 && text[i-1] == 0xAF:
				i = sc.marker(i - 2)
			case i >= 1 && i+1 < n && text[i-1] == 0xE5 && text[i+1] == 0x85:
				i = sc.marker(i - 1)
			default:
				i++
			}
		case classEF:
			if i+2 < n && text[i+1] == 0xBC && text[i+2]-0x90 < 10 {
				i = sc.numbers(i)
			} else {
				i++
			}
		}
	}
	if len(sc.hits) == 0 {
		return nil
	}
	return locate(text, sc.hits)
}
