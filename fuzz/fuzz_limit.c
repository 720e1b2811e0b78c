/* fuzz_limit.c - libFuzzer target: the browser's limit language.  The input,
 * made a C string, goes to limit_parse; what parses is matched against a
 * fixed row and freed. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include "limit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct row row = {
		.msg = 0, .nth = 0, .kind = ROW_HARD, .entry = 12, .timestamp = 1700000000,
		.recipient = "Kijitora@Example.NET", .rhost = "gmail-smtp-in.l.google.com",
		.replycode = "550", .status = "5.1.1", .reason = "userunknown", .decoder = "Postfix",
		.table = "google", .stage = "provider",
		.diag = "550 5.1.1 The email account that you tried to reach does not exist",
	};
	/* an undecodable message's row, as tui/store.c makes it */
	static const struct row empty = {
		.kind = ROW_UNDECODABLE, .entry = -1, .recipient = "", .rhost = "", .replycode = "",
		.status = "", .reason = "undecodable", .decoder = "", .table = "", .stage = "",
		.diag = "not a message MIME can read",
	};
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	char *err = NULL;
	struct limit *l = limit_parse(text, &err);
	if (l) {
		(void)limit_match(l, &row);
		(void)limit_match(l, &empty);
		limit_free(l);
	}
	g_free(err);
	free(text);
	return 0;
}
