/* walk.c - every message of every path, decoded, in order. */
#include <glib.h>
#include "walk.h"

int walk_paths(char **paths, int npaths, const bnc_options *opt, walk_fn fn, void *ctx)
{
	int rc = EXIT_ALLGOOD;
	for (int i = 0; i < npaths; i++) {
		bnc_source *src;
		char *err = NULL;
		if (bnc_source_open(paths[i], &src, &err) != BNC_OK) {
			complain(paths[i], err);
			g_free(err);
			rc = EXIT_SOMEBAD;
			continue;
		}
		char *data, *name;
		size_t len;
		int got;
		while ((got = bnc_source_next(src, &data, &len, &name, &err)) != 0) {
			if (got < 0) {
				complain(name, err);
				rc = EXIT_SOMEBAD;
			} else {
				bnc_result *r = bnc_decode(data, len, name, opt);
				if (bnc_result_status(r) != BNC_OK) {
					complain(name, bnc_result_error(r));
					rc = EXIT_SOMEBAD;
				}
				fn(name, r, ctx);
				bnc_result_free(r);
			}
			g_free(data);
			g_free(name);
			g_free(err);
			err = NULL;
		}
		bnc_source_close(src);
	}
	return rc;
}
