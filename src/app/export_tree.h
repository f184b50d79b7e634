/* The account's content as a tree of files made for git (bento-console
 * export DIR): its layout, the bytes of each file, writing it (each file
 * to a temporary file and renamed; links refused) and reading it back.
 * No network and no terminal: the command line fills a tree from the
 * account, and diff/apply compare one read from DIR with one filled now.
 *
 *   tags.csv, fields.csv                     the columns of `tags list --csv`
 *   sequences/<slug>-<id>/NN-<slug>.html     one email's body, byte for byte
 *   sequences/<slug>-<id>/NN-<slug>.json     its id, subject, delay, position, hash
 *   workflows/<slug>-<id>/...                the same
 *   broadcasts/<status>/<slug>-<id>.html     a broadcast's body, and its .json
 *
 * Names come from ids and names (not subjects), so editing a subject
 * keeps the file where it is. */
#ifndef BENTO_APP_EXPORT_TREE_H
#define BENTO_APP_EXPORT_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include "bento/error.h"

struct app_export_file {
    char *rel;  /* path under DIR, '/' between parts */
    char *data; /* the bytes, NUL-terminated too */
    size_t len;
};

/* Files sorted by rel once app_export_sort() ran. */
struct app_export_tree {
    struct app_export_file *items;
    size_t count, cap;
};

/* One email of a sequence or workflow. */
struct app_export_email {
    const char *id, *name, *subject, *html;
    const char *delay_interval; /* NULL: none */
    long delay_count;           /* -1: none */
    size_t position;            /* 1 for the first */
};

struct app_export_broadcast {
    const char *id, *name, *status, *subject, *html, *template_id;
};

/* What a template's .json says (allocated; free with app_export_meta_free). */
struct app_export_meta {
    char *id, *subject, *hash;
};

#define APP_EXPORT_HASH_SIZE 32 /* "fnv1a64:", 16 hex digits and the NUL */

/* Lowercase ASCII letters and digits, '-' for the rest, at most 40
 * characters; "untitled" when nothing is left. */
void app_export_slug(const char *text, char *out, size_t size);

/* The hash of a subject and body, as the .json keeps it. */
void app_export_hash(const char *subject, const char *html, char out[APP_EXPORT_HASH_SIZE]);

/* Add a copy of len bytes as rel. 0, or -1 when out of memory. */
int app_export_add(struct app_export_tree *t, const char *rel, const char *data, size_t len);

/* "sequences/<slug>-<id>" for a flow (kind "sequences" or "workflows"). */
void app_export_flow_folder(char *out, size_t size, const char *kind, const char *name,
                            const char *id);

/* The .html and .json of one email under folder. 0, or -1 (out of memory). */
int app_export_add_email(struct app_export_tree *t, const char *folder,
                         const struct app_export_email *e);
int app_export_add_broadcast(struct app_export_tree *t, const struct app_export_broadcast *b);

void app_export_sort(struct app_export_tree *t);
const struct app_export_file *app_export_find(const struct app_export_tree *t, const char *rel);
void app_export_tree_free(struct app_export_tree *t);

/* Whether rel is a sequence's or workflow's email .json or .html. */
bool app_export_is_email(const char *rel, const char *ext);

/* The .json of an email or broadcast read back; 0, or -1 when it is not
 * one of ours (no id). */
int app_export_meta_parse(const struct app_export_file *f, struct app_export_meta *m);
void app_export_meta_free(struct app_export_meta *m);

/* rel with its extension replaced by ext (".html"), in out. */
void app_export_sibling(const char *rel, const char *ext, char *out, size_t size);

/* Write every file of t under dir (made when missing), leaving files
 * whose bytes are already the same untouched, then remove the files of
 * ours (emails and broadcasts) t no longer has; *removed counts them.
 * A link anywhere under dir is refused. 0, or -1 with err set. */
int app_export_write(const char *dir, const struct app_export_tree *t, size_t *removed,
                     struct bento_error *err);

/* The files of ours under dir, sorted. 0, or -1 with err set. */
int app_export_read(const char *dir, struct app_export_tree *t, struct bento_error *err);

#endif
