/* /batch/emails: 1..60 emails; every `from` must be an author. Accepted
 * emails are kept in the store and listed under "sent" in the journal
 * line, so tests can assert on what was sent. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sim_internal.h"

#define MAX_EMAILS 60

static const char *const required[] = {"to", "from", "subject", "html_body"};

/* "Name <a@b.c>" -> "a@b.c"; a bare address is returned trimmed. The
 * display-name form is accepted leniently (the docs ask for bare ones). */
static char *bare_address(const char *s)
{
    const char *lt = strchr(s, '<');
    const char *gt = lt ? strchr(lt, '>') : NULL;
    if (lt && gt)
        return strndup(lt + 1, (size_t)(gt - lt - 1));
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    return strndup(s, n);
}

static const char *str(const cJSON *o, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

/* Rails treats a value of only spaces as blank, as it does an empty one. */
static bool blank(const char *v)
{
    while (v && isspace((unsigned char)*v))
        v++;
    return !v || !*v;
}

/* personalizations, when given, is an object of flat values. */
static bool flat_object(const cJSON *p)
{
    const cJSON *v;
    if (!p || cJSON_IsNull(p))
        return true;
    if (!cJSON_IsObject(p))
        return false;
    cJSON_ArrayForEach(v, p) {
        if (cJSON_IsObject(v) || cJSON_IsArray(v))
            return false;
    }
    return true;
}

static bool check_required(const cJSON *arr, struct sim_reply *out)
{
    int i = 0;
    const cJSON *em;
    cJSON_ArrayForEach(em, arr) {
        if (!flat_object(cJSON_GetObjectItemCaseSensitive(em, "personalizations"))) {
            reply_field_error(out, 400, "personalizations",
                              "must be an object of string, number or boolean values");
            return false;
        }
        for (size_t k = 0; k < sizeof required / sizeof required[0]; k++) {
            const char *v = str(em, required[k]);
            if (blank(v)) {
                char msg[128];
                snprintf(msg, sizeof msg, "Missing required field '%s' in email %d", required[k],
                         i);
                reply_error(out, 400, msg);
                return false;
            }
        }
        i++;
    }
    return true;
}

static bool is_author(const struct sim_store *st, const char *from)
{
    char *addr = bare_address(from);
    bool ok = false;
    for (size_t i = 0; addr && i < st->nauthors && !ok; i++)
        ok = strcasecmp(st->authors[i].email, addr) == 0;
    free(addr);
    return ok;
}

static cJSON *record(const cJSON *em, const char *to)
{
    cJSON *rec = cJSON_CreateObject();
    cJSON_AddStringToObject(rec, "to", to);
    cJSON_AddStringToObject(rec, "from", str(em, "from"));
    cJSON_AddStringToObject(rec, "subject", str(em, "subject"));
    cJSON_AddStringToObject(rec, "html_body", str(em, "html_body"));
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(em, "personalizations");
    cJSON_AddItemToObject(rec, "personalizations", p ? cJSON_Duplicate(p, 1) : cJSON_CreateNull());
    cJSON_AddBoolToObject(rec, "transactional",
                          cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(em, "transactional")));
    return rec;
}

void h_batch_emails(struct sim_req *r, struct sim_reply *out)
{
    const cJSON *arr = sim_batch_array(r, out, "emails", MAX_EMAILS);
    if (!arr || !check_required(arr, out))
        return;
    const cJSON *em;
    cJSON_ArrayForEach(em, arr) {
        if (!is_author(r->st, str(em, "from"))) {
            reply_error(out, 500, "Author not authorized to send on this account");
            return;
        }
    }
    cJSON *sent = cJSON_AddArrayToObject(r->journal_extra, "sent");
    cJSON *skipped = cJSON_AddArrayToObject(r->journal_extra, "skipped");
    int queued = 0;
    cJSON_ArrayForEach(em, arr) {
        char *to = bare_address(str(em, "to"));
        if (to && sim_email_valid(to)) {
            store_sub_upsert(r->st, to, NULL); /* Bento creates unknown recipients */
            cJSON *rec = record(em, to);
            cJSON_AddItemToArray(sent, cJSON_Duplicate(rec, 1));
            cJSON_AddItemToArray(r->st->sent_emails, rec);
            queued++;
        } else {
            /* not queued, and not counted in "results" */
            cJSON_AddItemToArray(skipped, cJSON_CreateString(str(em, "to")));
        }
        free(to);
    }
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "results", queued);
    reply_json(out, 200, j);
}
