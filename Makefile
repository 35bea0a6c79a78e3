# klar - build, test, benchmark, fuzz and install the library and the command line.
#
#   make            build/libklar.a and build/klar
#   make run        install missing Debian packages (as root), build, run the national report,
#                   then serve the registry with the demo data (KLAR_RUN_SECONDS=N: for N s)
#   make test       every test; ends with the line "N passed, N failed"
#   make SAN=1 test the same under AddressSanitizer + UndefinedBehaviorSanitizer (build-san/)
#   make bench      benchmarks (ratios against a baseline measured in the same run)
#   make web        rebuild the web app's bundle (web/dist) after changing web/src
#   make screenshots  a PNG of every screen of the web app, both languages (out/screenshots)
#                     (SCREENS=name,name takes only those)
#   make fuzz       libFuzzer targets (clang), each run for FUZZ_SECONDS
#   make install    PREFIX=/usr/local: binary, library, headers, data, pkg-config file

PREFIX   ?= /usr/local
CC       ?= cc
PKGS     := jansson inih gsl sqlite3 libargon2 libmicrohttpd libpq xlsxwriter
SAN      ?=
BUILD    ?= $(if $(SAN),build-san,build)
FUZZ_SECONDS ?= 20

WARN     := -std=c11 -Wall -Wextra -Werror -pedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all
OPT      := $(if $(SAN),-O1 -g -fno-omit-frame-pointer $(SANFLAGS),-O2 -g)
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CPPFLAGS += -Iinclude -Isrc/include -D_POSIX_C_SOURCE=200809L -DKLAR_INSTALL_DATADIR='"$(PREFIX)/share/klar/data"'
CFLAGS   += $(WARN) $(OPT) $(PKG_CFLAGS) -MMD -MP
LDFLAGS  += $(if $(SAN),$(SANFLAGS))
LDLIBS   += $(PKG_LIBS) -lm -lpthread

LIB_SRC  := $(sort $(wildcard src/*/*.c))
CLI_SRC  := $(sort $(wildcard cli/*.c))
SRV_SRC  := $(sort $(wildcard server/*.c))
TEST_SRC := $(sort $(wildcard tests/test_*.c))
BENCH_SRC:= $(sort $(wildcard bench/bench_*.c))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
SRV_OBJ  := $(SRV_SRC:%.c=$(BUILD)/obj/%.o)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
BENCH_BIN:= $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build-fuzz/%)

# keep test and bench objects between runs
.SECONDARY:

.PHONY: FORCE all run test bench fuzz install install-headers uninstall clean deps web screenshots
all: $(BUILD)/klar $(BUILD)/libklar.a

deps:
	@sh scripts/deps.sh

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

# the install data directory is compiled into datadir.o: rebuild it when PREFIX changes
$(BUILD)/prefix.stamp: FORCE
	@mkdir -p $(BUILD)
	@echo '$(PREFIX)' | cmp -s - $@ || echo '$(PREFIX)' > $@
$(BUILD)/obj/src/util/datadir.o: $(BUILD)/prefix.stamp
FORCE:

$(BUILD)/libklar.a: $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(AR) rcs $@ $^

# the HTTP layer (server/) is linked into the klar binary only, not into libklar; tests of
# the HTTP layer (SRV_TESTS) link it as an archive, so that only what they use comes in
SRV_TESTS := test_router test_runqueue
$(BUILD)/obj/cli/%.o $(BUILD)/obj/server/%.o $(SRV_TESTS:%=$(BUILD)/obj/tests/%.o): CPPFLAGS += -Iserver

# files embedded in the binary (server/assets.h), written into a generated C source
ASSETS := server/openapi_ops.json web/index.html web/favicon.svg web/dist/app.js web/dist/app.css \
          web/dist/xlsx.js
SRV_OBJ += $(BUILD)/obj/gen/assets.o

$(BUILD)/gen/assets.c build-fuzz/gen/assets.c: $(ASSETS) scripts/embed.sh
	@mkdir -p $(dir $@)
	@echo "  EMBED   $(ASSETS)"
	@sh scripts/embed.sh $(ASSETS) > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/assets.o: $(BUILD)/gen/assets.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) -Iserver $(CFLAGS) -c $< -o $@

$(BUILD)/libklarsrv.a: $(SRV_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(SRV_TESTS:%=$(BUILD)/tests/%): $(BUILD)/tests/%: $(BUILD)/obj/tests/%.o $(BUILD)/libklarsrv.a $(BUILD)/libklar.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $< $(BUILD)/libklarsrv.a $(BUILD)/libklar.a $(LDLIBS)

# the command links no libpq: the store loads it at the first PostgreSQL connection
# (src/store/libpq_dyn.c), so that commands without PostgreSQL start faster
$(BUILD)/klar: $(CLI_OBJ) $(SRV_OBJ) $(BUILD)/libklar.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(SRV_OBJ) $(BUILD)/libklar.a $(filter-out -lpq,$(LDLIBS)) -ldl

$(BUILD)/obj/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) -Itests $(CFLAGS) -c $< -o $@

$(BUILD)/tests/%: $(BUILD)/obj/tests/%.o $(BUILD)/libklar.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $< $(BUILD)/libklar.a $(LDLIBS)

$(BUILD)/bench/%: $(BUILD)/obj/bench/%.o $(BUILD)/libklar.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $< $(BUILD)/libklar.a $(LDLIBS)

# the reports, then the registry server with the demo data in the foreground (scripts/run-demo.sh:
# 127.0.0.1:8080 or a free port; KLAR_RUN_SECONDS=N stops it after N seconds)
run: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/run-report.sh $(BUILD)/klar
	@sh scripts/run-demo.sh $(BUILD)/klar

test: deps
	@$(MAKE) --no-print-directory all $(TEST_BIN)
	@sh tests/run.sh $(BUILD)

# the web app's bundle (web/dist, committed: klar builds without Node; tests/web checks that it
# is what the sources build), and a PNG of every screen in both languages (out/screenshots)
web: deps
	@cd web && node build.mjs
	@$(MAKE) --no-print-directory all

screenshots: deps
	@$(MAKE) --no-print-directory all
	@KLAR=$(BUILD)/klar node tests/web/screenshots.mjs

# the C benchmarks, then the server under load (bench/bench_server.sh: wrk on loopback; it
# says so and is skipped when wrk is missing)
bench: deps
	@sh scripts/deps.sh --bench
	@$(MAKE) --no-print-directory all $(BENCH_BIN)
	@for b in $(BENCH_BIN); do $$b || exit 1; done
	@KLAR_DATA=$(CURDIR)/data sh bench/bench_server.sh $(BUILD)/klar
	@KLAR=$(BUILD)/klar node bench/bench_web.mjs

# the library is compiled once for all fuzz targets, instrumented for coverage and sanitizers
FUZZ_FLAGS := -std=c11 -g -O1 -fsanitize=address,undefined
FUZZ_OBJ := $(LIB_SRC:%.c=build-fuzz/obj/%.o)

build-fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CLANG   $<"
	@clang $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(CPPFLAGS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

# (archives are rebuilt from scratch so that objects of deleted sources do not linger)
build-fuzz/libklar.a: $(FUZZ_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

build-fuzz/%: tests/fuzz/%.c build-fuzz/libklar.a
	clang $(FUZZ_FLAGS) -fsanitize=fuzzer -MMD -MP $(CPPFLAGS) $(PKG_CFLAGS) $< build-fuzz/libklar.a -o $@ $(PKG_LIBS) -lm -lpthread

# the request parsing target also links the HTTP layer (server/), as an archive so that only
# what it uses (routing table, handlers, request, JSON in/out) is pulled in, not the daemon
FUZZ_SRV_OBJ := $(SRV_SRC:%.c=build-fuzz/obj/%.o)
build-fuzz/obj/server/%.o: CPPFLAGS += -Iserver

FUZZ_SRV_OBJ += build-fuzz/obj/gen/assets.o
build-fuzz/obj/gen/assets.o: build-fuzz/gen/assets.c
	@mkdir -p $(dir $@)
	@clang $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(CPPFLAGS) -Iserver $(PKG_CFLAGS) -c $< -o $@

build-fuzz/libklar-server.a: $(FUZZ_SRV_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

build-fuzz/fuzz_request: tests/fuzz/fuzz_request.c build-fuzz/libklar-server.a build-fuzz/libklar.a
	clang $(FUZZ_FLAGS) -fsanitize=fuzzer -MMD -MP $(CPPFLAGS) -Iserver $(PKG_CFLAGS) $< \
	    build-fuzz/libklar-server.a build-fuzz/libklar.a -o $@ $(PKG_LIBS) -lm -lpthread

fuzz: deps $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do \
	  name=$$(basename $$f); mkdir -p build-fuzz/corpus-$$name; \
	  cp tests/fuzz/corpus/$$name/* build-fuzz/corpus-$$name/ 2>/dev/null; \
	  echo "fuzzing $$name for $(FUZZ_SECONDS) s"; \
	  KLAR_DATA=$(CURDIR)/data $$f -max_total_time=$(FUZZ_SECONDS) -max_len=4096 build-fuzz/corpus-$$name >build-fuzz/$$name.log 2>&1 \
	    || { tail -40 build-fuzz/$$name.log; exit 1; }; \
	  grep -E '^#[0-9]+.*DONE' build-fuzz/$$name.log | tail -1; \
	done

# the public headers are include/klar/ (klar/klar.h includes them all); the library's own
# helpers live in src/include/klar/ and are not installed
install-headers:
	install -d $(DESTDIR)$(PREFIX)/include/klar
	install -m 644 include/klar/*.h $(DESTDIR)$(PREFIX)/include/klar/

install: all install-headers
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/share/klar
	install -m 755 $(BUILD)/klar $(DESTDIR)$(PREFIX)/bin/klar
	install -m 644 $(BUILD)/libklar.a $(DESTDIR)$(PREFIX)/lib/libklar.a
	cp -r data scenarios $(DESTDIR)$(PREFIX)/share/klar/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@REQUIRES@|$(PKGS)|' klar.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/klar.pc

uninstall:
	rm -rf $(DESTDIR)$(PREFIX)/bin/klar $(DESTDIR)$(PREFIX)/lib/libklar.a $(DESTDIR)$(PREFIX)/include/klar \
	       $(DESTDIR)$(PREFIX)/share/klar $(DESTDIR)$(PREFIX)/lib/pkgconfig/klar.pc

clean:
	rm -rf build build-san build-fuzz out

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(SRV_OBJ:.o=.d) $(TEST_SRC:%.c=$(BUILD)/obj/%.d) \
         $(BENCH_SRC:%.c=$(BUILD)/obj/%.d) $(FUZZ_OBJ:.o=.d) $(FUZZ_SRV_OBJ:.o=.d) $(FUZZ_BIN:%=%.d)
