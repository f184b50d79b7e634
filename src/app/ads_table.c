#include "app/ads_table.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/chart.h"

const char *const app_ads_dimensions[APP_ADS_DIMENSIONS] = {"source", "campaign", "medium",
                                                            "content", "ad"};
const char *const app_ads_modes[APP_ADS_MODES] = {"all_revenue", "first_revenue", "subscriptions"};

bool app_ads_one_of(const char *const *list, size_t n, const char *v)
{
    for (size_t i = 0; v && i < n; i++)
        if (strcmp(list[i], v) == 0)
            return true;
    return false;
}

const char *app_ads_next(const char *const *list, size_t n, const char *now)
{
    for (size_t i = 0; now && i < n; i++)
        if (strcmp(list[i], now) == 0)
            return list[(i + 1) % n];
    return list[0];
}

void app_ads_money(char *buf, size_t size, const char *currency, long cents)
{
    char units[64];
    chart_number((double)(cents / 100), units, sizeof units);
    snprintf(buf, size, "%s%s%s%s.%02ld", currency ? currency : "", currency ? " " : "",
             cents < 0 && cents > -100 ? "-" : "", units, labs(cents % 100));
}

const char *app_ads_row_label(const struct bento_ads_figures *f)
{
    return f->label && *f->label ? f->label : f->key && *f->key ? f->key : "(none)";
}

long app_ads_max_signups(const struct bento_ads_stats *s)
{
    long max = 0;
    for (size_t i = 0; i < s->row_count; i++)
        max = s->rows[i].signups > max ? s->rows[i].signups : max;
    return max;
}
