/* The demo account and generated large accounts. Everything here is
 * deterministic (fixed dates, fixed pseudo-random sequence) so screen
 * tests see the same data on every run. */
#include <stdio.h>
#include <string.h>

#include "sim_internal.h"

/* 2025-01-06T09:00:00.000Z */
#define SEED_EPOCH_MS 1736154000000LL
#define HOUR_MS 3600000LL
#define DAY_MS (24 * HOUR_MS)

static const struct sim_author demo_authors[] = {
    {1, "Jesse Hanley", "jesse@example.com"},
    {2, "Support Team", "support@example.com"},
};

static const char *const demo_tags[] = {
    "customer",
    "lead",
    "vip",
    "newsletter",
    "webinar-2026",
    "churn-risk",
    "trial",
    "onboarding",
    "beta-tester",
    "mql",
    "sql",
    "partner",
    "affiliate",
    "black-friday-2025",
    "cyber-monday-2025",
    "product-updates",
    "weekly-digest",
    "enterprise",
    "smb",
    "agency",
    "freelancer",
    "annual-plan",
    "monthly-plan",
    "cancelled",
    "refund-requested",
    "nps-promoter",
    "nps-detractor",
    "podcast-listener",
    "ebook-download",
    "course-student",
    "event-attendee",
    "referral",
    "high-intent",
    "cold",
    "re-engaged",
    "support-ticket",
    "feature-request",
    "early-access",
    "legacy-import",
    "spring-promo-2025",
};
/* legacy-import and spring-promo-2025 are discarded in the demo account. */
#define DEMO_DISCARDED 2

static const char *const demo_fields[] = {
    "first_name", "last_name", "company",       "plan",           "city",
    "country",    "job_title", "signup_source", "lifetime_value", "lastLoginDate",
};

static const char *const first_names[] = {
    "Alice",   "Bruno", "Chloe", "Dmitri",  "Elena",  "Farah", "Gustav", "Hana",
    "Ivan",    "Julia", "Kenji", "Lena",    "Mateo",  "Nadia", "Oscar",  "Priya",
    "Quentin", "Rosa",  "Samir", "Tara",    "Umar",   "Vera",  "Wesley", "Xenia",
    "Yusuf",   "Zoe",   "Amara", "Bastian", "Carmen", "Diego", "Esther", "Felix",
    "Greta",   "Hugo",  "Ines",  "Jonas",   "Kira",   "Luca",  "Mina",   "Nico",
};
static const char *const last_names[] = {
    "Anderson", "Becker",     "Costa",    "Dubois", "Eriksen",  "Fischer",  "Garcia", "Hoffmann",
    "Ito",      "Jensen",     "Kowalski", "Lopez",  "Muller",   "Nakamura", "Olsen",  "Petrov",
    "Quinn",    "Rossi",      "Schmidt",  "Tanaka", "Ueda",     "Varga",    "Weber",  "Xu",
    "Yilmaz",   "Zimmermann", "Almeida",  "Brandt", "Castillo", "Novak",
};
static const char *const domains[] = {
    "example.com", "example.org", "example.net", "acme.test", "globex.test", "initech.test",
};
static const char *const companies[] = {
    "Acme Corp",         "Globex",     "Initech",
    "Umbrella Labs",     "Hooli",      "Stark Industries",
    "Wayne Enterprises", "Soylent Co", "Vandelay Imports",
    "Pied Piper",
};
static const char *const plans[] = {"free", "starter", "pro", "business"};
static const char *const cities[] = {
    "Berlin", "Lisbon", "Toronto", "Melbourne", "Austin", "Osaka", "Nairobi", "Oslo",
};
static const char *const countries[] = {"DE", "PT", "CA", "AU", "US", "JP", "KE", "NO"};
static const char *const titles[] = {
    "Founder", "Marketing Lead", "Developer", "Designer", "Product Manager", "Growth Manager",
};
static const char *const sources[] = {"website", "webinar", "referral", "import", "podcast"};

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct rng {
    uint64_t s;
};

static unsigned pick(struct rng *r, unsigned n)
{
    r->s = r->s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((r->s >> 33) % n);
}

void seed_authors(struct sim_store *st)
{
    st->authors = demo_authors;
    st->nauthors = N(demo_authors);
}

static void seed_demo_tags(struct sim_store *st)
{
    for (size_t i = 0; i < N(demo_tags); i++) {
        struct sim_tag *t = store_tag_add(
            st, demo_tags[i], SEED_EPOCH_MS + (int64_t)i * 3 * DAY_MS + (int64_t)i * 7919);
        if (i >= N(demo_tags) - DEMO_DISCARDED)
            t->discarded_ms = t->created_ms + 30 * DAY_MS;
    }
    for (size_t i = 0; i < N(demo_fields); i++)
        store_field_add(st, demo_fields[i], SEED_EPOCH_MS + (int64_t)i * DAY_MS + 1234);
}

static void set_str(struct sim_store *st, struct sim_sub *s, const char *key, const char *val)
{
    cJSON *v = cJSON_CreateString(val);
    store_sub_set_field(st, s, key, v);
    cJSON_Delete(v);
}

static void seed_person(struct sim_store *st, struct rng *r, int i)
{
    const char *first = first_names[pick(r, N(first_names))];
    const char *last = last_names[pick(r, N(last_names))];
    char email[128];
    snprintf(email, sizeof email, "%s.%s@%s", first, last, domains[pick(r, N(domains))]);
    for (char *p = email; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    if (store_sub_find(st, email)) {
        char *at = strchr(email, '@');
        char tail[96];
        snprintf(tail, sizeof tail, "%s", at);
        snprintf(at, sizeof email - (size_t)(at - email), "%d%s", i, tail);
    }
    int64_t created = SEED_EPOCH_MS + (int64_t)i * 26 * HOUR_MS + pick(r, 3600) * 1000LL;
    struct sim_sub *s = store_sub_add(st, email, created);
    set_str(st, s, "first_name", first);
    set_str(st, s, "last_name", last);
    set_str(st, s, "plan", plans[pick(r, N(plans))]);
    if (pick(r, 3))
        set_str(st, s, "company", companies[pick(r, N(companies))]);
    unsigned c = pick(r, N(cities));
    set_str(st, s, "city", cities[c]);
    set_str(st, s, "country", countries[c]);
    if (pick(r, 2))
        set_str(st, s, "job_title", titles[pick(r, N(titles))]);
    set_str(st, s, "signup_source", sources[pick(r, N(sources))]);
    unsigned ntags = pick(r, 5);
    for (unsigned k = 0; k < ntags; k++)
        sub_add_tag(s, st->tags[pick(r, (unsigned)(N(demo_tags) - DEMO_DISCARDED))].id);
    if (pick(r, 12) == 0)
        s->unsubscribed_ms = created + (int64_t)(1 + pick(r, 90)) * DAY_MS;
    s->updated_ms = created + (int64_t)pick(r, 60) * DAY_MS;
}

/* People with names, after the generated ones (so the generated keep their
 * uuids): the addresses the README, help and man page use, and the ones the
 * console's demo opens on. Ada's fields and tags are the ones the tests give
 * her when they add her to a plain sim. */
struct demo_person {
    const char *email, *first_name, *plan, *tags; /* tags: comma-separated */
    bool shown;                                   /* the console's demo opens on them */
};

static const struct demo_person demo_people[] = {
    {"ada@example.com", "Ada", "pro", "customer,vip", true},
    {"grace@example.com", "Grace", "business", "customer,newsletter", true},
    {"katherine@example.net", "Katherine", "starter", "lead,webinar-2026", true},
    {"linus@example.org", "Linus", "free", "trial,onboarding", true},
    {"margaret@acme.test", "Margaret", "business", "enterprise,customer", true},
    {"me@example.com", "Sam", "pro", "customer", false},
};

static void seed_named(struct sim_store *st, const struct demo_person *d, int64_t created)
{
    struct sim_sub *s = store_sub_add(st, d->email, created);
    set_str(st, s, "first_name", d->first_name);
    set_str(st, s, "plan", d->plan);
    char tags[128];
    snprintf(tags, sizeof tags, "%s", d->tags);
    for (char *save = NULL, *t = strtok_r(tags, ",", &save); t; t = strtok_r(NULL, ",", &save))
        store_sub_tag_by_name(st, s, t);
    s->updated_ms = created;
}

const char *bento_sim_demo_person(size_t i)
{
    size_t shown = 0;
    for (size_t k = 0; k < N(demo_people); k++)
        if (demo_people[k].shown && shown++ == i)
            return demo_people[k].email;
    return NULL;
}

void seed_demo(struct sim_store *st)
{
    struct rng r = {20260101};
    seed_demo_tags(st);
    for (int i = 0; i < 300; i++)
        seed_person(st, &r, i);
    for (size_t i = 0; i < N(demo_people); i++)
        seed_named(st, &demo_people[i], SEED_EPOCH_MS + 330 * DAY_MS + (int64_t)i * HOUR_MS);
    seed_content_demo(st);
}

/* Jesse, an author per catalogue entry, one whose address is hostile too. */
static const struct sim_author hostile_authors[] = {
    {1, "Jesse Hanley", "jesse@example.com"},
    {2, SIM_HOSTILE_TEXT, "support@example.com"},
    {3, SIM_HOSTILE_OSC, "osc@example.com"},
    {4, SIM_HOSTILE_CSI, "csi@example.com"},
    {5, SIM_HOSTILE_DCS, "dcs@example.com"},
    {6, SIM_HOSTILE_C1, "c1@example.com"},
    {7, SIM_HOSTILE_BIDI, "bidi@example.com"},
    {8, SIM_HOSTILE_ZW, "zw@example.com"},
    {9, SIM_HOSTILE_C0, "c0@example.com"},
    {10, SIM_HOSTILE_UTF8, "utf8@example.com"},
    {11, SIM_HOSTILE_LINES, "lines@example.com"},
    {12, SIM_HOSTILE_LONG, "long@example.com"},
    {13, "Hostile Address", "evil\x1b[2J\xc2\x9b@example.com"},
};

void seed_hostile(struct sim_store *st)
{
    seed_demo(st);
    st->authors = hostile_authors;
    st->nauthors = N(hostile_authors);
    int64_t at = SEED_EPOCH_MS + 200 * DAY_MS;
    struct sim_sub *s = store_sub_add(st, "hostile@example.com", at);
    for (size_t i = 0; i < SIM_HOSTILE_COUNT; i++) {
        const char *text = sim_hostile_texts[i];
        char key[32];
        store_tag_add(st, text, at + (int64_t)i);
        store_field_add(st, text, at + (int64_t)i);
        set_str(st, s, text, text);
        snprintf(key, sizeof key, "hostile_%02zu", i);
        store_field_add(st, key, at + (int64_t)i); /* a seed time, not the clock's */
        set_str(st, s, key, text);
        store_sub_tag_by_name(st, s, text);
    }
    set_str(st, s, "first_name", SIM_HOSTILE_TEXT);
    set_str(st, s, "last_name", SIM_HOSTILE_BIDI);
    s->updated_ms = s->created_ms;
    seed_content_hostile(st);
}

void seed_generate(struct sim_store *st, long tags, long subscribers)
{
    char buf[64];
    int64_t base = SEED_EPOCH_MS + 400 * DAY_MS;
    for (long i = 0; i < tags; i++) {
        snprintf(buf, sizeof buf, "tag-%06ld", i + 1);
        store_tag_add(st, buf, base + i * 1000);
    }
    for (long i = 0; i < subscribers; i++) {
        snprintf(buf, sizeof buf, "subscriber%06ld@example.test", i + 1);
        store_sub_add(st, buf, base + i * 1000);
    }
}
