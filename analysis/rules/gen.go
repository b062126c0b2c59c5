package rules

// RULES.md at the root of the module is generated from the rules' Doc
// fields; `make rules-doc` runs this.
//go:generate go run ./internal/gendoc -o ../../RULES.md
