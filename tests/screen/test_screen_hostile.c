/* Hostile server text in every pane: against `bento-sim --seed hostile`
 * (whose tags, fields, subscriber, authors, broadcasts, sequences,
 * workflows, templates and reports carry the catalogue of
 * src/sim/sim_hostile.h) and the `hostile` fault's error message, each
 * pane is opened and its screen must hold no escape, no C0 or C1 control,
 * no DEL, no bidi control and no byte that is not UTF-8, keep every line
 * within the screen's width, show the sanitiser's escaped form, and still
 * answer keys afterwards (another pane, then the end of the script). */
#include "screen.h"

#include <locale.h>
#include <wchar.h>

#include "bento/utf8.h"
#include "reliability.h"

#define ROWS 24
#define COLS 100

static int setup_hostile(void **state)
{
    static const char *const args[] = {"--seed", "hostile", NULL};
    return screen_setup_with(state, args);
}

/* The error message of every tags call is the catalogue's first entry. */
static int setup_hostile_error(void **state)
{
    static const char *const args[] = {"--seed", "hostile", "--fault",
                                       "GET /fetch/tags:hostile:status=422", NULL};
    return screen_setup_with(state, args);
}

/* The first thing on a line that a terminal would act on, or NULL. */
static const char *raw_control(const char *line, size_t len, uint32_t *what)
{
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = bento_utf8_step(line + i, len - i, &cp);
        if (cp == BENTO_UTF8_INVALID || cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
            bento_utf8_is_bidi_control((uint32_t)cp)) {
            *what = cp;
            return line + i;
        }
        i += k;
    }
    return NULL;
}

/* The columns a line takes on the terminal. */
static int line_width(const char *line, size_t len)
{
    mbstate_t st = {0};
    int width = 0;
    for (size_t i = 0; i < len;) {
        wchar_t wc;
        size_t k = mbrtowc(&wc, line + i, len - i, &st);
        if (k == 0 || k > len - i)
            return 1 << 20; /* not text: fails the check loudly */
        int w = wcwidth(wc);
        width += w > 0 ? w : 0;
        i += k;
    }
    return width;
}

/* Dump `name`: nothing raw, every line within the screen, `escaped` on
 * it (NULL: no such check), and the same as its golden file. */
static void expect_clean(struct screen *s, const char *name, const char *escaped)
{
    char *got = screen_dump(s, name);
    int row = 0;
    for (char *line = got; *line; row++) {
        size_t len = strcspn(line, "\n");
        uint32_t cp;
        const char *at = raw_control(line, len, &cp);
        if (at)
            fail_msg("%s row %d column %d: raw U+%04X (0x%02x) on the screen", name, row,
                     (int)(at - line), (unsigned)cp, (unsigned char)*at);
        if (line_width(line, len) > COLS)
            fail_msg("%s row %d is %d columns wide on a %d-column screen", name, row,
                     line_width(line, len), COLS);
        line += len + (line[len] == '\n');
    }
    if (row > ROWS)
        fail_msg("%s has %d rows on a %d-row screen", name, row, ROWS);
    if (escaped && !strstr(got, escaped))
        fail_msg("%s lacks the escaped text \"%s\":\n%s", name, escaped, got);
    free(got);
    screen_expect_golden(s, name);
}

/* Run script; the console must end it normally (exit 0). */
static void run(struct screen *s, const char *script)
{
    assert_int_equal(screen_run(s, ROWS, COLS, script), 0);
}

static void record(const char *what)
{
    reliability_record("Hostile text", what, -1,
                       "drawn escaped (\\e, \\xNN, \\uNNNN), lines within the screen; the "
                       "console still answers keys");
}

static void test_tags(void **state)
{
    struct screen *s = *state;
    run(s, "1\n/end<Enter>\n@dump ho_tags.txt\n<Enter>\n@dump ho_tag_detail.txt\n<Esc>\n"
           "2\n@dump ho_tags_then_subs.txt\n");
    expect_clean(s, "ho_tags", "osc \\e]0;pwned\\x07");
    expect_clean(s, "ho_tag_detail", NULL);
    expect_clean(s, "ho_tags_then_subs", NULL);
    screen_expect_text(s, "ho_tags_then_subs", "Subscribers", 1);
    record("Tags pane: tag names from the catalogue");
}

static void test_subscriber(void **state)
{
    struct screen *s = *state;
    run(s, "2\nlhostile@example.com<Enter>\n@dump ho_sub_detail.txt\nG\n"
           "@dump ho_sub_detail_end.txt\n1\n@dump ho_sub_then_tags.txt\n");
    expect_clean(s, "ho_sub_detail", "evil\\e]0;pwned");
    expect_clean(s, "ho_sub_detail_end", NULL);
    expect_clean(s, "ho_sub_then_tags", NULL);
    record("Subscribers pane: a subscriber's fields, tags and names");
}

static void test_compose_authors(void **state)
{
    struct screen *s = *state;
    run(s, "3\n<Tab>\n<Enter>\n@dump ho_authors.txt\nG\n@dump ho_authors_end.txt\n<Esc>\n"
           "1\n@dump ho_authors_then_tags.txt\n");
    expect_clean(s, "ho_authors", "\\u202e");
    expect_clean(s, "ho_authors_end", NULL);
    expect_clean(s, "ho_authors_then_tags", NULL);
    record("Compose: author names and addresses in the From picker");
}

static void test_broadcasts(void **state)
{
    struct screen *s = *state;
    run(s, "5\n/end<Enter>\n@dump ho_bc_list.txt\n<Enter>\n@dump ho_bc_detail.txt\n<Esc>\n"
           "/<C-u>csi<Enter>\n<Enter>\n@dump ho_bc_csi.txt\n<Esc>\n1\n@dump ho_bc_then_tags.txt\n");
    expect_clean(s, "ho_bc_list", "\\e[2J");
    expect_clean(s, "ho_bc_detail", NULL);
    expect_clean(s, "ho_bc_csi", "\\e[10;10H");
    expect_clean(s, "ho_bc_then_tags", NULL);
    record("Broadcasts pane: names, subjects and HTML bodies");
}

static void test_automations(void **state)
{
    struct screen *s = *state;
    run(s, "6\n/bidi<Enter>\n@dump ho_au_list.txt\n<Enter>\n@dump ho_au_open.txt\nj\n<Enter>\n"
           "@dump ho_au_email.txt\n<Esc>\n1\n@dump ho_au_then_tags.txt\n");
    expect_clean(s, "ho_au_list", "\\u202e");
    expect_clean(s, "ho_au_open", NULL);
    expect_clean(s, "ho_au_email", NULL);
    expect_clean(s, "ho_au_then_tags", NULL);
    record("Automations pane: sequence and workflow names, email subjects, previews");
}

static void test_reports(void **state)
{
    struct screen *s = *state;
    run(s,
        "7\n@dump ho_rp_counts.txt\n:reports pin report 399 Hostile<Enter>\n<Enter>\n"
        "@dump ho_rp_chart.txt\nt\n@dump ho_rp_table.txt\n<Esc>\n1\n@dump ho_rp_then_tags.txt\n");
    expect_clean(s, "ho_rp_counts", NULL);
    expect_clean(s, "ho_rp_chart", NULL);
    expect_clean(s, "ho_rp_table", "\\e");
    expect_clean(s, "ho_rp_then_tags", NULL);
    record("Reports pane: a report's name, group labels and x labels");
}

static void test_error_message(void **state)
{
    struct screen *s = *state;
    run(s, "@dump ho_err_line.txt\ne\n@dump ho_err_full.txt\n<Esc>\n4\n@dump ho_err_activity.txt\n"
           "<Enter>\n@dump ho_err_activity_detail.txt\n<Esc>\n2\n@dump ho_err_then_subs.txt\n");
    expect_clean(s, "ho_err_line", "Could not load the tags");
    expect_clean(s, "ho_err_full", "evil\\e]0;pwned");
    expect_clean(s, "ho_err_activity", NULL);
    expect_clean(s, "ho_err_activity_detail", NULL);
    expect_clean(s, "ho_err_then_subs", NULL);
    record("messages line, e, and the Activity pane: an error message of escape sequences");
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_tags, setup_hostile, screen_teardown),
        cmocka_unit_test_setup_teardown(test_subscriber, setup_hostile, screen_teardown),
        cmocka_unit_test_setup_teardown(test_compose_authors, setup_hostile, screen_teardown),
        cmocka_unit_test_setup_teardown(test_broadcasts, setup_hostile, screen_teardown),
        cmocka_unit_test_setup_teardown(test_automations, setup_hostile, screen_teardown),
        cmocka_unit_test_setup_teardown(test_reports, setup_hostile, screen_teardown),
        cmocka_unit_test_setup_teardown(test_error_message, setup_hostile_error, screen_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
