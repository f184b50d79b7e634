#include "app/doctor.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bento/url.h"
#include "bento/validate.h"
#include "bento/version.h"

void doctor_init(struct doctor_report *rep)
{
    memset(rep, 0, sizeof *rep);
    rep->failure = BENTO_OK;
}

__attribute__((format(printf, 4, 5))) static void
step(struct doctor_report *rep, const char *name, enum doctor_state state, const char *fmt, ...)
{
    if (rep->count >= DOCTOR_MAX_STEPS)
        return;
    struct doctor_step *s = &rep->steps[rep->count++];
    s->name = name;
    s->state = state;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->message, sizeof s->message, fmt, ap);
    va_end(ap);
}

const char *doctor_state_label(enum doctor_state s)
{
    return s == DOCTOR_PASS ? "ok" : s == DOCTOR_WARN ? "warn" : "FAIL";
}

static int check_present(const struct bento_profile *p, struct doctor_report *rep)
{
    char missing[128];
    if (*bento_profile_missing(p, missing, sizeof missing)) {
        step(rep, "credentials", DOCTOR_FAIL,
             "Missing %s. Run `bento-console profile add NAME`, or set BENTO_PUBLISHABLE_KEY, "
             "BENTO_SECRET_KEY and BENTO_SITE_UUID (keys: Settings -> API Keys in Bento).",
             missing);
        rep->failure = BENTO_E_CONFIG;
        return -1;
    }
    step(rep, "credentials", DOCTOR_PASS,
         "Publishable key (%s), secret key (%s, hidden) and site_uuid (%s) are set",
         p->source_publishable ? p->source_publishable : "?",
         p->source_secret ? p->source_secret : "?", p->source_site ? p->source_site : "?");
    return 0;
}

static int has_junk(const char *s)
{
    return strpbrk(s, " \t\"'<>") != NULL;
}

/* Bento's keys are opaque; the only facts are that the SDKs' fixtures
 * start publishable keys with "p" and secret keys with "s", so those
 * shapes are hints, never failures on their own. */
static int check_shapes(const struct bento_profile *p, struct doctor_report *rep)
{
    if (!strcmp(p->publishable_key, p->secret_key)) {
        step(rep, "keys", DOCTOR_FAIL,
             "The publishable key is also set as the secret key: put the secret key "
             "(Settings -> API Keys) in the secret key's place.");
        rep->failure = BENTO_E_CONFIG;
        return -1;
    }
    if (has_junk(p->publishable_key) || has_junk(p->secret_key) || has_junk(p->site_uuid)) {
        step(rep, "keys", DOCTOR_FAIL,
             "A key or the site_uuid contains spaces, quotes or brackets: paste the bare value.");
        rep->failure = BENTO_E_CONFIG;
        return -1;
    }
    char uuid[sizeof p->site_uuid];
    struct bento_error err;
    if (bento_validate_site_uuid(p->site_uuid, uuid, sizeof uuid, &err) < 0) {
        step(rep, "keys", DOCTOR_FAIL, "%s", err.message);
        rep->failure = BENTO_E_CONFIG;
        return -1;
    }
    if (p->secret_key[0] == 'p' && p->publishable_key[0] == 'p')
        step(rep, "keys", DOCTOR_WARN,
             "The secret key looks like a publishable key (both start with \"p\").");
    else if (p->secret_key[0] == 'p' && p->publishable_key[0] == 's')
        step(rep, "keys", DOCTOR_WARN, "The publishable and secret keys look swapped.");
    else
        step(rep, "keys", DOCTOR_PASS, "Key shapes look plausible");
    return 0;
}

/* The core's one check of where the keys may go (bento/url.h). */
static int check_url(const struct bento_profile *p, struct doctor_report *rep)
{
    const char *url = p->base_url[0] ? p->base_url : BENTO_DEFAULT_BASE_URL;
    struct bento_error err;
    char shown[120];

    if (bento_url_check(url, &err) != 0) {
        step(rep, "base url", DOCTOR_FAIL, "%s", err.message);
        rep->failure = BENTO_E_CONFIG;
        return -1;
    }
    bento_url_shown(url, shown, sizeof shown);
    step(rep, "base url", DOCTOR_PASS, "%s", shown);
    return 0;
}

int doctor_check_local(const struct bento_profile *p, struct doctor_report *rep)
{
    if (check_present(p, rep) < 0 || check_shapes(p, rep) < 0)
        return -1;
    return check_url(p, rep);
}

struct bento_request *doctor_probe_request(void)
{
    return bento_request_authors_list();
}

static const char *key_hint(const struct bento_profile *p)
{
    if (p->secret_key[0] == 'p' && p->publishable_key[0] == 'p')
        return " The secret key looks like a publishable key: copy the secret key from "
               "Settings -> API Keys.";
    if (p->secret_key[0] == 'p' && p->publishable_key[0] == 's')
        return " The two keys look swapped.";
    return " Copy both keys again from Settings -> API Keys.";
}

void doctor_check_result(const struct bento_profile *p, const struct bento_result *r,
                         struct doctor_report *rep)
{
    const struct bento_error *e = &r->err;
    if (e->kind == BENTO_OK) {
        step(rep, "api", DOCTOR_PASS,
             "Bento accepted the keys and the site_uuid; %zu author%s can send email",
             r->authors.count, r->authors.count == 1 ? "" : "s");
        return;
    }
    rep->failure = e->kind;
    switch (e->kind) {
    case BENTO_E_AUTH:
        step(rep, "api", DOCTOR_FAIL, "Bento rejected the keys (401 HTTP Basic: Access denied).%s",
             key_hint(p));
        break;
    case BENTO_E_SITE_UUID:
        step(rep, "api", DOCTOR_FAIL,
             "The keys were accepted but the site_uuid was refused (401): check the site_uuid "
             "under Settings, and that this user belongs to that site's team.");
        break;
    case BENTO_E_BLOCKED_UA:
        step(rep, "api", DOCTOR_FAIL,
             "Blocked before reaching Bento (403 HTML page). bento-console sends User-Agent "
             "\"%s\"; a proxy may be stripping or replacing it.",
             BENTO_USER_AGENT);
        break;
    default: step(rep, "api", DOCTOR_FAIL, "%s", e->message); break;
    }
}
