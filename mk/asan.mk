# mk/asan.mk - make check-asan: the engine, the program and every test built
# with AddressSanitizer and UBSan into build-asan/ (build/ is left alone), every
# test run there, and `dump --explain` run over samples/cur and tests/regress.
# Any sanitizer report fails.  Compiler: ASAN_CC (default $(CC)).

ASAN_CC       ?= $(CC)
ASAN_BUILD    := build-asan
ASAN_SAN      := -fsanitize=address,undefined -fno-omit-frame-pointer
ASAN_CFLAGS    = -std=c11 -D_GNU_SOURCE $(WARN) -O1 -g $(ASAN_SAN) $(ENGINE_INC) -I$(ASAN_BUILD) $(PKG_CFLAGS) -MMD -MP
ASAN_ENV      := ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
ASAN_ENG_OBJ  := $(ENGINE_SRC:%.c=$(ASAN_BUILD)/%.o)
ASAN_TUI_OBJ  := $(TUI_SRC:%.c=$(ASAN_BUILD)/%.o)
ASAN_TUI_LIB  := $(filter-out $(ASAN_BUILD)/tui/main.o,$(ASAN_TUI_OBJ))
ASAN_TEST_BIN := $(TEST_SRC:tests/%.c=$(ASAN_BUILD)/tests/%)
ASAN_LIB      := $(ASAN_BUILD)/libbouncelens.a
ASAN_PROG     := $(ASAN_BUILD)/bouncelens
# What counts as a sanitizer report in a program's output.
ASAN_REPORT   := ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|SUMMARY: (Address|Leak|UndefinedBehavior)Sanitizer

.PHONY: check-asan asan-build asan-clean

check-asan: deps
	@$(MAKE) --no-print-directory asan-build
	@$(MAKE) --no-print-directory asan-run

asan-build: $(ASAN_PROG) $(ASAN_TEST_BIN)

$(ASAN_BUILD)/rhost-tables.inc: $(RHOST_DEFS) Makefile
	$(rhost_tables)
$(ASAN_BUILD)/engine/reason/rhost.o: $(ASAN_BUILD)/rhost-tables.inc
$(ASAN_BUILD)/advice-tables.inc: advice-list
	$(advice_tables)
$(ASAN_BUILD)/engine/output/meaning.o: $(ASAN_BUILD)/advice-tables.inc

$(ASAN_BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(ASAN_CC) $(ASAN_CFLAGS) -c $< -o $@


$(ASAN_LIB): $(ASAN_ENG_OBJ)
	rm -f $@
	ar rcs $@ $^

$(ASAN_PROG): $(ASAN_TUI_OBJ) $(ASAN_LIB)
	$(ASAN_CC) $(ASAN_SAN) -o $@ $(ASAN_TUI_OBJ) $(ASAN_LIB) $(PROG_LIBS) $(LDLIBS)

$(ASAN_BUILD)/tests/%: tests/%.c $(ASAN_LIB) $(ASAN_TUI_LIB)
	@mkdir -p $(dir $@)
	$(ASAN_CC) $(ASAN_CFLAGS) -Itests -Itui -o $@ $< $(ASAN_TUI_LIB) $(ASAN_LIB) $(PROG_LIBS) $(LDLIBS) -lcmocka

# Tests first (tests/run.sh fails on a sanitizer abort as on a failed test),
# then the browser test with the ASan program (its reports go to log files,
# since the program runs inside tmux), the bad-input queue (a report is an
# extra stderr line there, and fails it), then dump --explain message by
# message.
.PHONY: asan-run
asan-run:
	@rm -rf $(ASAN_BUILD)/logs; mkdir -p $(ASAN_BUILD)/logs
	@fail=0; \
	XDG_CACHE_HOME=$(abspath $(ASAN_BUILD))/logs/xdg-cache; export XDG_CACHE_HOME; \
	echo "== tests under ASan/UBSan"; \
	$(ASAN_ENV) sh tests/run.sh $(ASAN_TEST_BIN) > $(ASAN_BUILD)/logs/tests.out 2>&1 || fail=1; \
	cat $(ASAN_BUILD)/logs/tests.out; \
	if grep -qE '$(ASAN_REPORT)' $(ASAN_BUILD)/logs/tests.out; then fail=1; fi; \
	echo "== tests/tui.sh with $(ASAN_PROG)"; \
	BIN=$(abspath $(ASAN_PROG)) \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:log_path=$(abspath $(ASAN_BUILD))/logs/tui-asan \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:log_path=$(abspath $(ASAN_BUILD))/logs/tui-ubsan \
		sh tests/tui.sh > $(ASAN_BUILD)/logs/tui.out 2>&1 || fail=1; \
	tail -n 1 $(ASAN_BUILD)/logs/tui.out; \
	for l in $(ASAN_BUILD)/logs/tui-asan* $(ASAN_BUILD)/logs/tui-ubsan*; do \
		[ -s "$$l" ] || continue; fail=1; echo "sanitizer report in the browser: $$l"; head -30 "$$l"; done; \
	echo "== tests/hostile.sh with $(ASAN_PROG)"; \
	BIN=$(abspath $(ASAN_PROG)) \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:log_path=$(abspath $(ASAN_BUILD))/logs/hostile-asan \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:log_path=$(abspath $(ASAN_BUILD))/logs/hostile-ubsan \
		sh tests/hostile.sh > $(ASAN_BUILD)/logs/hostile.out 2>&1 || fail=1; \
	tail -n 1 $(ASAN_BUILD)/logs/hostile.out; \
	for l in $(ASAN_BUILD)/logs/hostile-asan* $(ASAN_BUILD)/logs/hostile-ubsan*; do \
		[ -s "$$l" ] || continue; fail=1; echo "sanitizer report: $$l"; head -30 "$$l"; done; \
	echo "== tests/badqueue.sh with $(ASAN_PROG)"; \
	BIN=$(abspath $(ASAN_PROG)) $(ASAN_ENV) sh tests/badqueue.sh > $(ASAN_BUILD)/logs/badqueue.out 2>&1 || fail=1; \
	tail -n 1 $(ASAN_BUILD)/logs/badqueue.out; \
	if grep -qE '$(ASAN_REPORT)' $(ASAN_BUILD)/logs/badqueue.out; then fail=1; cat $(ASAN_BUILD)/logs/badqueue.out; fi; \
	echo "== tests/scaling.sh with $(ASAN_PROG) (time, not memory: the shadow counts)"; \
	BIN=$(abspath $(ASAN_PROG)) SCALING_RSS=0 SCALING_USER=1 ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:intercept_strstr=0 \
	UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1 sh tests/scaling.sh > $(ASAN_BUILD)/logs/scaling.out 2>&1 || fail=1; \
	tail -n 1 $(ASAN_BUILD)/logs/scaling.out; \
	if grep -qE 'FAILED|$(ASAN_REPORT)' $(ASAN_BUILD)/logs/scaling.out; then fail=1; cat $(ASAN_BUILD)/logs/scaling.out; fi; \
	echo "== dump --explain under ASan/UBSan"; \
	n=0; bad=0; \
	for f in samples/cur/* tests/regress/*; do \
		[ -f "$$f" ] || continue; n=$$((n + 1)); \
		$(ASAN_ENV) $(ASAN_PROG) dump --explain --delivered --vacation "$$f" > /dev/null 2> $(ASAN_BUILD)/logs/dump.err; rc=$$?; \
		if [ $$rc -ge 128 ] || grep -qE '$(ASAN_REPORT)' $(ASAN_BUILD)/logs/dump.err; then \
			bad=$$((bad + 1)); echo "== $$f (exit $$rc)"; head -40 $(ASAN_BUILD)/logs/dump.err; fi; \
	done; \
	echo "dump --explain: $$n messages, $$bad with sanitizer reports"; \
	[ $$bad -eq 0 ] || fail=1; \
	if [ $$fail -ne 0 ]; then echo "check-asan: FAILED"; exit 1; fi; \
	echo "check-asan: clean"

asan-clean:
	rm -rf $(ASAN_BUILD)

-include $(wildcard $(foreach d,$(ENGINE_DIRS),$(ASAN_BUILD)/$(d)/*.d) $(ASAN_BUILD)/tui/*.d $(ASAN_BUILD)/tests/*.d)
