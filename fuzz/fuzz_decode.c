/* One Bento response body into one decoder (chosen at build time with
 * -DFUZZ_DECODE_<NAME>). The bytes are passed as they arrived, not
 * NUL-terminated, so a read past the body is caught. Checked: an error
 * leaves the output empty and says why on one terminal-safe line; every
 * decoded string is readable and sanitises to terminal-safe text. The
 * list decoders (tags, fields, authors) must also agree with the tree
 * decoders they replaced (decode_tree.h), in one piece and cut into
 * reads, except where decode_stream.h allows them to differ. */
#include <stdlib.h>
#include <string.h>

#include "bento/decode.h"
#include "bento/sanitize.h"
#include "decode_stream.h"
#include "decode_tree.h"
#include "fuzz_util.h"

static void check_error(const struct bento_error *err)
{
    FUZZ_CHECK(err->kind != BENTO_OK, "a failed decode names an error");
    FUZZ_CHECK(err->message[0] != '\0', "a failed decode says why");
    fuzz_check_terminal_str(err->message, NULL, "the error message is one safe line");
    fuzz_check_terminal_str(err->detail, NULL, "the error detail is one safe line");
}

/* Tree and stream decoders agree; the read size comes from the body. */
__attribute__((unused)) static void same_as_tree(int kind, const char *body, size_t len)
{
    char why[512];
    size_t cut = len ? 1 + (unsigned char)body[len - 1] % 17 : 1;
    FUZZ_CHECK(bento_decode_diff(kind, body, len, 0, why, sizeof why) != 1, why);
    FUZZ_CHECK(bento_decode_diff(kind, body, len, cut, why, sizeof why) != 1, why);
}

/* What a screen does with a server string. */
__attribute__((unused)) static void show(const char *s)
{
    char *safe = bento_sanitize_dup(s);
    FUZZ_CHECK(safe != NULL, "sanitising never fails for lack of room");
    fuzz_check_terminal_str(safe, NULL, "a decoded string sanitises to safe text");
    free(safe);
}

#if defined(FUZZ_DECODE_TAGS)
static void run(const char *body, size_t len, struct bento_error *err)
{
    struct bento_tag_list l = {0};
    if (bento_decode_tags(body, len, &l, err) != 0) {
        check_error(err);
        FUZZ_CHECK(l.count == 0 && l.items == NULL, "a failed decode leaves the list empty");
    }
    for (size_t i = 0; i < l.count; i++) {
        show(l.items[i].id);
        show(l.items[i].name);
        show(l.items[i].created_at);
        show(l.items[i].discarded_at);
    }
    bento_tag_list_free(&l);
    same_as_tree(BENTO_LIST_TAGS, body, len);
}
#elif defined(FUZZ_DECODE_FIELDS)
static void run(const char *body, size_t len, struct bento_error *err)
{
    struct bento_field_list l = {0};
    if (bento_decode_fields(body, len, &l, err) != 0) {
        check_error(err);
        FUZZ_CHECK(l.count == 0 && l.items == NULL, "a failed decode leaves the list empty");
    }
    for (size_t i = 0; i < l.count; i++) {
        const struct bento_field *f = &l.items[i];
        show(f->id);
        show(f->key);
        show(f->name);
        show(f->created_at);
        FUZZ_CHECK(f->whitelisted >= -1 && f->whitelisted <= 1, "whitelisted is 1, 0 or -1");
    }
    bento_field_list_free(&l);
    same_as_tree(BENTO_LIST_FIELDS, body, len);
}
#elif defined(FUZZ_DECODE_SUBSCRIBER)
static void run(const char *body, size_t len, struct bento_error *err)
{
    struct bento_subscriber s;
    if (bento_decode_subscriber(body, len, &s, err) != 0) {
        check_error(err);
        FUZZ_CHECK(!s.found && !s.id && !s.fields && !s.tag_ids, "a failed decode is empty");
    }
    FUZZ_CHECK(s.found == (s.id != NULL && s.id[0] != '\0'), "found means an id");
    show(s.id);
    show(s.uuid);
    show(s.email);
    show(s.unsubscribed_at);
    show(s.navigation_url);
    for (size_t i = 0; i < s.tag_id_count; i++) {
        FUZZ_CHECK(s.tag_ids[i] && s.tag_ids[i][0], "tag ids are never blank");
        show(s.tag_ids[i]);
    }
    if (s.fields) {
        char *text = cJSON_PrintUnformatted(s.fields);
        show(text);
        cJSON_free(text);
    }
    bento_subscriber_free(&s);
}
#elif defined(FUZZ_DECODE_AUTHORS)
static void run(const char *body, size_t len, struct bento_error *err)
{
    struct bento_author_list l = {0};
    if (bento_decode_authors(body, len, &l, err) != 0) {
        check_error(err);
        FUZZ_CHECK(l.count == 0 && l.items == NULL, "a failed decode leaves the list empty");
    }
    for (size_t i = 0; i < l.count; i++) {
        show(l.items[i].id);
        show(l.items[i].name);
        show(l.items[i].email);
    }
    bento_author_list_free(&l);
    same_as_tree(BENTO_LIST_AUTHORS, body, len);
}
#elif defined(FUZZ_DECODE_BATCH_COUNTS)
static void run(const char *body, size_t len, struct bento_error *err)
{
    /* counts add up over the parts of a split call: start part-way */
    struct bento_batch_counts c = {.results = 5, .failed = 1};
    if (bento_decode_batch_counts(body, len, &c, err) != 0) {
        check_error(err);
        FUZZ_CHECK(c.results == 5 && c.failed == 1, "a failed decode adds nothing");
    }
    /* a second part on top (sums clamp instead of overflowing) */
    if (bento_decode_batch_counts(body, len, &c, err) != 0)
        check_error(err);
}
#elif defined(FUZZ_DECODE_SITE_STATS)
static void run(const char *body, size_t len, struct bento_error *err)
{
    struct bento_site_stats st;
    if (bento_decode_site_stats(body, len, &st, err) != 0) {
        check_error(err);
        FUZZ_CHECK(st.user_count == -1 && st.subscriber_count == -1 && st.unsubscriber_count == -1,
                   "a failed decode leaves every count absent");
    }
}
#elif defined(FUZZ_DECODE_VALIDATION)
static void run(const char *body, size_t len, struct bento_error *err)
{
    struct bento_validation v;
    if (bento_decode_validation(body, len, &v, err) != 0) {
        check_error(err);
        FUZZ_CHECK(v.verdict == BENTO_VERDICT_NONE && v.reason_count == 0 && !v.reasons,
                   "a failed decode has no verdict");
    }
    FUZZ_CHECK(v.verdict == BENTO_VERDICT_NONE || v.verdict == BENTO_VERDICT_VALID ||
                   v.verdict == BENTO_VERDICT_INVALID,
               "the verdict is one of three");
    for (size_t i = 0; i < v.reason_count; i++) {
        FUZZ_CHECK(v.reasons[i] != NULL, "every reason counted is there");
        show(v.reasons[i]);
    }
    bento_validation_free(&v);
}
#else
#error "define FUZZ_DECODE_<NAME>"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bento_error err;
    bento_error_clear(&err);
    run((const char *)data, size, &err);
    return 0;
}
