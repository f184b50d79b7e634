/* Changing a subscriber from the console: each action asks its questions
 * one prompt at a time, checks every answer before going on (a bad one
 * re-opens the prompt with the text kept), confirms in words what will
 * happen, and only then sends. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bento/email.h"
#include "bento/request.h"
#include "bento/validate.h"
#include "app/actions.h"
#include "app/people_confirm.h"
#include "tui/tui.h"
#include "tui/tui_subs_internal.h"

static bool person_has_tag(const struct bento_cached_sub *e, const char *name)
{
    for (size_t i = 0; e && i < e->tag_name_count; i++)
        if (!strcasecmp(e->tag_names[i], name))
            return true;
    return false;
}

static const char *current_field(struct tui *ui, const char *key)
{
    struct bento_cached_sub *e = bento_subcache_find(&ui->subs->cache, ui->subs->ask.email);
    const cJSON *f = e ? cJSON_GetObjectItemCaseSensitive(e->sub.fields, key) : NULL;
    return cJSON_IsString(f) ? f->valuestring : "";
}

static const char *only_tag(struct tui *ui)
{
    struct bento_cached_sub *e = bento_subcache_find(&ui->subs->cache, ui->subs->ask.email);
    return e && e->tag_name_count == 1 ? e->tag_names[0] : "";
}

/* Whom the action is for, as questions name them. */
static const char *who_of(const struct subs_ask *a, char *buf, size_t size)
{
    if (!a->marked)
        return a->email;
    snprintf(buf, size, "%zu marked %s", a->marked, a->marked == 1 ? "person" : "people");
    return buf;
}

/* Set up the question for the current step: its prompt, what Tab offers
 * and the text to start from. False when every answer is in. */
static bool question(struct tui *ui, const char **initial)
{
    struct subs_ask *a = &ui->subs->ask;
    char marked[64];
    const char *who = who_of(a, marked, sizeof marked);
    char *p = a->prompt;
    size_t n = sizeof a->prompt;
    *initial = "";
    a->complete = AC_NONE;
    switch (a->action * 8 + a->step) {
    case SA_TAG * 8:
        snprintf(p, n, "Add tag to %s: ", who);
        a->complete = AC_TAGS;
        break;
    case SA_TAG_EVENT * 8:
        snprintf(p, n, "Add tag via event (runs automations) to %s: ", who);
        a->complete = AC_TAGS;
        break;
    case SA_UNTAG * 8:
        snprintf(p, n, "Remove tag from %s: ", who);
        a->complete = AC_PERSON_TAGS;
        *initial = a->marked ? "" : only_tag(ui);
        break;
    case SA_SET_FIELD * 8:
        snprintf(p, n, "Set field on %s, key: ", who);
        a->complete = AC_FIELDS;
        break;
    case SA_SET_FIELD * 8 + 1:
        snprintf(p, n, "Value for %s: ", a->key);
        *initial = a->marked ? "" : current_field(ui, a->key);
        break;
    case SA_UNSET_FIELD * 8:
        snprintf(p, n, "Remove field from %s: ", who);
        a->complete = AC_PERSON_FIELDS;
        break;
    case SA_CHANGE_EMAIL * 8:
        snprintf(p, n, "New email for %s: ", who);
        *initial = who;
        break;
    case SA_CREATE * 8: snprintf(p, n, "New subscriber's email: "); break;
    case SA_EVENT * 8: snprintf(p, n, "Event type for %s (e.g. $purchase): ", who); break;
    case SA_EVENT * 8 + 1:
        snprintf(p, n, "Fields to set, KEY=VALUE ... (Enter for none): ");
        a->complete = AC_FIELDS;
        break;
    case SA_EVENT * 8 + 2: snprintf(p, n, "Details as JSON (Enter for none): "); break;
    case SA_IMPORT * 8:
        snprintf(p, n, "Import subscribers from (CSV file): ");
        a->complete = AC_FILES;
        break;
    case SA_SEARCH * 8:
        snprintf(p, n, "Search (created>DATE updated<DATE last_event>DATE; Enter: all): ");
        *initial = ui->subs->search_query;
        break;
    default: return false;
    }
    return true;
}

static bool ask_next(struct tui *ui)
{
    const char *initial;
    if (!question(ui, &initial))
        return false;
    prompt_open(ui, PR_ASK, initial);
    return true;
}

/* snprintf that may cut: the question only has to fit the screen. */
static void say(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, size, fmt, ap);
    va_end(ap);
}

static void confirm_msg(struct tui *ui, char *msg, size_t size)
{
    struct subs_ask *a = &ui->subs->ask;
    char marked[64];
    const char *who = who_of(a, marked, sizeof marked);
    switch (a->action) {
    case SA_TAG: say(msg, size, "Add tag \"%s\" to %s (no automations run)?", a->key, who); break;
    case SA_TAG_EVENT:
        say(msg, size, "Add tag \"%s\" to %s via an event? Automations run and may email them.",
            a->key, who);
        break;
    case SA_UNTAG: say(msg, size, "Remove tag \"%s\" from %s?", a->key, who); break;
    case SA_SET_FIELD: say(msg, size, "Set %s = \"%s\" on %s?", a->key, a->value, who); break;
    case SA_UNSET_FIELD: say(msg, size, "Remove field %s from %s?", a->key, who); break;
    case SA_SUBSCRIBE: say(msg, size, "Subscribe %s again? They will receive emails.", who); break;
    case SA_UNSUBSCRIBE:
        say(msg, size, "Unsubscribe %s? They stop receiving marketing email.", who);
        break;
    case SA_CHANGE_EMAIL:
        say(msg, size, "Change %s to %s? Email then goes to the new address.", who, a->key);
        break;
    case SA_CREATE: say(msg, size, "Create subscriber %s? Automations may run.", a->key); break;
    case SA_EVENT:
        say(msg, size, "Track \"%s\" for %s? Automations listening for it run.", a->key, who);
        break;
    default: msg[0] = 0; break;
    }
}

/* From 10 marked people (or for a change of subscription) the question
 * is the command line's, which names the count. */
static bool marked_question(struct subs_ask *a, char *msg, size_t size)
{
    if (!a->marked)
        return false;
    struct bento_change ch = {subs_change_kind(a->action), a->key, a->value, 0};
    char what[400];
    bento_change_describe(&ch, what, sizeof what);
    bool dangerous = a->action == SA_SUBSCRIBE || a->action == SA_UNSUBSCRIBE;
    if (!app_people_confirm_needed(a->marked, dangerous))
        return false;
    app_people_question(msg, size, what, a->marked);
    return true;
}

static void advance(struct tui *ui)
{
    if (ask_next(ui))
        return;
    if (ui->subs->ask.action == SA_IMPORT) {
        tui_import_start(ui, BENTO_IMPORT_SUBSCRIBERS, ui->subs->ask.value, false, false);
        return;
    }
    if (ui->subs->ask.action == SA_SEARCH) {
        subs_search_start(ui, ui->subs->ask.value);
        return;
    }
    char msg[300];
    if (!marked_question(&ui->subs->ask, msg, sizeof msg))
        confirm_msg(ui, msg, sizeof msg);
    confirm_ask(ui, CF_SUBS, msg);
}

/* Re-open the same question with the user's text and say what is wrong. */
static void reject(struct tui *ui, const char *line, const char *why)
{
    const char *initial;
    char keep[1024];
    snprintf(keep, sizeof keep, "%s", line);
    if (question(ui, &initial))
        prompt_open(ui, PR_ASK, keep);
    tui_flash(ui, true, "! %s", why);
}

static bool check_email(struct tui *ui, const char *line, char *out, size_t size)
{
    const char *why = NULL;
    snprintf(out, size, "%s", line);
    bento_email_normalize(out);
    if (bento_email_plausible(out, &why))
        return true;
    char msg[300];
    snprintf(msg, sizeof msg, "\"%.100s\" is not a plausible email address: %s", line,
             why ? why : "check it");
    reject(ui, line, msg);
    return false;
}

/* KEY=VALUE words, each with a key. */
static bool check_pairs(struct tui *ui, const char *line)
{
    char **words = NULL;
    int n = app_action_split(line, &words);
    bool ok = n >= 0;
    for (int i = 0; ok && i < n; i++)
        ok = words[i] && strchr(words[i], '=') && words[i][0] != '=';
    app_action_words_free(words, n);
    if (!ok)
        reject(ui, line,
               "Write fields as KEY=VALUE, separated by spaces (quote values with spaces).");
    return ok;
}

static bool check_json(struct tui *ui, const char *line)
{
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithOpts(line, &end, 1);
    bool ok = cJSON_IsObject(j);
    cJSON_Delete(j);
    if (ok)
        return true;
    char msg[200];
    if (j)
        snprintf(msg, sizeof msg, "Details must be a JSON object, like {\"amount\": 42}.");
    else
        snprintf(msg, sizeof msg, "Details are not valid JSON (near column %ld).",
                 end ? (long)(end - line) + 1 : 1L);
    reject(ui, line, msg);
    return false;
}

/* The name or key an answer gives, checked as the command line checks it
 * and stored trimmed in a->key; false when refused. */
static bool check_name(struct tui *ui, const char *line, int at)
{
    struct subs_ask *a = &ui->subs->ask;
    struct bento_error err;
    int rc = 0;
    switch (at) {
    case SA_TAG * 8:
    case SA_TAG_EVENT * 8:
    case SA_UNTAG * 8: rc = bento_validate_tag_name(line, a->key, sizeof a->key, &err); break;
    case SA_SET_FIELD * 8:
    case SA_UNSET_FIELD * 8:
        rc = bento_validate_field_key(line, a->key, sizeof a->key, &err);
        break;
    case SA_EVENT * 8:
        rc = bento_validate_text("Event type", line, a->key, sizeof a->key, &err);
        break;
    default: return true;
    }
    if (rc < 0)
        reject(ui, line, err.message);
    return rc == 0;
}

/* A file name without the white space around it (a path is not limited
 * to a tag's length, so it is only trimmed). */
static void trimmed_path(char *out, size_t size, const char *line)
{
    while (*line == ' ' || *line == '\t')
        line++;
    size_t n = strlen(line);
    while (n && (line[n - 1] == ' ' || line[n - 1] == '\t'))
        n--;
    snprintf(out, size, "%.*s", (int)n, line);
}

/* Store one answer; false when it was refused (the prompt is open again). */
static bool take_answer(struct tui *ui, const char *line)
{
    struct subs_ask *a = &ui->subs->ask;
    int at = a->action * 8 + a->step;
    bool optional = at == SA_EVENT * 8 + 1 || at == SA_EVENT * 8 + 2 ||
                    at == SA_SET_FIELD * 8 + 1 || at == SA_SEARCH * 8;
    if (!line[0] && !optional) {
        reject(ui, line, "An answer is needed (Esc cancels).");
        return false;
    }
    if (!check_name(ui, line, at))
        return false;
    switch (at) {
    case SA_CREATE * 8:
    case SA_CHANGE_EMAIL * 8:
        if (!check_email(ui, line, a->key, sizeof a->key))
            return false;
        if (at == SA_CHANGE_EMAIL * 8 && !strcasecmp(a->key, a->email)) {
            reject(ui, line, "That is the current address.");
            return false;
        }
        return true;
    case SA_UNTAG * 8:
        if (!a->marked &&
            !person_has_tag(bento_subcache_find(&ui->subs->cache, a->email), a->key)) {
            reject(ui, line, "They do not have that tag (Tab lists theirs).");
            return false;
        }
        return true;
    case SA_SET_FIELD * 8 + 1: snprintf(a->value, sizeof a->value, "%s", line); return true;
    case SA_EVENT * 8 + 1:
        if (line[0] && !check_pairs(ui, line))
            return false;
        snprintf(a->value, sizeof a->value, "%s", line);
        return true;
    case SA_EVENT * 8 + 2:
        if (line[0] && !check_json(ui, line))
            return false;
        snprintf(a->details, sizeof a->details, "%s", line);
        return true;
    case SA_IMPORT * 8:
        trimmed_path(a->value, sizeof a->value, line);
        if (!a->value[0])
            reject(ui, line, "An answer is needed (Esc cancels).");
        return a->value[0] != '\0';
    case SA_SEARCH * 8: {
        const char *why = NULL;
        cJSON *body = subs_search_body(line, 1, &why);
        cJSON_Delete(body);
        if (!body)
            reject(ui, line, why);
        snprintf(a->value, sizeof a->value, "%s", line);
        return body != NULL;
    }
    default: break; /* a tag name or key: check_name put it in a->key */
    }
    return true;
}

void subs_ask_done(struct tui *ui, const char *line)
{
    if (!take_answer(ui, line))
        return;
    ui->subs->ask.step++;
    advance(ui);
}

/* With rows marked, an action on people is for all of them: 1; 0 without
 * marks or for an action on no one; -1 (said) for one that takes one
 * person only. */
static int takes_marks(struct tui *ui, enum subs_action action)
{
    size_t n = ui->subs->mark_count;
    if (!n || action == SA_CREATE || action == SA_SEARCH || action == SA_IMPORT)
        return 0;
    if (action == SA_CHANGE_EMAIL || action == SA_EVENT) {
        tui_flash(ui, true, "! %s one person at a time: Esc clears the %zu mark%s first.",
                  action == SA_EVENT ? "Events are tracked for" : "An address changes for", n,
                  n == 1 ? "" : "s");
        return -1;
    }
    return 1;
}

/* Start an action. words (from the `:` line) answer its questions in
 * order; what is left is asked. */
void subs_begin(struct tui *ui, enum subs_action action, int argc, char **argv)
{
    struct subs_ask *a = &ui->subs->ask;
    for (int i = 0; i < argc; i++)
        if (argv[i][0] == '-' && tui_people_begin(ui, action, argc, argv))
            return; /* -e/-f name the people: marks play no part */
    int marked = takes_marks(ui, action);
    if (marked < 0)
        return;
    bool needs_person = !marked && action != SA_CREATE && action != SA_SEARCH &&
                        action != SA_IMPORT;
    struct bento_cached_sub *e = needs_person ? subs_selected(ui) : NULL;
    if (needs_person && !e) {
        tui_flash(ui, true, "! Select a person first: l looks one up by email or uuid.");
        return;
    }
    memset(a, 0, sizeof *a);
    a->action = action;
    a->marked = marked ? ui->subs->mark_count : 0;
    if ((action == SA_SET_FIELD || action == SA_EVENT) && !ui->subs->fields_loaded)
        subs_load_fields(ui); /* for Tab on field keys */
    snprintf(a->email, sizeof a->email, "%s", e ? e->email : "");
    for (int i = 0; i < argc; i++) {
        if (argv[i][0] == '-') {
            tui_flash(ui, true,
                      "! In the console this acts on the selected person; "
                      "options like %.20s work in a shell.",
                      argv[i]);
            return;
        }
        const char *initial;
        if (!question(ui, &initial))
            break;
        if (!take_answer(ui, argv[i]))
            return;
        a->step++;
    }
    advance(ui);
}

/* The question being asked, as the prompt shows it. */
const char *subs_ask_prompt(const struct tui *ui)
{
    return ui->subs->ask.prompt;
}
