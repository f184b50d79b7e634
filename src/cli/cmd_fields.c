#include <ctype.h>
#include <string.h>

#include "bento/request.h"
#include "bento/validate.h"
#include "app/app.h"
#include "app/list_csv.h"
#include "cli/commands.h"
#include "cli/csv_export.h"
#include "cli/json_stream.h"
#include "cli/output.h"

static cJSON *field_json(const struct bento_field *f)
{
    cJSON *o = cJSON_CreateObject();
    out_json_add_str(o, "id", f->id);
    out_json_add_str(o, "key", f->key);
    out_json_add_str(o, "name", f->name);
    out_json_add_str(o, "created_at", f->created_at);
    return o;
}

/* Streamed: the same bytes as field_json() + out_json_success. */
static void print_fields_json(struct app *app, const struct bento_field_list *l)
{
    struct json_stream js;
    json_stream_envelope_begin(&js, app->out);
    for (size_t i = 0; i < l->count; i++) {
        const struct bento_field *f = &l->items[i];
        json_stream_begin_object(&js);
        json_stream_key(&js, "id");
        json_stream_string(&js, f->id);
        json_stream_key(&js, "key");
        json_stream_string(&js, f->key);
        json_stream_key(&js, "name");
        json_stream_string(&js, f->name);
        json_stream_key(&js, "created_at");
        json_stream_string(&js, f->created_at);
        json_stream_end_object(&js);
    }
    json_stream_envelope_meta(&js);
    json_stream_key(&js, "count");
    json_stream_size(&js, l->count);
    json_stream_finish(&js);
}

static void print_fields_csv(struct app *app, const struct bento_field_list *l)
{
    csv_export_row(app, app_field_csv_head, APP_FIELD_CSV_COLS);
    for (size_t i = 0; i < l->count; i++) {
        const char *row[APP_FIELD_CSV_COLS];
        app_field_csv_values(&l->items[i], row);
        csv_export_row(app, row, APP_FIELD_CSV_COLS);
    }
}

int cli_fields_list(struct app *app, int argc, char **argv)
{
    const char *none;
    bool csv;
    struct bento_result *r;
    int rc = csv_export_words(app, argc, argv, 0, &none, &csv);
    if (rc >= 0)
        return rc;
    if ((rc = cli_call(app, bento_request_fields_list(), &r)))
        return rc;
    if (csv) {
        print_fields_csv(app, &r->fields);
    } else if (app->json) {
        print_fields_json(app, &r->fields);
    } else {
        fprintf(app->out, "%-30s %-30s %s\n", "KEY", "NAME", "ID");
        for (size_t i = 0; i < r->fields.count; i++) {
            const struct bento_field *f = &r->fields.items[i];
            out_cell(app->out, f->key, 30);
            fputc(' ', app->out);
            out_cell(app->out, f->name, 30);
            fputc(' ', app->out);
            out_cell(app->out, f->id, 0);
            fputc('\n', app->out);
        }
        fprintf(app->out, "%zu field%s\n", r->fields.count, r->fields.count == 1 ? "" : "s");
    }
    bento_result_free(r);
    return 0;
}

/* The official CLI's rule; Bento accepts more, but keys outside it are
 * awkward in Liquid ({{ visitor.key }}) and in CSV headers. */
static int key_valid(const char *key)
{
    if (!isalpha((unsigned char)key[0]))
        return 0;
    for (const char *p = key; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_')
            return 0;
    return strlen(key) <= 64;
}

int cli_fields_create(struct app *app, int argc, char **argv)
{
    char key[BENTO_VALUE_MAX];
    struct bento_error bad;
    if (bento_validate_field_key(argv[0], key, sizeof key, &bad) < 0)
        return out_fail(app, &bad);
    argv[0] = key;
    if (!key_valid(argv[0]))
        return out_usage(app, "A field key starts with a letter and holds only letters, "
                              "digits and _ (at most 64)");
    struct bento_result *r;
    int rc = cli_call(app, bento_request_fields_create(argv[0]), &r);
    if (rc)
        return rc;
    const struct bento_field *f = r->fields.count ? &r->fields.items[0] : NULL;
    if (app->json) {
        out_json_success(app, f ? field_json(f) : NULL, NULL);
    } else {
        fputs("Created field ", app->out);
        out_cell(app->out, f && f->key ? f->key : argv[0], 0);
        if (f && f->name) {
            fputs(" (", app->out);
            out_cell(app->out, f->name, 0);
            fputc(')', app->out);
        }
        fputc('\n', app->out);
    }
    bento_result_free(r);
    return 0;
}
