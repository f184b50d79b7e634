/* subscribers tag|untag|subscribe|unsubscribe|set-field|unset-field:
 * one /fetch/commands entry per person, sent in calls of 100. */
#include <string.h>

#include "bento/request.h"
#include "bento/validate.h"
#include "app/app.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/people.h"

/* Build one command per person; query is copied for each (may be NULL). */
static cJSON *commands_for(const struct address_list *l, const char *name, const cJSON *query)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < l->count; i++)
        cJSON_AddItemToArray(
            arr, bento_command(name, l->items[i], query ? cJSON_Duplicate(query, 1) : NULL));
    return arr;
}

/* The tag name or field key the command names, checked and trimmed in
 * place (it points into argv). Returns -1 to go on, or the exit code. */
static int check_name(struct app *app, const char *name, struct people_opts *o, char *buf,
                      size_t size)
{
    struct bento_error err;
    bool tag = !strcmp(name, "add_tag") || !strcmp(name, "remove_tag");
    if (!tag && strcmp(name, "add_field") && strcmp(name, "remove_field"))
        return -1;
    int rc = tag ? bento_validate_tag_name(o->positional[0], buf, size, &err)
                 : bento_validate_field_key(o->positional[0], buf, size, &err);
    if (rc < 0)
        return out_fail(app, &err);
    o->positional[0] = buf;
    return -1;
}

/* Common shape: parse, check the positional count, build, send. */
static int run(struct app *app, int argc, char **argv, const char *name, int npos,
               const char *usage, bool dangerous, bool via_event_ok)
{
    struct people_opts o;
    int rc = people_parse(app, argc, argv, via_event_ok, &o);
    if (rc < 0 && o.positional_count != npos)
        rc = out_usage(app, "Usage: bento-console %s", usage);
    char checked[BENTO_VALUE_MAX];
    if (rc < 0)
        rc = check_name(app, name, &o, checked, sizeof checked);
    if (rc >= 0) {
        people_free(&o);
        return rc;
    }
    cJSON *query = NULL;
    const char *command = name;
    char action[160];
    if (!strcmp(name, "add_tag") || !strcmp(name, "remove_tag")) {
        query = cJSON_CreateString(o.positional[0]);
        if (o.via_event)
            command = "add_tag_via_event";
        snprintf(action, sizeof action, "%s tag %.100s%s", name[0] == 'a' ? "add" : "remove",
                 o.positional[0], o.via_event ? " via an event (runs automations)" : "");
    } else if (!strcmp(name, "add_field")) {
        query = cJSON_CreateObject();
        cJSON_AddStringToObject(query, "key", o.positional[0]);
        cJSON_AddStringToObject(query, "value", o.positional[1]);
        snprintf(action, sizeof action, "set field %.60s", o.positional[0]);
    } else if (!strcmp(name, "remove_field")) {
        query = cJSON_CreateString(o.positional[0]);
        snprintf(action, sizeof action, "remove field %.60s", o.positional[0]);
    } else {
        snprintf(action, sizeof action, "%s", name);
    }
    cJSON *cmds = commands_for(&o.people, command, query);
    cJSON_Delete(query);
    rc = people_send(app, action, cmds, o.people.count, dangerous, &o);
    people_free(&o);
    return rc;
}

int cli_subscribers_tag(struct app *app, int argc, char **argv)
{
    return run(app, argc, argv, "add_tag", 1,
               "subscribers tag TAG (-e EMAIL... | -f FILE) [--via-event] [--dry-run]", false,
               true);
}

int cli_subscribers_untag(struct app *app, int argc, char **argv)
{
    return run(app, argc, argv, "remove_tag", 1,
               "subscribers untag TAG (-e EMAIL... | -f FILE) [--dry-run]", false, false);
}

int cli_subscribers_subscribe(struct app *app, int argc, char **argv)
{
    return run(app, argc, argv, "subscribe", 0,
               "subscribers subscribe (-e EMAIL... | -f FILE) [--dry-run]", true, false);
}

int cli_subscribers_unsubscribe(struct app *app, int argc, char **argv)
{
    return run(app, argc, argv, "unsubscribe", 0,
               "subscribers unsubscribe (-e EMAIL... | -f FILE) [--dry-run]", true, false);
}

int cli_subscribers_set_field(struct app *app, int argc, char **argv)
{
    return run(app, argc, argv, "add_field", 2,
               "subscribers set-field KEY VALUE (-e EMAIL... | -f FILE) [--dry-run]", false, false);
}

int cli_subscribers_unset_field(struct app *app, int argc, char **argv)
{
    return run(app, argc, argv, "remove_field", 1,
               "subscribers unset-field KEY (-e EMAIL... | -f FILE) [--dry-run]", false, false);
}
