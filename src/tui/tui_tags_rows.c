/* The Tags pane's rows, built once when a list arrives: every string a
 * row shows lives in one buffer per list, sanitised. The name as the
 * server sent it and its lowercased form for the filter are the display
 * name itself unless they differ (a name with escapes, a name with
 * capitals), so a list of plain lowercase names holds each name once. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bento/sanitize.h"
#include "tui/tui.h"
#include "tui/tui_tags_internal.h"

struct arena {
    char *buf;
    size_t len, cap;
};

/* Printable ASCII needs no escape: the sanitised text is the text. */
static bool plain(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f)
            return false;
    return true;
}

static bool has_upper(const char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            return true;
    return false;
}

static size_t clean_len(const char *s, size_t n)
{
    if (plain(s, n))
        return n;
    char *tmp = malloc(n * 4 + 1); /* an escape is at most four bytes a byte */
    size_t len = tmp ? bento_sanitize(s, n, tmp, n * 4 + 1) : n * 4;
    free(tmp);
    return len;
}

static const char *put_clean(struct arena *a, const char *s, size_t n)
{
    char *at = a->buf + a->len;
    if (plain(s, n)) {
        memcpy(at, s, n);
        at[n] = '\0';
        a->len += n + 1;
    } else {
        a->len += bento_sanitize(s, n, at, a->cap - a->len) + 1;
    }
    return at;
}

static const char *put_lowered(struct arena *a, const char *s)
{
    char *at = a->buf + a->len;
    size_t n = strlen(s);
    for (size_t i = 0; i <= n; i++)
        at[i] = (char)tolower((unsigned char)s[i]);
    a->len += n + 1;
    return at;
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

/* The date part of an ISO timestamp. */
static size_t date_len(const char *ts)
{
    return ts ? strnlen(ts, 10) : 0;
}

/* Bytes the row's strings take in the arena (an upper bound for names
 * with escapes, whose raw copy may turn out not to be needed). */
static size_t row_size(const struct bento_tag *t)
{
    const char *id = or_empty(t->id), *name = or_empty(t->name);
    size_t n = strlen(name);
    size_t size = clean_len(id, strlen(id)) + 1 + clean_len(name, n) + 1;
    size += clean_len(or_empty(t->created_at), date_len(t->created_at)) + 1;
    if (!plain(name, n))
        size += n + 1;
    if (has_upper(name))
        size += n + 1;
    return size;
}

static void fill_row(struct arena *a, struct tag_row *r, const struct bento_tag *t)
{
    const char *name = or_empty(t->name);
    size_t n = strlen(name);
    r->id = put_clean(a, or_empty(t->id), strlen(or_empty(t->id)));
    r->name = put_clean(a, name, n);
    r->created = put_clean(a, or_empty(t->created_at), date_len(t->created_at));
    r->discarded = t->discarded_at ? "discarded" : "";
    r->raw_name = r->name;
    if (strcmp(r->name, name)) {
        char *raw = a->buf + a->len;
        memcpy(raw, name, n + 1);
        a->len += n + 1;
        r->raw_name = raw;
    }
    r->lower = has_upper(name) ? put_lowered(a, r->raw_name) : r->raw_name;
}

int tags_rows_build(struct tags_model *m, const struct bento_tag_list *list)
{
    struct arena a = {0};
    for (size_t i = 0; i < list->count; i++)
        a.cap += row_size(&list->items[i]);
    a.buf = malloc(a.cap ? a.cap : 1);
    if (!a.buf)
        return -1;
    for (size_t i = 0; i < list->count; i++)
        fill_row(&a, &m->rows[i], &list->items[i]);
    m->text = a.buf;
    return 0;
}
