#include "bento/request.h"
#include "app/app.h"
#include "cli/commands.h"
#include "app/doctor.h"
#include "cli/output.h"

static void print_report(struct app *app, const struct doctor_report *rep)
{
    if (!app->json) {
        for (int i = 0; i < rep->count; i++)
            fprintf(app->out, "[%-4s] %-12s %s\n", doctor_state_label(rep->steps[i].state),
                    rep->steps[i].name, rep->steps[i].message);
        return;
    }
    cJSON *data = cJSON_CreateObject();
    cJSON *checks = cJSON_AddArrayToObject(data, "checks");
    for (int i = 0; i < rep->count; i++) {
        cJSON *c = cJSON_CreateObject();
        cJSON_AddStringToObject(c, "name", rep->steps[i].name);
        cJSON_AddStringToObject(c, "status", doctor_state_label(rep->steps[i].state));
        cJSON_AddStringToObject(c, "message", rep->steps[i].message);
        cJSON_AddItemToArray(checks, c);
    }
    cJSON_AddBoolToObject(data, "ok", rep->failure == BENTO_OK);
    if (rep->failure == BENTO_OK) {
        out_json_success(app, data, NULL);
        return;
    }
    /* A failed check is still a complete answer: print the checks, with
     * success false so scripts see it. */
    cJSON *root = cJSON_CreateObject();
    cJSON_AddBoolToObject(root, "success", 0);
    cJSON_AddStringToObject(root, "error", rep->steps[rep->count - 1].message);
    cJSON_AddItemToObject(root, "data", data);
    cJSON *meta = cJSON_AddObjectToObject(root, "meta");
    cJSON_AddStringToObject(meta, "code", bento_error_kind_name(rep->failure));
    out_json_print(app->out, root);
    cJSON_Delete(root);
}

int cli_doctor(struct app *app, int argc, char **argv)
{
    struct doctor_report rep;
    struct bento_error err;
    doctor_init(&rep);
    if (doctor_check_local(&app->profile, &rep) == 0) {
        if (app_connect(app, &err) < 0) {
            print_report(app, &rep);
            return out_fail(app, &err);
        }
        struct bento_result *r = bento_client_call(app->client, doctor_probe_request());
        if (r) {
            doctor_check_result(&app->profile, r, &rep);
            bento_result_free(r);
        }
    }
    print_report(app, &rep);
    return bento_error_exit_code(rep.failure == BENTO_E_CONFIG ? BENTO_E_AUTH : rep.failure);
}
