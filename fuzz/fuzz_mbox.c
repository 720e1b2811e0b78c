/* fuzz_mbox.c - libFuzzer target: the input written to a temporary file and
 * read back through bnc_source_open/next as an mbox.  An input that does not
 * begin with "From " gets one put in front, so the mbox splitter always runs. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "bouncelens.h"

static char path[64];
static int fd = -1;

static void cleanup(void)
{
	if (fd >= 0)
		unlink(path);
}

static int write_all(const void *p, size_t n)
{
	const char *c = p;
	while (n) {
		ssize_t w = write(fd, c, n);
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (fd < 0) {
		const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
		strcpy(path, dir);
		strcat(path, "/bnc-fuzz-mbox-XXXXXX");
		fd = mkstemp(path);
		if (fd < 0)
			abort();
		atexit(cleanup);
	}
	if (ftruncate(fd, 0) < 0 || lseek(fd, 0, SEEK_SET) < 0)
		abort();
	if (size < 5 || memcmp(data, "From ", 5))
		if (write_all("From fuzz@example.org Mon Nov 23 10:00:00 2026\n", 47) < 0)
			abort();
	if (write_all(data, size) < 0)
		abort();

	bnc_source *s = NULL;
	char *err = NULL;
	if (bnc_source_open(path, &s, &err) != BNC_OK) {
		bnc_free(err);
		return 0;
	}
	char *msg, *name;
	size_t len;
	int rc, n = 0;
	while ((rc = bnc_source_next(s, &msg, &len, &name, &err)) != 0 && n++ < 100000) {
		if (rc > 0) {
			(void)bnc_source_file(s);
			(void)bnc_source_offset(s);
			bnc_free(msg);
			bnc_free(name);
		}
		bnc_free(err);   /* why it failed, or a note on one that was read */
		err = NULL;
	}
	bnc_source_close(s);
	return 0;
}
