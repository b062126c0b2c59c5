package analysis

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The shape every finding's message must have (Finding.Message): one
// line of about 100 characters, read in the Problems panel of an editor or
// a terminal, with the why left to the rule's Doc. Nothing checks it at
// run time: the rules' tests do, on their archives and on real files.
const (
	// MaxMessage is how long a message may be, counting each word of it
	// at most MaxWord characters. The words that run longer are names,
	// paths and values from the file (service names of up to 52
	// characters in the corpus, image references, environment variable
	// names), which a rule cannot shorten without hiding what it names;
	// the rest of the message is what it can keep short.
	MaxMessage = 100
	MaxWord    = 20
	// MaxMessageBytes bounds a message whatever its words: the rules
	// clip what they quote from a file, so only a very long name gets
	// near it.
	MaxMessageBytes = 160
)

// MessageWidth is the length of msg as MaxMessage counts it.
func MessageWidth(msg string) int {
	width := 0
	for i, word := range strings.Split(msg, " ") {
		if i > 0 {
			width++
		}
		width += min(utf8.RuneCountInString(word), MaxWord)
	}
	return width
}

// CheckMessage reports what is wrong with the shape of a finding's
// message, or nil: it is one line, within MaxMessage, does not end in a
// period, and starts in lower case unless its first word is an
// identifier written in capitals (an instruction such as ADD, a variable
// such as NODE_TLS_REJECT_UNAUTHORIZED=false) or no word at all (a quoted
// `key`).
func CheckMessage(msg string) error {
	switch {
	case msg == "":
		return fmt.Errorf("empty message")
	case strings.ContainsFunc(msg, unicode.IsControl):
		return fmt.Errorf("message is not one line: %q", msg)
	case MessageWidth(msg) > MaxMessage || len(msg) > MaxMessageBytes:
		return fmt.Errorf("message is %d characters long (%d counting each word as at most %d), over %d: %q",
			utf8.RuneCountInString(msg), MessageWidth(msg), MaxWord, MaxMessage, msg)
	case strings.HasSuffix(msg, "."):
		return fmt.Errorf("message ends in a period: %q", msg)
	}
	first := msg[:strings.IndexAny(msg+" ", " =:")]
	if r, _ := utf8.DecodeRuneInString(first); unicode.IsUpper(r) && strings.ContainsFunc(first, unicode.IsLower) {
		return fmt.Errorf("message starts with a capital: %q", msg)
	}
	return nil
}
