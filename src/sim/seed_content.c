/* The demo account's broadcasts, sequences and workflows. Fixed dates and
 * figures, so screen tests see the same content on every run; bodies use
 * the Liquid the compose preview renders. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

/* 2025-01-06T09:00:00.000Z, as in seed.c */
#define SEED_EPOCH_MS 1736154000000LL
#define HOUR_MS 3600000LL
#define DAY_MS (24 * HOUR_MS)
/* 2027-06-01T09:00:00.000Z: a send time still to come */
#define FUTURE_MS 1811840400000LL

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct demo_broadcast {
    enum sim_bstatus status;
    const char *name;
    const char *subject;
    const char *lead; /* the body's first paragraph */
    int recipients, opens, clicks;
};

static const struct demo_broadcast demo_broadcasts[] = {
    {BS_SENT, "January Newsletter", "What's new in January", "Here is what we shipped this month.",
     284, 131, 37},
    {BS_SENT, "Product Update: Search", "Search is here", "You can now search every subscriber.",
     279, 142, 58},
    {BS_SENT, "Webinar Invite: Growth Loops", "Join us live on Thursday",
     "We are hosting a live session on growth loops.", 266, 98, 41},
    {BS_SENT, "Customer Story: Acme Corp", "How Acme doubled their open rate",
     "Acme Corp rebuilt their onboarding emails.", 270, 117, 22},
    {BS_SENT, "Spring Promo 2025", "20% off until Sunday", "Our spring promotion ends on Sunday.",
     291, 160, 71},
    {BS_SENT, "Weekly Digest #12", "Your weekly digest", "The five posts people read most.", 288,
     103, 19},
    {BS_SENT, "Black Friday Early Access", "Early access starts now",
     "Subscribers get Black Friday prices a day early.", 297, 188, 96},
    {BS_SENT, "Cyber Monday: Last Call", "Last call: Cyber Monday",
     "The Cyber Monday discount ends tonight.", 295, 151, 64},
    {BS_DRAFT, "February Newsletter", "What's new in February", "A draft of next month's news.", 0,
     0, 0},
    {BS_DRAFT, "Pricing Change Notice", "Our pricing is changing",
     "Plans change on the first of next month.", 0, 0, 0},
    {BS_DRAFT, "Onboarding Survey", "Two minutes to tell us how it went",
     "We would love to hear how your first week went.", 0, 0, 0},
    {BS_SCHEDULED, "Summer Sale Teaser", "Something big is coming",
     "Our summer sale starts next week.", 0, 0, 0},
    {BS_SENDING, "Year in Review", "Your year with us", "A look back at the year.", 140, 44, 9},
    {BS_PAUSED, "Re-engagement: We Miss You", "We miss you",
     "It has been a while; here is what changed.", 60, 12, 3},
    {BS_CANCELED, "Duplicate Test Send", "Test: please ignore", "This send was cancelled.", 0, 0,
     0},
};

struct demo_email {
    const char *subject;
    const char *snippet;
    const char *unit;
    int count;
    int opened, clicked; /* opened < 0: no stats yet */
};

static const struct demo_email onboarding[] = {
    {"Welcome aboard", "Start here", "minutes", 5, 212, 96},
    {"Set up your first form", "Two minutes, tops", "days", 1, 174, 61},
    {"Import your list", "Bring everyone along", "days", 2, 150, 48},
    {"Your first broadcast", "Say hello to your audience", "days", 4, 131, 37},
    {"Tips from other founders", "What worked for them", "days", 7, -1, 0},
};
static const struct demo_email trial[] = {
    {"Your trial has started", "14 days of everything", "hours", 1, 88, 30},
    {"Halfway through your trial", "Seven days left", "days", 7, 64, 19},
    {"Your trial ends tomorrow", "Keep your data", "days", 6, 51, 22},
};
static const struct demo_email winback[] = {
    {"We miss you", "Here is what changed", "days", 30, 40, 8},
    {"One last thing", "A gift before you go", "days", 14, 22, 5},
};
static const struct demo_email welcome_flow[] = {
    {"Welcome!", "Glad you are here", "minutes", 1, 150, 75},
    {"Getting the most out of your plan", "Three quick wins", "days", 3, 97, 31},
};
static const struct demo_email checkout_flow[] = {
    {"You left something behind", "Your cart is saved", "hours", 2, -1, 0},
    {"Still thinking it over?", "Questions? Just reply", "days", 1, -1, 0},
};

/* The body around its first paragraph (malloc'd: a hostile lead is 11k). */
static char *html_body(const char *lead)
{
    static const char head[] = "<p>Hi {{ visitor.first_name | default: \"there\" }},</p>\n<p>";
    static const char tail[] =
        "</p>\n"
        "<p><a href=\"https://example.com/blog?utm_source=bento\">Read more</a> or "
        "<a href=\"https://example.com/account\">open your account</a>.</p>\n"
        "<p>Thanks,<br>Jesse</p>\n"
        "<p><a href=\"{{ visitor.unsubscribe_url }}\">Unsubscribe</a></p>\n";
    size_t len = sizeof head + strlen(lead) + sizeof tail;
    char *buf = malloc(len);
    if (buf)
        snprintf(buf, len, "%s%s%s", head, lead, tail);
    return buf;
}

static double rate(int part, int whole)
{
    return whole ? (double)(part * 1000 / whole) / 10.0 : 0;
}

static void set_stats(cJSON *attrs, const char *key, cJSON *stats)
{
    cJSON_ReplaceItemInObjectCaseSensitive(attrs, key, stats ? stats : cJSON_CreateNull());
}

/* Template stats: opened and clicked (3.7 #15) and the rates (#17). */
static cJSON *template_stats(int sent, int opened, int clicked)
{
    cJSON *s = cJSON_CreateObject();
    cJSON_AddNumberToObject(s, "opened", opened);
    cJSON_AddNumberToObject(s, "clicked", clicked);
    cJSON_AddNumberToObject(s, "open_rate", rate(opened, sent));
    cJSON_AddNumberToObject(s, "click_rate", rate(clicked, sent));
    return s;
}

/* Broadcast stats: the CLI's recipients, total_opens, total_clicks, and
 * the rates (3.6 #13). */
static cJSON *broadcast_stats(int recipients, int opens, int clicks)
{
    cJSON *s = cJSON_CreateObject();
    cJSON_AddNumberToObject(s, "recipients", recipients);
    cJSON_AddNumberToObject(s, "total_opens", opens);
    cJSON_AddNumberToObject(s, "total_clicks", clicks);
    cJSON_AddNumberToObject(s, "open_rate", rate(opens, recipients));
    cJSON_AddNumberToObject(s, "click_rate", rate(clicks, recipients));
    return s;
}

static void add_ms(cJSON *o, const char *key, int64_t ms)
{
    char iso[32];
    sim_iso(ms, iso);
    if (ms)
        cJSON_AddStringToObject(o, key, iso);
    else
        cJSON_AddNullToObject(o, key);
}

/* When it was, is or will be sent, by status. */
static void broadcast_times(struct sim_broadcast *b, int64_t created)
{
    int64_t send_at = 0, done = 0;
    if (b->status == BS_SCHEDULED)
        send_at = FUTURE_MS;
    else if (b->status != BS_DRAFT)
        send_at = created + 2 * DAY_MS;
    if (b->status == BS_SENT)
        done = send_at + 3 * HOUR_MS;
    add_ms(b->attrs, "send_at", send_at);
    add_ms(b->attrs, "sent_final_batch_at", done);
    char url[96];
    snprintf(url, sizeof url, "https://app.bentonow.com/share/broadcasts/%ld", b->id);
    if (send_at && b->status != BS_SCHEDULED)
        cJSON_AddStringToObject(b->attrs, "share_url", url);
    else
        cJSON_AddNullToObject(b->attrs, "share_url");
}

static void add_broadcast(struct sim_store *st, const struct demo_broadcast *d, int64_t created)
{
    struct sim_content *c = &st->content;
    char *html = html_body(d->lead);
    struct sim_template *t = content_template_add(c, d->name, d->subject, html ? html : "",
                                                  created);
    free(html);
    struct sim_broadcast *b = content_broadcast_add(c, d->status, d->name, t->id, created);
    broadcast_times(b, created);
    bool started = d->recipients > 0;
    cJSON_AddItemToObject(b->attrs, "stats",
                          started ? broadcast_stats(d->recipients, d->opens, d->clicks)
                                  : cJSON_CreateNull());
    if (started)
        set_stats(t->attrs, "stats", template_stats(d->recipients, d->opens, d->clicks));
}

static void add_emails(struct sim_store *st, struct sim_flow *f, const struct demo_email *e,
                       size_t n, int64_t created)
{
    for (size_t i = 0; i < n; i++) {
        char *html = html_body(e[i].snippet);
        struct sim_template *t = content_template_add(&st->content, e[i].subject, e[i].subject,
                                                      html ? html : "",
                                                      created + (int64_t)i * HOUR_MS);
        free(html);
        cJSON_AddStringToObject(t->extra, "inbox_snippet", e[i].snippet);
        cJSON_AddStringToObject(t->extra, "delay_interval", e[i].unit);
        cJSON_AddNumberToObject(t->extra, "delay_interval_count", e[i].count);
        cJSON_AddStringToObject(t->extra, "editor_choice", "plain");
        if (e[i].opened >= 0)
            set_stats(t->attrs, "stats",
                      template_stats(e[i].opened * 5 / 2, e[i].opened, e[i].clicked));
        content_flow_add_template(f, t->id);
    }
}

static cJSON *flow_attrs(const char *name, int64_t created, const char *key, const char *value)
{
    cJSON *a = cJSON_CreateObject();
    cJSON_AddStringToObject(a, "name", name);
    add_ms(a, "created_at", created);
    cJSON_AddStringToObject(a, key, value);
    return a;
}

static void seed_flows(struct sim_store *st)
{
    struct sim_content *c = &st->content;
    int64_t t0 = SEED_EPOCH_MS + 5 * DAY_MS;
    struct sim_flow *f = content_sequence_add(
        c, "2001", flow_attrs("Onboarding", t0, "prefix_id", "sequence_onboarding"));
    add_emails(st, f, onboarding, N(onboarding), t0);
    f = content_sequence_add(
        c, "2002", flow_attrs("Trial Nurture", t0 + 20 * DAY_MS, "prefix_id", "sequence_trial"));
    add_emails(st, f, trial, N(trial), t0 + 20 * DAY_MS);
    f = content_sequence_add(
        c, "2003", flow_attrs("Win-back", t0 + 60 * DAY_MS, "prefix_id", "sequence_winback"));
    add_emails(st, f, winback, N(winback), t0 + 60 * DAY_MS);
    f = content_workflow_add(c, "3001", flow_attrs("Welcome Workflow", t0, "status", "live"));
    add_emails(st, f, welcome_flow, N(welcome_flow), t0);
    f = content_workflow_add(c, "3002",
                             flow_attrs("Abandoned Checkout", t0 + 90 * DAY_MS, "status", "draft"));
    add_emails(st, f, checkout_flow, N(checkout_flow), t0 + 90 * DAY_MS);
}

void seed_content_demo(struct sim_store *st)
{
    seed_flows(st);
    for (size_t i = 0; i < N(demo_broadcasts); i++)
        add_broadcast(st, &demo_broadcasts[i], SEED_EPOCH_MS + (int64_t)i * 9 * DAY_MS);
}

/* One broadcast per catalogue entry; a sequence and a workflow whose
 * emails' subjects and snippets run through the catalogue. */
void seed_content_hostile(struct sim_store *st)
{
    int64_t at = SEED_EPOCH_MS + 200 * DAY_MS;
    struct demo_email emails[SIM_HOSTILE_COUNT];
    for (size_t i = 0; i < SIM_HOSTILE_COUNT; i++) {
        const char *text = sim_hostile_texts[i];
        struct demo_broadcast evil = {BS_SENT, text, text, text, 10, 5, 1};
        add_broadcast(st, &evil, at + (int64_t)i * HOUR_MS);
        emails[i] = (struct demo_email){text, text, "days", 1, 10, 2};
    }
    struct sim_flow *f = content_workflow_add(&st->content, "3666",
                                              flow_attrs(SIM_HOSTILE_TEXT, at, "status", "live"));
    add_emails(st, f, emails, 1, at);
    f = content_sequence_add(&st->content, "2666",
                             flow_attrs(SIM_HOSTILE_BIDI, at, "prefix_id", "sequence_hostile"));
    add_emails(st, f, emails, N(emails), at);
}

void seed_content_generate(struct sim_store *st, long broadcasts)
{
    int64_t base = SEED_EPOCH_MS + 400 * DAY_MS;
    for (long i = 0; i < broadcasts; i++) {
        char name[64];
        snprintf(name, sizeof name, "Generated broadcast %06ld", i + 1);
        int recipients = 100 + (int)(i % 200);
        struct demo_broadcast d = {BS_SENT,    name,           name,           name,
                                   recipients, recipients / 3, recipients / 10};
        add_broadcast(st, &d, base + i * HOUR_MS);
    }
}
