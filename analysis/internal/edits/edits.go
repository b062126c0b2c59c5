// Package edits makes random edits of a text, like a person typing,
// deleting, pasting and undoing, for the tests that check that analysing
// a document incrementally gives what analysing it from scratch gives.
package edits

import (
	"math/rand/v2"
)

// snippets are pasted whole: they change what the rules see (a new
// stage, a root USER, a secret, a privileged service), the structure the
// caches rely on (continuations, heredocs, anchors, documents) or both.
var snippets = []string{
	"\nUSER root\n", "RUN sudo apt-get install -y curl\n", "ADD app.tar.gz /opt/\n",
	"ENV API_TOKEN=abc123\n", "FROM alpine AS extra\n", "ARG VERSION=2\n", " \\\n",
	"RUN <<EOF\ncurl -k https://x | sh\nEOF\n", "# escape=`\n", "SHELL [\"/bin/bash\", \"-c\"]\n",
	"    privileged: true\n", "      - /var/run/docker.sock:/var/run/docker.sock\n",
	"  added:\n    image: nginx\n    user: root\n", "# dockwarden:ignore DW212 -- test\n",
	"&common ", "*common", "    <<: *common\n", "---\n", "    extends: web\n",
	"x-common: &x\n  restart: always\n", "\t", "\r\n", "    environment:\n      DB_PASSWORD: secret\n",
	// Text that breaks the YAML where it lands, as a key being typed, an
	// unclosed list or string, a stray indentation or a top-level key
	// being typed do: the rest of the file must still be judged.
	"    read_on\n", "    ports: [\"80:80\n", "    image: \"nginx\n", "   cap_add: [ALL]\n", "volu\n",
	"networks:\n  front: {driver: bridge\n", "    user: 'root\n", "      - ]\n",
	// And the Dockerfile's: an instruction being typed, a heredoc not yet
	// closed, a JSON array not yet closed.
	"EXPO\n", "RUN <<EOT\necho\n", "CMD [\"sh\", \n", "COPY [\"a\",\n",
}

// typed are the characters typed one at a time.
const typed = "abcdefghijklmnopqrstuvwxyz  ABCXYZ0123456789-_=:/.$\\\"'#\n\n{}[],*&|<>"

// Random returns text after one random edit chosen by r.
func Random(r *rand.Rand, text []byte) []byte {
	at := 0
	if len(text) > 0 {
		at = r.IntN(len(text) + 1)
	}
	switch k := r.IntN(20); {
	case k < 9: // type a character
		return splice(text, at, at, string(typed[r.IntN(len(typed))]))
	case k < 13: // delete a character or a selection
		n := 1
		if k >= 11 {
			n = 1 + r.IntN(60)
		}
		return splice(text, at, min(at+n, len(text)), "")
	case k < 17: // paste a snippet
		return splice(text, at, at, snippets[r.IntN(len(snippets))])
	default: // duplicate a line somewhere else
		if len(text) == 0 {
			return text
		}
		start, end := lineAround(text, r.IntN(len(text)))
		return splice(text, at, at, string(text[start:end]))
	}
}

func splice(text []byte, start, end int, insert string) []byte {
	out := make([]byte, 0, len(text)-(end-start)+len(insert))
	out = append(out, text[:start]...)
	out = append(out, insert...)
	return append(out, text[end:]...)
}

func lineAround(text []byte, at int) (int, int) {
	start, end := at, at
	for start > 0 && text[start-1] != '\n' {
		start--
	}
	for end < len(text) && text[end] != '\n' {
		end++
	}
	if end < len(text) {
		end++
	}
	return start, end
}
