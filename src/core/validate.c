/* Checks on values before they are sent: see include/bento/validate.h. */
#include "bento/validate.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "bento/email.h"
#include "bento/sanitize.h"
#include "import_internal.h"

#define SHOWN_MAX 64 /* bytes of the value quoted in a message */

static int refuse(struct bento_error *err, const char *what, const char *s, size_t len,
                  const char *problem)
{
    char shown[SHOWN_MAX + 8];
    size_t n = bento_sanitize(s, len, shown, SHOWN_MAX);
    if (n + 1 >= SHOWN_MAX)
        strcat(shown, "...");
    bento_error_set(err, BENTO_E_VALIDATION, "%s \"%s\" %s", what, shown, problem);
    return -1;
}

/* Offset of the first C0, DEL or C1 character (UTF-8 U+0080..U+009F), or
 * -1. s is valid UTF-8. */
static long control_at(const unsigned char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] < 0x20 || s[i] == 0x7F)
            return (long)i;
        if (s[i] == 0xC2 && i + 1 < len && s[i + 1] >= 0x80 && s[i + 1] <= 0x9F)
            return (long)i;
    }
    return -1;
}

/* Trim, then the checks every kind shares; *start and *len give the
 * trimmed value. */
static int check_common(const char *what, const char *text, const char **start, size_t *len,
                        size_t size, struct bento_error *err)
{
    const char *s = text ? text : "";
    size_t n = strlen(s);
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    *start = s;
    *len = n;
    if (!n) {
        bento_error_set(err, BENTO_E_VALIDATION, "%s is empty: type one", what);
        return -1;
    }
    if (import_utf8_invalid_at(s, n) >= 0)
        return refuse(err, what, s, n, "is not valid UTF-8: save or type it as UTF-8");
    if (control_at((const unsigned char *)s, n) >= 0)
        return refuse(err, what, s, n, "holds a control character: remove it");
    if (n >= BENTO_VALUE_MAX || (size && n >= size)) {
        char problem[64];
        snprintf(problem, sizeof problem, "is longer than %zu bytes: shorten it",
                 (size && size < BENTO_VALUE_MAX ? size : BENTO_VALUE_MAX) - 1);
        return refuse(err, what, s, n, problem);
    }
    return 0;
}

static void copy_out(char *out, size_t size, const char *s, size_t n)
{
    if (out && size) {
        memcpy(out, s, n);
        out[n] = '\0';
    }
}

int bento_validate_text(const char *what, const char *text, char *out, size_t size,
                        struct bento_error *err)
{
    const char *s;
    size_t n;
    if (check_common(what, text, &s, &n, size, err) < 0)
        return -1;
    copy_out(out, size, s, n);
    return 0;
}

int bento_validate_tag_name(const char *text, char *out, size_t size, struct bento_error *err)
{
    const char *s;
    size_t n;
    if (check_common("Tag name", text, &s, &n, size, err) < 0)
        return -1;
    if (memchr(s, ',', n))
        return refuse(err, "Tag name", s, n,
                      "holds a comma, which Bento reads as a list of tags: remove it");
    copy_out(out, size, s, n);
    return 0;
}

int bento_validate_field_key(const char *text, char *out, size_t size, struct bento_error *err)
{
    return bento_validate_text("Field key", text, out, size, err);
}

int bento_validate_email(const char *text, char *out, size_t size, struct bento_error *err)
{
    char addr[BENTO_VALUE_MAX];
    const char *s, *why = NULL;
    size_t n;
    if (check_common("Email address", text, &s, &n, size, err) < 0)
        return -1;
    copy_out(addr, sizeof addr, s, n);
    bento_email_normalize(addr);
    if (!bento_email_plausible(addr, &why)) {
        char problem[128];
        snprintf(problem, sizeof problem, "is not a plausible address: %s", why ? why : "check it");
        return refuse(err, "Email address", s, n, problem);
    }
    copy_out(out, size, addr, strlen(addr));
    return 0;
}

int bento_validate_date(const char *text, char *out, size_t size, struct bento_error *err)
{
    char date[BENTO_VALUE_MAX];
    const char *s;
    size_t n;
    if (check_common("Date", text, &s, &n, size, err) < 0)
        return -1;
    copy_out(date, sizeof date, s, n);
    if (!import_date_valid(date))
        return refuse(err, "Date", s, n,
                      "is not an ISO 8601 date: write it like 2026-03-01 or "
                      "2026-03-01T09:30:00Z");
    copy_out(out, size, s, n);
    return 0;
}

int bento_validate_id(const char *text, char *out, size_t size, struct bento_error *err)
{
    const char *s;
    size_t n;
    if (check_common("Id", text, &s, &n, size, err) < 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (!isxdigit((unsigned char)s[i]) && s[i] != '-')
            return refuse(err, "Id", s, n,
                          "is not a uuid or a numeric id: give an email address, a uuid "
                          "(hex) or an id (digits)");
    copy_out(out, size, s, n);
    return 0;
}

/* Bento documents no format for it; what every one seen holds is letters
 * and digits, so anything else (a space, a quote, a URL) is a bad paste. */
int bento_validate_site_uuid(const char *text, char *out, size_t size, struct bento_error *err)
{
    const char *s;
    size_t n;
    if (check_common("site_uuid", text, &s, &n, size, err) < 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
            return refuse(err, "site_uuid", s, n,
                          "is not a site_uuid (letters and digits only): copy it again from "
                          "Settings -> API Keys in Bento");
    if (n > 64)
        return refuse(err, "site_uuid", s, n,
                      "is longer than a site_uuid (64 characters at most): copy it again");
    copy_out(out, size, s, n);
    return 0;
}
