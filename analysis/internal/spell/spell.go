// Package spell finds what a misspelt word was meant to be, for the
// "did you mean" of messages about unknown keys and values.
package spell

import "strings"

// Suggest returns the one known word within a small edit distance of
// name (one slip for a name of up to four letters, two for a longer one),
// case aside; ok is false when there is none, or more than one.
func Suggest(name string, known []string) (suggestion string, ok bool) {
	limit := 2
	if len(name) <= 4 {
		limit = 1
	}
	best, count := "", 0
	bestDist := limit + 1
	for _, k := range known {
		d := editDistance(strings.ToLower(name), strings.ToLower(k))
		switch {
		case d < bestDist:
			best, bestDist, count = k, d, 1
		case d == bestDist:
			count++
		}
	}
	return best, count == 1 && bestDist <= limit
}

// editDistance is the Damerau-Levenshtein distance (with adjacent
// transpositions), which counts "volmues" as one slip from "volumes".
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range rb {
		d[0][j+1] = j + 1
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
