#include "app/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/demo_state.h"
#include "bento/sim.h"
#include "bento/version.h"

void app_init(struct app *app)
{
    memset(app, 0, sizeof *app);
    bento_limits_default(&app->limits);
    app->out = stdout;
    app->err = stderr;
}

static int start_demo_sim(struct app *app, struct bento_error *err)
{
    struct bento_sim_options o;
    char why[256] = "";
    bento_sim_options_default(&o);
    o.quiet = true;
    o.search_enabled = true; /* so a newcomer can find the demo's people */
    app->sim = bento_sim_start(&o, why, sizeof why);
    if (!app->sim) {
        bento_error_set(err, BENTO_E_CONFIG, "Could not start the demo account: %s", why);
        return -1;
    }
    snprintf(app->profile.base_url, sizeof app->profile.base_url, "%s",
             bento_sim_base_url(app->sim));
    return 0;
}

/* The console draws its first frame before the simulator is seeded
 * (demo_later): the simulator then starts at the first connect. */
static int start_demo(struct app *app, struct bento_error *err)
{
    app->demo_dir = app_demo_state_open(err);
    if (!app->demo_dir)
        return -1;
    struct bento_profile *p = &app->profile;
    memset(p, 0, sizeof *p);
    snprintf(p->name, sizeof p->name, "demo");
    snprintf(p->publishable_key, sizeof p->publishable_key, "%s", BENTO_SIM_DEMO_PUBLISHABLE);
    snprintf(p->secret_key, sizeof p->secret_key, "%s", BENTO_SIM_DEMO_SECRET);
    snprintf(p->site_uuid, sizeof p->site_uuid, "%s", BENTO_SIM_DEMO_SITE);
    snprintf(p->email, sizeof p->email, "you@example.com");
    p->source_publishable = p->source_secret = p->source_site = "demo";
    return app->demo_later ? 0 : start_demo_sim(app, err);
}

/* The account's limit applies to the fetch, batch and experimental
 * families alike; stats keep their hourly one. */
static int apply_rate_limit(struct app *app, const char *text, const char *where,
                            struct bento_error *err)
{
    struct bento_family_limit lim;
    if (bento_limit_parse(text, &lim) < 0) {
        bento_error_set(err, BENTO_E_CONFIG,
                        "%s \"%.40s\" is not a rate limit: use N/MS (e.g. 100/60000) or off", where,
                        text);
        return -1;
    }
    app->limits.fam[BENTO_FAM_FETCH] = lim;
    app->limits.fam[BENTO_FAM_BATCH] = lim;
    app->limits.fam[BENTO_FAM_EXPERIMENTAL] = lim;
    return 0;
}

static int load_limits(struct app *app, struct bento_error *err)
{
    if (app->profile.rate_limit[0] &&
        apply_rate_limit(app, app->profile.rate_limit, "The profile's rate_limit", err) < 0)
        return -1;
    if (app->rate_limit && apply_rate_limit(app, app->rate_limit, "--rate-limit", err) < 0)
        return -1;
    return 0;
}

int app_load_profile(struct app *app, struct bento_error *err)
{
    if (app->demo)
        return app->demo_dir ? 0 : start_demo(app, err) < 0 ? -1 : load_limits(app, err);
    if (bento_profile_load(app->profile_name, &app->profile, err) < 0)
        return -1;
    if (app->base_url)
        snprintf(app->profile.base_url, sizeof app->profile.base_url, "%s", app->base_url);
    return load_limits(app, err);
}

/* A countdown on a terminal's stderr while a call is held back for more
 * than a moment; the line is wiped once it moves on. */
static void show_wait(void *user, int64_t held_ms)
{
    struct app *app = user;
    if (held_ms > COUNTDOWN_AFTER_MS || (app->countdown_shown && held_ms > 0)) {
        fprintf(app->err, "\rWaiting %lld s for Bento's rate limit (Ctrl-C stops)... \033[K",
                (long long)(held_ms + 999) / 1000);
        fflush(app->err);
        app->countdown_shown = true;
    } else if (app->countdown_shown) {
        fputs("\r\033[K", app->err);
        fflush(app->err);
        app->countdown_shown = false;
    }
}

int app_connect(struct app *app, struct bento_error *err)
{
    if (app->client)
        return 0;
    if (app->demo && !app->sim && start_demo_sim(app, err) < 0)
        return -1;
    char missing[128];
    if (*bento_profile_missing(&app->profile, missing, sizeof missing)) {
        bento_error_set(err, BENTO_E_CONFIG,
                        "Missing %s: run `bento-console profile add NAME`, or set "
                        "BENTO_PUBLISHABLE_KEY, BENTO_SECRET_KEY and BENTO_SITE_UUID",
                        missing);
        return -1;
    }
    struct bento_client_config cfg;
    bento_client_config_default(&cfg);
    const struct bento_profile *p = &app->profile;
    cfg.base_url = p->base_url[0] ? p->base_url : BENTO_DEFAULT_BASE_URL;
    cfg.publishable_key = p->publishable_key;
    cfg.secret_key = p->secret_key;
    cfg.site_uuid = p->site_uuid;
    cfg.limits = app->limits;
    if (app->timeout_ms > 0) {
        cfg.timeout_ms = app->timeout_ms;
        cfg.batch_timeout_ms = app->timeout_ms;
        if (cfg.connect_timeout_ms > app->timeout_ms)
            cfg.connect_timeout_ms = app->timeout_ms;
    }
    app->client = bento_client_new(&cfg, err);
    if (app->client && app->countdown && isatty(fileno(app->err)))
        bento_client_set_wait_hook(app->client, show_wait, app);
    return app->client ? 0 : -1;
}

int app_reconnect(struct app *app, struct bento_error *err)
{
    if (app->client) {
        bento_client_free(app->client);
        app->client = NULL;
    }
    return app_connect(app, err);
}

void app_free(struct app *app)
{
    if (app->client)
        bento_client_free(app->client);
    app->client = NULL;
    if (app->sim)
        bento_sim_stop(app->sim);
    app->sim = NULL;
    app_demo_state_remove(app->demo_dir);
    free(app->demo_dir);
    app->demo_dir = NULL;
    bento_profile_wipe(&app->profile);
}

const char *app_demo_person(const struct app *app, size_t i)
{
    return app->demo ? bento_sim_demo_person(i) : NULL;
}

const char *app_cache_name(const struct app *app)
{
    if (app->demo)
        return "demo";
    return app->profile.name[0] ? app->profile.name : "default";
}

void app_import_account(const struct app *app, char *out, size_t size)
{
    const struct bento_profile *p = &app->profile;
    snprintf(out, size, "%s@%s", p->site_uuid,
             p->base_url[0] ? p->base_url : BENTO_DEFAULT_BASE_URL);
}
