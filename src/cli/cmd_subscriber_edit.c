/* subscribers create EMAIL and subscribers change-email OLD NEW. */
#include <stdlib.h>
#include <string.h>

#include "bento/request.h"
#include "app/app.h"
#include "cli/commands.h"
#include "cli/confirm.h"
#include "cli/output.h"
#include "cli/people.h"

int cli_subscribers_create(struct app *app, int argc, char **argv)
{
    char email[256];
    int rc = people_check_email(app, argv[0], email, sizeof email);
    if (rc)
        return rc;
    struct bento_result *r;
    if ((rc = cli_call(app, bento_request_subscriber_create(email), &r)))
        return rc;
    const struct bento_subscriber *s = &r->subscriber;
    if (app->json) {
        cJSON *data = cJSON_CreateObject();
        out_json_add_str(data, "email", s->email ? s->email : email);
        out_json_add_str(data, "uuid", s->uuid);
        out_json_add_str(data, "id", s->id);
        out_json_success(app, data, NULL);
    } else {
        fputs("Created subscriber ", app->out);
        out_cell(app->out, s->email ? s->email : email, 0);
        if (s->uuid) {
            fputs(" (uuid ", app->out);
            out_cell(app->out, s->uuid, 0);
            fputc(')', app->out);
        }
        fputc('\n', app->out);
    }
    bento_result_free(r);
    return 0;
}

int cli_subscribers_change_email(struct app *app, int argc, char **argv)
{
    char from[256], to[256];
    int rc = people_check_email(app, argv[0], from, sizeof from);
    if (!rc)
        rc = people_check_email(app, argv[1], to, sizeof to);
    if (rc)
        return rc;
    if (!strcmp(from, to))
        return out_usage(app, "The old and new addresses are the same");
    char question[600];
    snprintf(question, sizeof question, "Change %s to %s? Their email will go to the new address",
             from, to);
    int ok = cli_confirm(app, question);
    if (ok <= 0)
        return ok < 0 ? 2 : 1;
    cJSON *cmds = cJSON_CreateArray();
    cJSON_AddItemToArray(cmds, bento_command("change_email", from, cJSON_CreateString(to)));
    struct bento_request *req = bento_request_commands(cmds);
    cJSON_Delete(cmds);
    struct bento_result *r;
    if ((rc = cli_call(app, req, &r)))
        return rc;
    rc = r->counts.failed ? 4 : 0;
    if (app->json) {
        cJSON *data = cJSON_CreateObject();
        cJSON_AddStringToObject(data, "from", from);
        cJSON_AddStringToObject(data, "to", to);
        cJSON_AddNumberToObject(data, "queued", (double)r->counts.results);
        cJSON_AddNumberToObject(data, "failed", (double)r->counts.failed);
        out_json_success(app, data, NULL);
    } else if (rc) {
        fprintf(app->err, "error: Bento refused to change %s\n", from);
    } else {
        fprintf(app->out, "Queued: %s becomes %s (Bento applies it within a few minutes)\n", from,
                to);
    }
    bento_result_free(r);
    return rc;
}
