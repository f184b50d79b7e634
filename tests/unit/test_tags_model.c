/* The Tags pane's model: sorting, and filtering as the user types
 * (narrowing within the view, widening from everything, inverting),
 * checked against a plain scan of every row. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>

#include "tui/tui.h"
#include "tui/tui_tags_internal.h"

static const char *const names[] = {"customer",   "Churn-Risk", "cold",       "vip",
                                    "VIP-gold",   "lead",       "cust-2024",  "Cust",
                                    "newsletter", "beta",       "cuSTomer-x", "x"};
#define N (sizeof names / sizeof names[0])

static void load(struct tags_model *m)
{
    struct bento_tag_list list = {.items = calloc(N, sizeof *list.items), .count = N};
    char id[16];
    for (size_t i = 0; i < N; i++) {
        snprintf(id, sizeof id, "%zu", 100 + i);
        list.items[i].id = strdup(id);
        list.items[i].name = strdup(names[i]);
        list.items[i].created_at = strdup("2025-01-01T00:00:00Z");
    }
    memset(m, 0, sizeof *m);
    tags_model_set(m, &list);
    bento_tag_list_free(&list);
}

/* What the view must hold: every row in sort order that matches. */
static void expect_view(const struct tags_model *m, const char *filter)
{
    bool invert = filter[0] == '!';
    const char *text = invert ? filter + 1 : filter;
    size_t n = 0;
    for (size_t i = 0; i < m->count; i++) {
        const char *name = m->rows[m->order[i]].raw_name;
        bool hit = false;
        for (const char *p = name; *p && !hit; p++)
            hit = !strncasecmp(p, text, strlen(text));
        hit = hit || !text[0];
        if (text[0] && hit == invert)
            continue;
        assert_true(n < m->view_count);
        assert_int_equal(m->view[n], m->order[i]);
        n++;
    }
    assert_int_equal(n, m->view_count);
}

static void test_typing_narrows_and_widens(void **state)
{
    (void)state;
    struct tags_model m;
    load(&m);
    const char *steps[] = {"c", "cu", "cus", "cust", "custo", "cust", "cu", "",
                           "v", "vi", "!v",  "!",    "x",     "cx",   "c"};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        tags_model_filter(&m, steps[i]);
        expect_view(&m, steps[i]);
    }
    tags_model_free(&m);
}

static void test_sort_then_filter(void **state)
{
    (void)state;
    struct tags_model m;
    load(&m);
    tags_model_filter(&m, "c");
    tags_model_sort(&m, (struct tui_sort){TC_CREATED, true}); /* the view is rebuilt */
    tags_model_filter(&m, "cu");
    expect_view(&m, "cu");
    tags_model_sort(&m, (struct tui_sort){TC_NAME, false});
    tags_model_filter(&m, "cu");
    expect_view(&m, "cu");
    assert_string_equal(m.rows[m.view[0]].raw_name, "Cust");
    tags_model_free(&m);
}

/* One copy of each string: a plain lowercase name is its own raw and
 * lowered form; a name with capitals or escapes keeps what differs. */
static void test_rows_share_text(void **state)
{
    (void)state;
    struct bento_tag items[] = {
        {.id = "1", .name = "plain", .created_at = "2025-02-03T04:05:06Z"},
        {.id = "2", .name = "Mixed", .discarded_at = "2025-03-01T00:00:00Z"},
        {.id = "3\x1b", .name = "Bad\x1b[31mRed"},
        {.id = "4", .name = NULL, .created_at = "x"},
    };
    struct bento_tag_list list = {.items = items, .count = 4};
    struct tags_model m = {0};
    tags_model_set(&m, &list);
    assert_int_equal(m.count, 4);
    const struct tag_row *r = &m.rows[0];
    assert_string_equal(r->name, "plain");
    assert_string_equal(r->created, "2025-02-03");
    assert_string_equal(r->discarded, "");
    assert_ptr_equal(r->raw_name, r->name);
    assert_ptr_equal(r->lower, r->name);
    r = &m.rows[1];
    assert_string_equal(r->name, "Mixed");
    assert_ptr_equal(r->raw_name, r->name);
    assert_string_equal(r->lower, "mixed");
    assert_string_equal(r->discarded, "discarded");
    assert_string_equal(r->created, "");
    r = &m.rows[2];
    assert_string_equal(r->id, "3\\e");
    assert_string_equal(r->name, "Bad\\e[31mRed");
    assert_string_equal(r->raw_name, "Bad\x1b[31mRed");
    assert_string_equal(r->lower, "bad\x1b[31mred");
    assert_string_equal(m.rows[3].name, "");
    assert_string_equal(m.rows[3].created, "x");
    tags_model_filter(&m, "RED");
    assert_int_equal(m.view_count, 1);
    assert_ptr_equal(tags_model_find(&m, "Bad\x1b[31mRed"), &m.rows[2]);
    tags_model_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_typing_narrows_and_widens),
        cmocka_unit_test(test_sort_then_filter),
        cmocka_unit_test(test_rows_share_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
