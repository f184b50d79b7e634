/* A failed HTTP exchange: status and content type from the first bytes,
 * the body (not NUL-terminated) from the rest, through
 * bento_error_from_http() and bento_error_body_text(). The message and
 * the server's text must each be one terminal-safe line. */
#include <string.h>

#include "bento/error.h"
#include "fuzz_util.h"

static const char *const content_types[] = {
    NULL,        "application/json", "application/json; charset=utf-8",
    "text/html", "text/plain",       "text/html; charset=utf-8",
};

static const int statuses[] = {200, 201, 400, 401, 403, 404, 418, 422, 429, 500, 502, 503, 302, 0};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    int status = statuses[data[0] % (sizeof statuses / sizeof *statuses)];
    const char *type = content_types[data[1] % (sizeof content_types / sizeof *content_types)];
    const char *body = (const char *)data + 2;
    size_t len = size - 2;

    struct bento_error err;
    bento_error_clear(&err);
    bento_error_from_http(&err, status, type, body, len);
    FUZZ_CHECK(err.kind != BENTO_OK, "an HTTP failure is an error");
    FUZZ_CHECK(err.message[0] != '\0', "an HTTP failure says what failed");
    FUZZ_CHECK(err.http_status == status, "the status is kept");
    fuzz_check_terminal_str(err.message, NULL, "the message is one safe line");
    fuzz_check_terminal_str(err.detail, NULL, "the server's text is one safe line");
    FUZZ_CHECK(bento_error_exit_code(err.kind) > 0, "an error never exits 0");

    /* small buffers truncate whole characters only */
    char small[24];
    for (size_t n = 1; n <= sizeof small; n += 7) {
        bento_error_body_text(body, len, small, n);
        FUZZ_CHECK(strlen(small) < n, "the text fits its buffer");
        fuzz_check_terminal_str(small, NULL, "truncated server text is still safe");
    }
    return 0;
}
