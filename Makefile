# wws — WCF wire protocols (net.tcp, SOAP over HTTP) for Go.
GO        ?= go
PKGS      ?= ./...
FUZZTIME  ?= 60s
SHORTFUZZ ?= 5s
BENCH     ?= .
COUNT     ?= 1

.PHONY: all build test unit fuzz fuzz-short bench loadtest lint run clean

all: build

build:
	$(GO) build -o bin/ ./cmd/...

## test: everything CI checks — format, vet, race-enabled tests, a short fuzz of every target.
test: lint unit fuzz-short

unit:
	$(GO) test -race -count=1 $(PKGS)

## fuzz: run every fuzz target for FUZZTIME each (default 60s).
fuzz:
	@./.ci/fuzz.sh $(FUZZTIME)

fuzz-short:
	@./.ci/fuzz.sh $(SHORTFUZZ)

bench:
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchmem -count $(COUNT) $(PKGS)

## loadtest: wshost + wsproxy bench against a raw-TCP ping-pong of the same sizes, as real processes, in one run (README "Performance"). LOADTEST_FLAGS, e.g. -rounds 4 -v.
loadtest:
	$(GO) run ./internal/loadtest $(LOADTEST_FLAGS)

lint:
	@out=$$(gofmt -s -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt -s needed:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

## run: start wshost in the foreground with the built-in Calculator service.
run: build
	./bin/wshost

clean:
	rm -rf bin
