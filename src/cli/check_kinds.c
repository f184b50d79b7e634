/* The kinds of check (check.h): for each, the local rule, the request,
 * the verdict and the output, text and --json. Server strings go through
 * out_cell (sanitised) or the JSON printer, never raw to the terminal. */
#include <string.h>

#include "bento/checks.h"
#include "bento/request.h"
#include "bento/validate.h"
#include "cli/check.h"
#include "cli/commands.h"
#include "cli/output.h"

#define SHOWN_COLS 60 /* a text to moderate is shown cut to this */

static void print_reasons(FILE *out, const struct bento_validation *v)
{
    for (size_t i = 0; i < v->reason_count; i++) {
        fputs("  reason: ", out);
        out_cell(out, v->reasons[i], 0);
        fputc('\n', out);
    }
}

static cJSON *reasons_json(const struct bento_validation *v)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < v->reason_count; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(v->reasons[i]));
    return a;
}

static void add_verdict(cJSON *o, const char *key, enum bento_verdict v)
{
    if (v == BENTO_VERDICT_NONE)
        cJSON_AddNullToObject(o, key);
    else
        cJSON_AddBoolToObject(o, key, v == BENTO_VERDICT_VALID);
}

static enum check_verdict of_verdict(enum bento_verdict v)
{
    return v == BENTO_VERDICT_VALID     ? CHECK_CLEAN
           : v == BENTO_VERDICT_INVALID ? CHECK_FLAGGED
                                        : CHECK_UNKNOWN;
}

/* ---- email ------------------------------------------------------------ */

static struct bento_request *email_request(const char *value, const struct check_opts *o)
{
    return o->ruleset ? bento_request_check_ruleset(value, o->block_free, o->wiggle_room)
                      : bento_request_email_validate(value);
}

static enum check_verdict email_judge(const struct bento_result *r, const struct check_opts *o)
{
    (void)o;
    return of_verdict(r->validation.verdict);
}

static void email_print(FILE *out, const char *value, const struct bento_result *r,
                        const struct check_opts *o, enum check_verdict v)
{
    const char *by = o->ruleset ? "Jesse's ruleset" : "Bento's validation";
    const char *word = v == CHECK_CLEAN ? "valid" : v == CHECK_FLAGGED ? "not valid" : "no verdict";
    fprintf(out, "%s: %s (%s)\n", value, word, by);
    print_reasons(out, &r->validation);
}

static cJSON *email_json(const char *value, const struct bento_result *r,
                         const struct check_opts *o, enum check_verdict v)
{
    (void)v;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "email", value);
    cJSON_AddStringToObject(j, "check", o->ruleset ? "ruleset" : "validation");
    add_verdict(j, "valid", r->validation.verdict);
    cJSON_AddItemToObject(j, "reasons", reasons_json(&r->validation));
    return j;
}

/* ---- domain and ip --------------------------------------------------- */

static struct bento_request *domain_request(const char *value, const struct check_opts *o)
{
    (void)o;
    return bento_request_check_blacklist(value, false);
}

static struct bento_request *ip_request(const char *value, const struct check_opts *o)
{
    (void)o;
    return bento_request_check_blacklist(value, true);
}

static enum check_verdict blacklist_judge(const struct bento_result *r, const struct check_opts *o)
{
    (void)o;
    const struct bento_blacklist *b = &r->checks.blacklist;
    if (bento_blacklist_listed(b))
        return CHECK_FLAGGED;
    /* a provider that gave no readable answer is not a clean one */
    return bento_blacklist_clean(b) || (!b->hit_count && b->results_null) ? CHECK_CLEAN
                                                                          : CHECK_UNKNOWN;
}

static void blacklist_print(FILE *out, const char *value, const struct bento_result *r,
                            const struct check_opts *o, enum check_verdict v)
{
    (void)o;
    const struct bento_blacklist *b = &r->checks.blacklist;
    if (v == CHECK_UNKNOWN) {
        fprintf(out, "%s: no answer from Bento's blacklist check\n", value);
        return;
    }
    if (!b->hit_count) {
        fprintf(out, "%s: clean (Bento reported no results, which means none listed)\n", value);
        return;
    }
    if (v == CHECK_FLAGGED)
        fprintf(out, "%s: listed on %zu of %zu lists\n", value, bento_blacklist_listed(b),
                b->hit_count);
    else if (bento_blacklist_clean(b) == b->hit_count)
        fprintf(out, "%s: clean on all %zu lists\n", value, b->hit_count);
    else
        fprintf(out, "%s: clean on %zu of %zu lists (the others gave no readable answer)\n", value,
                bento_blacklist_clean(b), b->hit_count);
    for (size_t i = 0; i < b->hit_count; i++) {
        int l = b->hits[i].listed;
        fputs("  ", out);
        out_cell(out, b->hits[i].name, 18);
        fprintf(out, " %s\n", l == 1 ? "listed" : l == 0 ? "clean" : "unknown");
    }
}

static cJSON *blacklist_json(const char *key, const char *value, const struct bento_result *r,
                             enum check_verdict v)
{
    const struct bento_blacklist *b = &r->checks.blacklist;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, key, value);
    if (v == CHECK_UNKNOWN)
        cJSON_AddNullToObject(j, "listed");
    else
        cJSON_AddBoolToObject(j, "listed", v == CHECK_FLAGGED);
    cJSON *lists = cJSON_AddObjectToObject(j, "lists");
    for (size_t i = 0; i < b->hit_count; i++) {
        int l = b->hits[i].listed;
        cJSON_AddItemToObject(lists, b->hits[i].name,
                              l < 0 ? cJSON_CreateNull() : cJSON_CreateBool(l));
    }
    out_json_add_str(j, "description", b->description);
    return j;
}

static cJSON *domain_json(const char *value, const struct bento_result *r,
                          const struct check_opts *o, enum check_verdict v)
{
    (void)o;
    return blacklist_json("domain", value, r, v);
}

static cJSON *ip_json(const char *value, const struct bento_result *r, const struct check_opts *o,
                      enum check_verdict v)
{
    (void)o;
    return blacklist_json("ip", value, r, v);
}

/* ---- content ---------------------------------------------------------- */

static struct bento_request *content_request(const char *value, const struct check_opts *o)
{
    (void)o;
    return bento_request_check_moderation(value);
}

static enum check_verdict content_judge(const struct bento_result *r, const struct check_opts *o)
{
    (void)o;
    return of_verdict(r->checks.moderation.v.verdict);
}

/* "text", sanitised on one line and cut to SHOWN_COLS columns. */
static void print_quoted(FILE *out, const char *text)
{
    fputc('"', out);
    if (out_text_width(text) > SHOWN_COLS) {
        out_cell(out, text, SHOWN_COLS - 3);
        fputs("...", out);
    } else {
        out_cell(out, text, 0);
    }
    fputc('"', out);
}

static void content_print(FILE *out, const char *value, const struct bento_result *r,
                          const struct check_opts *o, enum check_verdict v)
{
    (void)o;
    const struct bento_moderation *m = &r->checks.moderation;
    print_quoted(out, value);
    fprintf(out, ": %s\n",
            v == CHECK_CLEAN     ? "clean"
            : v == CHECK_FLAGGED ? "flagged"
                                 : "no verdict");
    print_reasons(out, &m->v);
    if (v == CHECK_FLAGGED && m->safe_content && strcmp(m->safe_content, value) != 0) {
        fputs("  safe version: ", out);
        print_quoted(out, m->safe_content);
        fputc('\n', out);
    }
}

static cJSON *content_json(const char *value, const struct bento_result *r,
                           const struct check_opts *o, enum check_verdict v)
{
    (void)o;
    (void)v;
    const struct bento_moderation *m = &r->checks.moderation;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "content", value);
    add_verdict(j, "valid", m->v.verdict);
    cJSON_AddItemToObject(j, "reasons", reasons_json(&m->v));
    out_json_add_str(j, "safe_original_content", m->safe_content);
    return j;
}

/* ---- name ------------------------------------------------------------- */

static int name_validate(const char *text, char *out, size_t size, struct bento_error *err)
{
    return bento_validate_text("Name", text, out, size, err);
}

static struct bento_request *name_request(const char *value, const struct check_opts *o)
{
    (void)o;
    return bento_request_check_gender(value);
}

/* A guess is never a finding: every answer counts as clean. */
static enum check_verdict name_judge(const struct bento_result *r, const struct check_opts *o)
{
    (void)r;
    (void)o;
    return CHECK_CLEAN;
}

static void name_print(FILE *out, const char *value, const struct bento_result *r,
                       const struct check_opts *o, enum check_verdict v)
{
    (void)o;
    (void)v;
    const struct bento_gender *g = &r->checks.gender;
    out_cell(out, value, 0);
    if (!g->gender) {
        fputs(": no guess (Bento does not know the name)\n", out);
        return;
    }
    fputs(": ", out);
    out_cell(out, g->gender, 0);
    if (g->confidence >= 0)
        fprintf(out, " (a guess, %.0f%% confidence)\n", g->confidence * 100);
    else
        fputs(" (a guess, confidence not given)\n", out);
}

static cJSON *name_json(const char *value, const struct bento_result *r, const struct check_opts *o,
                        enum check_verdict v)
{
    (void)o;
    (void)v;
    const struct bento_gender *g = &r->checks.gender;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "name", value);
    out_json_add_str(j, "gender", g->gender);
    if (g->confidence >= 0)
        cJSON_AddNumberToObject(j, "confidence", g->confidence);
    else
        cJSON_AddNullToObject(j, "confidence");
    cJSON_AddBoolToObject(j, "guess", 1);
    return j;
}

/* ---- the commands ------------------------------------------------------ */

static const struct check_kind kinds[] = {
    {"email",
     "Usage: bento-console check email (EMAIL... | -f FILE) [--ruleset [--block-free] "
     "[--wiggle-room]]",
     "invalid", true, bento_validate_email, email_request, email_judge, email_print, email_json},
    {"domain", "Usage: bento-console check domain (DOMAIN... | -f FILE)", "listed", false,
     bento_validate_domain, domain_request, blacklist_judge, blacklist_print, domain_json},
    {"ip", "Usage: bento-console check ip (IP... | -f FILE)", "listed", false, bento_validate_ip,
     ip_request, blacklist_judge, blacklist_print, ip_json},
    {"content", "Usage: bento-console check content (TEXT... | -f FILE)", "flagged", false,
     bento_validate_content, content_request, content_judge, content_print, content_json},
    {"name", "Usage: bento-console check name (NAME... | -f FILE)", NULL, false, name_validate,
     name_request, name_judge, name_print, name_json},
};

int cli_check_email(struct app *app, int argc, char **argv)
{
    return check_run(app, &kinds[0], argc, argv);
}

int cli_check_domain(struct app *app, int argc, char **argv)
{
    return check_run(app, &kinds[1], argc, argv);
}

int cli_check_ip(struct app *app, int argc, char **argv)
{
    return check_run(app, &kinds[2], argc, argv);
}

int cli_check_content(struct app *app, int argc, char **argv)
{
    return check_run(app, &kinds[3], argc, argv);
}

int cli_check_name(struct app *app, int argc, char **argv)
{
    return check_run(app, &kinds[4], argc, argv);
}
