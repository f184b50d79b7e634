/* src/app/chart.c: reports drawn as text, compared with golden files at
 * two sizes and in ASCII (tests/unit/golden/chart_*.txt; regenerate
 * with BENTO_UPDATE_GOLDEN=1 and review the diff). Every drawing fits
 * its width and height, and server text is sanitised. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app/chart.h"
#include "bento/utf8.h"

#define GOLDEN_DIR BENTO_SOURCE_DIR "/tests/unit/golden"

/* Like the simulator's demo reports: growth, a season, some noise. */
static long point(int base, int g, int i, int n)
{
    long b = base / (g + 1) / (g + 1) + 1;
    long phase = (i * 4 + g * 3) % 12;
    unsigned h = (unsigned)(i * 2654435761u) ^ (unsigned)(g * 40503u + 17u);
    return b + b * i / (2 * n) + b / 5 * (phase < 6 ? phase : 12 - phase) / 6 +
           (long)(h % (unsigned)(b / 10 + 1));
}

static void make(struct bento_report *r, const char *name, enum bento_chart_style style,
                 const char *const *groups, int ng, int n, int step_days, int base)
{
    memset(r, 0, sizeof *r);
    r->name = strdup(name);
    r->style = style;
    r->has_points = true;
    r->points = calloc((size_t)(ng * n), sizeof *r->points);
    for (int g = 0; g < ng; g++)
        for (int i = 0; i < n; i++) {
            struct bento_report_point *p = &r->points[r->point_count++];
            char x[40];
            int day = 5 + i * step_days; /* a day of 2026, as month and day */
            static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
            int m = 0;
            while (m < 11 && day > mdays[m])
                day -= mdays[m++];
            snprintf(x, sizeof x, "2026-%02d-%02d", m + 1, day);
            p->group = groups[g] ? strdup(groups[g]) : NULL;
            p->x = strdup(x);
            p->y = (double)point(base, g, i, n);
        }
}

static char *draw(const struct bento_report *r, int w, int h, bool ascii)
{
    struct chart_opts o = {w, h, ascii};
    struct chart_lines l;
    assert_int_equal(chart_report(r, &o, &l), 0);
    assert_true(l.count <= (size_t)h);
    size_t size = 1;
    for (size_t i = 0; i < l.count; i++)
        size += strlen(l.lines[i]) + 1;
    char *text = calloc(1, size);
    for (size_t i = 0; i < l.count; i++) {
        int cells = 0;
        uint32_t cp;
        const char *s = l.lines[i];
        for (size_t n = strlen(s), st; (st = bento_utf8_step(s, n, &cp)); s += st, n -= st)
            cells++;
        if (cells > w)
            fail_msg("line %zu is %d cells, wider than %d: %s", i, cells, w, l.lines[i]);
        if (ascii)
            for (s = l.lines[i]; *s; s++)
                assert_true((unsigned char)*s < 0x80);
        strcat(text, l.lines[i]);
        strcat(text, "\n");
    }
    chart_lines_free(&l);
    return text;
}

static void golden(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/chart_%s.txt", GOLDEN_DIR, name);
    if (getenv("BENTO_UPDATE_GOLDEN")) {
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
        return;
    }
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("no golden file %s (BENTO_UPDATE_GOLDEN=1 writes it)", path);
    char want[16384];
    size_t n = fread(want, 1, sizeof want - 1, f);
    fclose(f);
    want[n] = '\0';
    if (strcmp(want, text) != 0)
        fail_msg("%s differs from the golden file; got:\n%s", name, text);
}

static void three_ways(const struct bento_report *r, const char *name)
{
    char key[64];
    char *t = draw(r, 80, 20, false);
    snprintf(key, sizeof key, "%s_80x20", name);
    golden(key, t);
    free(t);
    t = draw(r, 40, 12, false);
    snprintf(key, sizeof key, "%s_40x12", name);
    golden(key, t);
    free(t);
    t = draw(r, 80, 20, true);
    snprintf(key, sizeof key, "%s_80x20_ascii", name);
    golden(key, t);
    free(t);
}

static void test_column(void **state)
{
    struct bento_report r;
    make(&r, "Signups by source", BENTO_CHART_COLUMN,
         (const char *const[]){"Organic", "Paid", "Referral"}, 3, 12, 30, 420);
    three_ways(&r, "column");
    bento_report_free(&r);
}

static void test_area(void **state)
{
    struct bento_report r;
    make(&r, "Subscribers", BENTO_CHART_AREA, (const char *const[]){"Subscribed", "Unsubscribed"},
         2, 52, 7, 8200);
    three_ways(&r, "area");
    bento_report_free(&r);
}

static void test_line(void **state)
{
    struct bento_report r;
    make(&r, "Opens and clicks", BENTO_CHART_LINE, (const char *const[]){"Opens", "Clicks"}, 2, 52,
         7, 2600);
    three_ways(&r, "line");
    bento_report_free(&r);
}

static void test_counter(void **state)
{
    struct bento_report r = {.name = strdup("Visitors this month"),
                             .style = BENTO_CHART_COUNTER,
                             .has_number = true,
                             .number = 48213};
    three_ways(&r, "counter");
    /* a chart style with one number: a counter, and a line that says so */
    r.style = BENTO_CHART_LINE;
    char *t = draw(&r, 80, 20, false);
    assert_non_null(strstr(t, "One number sent for a line chart: shown as a counter\n"));
    assert_non_null(strstr(t, "\n48,213\n"));
    free(t);
    bento_report_free(&r);
}

/* Points for a counter: a column chart, and a line that says so; no
 * data at all: one line. */
static void test_mismatch_and_empty(void **state)
{
    struct bento_report r;
    make(&r, "Visitors", BENTO_CHART_COUNTER, (const char *const[]){NULL}, 1, 6, 30, 90);
    char *t = draw(&r, 60, 14, false);
    assert_non_null(strstr(t, "Points sent for a counter: drawn as columns"));
    assert_non_null(strstr(t, "█ (no group)"));
    free(t);
    bento_report_free(&r);
    struct bento_report e = {.style = BENTO_CHART_AREA, .has_points = true};
    t = draw(&e, 80, 20, false);
    assert_string_equal(t, "Report (area chart)\nThis report has no data to draw yet.\n");
    free(t);
}

/* Escape sequences in names become visible text; more groups than
 * glyphs are counted in the legend. */
static void test_hostile_and_many_groups(void **state)
{
    struct bento_report r;
    make(&r, "evil\x1b]0;pwned\x07", BENTO_CHART_LINE,
         (const char *const[]){"a\x1b[2J", "b", "c", "d", "e", "f", "g", "h"}, 8, 5, 30, 100);
    char *t = draw(&r, 50, 16, true);
    assert_null(strchr(t, '\x1b'));
    assert_null(strchr(t, '\x07'));
    assert_non_null(strstr(t, "evil\\e]0;pwned"));
    assert_non_null(strstr(t, "(2 more groups not shown)"));
    free(t);
    free(draw(&r, 20, 10, false)); /* every legend item cut to the width */
    bento_report_free(&r);
}

static void test_bars_and_numbers(void **state)
{
    char buf[128];
    chart_bar(5, 10, 8, false, buf, sizeof buf);
    assert_string_equal(buf, "████    ");
    chart_bar(1, 8, 2, false, buf, sizeof buf);
    assert_string_equal(buf, "▎ "); /* a quarter of a cell */
    chart_bar(10, 10, 4, true, buf, sizeof buf);
    assert_string_equal(buf, "####");
    chart_bar(0, 0, 3, true, buf, sizeof buf);
    assert_string_equal(buf, "   ");
    chart_number(1234567, buf, sizeof buf);
    assert_string_equal(buf, "1,234,567");
    chart_number(-1000, buf, sizeof buf);
    assert_string_equal(buf, "-1,000");
    chart_number(12.5, buf, sizeof buf);
    assert_string_equal(buf, "12.5");
    chart_number(999, buf, sizeof buf);
    assert_string_equal(buf, "999");
    /* found by fuzz/stats_report: a 1e308 point made the axis labels wider
     * than the chart */
    chart_number(4e307, buf, sizeof buf);
    assert_string_equal(buf, "4e+307");
    chart_number(-1e16, buf, sizeof buf);
    assert_string_equal(buf, "-1e+16");
}

/* Found by fuzz/stats_report: the y axis was as wide as its top label,
 * and in the short form a lower one can be wider ("7.5e+299" under
 * "1e+300"), so those lines ran past the chart. */
static void test_axis_fits_its_widest_label(void **state)
{
    (void)state;
    static const char body[] = "{\"data\":[{\"y\":1e300}]}";
    struct bento_report r;
    struct bento_error err;
    assert_int_equal(bento_stats_decode_report_text(body, strlen(body), &r, &err), 0);
    char *text = draw(&r, 80, 20, false); /* draw fails on a line wider than asked */
    assert_non_null(strstr(text, "7.5e+299┤"));
    assert_non_null(strstr(text, "  1e+300┤"));
    free(text);
    free(draw(&r, 24, 6, true));
    bento_report_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_column),
        cmocka_unit_test(test_area),
        cmocka_unit_test(test_line),
        cmocka_unit_test(test_counter),
        cmocka_unit_test(test_mismatch_and_empty),
        cmocka_unit_test(test_hostile_and_many_groups),
        cmocka_unit_test(test_bars_and_numbers),
        cmocka_unit_test(test_axis_fits_its_widest_label),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
