package soap

import (
	"math"
	"reflect"
	"testing"
	"unsafe"

	"github.com/wwsgo/wws/soap/infoset"
)

// storeFields has a field of every type with a direct store.
type storeFields struct {
	I    int
	I8   int8
	I16  int16
	I32  int32
	I64  int64
	U    uint
	U8   uint8
	U16  uint16
	U32  uint32
	U64  uint64
	B    bool
	F32  float32
	F64  float64
	S    string
	Name myInt
}

type myInt int16

// TestStoreMatchesSetScalar checks that the direct store of every field
// kind stores what setScalar stores, and fails where setScalar fails.
func TestStoreMatchesSetScalar(t *testing.T) {
	texts := []infoset.Text{
		infoset.Int(0), infoset.Int(1), infoset.Int(-1), infoset.Int(127), infoset.Int(128), infoset.Int(-129),
		infoset.Int(255), infoset.Int(256), infoset.Int(32767), infoset.Int(-32769), infoset.Int(math.MaxInt32 + 1),
		infoset.Int(math.MinInt32), infoset.Int(math.MaxInt64), infoset.Int(math.MinInt64),
		infoset.Uint64(math.MaxUint64), infoset.Uint64(1 << 32),
		infoset.Bool(true), infoset.Bool(false), infoset.Float32(1.5), infoset.Float64(-2.5), infoset.Float64(3),
		infoset.String("12"), infoset.String(" -7 "), infoset.String("true"), infoset.String("x"), infoset.String(""),
		infoset.CharsBytes([]byte("300")), infoset.DictString("1"), infoset.DecimalText(infoset.Decimal{Lo: 15, Scale: 1}),
		infoset.TimeSpan(5), infoset.UniqueID([16]byte{1}), infoset.Bytes([]byte{1, 2}), infoset.QName("p", "l"),
	}
	var last recentPlans
	p, err := planFor(reflect.TypeFor[storeFields](), &last)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range p.st.elems {
		if f.store == storeNone {
			t.Errorf("field %s has no direct store", f.local)
		}
		for _, tx := range texts {
			var viaStore, viaSet storeFields
			sv := reflect.ValueOf(&viaStore).Elem()
			ok := store(f.store, unsafe.Add(unsafe.Pointer(sv.UnsafeAddr()), f.offset), &tx)
			err := setScalar(f.val, reflect.ValueOf(&viaSet).Elem().Field(f.index), tx)
			if ok != (err == nil) || viaStore != viaSet {
				t.Errorf("field %s, text %v %q: store %v %+v, setScalar %v %+v", f.local, tx.Kind(), tx.String(), ok, viaStore, err, viaSet)
			}
		}
	}
}
