/* Resident memory around one big list: `list_rss URL` fetches /fetch/tags
 * from a simulator with the demo keys through the client (worker thread
 * and all), then prints VmRSS and VmHWM in kB before the call, with the
 * list decoded, and after bento_result_free: what a console session
 * keeps once it has let a big answer go. Built by bench/tags_list.sh
 * against the bench build's libbento_core.a. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bento/client.h"
#include "bento/request.h"

static long status_kb(const char *key)
{
    char line[256];
    long kb = -1;
    FILE *fp = fopen("/proc/self/status", "r");
    if (!fp)
        return -1;
    while (fgets(line, sizeof line, fp))
        if (!strncmp(line, key, strlen(key)))
            kb = strtol(line + strlen(key), NULL, 10);
    fclose(fp);
    return kb;
}

int main(int argc, char **argv)
{
    struct bento_client_config cfg;
    struct bento_error err;

    if (argc != 2) {
        fprintf(stderr, "usage: list_rss BASE_URL\n");
        return 2;
    }
    bento_client_config_default(&cfg);
    cfg.base_url = argv[1];
    cfg.publishable_key = "pdemo0000000000000000000000000000";
    cfg.secret_key = getenv("BENTO_SECRET_KEY");
    cfg.site_uuid = "d3m05173000000000000000000000000";
    cfg.timeout_ms = 300000;
    struct bento_client *c = bento_client_new(&cfg, &err);
    if (!c) {
        fprintf(stderr, "list_rss: %s\n", err.message);
        return 1;
    }
    long before = status_kb("VmRSS:");
    struct bento_result *r = bento_client_call(c, bento_request_tags_list());
    if (!r || r->err.kind != BENTO_OK) {
        fprintf(stderr, "list_rss: %s\n", r ? r->err.message : "no result");
        return 1;
    }
    size_t count = r->tags.count;
    long loaded = status_kb("VmRSS:");
    bento_result_free(r);
    long after = status_kb("VmRSS:");
    printf("tags %zu rss_before_kb %ld rss_loaded_kb %ld rss_after_free_kb %ld hwm_kb %ld\n", count,
           before, loaded, after, status_kb("VmHWM:"));
    bento_client_free(c);
    return 0;
}
