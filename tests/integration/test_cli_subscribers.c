/* The subscriber, event and field commands against a real bento-sim:
 * what the simulator received and now holds, --json envelopes, bad
 * addresses that cost no request, and batches that survive a 429 or a
 * 5xx in the middle with nothing lost. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "bento/sim.h"
#include "runproc.h"
#include "simhttp.h"
#include "simproc.h"

struct fixture {
    struct simproc sim;
    char home[256];
};

static int start(void **state, const char *const *sim_args)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f || simproc_start(&f->sim, sim_args) < 0) {
        free(f);
        return -1;
    }
    snprintf(f->home, sizeof f->home, "%s/home", f->sim.dir);
    *state = f;
    return 0;
}

/* An empty account without rate limits, so the checks of its state
 * afterwards do not run into the fetch budget. */
static int setup(void **state)
{
    const char *const args[] = {"--seed", "empty", "--rate-limit", "off", NULL};
    return start(state, args);
}

/* A validation answer without a verdict (a 200 whose body lacks "valid"). */
static int setup_no_verdict(void **state)
{
    const char *const args[] = {"--seed", "empty", "--fault",
                                "POST /experimental/validation:status=200", NULL};
    return start(state, args);
}

static int setup_429(void **state)
{
    const char *const args[] = {
        "--seed", "empty",   "--rate-limit",
        "off",    "--fault", "POST /fetch/commands:status=429:retry_after=1:after=1:times=1",
        NULL};
    return start(state, args);
}

static int setup_503(void **state)
{
    const char *const args[] = {
        "--seed", "empty",   "--rate-limit",
        "off",    "--fault", "POST /fetch/commands:status=503:after=1:times=1",
        NULL};
    return start(state, args);
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    simproc_stop(&f->sim);
    free(f);
    return 0;
}

/* Run bento-console with the given words (NULL-terminated). */
static void run(struct fixture *f, struct runproc *r, ...)
{
    const char *words[40];
    int n = 0;
    va_list ap;
    va_start(ap, r);
    for (const char *w; n < 39 && (w = va_arg(ap, const char *));)
        words[n++] = w;
    va_end(ap);
    words[n] = NULL;
    assert_int_equal(runproc_console(f->sim.base_url, f->home, NULL, words, r), 0);
    assert_null(strstr(r->out, BENTO_TEST_SECRET));
    assert_null(strstr(r->err, BENTO_TEST_SECRET));
}

static cJSON *envelope(const char *text, bool success)
{
    cJSON *j = cJSON_Parse(text);
    if (!j)
        fail_msg("not one JSON document: %s", text);
    assert_int_equal(cJSON_IsTrue(cJSON_GetObjectItem(j, "success")), success);
    return j;
}

static const char *str_at(const cJSON *o, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(o, key));
}

static int int_at(const cJSON *o, const char *key)
{
    const cJSON *n = cJSON_GetObjectItem(o, key);
    if (!cJSON_IsNumber(n))
        fail_msg("\"%s\" is not a number", key);
    return n->valueint;
}

static int lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* ---- the simulator's state ------------------------------------------ */

static cJSON *sim_get(struct fixture *f, const char *path)
{
    long status = 0;
    cJSON *j = simhttp_call(f->sim.base_url, "GET", path, NULL, &status);
    assert_int_equal(status, 200);
    assert_non_null(j);
    return j;
}

/* The person's attributes as the sim holds them, or NULL (owner freed by caller). */
static const cJSON *person(struct fixture *f, const char *email, cJSON **owner)
{
    char path[300];
    snprintf(path, sizeof path, "/fetch/subscribers?email=%s", email);
    *owner = sim_get(f, path);
    return cJSON_GetObjectItem(cJSON_GetObjectItem(*owner, "data"), "attributes");
}

/* The tag's id, or "" when the account has no such tag. */
static void tag_id(struct fixture *f, const char *name, char *out, size_t size)
{
    cJSON *list = sim_get(f, "/fetch/tags");
    const cJSON *t;
    out[0] = '\0';
    cJSON_ArrayForEach(t, cJSON_GetObjectItem(list, "data"))
        if (!strcmp(str_at(cJSON_GetObjectItem(t, "attributes"), "name"), name))
            snprintf(out, size, "%s", str_at(t, "id"));
    cJSON_Delete(list);
}

static bool has_tag_id(const cJSON *attrs, const char *id)
{
    const cJSON *x;
    cJSON_ArrayForEach(x, cJSON_GetObjectItem(attrs, "cached_tag_ids"))
        if (*id && !strcmp(cJSON_GetStringValue(x), id))
            return true;
    return false;
}

static bool person_has_tag(struct fixture *f, const char *email, const char *tag)
{
    char id[32];
    cJSON *owner;
    tag_id(f, tag, id, sizeof id);
    bool yes = has_tag_id(person(f, email, &owner), id);
    cJSON_Delete(owner);
    return yes;
}

static const char *field_of(const cJSON *attrs, const char *key)
{
    return str_at(cJSON_GetObjectItem(attrs, "fields"), key);
}

static void sim_post(struct fixture *f, const char *path, const char *body)
{
    long status = 0;
    cJSON_Delete(simhttp_call(f->sim.base_url, "POST", path, body, &status));
    assert_true(status == 200 || status == 201);
}

static int requests(struct fixture *f)
{
    return simproc_journal_count(&f->sim, NULL, "*");
}

/* The last journal entry for path (caller frees *all). */
static const cJSON *last_call(struct fixture *f, const char *path, cJSON **all)
{
    *all = simproc_journal(&f->sim);
    const cJSON *e, *hit = NULL;
    cJSON_ArrayForEach(e, *all)
        if (!strcmp(str_at(e, "path"), path))
            hit = e;
    assert_non_null(hit);
    return hit;
}

/* ---- subscribers get ------------------------------------------------ */

static void seed_ada(struct fixture *f)
{
    sim_post(f, "/batch/subscribers",
             "{\"subscribers\":[{\"email\":\"ada@example.com\",\"tags\":\"vip,lead\","
             "\"plan\":\"pro\"}]}");
}

static void test_get_human(void **state)
{
    struct fixture *f = *state;
    seed_ada(f);
    int before = requests(f);
    struct runproc r;
    run(f, &r, "subscribers", "get", " Ada@Example.COM ", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Email          ada@example.com\n"));
    assert_non_null(strstr(r.out, "Status         subscribed\n"));
    assert_non_null(strstr(r.out, "Tag            vip\n"));
    assert_non_null(strstr(r.out, "Tag            lead\n"));
    assert_non_null(strstr(r.out, "plan"));
    assert_non_null(strstr(r.out, "Dashboard      https://app.bentonow.com/visitors/"));
    runproc_free(&r);
    /* The address went out normalised; tag ids were resolved with one list. */
    cJSON *all;
    const cJSON *e = last_call(f, "/fetch/subscribers", &all);
    assert_non_null(strstr(str_at(e, "query"), "email=ada%40example.com"));
    cJSON_Delete(all);
    assert_int_equal(requests(f) - before, 2);
    assert_int_equal(simproc_journal_count(&f->sim, "GET", "/fetch/tags"), 1);
}

static void test_get_json_and_by_uuid(void **state)
{
    struct fixture *f = *state;
    seed_ada(f);
    struct runproc r;
    run(f, &r, "subscribers", "get", "ada@example.com", "--json", NULL);
    assert_int_equal(r.status, 0);
    cJSON *j = envelope(r.out, true);
    const cJSON *d = cJSON_GetObjectItem(j, "data");
    assert_string_equal(str_at(d, "email"), "ada@example.com");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(d, "subscribed")));
    assert_string_equal(field_of(d, "plan"), "pro");
    char *tags = cJSON_PrintUnformatted(cJSON_GetObjectItem(d, "tags"));
    assert_string_equal(tags, "[\"vip\",\"lead\"]");
    free(tags);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(d, "tag_ids")), 2);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(d, "unresolved_tag_ids")), 0);
    assert_non_null(strstr(str_at(d, "navigation_url"), "https://app.bentonow.com/"));
    char uuid[64];
    snprintf(uuid, sizeof uuid, "%s", str_at(d, "uuid"));
    cJSON_Delete(j);
    runproc_free(&r);

    run(f, &r, "subscribers", "get", uuid, "--json", NULL);
    assert_int_equal(r.status, 0);
    j = envelope(r.out, true);
    assert_string_equal(str_at(cJSON_GetObjectItem(j, "data"), "email"), "ada@example.com");
    cJSON_Delete(j);
    runproc_free(&r);
    cJSON *all;
    const cJSON *e = last_call(f, "/fetch/subscribers", &all);
    assert_non_null(strstr(str_at(e, "query"), "uuid="));
    cJSON_Delete(all);
}

static void test_get_not_found(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, "subscribers", "get", "nobody@example.com", NULL);
    assert_int_equal(r.status, 4);
    assert_string_equal(r.err, "error: No subscriber nobody@example.com in this account\n");
    assert_string_equal(r.out, "");
    runproc_free(&r);
    run(f, &r, "subscribers", "get", "nobody@example.com", "--json", NULL);
    assert_int_equal(r.status, 4);
    cJSON *j = envelope(r.err, false);
    assert_string_equal(str_at(cJSON_GetObjectItem(j, "meta"), "code"), "not_found");
    cJSON_Delete(j);
    assert_string_equal(r.out, "");
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&f->sim, "GET", "/fetch/subscribers"), 2);
    assert_int_equal(simproc_journal_count(&f->sim, "GET", "/fetch/tags"), 0);
}

/* ---- bad addresses: exit 6, one line, nothing sent ------------------- */

static void check_bad(struct fixture *f, const char *const *words)
{
    const char *argv[16];
    int n = 0;
    for (; words[n]; n++)
        argv[n] = words[n];
    argv[n] = NULL;
    struct runproc r;
    assert_int_equal(runproc_console(f->sim.base_url, f->home, NULL, argv, &r), 0);
    if (r.status != 6 || lines(r.err) != 1 || strncmp(r.err, "error: ", 7) || *r.out)
        fail_msg("%s %s: exit %d, stdout \"%s\", stderr \"%s\"", words[0], words[1], r.status,
                 r.out, r.err);
    assert_non_null(strstr(r.err, "not a plausible address"));
    runproc_free(&r);
    /* The same with --json: one envelope on stderr, code "validation". */
    argv[n] = "--json";
    argv[n + 1] = NULL;
    assert_int_equal(runproc_console(f->sim.base_url, f->home, NULL, argv, &r), 0);
    assert_int_equal(r.status, 6);
    assert_string_equal(r.out, "");
    assert_int_equal(lines(r.err), 1);
    cJSON *j = envelope(r.err, false);
    assert_string_equal(str_at(cJSON_GetObjectItem(j, "meta"), "code"), "validation");
    cJSON_Delete(j);
    runproc_free(&r);
}

static void test_bad_emails_send_nothing(void **state)
{
    struct fixture *f = *state;
    static const char *const cases[][10] = {
        {"subscribers", "get", "ada@@example.com", NULL},
        {"subscribers", "create", "ada@example", NULL},
        {"subscribers", "tag", "vip", "-e", "ada.example.com", NULL},
        {"subscribers", "tag", "vip", "-e", "a@b.c", "--via-event", NULL},
        {"subscribers", "untag", "vip", "-e", "ada@", NULL},
        {"subscribers", "subscribe", "-e", "@example.com", "--yes", NULL},
        {"subscribers", "unsubscribe", "-e", "ada @example.com", "--yes", NULL},
        {"subscribers", "set-field", "plan", "pro", "-e", "ada@exa_mple.com", NULL},
        {"subscribers", "unset-field", "plan", "-e", "ada@example..com", NULL},
        {"subscribers", "change-email", "ada@example.com", "ada@localhost", "--yes", NULL},
        {"subscribers", "change-email", "ada", "ada@example.com", "--yes", NULL},
        {"events", "track", "--type", "signup", "--email", "ada@example.c0m", NULL},
        {"subscribers", "validate", "ada@example.com.", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_bad(f, cases[i]);
    assert_int_equal(requests(f), 0);
}

/* Several bad rows and no good one: each is listed, then one error. */
static void test_file_of_bad_addresses(void **state)
{
    struct fixture *f = *state;
    char path[300];
    snprintf(path, sizeof path, "%s/bad.csv", f->sim.dir);
    FILE *out = fopen(path, "w");
    assert_non_null(out);
    fputs("email,name\nnope,A\nstill nope,B\n", out);
    fclose(out);
    struct runproc r;
    run(f, &r, "subscribers", "tag", "vip", "-f", path, NULL);
    assert_int_equal(r.status, 6);
    assert_non_null(strstr(r.err, "skipped row 2: missing @ (nope)\n"));
    assert_non_null(strstr(r.err, "skipped row 3: "));
    assert_non_null(strstr(r.err, "error: None of the 2 addresses is plausible"));
    runproc_free(&r);
    run(f, &r, "subscribers", "tag", "vip", "-f", path, "--json", NULL);
    assert_int_equal(r.status, 6);
    cJSON_Delete(envelope(r.err, false));
    runproc_free(&r);
    assert_int_equal(requests(f), 0);
}

/* ---- create, tag, untag, fields, subscription, change-email --------- */

static void test_create(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, "subscribers", "create", "New@Example.com", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Created subscriber new@example.com (uuid "));
    runproc_free(&r);
    cJSON *owner;
    assert_non_null(person(f, "new%40example.com", &owner));
    cJSON_Delete(owner);

    run(f, &r, "subscribers", "create", "second@example.com", "--json", NULL);
    assert_int_equal(r.status, 0);
    cJSON *j = envelope(r.out, true);
    const cJSON *d = cJSON_GetObjectItem(j, "data");
    assert_string_equal(str_at(d, "email"), "second@example.com");
    assert_non_null(str_at(d, "uuid"));
    assert_non_null(str_at(d, "id"));
    cJSON_Delete(j);
    runproc_free(&r);
    assert_int_equal(simproc_journal_count(&f->sim, "POST", "/fetch/subscribers"), 2);
}

static void check_queued(const struct runproc *r, const char *action, int people)
{
    assert_int_equal(r->status, 0);
    cJSON *j = envelope(r->out, true);
    const cJSON *d = cJSON_GetObjectItem(j, "data");
    assert_string_equal(str_at(d, "action"), action);
    assert_int_equal(int_at(d, "people"), people);
    assert_int_equal(int_at(d, "queued"), people);
    assert_int_equal(int_at(d, "failed"), 0);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(d, "skipped")), 0);
    assert_int_equal(int_at(cJSON_GetObjectItem(j, "meta"), "calls"), 1);
    cJSON_Delete(j);
}

static void test_tag_and_untag(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, "subscribers", "tag", "vip", "-e", "a@example.com", "-e", "B@example.com", "-e",
        "a@example.com", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Queued 2 changes (add tag vip) for 2 people in 1 call."));
    runproc_free(&r);
    assert_true(person_has_tag(f, "a%40example.com", "vip"));
    assert_true(person_has_tag(f, "b%40example.com", "vip"));

    run(f, &r, "subscribers", "untag", "vip", "-e", "a@example.com", "--json", NULL);
    check_queued(&r, "remove tag vip", 1);
    runproc_free(&r);
    assert_false(person_has_tag(f, "a%40example.com", "vip"));
    assert_true(person_has_tag(f, "b%40example.com", "vip"));

    run(f, &r, "subscribers", "tag", "webinar", "-e", "a@example.com", "--via-event", "--json",
        NULL);
    check_queued(&r, "add tag webinar via an event (runs automations)", 1);
    runproc_free(&r);
    assert_true(person_has_tag(f, "a%40example.com", "webinar"));
    assert_int_equal(simproc_journal_count(&f->sim, "POST", "/fetch/commands"), 3);
}

static void test_via_event_dry_run(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, "subscribers", "tag", "vip", "-e", "a@example.com", "--via-event", "--dry-run",
        "--json", NULL);
    assert_int_equal(r.status, 0);
    cJSON *j = envelope(r.out, true);
    const cJSON *d = cJSON_GetObjectItem(j, "data");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(d, "dryRun")));
    assert_int_equal(int_at(d, "wouldAffect"), 1);
    const cJSON *cmd = cJSON_GetArrayItem(cJSON_GetObjectItem(d, "preview"), 0);
    assert_string_equal(str_at(cmd, "command"), "add_tag_via_event");
    assert_string_equal(str_at(cmd, "email"), "a@example.com");
    assert_string_equal(str_at(cmd, "query"), "vip");
    cJSON_Delete(j);
    runproc_free(&r);
    run(f, &r, "subscribers", "untag", "vip", "-e", "a@example.com", "--via-event", NULL);
    assert_int_equal(r.status, 2);
    runproc_free(&r);
    assert_int_equal(requests(f), 0);
}

static void test_set_and_unset_field(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, "subscribers", "set-field", "plan", "pro plus", "-e", "c@example.com", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "(set field plan) for 1 person"));
    runproc_free(&r);
    cJSON *owner;
    assert_string_equal(field_of(person(f, "c%40example.com", &owner), "plan"), "pro plus");
    cJSON_Delete(owner);

    run(f, &r, "subscribers", "unset-field", "plan", "-e", "c@example.com", "--json", NULL);
    check_queued(&r, "remove field plan", 1);
    runproc_free(&r);
    assert_null(field_of(person(f, "c%40example.com", &owner), "plan"));
    cJSON_Delete(owner);
}

static void test_unsubscribe_and_subscribe(void **state)
{
    struct fixture *f = *state;
    sim_post(f, "/fetch/subscribers", "{\"subscriber\":{\"email\":\"d@example.com\"}}");
    int before = requests(f);
    struct runproc r;
    /* Changing what someone receives always asks, even for one person. */
    run(f, &r, "subscribers", "unsubscribe", "-e", "d@example.com", NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--yes"));
    runproc_free(&r);
    assert_int_equal(requests(f), before);

    run(f, &r, "subscribers", "unsubscribe", "-e", "d@example.com", "--yes", "--json", NULL);
    check_queued(&r, "unsubscribe", 1);
    runproc_free(&r);
    cJSON *owner;
    assert_non_null(str_at(person(f, "d%40example.com", &owner), "unsubscribed_at"));
    cJSON_Delete(owner);

    run(f, &r, "subscribers", "subscribe", "-e", "d@example.com", "--yes", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "(subscribe) for 1 person"));
    runproc_free(&r);
    assert_true(
        cJSON_IsNull(cJSON_GetObjectItem(person(f, "d%40example.com", &owner), "unsubscribed_at")));
    cJSON_Delete(owner);
}

static void test_change_email(void **state)
{
    struct fixture *f = *state;
    sim_post(f, "/fetch/subscribers", "{\"subscriber\":{\"email\":\"old@example.com\"}}");
    int before = requests(f);
    struct runproc r;
    run(f, &r, "subscribers", "change-email", "old@example.com", "new@example.com", NULL);
    assert_int_equal(r.status, 2);
    runproc_free(&r);
    assert_int_equal(requests(f), before);

    run(f, &r, "subscribers", "change-email", "OLD@example.com", "new@example.com", "--yes",
        "--json", NULL);
    assert_int_equal(r.status, 0);
    cJSON *j = envelope(r.out, true);
    const cJSON *d = cJSON_GetObjectItem(j, "data");
    assert_string_equal(str_at(d, "from"), "old@example.com");
    assert_string_equal(str_at(d, "to"), "new@example.com");
    assert_int_equal(int_at(d, "queued"), 1);
    cJSON_Delete(j);
    runproc_free(&r);
    cJSON *owner;
    assert_null(person(f, "old%40example.com", &owner));
    cJSON_Delete(owner);
    assert_non_null(person(f, "new%40example.com", &owner));
    cJSON_Delete(owner);
}

/* ---- events and fields ---------------------------------------------- */

static void test_event_creates_person(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, "events", "track", "--type", "$purchase", "--email", "Buyer@Example.com", "--field",
        "plan=pro", "--details", "{\"unique\":{\"key\":\"o1\"},\"value\":{\"amount\":999}}",
        "--json", NULL);
    assert_int_equal(r.status, 0);
    cJSON *j = envelope(r.out, true);
    const cJSON *d = cJSON_GetObjectItem(j, "data");
    assert_string_equal(str_at(d, "type"), "$purchase");
    assert_string_equal(str_at(d, "email"), "buyer@example.com");
    assert_int_equal(int_at(d, "accepted"), 1);
    assert_int_equal(int_at(d, "failed"), 0);
    cJSON_Delete(j);
    runproc_free(&r);
    cJSON *all;
    const cJSON *e = last_call(f, "/batch/events", &all);
    assert_int_equal(int_at(e, "records"), 1);
    assert_string_equal(
        cJSON_GetStringValue(cJSON_GetArrayItem(cJSON_GetObjectItem(e, "emails"), 0)),
        "buyer@example.com");
    cJSON_Delete(all);
    /* Bento creates people it does not know from their events. */
    cJSON *owner;
    assert_string_equal(field_of(person(f, "buyer%40example.com", &owner), "plan"), "pro");
    cJSON_Delete(owner);

    run(f, &r, "events", "track", "--type", "signup", "--email", "buyer@example.com", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Tracked signup for buyer@example.com"));
    runproc_free(&r);
}

static void test_fields_list_and_create(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, "fields", "create", "loyalty_points", NULL);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "Created field loyalty_points (Loyalty Points)\n");
    runproc_free(&r);
    cJSON *list = sim_get(f, "/fetch/fields");
    char *text = cJSON_PrintUnformatted(list);
    assert_non_null(strstr(text, "\"key\":\"loyalty_points\""));
    free(text);
    cJSON_Delete(list);

    run(f, &r, "fields", "list", "--json", NULL);
    assert_int_equal(r.status, 0);
    cJSON *j = envelope(r.out, true);
    const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "data"), 0);
    assert_string_equal(str_at(first, "key"), "loyalty_points");
    assert_string_equal(str_at(first, "name"), "Loyalty Points");
    assert_non_null(str_at(first, "id"));
    assert_int_equal(int_at(cJSON_GetObjectItem(j, "meta"), "count"), 1);
    cJSON_Delete(j);
    runproc_free(&r);

    run(f, &r, "fields", "list", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "loyalty_points"));
    assert_non_null(strstr(r.out, "1 field\n"));
    runproc_free(&r);
}

/* ---- subscribers validate ------------------------------------------- */

static void test_validate(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, "subscribers", "validate", " Ada@Example.com", NULL);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "ada@example.com: valid (Bento's check agrees)\n");
    runproc_free(&r);
    cJSON *all;
    const cJSON *e = last_call(f, "/experimental/validation", &all);
    assert_string_equal(str_at(e, "method"), "POST");
    assert_non_null(strstr(str_at(e, "query"), "email=ada%40example.com"));
    assert_int_equal(int_at(e, "status"), 200);
    cJSON_Delete(all);

    run(f, &r, "subscribers", "validate", "ada@example.com", "--json", NULL);
    assert_int_equal(r.status, 0);
    cJSON *j = envelope(r.out, true);
    const cJSON *d = cJSON_GetObjectItem(j, "data");
    assert_string_equal(str_at(d, "email"), "ada@example.com");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(d, "valid")));
    assert_true(cJSON_IsArray(cJSON_GetObjectItem(d, "reasons")));
    cJSON_Delete(j);
    runproc_free(&r);

    /* Plausible here, turned down by Bento: exit 6, the answer on stdout. */
    run(f, &r, "subscribers", "validate", "ada@mail.invalid", NULL);
    assert_int_equal(r.status, 6);
    assert_string_equal(r.out, "ada@mail.invalid: not valid, says Bento's check\n");
    runproc_free(&r);
    run(f, &r, "subscribers", "validate", "ada@mail.invalid", "--json", NULL);
    assert_int_equal(r.status, 6);
    j = envelope(r.out, true);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "data"), "valid")));
    cJSON_Delete(j);
    runproc_free(&r);
    assert_int_equal(requests(f), 4);
}

static void test_validate_without_verdict(void **state)
{
    struct fixture *f = *state;
    struct runproc r;
    run(f, &r, "subscribers", "validate", "ada@example.com", NULL);
    assert_int_equal(r.status, 4);
    assert_string_equal(r.out, "");
    assert_non_null(strstr(r.err, "no verdict"));
    runproc_free(&r);
    run(f, &r, "subscribers", "validate", "ada@example.com", "--json", NULL);
    assert_int_equal(r.status, 4);
    cJSON *j = envelope(r.err, false);
    assert_string_equal(str_at(cJSON_GetObjectItem(j, "meta"), "code"), "bad_response");
    cJSON_Delete(j);
    runproc_free(&r);
}

/* ---- 250 people, three calls, a failure in the middle --------------- */

static void write_people(struct fixture *f, char *path, size_t size, int count)
{
    snprintf(path, size, "%s/people.txt", f->sim.dir);
    FILE *out = fopen(path, "w");
    assert_non_null(out);
    for (int i = 0; i < count; i++)
        fprintf(out, "Person%03d@Example.com\n", i);
    fclose(out);
}

/* The /fetch/commands entries of the journal, oldest first. */
static cJSON *command_calls(struct fixture *f)
{
    cJSON *all = simproc_journal(&f->sim);
    cJSON *calls = cJSON_CreateArray();
    const cJSON *e;
    cJSON_ArrayForEach(e, all)
        if (!strcmp(str_at(e, "path"), "/fetch/commands"))
            cJSON_AddItemToArray(calls, cJSON_Duplicate(e, 1));
    cJSON_Delete(all);
    return calls;
}

static bool same_emails(const cJSON *a, const cJSON *b)
{
    char *ta = cJSON_PrintUnformatted(cJSON_GetObjectItem(a, "emails"));
    char *tb = cJSON_PrintUnformatted(cJSON_GetObjectItem(b, "emails"));
    bool same = ta && tb && !strcmp(ta, tb);
    free(ta);
    free(tb);
    return same;
}

/* After the failed second call the client retried that same part, then
 * sent the third: 200, fail, 200, 200 with 100, 100, 100, 50 records. */
static void check_recovered(struct fixture *f, int fail_status)
{
    cJSON *calls = command_calls(f);
    assert_int_equal(cJSON_GetArraySize(calls), 4);
    static const int want_status[] = {200, 0, 200, 200};
    static const int want_records[] = {100, 100, 100, 50};
    int ok = 0;
    for (int i = 0; i < 4; i++) {
        const cJSON *e = cJSON_GetArrayItem(calls, i);
        int status = int_at(e, "status");
        assert_int_equal(status, want_status[i] ? want_status[i] : fail_status);
        assert_int_equal(int_at(e, "records"), want_records[i]);
        assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(e, "emails")), want_records[i]);
        ok += status == 200;
    }
    assert_int_equal(ok, 3);
    assert_non_null(str_at(cJSON_GetArrayItem(calls, 1), "fault"));
    assert_true(same_emails(cJSON_GetArrayItem(calls, 1), cJSON_GetArrayItem(calls, 2)));
    assert_false(same_emails(cJSON_GetArrayItem(calls, 0), cJSON_GetArrayItem(calls, 2)));
    cJSON_Delete(calls);
}

/* Every one of the count people holds the tag, and nobody else exists. */
static void check_everyone_tagged(struct fixture *f, int count, const char *tag)
{
    char id[32];
    tag_id(f, tag, id, sizeof id);
    assert_true(id[0] != '\0');
    for (int i = 0; i < count; i++) {
        char email[64];
        cJSON *owner;
        snprintf(email, sizeof email, "person%03d%%40example.com", i);
        const cJSON *a = person(f, email, &owner);
        if (!a || !has_tag_id(a, id))
            fail_msg("person%03d@example.com is missing the tag %s", i, tag);
        cJSON_Delete(owner);
    }
    cJSON *stats = sim_get(f, "/stats/site");
    assert_int_equal(int_at(stats, "user_count"), count);
    cJSON_Delete(stats);
}

static void tag_250_through_a_failure(void **state, int fail_status)
{
    struct fixture *f = *state;
    char path[300];
    write_people(f, path, sizeof path, 250);
    struct runproc r;
    run(f, &r, "subscribers", "tag", "vip", "-f", path, "--yes", "--json", NULL);
    assert_int_equal(r.status, 0);
    cJSON *j = envelope(r.out, true);
    const cJSON *data = cJSON_GetObjectItem(j, "data");
    assert_int_equal(int_at(data, "people"), 250);
    assert_int_equal(int_at(data, "queued"), 250);
    assert_int_equal(int_at(data, "failed"), 0);
    assert_int_equal(int_at(cJSON_GetObjectItem(j, "meta"), "calls"), 3);
    cJSON_Delete(j);
    runproc_free(&r);
    check_recovered(f, fail_status);
    check_everyone_tagged(f, 250, "vip");
}

static void test_tag_250_recovers_from_429(void **state)
{
    tag_250_through_a_failure(state, 429);
}

static void test_tag_250_recovers_from_503(void **state)
{
    tag_250_through_a_failure(state, 503);
}

/* A lookup lands in the console's cache; `subscribers cached --csv` gives
 * it back as a CSV that `subscribers import` takes. */
static void test_cached_export_round_trip(void **state)
{
    struct fixture *f = *state;
    seed_ada(f);
    struct runproc r;
    run(f, &r, "subscribers", "get", "ada@example.com", NULL);
    assert_int_equal(r.status, 0);
    runproc_free(&r);
    run(f, &r, "--json", "subscribers", "cached", NULL);
    assert_int_equal(r.status, 0);
    cJSON *env = envelope(r.out, true);
    const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(env, "data"), 0);
    assert_string_equal(str_at(first, "email"), "ada@example.com");
    assert_string_equal(str_at(first, "status"), "subscribed");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(first, "tags")), 2);
    cJSON_Delete(env);
    runproc_free(&r);
    run(f, &r, "subscribers", "cached", "--csv", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "email,tags,plan\r\n"));
    assert_non_null(strstr(r.out, "ada@example.com,\"vip,lead\",pro\r\n"));
    char path[400];
    snprintf(path, sizeof path, "%s/cached.csv", f->sim.dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(r.out, fp);
    fclose(fp);
    runproc_free(&r);
    /* and back in: the file is one `subscribers import` reads */
    run(f, &r, "--yes", "subscribers", "import", path, NULL);
    assert_int_equal(r.status, 0);
    runproc_free(&r);
    cJSON *owner;
    const cJSON *attrs = person(f, "ada@example.com", &owner);
    assert_string_equal(field_of(attrs, "plan"), "pro");
    cJSON_Delete(owner);
    assert_int_equal(simproc_journal_count(&f->sim, "POST", "/batch/subscribers"), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_get_human, setup, teardown),
        cmocka_unit_test_setup_teardown(test_get_json_and_by_uuid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_get_not_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_emails_send_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_of_bad_addresses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tag_and_untag, setup, teardown),
        cmocka_unit_test_setup_teardown(test_via_event_dry_run, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_and_unset_field, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unsubscribe_and_subscribe, setup, teardown),
        cmocka_unit_test_setup_teardown(test_change_email, setup, teardown),
        cmocka_unit_test_setup_teardown(test_event_creates_person, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fields_list_and_create, setup, teardown),
        cmocka_unit_test_setup_teardown(test_validate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_validate_without_verdict, setup_no_verdict, teardown),
        cmocka_unit_test_setup_teardown(test_tag_250_recovers_from_429, setup_429, teardown),
        cmocka_unit_test_setup_teardown(test_tag_250_recovers_from_503, setup_503, teardown),
        cmocka_unit_test_setup_teardown(test_cached_export_round_trip, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
