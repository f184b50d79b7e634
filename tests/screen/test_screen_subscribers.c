/* The Subscribers pane against bento-sim: lookup, detail, every change
 * with its confirmation, pending changes that settle after a refresh,
 * not-found and implausible addresses, the local cache across runs,
 * search with and without /fetch/search, validation and fields. */
#include "screen.h"

#include "simhttp.h"

static const char *const ADA =
    "{\"subscribers\":[{\"email\":\"ada@example.com\",\"first_name\":\"Ada\",\"plan\":\"pro\","
    "\"tags\":\"customer,vip\"}]}";

static int seed_ada(struct screen *s)
{
    long status = 0;
    cJSON *j = simhttp_call(s->sim.base_url, "POST", "/batch/subscribers", ADA, &status);
    cJSON_Delete(j);
    return status == 200 ? 0 : -1;
}

static int setup(void **state)
{
    if (screen_setup_with(state, NULL) < 0)
        return -1;
    return seed_ada(*state);
}

static int setup_search(void **state)
{
    const char *const args[] = {"--seed", "empty", "--subscribers", "130", "--search", NULL};
    return screen_setup_with(state, args);
}

/* The person as the simulator holds them now. */
static cJSON *sim_person(struct screen *s, const char *email)
{
    char path[200];
    long status = 0;
    snprintf(path, sizeof path, "/fetch/subscribers?email=%s", email);
    cJSON *j = simhttp_call(s->sim.base_url, "GET", path, NULL, &status);
    assert_int_equal(status, 200);
    return j;
}

static const cJSON *attr(const cJSON *person, const char *key)
{
    return cJSON_GetObjectItem(
        cJSON_GetObjectItem(cJSON_GetObjectItem(person, "data"), "attributes"), key);
}

static void test_lookup_and_detail(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 20, 100,
                                "2\n@dump subs_empty.txt\nl\n@dump subs_lookup_prompt.txt\n"
                                "ada@example.com<Enter>\n@dump subs_detail.txt\n<Esc>\n"
                                "@dump subs_list.txt\n"),
                     0);
    screen_expect_golden(s, "subs_empty");
    screen_expect_golden(s, "subs_lookup_prompt");
    screen_expect_golden(s, "subs_detail");
    screen_expect_golden(s, "subs_list");
    /* the next run lists the person from the cache, without a request */
    int before = simproc_journal_count(&s->sim, "GET", "/fetch/subscribers");
    assert_int_equal(screen_run(s, 20, 100,
                                "2\n@dump subs_next_run.txt\n<Enter>\n"
                                "@dump subs_next_detail.txt\n"),
                     0);
    screen_expect_text(s, "subs_next_run", "> ada@example.com", 1);
    screen_expect_text(s, "subs_next_detail", "customer, vip", 1);
    assert_int_equal(simproc_journal_count(&s->sim, "GET", "/fetch/subscribers"), before);
}

static void test_not_found_and_implausible(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 16, 90,
                                "2\nlnobody@example.com<Enter>\n@dump subs_not_found.txt\n"
                                "lada@@example<Enter>\n@dump subs_implausible.txt\n"),
                     0);
    screen_expect_golden(s, "subs_not_found");
    screen_expect_text(s, "subs_implausible", "is not a plausible email address", 1);
    assert_int_equal(simproc_journal_count(&s->sim, "GET", "/fetch/subscribers"), 1);
}

static void test_pending_then_confirmed(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 20, 100,
                                "2\nlada@example.com<Enter>\nt\n@dump subs_tag_prompt.txt\n"
                                "zz-new<Enter>\n@dump subs_tag_confirm.txt\ny\n"
                                "@dump subs_tag_pending.txt\n<Esc>\n@dump subs_list_pending.txt\n"
                                "r\n@dump subs_tag_confirmed.txt\n"),
                     0);
    screen_expect_golden(s, "subs_tag_prompt");
    screen_expect_golden(s, "subs_tag_confirm");
    screen_expect_golden(s, "subs_tag_pending");
    screen_expect_text(s, "subs_list_pending", "1 pending", 1);
    screen_expect_golden(s, "subs_tag_confirmed");
    assert_int_equal(simproc_journal_count(&s->sim, "POST", "/fetch/commands"), 1);
}

/* Every change asks first; No sends nothing. */
static void test_each_action(void **state)
{
    struct screen *s = *state;
    assert_int_equal(
        screen_run(s, 24, 100,
                   "2\nlada@example.com<Enter>\n"
                   "T\nvip2<Enter>\n@dump subs_confirm_tag_event.txt\ny\n"
                   "u\ncustomer<Enter>\n@dump subs_confirm_untag.txt\ny\n"
                   "u\nnope<Enter>\n@dump subs_untag_unknown.txt\n<Esc>\n"
                   "f\nplan<Enter>\n@dump subs_field_value.txt\n<C-u>enterprise<Enter>\n"
                   "@dump subs_confirm_set_field.txt\ny\n"
                   "F\nfirst_name<Enter>\n@dump subs_confirm_unset_field.txt\ny\n"
                   "U\n@dump subs_confirm_unsubscribe.txt\ny\n"
                   "S\n@dump subs_confirm_subscribe.txt\n<Enter>\n@dump subs_not_sent.txt\n"
                   "r\n@dump subs_after_changes.txt\n"
                   "E\n<C-u>ada.new@example.com<Enter>\n@dump subs_confirm_email.txt\ny\n"
                   "r\n@dump subs_after_email.txt\n<Esc>\n@dump subs_list_after_email.txt\n"),
        0);
    screen_expect_golden(s, "subs_confirm_tag_event");
    screen_expect_text(s, "subs_confirm_untag", "Remove tag \"customer\" from ada@example.com?", 1);
    screen_expect_text(s, "subs_untag_unknown", "They do not have that tag", 1);
    screen_expect_text(s, "subs_untag_unknown", "Remove tag from ada@example.com: nope", 1);
    screen_expect_text(s, "subs_field_value", "Value for plan: pro", 1);
    screen_expect_text(s, "subs_confirm_set_field", "Set plan = \"enterprise\" on", 1);
    screen_expect_text(s, "subs_confirm_unset_field", "Remove field first_name from", 1);
    screen_expect_golden(s, "subs_confirm_unsubscribe");
    screen_expect_text(s, "subs_confirm_subscribe", "Subscribe ada@example.com again?", 1);
    screen_expect_text(s, "subs_not_sent", "Nothing sent.", 1);
    screen_expect_golden(s, "subs_after_changes");
    screen_expect_golden(s, "subs_confirm_email");
    screen_expect_golden(s, "subs_after_email");
    screen_expect_text(s, "subs_list_after_email", "ada@example.com ", 0);
    /* six commands sent, the subscribe refused by the user was not */
    assert_int_equal(simproc_journal_count(&s->sim, "POST", "/fetch/commands"), 6);
    cJSON *p = sim_person(s, "ada.new@example.com");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(attr(p, "fields"), "plan")),
                        "enterprise");
    assert_null(cJSON_GetObjectItem(attr(p, "fields"), "first_name"));
    assert_true(cJSON_IsString(attr(p, "unsubscribed_at")));
    cJSON_Delete(p);
}

static void test_event_with_bad_json(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 16, 100,
                                "2\nlada@example.com<Enter>\nv\n$purchase<Enter>\n"
                                "amount=42 currency=EUR<Enter>\n{\"order\": 7<Enter>\n"
                                "@dump subs_event_bad_json.txt\n}<Enter>\n"
                                "@dump subs_event_confirm.txt\ny\n@dump subs_event_sent.txt\n"),
                     0);
    screen_expect_golden(s, "subs_event_bad_json");
    screen_expect_golden(s, "subs_event_confirm");
    screen_expect_text(s, "subs_event_sent", "Event \"$purchase\" accepted", 1);
    assert_int_equal(simproc_journal_count(&s->sim, "POST", "/batch/events"), 1);
}

static void test_create(void **state)
{
    struct screen *s = *state;
    assert_int_equal(
        screen_run(s, 16, 90,
                   "2\nn\nnot-an-email<Enter>\n@dump subs_create_bad.txt\n"
                   "<C-u>New.Person@Example.com<Enter>\n@dump subs_create_confirm.txt\n"
                   "y\n@dump subs_created.txt\n"),
        0);
    screen_expect_golden(s, "subs_create_bad");
    screen_expect_text(s, "subs_create_confirm", "Create subscriber new.person@example.com?", 1);
    screen_expect_text(s, "subs_created", "Created new.person@example.com", 1);
    screen_expect_text(s, "subs_created", "Email        new.person@example.com", 1);
    assert_int_equal(simproc_journal_count(&s->sim, "POST", "/fetch/subscribers"), 1);
}

static void test_validate_and_fields(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 20, 100,
                                "2\nlada@example.com<Enter>\n:subscribers validate<Enter>\n"
                                "@dump subs_validated.txt\n:fields list<Enter>\n"
                                "@dump subs_fields.txt\nnloyalty_tier<Enter>\n"
                                "@dump subs_fields_created.txt\n<Esc>\n"
                                "f\nloy<Tab>\n@dump subs_field_complete.txt\n<Esc>\n"
                                ":subscribers set-field loy<Tab>\n@dump subs_field_colon.txt\n"
                                "<Esc>\n"),
                     0);
    screen_expect_text(s, "subs_validated", "Validation   valid", 1);
    screen_expect_golden(s, "subs_fields");
    screen_expect_text(s, "subs_fields_created", "11 custom fields in this account:", 1);
    screen_expect_text(s, "subs_fields_created", "loyalty_tier", 1);
    screen_expect_text(s, "subs_field_complete", "Set field on ada@example.com, key: loyalty_tier",
                       1);
    screen_expect_text(s, "subs_field_colon", ":subscribers set-field loyalty_tier", 1);
    assert_int_equal(simproc_journal_count(&s->sim, "POST", "/experimental/validation"), 1);
}

/* `/` narrows the cached list by address or tag; ! inverts; Esc clears. */
static void test_filter(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 16, 100,
                                "2\nlada@example.com<Enter>\nnbob@example.com<Enter>\ny\n<Esc>\n"
                                "/bob\n@dump subs_filter.txt\n<Enter>\n/<C-u>vip<Enter>\n"
                                "@dump subs_filter_tag.txt\n/<C-u>!ada<Enter>\n"
                                "@dump subs_filter_inverted.txt\n<Esc>\n"
                                "@dump subs_filter_cleared.txt\n"),
                     0);
    screen_expect_golden(s, "subs_filter");
    screen_expect_text(s, "subs_filter_tag", "> ada@example.com", 1);
    screen_expect_text(s, "subs_filter_tag", "bob@example.com", 0);
    screen_expect_text(s, "subs_filter_inverted", "> bob@example.com", 1);
    screen_expect_text(s, "subs_filter_inverted", "ada@example.com", 0);
    screen_expect_text(s, "subs_filter_cleared", "2 in cache", 1);
}

static void test_search_unavailable(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 16, 100,
                                "2\ns\n<Enter>\n@dump subs_search_unavailable.txt\ns\n<Enter>\n"
                                "@dump subs_search_again.txt\n"),
                     0);
    screen_expect_golden(s, "subs_search_unavailable");
    screen_expect_text(s, "subs_search_again", "Search is not available on this account", 1);
    assert_int_equal(simproc_journal_count(&s->sim, NULL, "/fetch/search"), 1);
}

static void test_search_pages(void **state)
{
    struct screen *s = *state;
    assert_int_equal(screen_run(s, 16, 100,
                                "2\ns\ncreated>2020-01-01<Enter>\n@dump subs_search_page1.txt\n]\n"
                                "@dump subs_search_page2.txt\n]\n@dump subs_search_last.txt\n"
                                "<Enter>\n@dump subs_search_open.txt\n<Esc>\n<Esc>\n"
                                "@dump subs_search_back.txt\ns\n<C-u>created>yesterday<Enter>\n"
                                "@dump subs_search_bad.txt\n"),
                     0);
    screen_expect_golden(s, "subs_search_page1");
    screen_expect_text(s, "subs_search_page2", "search page 2: 30", 1);
    screen_expect_text(s, "subs_search_last", "This is the last page.", 1);
    screen_expect_text(s, "subs_search_open", "Email", 1);
    screen_expect_text(s, "subs_search_back", "1 in cache", 1);
    screen_expect_text(s, "subs_search_bad", "Dates look like 2025-01-31", 1);
    assert_int_equal(simproc_journal_count(&s->sim, NULL, "/fetch/search"), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lookup_and_detail, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_not_found_and_implausible, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_pending_then_confirmed, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_each_action, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_event_with_bad_json, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_create, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_validate_and_fields, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_filter, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_search_unavailable, setup, screen_teardown),
        cmocka_unit_test_setup_teardown(test_search_pages, setup_search, screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
