/* Import from the official Bento CLI's config.json:
 * {"version":1,"current":..,"profiles":{name:{publishableKey,secretKey,
 * siteUuid,createdAt,updatedAt}}}. Profiles we already have are kept;
 * legacy {apiKey, siteId} entries carry no usable keys and are skipped. */
#include "bento/profile.h"
#include "profile_store.h"

#include <stdlib.h>
#include <string.h>

static char *official_path(void)
{
    const char *env = getenv("BENTO_CONFIG_PATH");
    if (env && *env)
        return strdup(env);
    return bento_pstore_xdg_path("XDG_DATA_HOME", ".local/share", "bento/config.json");
}

static const char *usable(const cJSON *entry, const char *key, size_t max)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(entry, key);
    if (!cJSON_IsString(v) || !v->valuestring || !*v->valuestring || strlen(v->valuestring) >= max)
        return NULL;
    return v->valuestring;
}

/* Their entry as one of ours, or NULL when it cannot be used. */
static cJSON *convert_entry(const cJSON *theirs)
{
    const char *pk = usable(theirs, "publishableKey", BENTO_KEY_MAX);
    const char *sk = usable(theirs, "secretKey", BENTO_KEY_MAX);
    const char *site = usable(theirs, "siteUuid", BENTO_KEY_MAX);
    cJSON *ours;

    if (!cJSON_IsObject(theirs) || !pk || !sk || !site || !(ours = cJSON_CreateObject()))
        return NULL;
    if (bento_pstore_set_string(ours, "publishable_key", pk) ||
        bento_pstore_set_string(ours, "secret_key", sk) ||
        bento_pstore_set_string(ours, "site_uuid", site)) {
        bento_pstore_wipe_delete(ours);
        return NULL;
    }
    return ours;
}

static cJSON *our_profiles(cJSON *root)
{
    cJSON *p = cJSON_GetObjectItemCaseSensitive(root, "profiles");
    if (cJSON_IsObject(p))
        return p;
    bento_pstore_wipe_delete(cJSON_DetachItemFromObjectCaseSensitive(root, "profiles"));
    return cJSON_AddObjectToObject(root, "profiles");
}

/* Add their usable profiles that we do not have; returns how many. */
static int merge(const cJSON *theirs, cJSON *ours)
{
    const cJSON *src = cJSON_GetObjectItemCaseSensitive(theirs, "profiles"), *el;
    const cJSON *their_cur = cJSON_GetObjectItemCaseSensitive(theirs, "current");
    cJSON *dst = our_profiles(ours);
    int added = 0;

    if (!dst || !cJSON_IsObject(src))
        return 0;
    cJSON_ArrayForEach(el, src) {
        cJSON *entry;
        if (!bento_profile_name_valid(el->string) ||
            cJSON_GetObjectItemCaseSensitive(dst, el->string) || !(entry = convert_entry(el)))
            continue;
        if (!cJSON_AddItemToObject(dst, el->string, entry)) {
            bento_pstore_wipe_delete(entry);
            continue;
        }
        added++;
    }
    /* adopt their current profile only when we had none */
    if (added > 0 && !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(ours, "current")) &&
        cJSON_IsString(their_cur) &&
        cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(dst, their_cur->valuestring)))
        bento_pstore_set_string(ours, "current", their_cur->valuestring);
    return added;
}

static int load_both(const char *their_path, const char *our_path, cJSON **theirs, cJSON **ours,
                     struct bento_error *err)
{
    char shown[200];

    if (bento_pstore_read(their_path, false, theirs, err) != 0)
        return -1;
    if (!*theirs) {
        bento_pstore_tilde(their_path, shown, sizeof shown);
        bento_error_set(err, BENTO_E_CONFIG, "No Bento CLI configuration found at %s", shown);
        return -1;
    }
    if (bento_pstore_read(our_path, true, ours, err) != 0)
        return -1;
    if (!*ours && !(*ours = cJSON_CreateObject())) {
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory importing profiles");
        return -1;
    }
    return 0;
}

int bento_profile_import_official(struct bento_error *err)
{
    char *their_path = official_path(), *our_path = bento_profile_path();
    cJSON *theirs = NULL, *ours = NULL;
    int added = -1;

    if (!their_path || !our_path)
        bento_error_set(err, BENTO_E_CONFIG,
                        "Cannot find the home directory; set HOME or BENTO_CONFIG_PATH");
    else if (load_both(their_path, our_path, &theirs, &ours, err) == 0) {
        added = merge(theirs, ours);
        if (added > 0 && bento_pstore_write(our_path, ours, err) != 0)
            added = -1;
    }
    bento_pstore_wipe_delete(theirs);
    bento_pstore_wipe_delete(ours);
    free(their_path);
    free(our_path);
    return added;
}
