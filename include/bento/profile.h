/* Credentials and named profiles.
 * File: $XDG_CONFIG_HOME/bento-console/profiles.json (default ~/.config),
 *   {"current":"default","profiles":{"default":{"publishable_key":..,
 *    "secret_key":..,"site_uuid":..,"base_url":..,"email":..}}}
 * written 0600 atomically; a file readable by group/others is refused.
 * "email" is the remembered test address; files without it load as before.
 * "rate_limit" ("N/MS" or "off") is the account's request limit per family
 * (fetch, batch, experimental), when it is not Bento's default 100/60000.
 * Environment overrides: BENTO_PUBLISHABLE_KEY, BENTO_SECRET_KEY,
 * BENTO_SITE_UUID, BENTO_API_BASE_URL, BENTO_RATE_LIMIT. */
#ifndef BENTO_PROFILE_H
#define BENTO_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include "bento/error.h"

#define BENTO_DEFAULT_BASE_URL "https://app.bentonow.com/api/v1"
#define BENTO_PROFILE_NAME_MAX 64
#define BENTO_KEY_MAX 256
#define BENTO_URL_MAX 512

struct bento_profile {
    char name[BENTO_PROFILE_NAME_MAX];
    char publishable_key[BENTO_KEY_MAX];
    char secret_key[BENTO_KEY_MAX];
    char site_uuid[BENTO_KEY_MAX];
    char base_url[BENTO_URL_MAX]; /* "" means the default */
    char email[BENTO_KEY_MAX];    /* the user's own address: "send test to me" */
    char rate_limit[32];          /* "N/MS", "off", or "" for the default */
    /* where each credential came from: "env", "profile" or "" (missing) */
    const char *source_publishable;
    const char *source_secret;
    const char *source_site;
    /* "form" when the user confirmed base_url in the console's credentials
     * form: then it is saved even when it also came from the environment */
    const char *source_base_url;
};

/* Path of the profile file (allocated), honouring $XDG_CONFIG_HOME. */
char *bento_profile_path(void);

/* Load profile `name` (NULL = the file's current one, else "default"),
 * then apply environment overrides. A missing file is not an error (the
 * result may lack credentials; see bento_profile_missing). An unsafe
 * mode or a corrupt file is. */
int bento_profile_load(const char *name, struct bento_profile *out, struct bento_error *err);

/* Names of missing credentials, e.g. "secret key, site_uuid"; "" if none. */
const char *bento_profile_missing(const struct bento_profile *p, char *buf, size_t size);

/* Insert or replace p in the file (mode 0600). make_current sets it as
 * the current profile. Environment values are never written. An empty
 * p->email keeps the test address already stored. */
int bento_profile_save(const struct bento_profile *p, bool make_current, struct bento_error *err);

/* Remember (or, with NULL or "", forget) the test address of profile
 * `name` (NULL = the current one), touching nothing else; a profile not
 * in the file yet is created holding only that address (its keys may come
 * from the environment). The address is trimmed and lowercased; an
 * implausible one is BENTO_E_VALIDATION. */
int bento_profile_set_test_address(const char *name, const char *address, struct bento_error *err);

int bento_profile_use(const char *name, struct bento_error *err);
int bento_profile_remove(const char *name, struct bento_error *err);

/* List profile names (allocated array of allocated strings). */
int bento_profile_list(char ***names, size_t *count, char **current, struct bento_error *err);
void bento_profile_list_free(char **names, size_t count, char *current);

/* Profile names match ^[A-Za-z0-9_-]{1,63}$ as the official CLI's do. */
bool bento_profile_name_valid(const char *name);

/* Import profiles from the official Bento CLI's config.json
 * ($BENTO_CONFIG_PATH or $XDG_DATA_HOME/bento/config.json). Returns the
 * number imported, or -1 with err set. */
int bento_profile_import_official(struct bento_error *err);

/* Overwrite the key buffers with zeros. */
void bento_profile_wipe(struct bento_profile *p);

#endif
