/* What the command line and the console share for one run: the chosen
 * profile, the API client and, with --demo, the embedded simulator. */
#ifndef BENTO_APP_APP_H
#define BENTO_APP_APP_H

#include <stdbool.h>
#include <stdio.h>
#include "bento/client.h"
#include "bento/error.h"
#include "bento/profile.h"
#include "bento/ratelimit.h"

struct bento_sim;

/* Waits shorter than this show no countdown. */
#define COUNTDOWN_AFTER_MS 2000

struct app {
    struct bento_profile profile;
    struct bento_client *client; /* NULL until app_connect */
    struct bento_sim *sim;       /* the embedded simulator with --demo */
    char *demo_dir;              /* --demo's own cache and state, removed at the end */
    const char *profile_name;    /* --profile, NULL = current */
    const char *base_url;        /* --base-url, NULL = profile's */
    struct bento_limits limits;
    long timeout_ms;        /* --timeout, 0 = the client's default */
    const char *rate_limit; /* --rate-limit N/MS|off, NULL = the profile's */
    bool json, yes, demo, no_color, no_mouse;
    bool demo_later;      /* --demo in the console: the simulator starts at app_connect */
    bool countdown;       /* show waits on stderr (the command line) */
    bool countdown_shown; /* a countdown line is on stderr now */
    FILE *out, *err;
};

void app_init(struct app *app);

/* Load the profile (or start the demo simulator) into app->profile, and
 * set app->limits from --rate-limit, else the profile's rate_limit.
 * Missing credentials are not an error here: doctor reports them. */
int app_load_profile(struct app *app, struct bento_error *err);

/* Create the API client from app->profile; fails with BENTO_E_CONFIG
 * naming what is missing. Idempotent. */
int app_connect(struct app *app, struct bento_error *err);

/* Replace the client, e.g. after `profile use` or a saved credentials form. */
int app_reconnect(struct app *app, struct bento_error *err);

void app_free(struct app *app);

/* With --demo, the i-th of the demo account's people the Subscribers pane
 * opens on (NULL past the last); NULL always without --demo. */
const char *app_demo_person(const struct app *app, size_t i);

/* The profile's name for per-profile files: "demo" with --demo, else the
 * profile's name or "default". */
const char *app_cache_name(const struct app *app);

/* The account an import journal is keyed to: site_uuid@base URL, the same
 * from the command line and the console, so either resumes the other. */
void app_import_account(const struct app *app, char *out, size_t size);

#endif
