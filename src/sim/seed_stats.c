/* Demo stats: segments, reports of every chart style with a year of
 * points in several groups, ads attribution rows per dimension and two
 * forms with responses. Constant, so answers are the same every run. */
#include <string.h>

#include "sim_stats.h"

static const struct sim_segment segments[] = {
    {"1201", "Engaged in the last 30 days", 1840, 1795, 45},
    {"1202", "Customers", 412, 398, 14},
    {"1203", "Never opened", 0, 0, 0},
};

static const struct sim_report reports[] = {
    {"301",
     "Visitors this month",
     "Reporting::Reports::VisitorCountReport",
     SC_COUNTER,
     48213,
     {NULL},
     0,
     0,
     0,
     0,
     false},
    {"302",
     "Signups by source",
     "Reporting::Reports::SignupReport",
     SC_COLUMN,
     0,
     {"Organic", "Paid", "Referral"},
     3,
     12,
     30,
     420,
     false},
    {"303",
     "Subscribers",
     "Reporting::Reports::SubscriberCountReport",
     SC_AREA,
     0,
     {"Subscribed", "Unsubscribed"},
     2,
     52,
     7,
     8200,
     false},
    {"304",
     "Opens and clicks",
     "Reporting::Reports::EngagementReport",
     SC_LINE,
     0,
     {"Opens", "Clicks"},
     2,
     52,
     7,
     2600,
     false},
    {"305",
     "Purchases this year",
     "Reporting::Reports::EventCountReport",
     SC_COUNTER,
     1290,
     {NULL},
     0,
     0,
     0,
     0,
     false},
    {"399",
     SIM_HOSTILE_TEXT,
     "Reporting::Reports::SignupReport",
     SC_COLUMN,
     0,
     {SIM_HOSTILE_TEXT, SIM_HOSTILE_BIDI, SIM_HOSTILE_C1, "Paid"},
     4,
     6,
     30,
     90,
     true},
};

static const struct sim_ads_row ads[] = {
    {"source", "google", "Google", 512, 64, 1536000, 212000, false},
    {"source", "facebook", "Facebook", 344, 31, 744000, 0, false},
    {"source", "newsletter", "Newsletter", 198, 40, 960000, 96000, false},
    {"source", "twitter", "Twitter", 61, 3, 27000, 0, false},
    {"source", "", "(direct)", 1204, 88, 2112000, 340000, false},
    {"source", SIM_HOSTILE_TEXT, SIM_HOSTILE_TEXT, 7, 1, 4900, 0, true},
    {"campaign", "spring_sale", "Spring sale", 402, 52, 1248000, 120000, false},
    {"campaign", "black_friday", "Black Friday", 611, 97, 2910000, 408000, false},
    {"campaign", "launch_week", "Launch week", 230, 12, 288000, 0, false},
    {"medium", "cpc", "cpc", 856, 95, 2280000, 212000, false},
    {"medium", "email", "email", 198, 40, 960000, 96000, false},
    {"medium", "social", "social", 405, 34, 771000, 0, false},
    {"content", "hero_banner", "Hero banner", 310, 29, 696000, 0, false},
    {"content", "sidebar_ad", "Sidebar ad", 122, 7, 168000, 24000, false},
    {"ad", "ad_1001", "Founders video", 280, 36, 864000, 72000, false},
    {"ad", "ad_1002", "Free trial carousel", 232, 28, 672000, 140000, false},
    {"ad", "ad_1003", "Retargeting", 344, 31, 744000, 0, false},
};

static const struct sim_form_response responses[] = {
    {"newsletter-signup", "8101", "ada@example.com", "Ada Lovelace", "2026-11-28T09:14:02.000Z",
     "/blog/launch", "203.0.113.7", "London", "GB", NULL},
    {"newsletter-signup", "8102", "grace@example.com", "Grace Hopper", "2026-11-29T16:40:51.000Z",
     "/", "198.51.100.23", "Arlington", "US", NULL},
    {"newsletter-signup", "8103", "alan@example.com", "Alan Turing", "2026-11-30T11:02:37.000Z",
     "/pricing", "192.0.2.41", "Manchester", "GB", NULL},
    {"demo-request", "8201", "kay@example.com", "Kay McNulty", "2026-11-27T14:21:09.000Z", "/demo",
     "203.0.113.90", "Dublin", "IE", "We send 40k emails a month; can we import lists?"},
    {"demo-request", "8202", "jean@example.com", "Jean Bartik", "2026-12-01T08:55:44.000Z", "/demo",
     "198.51.100.8", "Philadelphia", "US", "Looking for a Mailchimp replacement."},
};

/* --seed hostile: a source and a campaign per catalogue entry. */
static const struct sim_ads_row hostile_ads[] = {
    {"source", SIM_HOSTILE_TEXT, SIM_HOSTILE_TEXT, 7, 1, 1000, 0, true},
    {"source", SIM_HOSTILE_OSC, SIM_HOSTILE_OSC, 6, 1, 900, 0, true},
    {"source", SIM_HOSTILE_CSI, SIM_HOSTILE_CSI, 5, 1, 800, 0, true},
    {"source", SIM_HOSTILE_DCS, SIM_HOSTILE_DCS, 4, 1, 700, 0, true},
    {"source", SIM_HOSTILE_C1, SIM_HOSTILE_C1, 3, 1, 600, 0, true},
    {"source", SIM_HOSTILE_BIDI, SIM_HOSTILE_BIDI, 2, 1, 500, 0, true},
    {"campaign", SIM_HOSTILE_ZW, SIM_HOSTILE_ZW, 7, 1, 1000, 0, true},
    {"campaign", SIM_HOSTILE_C0, SIM_HOSTILE_C0, 6, 1, 900, 0, true},
    {"campaign", SIM_HOSTILE_UTF8, SIM_HOSTILE_UTF8, 5, 1, 800, 0, true},
    {"campaign", SIM_HOSTILE_LINES, SIM_HOSTILE_LINES, 4, 1, 700, 0, true},
    {"campaign", SIM_HOSTILE_LONG, SIM_HOSTILE_LONG, 3, 1, 600, 0, true},
};

/* --seed hostile: a signup whose every field is hostile text. */
static const struct sim_form_response hostile_responses[] = {
    {"newsletter-signup", "8166", "hostile@example.com", SIM_HOSTILE_TEXT,
     "2026-11-30T23:59:59.000Z", "/" SIM_HOSTILE_CSI, "203.0.113.66", SIM_HOSTILE_BIDI,
     SIM_HOSTILE_C1, SIM_HOSTILE_LINES},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const struct sim_ads_row *sim_stats_ads_hostile(const char *dimension, size_t *n)
{
    size_t first = COUNT(hostile_ads);
    *n = 0;
    for (size_t i = 0; i < COUNT(hostile_ads); i++)
        if (strcmp(hostile_ads[i].dimension, dimension) == 0 && (*n)++ == 0)
            first = i;
    return *n ? &hostile_ads[first] : NULL;
}

const struct sim_form_response *sim_stats_responses_hostile(size_t *n)
{
    *n = COUNT(hostile_responses);
    return hostile_responses;
}

const struct sim_segment *sim_stats_segment(const char *id)
{
    for (size_t i = 0; id && i < COUNT(segments); i++)
        if (strcmp(segments[i].id, id) == 0)
            return &segments[i];
    return NULL;
}

const struct sim_report *sim_stats_report(const char *id, bool hostile)
{
    for (size_t i = 0; id && i < COUNT(reports); i++)
        if (strcmp(reports[i].id, id) == 0 && (!reports[i].hostile || hostile))
            return &reports[i];
    return NULL;
}

const struct sim_ads_row *sim_stats_ads(const char *dimension, size_t *n)
{
    const struct sim_ads_row *first = NULL;
    *n = 0;
    for (size_t i = 0; i < COUNT(ads); i++) {
        if (strcmp(ads[i].dimension, dimension) != 0)
            continue;
        if (!first)
            first = &ads[i];
        (*n)++;
    }
    return first; /* a dimension's rows are contiguous */
}

const struct sim_form_response *sim_stats_responses(size_t *n)
{
    *n = COUNT(responses);
    return responses;
}

long sim_stats_point(const struct sim_report *rep, int g, int i)
{
    long n = rep->points > 1 ? rep->points : 1;
    long base = rep->base / (g + 1) / (g + 1) + 1;
    long growth = base * i / (2 * n);
    long phase = (i * 4 + g * 3) % 12; /* a season of twelve steps */
    long season = base / 5 * (phase < 6 ? phase : 12 - phase) / 6;
    unsigned h = (unsigned)(i * 2654435761u) ^ (unsigned)(g * 40503u + 17u);
    long noise = (long)(h % (unsigned)(base / 10 + 1));
    return base + growth + season + noise;
}
