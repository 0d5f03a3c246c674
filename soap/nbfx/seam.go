package nbfx

import (
	"github.com/wwsgo/wws/soap/infoset"
	"github.com/wwsgo/wws/soap/internal/binxml"
)

// soap reaches the codec inside a Reader or Writer of this package through
// binxml.ReaderOf and WriterOf, so that it reads and writes them by the
// same fast paths as the ones its encoders make.
func init() {
	binxml.SetPublic(
		func(r infoset.Reader) *binxml.Reader {
			if pr, ok := r.(*Reader); ok {
				return &pr.r
			}
			return nil
		},
		func(w infoset.Writer) *binxml.Writer {
			if pw, ok := w.(*Writer); ok {
				return &pw.w
			}
			return nil
		})
}
