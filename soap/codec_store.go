package soap

// Storing a leaf member's text straight into its struct field. The leaf
// runs of codec_decode.go decode the same few scalar members call after
// call; going through reflect.Value.Field and Set* for each costs more than
// the binary reading. A field whose plan is a plain scalar gets a direct
// store by its offset and exact machine type, fixed when the plan is
// compiled, which does what setScalar does for it: the same Text accessor,
// the same overflow checks. Anything else, or an error, is left to
// setScalar.

import (
	"reflect"
	"unsafe"

	"github.com/wwsgo/wws/soap/infoset"
)

// storeKind is the machine type of a field with a direct store; storeNone
// when the field has none.
type storeKind uint8

const (
	storeNone storeKind = iota
	storeInt8
	storeInt16
	storeInt32
	storeInt64
	storeUint8
	storeUint16
	storeUint32
	storeUint64
	storeBool
	storeFloat32
	storeFloat64
	storeString
)

// storeKindOf is the direct store of a field of type t with plan v.
func storeKindOf(t reflect.Type, v *valuePlan) storeKind {
	k := t.Kind()
	switch v.kind {
	case kInt:
		switch k {
		case reflect.Int8:
			return storeInt8
		case reflect.Int16:
			return storeInt16
		case reflect.Int32:
			return storeInt32
		case reflect.Int64:
			return storeInt64
		case reflect.Int:
			return intStore(t.Size(), storeInt32, storeInt64)
		}
	case kUint:
		switch k {
		case reflect.Uint8:
			return storeUint8
		case reflect.Uint16:
			return storeUint16
		case reflect.Uint32:
			return storeUint32
		case reflect.Uint64:
			return storeUint64
		case reflect.Uint:
			return intStore(t.Size(), storeUint32, storeUint64)
		}
	case kBool:
		return storeBool
	case kFloat32:
		return storeFloat32
	case kFloat64:
		return storeFloat64
	case kString:
		return storeString
	}
	return storeNone
}

func intStore(size uintptr, s4, s8 storeKind) storeKind {
	switch size {
	case 4:
		return s4
	case 8:
		return s8
	}
	return storeNone
}

// store stores t into the field at p, of store kind k, as setScalar would;
// false, storing nothing, when setScalar would fail or k is storeNone.
func store(k storeKind, p unsafe.Pointer, t *infoset.Text) bool {
	switch k {
	case storeInt32: // what data contracts hold most, inline
		n, err := t.Int64()
		if err != nil || n != int64(int32(n)) {
			return false
		}
		*(*int32)(p) = int32(n)
	case storeInt8, storeInt16, storeInt64:
		return storeInt(k, p, t)
	case storeUint8, storeUint16, storeUint32, storeUint64:
		return storeUint(k, p, t)
	case storeBool:
		b, err := t.Bool()
		if err != nil {
			return false
		}
		*(*bool)(p) = b
	case storeFloat32:
		f, err := t.Float64()
		if err != nil {
			return false
		}
		*(*float32)(p) = float32(f)
	case storeFloat64:
		f, err := t.Float64()
		if err != nil {
			return false
		}
		*(*float64)(p) = f
	case storeString:
		*(*string)(p) = t.String()
	default:
		return false
	}
	return true
}

func storeInt(k storeKind, p unsafe.Pointer, t *infoset.Text) bool {
	n, err := t.Int64()
	if err != nil {
		return false
	}
	switch k {
	case storeInt8:
		if n != int64(int8(n)) {
			return false
		}
		*(*int8)(p) = int8(n)
	case storeInt16:
		if n != int64(int16(n)) {
			return false
		}
		*(*int16)(p) = int16(n)
	case storeInt32:
		if n != int64(int32(n)) {
			return false
		}
		*(*int32)(p) = int32(n)
	default:
		*(*int64)(p) = n
	}
	return true
}

func storeUint(k storeKind, p unsafe.Pointer, t *infoset.Text) bool {
	n, err := t.Uint64()
	if err != nil {
		return false
	}
	switch k {
	case storeUint8:
		if n != uint64(uint8(n)) {
			return false
		}
		*(*uint8)(p) = uint8(n)
	case storeUint16:
		if n != uint64(uint16(n)) {
			return false
		}
		*(*uint16)(p) = uint16(n)
	case storeUint32:
		if n != uint64(uint32(n)) {
			return false
		}
		*(*uint32)(p) = uint32(n)
	default:
		*(*uint64)(p) = n
	}
	return true
}
