// Package nbfx implements .NET Binary XML: the record format of [MC-NBFX],
// the static string dictionary of [MC-NBFS] and the per-session string
// tables of [MC-NBFSE], as WCF's binary message encoders use them.
//
// The Reader accepts every record of [MC-NBFX]; the Writer makes the choices
// WCF's XmlBinaryWriter makes, so that what it writes matches WCF's bytes.
package nbfx
