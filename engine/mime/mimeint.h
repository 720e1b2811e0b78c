/* mimeint.h - what the files of engine/mime/ share; nothing outside the
 * folder includes it (engine/mime/mime.h is the folder's interface). */
#ifndef BNC_MIMEINT_H
#define BNC_MIMEINT_H
#include <gmime/gmime.h>
#include "private.h"

#define MIME_MAX_DEPTH   32          /* nesting of multiparts */
#define MIME_MAX_PARTS   512         /* leaf parts examined */
#define MIME_MAX_PART    (4u << 20)  /* bytes kept of one decoded part, before
                                      * and after its charset is converted */
#define MIME_MAX_FLAT    (16u << 20) /* bytes of flat text: no part is read past it */
#define MIME_MAX_RFC822  (64u << 10) /* bytes kept of an attached original message */
#define MIME_MAX_HEADERS 1000        /* header fields kept of one header block */
#define MIME_MAX_HEADER  (64u << 10) /* bytes kept of one header field's value */

/* What the caps above left unread, said once per cap: the verdicts are then
 * those of the part that was read, and the caller is told so. */
enum cut_kind { CUT_DEPTH, CUT_PARTS, CUT_PART_BYTES, CUT_HEADERS, CUT_HEADER_BYTES, CUT_GROUPS, CUT_FLAT };
struct cuts {
	unsigned seen;           /* bit per enum cut_kind */
	GString *text;           /* "; "-separated notes, or NULL */
};

/* The length of the field name a header line of len bytes opens with ("Name:",
 * the name of printable ASCII and no space before the colon), or 0 when the
 * line does not open a field. */
static inline size_t mime_field_name_len(const char *p, size_t len)
{
	size_t i = 0;
	while (i < len && p[i] != ':' && p[i] > ' ' && p[i] < 0x7f)
		i++;
	return i < len && p[i] == ':' ? i : 0;
}

/* ---- message.c --------------------------------------------------------------- */

/* Note what cap k left unread, once per message. */
void G_GNUC_PRINTF(3, 4) mime_cut(struct cuts *c, enum cut_kind k, const char *fmt, ...);

/* ---- prepass.c --------------------------------------------------------------- */

/* LF only: CRLF and bare CR become LF. */
char *mime_to_lf(const char *data, size_t len, size_t *outlen);
/* The LF-only text of a message as GMime is given it: see prepass.c. */
char *mime_prepass(const char *s, size_t len, size_t *outlen, struct cuts *cut);

/* GMime parses an attached message/rfc822 part (and message/global, news,
 * rfc2822) into a whole message object tree (addresses, dates, its own
 * parts), which costs as much as the bounce itself, only for mime_flatten()
 * to write it back out as text, and reads its addresses by recursion.  Such a
 * part is handed to GMime as a text type instead, MESSAGE_STAND_IN and the
 * subtype, its content taken as it is (transfer encoding undone), and
 * announced as message/rfc822 again. */
#define MESSAGE_STAND_IN "text/x-bouncelens-"
#define RFC822_STAND_IN MESSAGE_STAND_IN "rfc822"

/* ---- charset.c --------------------------------------------------------------- */

/* How many of the len bytes of s to keep under a cap of max: up to a
 * character boundary, so a cut never splits a UTF-8 sequence. */
size_t mime_utf8_cap(const char *s, size_t len, size_t max);
/* Bytes in a declared charset to valid UTF-8, without C0 or C1 controls
 * but TAB, LF, CR and ESC; never fails. */
char *mime_to_utf8(const char *buf, gsize len, const char *charset);
/* A header value whose encoded words name a Japanese charset their bytes
 * are not in (Shift_JIS under ISO-2022-JP) with the charset they are in,
 * for GMime to decode; NULL when no word needs it. */
char *mime_relabel_words(const char *s);

/* ---- html.c ------------------------------------------------------------------ */

/* HTML to plain text, in one pass. */
char *mime_html_to_text(const char *s);

/* ---- flatten.c --------------------------------------------------------------- */

struct mime_walk {
	GString *out;
	int parts;
	struct cuts *cut;
};
/* The MIME tree as the flat text decoders read (struct bnc_msg's payload). */
void mime_flatten(GMimeObject *o, GMimeObject *parent, int depth, struct mime_walk *w);
/* The decoded content of a leaf part, in UTF-8.  as_text: the part is read
 * as text, so bytes that are plainly not text (an image sent as text/plain)
 * give "", as a non-text part gives nothing; an original message is taken
 * as it is. */
char *mime_part_text(GMimePart *part, int as_text, struct cuts *cut);
/* ... and of its decoded bytes, in their declared charset (or NULL). */
char *mime_content_text(const char *data, size_t len, const char *charset, int as_text, struct cuts *cut);
/* What the flat text takes of a leaf part of a (lower-case) type: nothing,
 * an original message (a stand-in), or its text. */
enum mime_leaf { LEAF_NONE, LEAF_ORIGINAL, LEAF_TEXT };
enum mime_leaf mime_leaf_of(const char *type, int in_alternative);
/* Whether the flat text has room for one more leaf (counted if so). */
int mime_leaf_room(struct mime_walk *w);
/* The text (taken) of a message of one part: all the flat text there is. */
void mime_put_whole(GString *out, int html, char *txt);
/* A leaf's text (taken) into the flat text, as `how` says. */
void mime_put_leaf(struct mime_walk *w, enum mime_leaf how, const char *type, char *txt);
/* A block of the flat text, announced by a "Content-Type:" line or not. */
void mime_append_block(GString *out, const char *announce, const char *body);

/* ---- split.c ----------------------------------------------------------------- */

/* A plain MIME tree (its header block of MIME fields, then the body) read
 * into w's flat text without GMime: 1 when read, 0 when its shape is one
 * this reader leaves to GMime (nothing is then written). */
int mime_split_read(const char *s, size_t len, struct mime_walk *w);

/* ---- fields.c ---------------------------------------------------------------- */

/* Field lines of RFC 1894, 5322 and 5965 made canonical, so decoders can
 * compare them literally. */
char *mime_tidy_fields(const char *body);

/* ---- headers.c --------------------------------------------------------------- */

/* The fields of a GMime object's header into hdrs (of struct bnc_header). */
void mime_collect_headers(GMimeObject *o, GArray *hdrs, struct cuts *cut);
/* A well-formed top header block read without GMime: see headers.c. */
GString *mime_split_top_headers(const char *s, size_t len, GArray *hdrs, struct cuts *cut);
int mime_has_header(GArray *hdrs, const char *name);
void mime_free_headers(GArray *hdrs);

#endif
