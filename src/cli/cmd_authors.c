#include "bento/request.h"
#include "app/app.h"
#include "cli/commands.h"
#include "cli/output.h"

int cli_authors_list(struct app *app, int argc, char **argv)
{
    struct bento_result *r;
    int rc = cli_call(app, bento_request_authors_list(), &r);
    if (rc)
        return rc;
    if (app->json) {
        cJSON *data = cJSON_CreateArray();
        for (size_t i = 0; i < r->authors.count; i++) {
            const struct bento_author *a = &r->authors.items[i];
            cJSON *o = cJSON_CreateObject();
            out_json_add_str(o, "id", a->id);
            out_json_add_str(o, "name", a->name);
            out_json_add_str(o, "email", a->email);
            cJSON_AddItemToArray(data, o);
        }
        cJSON *meta = cJSON_CreateObject();
        cJSON_AddNumberToObject(meta, "count", (double)r->authors.count);
        out_json_success(app, data, meta);
    } else {
        fprintf(app->out, "%-30s %s\n", "NAME", "EMAIL");
        for (size_t i = 0; i < r->authors.count; i++) {
            out_cell(app->out, r->authors.items[i].name, 30);
            fputc(' ', app->out);
            out_cell(app->out, r->authors.items[i].email, 0);
            fputc('\n', app->out);
        }
    }
    bento_result_free(r);
    return 0;
}

static void add_count(cJSON *o, const char *key, long v)
{
    if (v >= 0)
        cJSON_AddNumberToObject(o, key, (double)v);
    else
        cJSON_AddNullToObject(o, key);
}

int cli_stats_site(struct app *app, int argc, char **argv)
{
    struct bento_result *r;
    int rc = cli_call(app, bento_request_stats_site(), &r);
    if (rc)
        return rc;
    const struct bento_site_stats *s = &r->stats;
    if (app->json) {
        cJSON *data = cJSON_CreateObject();
        add_count(data, "user_count", s->user_count);
        add_count(data, "subscriber_count", s->subscriber_count);
        add_count(data, "unsubscriber_count", s->unsubscriber_count);
        out_json_success(app, data, NULL);
    } else {
        fprintf(app->out, "People:        %ld\nSubscribed:    %ld\nUnsubscribed:  %ld\n",
                s->user_count, s->subscriber_count, s->unsubscriber_count);
    }
    bento_result_free(r);
    return 0;
}
