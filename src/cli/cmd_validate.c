/* subscribers validate EMAIL: the local plausibility check, then Bento's
 * /experimental/validation heuristic. Exit 0 valid, 6 not valid (either
 * check), 4 when Bento could not be asked or gave no verdict. */
#include <string.h>

#include "bento/request.h"
#include "app/app.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/people.h"

static cJSON *verdict_json(const char *email, const struct bento_validation *v)
{
    cJSON *data = cJSON_CreateObject();
    cJSON_AddStringToObject(data, "email", email);
    cJSON_AddBoolToObject(data, "valid", v->verdict == BENTO_VERDICT_VALID);
    cJSON *reasons = cJSON_AddArrayToObject(data, "reasons");
    for (size_t i = 0; i < v->reason_count; i++)
        cJSON_AddItemToArray(reasons, cJSON_CreateString(v->reasons[i]));
    return data;
}

static void print_verdict(FILE *out, const char *email, const struct bento_validation *v)
{
    bool valid = v->verdict == BENTO_VERDICT_VALID;
    fprintf(out, "%s: %s\n", email,
            valid ? "valid (Bento's check agrees)" : "not valid, says Bento's check");
    for (size_t i = 0; i < v->reason_count; i++) {
        fputs("  reason: ", out);
        out_cell(out, v->reasons[i], 0);
        fputc('\n', out);
    }
}

int cli_subscribers_validate(struct app *app, int argc, char **argv)
{
    char email[256];
    int rc = people_check_email(app, argv[0], email, sizeof email);
    if (rc)
        return rc;
    struct bento_result *r;
    if ((rc = cli_call(app, bento_request_email_validate(email), &r)))
        return rc;
    const struct bento_validation *v = &r->validation;
    if (v->verdict == BENTO_VERDICT_NONE) {
        /* Bento answers {} for checks it has switched off. */
        struct bento_error err;
        bento_error_set(&err, BENTO_E_BAD_RESPONSE,
                        "Bento's validation answer held no verdict for %s; try again later", email);
        bento_result_free(r);
        return out_fail(app, &err);
    }
    rc = v->verdict == BENTO_VERDICT_VALID ? 0 : 6;
    if (app->json)
        out_json_success(app, verdict_json(email, v), NULL);
    else
        print_verdict(app->out, email, v);
    bento_result_free(r);
    return rc;
}
