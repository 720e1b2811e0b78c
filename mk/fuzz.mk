# mk/fuzz.mk - libFuzzer targets (issue 7), built with clang into build-fuzz/.
#
#   make fuzz         build-fuzz/fuzz_decode, fuzz_split (split.c against GMime
#                     alone, differential), fuzz_mbox, fuzz_limit, and the
#                     small readers' fuzz_address, fuzz_date, fuzz_dsnfield,
#                     fuzz_sesjson, and the verdict cache's fuzz_unpack, with
#                     their seed corpora (samples/, fuzz/seeds-limit/,
#                     tests/regress/, fuzz/seeds.pl, the cache entries
#                     bouncelens keeps for samples/)
#   make fuzz-smoke   run each target FUZZ_SECONDS (60) seconds; fails on any crash
#   make fuzz-clean   remove build-fuzz/
#
# A crash is left as build-fuzz/crashes/TARGET-crash-*; reproduce it with
# build-fuzz/fuzz_TARGET FILE, then keep it in tests/regress/ (limit-* for the
# limit language) where tests/test_regress.c and make check-asan replay it.

FUZZ_CC      ?= clang
FUZZ_BUILD   := build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_FLAGS   ?= -timeout=25 -rss_limit_mb=2048
FUZZ_DEBS    := clang libclang-rt-dev
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS   = -std=c11 -D_GNU_SOURCE $(WARN) -g -O1 $(FUZZ_SAN) $(ENGINE_INC) -Itui -I$(FUZZ_BUILD) $(PKG_CFLAGS) -MMD -MP
FUZZ_TARGETS := decode split mbox limit address date dsnfield sesjson unpack
FUZZ_SMALL   := address date dsnfield sesjson
FUZZ_BIN     := $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)
FUZZ_ENG_OBJ := $(ENGINE_SRC:%.c=$(FUZZ_BUILD)/%.o)
FUZZ_LIM_OBJ := $(FUZZ_BUILD)/tui/limit.o

.PHONY: fuzz fuzz-deps fuzz-build fuzz-corpus fuzz-smoke fuzz-clean

fuzz: deps fuzz-deps
	@$(MAKE) --no-print-directory fuzz-build fuzz-corpus

fuzz-deps:
	@missing=""; \
	for d in $(FUZZ_DEBS); do dpkg-query -W -f='$${Status}' $$d 2>/dev/null | grep -q "ok installed" || missing="$$missing $$d"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing:$$missing"; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null || exit 1; \
		else \
			echo "missing Debian packages; run as root:"; \
			echo "  apt-get update && apt-get install -y$$missing"; exit 1; \
		fi; \
	fi

fuzz-build: $(FUZZ_BIN)

# The library's objects carry coverage instrumentation; only the harness
# links libFuzzer's main.
$(FUZZ_BUILD)/rhost-tables.inc: $(RHOST_DEFS) Makefile
	$(rhost_tables)
$(FUZZ_BUILD)/engine/reason/rhost.o: $(FUZZ_BUILD)/rhost-tables.inc
$(FUZZ_BUILD)/advice-tables.inc: advice-list
	$(advice_tables)
$(FUZZ_BUILD)/engine/output/meaning.o: $(FUZZ_BUILD)/advice-tables.inc

$(FUZZ_BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@


$(FUZZ_BUILD)/libbouncelens.a: $(FUZZ_ENG_OBJ)
	rm -f $@
	ar rcs $@ $^

$(FUZZ_BUILD)/fuzz_limit: $(FUZZ_BUILD)/fuzz/fuzz_limit.o $(FUZZ_LIM_OBJ) $(FUZZ_BUILD)/libbouncelens.a
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)
$(FUZZ_BUILD)/fuzz_%: $(FUZZ_BUILD)/fuzz/fuzz_%.o $(FUZZ_BUILD)/libbouncelens.a
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

# Seeds are copied, never committed; what libFuzzer adds stays in build-fuzz.
fuzz-corpus: bouncelens
	@mkdir -p $(FUZZ_BUILD)/corpus/decode $(FUZZ_BUILD)/corpus/split $(FUZZ_BUILD)/corpus/mbox $(FUZZ_BUILD)/corpus/limit $(FUZZ_BUILD)/crashes
	@cp -n samples/cur/* $(FUZZ_BUILD)/corpus/decode/
	@cp -n samples/cur/* $(FUZZ_BUILD)/corpus/split/
	@for f in tests/regress/*; do [ -f "$$f" ] || continue; case $${f##*/} in \
		limit-*) cp -n "$$f" $(FUZZ_BUILD)/corpus/limit/ ;; \
		*) cp -n "$$f" $(FUZZ_BUILD)/corpus/decode/; cp -n "$$f" $(FUZZ_BUILD)/corpus/mbox/ ;; esac; done
	@for f in samples/cur/*; do \
		{ echo "From MAILER-DAEMON Mon Nov 23 10:00:00 2026"; sed 's/^From />From /' "$$f"; echo; } > $(FUZZ_BUILD)/corpus/mbox/$${f##*/}; \
	done
	@{ for f in samples/cur/*; do echo "From MAILER-DAEMON Mon Nov 23 10:00:00 2026"; sed 's/^From />From /' "$$f"; echo; done; } > $(FUZZ_BUILD)/corpus/mbox/all-samples.mbox
	@cp -n fuzz/seeds-limit/* $(FUZZ_BUILD)/corpus/limit/
	@for t in $(FUZZ_SMALL); do mkdir -p $(FUZZ_BUILD)/corpus/$$t; perl fuzz/seeds.pl $$t $(FUZZ_BUILD)/corpus/$$t || exit 1; done
	@$(unpack_seeds)
	@echo "corpora:$$(for t in $(FUZZ_TARGETS); do printf ' %s %s' $$(ls $(FUZZ_BUILD)/corpus/$$t | wc -l) $$t; done)"

# The unpack target's seeds are real cache entries: the packed results of
# samples/, kept by bouncelens in a cache of its own and read back out.
define unpack_seeds
	d=$(FUZZ_BUILD)/corpus/unpack; mkdir -p $$d $(FUZZ_BUILD)/seedcache; \
	XDG_CACHE_HOME=$$(pwd)/$(FUZZ_BUILD)/seedcache ./bouncelens dump samples > /dev/null || exit 1; \
	sqlite3 $(FUZZ_BUILD)/seedcache/bouncelens/verdicts.sqlite "SELECT hex(data) FROM files WHERE data IS NOT NULL" | \
		perl -ne 'BEGIN { $$d = shift } chomp; open my $$f, ">", sprintf("%s/unpack-%04d", $$d, $$.) or die; binmode $$f; print $$f pack("H*", $$_); close $$f' $$d || exit 1
endef

# Each target for FUZZ_SECONDS; a crash, leak, timeout or sanitizer report
# makes libFuzzer exit non-zero and this fails after trying every target.
fuzz-smoke: fuzz
	@failed=""; \
	for t in $(FUZZ_TARGETS); do \
		dict=""; [ -f fuzz/$$t.dict ] && dict="-dict=fuzz/$$t.dict"; \
		echo "== fuzz_$$t, $(FUZZ_SECONDS) s"; \
		$(FUZZ_BUILD)/fuzz_$$t $(FUZZ_FLAGS) $$dict -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			-artifact_prefix=$(FUZZ_BUILD)/crashes/$$t- $(FUZZ_BUILD)/corpus/$$t > $(FUZZ_BUILD)/fuzz_$$t.log 2>&1; \
		rc=$$?; \
		grep -E '^#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss' $(FUZZ_BUILD)/fuzz_$$t.log | tail -3; \
		if [ $$rc -ne 0 ]; then failed="$$failed $$t"; grep -E 'ERROR|SUMMARY|runtime error|Test unit written' $(FUZZ_BUILD)/fuzz_$$t.log | head -10; fi; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz-smoke: crashes in:$$failed (see $(FUZZ_BUILD)/fuzz_*.log, $(FUZZ_BUILD)/crashes/)"; exit 1; fi; \
	echo "fuzz-smoke: no crash"

fuzz-clean:
	rm -rf $(FUZZ_BUILD)

-include $(wildcard $(foreach d,$(ENGINE_DIRS),$(FUZZ_BUILD)/$(d)/*.d) $(FUZZ_BUILD)/tui/*.d $(FUZZ_BUILD)/fuzz/*.d)

# Keep the harness objects (make would drop them as intermediate).
.SECONDARY: $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz/fuzz_%.o)
