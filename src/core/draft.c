/* Drafts of the compose form, one JSON file each; see draft.h. Writes go
 * through bento_pstore_write (temp file, fsync, rename, 0600). */
#include "bento/draft.h"
#include "profile_store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bento/sanitize.h"

#define DRAFT_VERSION 1
#define DRAFT_FILE_MAX (16 * 1024 * 1024)
#define STALE_TEMP_S 600 /* a temp file this old was left by a crash */

char *bento_draft_dir(void)
{
    return bento_pstore_xdg_path("XDG_STATE_HOME", ".local/state", "bento-console/drafts");
}

bool bento_draft_id_valid(const char *id)
{
    size_t n = 0;
    for (; id && id[n]; n++) {
        char c = id[n];
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-';
        if (!ok || n >= BENTO_DRAFT_ID_MAX - 1)
            return false;
    }
    return n > 0;
}

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* <dir>/<id>.json, or NULL with err set. */
static char *draft_path(const char *id, struct bento_error *err)
{
    if (!bento_draft_id_valid(id)) {
        bento_error_set(err, BENTO_E_USAGE,
                        "Invalid draft name '%.64s': use letters, digits, "
                        "'_' or '-'",
                        id ? id : "");
        return NULL;
    }
    char *dir = bento_draft_dir();
    if (!dir) {
        bento_error_set(err, BENTO_E_CONFIG,
                        "Cannot find the home directory; set HOME or "
                        "XDG_STATE_HOME");
        return NULL;
    }
    size_t n = strlen(dir) + strlen(id) + 8;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%s/%s.json", dir, id);
    else
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory");
    free(dir);
    return path;
}

/* ---- JSON <-> form ------------------------------------------------------- */

static bool add_str(cJSON *o, const char *key, const char *value)
{
    return cJSON_AddStringToObject(o, key, value ? value : "") != NULL;
}

static cJSON *to_json(const struct bento_compose *c)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *to = o ? cJSON_AddArrayToObject(o, "to") : NULL;
    bool ok = to != NULL;
    for (size_t i = 0; ok && i < c->to_count; i++)
        ok = cJSON_AddItemToArray(to, cJSON_CreateString(c->to[i]));
    ok = ok && cJSON_AddNumberToObject(o, "version", DRAFT_VERSION) &&
         cJSON_AddNumberToObject(o, "saved_ms", (double)wall_ms()) && add_str(o, "from", c->from) &&
         add_str(o, "subject", c->subject) && add_str(o, "html", c->html) &&
         cJSON_AddBoolToObject(o, "transactional", c->transactional);
    cJSON *vars = ok ? cJSON_AddArrayToObject(o, "personalizations") : NULL;
    for (size_t i = 0; vars && ok && i < c->var_count; i++) {
        cJSON *kv = cJSON_CreateObject();
        ok = kv && cJSON_AddItemToArray(vars, kv) && add_str(kv, "key", c->vars[i].key) &&
             add_str(kv, "value", c->vars[i].value);
    }
    if (!ok || !vars) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static const char *get_str(const cJSON *o, const char *key)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
    return s ? s : "";
}

/* Fill c from a parsed draft; unknown keys are ignored, missing ones empty. */
static int from_json(const cJSON *o, struct bento_compose *c)
{
    const cJSON *it;
    int rc = 0;
    rc |= bento_compose_set_from(c, get_str(o, "from"));
    rc |= bento_compose_set_subject(c, get_str(o, "subject"));
    rc |= bento_compose_set_html(c, get_str(o, "html"));
    c->transactional = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "transactional"));
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "to")) {
        if (rc == 0 && cJSON_IsString(it))
            rc = bento_compose_add_to(c, it->valuestring);
    }
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "personalizations")) {
        /* a blank key cannot be stored; skip it rather than fail */
        if (rc == 0 && bento_compose_set_var(c, get_str(it, "key"), get_str(it, "value")) == -2)
            rc = -1;
    }
    return rc;
}

/* ---- files --------------------------------------------------------------- */

/* Read and parse one draft file. Returns 0, or -1 with err set. */
static int read_draft(const char *path, cJSON **root, struct bento_error *err)
{
    char shown[200];
    struct stat st;
    bento_pstore_tilde(path, shown, sizeof shown);
    *root = NULL;
    int fd = bento_pstore_open_own(path, shown, &st, err);
    if (fd == -2)
        bento_error_set(err, BENTO_E_NOT_FOUND, "No draft at %s", shown);
    if (fd < 0)
        return -1;
    char *text = NULL;
    if (st.st_size <= DRAFT_FILE_MAX && (text = malloc((size_t)st.st_size + 1))) {
        size_t got = 0;
        for (ssize_t r = 1; r > 0 && got<(size_t)st.st_size; got += r> 0 ? (size_t)r : 0)
            r = read(fd, text + got, (size_t)st.st_size - got);
        text[got] = '\0';
        *root = cJSON_Parse(text);
    }
    close(fd);
    free(text);
    if (!cJSON_IsObject(*root)) {
        cJSON_Delete(*root);
        *root = NULL;
        bento_error_set(err, BENTO_E_IO, "%s is not a readable draft; delete it", shown);
        return -1;
    }
    return 0;
}

int bento_draft_save(const char *id, const struct bento_compose *c, struct bento_error *err)
{
    char *path = draft_path(id, err);
    if (!path)
        return -1;
    cJSON *root = to_json(c);
    int rc = -1;
    if (!root)
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory saving the draft");
    else
        rc = bento_pstore_write(path, root, err);
    cJSON_Delete(root);
    free(path);
    return rc;
}

int bento_draft_autosave(const struct bento_compose *c, struct bento_error *err)
{
    return bento_draft_save(BENTO_DRAFT_AUTOSAVE, c, err);
}

int bento_draft_load(const char *id, struct bento_compose *c, struct bento_error *err)
{
    char *path = draft_path(id, err);
    cJSON *root = NULL;
    bento_compose_free(c);
    if (!path || read_draft(path, &root, err) < 0) {
        free(path);
        return -1;
    }
    int rc = from_json(root, c);
    if (rc != 0) {
        bento_compose_free(c);
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory loading the draft");
    }
    cJSON_Delete(root);
    free(path);
    return rc;
}

int bento_draft_delete(const char *id, struct bento_error *err)
{
    char *path = draft_path(id, err);
    if (!path)
        return -1;
    int rc = unlink(path);
    if (rc != 0 && errno == ENOENT) {
        bento_error_set(err, BENTO_E_NOT_FOUND, "No draft named '%s'", id);
    } else if (rc != 0) {
        char shown[200];
        bento_pstore_tilde(path, shown, sizeof shown);
        bento_error_set(err, BENTO_E_IO, "Cannot delete %s: %s", shown, strerror(errno));
    }
    free(path);
    return rc == 0 ? 0 : -1;
}

bool bento_draft_exists(const char *id)
{
    struct bento_error err;
    char *path = draft_path(id, &err);
    bool exists = path && access(path, F_OK) == 0;
    free(path);
    return exists;
}

/* link() then unlink(): link refuses a name that exists, so two renames
 * to one name cannot overwrite each other's draft. */
static int move_file(const char *from, const char *to, const char *old_path, const char *new_path,
                     struct bento_error *err)
{
    char shown[200];
    if (link(old_path, new_path) != 0) {
        if (errno == EEXIST)
            bento_error_set(err, BENTO_E_USAGE, "A draft named '%s' exists: pick another name", to);
        else if (errno == ENOENT)
            bento_error_set(err, BENTO_E_NOT_FOUND, "No draft named '%s'", from);
        else {
            bento_pstore_tilde(new_path, shown, sizeof shown);
            bento_error_set(err, BENTO_E_IO, "Cannot write %s: %s", shown, strerror(errno));
        }
        return -1;
    }
    if (unlink(old_path) != 0) {
        bento_pstore_tilde(old_path, shown, sizeof shown);
        bento_error_set(err, BENTO_E_IO, "Renamed, but cannot remove %s: %s", shown,
                        strerror(errno));
        return -1;
    }
    return 0;
}

int bento_draft_rename(const char *from, const char *to, struct bento_error *err)
{
    /* the autosave draft is the form being edited, rewritten at each change */
    if (!strcmp(from, BENTO_DRAFT_AUTOSAVE) || !strcmp(to, BENTO_DRAFT_AUTOSAVE)) {
        bento_error_set(err, BENTO_E_USAGE,
                        "'%s' is the form being edited: open it and save it under a name with w",
                        BENTO_DRAFT_AUTOSAVE);
        return -1;
    }
    char *old_path = draft_path(from, err);
    char *new_path = old_path ? draft_path(to, err) : NULL;
    int rc = -1;
    if (new_path && !strcmp(from, to))
        rc = 0;
    else if (new_path)
        rc = move_file(from, to, old_path, new_path, err);
    free(old_path);
    free(new_path);
    return rc;
}

int bento_draft_new_id(char *out, size_t size, struct bento_error *err)
{
    time_t now = time(NULL);
    struct tm tm;
    char base[32];
    localtime_r(&now, &tm);
    strftime(base, sizeof base, "%Y%m%d-%H%M%S", &tm);
    for (int n = 1; n < 1000; n++) {
        if (n == 1)
            snprintf(out, size, "%s", base);
        else
            snprintf(out, size, "%s-%d", base, n);
        if (!bento_draft_exists(out))
            return 0;
    }
    bento_error_set(err, BENTO_E_IO, "Too many drafts named %s-N", base);
    return -1;
}

int bento_draft_duplicate(const char *id, char *new_id, size_t size, struct bento_error *err)
{
    struct bento_compose c;
    bento_compose_init(&c);
    int rc = bento_draft_load(id, &c, err);
    if (rc == 0)
        rc = bento_draft_new_id(new_id, size, err);
    if (rc == 0)
        rc = bento_draft_save(new_id, &c, err);
    bento_compose_free(&c);
    return rc;
}

/* ---- listing ------------------------------------------------------------- */

static void info_from(const cJSON *root, const struct stat *st, struct bento_draft_info *d)
{
    const cJSON *saved = cJSON_GetObjectItemCaseSensitive(root, "saved_ms");
    const char *subject = get_str(root, "subject");
    /* a hand-edited time (1e999 parses as infinity) must not reach the cast */
    bool usable = cJSON_IsNumber(saved) && saved->valuedouble >= 0 && saved->valuedouble < 9.2e18;
    d->saved_ms = usable ? (int64_t)saved->valuedouble : (int64_t)st->st_mtime * 1000;
    d->recipients = (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(root, "to"));
    d->transactional = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "transactional"));
    size_t cap = strlen(subject) * 4 + 1;
    d->subject = malloc(cap);
    if (d->subject)
        bento_sanitize_line(subject, strlen(subject), d->subject, cap);
}

/* A temp file left by a crash mid-write: "<id>.json.tmp-XXXXXX". */
static void remove_stale_temp(int dirfd, const char *name)
{
    struct stat st;
    if (strstr(name, ".json.tmp-") && fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISREG(st.st_mode) && time(NULL) - st.st_mtime > STALE_TEMP_S)
        unlinkat(dirfd, name, 0);
}

/* One directory entry; returns -1 only when out of memory. */
static int list_entry(const char *dir, int dirfd, const char *name, struct bento_draft_list *l)
{
    size_t n = strlen(name);
    remove_stale_temp(dirfd, name);
    if (n <= 5 || n - 5 >= BENTO_DRAFT_ID_MAX || strcmp(name + n - 5, ".json") != 0)
        return 0;
    struct bento_draft_info d = {0};
    memcpy(d.id, name, n - 5);
    if (!bento_draft_id_valid(d.id))
        return 0;
    size_t plen = strlen(dir) + n + 2;
    char *path = malloc(plen);
    struct stat st;
    if (!path)
        return -1;
    snprintf(path, plen, "%s/%s", dir, name);
    cJSON *root = NULL;
    struct bento_error err;
    if (stat(path, &st) == 0 && read_draft(path, &root, &err) == 0)
        info_from(root, &st, &d);
    else
        d.broken = true;
    if (!d.subject)
        d.subject = strdup("");
    cJSON_Delete(root);
    free(path);
    struct bento_draft_info *grown = d.subject ? realloc(l->items, (l->count + 1) * sizeof *grown)
                                               : NULL;
    if (!grown) {
        free(d.subject);
        return -1;
    }
    l->items = grown;
    l->items[l->count++] = d;
    return 0;
}

static int newest_first(const void *a, const void *b)
{
    const struct bento_draft_info *x = a, *y = b;
    if (x->saved_ms != y->saved_ms)
        return x->saved_ms < y->saved_ms ? 1 : -1;
    return strcmp(x->id, y->id);
}

int bento_draft_list(struct bento_draft_list *out, struct bento_error *err)
{
    memset(out, 0, sizeof *out);
    char *dir = bento_draft_dir();
    if (!dir) {
        bento_error_set(err, BENTO_E_CONFIG,
                        "Cannot find the home directory; set HOME or "
                        "XDG_STATE_HOME");
        return -1;
    }
    DIR *d = opendir(dir);
    if (!d) {
        int e = errno;
        free(dir);
        if (e == ENOENT)
            return 0;
        bento_error_set(err, BENTO_E_IO, "Cannot read the drafts directory: %s", strerror(e));
        return -1;
    }
    int rc = 0;
    for (struct dirent *e; rc == 0 && (e = readdir(d));)
        rc = list_entry(dir, dirfd(d), e->d_name, out);
    closedir(d);
    free(dir);
    if (rc != 0) {
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory listing drafts");
        bento_draft_list_free(out);
        return -1;
    }
    qsort(out->items, out->count, sizeof *out->items, newest_first);
    return 0;
}

void bento_draft_list_free(struct bento_draft_list *l)
{
    for (size_t i = 0; l && i < l->count; i++)
        free(l->items[i].subject);
    if (l) {
        free(l->items);
        memset(l, 0, sizeof *l);
    }
}
