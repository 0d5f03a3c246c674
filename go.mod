module github.com/wwsgo/wws

go 1.26

require (
	github.com/beevik/etree v1.8.1
	github.com/google/go-cmp v0.7.0
	go.uber.org/goleak v1.3.0
	go.uber.org/zap v1.28.0
	go.uber.org/zap/exp v0.3.0
)

require (
	github.com/jcmturner/gokrb5/v8 v8.4.4 // indirect
	go.uber.org/multierr v1.10.0 // indirect
)
