package binxml

import (
	"encoding/binary"
	"fmt"
	"math"
	"time"

	"github.com/wwsgo/wws/soap/infoset"
)

// The Array record, [MC-NBFX] 2.2.3.31: 03, an element
// record with its declarations, 01, the odd text record type, MB31 count,
// then count fixed-size values. As in WCF's XmlBinaryWriter.WriteArray, an
// empty array writes nothing.

// WriteArray writes values as count repetitions of the element
// prefix:local in ns, each holding one value, in one Array record. values
// is one of []bool, []int16, []int32, []int64, []float32, []float64,
// []infoset.Decimal, []time.Time (UTC DateTime), []time.Duration (TimeSpan)
// or [][16]byte (GUIDs in wire byte order).
func (w *Writer) WriteArray(prefix, local, ns string, values any) {
	if !w.ok() {
		return
	}
	n, rec := arrayInfo(values)
	switch {
	case rec == 0:
		w.fail(fmt.Errorf("%w: %T", ErrArrayType, values))
		return
	case n == 0:
		return
	case n > maxInt31:
		w.fail(ErrTooLong)
		return
	}
	w.closeStart()
	w.textOff = -1
	w.dst = append(w.dst, recArray)
	w.StartElement(prefix, local, ns)
	w.EndElement() // declarations, then 01: no text precedes it
	if w.err != nil {
		return
	}
	w.dst = AppendMB31(append(w.dst, rec), uint32(n))
	w.dst = appendArrayValues(w.dst, values)
}

// arrayInfo returns the length of values and its (odd) record type, or 0
// for an unsupported type.
func arrayInfo(values any) (int, byte) {
	switch v := values.(type) {
	case []bool:
		return len(v), recBoolText + 1
	case []int16:
		return len(v), recInt16Text + 1
	case []int32:
		return len(v), recInt32Text + 1
	case []int64:
		return len(v), recInt64Text + 1
	case []float32:
		return len(v), recFloatText + 1
	case []float64:
		return len(v), recDoubleText + 1
	case []infoset.Decimal:
		return len(v), recDecimalText + 1
	case []time.Time:
		return len(v), recDateTimeText + 1
	case []time.Duration:
		return len(v), recTimeSpanText + 1
	case [][16]byte:
		return len(v), recGUIDText + 1
	}
	return 0, 0
}

// appendArrayValues appends the fixed-size little-endian values.
func appendArrayValues(b []byte, values any) []byte {
	le := binary.LittleEndian
	switch v := values.(type) {
	case []bool:
		for _, x := range v {
			b = append(b, boolByte(x))
		}
	case []int16:
		for _, x := range v {
			b = le.AppendUint16(b, uint16(x))
		}
	case []int32:
		for _, x := range v {
			b = le.AppendUint32(b, uint32(x))
		}
	case []int64:
		for _, x := range v {
			b = le.AppendUint64(b, uint64(x))
		}
	case []float32:
		for _, x := range v {
			b = le.AppendUint32(b, math.Float32bits(x))
		}
	case []float64:
		for _, x := range v {
			b = le.AppendUint64(b, math.Float64bits(x))
		}
	default:
		return appendArrayStructs(b, values)
	}
	return b
}

func appendArrayStructs(b []byte, values any) []byte {
	le := binary.LittleEndian
	switch v := values.(type) {
	case []infoset.Decimal:
		for _, x := range v {
			b = appendDecimal(b, x)
		}
	case []time.Time:
		for _, x := range v {
			raw, _ := infoset.DateTime(x).DateTimeRaw()
			b = le.AppendUint64(b, raw)
		}
	case []time.Duration:
		for _, x := range v {
			ticks, _ := infoset.Duration(x).TimeSpanTicks()
			b = le.AppendUint64(b, uint64(ticks))
		}
	case [][16]byte:
		for _, x := range v {
			b = append(b, x[:]...)
		}
	}
	return b
}

func boolByte(v bool) byte {
	if v {
		return 1
	}
	return 0
}
