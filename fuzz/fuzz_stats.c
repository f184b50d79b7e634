/* One Bento response body into a stats or experimental-check decoder,
 * chosen at build time with -DFUZZ_STATS_<NAME> or -DFUZZ_CHECK_<NAME>.
 * The bytes are passed as they arrived, not NUL-terminated. Checked: a
 * failed decode says why on one safe line; counts match the arrays; every
 * string sanitises to safe text; and a report, whatever its data, draws
 * as a chart whose lines fit the size asked for and are safe to show. */
#include <stdlib.h>
#include <string.h>

#include "app/chart.h"
#include "bento/checks.h"
#include "bento/sanitize.h"
#include "bento/stats.h"
#include "bento/utf8.h"
#include "fuzz_util.h"

__attribute__((unused)) static void show(const char *s)
{
    char *safe = bento_sanitize_dup(s);
    FUZZ_CHECK(safe != NULL, "sanitising never fails for lack of room");
    fuzz_check_terminal_str(safe, NULL, "a decoded string sanitises to safe text");
    free(safe);
}

static void refused(int rc, const struct bento_error *err)
{
    if (rc == 0)
        return;
    FUZZ_CHECK(err->message[0] != '\0', "a failed decode says why");
    fuzz_check_terminal_str(err->message, NULL, "the error message is one safe line");
}

#if defined(FUZZ_STATS_REPORT)
static size_t cells(const char *s)
{
    size_t n = 0, len = strlen(s);
    for (size_t i = 0; i < len; n++) {
        uint32_t cp;
        i += bento_utf8_step(s + i, len - i, &cp);
    }
    return n;
}

static bool is_ascii(const char *s)
{
    for (; s && *s; s++)
        if ((unsigned char)*s >= 0x80)
            return false;
    return true;
}

/* Whether every string of the report that a chart may show is ASCII:
 * server text is shown as sent (sanitised) in either mode, so only then
 * must an ASCII chart be all ASCII. */
static bool report_ascii(const struct bento_report *r)
{
    bool ascii = is_ascii(r->name) && is_ascii(r->type) && is_ascii(r->style_text);
    for (size_t i = 0; ascii && i < r->point_count; i++)
        ascii = is_ascii(r->points[i].group) && is_ascii(r->points[i].x);
    return ascii;
}

static void draw(const struct bento_report *r, int width, int height, bool ascii)
{
    struct chart_opts o = {width, height, ascii};
    struct chart_lines l = {0};
    if (chart_report(r, &o, &l) == 0)
        for (size_t i = 0; i < l.count; i++) {
            FUZZ_CHECK(l.lines[i] != NULL, "every line counted is there");
            fuzz_check_terminal_str(l.lines[i], NULL, "a chart line is safe to show");
            FUZZ_CHECK(cells(l.lines[i]) <= (size_t)width, "a chart line fits its width");
            if (ascii && report_ascii(r))
                FUZZ_CHECK(is_ascii(l.lines[i]), "an ASCII chart of ASCII text is ASCII");
        }
    chart_lines_free(&l);
}

static void run(const char *body, size_t len, struct bento_error *err)
{
    struct bento_report r;
    memset(&r, 0, sizeof r);
    int rc = bento_stats_decode_report_text(body, len, &r, err);
    refused(rc, err);
    FUZZ_CHECK(r.point_count == 0 || r.points, "points counted are there");
    show(r.name), show(r.type), show(r.style_text);
    for (size_t i = 0; i < r.point_count; i++)
        show(r.points[i].group), show(r.points[i].x);
    if (rc == 0) {
        draw(&r, 80, 20, false);
        draw(&r, 24, 6, true);
    }
    bento_report_free(&r);
}
#elif defined(FUZZ_STATS_ADS)
static void figures(const struct bento_ads_figures *f)
{
    show(f->key), show(f->label), show(f->revenue_currency), show(f->top_source);
    FUZZ_CHECK(f->currency_count == 0 || f->by_currency, "currencies counted are there");
    for (size_t i = 0; i < f->currency_count; i++)
        show(f->by_currency[i].currency);
}

static void run(const char *body, size_t len, struct bento_error *err)
{
    struct bento_ads_stats a;
    memset(&a, 0, sizeof a);
    refused(bento_stats_decode_ads_text(body, len, &a, err), err);
    show(a.dimension), show(a.dimension_label), show(a.attribution_label);
    show(a.revenue_mode), show(a.revenue_mode_label);
    figures(&a.totals);
    FUZZ_CHECK(a.row_count == 0 || a.rows, "rows counted are there");
    for (size_t i = 0; i < a.row_count; i++)
        figures(&a.rows[i]);
    bento_ads_stats_free(&a);
}
#elif defined(FUZZ_STATS_RESPONSES)
static void run(const char *body, size_t len, struct bento_error *err)
{
    struct bento_form_responses f;
    memset(&f, 0, sizeof f);
    refused(bento_stats_decode_responses_text(body, len, &f, err), err);
    FUZZ_CHECK(f.count == 0 || f.items, "responses counted are there");
    for (size_t i = 0; i < f.count; i++) {
        const struct bento_form_response *x = &f.items[i];
        show(x->id), show(x->uuid), show(x->email), show(x->date), show(x->url);
        show(x->ip), show(x->city), show(x->country);
        for (size_t k = 0; k < x->field_count; k++)
            show(x->fields[k].name), show(x->fields[k].value);
    }
    bento_form_responses_free(&f);
}
#elif defined(FUZZ_STATS_SEGMENT)
/* The segment decoder takes the parsed answer, as the client's worker
 * hands it over; a body that is not JSON never reaches it. */
static void run(const char *body, size_t len, struct bento_error *err)
{
    cJSON *root = cJSON_ParseWithLength(body, len);
    if (!root)
        return;
    struct bento_site_stats st;
    if (bento_stats_decode_segment(root, &st, err) != 0) {
        refused(-1, err);
        FUZZ_CHECK(st.user_count == -1 && st.subscriber_count == -1 && st.unsubscriber_count == -1,
                   "a failed decode leaves every count absent");
    }
    FUZZ_CHECK(st.user_count >= -1 && st.subscriber_count >= -1 && st.unsubscriber_count >= -1,
               "a count is a value or absent");
    cJSON_Delete(root);
}
#elif defined(FUZZ_CHECK_BLACKLIST)
static void run(const char *body, size_t len, struct bento_error *err)
{
    struct bento_checks c;
    memset(&c, 0, sizeof c);
    refused(bento_decode_blacklist(body, len, &c.blacklist, err), err);
    const struct bento_blacklist *b = &c.blacklist;
    show(b->query), show(b->description);
    FUZZ_CHECK(b->hit_count == 0 || b->hits, "providers counted are there");
    for (size_t i = 0; i < b->hit_count; i++) {
        show(b->hits[i].name);
        FUZZ_CHECK(b->hits[i].listed >= -1 && b->hits[i].listed <= 1, "listed is 1, 0 or -1");
    }
    FUZZ_CHECK(bento_blacklist_listed(b) <= b->hit_count, "no more listed than providers");
    bento_checks_free(&c);
}
#elif defined(FUZZ_CHECK_MODERATION)
static void run(const char *body, size_t len, struct bento_error *err)
{
    struct bento_checks c;
    memset(&c, 0, sizeof c);
    refused(bento_decode_moderation(body, len, &c.moderation, err), err);
    show(c.moderation.safe_content);
    for (size_t i = 0; i < c.moderation.v.reason_count; i++)
        show(c.moderation.v.reasons[i]);
    bento_checks_free(&c);
}
#elif defined(FUZZ_CHECK_GENDER)
static void run(const char *body, size_t len, struct bento_error *err)
{
    struct bento_checks c;
    memset(&c, 0, sizeof c);
    refused(bento_decode_gender(body, len, &c.gender, err), err);
    show(c.gender.gender);
    FUZZ_CHECK(c.gender.confidence <= 1.0, "a confidence is at most 1");
    bento_checks_free(&c);
}
#else
#error "define FUZZ_STATS_<NAME> or FUZZ_CHECK_<NAME>"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bento_error err;
    bento_error_clear(&err);
    run((const char *)data, size, &err);
    return 0;
}
