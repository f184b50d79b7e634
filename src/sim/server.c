/* Starting and stopping the simulator. libmicrohttpd runs one thread per
 * connection, so a delayed answer never holds up another client. */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sim_internal.h"

void bento_sim_options_default(struct bento_sim_options *o)
{
    memset(o, 0, sizeof *o);
    o->host = "127.0.0.1";
    o->port = 0;
    o->publishable_key = BENTO_SIM_DEMO_PUBLISHABLE;
    o->secret_key = BENTO_SIM_DEMO_SECRET;
    o->site_uuid = BENTO_SIM_DEMO_SITE;
    o->seed = "demo";
    o->rate_limit = 100;
    o->rate_window_ms = 60000;
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    struct conn_req *cr = calloc(1, sizeof *cr);
    if (cr) {
        cr->uri = strdup(uri ? uri : "");
        cr->start_ms = sim_now_ms();
    }
    return cr;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct conn_req *cr = *req_cls;
    if (!cr)
        return;
    free(cr->uri);
    free(cr->body);
    free(cr);
    *req_cls = NULL;
}

static bool append_body(struct conn_req *cr, const char *data, size_t n)
{
    if (cr->too_large || cr->len + n > SIM_MAX_BODY) {
        cr->too_large = true;
        return true; /* keep reading and discarding; answer 413 at the end */
    }
    if (cr->len + n + 1 > cr->cap) {
        size_t cap = cr->cap ? cr->cap : 4096;
        while (cap < cr->len + n + 1)
            cap *= 2;
        char *b = realloc(cr->body, cap);
        if (!b)
            return false;
        cr->body = b;
        cr->cap = cap;
    }
    memcpy(cr->body + cr->len, data, n);
    cr->len += n;
    cr->body[cr->len] = '\0';
    return true;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **req_cls)
{
    struct bento_sim *s = cls;
    struct conn_req *cr = *req_cls;
    if (!cr)
        return MHD_NO;
    if (!cr->started) {
        cr->started = true;
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > SIM_MAX_BODY) {
            /* Answer before reading the body; MHD then closes the connection. */
            cr->too_large = true;
            return sim_answer(s, c, cr, url, method);
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        bool ok = append_body(cr, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return ok ? MHD_YES : MHD_NO;
    }
    return sim_answer(s, c, cr, url, method);
}

static void quiet_logger(void *cls, const char *fm, va_list ap)
{
}

static bool resolve(const char *host, int port, struct sockaddr_storage *ss, bool *v6)
{
    struct addrinfo hints = {
        .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV};
    struct addrinfo *res = NULL;
    char portstr[16];
    snprintf(portstr, sizeof portstr, "%d", port);
    if (getaddrinfo(host, portstr, &hints, &res) != 0 || !res)
        return false;
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    *v6 = res->ai_family == AF_INET6;
    freeaddrinfo(res);
    return true;
}

static int bound_port(struct MHD_Daemon *d)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_LISTEN_FD);
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (!info || getsockname(info->listen_fd, (struct sockaddr *)&ss, &len) != 0)
        return -1;
    if (ss.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
    return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

static char *own(struct bento_sim *s, int slot, const char *v)
{
    s->owned[slot] = v ? strdup(v) : NULL;
    return s->owned[slot];
}

static bool setup_state(struct bento_sim *s, const struct bento_sim_options *o, char *err,
                        size_t errlen)
{
    for (size_t i = 0; i < o->fault_count && i < BENTO_SIM_MAX_FAULTS; i++) {
        if (!fault_parse(o->faults[i], &s->faults[i], err, errlen))
            return false;
        s->nfaults++;
    }
    /* Stats are 60 an hour at Bento; an explicit --rate-limit (anything
     * but the default) applies to stats as well so tests can reach it. */
    bool dflt = o->rate_limit == 100 && o->rate_window_ms == 60000;
    for (int f = 0; f < FAM_COUNT; f++) {
        int lim = o->rate_limit;
        int64_t win = o->rate_window_ms;
        if (f == FAM_STATS && dflt) {
            lim = 60;
            win = 3600000;
        }
        if (!limiter_init(&s->lim[f], lim, win)) {
            snprintf(err, errlen, "out of memory for the rate limiter");
            return false;
        }
    }
    store_init(&s->store);
    seed_authors(&s->store);
    if (!o->seed || strcmp(o->seed, "demo") == 0)
        seed_demo(&s->store);
    else if (strcmp(o->seed, "hostile") == 0)
        seed_hostile(&s->store);
    else if (strcmp(o->seed, "empty") != 0) {
        snprintf(err, errlen, "unknown seed '%s' (use demo, hostile or empty)", o->seed);
        return false;
    }
    seed_generate(&s->store, o->tags, o->subscribers);
    seed_content_generate(&s->store, o->broadcasts);
    if (!journal_open(&s->journal, o->journal_path)) {
        snprintf(err, errlen, "cannot open journal %s", o->journal_path);
        return false;
    }
    return true;
}

static bool listen_on(struct bento_sim *s, char *err, size_t errlen)
{
    struct sockaddr_storage ss;
    bool v6 = false;
    if (!resolve(s->opt.host, s->opt.port, &ss, &v6)) {
        snprintf(err, errlen, "cannot resolve listen address %s", s->opt.host);
        return false;
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
                     MHD_USE_POLL | (v6 ? MHD_USE_IPv6 : 0) | MHD_USE_ERROR_LOG;
    s->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR,
                                 (struct sockaddr *)&ss, MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
                                 MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
                                 MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
                                 MHD_OPTION_EXTERNAL_LOGGER, quiet_logger, s, MHD_OPTION_END);
    if (!s->daemon) {
        snprintf(err, errlen, "cannot listen on %s:%d (address in use?)", s->opt.host, s->opt.port);
        return false;
    }
    s->port = bound_port(s->daemon);
    snprintf(s->base_url, sizeof s->base_url, v6 ? "http://[%s]:%d/api/v1" : "http://%s:%d/api/v1",
             s->opt.host, s->port);
    return true;
}

struct bento_sim *sim_create(const struct bento_sim_options *o, char *errbuf, size_t errlen)
{
    struct bento_sim *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(errbuf, errlen, "out of memory");
        return NULL;
    }
    s->opt = *o;
    s->opt.host = own(s, 0, o->host ? o->host : "127.0.0.1");
    s->opt.publishable_key = own(s, 1, o->publishable_key ? o->publishable_key : "");
    s->opt.secret_key = own(s, 2, o->secret_key ? o->secret_key : "");
    s->opt.site_uuid = own(s, 3, o->site_uuid ? o->site_uuid : "");
    s->opt.seed = own(s, 4, o->seed ? o->seed : "demo");
    s->opt.journal_path = own(s, 5, o->journal_path);
    s->opt.fault_count = 0;
    pthread_mutex_init(&s->lock, NULL);
    pthread_mutex_init(&s->stop_lock, NULL);
    pthread_cond_init(&s->stop_cond, NULL);
    pthread_mutex_init(&s->journal.lock, NULL);
    if (o->fault_count > BENTO_SIM_MAX_FAULTS) {
        snprintf(errbuf, errlen, "too many --fault rules (at most %d)", BENTO_SIM_MAX_FAULTS);
    } else if (setup_state(s, o, errbuf, errlen)) {
        return s;
    }
    bento_sim_stop(s);
    return NULL;
}

struct bento_sim *bento_sim_start(const struct bento_sim_options *o, char *errbuf, size_t errlen)
{
    char dummy[8];
    if (!errbuf || !errlen) {
        errbuf = dummy;
        errlen = sizeof dummy;
    }
    errbuf[0] = '\0';
    struct bento_sim *s = sim_create(o, errbuf, errlen);
    if (s && !listen_on(s, errbuf, errlen)) {
        bento_sim_stop(s);
        return NULL;
    }
    return s;
}

int bento_sim_port(const struct bento_sim *s)
{
    return s->port;
}

const char *bento_sim_base_url(const struct bento_sim *s)
{
    return s->base_url;
}

void bento_sim_stop(struct bento_sim *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->stop_lock);
    s->stopping = true;
    pthread_cond_broadcast(&s->stop_cond);
    pthread_mutex_unlock(&s->stop_lock);
    if (s->daemon)
        MHD_stop_daemon(s->daemon);
    for (size_t i = 0; i < s->nfaults; i++)
        fault_free(&s->faults[i]);
    for (int f = 0; f < FAM_COUNT; f++)
        limiter_free(&s->lim[f]);
    if (s->store.sent_emails)
        store_free(&s->store);
    journal_close(&s->journal);
    pthread_mutex_destroy(&s->journal.lock);
    pthread_mutex_destroy(&s->lock);
    pthread_mutex_destroy(&s->stop_lock);
    pthread_cond_destroy(&s->stop_cond);
    for (size_t i = 0; i < sizeof s->owned / sizeof s->owned[0]; i++)
        free(s->owned[i]);
    free(s);
}
