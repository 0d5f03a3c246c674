package binxml

// Record types of [MC-NBFX] 2.2. A text record's odd form (type+1) is the
// same text followed by an implicit EndElement.
const (
	recEndElement = 0x01
	recComment    = 0x02
	recArray      = 0x03

	recShortAttribute                = 0x04
	recAttribute                     = 0x05
	recShortDictionaryAttribute      = 0x06
	recDictionaryAttribute           = 0x07
	recShortXmlnsAttribute           = 0x08
	recXmlnsAttribute                = 0x09
	recShortDictionaryXmlnsAttribute = 0x0A
	recDictionaryXmlnsAttribute      = 0x0B
	recPrefixDictionaryAttributeA    = 0x0C // .. 0x25
	recPrefixAttributeA              = 0x26 // .. 0x3F

	recShortElement             = 0x40
	recElement                  = 0x41
	recShortDictionaryElement   = 0x42
	recDictionaryElement        = 0x43
	recPrefixDictionaryElementA = 0x44 // .. 0x5D
	recPrefixElementA           = 0x5E // .. 0x77

	recZeroText            = 0x80
	recOneText             = 0x82
	recFalseText           = 0x84
	recTrueText            = 0x86
	recInt8Text            = 0x88
	recInt16Text           = 0x8A
	recInt32Text           = 0x8C
	recInt64Text           = 0x8E
	recFloatText           = 0x90
	recDoubleText          = 0x92
	recDecimalText         = 0x94
	recDateTimeText        = 0x96
	recChars8Text          = 0x98
	recChars16Text         = 0x9A
	recChars32Text         = 0x9C
	recBytes8Text          = 0x9E
	recBytes16Text         = 0xA0
	recBytes32Text         = 0xA2
	recStartListText       = 0xA4
	recEndListText         = 0xA6
	recEmptyText           = 0xA8
	recDictionaryText      = 0xAA
	recUniqueIDText        = 0xAC
	recTimeSpanText        = 0xAE
	recGUIDText            = 0xB0
	recUInt64Text          = 0xB2
	recBoolText            = 0xB4
	recUnicodeChars8Text   = 0xB6
	recUnicodeChars16Text  = 0xB8
	recUnicodeChars32Text  = 0xBA
	recQNameDictionaryText = 0xBC
)
