/* The local template history (template_history.h). One JSON file per
 * version kept, written through the profile store (a fresh 0600 file
 * renamed into place, directories 0700). A link planted at a directory
 * or a version's name is refused, as the reject file refuses one: it is
 * someone else's intent, or an attack. */
#include "bento/template_history.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cjson/cJSON.h>

#include "profile_store.h"

static bool name_ok(const char *s)
{
    if (!s || !*s || *s == '.' || strlen(s) > 128)
        return false;
    for (; *s; s++) {
        char c = *s;
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-' || c == '.' || c == '@';
        if (!ok)
            return false;
    }
    return true;
}

char *bento_template_history_dir(const char *profile, const char *id, struct bento_error *err)
{
    if (!name_ok(profile) || !name_ok(id)) {
        bento_error_set(err, BENTO_E_USAGE,
                        "Cannot keep a history for template '%.64s' of profile '%.64s': "
                        "use letters, digits, '.', '_' or '-'",
                        id ? id : "", profile ? profile : "");
        return NULL;
    }
    char rest[300];
    snprintf(rest, sizeof rest, "bento-console/templates/%s/%s", profile, id);
    char *dir = bento_pstore_xdg_path("XDG_STATE_HOME", ".local/state", rest);
    if (!dir)
        bento_error_set(err, BENTO_E_CONFIG,
                        "Cannot find the home directory; set HOME or XDG_STATE_HOME");
    return dir;
}

/* Refuse a link at path (a missing path is fine). */
static int refuse_link(const char *path, struct bento_error *err)
{
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode))
        return 0;
    char shown[200];
    bento_pstore_tilde(path, shown, sizeof shown);
    bento_error_set(err, BENTO_E_IO,
                    "%s is a symbolic link; not writing the template history through it: "
                    "remove it",
                    shown);
    return -1;
}

/* The template's directory and the two above it that are ours. */
static int refuse_links_up(const char *dir, struct bento_error *err)
{
    char *copy = strdup(dir);
    int rc = copy ? 0 : -1;
    for (int level = 0; copy && rc == 0 && level < 3; level++) {
        rc = refuse_link(copy, err);
        char *slash = strrchr(copy, '/');
        if (!slash || slash == copy)
            break;
        *slash = '\0';
    }
    if (!copy)
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory");
    free(copy);
    return rc;
}

static char *version_path(const char *dir, long number)
{
    size_t n = strlen(dir) + 32;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%06ld.json", dir, number);
    return p;
}

/* NUMBER.json -> NUMBER, else -1. */
static long parse_number(const char *name)
{
    char *end;
    long n = strtol(name, &end, 10);
    if (end == name || strcmp(end, ".json") != 0 || n <= 0)
        return -1;
    return n;
}

static long newest_number(const char *dir)
{
    long max = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        long n = parse_number(e->d_name);
        if (n > max)
            max = n;
    }
    if (d)
        closedir(d);
    return max;
}

static cJSON *version_json(const char *subject, const char *html, long long saved_at)
{
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddNumberToObject(o, "saved_at", (double)saved_at) ||
        (subject && !cJSON_AddStringToObject(o, "subject", subject)) ||
        (html && !cJSON_AddStringToObject(o, "html", html))) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

/* Take the next free number for a version: its file is created with
 * O_EXCL, so two writers (two consoles, a console and the command line)
 * never pick the same one; a taken number makes us try the next. The
 * empty file is replaced by the version's below. NULL with err set. */
static char *reserve_number(const char *dir, long *number, struct bento_error *err)
{
    char *copy = strdup(dir);
    int made = copy ? bento_pstore_make_dirs(copy) : -1;
    free(copy);
    if (made != 0) {
        bento_error_set(err, BENTO_E_IO, "Cannot create the template history's directory: %s",
                        strerror(errno));
        return NULL;
    }
    long n = newest_number(dir) + 1;
    for (int tries = 0; tries < 1000; tries++, n++) {
        char *path = version_path(dir, n);
        if (!path)
            break;
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd >= 0) {
            close(fd);
            *number = n;
            return path;
        }
        free(path);
        if (errno != EEXIST) {
            bento_error_set(err, BENTO_E_IO, "Cannot create a version in the template history: %s",
                            strerror(errno));
            return NULL;
        }
    }
    bento_error_set(err, BENTO_E_IO, "Cannot find a free version number in the template history");
    return NULL;
}

int bento_template_history_store(const char *profile, const char *id, const char *subject,
                                 const char *html, long long saved_at, long *number,
                                 struct bento_error *err)
{
    char *dir = bento_template_history_dir(profile, id, err);
    if (!dir || refuse_links_up(dir, err) < 0) {
        free(dir);
        return -1;
    }
    long n = 0;
    cJSON *o = version_json(subject, html, saved_at);
    char *path = o ? reserve_number(dir, &n, err) : NULL;
    int rc = -1;
    if (!o)
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory keeping the template's version");
    else if (path && bento_pstore_write(path, o, err) == 0)
        rc = 0;
    else if (path)
        unlink(path); /* the number is free again */
    if (rc == 0 && number)
        *number = n;
    cJSON_Delete(o);
    free(path);
    free(dir);
    return rc;
}

void bento_template_version_patch(const struct bento_template_version *v, const char *cur_subject,
                                  const char *cur_html, const char **subject, const char **html)
{
    bool same_subject = !v->subject || (cur_subject && !strcmp(v->subject, cur_subject));
    bool same_html = !v->html || (cur_html && !strcmp(v->html, cur_html));
    *subject = same_subject ? NULL : v->subject;
    *html = same_html ? NULL : v->html;
}

static char *dup_string(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? strdup(v->valuestring) : NULL;
}

/* One version file into v; 1 when it is not one (skipped), -1 on error. */
static int load_one(const char *dir, long number, struct bento_template_version *v,
                    struct bento_error *err)
{
    char *path = version_path(dir, number);
    struct stat st;
    cJSON *o = NULL;
    if (!path)
        return -1;
    int rc = 1;
    if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
        bento_pstore_read(path, true, &o, err) == 0 && cJSON_IsObject(o)) {
        const cJSON *at = cJSON_GetObjectItemCaseSensitive(o, "saved_at");
        v->number = number;
        v->saved_at = cJSON_IsNumber(at) ? (long long)at->valuedouble : 0;
        v->subject = dup_string(o, "subject");
        v->html = dup_string(o, "html");
        rc = 0;
    }
    bento_error_clear(err); /* a version that cannot be read is skipped */
    cJSON_Delete(o);
    free(path);
    return rc;
}

static int newest_first(const void *a, const void *b)
{
    long x = ((const struct bento_template_version *)a)->number;
    long y = ((const struct bento_template_version *)b)->number;
    return (x < y) - (x > y);
}

static int add_version(struct bento_template_history *out, const char *dir, long number,
                       struct bento_error *err)
{
    struct bento_template_version v = {0};
    int rc = load_one(dir, number, &v, err);
    if (rc != 0)
        return rc;
    struct bento_template_version *grown = realloc(out->items,
                                                   (out->count + 1) * sizeof *out->items);
    if (!grown) {
        free(v.subject);
        free(v.html);
        return -1;
    }
    out->items = grown;
    out->items[out->count++] = v;
    return 0;
}

int bento_template_history_load(const char *profile, const char *id,
                                struct bento_template_history *out, struct bento_error *err)
{
    char *dir = bento_template_history_dir(profile, id, err);
    if (!dir)
        return -1;
    bento_error_clear(err);
    int rc = 0;
    DIR *d = refuse_links_up(dir, err) < 0 ? NULL : opendir(dir);
    if (!d && err->kind != BENTO_OK)
        rc = -1;
    struct dirent *e;
    while (d && rc == 0 && (e = readdir(d))) {
        long n = parse_number(e->d_name);
        if (n > 0 && add_version(out, dir, n, err) < 0) {
            bento_error_set(err, BENTO_E_NOMEM, "Out of memory reading the template history");
            rc = -1;
        }
    }
    if (d)
        closedir(d);
    free(dir);
    if (rc < 0)
        bento_template_history_free(out);
    else if (out->count > 1)
        qsort(out->items, out->count, sizeof *out->items, newest_first);
    return rc;
}

int bento_template_history_remove(const char *profile, const char *id, long number,
                                  struct bento_error *err)
{
    char *dir = bento_template_history_dir(profile, id, err);
    char *path = dir ? version_path(dir, number) : NULL;
    int rc = -1;
    if (dir && !path)
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory");
    else if (path && unlink(path) != 0)
        bento_error_set(err, BENTO_E_IO, "Cannot remove version %ld of template %s: %s", number, id,
                        strerror(errno));
    else if (path)
        rc = 0;
    free(path);
    free(dir);
    return rc;
}

const struct bento_template_version *
bento_template_history_find(const struct bento_template_history *h, long number)
{
    for (size_t i = 0; i < h->count; i++)
        if (h->items[i].number == number)
            return &h->items[i];
    return NULL;
}

void bento_template_history_free(struct bento_template_history *h)
{
    for (size_t i = 0; i < h->count; i++) {
        free(h->items[i].subject);
        free(h->items[i].html);
    }
    free(h->items);
    h->items = NULL;
    h->count = 0;
}
