/* The record of recent sends (sendlog.h): a JSON file of
 * {"sends":[{"key","at","outcome","recipients"}]}, read as a private
 * file and replaced through the profile store's atomic 0600 write. */
#include "bento/sendlog.h"
#include "profile_store.h"
#include "fnv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SENDS_KEPT 500 /* a bound on the file, newest kept */

/* ---- the key ------------------------------------------------------------- */

/* FNV-1a, 64 bits: a collision only asks for a needless confirmation. */
static void mix(uint64_t *h, const char *s, size_t n)
{
    *h = bento_fnv(*h, s, n);
}

/* Length-prefixed, so no two field lists hash the same text. */
static void mix_field(uint64_t *h, const char *s)
{
    char len[24];
    size_t n = s ? strlen(s) : 0;
    int k = snprintf(len, sizeof len, "%zu:", n);
    mix(h, len, (size_t)k);
    mix(h, s ? s : "", n);
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int bento_sendlog_key(const char *account, const struct bento_compose *c,
                      char key[BENTO_SENDLOG_KEY_SIZE])
{
    char **to = NULL;
    size_t n = 0;
    uint64_t h = BENTO_FNV_OFFSET;
    if (bento_compose_recipients(c, &to, &n) < 0)
        return -1;
    if (n)
        qsort(to, n, sizeof *to, by_text);
    mix_field(&h, "account");
    mix_field(&h, account ? account : "");
    mix_field(&h, "to");
    for (size_t i = 0; i < n; i++)
        mix_field(&h, to[i]);
    bento_compose_recipients_free(to, n);
    mix_field(&h, "subject");
    mix_field(&h, c->subject);
    mix_field(&h, "html");
    mix_field(&h, c->html);
    mix_field(&h, "vars");
    for (size_t i = 0; i < c->var_count; i++) {
        mix_field(&h, c->vars[i].key);
        mix_field(&h, c->vars[i].value);
    }
    snprintf(key, BENTO_SENDLOG_KEY_SIZE, "%016llx", (unsigned long long)h);
    return 0;
}

/* ---- the file ------------------------------------------------------------ */

char *bento_sendlog_path(void)
{
    return bento_pstore_xdg_path("XDG_STATE_HOME", ".local/state", "bento-console/sent.json");
}

const char *bento_send_outcome_name(enum bento_send_outcome o)
{
    return o == BENTO_SEND_UNKNOWN ? "unknown" : "queued";
}

static bool entry_valid(const cJSON *e)
{
    const cJSON *key = cJSON_GetObjectItemCaseSensitive(e, "key");
    const cJSON *at = cJSON_GetObjectItemCaseSensitive(e, "at");
    const cJSON *out = cJSON_GetObjectItemCaseSensitive(e, "outcome");
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(e, "recipients");
    return cJSON_IsString(key) && strlen(key->valuestring) == BENTO_SENDLOG_KEY_SIZE - 1 &&
           cJSON_IsNumber(at) && at->valuedouble >= 0 && at->valuedouble < 1e12 &&
           cJSON_IsString(out) &&
           (!strcmp(out->valuestring, "queued") || !strcmp(out->valuestring, "unknown")) &&
           cJSON_IsNumber(n) && n->valuedouble >= 0 && n->valuedouble < 1e9;
}

/* The file's "sends" array, checked entry by entry; *root NULL when there
 * is no file. Returns 0, or -1 with err set. */
static int load(const char *path, cJSON **root, struct bento_error *err)
{
    if (bento_pstore_read(path, true, root, err) < 0) {
        if (err->kind != BENTO_E_NOMEM)
            err->kind = BENTO_E_IO; /* a local file, whatever is wrong with it */
        return -1;
    }
    if (!*root)
        return 0;
    const cJSON *sends = cJSON_GetObjectItemCaseSensitive(*root, "sends"), *e;
    bool ok = cJSON_IsArray(sends);
    cJSON_ArrayForEach(e, sends)
        ok = ok && entry_valid(e);
    if (!ok) {
        char shown[200];
        bento_pstore_tilde(path, shown, sizeof shown);
        bento_error_set(err, BENTO_E_IO, "%s is not a record of sends", shown);
        cJSON_Delete(*root);
        *root = NULL;
        return -1;
    }
    return 0;
}

static void to_record(const cJSON *e, struct bento_send_record *rec)
{
    snprintf(rec->key, sizeof rec->key, "%s",
             cJSON_GetObjectItemCaseSensitive(e, "key")->valuestring);
    rec->at_s = (int64_t)cJSON_GetObjectItemCaseSensitive(e, "at")->valuedouble;
    rec->outcome = strcmp(cJSON_GetObjectItemCaseSensitive(e, "outcome")->valuestring, "unknown") ==
                           0
                       ? BENTO_SEND_UNKNOWN
                       : BENTO_SEND_QUEUED;
    rec->recipients = (size_t)cJSON_GetObjectItemCaseSensitive(e, "recipients")->valuedouble;
}

static char *path_or_error(struct bento_error *err)
{
    char *path = bento_sendlog_path();
    if (!path)
        bento_error_set(err, BENTO_E_CONFIG,
                        "Cannot find the home directory; set HOME or "
                        "XDG_STATE_HOME");
    return path;
}

int bento_sendlog_find(const char *key, int64_t now_s, struct bento_send_record *rec,
                       struct bento_error *err)
{
    char *path = path_or_error(err);
    cJSON *root = NULL;
    int found = -1;
    if (path && load(path, &root, err) == 0) {
        const cJSON *e;
        found = 0;
        cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(root, "sends")) {
            struct bento_send_record r;
            to_record(e, &r);
            if (strcmp(r.key, key) != 0 || now_s - r.at_s > BENTO_SENDLOG_WINDOW_S ||
                (found && r.at_s < rec->at_s))
                continue;
            *rec = r;
            found = 1;
        }
    }
    cJSON_Delete(root);
    free(path);
    return found;
}

/* The kept entries of old (those in the window, newest SENDS_KEPT - 1),
 * then rec. */
static cJSON *with_record(const cJSON *old, const struct bento_send_record *rec)
{
    cJSON *root = cJSON_CreateObject(), *sends = cJSON_AddArrayToObject(root, "sends");
    const cJSON *e;
    int total = cJSON_GetArraySize(old), i = 0;
    cJSON_ArrayForEach(e, old) {
        double at = cJSON_GetObjectItemCaseSensitive(e, "at")->valuedouble;
        if (i++ >= total - (SENDS_KEPT - 1) && rec->at_s - (int64_t)at <= BENTO_SENDLOG_WINDOW_S)
            cJSON_AddItemToArray(sends, cJSON_Duplicate(e, 1));
    }
    cJSON *n = cJSON_CreateObject();
    cJSON_AddStringToObject(n, "key", rec->key);
    cJSON_AddNumberToObject(n, "at", (double)rec->at_s);
    cJSON_AddStringToObject(n, "outcome", bento_send_outcome_name(rec->outcome));
    cJSON_AddNumberToObject(n, "recipients", (double)rec->recipients);
    cJSON_AddItemToArray(sends, n);
    return root;
}

int bento_sendlog_add(const struct bento_send_record *rec, struct bento_error *err)
{
    char *path = path_or_error(err);
    cJSON *old = NULL, *root = NULL;
    int rc = -1;
    if (!path)
        return -1;
    /* two consoles sending at once must both be recorded */
    int lock = bento_pstore_lock(path, err);
    if (lock < 0) {
        free(path);
        return -1;
    }
    if (load(path, &old, err) < 0)
        old = NULL; /* unreadable: start over rather than lose this send */
    root = with_record(cJSON_GetObjectItemCaseSensitive(old, "sends"), rec);
    if (!root)
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory recording the send");
    else
        rc = bento_pstore_write(path, root, err);
    bento_pstore_unlock(lock);
    cJSON_Delete(root);
    cJSON_Delete(old);
    free(path);
    return rc;
}
