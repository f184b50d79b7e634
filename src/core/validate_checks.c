/* Values for Bento's experimental checks: domains, IP addresses and
 * texts for moderation (see include/bento/validate.h). */
#include "bento/validate.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "bento/sanitize.h"
#include "import_internal.h"

static int refuse(struct bento_error *err, const char *what, const char *s, const char *problem)
{
    char shown[72];
    size_t n = bento_sanitize(s, strlen(s), shown, 64);
    if (n >= 63)
        strcat(shown, "...");
    bento_error_set(err, BENTO_E_VALIDATION, "%s \"%s\" %s", what, shown, problem);
    return -1;
}

static void copy_out(char *out, size_t size, const char *s)
{
    if (out && size)
        snprintf(out, size, "%s", s);
}

/* Letters, digits and hyphens (and UTF-8 for internationalised names),
 * 1..63 bytes, no hyphen at either end. */
static bool label_ok(const char *s, size_t n)
{
    if (n == 0 || n > 63 || s[0] == '-' || s[n - 1] == '-')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '-' && (unsigned char)s[i] < 0x80)
            return false;
    return true;
}

static const char *domain_problem(const char *d)
{
    if (strstr(d, "://"))
        return "holds a protocol: give the domain alone, e.g. example.com";
    if (strchr(d, '@'))
        return "is an email address: give the part after @";
    if (strpbrk(d, "/:?# "))
        return "holds a path, port or space: give the domain alone, e.g. example.com";
    if (strlen(d) > 253 || !strchr(d, '.'))
        return "is not a domain name: give one like example.com";
    for (const char *p = d; *p;) {
        size_t n = strcspn(p, ".");
        if (!label_ok(p, n))
            return "is not a domain name: use letters, digits, - and dots, e.g. example.com";
        p += n + (p[n] == '.');
    }
    return NULL;
}

int bento_validate_domain(const char *text, char *out, size_t size, struct bento_error *err)
{
    char d[BENTO_VALUE_MAX];
    if (bento_validate_text("Domain", text, d, sizeof d, err) < 0)
        return -1;
    size_t n = strlen(d);
    if (n > 1 && d[n - 1] == '.')
        d[n - 1] = '\0';
    for (char *p = d; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    const char *why = domain_problem(d);
    if (why)
        return refuse(err, "Domain", d, why);
    if (size && strlen(d) >= size)
        return refuse(err, "Domain", d, "is too long: shorten it");
    copy_out(out, size, d);
    return 0;
}

int bento_validate_ip(const char *text, char *out, size_t size, struct bento_error *err)
{
    char ip[BENTO_VALUE_MAX];
    unsigned char buf[16];
    if (bento_validate_text("IP address", text, ip, sizeof ip, err) < 0)
        return -1;
    if (inet_pton(AF_INET, ip, buf) != 1 && inet_pton(AF_INET6, ip, buf) != 1)
        return refuse(err, "IP address", ip,
                      "is not an IPv4 or IPv6 address: give one like 192.0.2.1 or 2001:db8::1");
    if (size && strlen(ip) >= size)
        return refuse(err, "IP address", ip, "is too long: shorten it");
    copy_out(out, size, ip);
    return 0;
}

int bento_validate_content(const char *text, char *out, size_t size, struct bento_error *err)
{
    const char *s = text ? text : "";
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (!n) {
        bento_error_set(err, BENTO_E_VALIDATION, "The text to check is empty: give one");
        return -1;
    }
    char *t = strndup(s, n);
    if (!t) {
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory");
        return -1;
    }
    int rc = 0;
    bool control = false;
    for (size_t i = 0; i < n; i++)
        control |= ((unsigned char)t[i] < 0x20 && t[i] != '\n' && t[i] != '\t') || t[i] == 0x7F;
    if (import_utf8_invalid_at(t, n) >= 0)
        rc = refuse(err, "Text", t, "is not valid UTF-8: save or type it as UTF-8");
    else if (control)
        rc = refuse(err, "Text", t, "holds a control character: remove it");
    else if (n > BENTO_CONTENT_MAX || (size && n >= size))
        rc = refuse(err, "Text", t, "is longer than 4096 bytes: check a shorter text");
    else
        copy_out(out, size, t);
    free(t);
    return rc;
}
