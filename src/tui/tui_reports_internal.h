/* The Reports pane's state, private to the tui_reports*.c files: the
 * site's counts and pins (tui_reports.c) and the ads attribution view
 * (tui_reports_ads.c). */
#ifndef BENTO_TUI_REPORTS_INTERNAL_H
#define BENTO_TUI_REPORTS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "bento/model.h"
#include "bento/pins.h"
#include "bento/stats.h"

struct tui;
struct tui_hint;

/* A pin's value as drawn; kept when a refresh fails. */
struct rp_value {
    char text[96];
    bool have, loading, failed;
    struct bento_report rep; /* a report's last answer, for its chart */
    bool has_rep;
};

/* What the ads view asks for: a dimension, a revenue mode and a period
 * (the last `days` days, or from..to when days is 0). */
struct rp_ads_want {
    const char *dimension, *mode; /* entries of app/ads_table.h's lists */
    long days;
    char from[11], to[11]; /* YYYY-MM-DD, as sent */
};

/* One answer, kept for the session under the query it answers. */
struct rp_ads_answer {
    struct rp_ads_want want;
    struct bento_ads_stats stats;
    char fetched[16];
};

#define RP_ADS_CACHE 16

struct rp_ads {
    bool open, loading;
    struct rp_ads_want shown;  /* what the view draws (an answer in the cache) */
    bool have;                 /* shown has an answer */
    struct rp_ads_want asking; /* while loading */
    struct rp_ads_answer cache[RP_ADS_CACHE];
    size_t cached, next_slot;
    size_t sel, top;
};

struct reports_pane {
    struct bento_site_stats site;
    bool have, loading, opened, failed;
    char fetched[16]; /* hh:mm:ss of the answer shown */
    struct bento_pins pins;
    struct rp_value *vals; /* one per pin */
    size_t sel, top;
    long chart; /* the pin whose chart is shown, or -1 */
    bool table; /* t: the table of values under the chart */
    struct rp_ads ads;
};

/* tui_reports.c */
bool tui_reports_ascii(const struct tui *ui);
void tui_reports_stamp(struct tui *ui, char *buf, size_t size);
void tui_reports_draw_budget(struct tui *ui, int y);

/* tui_reports_ads.c */
void tui_reports_ads_draw(struct tui *ui, int y0, int rows);
bool tui_reports_ads_move(struct tui *ui, int key);
void tui_reports_ads_reload(struct tui *ui);
void tui_reports_ads_free(struct tui *ui);
const struct tui_hint *tui_reports_ads_hints(void);

#endif
