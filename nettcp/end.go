package nettcp

// Single-byte records: End, Preamble Ack, Preamble End and Upgrade Response
// ([MC-NMF] 2.2.3.7, 2.2.3.10–2.2.3.12). They carry no payload, so writing one
// is a one-byte write and reading one is the type byte alone.

var (
	endRecord         = []byte{recEnd}
	ackRecord         = []byte{recPreambleAck}
	preambleEndRecord = []byte{recPreambleEnd}
	upgradeOKRecord   = []byte{recUpgradeResponse}
	endAfterTerm      = []byte{0x00, recEnd} // unsized terminator then End (§1.6)
)
