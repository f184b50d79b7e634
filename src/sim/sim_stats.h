/* The stats the simulator serves (bento-api.md 3.8 #21, 3.9 #24-#26):
 * segments, reports, ads attribution and form responses, as constant
 * tables (seed_stats.c) that the handlers (h_stats.c) answer from. */
#ifndef SIM_STATS_H
#define SIM_STATS_H

#include "sim_internal.h"

struct sim_segment {
    const char *id, *name;
    long users, subscribers, unsubscribers;
};

enum sim_chart { SC_COUNTER, SC_COLUMN, SC_AREA, SC_LINE };

/* A counter answers `counter`; a chart `points` points per group, one
 * every `step_days` from 2026-01-05, around `base`. */
struct sim_report {
    const char *id, *name, *type;
    enum sim_chart style;
    long counter;
    const char *groups[4];
    int ngroups, points, step_days;
    long base;
    bool hostile; /* only with --seed hostile */
};

struct sim_ads_row {
    const char *dimension, *key, *label;
    long signups, customers, usd_cents, eur_cents;
    bool hostile; /* only with --seed hostile */
};

struct sim_form_response {
    const char *form, *id, *email, *name, *date, *path, *ip, *city, *country, *message;
};

const struct sim_segment *sim_stats_segment(const char *id);
const struct sim_report *sim_stats_report(const char *id, bool hostile);
/* The rows of one dimension, *n of them. */
const struct sim_ads_row *sim_stats_ads(const char *dimension, size_t *n);
const struct sim_form_response *sim_stats_responses(size_t *n);
/* What --seed hostile adds to those (rows of one dimension, contiguous). */
const struct sim_ads_row *sim_stats_ads_hostile(const char *dimension, size_t *n);
const struct sim_form_response *sim_stats_responses_hostile(size_t *n);
/* y of point i of group g: steady growth with a season and some noise. */
long sim_stats_point(const struct sim_report *rep, int g, int i);

void h_stats_segment(struct sim_req *r, struct sim_reply *out);
void h_stats_report(struct sim_req *r, struct sim_reply *out);
void h_stats_ads(struct sim_req *r, struct sim_reply *out);
void h_form_responses(struct sim_req *r, struct sim_reply *out);

#endif
