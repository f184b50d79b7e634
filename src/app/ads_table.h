/* Ads attribution (GET /stats/ads) as both front ends show it: the
 * dimensions and revenue modes Bento takes, revenue as "USD 1,234.56",
 * a breakdown row's label and the largest signups (for the bars). No
 * curses: the command line prints these, the Reports pane draws them.
 * Labels are the server's text: sanitise before the terminal. */
#ifndef BENTO_APP_ADS_TABLE_H
#define BENTO_APP_ADS_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "bento/stats.h"

#define APP_ADS_DIMENSIONS 5
#define APP_ADS_MODES 3

/* source, campaign, medium, content, ad (Bento's order). */
extern const char *const app_ads_dimensions[APP_ADS_DIMENSIONS];
/* all_revenue, first_revenue, subscriptions. */
extern const char *const app_ads_modes[APP_ADS_MODES];

/* The entry after `now` in list (the first when now is NULL, "" or
 * not in it), cycling. */
const char *app_ads_next(const char *const *list, size_t n, const char *now);

/* Whether v is one of the n entries of list. */
bool app_ads_one_of(const char *const *list, size_t n, const char *v);

/* "USD 1,234.56" from cents ("1,234.56" without a currency). */
void app_ads_money(char *buf, size_t size, const char *currency, long cents);

/* A row's label, else its key, else "(none)". */
const char *app_ads_row_label(const struct bento_ads_figures *f);

/* The largest signups of the breakdown (0 when none). */
long app_ads_max_signups(const struct bento_ads_stats *s);

#endif
