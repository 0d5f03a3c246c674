// Package nbfx implements .NET Binary XML: the record format of [MC-NBFX],
// the static string dictionary of [MC-NBFS] and the per-session string
// tables of [MC-NBFSE], as WCF's binary message encoders use them.
//
// The Reader accepts every record of [MC-NBFX]; the Writer makes the choices
// WCF's XmlBinaryWriter makes, so that what it writes matches WCF's bytes.
//
// # Where the code lives
//
// This package is the public face of the codec in soap/internal/binxml:
// Reader, Writer, ReadSession and WriteSession each hold the binxml value
// they forward to, and the errors are binxml's (errors.Is and errors.As
// work on either). binxml also carries the raw-access hooks that package
// soap's binary-message fast paths use (reading the envelope's start tags
// by their bytes, remembering a Header or a body's leaves from one message
// to the next, replaying written records); they are internal to soap/...,
// so this package's API is the reader and writer of the specifications
// alone. soap reaches the binxml Reader or Writer inside a Reader or
// Writer of this package (binxml.ReaderOf, WriterOf), so both read and
// write the same bytes by the same paths.
package nbfx
