/* bento-sim: a loopback HTTP server (libmicrohttpd) that behaves like
 * Bento's /api/v1 as ../shared/docs/bento-api.md describes it. Used by the
 * bento-sim binary, by `bento-console --demo` (in-process) and by tests. */
#ifndef BENTO_SIM_H
#define BENTO_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Demo account credentials, documented in the README. */
#define BENTO_SIM_DEMO_PUBLISHABLE "pdemo0000000000000000000000000000"
#define BENTO_SIM_DEMO_SECRET "sdemo0000000000000000000000000000"
#define BENTO_SIM_DEMO_SITE "d3m05173000000000000000000000000"
#define BENTO_SIM_MAX_FAULTS 32

struct bento_sim_options {
    const char *host; /* default "127.0.0.1" */
    int port;         /* 0 = ephemeral */
    const char *publishable_key;
    const char *secret_key;
    const char *site_uuid;
    const char *seed;         /* "demo" (default) or "empty" */
    long tags;                /* extra generated tags (--tags N), 0 = seed only */
    long subscribers;         /* extra generated subscribers */
    long broadcasts;          /* extra generated sent broadcasts (--broadcasts N) */
    int rate_limit;           /* per family and window; 0 = off */
    int64_t rate_window_ms;   /* default 60000 */
    const char *journal_path; /* NULL = none */
    const char *faults[BENTO_SIM_MAX_FAULTS];
    size_t fault_count;
    bool search_enabled; /* /fetch/search (Enterprise) answers */
    bool quiet;          /* no log lines on stderr */
};

struct bento_sim;

void bento_sim_options_default(struct bento_sim_options *o);

/* Start serving (threads of its own). Returns NULL with a one-line
 * reason in errbuf on failure (bad fault rule, port in use, ...). */
struct bento_sim *bento_sim_start(const struct bento_sim_options *o, char *errbuf, size_t errlen);
int bento_sim_port(const struct bento_sim *s);
/* "http://HOST:PORT/api/v1" */
const char *bento_sim_base_url(const struct bento_sim *s);
void bento_sim_stop(struct bento_sim *s);

/* The i-th of the demo account's people that `bento-console --demo` opens
 * its Subscribers pane on, NULL past the last. */
const char *bento_sim_demo_person(size_t i);

#endif
