/* A file to import, written to a temporary file and taken through
 * bento_import_open, bento_import_check (writing a reject file) and the
 * step-wise send (bento_import_next_request / bento_import_acknowledge,
 * with made-up answers), so both passes walk it. Built once per reader:
 * -DFUZZ_IMPORT_SUBSCRIBERS (CSV), -DFUZZ_IMPORT_EVENTS_CSV,
 * -DFUZZ_IMPORT_EVENTS_JSONL.
 * Checked: errors are one safe line; the plan adds up (its bad rows quote
 * the file as it is: the screens sanitise them); every call's body
 * is valid JSON holding the records it claims, each with a plausible
 * address; and the send pass makes exactly the calls and sends exactly
 * the rows the check pass counted. */
#include <stdlib.h>
#include <string.h>

#include "bento/client.h"
#include "bento/email.h"
#include "bento/import.h"
#include "bento/request.h"
#include "bento/sanitize.h"
#include "fuzz_util.h"
#include "request_internal.h"

#if defined(FUZZ_IMPORT_SUBSCRIBERS)
#define KIND BENTO_IMPORT_SUBSCRIBERS
#define FILE_NAME "people.csv"
#define WRAPPER "subscribers"
#elif defined(FUZZ_IMPORT_EVENTS_CSV)
#define KIND BENTO_IMPORT_EVENTS
#define FILE_NAME "events.csv"
#define WRAPPER "events"
#elif defined(FUZZ_IMPORT_EVENTS_JSONL)
#define KIND BENTO_IMPORT_EVENTS
#define FILE_NAME "events.jsonl"
#define WRAPPER "events"
#else
#error "define FUZZ_IMPORT_<KIND>"
#endif

#define BATCH 3        /* small calls, so inputs of a few rows make several */
#define FIELD_MAX 1024 /* small limit, so inputs can reach it */

static void check_error(const struct bento_error *err)
{
    FUZZ_CHECK(err->kind != BENTO_OK && err->message[0], "a failure says why");
    fuzz_check_terminal_str(err->message, NULL, "an import error is one safe line");
    fuzz_check_terminal_str(err->detail, NULL, "an import error's detail is one safe line");
}

static void show(const char *s)
{
    char *safe = bento_sanitize_dup(s);
    FUZZ_CHECK(safe != NULL, "sanitising only fails for memory");
    fuzz_check_terminal_str(safe, NULL, "a bad row's text sanitises to safe text");
    free(safe);
}

static void check_plan(const struct bento_import_plan *p)
{
    FUZZ_CHECK(p->good + p->bad == p->rows, "every row is good or bad");
    FUZZ_CHECK(p->listed_count <= BENTO_IMPORT_LISTED && p->listed_count <= p->bad,
               "bad rows listed are bad rows");
    FUZZ_CHECK(p->bad_encoding <= p->bad, "rows with bad encoding are bad rows");
    FUZZ_CHECK(p->to_send == p->good, "a fresh import sends every good row");
    FUZZ_CHECK(p->calls >= (p->to_send + BATCH - 1) / BATCH && p->calls <= p->to_send,
               "the calls hold the rows");
    FUZZ_CHECK((p->sample != NULL) == (p->to_send > 0), "a sample when there is a row to send");
    for (size_t i = 0; i < p->listed_count; i++) {
        FUZZ_CHECK(p->listed[i].line > 0, "a bad row has a line");
        /* the file's own text, shown through the sanitiser (import_view.c, tui_import.c) */
        show(p->listed[i].column);
        show(p->listed[i].reason);
    }
}

/* One call's body: {"<wrapper>":[records]} with `records` records. */
static void check_body(const struct bento_request *req)
{
    FUZZ_CHECK(req->part_count == 1 && req->bodies[0], "an import call is one body");
    cJSON *root = cJSON_Parse(req->bodies[0]);
    FUZZ_CHECK(cJSON_IsObject(root), "an import call's body is JSON");
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, WRAPPER);
    FUZZ_CHECK(cJSON_IsArray(list), "the records are under their wrapper");
    size_t n = (size_t)cJSON_GetArraySize(list);
    FUZZ_CHECK(n == req->body_records[0] && n > 0 && n <= BATCH, "the call holds what it claims");
    const cJSON *rec;
    cJSON_ArrayForEach(rec, list) {
        const char *email = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rec, "email"));
        FUZZ_CHECK(email && bento_email_plausible(email, NULL),
                   "every record has a plausible address");
        if (KIND == BENTO_IMPORT_EVENTS) {
            const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rec, "type"));
            FUZZ_CHECK(type && type[0], "every event has a type");
        }
    }
    cJSON_Delete(root);
}

static void send_all(struct bento_import *im, const struct bento_import_plan *plan)
{
    size_t calls = 0, rows = 0;
    struct bento_error err;
    struct bento_request *req;
    while ((req = bento_import_next_request(im, &err))) {
        check_body(req);
        struct bento_result r = {0};
        r.counts.results = (long)req->body_records[0];
        calls++;
        rows += req->body_records[0];
        bento_request_free(req);
        FUZZ_CHECK(bento_import_acknowledge(im, &r, &err) == 0, "an answered call is recorded");
    }
    if (err.kind != BENTO_OK) {
        check_error(&err);
        return;
    }
    FUZZ_CHECK(calls == plan->calls, "the send makes the calls the check counted");
    FUZZ_CHECK(rows == plan->to_send, "the send sends the rows the check counted");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *path = fuzz_write_file(FILE_NAME, data, size);
    char *rejects = fuzz_write_file("rejects.csv", NULL, 0);
    struct bento_import_options o = {
        .kind = KIND,
        .path = path,
        .rejects_path = rejects,
        .state_dir = fuzz_tmpdir(),
        .account = "fuzz",
        .batch_size = BATCH,
        .field_max = FIELD_MAX,
        .restart = true,
    };
    struct bento_error err;
    struct bento_import *im = bento_import_open(&o, &err);
    if (!im) {
        check_error(&err);
    } else {
        const struct bento_import_plan *plan = NULL;
        if (bento_import_check(im, true, &plan, &err) == 0) {
            check_plan(plan);
            send_all(im, plan);
        } else {
            check_error(&err);
        }
        bento_import_free(im);
    }
    free(rejects);
    free(path);
    return 0;
}
