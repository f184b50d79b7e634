/* `:subscribers tag vip -f FILE` and the other changes given -e/-f: they
 * act on the people the options name, not on the selected person, and
 * are confirmed first by the command line's rule (app/people_confirm.h).
 * The commands go out through tui_post, split by the core into calls of
 * 100; the file is read here, as `:compose to-file` reads its own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bento/request.h"
#include "bento/subcache.h"
#include "bento/validate.h"
#include "app/actions.h"
#include "app/addresses.h"
#include "app/people_confirm.h"
#include "tui/tui.h"

struct many_kind {
    enum action_id id;
    enum bento_change_kind kind;
    int words; /* tag or key, and value */
    bool dangerous;
    const char *verb; /* "add tag", then the name */
};

static const struct many_kind kinds[] = {
    [SA_TAG] = {ACT_SUBSCRIBERS_TAG, BENTO_CH_ADD_TAG, 1, false, "add tag"},
    [SA_TAG_EVENT] = {ACT_SUBSCRIBERS_TAG_VIA_EVENT, BENTO_CH_ADD_TAG_VIA_EVENT, 1, false,
                      "add tag"},
    [SA_UNTAG] = {ACT_SUBSCRIBERS_UNTAG, BENTO_CH_REMOVE_TAG, 1, false, "remove tag"},
    [SA_SET_FIELD] = {ACT_SUBSCRIBERS_SET_FIELD, BENTO_CH_SET_FIELD, 2, false, "set field"},
    [SA_UNSET_FIELD] = {ACT_SUBSCRIBERS_UNSET_FIELD, BENTO_CH_REMOVE_FIELD, 1, false,
                        "remove field"},
    [SA_SUBSCRIBE] = {ACT_SUBSCRIBERS_SUBSCRIBE, BENTO_CH_SUBSCRIBE, 0, true, "subscribe"},
    [SA_UNSUBSCRIBE] = {ACT_SUBSCRIBERS_UNSUBSCRIBE, BENTO_CH_UNSUBSCRIBE, 0, true, "unsubscribe"},
};

struct many_words {
    const char *word[2]; /* tag or key, and value */
    int count;
    bool via_event;
    struct address_list people;
};

struct many_sent {
    size_t people;
    char action[200];
};

static bool usage(struct tui *ui, const struct many_kind *k)
{
    const struct action *a = app_action(k->id);
    tui_flash(ui, true, "! Usage: :%s %s", a->command, a->args);
    return false;
}

static bool option(struct tui *ui, const struct many_kind *k, int argc, char **argv, int *i,
                   struct many_words *w)
{
    const char *o = argv[*i];
    struct bento_error err;
    bool e = !strcmp(o, "-e") || !strcmp(o, "--email"),
         f = !strcmp(o, "-f") || !strcmp(o, "--file");
    if ((e || f) && *i + 1 >= argc) {
        tui_flash(ui, true, "! %s needs a value: %s EMAIL or -f FILE", o, e ? o : "-e");
        return false;
    }
    if (e && address_list_add(&w->people, argv[++*i], 0) < 0) {
        tui_flash(ui, true, "! Out of memory");
        return false;
    }
    if (f && address_list_read_file(&w->people, argv[++*i], &err) < 0) {
        tui_flash(ui, true, "! %s", err.message);
        return false;
    }
    if (!e && !f && !strcmp(o, "--via-event") && k->kind == BENTO_CH_ADD_TAG)
        w->via_event = true;
    else if (!e && !f)
        return usage(ui, k);
    return true;
}

static bool parse(struct tui *ui, const struct many_kind *k, int argc, char **argv,
                  struct many_words *w)
{
    for (int i = 0; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1]) {
            if (!option(ui, k, argc, argv, &i, w))
                return false;
        } else if (w->count < k->words) {
            w->word[w->count++] = argv[i];
        } else {
            return usage(ui, k);
        }
    }
    if (w->count != k->words)
        return usage(ui, k);
    return true;
}

/* The tag or field key, checked as the prompts check it, into buf. */
static bool check_name(struct tui *ui, const struct many_kind *k, const struct many_words *w,
                       char *buf, size_t size)
{
    struct bento_error err;
    buf[0] = '\0';
    if (k->words == 0)
        return true;
    bool tag = k->kind == BENTO_CH_ADD_TAG || k->kind == BENTO_CH_ADD_TAG_VIA_EVENT ||
               k->kind == BENTO_CH_REMOVE_TAG;
    int rc = tag ? bento_validate_tag_name(w->word[0], buf, size, &err)
                 : bento_validate_field_key(w->word[0], buf, size, &err);
    if (rc < 0)
        tui_flash(ui, true, "! %s", err.message);
    return rc == 0;
}

/* Nobody left to change: say which address was refused, or what to give. */
static void nobody(struct tui *ui, const struct address_list *l)
{
    if (!l->reject_count) {
        tui_flash(ui, true, "! Name the people with -e EMAIL or -f FILE");
        return;
    }
    const struct address_reject *r = &l->rejects[0];
    char where[48] = "";
    if (r->row)
        snprintf(where, sizeof where, " (row %zu)", r->row);
    tui_flash(ui, true, "! \"%s\"%s is not a plausible address: %s; nothing was sent", r->value,
              where, r->reason);
}

static void many_sent(struct tui *ui, struct bento_result *r, void *ctx)
{
    const struct many_sent *m = ctx;
    if (r->err.kind != BENTO_OK) {
        tui_report_error(ui, "Could not change those people", &r->err, r);
        return;
    }
    const struct bento_batch_counts *c = &r->counts;
    char refused[48] = "";
    if (c->failed)
        snprintf(refused, sizeof refused, "; Bento refused %ld", c->failed);
    tui_flash(ui, c->failed != 0, "%sQueued %ld change%s (%s) for %zu %s in %zu call%s%s.",
              c->failed ? "! " : "", c->results, c->results == 1 ? "" : "s", m->action, m->people,
              m->people == 1 ? "person" : "people", c->parts_done, c->parts_done == 1 ? "" : "s",
              refused);
}

void tui_people_send(struct tui *ui, const char *commands_json, const char *action)
{
    cJSON *cmds = cJSON_Parse(commands_json);
    struct many_sent *m = calloc(1, sizeof *m);
    if (!cmds || !m) {
        cJSON_Delete(cmds);
        free(m);
        tui_flash(ui, true, "! Out of memory: nothing was sent");
        return;
    }
    m->people = (size_t)cJSON_GetArraySize(cmds);
    snprintf(m->action, sizeof m->action, "%s", action);
    tui_post_owned(ui, bento_request_commands(cmds), many_sent, m, free);
    cJSON_Delete(cmds);
}

static cJSON *commands_for(const struct many_kind *k, const struct many_words *w, const char *name)
{
    enum bento_change_kind kind = w->via_event ? BENTO_CH_ADD_TAG_VIA_EVENT : k->kind;
    const char *value = k->words == 2 ? w->word[1] : NULL;
    cJSON *cmds = cJSON_CreateArray();
    for (size_t i = 0; cmds && i < w->people.count; i++)
        cJSON_AddItemToArray(
            cmds, bento_change_command(kind, w->people.items[i], name[0] ? name : NULL, value));
    return cmds;
}

/* Ask first where the rule says so, else send at once. */
static void ask_or_send(struct tui *ui, const struct many_kind *k, const struct many_words *w,
                        const char *action, cJSON *cmds)
{
    char *json = cJSON_PrintUnformatted(cmds);
    if (!json) {
        tui_flash(ui, true, "! Out of memory: nothing was sent");
        return;
    }
    if (!app_people_confirm_needed(w->people.count, k->dangerous)) {
        tui_people_send(ui, json, action);
        cJSON_free(json);
        return;
    }
    char question[260], skipped[64] = "";
    app_people_question(question, sizeof question - sizeof skipped, action, w->people.count);
    if (w->people.reject_count)
        snprintf(skipped, sizeof skipped, " (%zu bad address%s skipped)", w->people.reject_count,
                 w->people.reject_count == 1 ? "" : "es");
    strcat(question, skipped);
    confirm_ask(ui, CF_PEOPLE, question);
    free(ui->confirm_id);
    free(ui->confirm_name);
    ui->confirm_id = strdup(json);
    ui->confirm_name = strdup(action);
    cJSON_free(json);
}

bool tui_people_begin(struct tui *ui, enum subs_action action, int argc, char **argv)
{
    if ((size_t)action >= sizeof kinds / sizeof kinds[0] || !kinds[action].verb)
        return false;
    const struct many_kind *k = &kinds[action];
    struct many_words w;
    memset(&w, 0, sizeof w);
    char name[BENTO_VALUE_MAX];
    if (parse(ui, k, argc, argv, &w) && check_name(ui, k, &w, name, sizeof name)) {
        char action_text[200];
        bool event = w.via_event || k->kind == BENTO_CH_ADD_TAG_VIA_EVENT;
        snprintf(action_text, sizeof action_text, "%s%s%.100s%s", k->verb, name[0] ? " " : "", name,
                 event ? " via an event (runs automations)" : "");
        cJSON *cmds = w.people.count ? commands_for(k, &w, name) : NULL;
        if (!w.people.count)
            nobody(ui, &w.people);
        else if (cmds)
            ask_or_send(ui, k, &w, action_text, cmds);
        cJSON_Delete(cmds);
    }
    address_list_free(&w.people);
    return true;
}
