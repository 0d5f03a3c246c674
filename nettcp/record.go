package nettcp

// Record types of the framing protocol ([MC-NMF] 2.2.3).
const (
	recVersion                 = 0x00
	recMode                    = 0x01
	recVia                     = 0x02
	recKnownEncoding           = 0x03
	recExtensibleEnc           = 0x04
	recUnsizedEnvelope         = 0x05
	recSizedEnvelope           = 0x06
	recEnd                     = 0x07
	recFault                   = 0x08
	recUpgradeRequest          = 0x09
	recUpgradeResponse         = 0x0A
	recPreambleAck             = 0x0B
	recPreambleEnd             = 0x0C
	versionMajor, versionMinor = 1, 0
)

// Mode is the communication mode of a preamble ([MC-NMF] 2.2.3.2).
type Mode uint8

// Modes. net.tcp uses ModeDuplex (buffered) and ModeSingletonUnsized
// (streamed); the others belong to NetMsmq and are refused by the listener.
const (
	ModeSingletonUnsized Mode = 1
	ModeDuplex           Mode = 2
	ModeSimplex          Mode = 3
	ModeSingletonSized   Mode = 4
)

// String names the mode.
func (m Mode) String() string {
	switch m {
	case ModeSingletonUnsized:
		return "SingletonUnsized"
	case ModeDuplex:
		return "Duplex"
	case ModeSimplex:
		return "Simplex"
	case ModeSingletonSized:
		return "SingletonSized"
	}
	return "Mode(" + itoa(int(m)) + ")"
}
