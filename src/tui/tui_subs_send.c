/* Sending what the Subscribers pane's questions gathered, once the user
 * said yes. Each request carries a ticket saying whom it is about, given back
 * with its result. */
#include <stdlib.h>
#include <string.h>

#include "bento/email.h"
#include "bento/event.h"
#include "bento/request.h"
#include "app/actions.h"
#include "tui/tui.h"
#include "tui/tui_subs_internal.h"

static const enum bento_change_kind change_of[] = {
    [SA_TAG] = BENTO_CH_ADD_TAG,
    [SA_TAG_EVENT] = BENTO_CH_ADD_TAG_VIA_EVENT,
    [SA_UNTAG] = BENTO_CH_REMOVE_TAG,
    [SA_SET_FIELD] = BENTO_CH_SET_FIELD,
    [SA_UNSET_FIELD] = BENTO_CH_REMOVE_FIELD,
    [SA_SUBSCRIBE] = BENTO_CH_SUBSCRIBE,
    [SA_UNSUBSCRIBE] = BENTO_CH_UNSUBSCRIBE,
    [SA_CHANGE_EMAIL] = BENTO_CH_CHANGE_EMAIL,
    [SA_CREATE] = BENTO_CH_CREATE,
};

enum bento_change_kind subs_change_kind(int action)
{
    return change_of[action];
}

static void send_command(struct tui *ui, const struct subs_ask *a)
{
    enum bento_change_kind kind = change_of[a->action];
    bool has_value = kind == BENTO_CH_SET_FIELD;
    const char *key = a->key[0] ? a->key : NULL;
    cJSON *list = cJSON_CreateArray();
    cJSON_AddItemToArray(list,
                         bento_change_command(kind, a->email, key, has_value ? a->value : NULL));
    tui_post_owned(ui, bento_request_commands(list), subs_command_sent,
                   subs_ticket_new(a->email, key, (int)kind, has_value ? a->value : NULL),
                   subs_ticket_free);
    cJSON_Delete(list);
}

/* "k=v k2=v2" as a JSON object of strings. */
static cJSON *pairs_json(const char *text)
{
    cJSON *o = cJSON_CreateObject();
    char **words = NULL;
    int n = app_action_split(text, &words);
    for (int i = 0; i < n; i++) {
        char *eq = words[i] ? strchr(words[i], '=') : NULL;
        if (!eq)
            continue;
        *eq = 0;
        cJSON_DeleteItemFromObjectCaseSensitive(o, words[i]);
        cJSON_AddStringToObject(o, words[i], eq + 1);
    }
    app_action_words_free(words, n);
    return o;
}

static void send_event(struct tui *ui, const struct subs_ask *a)
{
    cJSON *list = cJSON_CreateArray();
    cJSON *fields = a->value[0] ? pairs_json(a->value) : NULL;
    cJSON_AddItemToArray(list, bento_event_new(a->key, a->email, NULL, fields,
                                               a->details[0] ? cJSON_Parse(a->details) : NULL));
    cJSON_Delete(fields);
    tui_post_owned(ui, bento_request_batch_events(list), subs_event_tracked,
                   subs_ticket_new(a->email, a->key, -1, NULL), subs_ticket_free);
    cJSON_Delete(list);
}

void subs_confirmed(struct tui *ui, bool yes)
{
    struct subs_ask *a = &ui->subs->ask;
    if (!yes) {
        tui_flash(ui, false, "Nothing sent.");
        return;
    }
    if (a->action == SA_CREATE) {
        tui_post_owned(ui, bento_request_subscriber_create(a->key), subs_created,
                       subs_ticket_new("", a->key, -1, NULL), subs_ticket_free);
    } else if (a->action == SA_EVENT) {
        send_event(ui, a);
    } else if (a->marked) {
        subs_marks_send(ui, a, change_of[a->action]);
    } else {
        send_command(ui, a);
    }
}

/* Bento's own opinion of an address (/experimental/validation). */
void subs_validate(struct tui *ui, const char *text)
{
    char email[256];
    const char *why = NULL;
    snprintf(email, sizeof email, "%s", text);
    bento_email_normalize(email);
    if (!bento_email_plausible(email, &why)) {
        tui_flash(ui, true, "! \"%.100s\" is not a plausible email address: %s", text,
                  why ? why : "check it");
        return;
    }
    tui_post_owned(ui, bento_request_email_validate(email), subs_validated,
                   subs_ticket_new(email, email, -1, NULL), subs_ticket_free);
}
