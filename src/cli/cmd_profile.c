#include <stdlib.h>
#include <string.h>

#include "bento/profile.h"
#include "bento/validate.h"
#include "app/app.h"
#include "cli/commands.h"
#include "cli/confirm.h"
#include "cli/output.h"

static int fail(struct app *app, struct bento_error *err)
{
    return out_fail(app, err);
}

static void done(struct app *app, const char *verb, const char *name)
{
    if (app->json) {
        cJSON *data = cJSON_CreateObject();
        cJSON_AddStringToObject(data, "profile", name);
        cJSON_AddStringToObject(data, "action", verb);
        out_json_success(app, data, NULL);
    } else {
        fprintf(app->out, "Profile %s: %s\n", name, verb);
    }
}

int cli_profile_list(struct app *app, int argc, char **argv)
{
    char **names = NULL, *current = NULL;
    size_t count = 0;
    struct bento_error err;
    if (bento_profile_list(&names, &count, &current, &err) < 0)
        return fail(app, &err);
    if (app->json) {
        cJSON *data = cJSON_CreateArray();
        for (size_t i = 0; i < count; i++) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "name", names[i]);
            cJSON_AddBoolToObject(o, "current", current && !strcmp(current, names[i]));
            cJSON_AddItemToArray(data, o);
        }
        out_json_success(app, data, NULL);
    } else if (count == 0) {
        fputs("No saved profiles. Add one with `bento-console profile add NAME`.\n", app->out);
    } else {
        for (size_t i = 0; i < count; i++)
            fprintf(app->out, "%c %s\n", current && !strcmp(current, names[i]) ? '*' : ' ',
                    names[i]);
    }
    bento_profile_list_free(names, count, current);
    return 0;
}

int cli_profile_use(struct app *app, int argc, char **argv)
{
    struct bento_error err;
    if (bento_profile_use(argv[0], &err) < 0)
        return fail(app, &err);
    done(app, "now current", argv[0]);
    return 0;
}

int cli_profile_remove(struct app *app, int argc, char **argv)
{
    char question[128];
    snprintf(question, sizeof question, "Remove profile %.64s and its keys?", argv[0]);
    int ok = cli_confirm(app, question);
    if (ok <= 0)
        return ok < 0 ? 2 : 1;
    struct bento_error err;
    if (bento_profile_remove(argv[0], &err) < 0)
        return fail(app, &err);
    done(app, "removed", argv[0]);
    return 0;
}

/* Take a value from the environment, else ask on the terminal. */
static int ask(const char *env, const char *prompt, int secret, char *buf, int size)
{
    const char *v = getenv(env);
    if (v && *v) {
        snprintf(buf, (size_t)size, "%s", v);
        return 0;
    }
    return secret ? cli_read_secret(prompt, buf, size) : cli_read_line(prompt, buf, size);
}

int cli_profile_add(struct app *app, int argc, char **argv)
{
    struct bento_profile p;
    struct bento_error err;
    memset(&p, 0, sizeof p);
    if (!bento_profile_name_valid(argv[0]))
        return out_usage(app, "A profile name holds only letters, digits, - and _");
    snprintf(p.name, sizeof p.name, "%s", argv[0]);
    if (ask("BENTO_PUBLISHABLE_KEY", "Publishable key: ", 0, p.publishable_key,
            sizeof p.publishable_key) < 0 ||
        ask("BENTO_SECRET_KEY", "Secret key (hidden): ", 1, p.secret_key, sizeof p.secret_key) <
            0 ||
        ask("BENTO_SITE_UUID", "Site UUID: ", 0, p.site_uuid, sizeof p.site_uuid) < 0) {
        bento_profile_wipe(&p);
        return out_usage(app, "Keys come from a terminal or from BENTO_PUBLISHABLE_KEY, "
                              "BENTO_SECRET_KEY and BENTO_SITE_UUID");
    }
    if (app->base_url)
        snprintf(p.base_url, sizeof p.base_url, "%s", app->base_url);
    char missing[128];
    if (*bento_profile_missing(&p, missing, sizeof missing)) {
        bento_profile_wipe(&p);
        return out_usage(app, "Missing %s", missing);
    }
    char uuid[sizeof p.site_uuid];
    if (bento_validate_site_uuid(p.site_uuid, uuid, sizeof uuid, &err) < 0) {
        bento_profile_wipe(&p);
        return fail(app, &err);
    }
    memcpy(p.site_uuid, uuid, sizeof uuid);
    int rc = bento_profile_save(&p, true, &err);
    bento_profile_wipe(&p);
    if (rc < 0)
        return fail(app, &err);
    done(app, "saved and made current (check it with `bento-console doctor`)", argv[0]);
    return 0;
}

int cli_profile_import(struct app *app, int argc, char **argv)
{
    struct bento_error err;
    int n = bento_profile_import_official(&err);
    if (n < 0)
        return fail(app, &err);
    if (app->json) {
        cJSON *data = cJSON_CreateObject();
        cJSON_AddNumberToObject(data, "imported", n);
        out_json_success(app, data, NULL);
    } else {
        fprintf(app->out, "Imported %d profile%s from the official Bento CLI\n", n,
                n == 1 ? "" : "s");
    }
    return 0;
}
