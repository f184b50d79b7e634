/* The rate-limit budget: sliding window, waits, 429 handling, backoff,
 * Retry-After parsing and path families. The clock is passed in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <cmocka.h>

#include "bento/ratelimit.h"

static struct bento_budget *budget_with(enum bento_family fam, int limit, int64_t window)
{
    struct bento_limits l;
    bento_limits_default(&l);
    l.fam[fam] = (struct bento_family_limit){limit, window};
    struct bento_budget *b = bento_budget_new(&l);
    assert_non_null(b);
    return b;
}

static void test_defaults(void **state)
{
    struct bento_limits l;
    bento_limits_default(&l);
    assert_int_equal(l.fam[BENTO_FAM_FETCH].limit, 100);
    assert_int_equal(l.fam[BENTO_FAM_FETCH].window_ms, 60000);
    assert_int_equal(l.fam[BENTO_FAM_BATCH].limit, 100);
    assert_int_equal(l.fam[BENTO_FAM_EXPERIMENTAL].limit, 100);
    assert_int_equal(l.fam[BENTO_FAM_STATS].limit, 60);
    assert_int_equal(l.fam[BENTO_FAM_STATS].window_ms, 3600000);
}

static void test_limit_parse(void **state)
{
    struct bento_family_limit f;
    assert_int_equal(bento_limit_parse("100/60000", &f), 0);
    assert_int_equal(f.limit, 100);
    assert_int_equal(f.window_ms, 60000);
    assert_int_equal(bento_limit_parse("off", &f), 0);
    assert_int_equal(f.limit, 0);
    assert_int_equal(bento_limit_parse("OFF", &f), 0);
    assert_int_equal(bento_limit_parse("", &f), -1);
    assert_int_equal(bento_limit_parse("100", &f), -1);
    assert_int_equal(bento_limit_parse("0/1000", &f), -1);
    assert_int_equal(bento_limit_parse("5/0", &f), -1);
    assert_int_equal(bento_limit_parse("-5/100", &f), -1);
    assert_int_equal(bento_limit_parse("5/100x", &f), -1);
    assert_int_equal(bento_limit_parse("5x/100", &f), -1);
    assert_int_equal(bento_limit_parse("/100", &f), -1);
    assert_int_equal(bento_limit_parse("99999999999/100", &f), -1);
    assert_int_equal(bento_limit_parse(NULL, &f), -1);
}

static void test_family_for_path(void **state)
{
    assert_int_equal(bento_family_for_path("/fetch/tags"), BENTO_FAM_FETCH);
    assert_int_equal(bento_family_for_path("/api/v1/fetch/tags"), BENTO_FAM_FETCH);
    assert_int_equal(bento_family_for_path("/batch/events"), BENTO_FAM_BATCH);
    assert_int_equal(bento_family_for_path("/api/v1/batch/emails?x=1"), BENTO_FAM_BATCH);
    assert_int_equal(bento_family_for_path("/batch?site_uuid=1"), BENTO_FAM_BATCH);
    assert_int_equal(bento_family_for_path("/experimental/validation"), BENTO_FAM_EXPERIMENTAL);
    assert_int_equal(bento_family_for_path("/stats/site?site_uuid=abc"), BENTO_FAM_STATS);
    assert_int_equal(bento_family_for_path("/api/v1/stats/site"), BENTO_FAM_STATS);
    assert_int_equal(bento_family_for_path("stats/site"), BENTO_FAM_STATS);
    /* a prefix of a word is not the family */
    assert_int_equal(bento_family_for_path("/statsx/site"), BENTO_FAM_FETCH);
    assert_int_equal(bento_family_for_path("/batches"), BENTO_FAM_FETCH);
    assert_int_equal(bento_family_for_path(""), BENTO_FAM_FETCH);
    assert_int_equal(bento_family_for_path(NULL), BENTO_FAM_FETCH);
    assert_string_equal(bento_family_name(BENTO_FAM_STATS), "stats");
    assert_string_equal(bento_family_name(BENTO_FAM_EXPERIMENTAL), "experimental");
}

static void test_window_take_and_wait(void **state)
{
    struct bento_budget *b = budget_with(BENTO_FAM_FETCH, 3, 1000);
    assert_int_equal(bento_budget_remaining(b, BENTO_FAM_FETCH, 0), 3);
    assert_int_equal(bento_budget_take(b, BENTO_FAM_FETCH, 0), 0);
    assert_int_equal(bento_budget_take(b, BENTO_FAM_FETCH, 100), 0);
    assert_int_equal(bento_budget_take(b, BENTO_FAM_FETCH, 200), 0);
    assert_int_equal(bento_budget_remaining(b, BENTO_FAM_FETCH, 200), 0);
    /* full: the oldest (t=0) leaves the window at t=1000 */
    assert_int_equal(bento_budget_take(b, BENTO_FAM_FETCH, 300), 700);
    assert_int_equal(bento_budget_take(b, BENTO_FAM_FETCH, 999), 1);
    assert_int_equal(bento_budget_remaining(b, BENTO_FAM_FETCH, 999), 0);
    assert_int_equal(bento_budget_remaining(b, BENTO_FAM_FETCH, 1000), 1);
    assert_int_equal(bento_budget_take(b, BENTO_FAM_FETCH, 1000), 0);
    /* next frees when t=100 leaves */
    assert_int_equal(bento_budget_take(b, BENTO_FAM_FETCH, 1050), 50);
    /* other families are independent */
    assert_int_equal(bento_budget_take(b, BENTO_FAM_BATCH, 1050), 0);
    assert_int_equal(bento_budget_remaining(b, BENTO_FAM_BATCH, 1050), 99);
    /* much later the window is empty again */
    assert_int_equal(bento_budget_remaining(b, BENTO_FAM_FETCH, 10000), 3);
    bento_budget_free(b);
}

static void test_sustained_rate_never_exceeds(void **state)
{
    struct bento_budget *b = budget_with(BENTO_FAM_BATCH, 5, 1000);
    int64_t now = 0, sent[40];
    int n = 0;
    while (n < 40) {
        int64_t w = bento_budget_take(b, BENTO_FAM_BATCH, now);
        if (w == 0)
            sent[n++] = now;
        else
            now += w;
    }
    for (int i = 5; i < 40; i++)
        assert_true(sent[i] - sent[i - 5] >= 1000);
    bento_budget_free(b);
}

static void test_unlimited(void **state)
{
    struct bento_budget *b = budget_with(BENTO_FAM_FETCH, 0, 0);
    for (int i = 0; i < 10000; i++)
        assert_int_equal(bento_budget_take(b, BENTO_FAM_FETCH, 5), 0);
    assert_int_equal(bento_budget_remaining(b, BENTO_FAM_FETCH, 5), INT_MAX);
    assert_int_equal(bento_budget_limit(b, BENTO_FAM_FETCH).limit, 0);
    /* a 429 still blocks an unlimited family */
    bento_budget_on_429(b, BENTO_FAM_FETCH, 10, 500);
    assert_int_equal(bento_budget_take(b, BENTO_FAM_FETCH, 10), 500);
    assert_int_equal(bento_budget_take(b, BENTO_FAM_FETCH, 510), 0);
    bento_budget_free(b);
}

static void test_clamped_limit(void **state)
{
    struct bento_budget *b = budget_with(BENTO_FAM_FETCH, 100000, 1000);
    assert_int_equal(bento_budget_limit(b, BENTO_FAM_FETCH).limit, BENTO_BUDGET_MAX_SLOTS);
    for (int i = 0; i < BENTO_BUDGET_MAX_SLOTS; i++)
        assert_int_equal(bento_budget_take(b, BENTO_FAM_FETCH, 1), 0);
    assert_int_equal(bento_budget_take(b, BENTO_FAM_FETCH, 1), 1000);
    bento_budget_free(b);
}

static void test_429_blocks_and_lowers(void **state)
{
    struct bento_budget *b = budget_with(BENTO_FAM_FETCH, 20, 1000);
    assert_int_equal(bento_budget_take(b, BENTO_FAM_FETCH, 0), 0);
    bento_budget_on_429(b, BENTO_FAM_FETCH, 100, 2000);
    assert_int_equal(bento_budget_blocked_until(b, BENTO_FAM_FETCH, 100), 2100);
    assert_int_equal(bento_budget_blocked_until(b, BENTO_FAM_FETCH, 2100), 0);
    assert_int_equal(bento_budget_take(b, BENTO_FAM_FETCH, 1100), 1000);
    assert_int_equal(bento_budget_limit(b, BENTO_FAM_FETCH).limit, 18);
    assert_int_equal(bento_budget_limit(b, BENTO_FAM_FETCH).window_ms, 1000);
    assert_int_equal(bento_budget_take(b, BENTO_FAM_FETCH, 2100), 0);
    /* a shorter wait never shortens an existing block */
    bento_budget_on_429(b, BENTO_FAM_FETCH, 2200, 5000);
    bento_budget_on_429(b, BENTO_FAM_FETCH, 2300, 10);
    assert_int_equal(bento_budget_blocked_until(b, BENTO_FAM_FETCH, 2300), 7200);
    /* lowered by a tenth, at least one, never below one; two quiet
     * windows since the first cut brought 18 back to 20 first */
    assert_int_equal(bento_budget_limit(b, BENTO_FAM_FETCH).limit, 17); /* 20 -> 18 -> 17 */
    for (int i = 0; i < 50; i++)
        bento_budget_on_429(b, BENTO_FAM_FETCH, 2300, 0);
    assert_int_equal(bento_budget_limit(b, BENTO_FAM_FETCH).limit, 1);
    /* other families untouched */
    assert_int_equal(bento_budget_blocked_until(b, BENTO_FAM_BATCH, 2300), 0);
    assert_int_equal(bento_budget_limit(b, BENTO_FAM_BATCH).limit, 100);
    /* setting the limit again restores it */
    bento_budget_set_limit(b, BENTO_FAM_FETCH, (struct bento_family_limit){20, 1000});
    assert_int_equal(bento_budget_limit(b, BENTO_FAM_FETCH).limit, 20);
    bento_budget_free(b);
}

static void test_lowered_limit_waits_for_enough_stamps(void **state)
{
    struct bento_budget *b = budget_with(BENTO_FAM_FETCH, 10, 1000);
    for (int i = 0; i < 10; i++)
        assert_int_equal(bento_budget_take(b, BENTO_FAM_FETCH, i * 10), 0);
    bento_budget_on_429(b, BENTO_FAM_FETCH, 100, 0); /* limit 10 -> 9 */
    /* 10 stamps in the window, limit 9: two must leave (t=0 and t=10) */
    assert_int_equal(bento_budget_take(b, BENTO_FAM_FETCH, 200), 810);
    assert_int_equal(bento_budget_take(b, BENTO_FAM_FETCH, 1010), 0);
    bento_budget_free(b);
}

/* With spacing, a slot is held window + spacing (the margin in force when
 * it was taken): the next call waits the extra time. */
static void test_spacing_holds_slots_longer(void **state)
{
    struct bento_budget *b = budget_with(BENTO_FAM_BATCH, 2, 1000);
    bento_budget_set_spacing(b, BENTO_FAM_BATCH, 30);
    assert_int_equal(bento_budget_take(b, BENTO_FAM_BATCH, 0), 0);
    assert_int_equal(bento_budget_take(b, BENTO_FAM_BATCH, 100), 0);
    assert_int_equal(bento_budget_take(b, BENTO_FAM_BATCH, 500), 530);
    assert_int_equal(bento_budget_take(b, BENTO_FAM_BATCH, 1010), 20);
    assert_int_equal(bento_budget_take(b, BENTO_FAM_BATCH, 1030), 0);
    bento_budget_set_spacing(b, BENTO_FAM_BATCH, 0);
    assert_int_equal(bento_budget_take(b, BENTO_FAM_BATCH, 1100), 30);
    assert_int_equal(bento_budget_take(b, BENTO_FAM_BATCH, 1130), 0);
    bento_budget_set_spacing(b, BENTO_FAM_BATCH, -5); /* clamped to 0 */
    assert_int_equal(bento_budget_take(b, BENTO_FAM_BATCH, 2060), 0);
    bento_budget_free(b);
}

/* A slot taken for a call stays taken until the call is answered, then a
 * window more: however late the server counted it, the next call in that
 * slot reaches it a window later. */
static void test_slot_held_until_answer(void **state)
{
    struct bento_budget *b = budget_with(BENTO_FAM_BATCH, 2, 1000);
    long s1, s2, s3;
    assert_int_equal(bento_budget_take_slot(b, BENTO_FAM_BATCH, 0, &s1), 0);
    assert_int_equal(bento_budget_take_slot(b, BENTO_FAM_BATCH, 10, &s2), 0);
    assert_true(s1 >= 0 && s2 >= 0 && s1 != s2);
    assert_int_equal(bento_budget_remaining(b, BENTO_FAM_BATCH, 5000), 0); /* both out */
    /* both out, no answer yet: when a slot frees is unknown; look again soon */
    assert_int_equal(bento_budget_take_slot(b, BENTO_FAM_BATCH, 20, &s3), 50);
    assert_int_equal(s3, -1);
    bento_budget_release(b, BENTO_FAM_BATCH, s1, 300);
    assert_int_equal(bento_budget_take_slot(b, BENTO_FAM_BATCH, 400, &s3), 900);
    bento_budget_release(b, BENTO_FAM_BATCH, s2, 500);
    assert_int_equal(bento_budget_take_slot(b, BENTO_FAM_BATCH, 1300, &s3), 0);
    assert_int_equal(s3, s1); /* the freed slot is reused */
    assert_int_equal(bento_budget_take_slot(b, BENTO_FAM_BATCH, 1300, &s3), 200);
    bento_budget_release(b, BENTO_FAM_BATCH, -1, 1300); /* no slot: nothing happens */
    bento_budget_free(b);
}

static void test_backoff_bounds(void **state)
{
    assert_int_equal(bento_backoff_ms(1, 0.0), 0);
    assert_true(bento_backoff_ms(1, 0.999999) < 1000);
    assert_true(bento_backoff_ms(1, 0.999999) >= 999);
    assert_int_equal(bento_backoff_ms(2, 0.5), 1000);
    assert_int_equal(bento_backoff_ms(3, 0.5), 2000);
    assert_int_equal(bento_backoff_ms(5, 0.5), 8000);
    assert_int_equal(bento_backoff_ms(6, 0.5), 15000); /* 32 s, capped at 30 s */
    assert_true(bento_backoff_ms(7, 0.999) <= 30000);
    assert_true(bento_backoff_ms(1000, 0.999) <= 30000);
    assert_true(bento_backoff_ms(1000, 0.999) >= 29000);
    assert_true(bento_backoff_ms(0, 0.5) <= 1000);
    assert_true(bento_backoff_ms(-3, 0.5) <= 1000);
    assert_true(bento_backoff_ms(3, 7.0) < 4000);
    assert_true(bento_backoff_ms(3, -1.0) >= 0);
    for (int a = 1; a < 12; a++)
        for (double r = 0; r < 1; r += 0.05) {
            int64_t v = bento_backoff_ms(a, r);
            assert_true(v >= 0 && v < 30000);
        }
}

static void test_retry_after(void **state)
{
    const int64_t now = 1445412480; /* Wed, 21 Oct 2015 07:28:00 GMT */
    assert_int_equal(bento_retry_after_ms("120", now), 120000);
    assert_int_equal(bento_retry_after_ms(" 1 ", now), 1000);
    assert_int_equal(bento_retry_after_ms("0", now), 0);
    assert_int_equal(bento_retry_after_ms("Wed, 21 Oct 2015 07:28:30 GMT", now), 30000);
    assert_int_equal(bento_retry_after_ms("Wed, 21 Oct 2015 07:27:00 GMT", now), 0);
    assert_int_equal(bento_retry_after_ms(NULL, now), -1);
    assert_int_equal(bento_retry_after_ms("", now), -1);
    assert_int_equal(bento_retry_after_ms("   ", now), -1);
    assert_int_equal(bento_retry_after_ms("soon", now), -1);
    assert_int_equal(bento_retry_after_ms("-5", now), -1);
    /* absurd values are capped, not overflowed */
    assert_true(bento_retry_after_ms("99999999999999999999999", now) > 0);
}

/* A cut limit climbs back: a tenth of the configured limit for every
 * whole window without a 429, never above the configured limit. */
static void test_limit_recovers_after_quiet_windows(void **state)
{
    struct bento_budget *b = budget_with(BENTO_FAM_FETCH, 100, 1000);
    for (int i = 0; i < 16; i++)
        bento_budget_on_429(b, BENTO_FAM_FETCH, 0, 0);
    int cut = bento_budget_limit_at(b, BENTO_FAM_FETCH, 0).limit;
    assert_int_equal(cut, 22); /* 100 cut by a tenth sixteen times */
    assert_int_equal(bento_budget_limit_at(b, BENTO_FAM_FETCH, 999).limit, cut);
    assert_int_equal(bento_budget_limit_at(b, BENTO_FAM_FETCH, 1000).limit, cut + 10);
    assert_int_equal(bento_budget_limit_at(b, BENTO_FAM_FETCH, 3500).limit, cut + 30);
    assert_int_equal(bento_budget_limit_at(b, BENTO_FAM_FETCH, 60000).limit, 100);
    assert_int_equal(bento_budget_limit_at(b, BENTO_FAM_FETCH, INT64_MAX / 2).limit, 100);
    assert_int_equal(bento_budget_remaining(b, BENTO_FAM_FETCH, 60000), 100);
    /* the window's takes follow the recovered limit */
    for (int i = 0; i < cut + 10; i++)
        assert_int_equal(bento_budget_take(b, BENTO_FAM_FETCH, 1500), 0);
    assert_true(bento_budget_take(b, BENTO_FAM_FETCH, 1500) > 0);
    /* a 429 while recovering cuts from where it got to, and starts over */
    bento_budget_on_429(b, BENTO_FAM_FETCH, 2000, 0);
    int again = bento_budget_limit_at(b, BENTO_FAM_FETCH, 2000).limit;
    assert_int_equal(again, (cut + 20) - (cut + 20) / 10);
    assert_int_equal(bento_budget_limit_at(b, BENTO_FAM_FETCH, 2999).limit, again);
    assert_int_equal(bento_budget_limit_at(b, BENTO_FAM_FETCH, 3000).limit, again + 10);
    bento_budget_free(b);
}

/* Small limits recover by one a window. */
static void test_small_limit_recovers_by_one(void **state)
{
    struct bento_budget *b = budget_with(BENTO_FAM_FETCH, 5, 1000);
    bento_budget_on_429(b, BENTO_FAM_FETCH, 0, 0);
    bento_budget_on_429(b, BENTO_FAM_FETCH, 0, 0);
    assert_int_equal(bento_budget_limit_at(b, BENTO_FAM_FETCH, 0).limit, 3);
    assert_int_equal(bento_budget_limit_at(b, BENTO_FAM_FETCH, 1000).limit, 4);
    assert_int_equal(bento_budget_limit_at(b, BENTO_FAM_FETCH, 2000).limit, 5);
    assert_int_equal(bento_budget_limit_at(b, BENTO_FAM_FETCH, 9000).limit, 5);
    bento_budget_free(b);
}

static void test_retry_after_parse(void **state)
{
    const int64_t now = 1445412480; /* Wed, 21 Oct 2015 07:28:00 GMT */
    int64_t ms;
    assert_int_equal(bento_retry_after_parse(NULL, now, &ms), BENTO_RA_NONE);
    assert_int_equal(bento_retry_after_parse("  ", now, &ms), BENTO_RA_NONE);
    assert_int_equal(bento_retry_after_parse("120", now, &ms), BENTO_RA_WAIT);
    assert_int_equal(ms, 120000);
    assert_int_equal(bento_retry_after_parse("86400", now, &ms), BENTO_RA_WAIT);
    assert_int_equal(bento_retry_after_parse("Wed, 21 Oct 2015 07:28:30 GMT", now, &ms),
                     BENTO_RA_WAIT);
    assert_int_equal(ms, 30000);
    assert_int_equal(bento_retry_after_parse("Wed, 21 Oct 2015 07:27:00 GMT", now, &ms),
                     BENTO_RA_WAIT);
    assert_int_equal(ms, 0);
    /* what cannot be right is judged, not waited for */
    assert_int_equal(bento_retry_after_parse("86401", now, &ms), BENTO_RA_IMPLAUSIBLE);
    assert_int_equal(ms, 86401000);
    assert_int_equal(bento_retry_after_parse("315360000", now, &ms), BENTO_RA_IMPLAUSIBLE);
    assert_int_equal(ms, 315360000000LL);
    assert_int_equal(bento_retry_after_parse("1e20", now, &ms), BENTO_RA_IMPLAUSIBLE);
    assert_true(ms > BENTO_RETRY_AFTER_MAX_MS);
    assert_int_equal(bento_retry_after_parse("99999999999999999999999", now, &ms),
                     BENTO_RA_IMPLAUSIBLE);
    assert_true(ms > BENTO_RETRY_AFTER_MAX_MS);
    assert_int_equal(bento_retry_after_parse("-5", now, &ms), BENTO_RA_IMPLAUSIBLE);
    assert_int_equal(ms, -1);
    assert_int_equal(bento_retry_after_parse("soon", now, &ms), BENTO_RA_IMPLAUSIBLE);
    assert_int_equal(ms, -1);
    assert_int_equal(bento_retry_after_parse("Thu, 01 Jan 2099 00:00:00 GMT", now, &ms),
                     BENTO_RA_IMPLAUSIBLE);
    assert_true(ms > BENTO_RETRY_AFTER_MAX_MS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_limit_parse),
        cmocka_unit_test(test_family_for_path),
        cmocka_unit_test(test_window_take_and_wait),
        cmocka_unit_test(test_sustained_rate_never_exceeds),
        cmocka_unit_test(test_unlimited),
        cmocka_unit_test(test_clamped_limit),
        cmocka_unit_test(test_429_blocks_and_lowers),
        cmocka_unit_test(test_lowered_limit_waits_for_enough_stamps),
        cmocka_unit_test(test_spacing_holds_slots_longer),
        cmocka_unit_test(test_slot_held_until_answer),
        cmocka_unit_test(test_backoff_bounds),
        cmocka_unit_test(test_retry_after),
        cmocka_unit_test(test_limit_recovers_after_quiet_windows),
        cmocka_unit_test(test_small_limit_recovers_by_one),
        cmocka_unit_test(test_retry_after_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
