/* Named credential profiles in $XDG_CONFIG_HOME/bento-console/profiles.json,
 * with environment overrides. File handling is in profile_store.c. */
#include "bento/profile.h"
#include "bento/url.h"
#include "profile_store.h"

#include "bento/email.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SRC_ENV "env"
#define SRC_PROFILE "profile"

char *bento_profile_path(void)
{
    return bento_pstore_xdg_path("XDG_CONFIG_HOME", ".config", "bento-console/profiles.json");
}

bool bento_profile_name_valid(const char *name)
{
    size_t n = 0;
    if (!name)
        return false;
    for (; name[n]; n++) {
        char c = name[n];
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-';
        if (!ok || n >= BENTO_PROFILE_NAME_MAX - 1)
            return false;
    }
    return n > 0;
}

void bento_profile_wipe(struct bento_profile *p)
{
    if (!p)
        return;
    explicit_bzero(p->publishable_key, sizeof p->publishable_key);
    explicit_bzero(p->secret_key, sizeof p->secret_key);
    explicit_bzero(p->site_uuid, sizeof p->site_uuid);
}

static int bad_name(const char *name, struct bento_error *err)
{
    bento_error_set(err, BENTO_E_USAGE,
                    "Invalid profile name '%.64s': use 1-63 letters, digits, '_' or '-'",
                    name ? name : "");
    return -1;
}

/* Read our file, refusing it when others can read it. */
static int open_store(char **path, cJSON **root, struct bento_error *err)
{
    *root = NULL;
    *path = bento_profile_path();
    if (!*path) {
        bento_error_set(err, BENTO_E_CONFIG,
                        "Cannot find the home directory; set HOME or XDG_CONFIG_HOME");
        return -1;
    }
    if (bento_pstore_read(*path, true, root, err) != 0) {
        free(*path);
        *path = NULL;
        return -1;
    }
    return 0;
}

static void close_store(char *path, cJSON *root)
{
    free(path);
    bento_pstore_wipe_delete(root);
}

static cJSON *profiles_of(const cJSON *root)
{
    cJSON *p = cJSON_GetObjectItemCaseSensitive(root, "profiles");
    return cJSON_IsObject(p) ? p : NULL;
}

/* ---- load ------------------------------------------------------------ */

static int copy_value(char *dst, size_t size, const char *value, const char *what,
                      struct bento_error *err)
{
    if (strlen(value) >= size) {
        bento_error_set(err, BENTO_E_CONFIG, "The %s is too long (at most %zu characters)", what,
                        size - 1);
        return -1;
    }
    memcpy(dst, value, strlen(value) + 1);
    return 0;
}

static int copy_key(const cJSON *entry, const char *key, char *dst, size_t size,
                    const char **source, struct bento_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(entry, key);
    if (!cJSON_IsString(v) || !v->valuestring || !*v->valuestring)
        return 0;
    if (copy_value(dst, size, v->valuestring, key, err) != 0)
        return -1;
    if (source)
        *source = SRC_PROFILE;
    return 0;
}

static int fill_from_entry(const cJSON *entry, struct bento_profile *p, struct bento_error *err)
{
    if (copy_key(entry, "publishable_key", p->publishable_key, sizeof p->publishable_key,
                 &p->source_publishable, err) ||
        copy_key(entry, "secret_key", p->secret_key, sizeof p->secret_key, &p->source_secret,
                 err) ||
        copy_key(entry, "site_uuid", p->site_uuid, sizeof p->site_uuid, &p->source_site, err) ||
        copy_key(entry, "base_url", p->base_url, sizeof p->base_url, NULL, err) ||
        copy_key(entry, "email", p->email, sizeof p->email, NULL, err) ||
        copy_key(entry, "rate_limit", p->rate_limit, sizeof p->rate_limit, NULL, err))
        return -1;
    return 0;
}

static int env_override(const char *var, char *dst, size_t size, const char **source,
                        struct bento_error *err)
{
    const char *v = getenv(var);
    if (!v || !*v)
        return 0;
    if (copy_value(dst, size, v, var, err) != 0)
        return -1;
    if (source)
        *source = SRC_ENV;
    return 0;
}

static int apply_env(struct bento_profile *p, struct bento_error *err)
{
    if (env_override("BENTO_PUBLISHABLE_KEY", p->publishable_key, sizeof p->publishable_key,
                     &p->source_publishable, err) ||
        env_override("BENTO_SECRET_KEY", p->secret_key, sizeof p->secret_key, &p->source_secret,
                     err) ||
        env_override("BENTO_SITE_UUID", p->site_uuid, sizeof p->site_uuid, &p->source_site, err) ||
        env_override("BENTO_API_BASE_URL", p->base_url, sizeof p->base_url, NULL, err) ||
        env_override("BENTO_RATE_LIMIT", p->rate_limit, sizeof p->rate_limit, NULL, err))
        return -1;
    return 0;
}

/* The profile to load: the one asked for, else the file's current one,
 * else "default". */
static const char *chosen_name(const char *name, const cJSON *root)
{
    const cJSON *cur = cJSON_GetObjectItemCaseSensitive(root, "current");
    if (name)
        return name;
    if (cJSON_IsString(cur) && bento_profile_name_valid(cur->valuestring))
        return cur->valuestring;
    return "default";
}

static int load_entry(const char *name, const char *path, const cJSON *root,
                      struct bento_profile *out, struct bento_error *err)
{
    const char *chosen = chosen_name(name, root);
    const cJSON *entry = cJSON_GetObjectItemCaseSensitive(profiles_of(root), chosen);
    char shown[200];

    snprintf(out->name, sizeof out->name, "%s", chosen);
    if (cJSON_IsObject(entry))
        return fill_from_entry(entry, out, err);
    if (name) {
        bento_pstore_tilde(path, shown, sizeof shown);
        bento_error_set(err, BENTO_E_CONFIG, "No profile named '%s' in %s", name, shown);
        return -1;
    }
    return 0;
}

int bento_profile_load(const char *name, struct bento_profile *out, struct bento_error *err)
{
    char *path;
    cJSON *root;
    int rc;

    memset(out, 0, sizeof *out);
    out->source_publishable = out->source_secret = out->source_site = "";
    if (name && !bento_profile_name_valid(name))
        return bad_name(name, err);
    if (open_store(&path, &root, err) != 0)
        return -1;
    rc = load_entry(name, path, root, out, err);
    if (rc == 0)
        rc = apply_env(out, err);
    close_store(path, root);
    if (rc != 0)
        bento_profile_wipe(out);
    return rc;
}

const char *bento_profile_missing(const struct bento_profile *p, char *buf, size_t size)
{
    const char *parts[3];
    size_t n = 0, used = 0;

    if (!p->publishable_key[0])
        parts[n++] = "publishable key";
    if (!p->secret_key[0])
        parts[n++] = "secret key";
    if (!p->site_uuid[0])
        parts[n++] = "site_uuid";
    if (size > 0)
        buf[0] = '\0';
    for (size_t i = 0; i < n && used < size; i++) {
        int w = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", parts[i]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
    return buf;
}

/* ---- save, use, remove, list ------------------------------------------- */

static bool from_env(const char *source)
{
    return source && strcmp(source, SRC_ENV) == 0;
}

static bool from_form(const char *source)
{
    return source && strcmp(source, "form") == 0;
}

/* Write p's values into entry; values that came from the environment
 * leave the stored value as it was. */
static int fill_entry(cJSON *entry, const struct bento_profile *p)
{
    const char *env_url = getenv("BENTO_API_BASE_URL");
    bool url_env = !from_form(p->source_base_url) && env_url && *env_url &&
                   strcmp(env_url, p->base_url) == 0;
    int rc = 0;

    if (!from_env(p->source_publishable))
        rc |= bento_pstore_set_string(entry, "publishable_key", p->publishable_key);
    if (!from_env(p->source_secret))
        rc |= bento_pstore_set_string(entry, "secret_key", p->secret_key);
    if (!from_env(p->source_site))
        rc |= bento_pstore_set_string(entry, "site_uuid", p->site_uuid);
    if (!url_env)
        rc |= bento_pstore_set_string(entry, "base_url", p->base_url);
    /* re-adding a profile's keys keeps its remembered test address */
    if (p->email[0])
        rc |= bento_pstore_set_string(entry, "email", p->email);
    const char *env_rate = getenv("BENTO_RATE_LIMIT");
    if (p->rate_limit[0] && !(env_rate && !strcmp(env_rate, p->rate_limit)))
        rc |= bento_pstore_set_string(entry, "rate_limit", p->rate_limit);
    return rc;
}

/* root["profiles"], created (or replaced when not an object). */
static cJSON *ensure_profiles(cJSON *root)
{
    cJSON *profiles = profiles_of(root);
    if (profiles)
        return profiles;
    bento_pstore_wipe_delete(cJSON_DetachItemFromObjectCaseSensitive(root, "profiles"));
    return cJSON_AddObjectToObject(root, "profiles");
}

static int put_profile(cJSON *root, const struct bento_profile *p, bool make_current)
{
    cJSON *profiles = ensure_profiles(root);
    const cJSON *cur = cJSON_GetObjectItemCaseSensitive(root, "current");
    cJSON *entry;

    if (!profiles)
        return -1;
    entry = cJSON_DetachItemFromObjectCaseSensitive(profiles, p->name);
    if (!cJSON_IsObject(entry)) {
        bento_pstore_wipe_delete(entry);
        entry = cJSON_CreateObject();
    }
    if (!entry || fill_entry(entry, p) != 0 || !cJSON_AddItemToObject(profiles, p->name, entry)) {
        bento_pstore_wipe_delete(entry);
        return -1;
    }
    if (make_current || !cJSON_IsString(cur))
        return bento_pstore_set_string(root, "current", p->name);
    return 0;
}

int bento_profile_save(const struct bento_profile *p, bool make_current, struct bento_error *err)
{
    char *path;
    cJSON *root;
    int rc = -1;

    if (!p || !bento_profile_name_valid(p->name))
        return bad_name(p ? p->name : NULL, err);
    if (bento_url_check(p->base_url, err) != 0)
        return -1;
    if (open_store(&path, &root, err) != 0)
        return -1;
    if (!root)
        root = cJSON_CreateObject();
    if (!root || put_profile(root, p, make_current) != 0)
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory saving profile '%s'", p->name);
    else
        rc = bento_pstore_write(path, root, err);
    close_store(path, root);
    return rc;
}

/* The test address: the normalised, checked copy of address in out. */
static int test_address(const char *address, char *out, size_t size, struct bento_error *err)
{
    const char *why;
    snprintf(out, size, "%s", address ? address : "");
    bento_email_normalize(out);
    if (out[0] && !bento_email_plausible(out, &why)) {
        bento_error_set(err, BENTO_E_VALIDATION, "\"%.100s\" is not a plausible address: %s", out,
                        why);
        return -1;
    }
    return 0;
}

int bento_profile_set_test_address(const char *name, const char *address, struct bento_error *err)
{
    char addr[BENTO_KEY_MAX], *path;
    cJSON *root, *profiles, *entry;
    int rc = -1;

    if (name && !bento_profile_name_valid(name))
        return bad_name(name, err);
    if (test_address(address, addr, sizeof addr, err) != 0 || open_store(&path, &root, err) != 0)
        return -1;
    if (!root)
        root = cJSON_CreateObject();
    name = chosen_name(name, root);
    profiles = root ? ensure_profiles(root) : NULL;
    entry = cJSON_GetObjectItemCaseSensitive(profiles, name);
    if (profiles && !cJSON_IsObject(entry)) {
        bento_pstore_wipe_delete(cJSON_DetachItemFromObjectCaseSensitive(profiles, name));
        entry = cJSON_AddObjectToObject(profiles, name);
    }
    if (!entry || bento_pstore_set_string(entry, "email", addr) != 0 ||
        (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(root, "current")) &&
         bento_pstore_set_string(root, "current", name) != 0))
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory saving the test address");
    else
        rc = bento_pstore_write(path, root, err);
    close_store(path, root);
    return rc;
}

/* Open the store and find profile name in it, or fail saying so. */
static int find_profile(const char *name, char **path, cJSON **root, struct bento_error *err)
{
    char shown[200];

    if (!bento_profile_name_valid(name))
        return bad_name(name, err);
    if (open_store(path, root, err) != 0)
        return -1;
    if (!cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(profiles_of(*root), name))) {
        bento_pstore_tilde(*path, shown, sizeof shown);
        bento_error_set(err, BENTO_E_CONFIG, "No profile named '%s' in %s", name, shown);
        close_store(*path, *root);
        return -1;
    }
    return 0;
}

/* A profile saved before the URL check (or edited by hand) may hold a
 * base URL the keys must not go to; it is not made current. */
static bool stored_url_refused(const cJSON *root, const char *name, struct bento_error *err)
{
    const cJSON *entry = cJSON_GetObjectItemCaseSensitive(profiles_of(root), name);
    const cJSON *url = cJSON_GetObjectItemCaseSensitive(entry, "base_url");
    return cJSON_IsString(url) && bento_url_check(url->valuestring, err) != 0;
}

int bento_profile_use(const char *name, struct bento_error *err)
{
    char *path;
    cJSON *root;
    int rc = -1;

    if (find_profile(name, &path, &root, err) != 0)
        return -1;
    if (stored_url_refused(root, name, err)) {
        close_store(path, root);
        return -1;
    }
    if (bento_pstore_set_string(root, "current", name) != 0)
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory");
    else
        rc = bento_pstore_write(path, root, err);
    close_store(path, root);
    return rc;
}

int bento_profile_remove(const char *name, struct bento_error *err)
{
    char *path;
    cJSON *root;
    const cJSON *cur;
    int rc;

    if (find_profile(name, &path, &root, err) != 0)
        return -1;
    bento_pstore_wipe_delete(cJSON_DetachItemFromObjectCaseSensitive(profiles_of(root), name));
    cur = cJSON_GetObjectItemCaseSensitive(root, "current");
    if (cJSON_IsString(cur) && strcmp(cur->valuestring, name) == 0)
        cJSON_DeleteItemFromObjectCaseSensitive(root, "current");
    rc = bento_pstore_write(path, root, err);
    close_store(path, root);
    return rc;
}

static int collect_names(const cJSON *root, char ***names, size_t *count)
{
    const cJSON *profiles = profiles_of(root), *el;
    size_t n = (size_t)cJSON_GetArraySize(profiles);

    if (n == 0)
        return 0;
    *names = calloc(n, sizeof **names);
    if (!*names)
        return -1;
    cJSON_ArrayForEach(el, profiles) {
        if (!cJSON_IsObject(el) || !bento_profile_name_valid(el->string))
            continue;
        if (!((*names)[*count] = strdup(el->string)))
            return -1;
        (*count)++;
    }
    return 0;
}

int bento_profile_list(char ***names, size_t *count, char **current, struct bento_error *err)
{
    char *path;
    cJSON *root;
    const cJSON *cur;
    int rc = 0;

    *names = NULL;
    *count = 0;
    *current = NULL;
    if (open_store(&path, &root, err) != 0)
        return -1;
    cur = cJSON_GetObjectItemCaseSensitive(root, "current");
    if (collect_names(root, names, count) != 0 ||
        (cJSON_IsString(cur) && !(*current = strdup(cur->valuestring)))) {
        bento_profile_list_free(*names, *count, *current);
        *names = NULL;
        *count = 0;
        *current = NULL;
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory listing profiles");
        rc = -1;
    }
    close_store(path, root);
    return rc;
}

void bento_profile_list_free(char **names, size_t count, char *current)
{
    for (size_t i = 0; names && i < count; i++)
        free(names[i]);
    free(names);
    free(current);
}
