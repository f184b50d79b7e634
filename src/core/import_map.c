/* The header row's column roles, and a CSV record as the subscriber
 * record /batch/subscribers takes: flat keys, tags as one comma string. */
#include "fnv.h"
#include "import_internal.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bento/sanitize.h"
#include "bento/validate.h"

static char *trimmed(const char *s, size_t len)
{
    while (len && isspace((unsigned char)*s))
        s++, len--;
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    return strndup(s, len);
}

static const struct {
    const char *name;
    enum import_role role;
    unsigned kinds; /* bit 1 << kind */
} known[] = {
    {"email", ROLE_EMAIL, 3},
    {"first_name", ROLE_FIRST_NAME, 1},
    {"last_name", ROLE_LAST_NAME, 1},
    {"tags", ROLE_TAGS, 1},
    {"remove_tags", ROLE_REMOVE_TAGS, 1},
    {"type", ROLE_TYPE, 2},
    {"date", ROLE_DATE, 2},
    {"details", ROLE_DETAILS, 2},
};

static int header_fail(struct bento_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int header_fail(struct bento_error *err, const char *fmt, ...)
{
    char msg[BENTO_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    bento_error_set(err, BENTO_E_VALIDATION, "%s", msg);
    return -1;
}

/* Give c its role and key: 0, 1 for an events column that is none of
 * theirs, -1 when out of memory. */
static int role_of(enum bento_import_kind kind, struct import_column *c)
{
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (!strcasecmp(c->name, known[i].name) && (known[i].kinds & (1u << kind))) {
            c->role = known[i].role;
            c->key = strdup(known[i].name);
            return c->key ? 0 : -1;
        }
    }
    bool prefixed = !strncasecmp(c->name, "fields.", 7) && c->name[7];
    if (kind == BENTO_IMPORT_EVENTS && !prefixed)
        return 1;
    c->role = ROLE_FIELD;
    c->key = strdup(prefixed ? c->name + 7 : c->name);
    return c->key ? 0 : -1;
}

static bool has_role(const struct import_header *h, enum import_role role)
{
    for (size_t i = 0; i < h->count; i++)
        if (h->cols[i].role == role)
            return true;
    return false;
}

/* Keys seen so far, case-insensitively, so a header of 100,000 columns
 * is checked in linear time: slot holds a column index plus one, 0 when
 * empty; sized to stay under half full. */
struct key_set {
    size_t *slots;
    size_t mask;
};

static size_t key_hash(const char *s)
{
    uint64_t h = BENTO_FNV_OFFSET;
    for (; *s; s++) {
        unsigned char c = (unsigned char)tolower((unsigned char)*s);
        h = bento_fnv(h, &c, 1);
    }
    return (size_t)h;
}

static int key_set_init(struct key_set *ks, size_t n)
{
    size_t size = 16;
    while (size < 2 * n)
        size *= 2;
    ks->slots = calloc(size, sizeof *ks->slots);
    ks->mask = size - 1;
    return ks->slots ? 0 : -1;
}

/* Add column i's key: true when an earlier column has it already. */
static bool key_set_add(struct key_set *ks, const struct import_header *h, size_t i)
{
    const char *key = h->cols[i].key;
    for (size_t at = key_hash(key) & ks->mask;; at = (at + 1) & ks->mask) {
        if (!ks->slots[at]) {
            ks->slots[at] = i + 1;
            return false;
        }
        if (!strcasecmp(h->cols[ks->slots[at] - 1].key, key))
            return true;
    }
}

static int check_column(struct import_header *h, size_t i, struct key_set *seen,
                        struct bento_error *err)
{
    struct import_column *c = &h->cols[i];
    char shown[80];
    bento_sanitize_line(c->name, strlen(c->name), shown, sizeof shown);
    if (!c->name[0])
        return header_fail(err, "Column %zu of the header row has no name", i + 1);
    int known_role = role_of(h->kind, c);
    if (known_role < 0) {
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory reading the header row");
        return -1;
    }
    struct bento_error bad;
    if (c->role == ROLE_FIELD && bento_validate_field_key(c->key, NULL, 0, &bad) < 0)
        return header_fail(err, "Column %zu of the header row: %s", i + 1, bad.message);
    if (known_role > 0)
        return header_fail(err,
                           "Unknown column \"%s\": events take type, email, date, fields.NAME "
                           "and details",
                           shown);
    /* by key, so "fields.email" cannot shadow "email" */
    if (key_set_add(seen, h, i))
        return header_fail(err, "The column \"%s\" appears twice in the header row", shown);
    return 0;
}

int import_header_parse(struct import_header *h, enum bento_import_kind kind,
                        const struct import_row *row, struct bento_error *err)
{
    memset(h, 0, sizeof *h);
    h->kind = kind;
    if (row->problem)
        return header_fail(err, "The header row (line %zu) cannot be used: %s", row->line,
                           row->problem);
    struct key_set seen = {0};
    h->cols = calloc(row->nfields ? row->nfields : 1, sizeof *h->cols);
    if (!h->cols || key_set_init(&seen, row->nfields) < 0) {
        free(seen.slots);
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory reading the header row");
        return -1;
    }
    for (size_t i = 0; i < row->nfields; i++) {
        h->count++;
        h->cols[i].name = trimmed(row->field[i], row->len[i]);
        if (!h->cols[i].name) {
            free(seen.slots);
            bento_error_set(err, BENTO_E_NOMEM, "Out of memory reading the header row");
            return -1;
        }
        if (check_column(h, i, &seen, err) < 0) {
            free(seen.slots);
            return -1;
        }
    }
    free(seen.slots);
    if (!has_role(h, ROLE_EMAIL))
        return header_fail(err, "No \"email\" column: the first row must name the columns, "
                                "one of them \"email\"");
    if (kind == BENTO_IMPORT_EVENTS && !has_role(h, ROLE_TYPE))
        return header_fail(err, "No \"type\" column: every event needs a type");
    return 0;
}

void import_header_free(struct import_header *h)
{
    for (size_t i = 0; h->cols && i < h->count; i++) {
        free(h->cols[i].name);
        free(h->cols[i].key);
    }
    free(h->cols);
    memset(h, 0, sizeof *h);
}

/* ---- subscribers -------------------------------------------------------- */

int import_bad(struct import_problem *why, const char *column, const char *fmt, ...)
{
    va_list ap;
    snprintf(why->column, sizeof why->column, "%s", column ? column : "");
    va_start(ap, fmt);
    vsnprintf(why->reason, sizeof why->reason, fmt, ap);
    va_end(ap);
    return 1;
}

/* A problem the reader found, or a field count that does not match. */
int import_row_shape(const struct import_header *h, const struct import_row *row,
                     struct import_problem *why)
{
    if (row->problem) {
        const char *col = row->problem_field >= 0 && (size_t)row->problem_field < h->count
                              ? h->cols[row->problem_field].name
                              : "";
        return import_bad(why, col, "%s", row->problem);
    }
    if (row->nfields != h->count)
        return import_bad(why, "", "%zu field%s where the header has %zu", row->nfields,
                          row->nfields == 1 ? "" : "s", h->count);
    return 0;
}

int import_email_value(const char *text, const char *column, char **out, struct import_problem *why)
{
    char *email = strdup(text);
    if (!email)
        return -1;
    const char *problem = import_email_check(email);
    if (problem) {
        char shown[60];
        bento_sanitize_line(text, strlen(text), shown, sizeof shown);
        free(email);
        if (!shown[0])
            return import_bad(why, column, "no email address");
        return import_bad(why, column, "\"%s\" is not a plausible address: %s", shown, problem);
    }
    *out = email;
    return 0;
}

/* Each tag checked as a tag name (import_tag_list has split and trimmed
 * them): 0, 1 with *why, -1 out of memory. */
static int check_tags(const char *list, const char *column, struct import_problem *why)
{
    char tag[BENTO_VALUE_MAX];
    struct bento_error err;
    for (const char *s = list; *s;) {
        size_t len = strcspn(s, ",");
        snprintf(tag, sizeof tag, "%.*s", (int)(len < sizeof tag ? len : sizeof tag - 1), s);
        if (len >= sizeof tag || bento_validate_tag_name(tag, NULL, 0, &err) < 0)
            return import_bad(why, column, "%s",
                              len >= sizeof tag ? "a tag name is too long" : err.message);
        s += len + (s[len] == ',');
    }
    return 0;
}

static int add_tags(cJSON *rec, const struct import_column *c, const char *value,
                    struct import_problem *why)
{
    char *list = import_tag_list(value);
    if (!list)
        return -1;
    int rc = check_tags(list, c->name, why);
    if (!rc && *list && !cJSON_AddStringToObject(rec, c->key, list))
        rc = -1;
    free(list);
    return rc;
}

static int add_column(cJSON *rec, const struct import_column *c, const char *value,
                      struct import_problem *why)
{
    switch (c->role) {
    case ROLE_TAGS:
    case ROLE_REMOVE_TAGS: return add_tags(rec, c, value, why);
    case ROLE_FIRST_NAME:
    case ROLE_LAST_NAME:
    case ROLE_FIELD: return cJSON_AddStringToObject(rec, c->key, value) ? 0 : -1;
    default: return 0;
    }
}

size_t import_column_of(const struct import_header *h, enum import_role role)
{
    for (size_t i = 0; i < h->count; i++)
        if (h->cols[i].role == role)
            return i;
    return 0;
}

int import_map_subscriber(const struct import_header *h, const struct import_row *row, cJSON **out,
                          struct import_problem *why)
{
    char *email = NULL;
    size_t ec = import_column_of(h, ROLE_EMAIL);
    *out = NULL;
    if (import_row_shape(h, row, why))
        return 1;
    int rc = import_email_value(row->field[ec], h->cols[ec].name, &email, why);
    if (rc)
        return rc;
    cJSON *rec = cJSON_CreateObject();
    if (!rec || !cJSON_AddStringToObject(rec, "email", email))
        rc = -1;
    for (size_t i = 0; rc == 0 && i < h->count; i++)
        if (row->len[i])
            rc = add_column(rec, &h->cols[i], row->field[i], why);
    free(email);
    if (rc) {
        cJSON_Delete(rec);
        return rc;
    }
    *out = rec;
    return 0;
}
