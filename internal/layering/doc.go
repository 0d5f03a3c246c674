// Package layering has no code: its test checks the module's import
// direction (layering_test.go). The wire packages — soap/..., nettcp/...,
// cancel/... — import only the standard library, each other,
// internal/monoclock and, in soap/..., github.com/beevik/etree; never
// servicemodel, cmd, the rest of internal, or another module.
package layering
