/* A resume journal as found on disk (a crash, a full disk or a hand edit
 * may have left anything there) in front of a small CSV import, which is
 * then checked and sent step by step. Input: a flag byte (bit 0: start
 * with a header line naming this very file, so the lines after it are
 * read), then the journal's lines.
 * Checked: the plan's resume figures stay within the file; and however
 * the journal points into the file, the send pass makes exactly the calls
 * and sends exactly the rows the check pass counted, each call valid
 * JSON. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bento/client.h"
#include "bento/import.h"
#include "fuzz_util.h"
#include "import_internal.h"
#include "request_internal.h"

#define BATCH 2

static const char csv[] = "email,first_name,tags\n"
                          "ada@example.com,Ada,vip\n"
                          "bad-address,Bob,\n"
                          "grace@example.com,\"Grace \"\"Amazing\"\" Hopper\",\"a;b\"\n"
                          "linus@example.com,Linus,\r\n"
                          "margaret@example.com,Margaret,apollo\n";

static char *data_path;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    data_path = fuzz_write_file("people.csv", (const uint8_t *)csv, sizeof csv - 1);
    return 0;
}

static void write_journal(const uint8_t *data, size_t size)
{
    struct import_identity id;
    struct bento_error err;
    FUZZ_CHECK(import_identity_make(&id, BENTO_IMPORT_SUBSCRIBERS, data_path, "fuzz", &err) == 0,
               "the data file is there");
    char name[64], header[4096];
    snprintf(name, sizeof name, "%s.jsonl", id.key);
    int n = 0;
    if (size > 0 && (data[0] & 1))
        n = snprintf(header, sizeof header,
                     "{\"v\":1,\"kind\":\"subscribers\",\"path\":\"%s\",\"size\":%" PRIu64
                     ",\"mtime_ns\":0,\"started\":\"2025-01-01T00:00:00Z\"}\n",
                     id.path, id.size);
    FUZZ_CHECK(n >= 0 && (size_t)n < sizeof header, "the header fits");
    size_t body = size > 0 ? size - 1 : 0;
    uint8_t *all = malloc((size_t)n + body + 1);
    FUZZ_CHECK(all != NULL, "out of memory in the harness");
    memcpy(all, header, (size_t)n);
    if (body)
        memcpy(all + n, data + 1, body);
    free(fuzz_write_file(name, all, (size_t)n + body));
    free(all);
    import_identity_free(&id);
}

static void check_plan(const struct bento_import_plan *p)
{
    FUZZ_CHECK(p->good + p->bad == p->rows && p->rows == 5, "the file's rows are all counted");
    FUZZ_CHECK(p->to_send <= p->good, "no more rows are sent than are good");
    FUZZ_CHECK(p->calls <= p->to_send && p->calls >= (p->to_send + BATCH - 1) / BATCH,
               "the calls hold the rows");
    FUZZ_CHECK(!(p->resuming && p->done_before), "an earlier run stopped or finished, not both");
    if (!p->resuming && !p->done_before)
        FUZZ_CHECK(p->to_send == p->good, "a fresh import sends every good row");
    fuzz_check_terminal_str(p->earlier_start, NULL, "the earlier start is safe to show");
}

static void send_all(struct bento_import *im, const struct bento_import_plan *plan)
{
    size_t calls = 0, rows = 0;
    struct bento_error err;
    struct bento_request *req;
    while ((req = bento_import_next_request(im, &err))) {
        cJSON *root = cJSON_Parse(req->bodies[0]);
        const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "subscribers");
        FUZZ_CHECK(cJSON_IsArray(list) && (size_t)cJSON_GetArraySize(list) == req->body_records[0],
                   "a call's body is JSON holding the records it claims");
        cJSON_Delete(root);
        struct bento_result r = {0};
        r.counts.results = (long)req->body_records[0];
        calls++;
        rows += req->body_records[0];
        bento_request_free(req);
        FUZZ_CHECK(bento_import_acknowledge(im, &r, &err) == 0, "an answered call is recorded");
    }
    if (err.kind != BENTO_OK) {
        fuzz_check_terminal_str(err.message, NULL, "an error is one safe line");
        return;
    }
    FUZZ_CHECK(calls == plan->calls, "the send makes the calls the check counted");
    FUZZ_CHECK(rows == plan->to_send, "the send sends the rows the check counted");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    write_journal(data, size);
    char rejects[4200];
    snprintf(rejects, sizeof rejects, "%s/rejects.csv", fuzz_tmpdir());
    struct bento_import_options o = {
        .kind = BENTO_IMPORT_SUBSCRIBERS,
        .path = data_path,
        .rejects_path = rejects,
        .state_dir = fuzz_tmpdir(),
        .account = "fuzz",
        .batch_size = BATCH,
    };
    struct bento_error err;
    struct bento_import *im = bento_import_open(&o, &err);
    if (!im) {
        fuzz_check_terminal_str(err.message, NULL, "an error is one safe line");
        return 0;
    }
    const struct bento_import_plan *plan = NULL;
    if (bento_import_check(im, false, &plan, &err) == 0) {
        check_plan(plan);
        if (!plan->done_before) /* callers stop there: nothing is left to send */
            send_all(im, plan);
    } else {
        fuzz_check_terminal_str(err.message, NULL, "an error is one safe line");
    }
    bento_import_free(im);
    return 0;
}
