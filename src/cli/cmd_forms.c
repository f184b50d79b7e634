/* forms responses FORM_ID [--csv]
 * Each response: when, who, from which page and place, then its fields. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bento/stats.h"
#include "bento/validate.h"
#include "app/app.h"
#include "cli/commands.h"
#include "cli/csv_export.h"
#include "cli/output.h"
#include "cli/stats_cli.h"

enum { FO_CSV = 700 };
static const struct option forms_options[] = {
    {"csv", no_argument, NULL, FO_CSV},
    {NULL, 0, NULL, 0},
};

static cJSON *response_json(const struct bento_form_response *f)
{
    cJSON *o = cJSON_CreateObject();
    out_json_add_str(o, "id", f->id);
    out_json_add_str(o, "uuid", f->uuid);
    out_json_add_str(o, "email", f->email);
    out_json_add_str(o, "date", f->date);
    out_json_add_str(o, "url", f->url);
    out_json_add_str(o, "ip", f->ip);
    out_json_add_str(o, "city", f->city);
    out_json_add_str(o, "country", f->country);
    cJSON *fields = cJSON_AddObjectToObject(o, "fields");
    for (size_t i = 0; i < f->field_count; i++)
        cJSON_AddStringToObject(fields, f->fields[i].name, f->fields[i].value);
    return o;
}

/* "2026-11-28T09:14:02.000Z" -> "2026-11-28 09:14". */
static void short_date(const char *d, char *out, size_t size)
{
    snprintf(out, size, "%.16s", d ? d : "-");
    if (strlen(out) == 16 && out[10] == 'T')
        out[10] = ' ';
}

static void print_text(struct app *app, const char *id, const struct bento_form_responses *l)
{
    FILE *out = app->out;
    fputs("Form ", out);
    out_cell(out, id, 0);
    fprintf(out, ": %zu response%s\n", l->count, l->count == 1 ? "" : "s");
    for (size_t i = 0; i < l->count; i++) {
        const struct bento_form_response *f = &l->items[i];
        char when[40], place[200];
        short_date(f->date, when, sizeof when);
        snprintf(place, sizeof place, "%s%s%s", f->city ? f->city : "",
                 f->city && f->country ? ", " : "", f->country ? f->country : "");
        fprintf(out, "\n%-17s ", when);
        out_cell(out, f->email ? f->email : "(no email)", 28);
        fputs("  ", out);
        out_cell(out, place[0] ? place : "-", 0);
        fputc('\n', out);
        if (f->url) {
            fprintf(out, "  %-10s ", "page");
            out_cell(out, f->url, 0);
            fputc('\n', out);
        }
        for (size_t k = 0; k < f->field_count; k++) {
            fputs("  ", out);
            out_cell(out, f->fields[k].name, 10);
            fputc(' ', out);
            out_cell(out, f->fields[k].value, 0);
            fputc('\n', out);
        }
    }
}

/* One row per response; each field name seen becomes a column. */
static void print_csv(struct app *app, const struct bento_form_responses *l)
{
    const char *names[32];
    int nn = 0;
    for (size_t i = 0; i < l->count; i++)
        for (size_t k = 0; k < l->items[i].field_count; k++) {
            const char *name = l->items[i].fields[k].name;
            int j = 0;
            while (j < nn && strcmp(names[j], name) != 0)
                j++;
            if (j == nn && nn < 32)
                names[nn++] = name;
        }
    const char *row[8 + 32] = {"id", "date", "email", "url", "ip", "city", "country"};
    for (int j = 0; j < nn; j++)
        row[7 + j] = names[j];
    csv_export_row(app, row, 7 + nn);
    for (size_t i = 0; i < l->count; i++) {
        const struct bento_form_response *f = &l->items[i];
        const char *vals[8 + 32] = {f->id, f->date, f->email, f->url, f->ip, f->city, f->country};
        for (int j = 0; j < nn; j++) {
            vals[7 + j] = NULL;
            for (size_t k = 0; k < f->field_count; k++)
                if (strcmp(f->fields[k].name, names[j]) == 0)
                    vals[7 + j] = f->fields[k].value;
        }
        csv_export_row(app, vals, 7 + nn);
    }
}

int cli_forms_responses(struct app *app, int argc, char **argv)
{
    struct stats_args a;
    int rc = stats_args_parse(app, argc, argv, forms_options, true,
                              "Usage: bento-console forms responses FORM_ID [--csv]", &a);
    if (rc >= 0)
        return rc;
    char id[BENTO_VALUE_MAX];
    struct bento_error err;
    if (bento_validate_text("Form id", a.id, id, sizeof id, &err) < 0)
        return out_fail(app, &err);
    struct bento_result *r;
    if ((rc = stats_call(app, bento_request_form_responses(id), NULL, NULL, &r)))
        return rc;
    struct bento_form_responses l;
    if (bento_stats_decode_responses(r->json, &l, &err) < 0) {
        bento_result_free(r);
        return out_fail(app, &err);
    }
    if (app->json) {
        cJSON *data = cJSON_CreateArray();
        for (size_t i = 0; i < l.count; i++)
            cJSON_AddItemToArray(data, response_json(&l.items[i]));
        cJSON *meta = cJSON_CreateObject();
        cJSON_AddStringToObject(meta, "form_id", id);
        cJSON_AddNumberToObject(meta, "count", (double)l.count);
        out_json_success(app, data, meta);
    } else if (a.value[0]) {
        print_csv(app, &l);
    } else {
        print_text(app, id, &l);
    }
    bento_form_responses_free(&l);
    bento_result_free(r);
    return 0;
}
