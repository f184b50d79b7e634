#include "bento/email.h"

#include <ctype.h>
#include <string.h>

static bool label_char(unsigned char c)
{
    return isalnum(c) || c == '-' || c >= 0x80;
}

static const char *check_domain(const char *d)
{
    size_t len = strlen(d);
    if (len == 0)
        return "nothing after @";
    const char *last = strrchr(d, '.');
    if (!last)
        return "the domain has no dot";
    for (const char *label = d; label <= last; label = strchr(label, '.') + 1) {
        size_t n = strcspn(label, ".");
        if (n == 0 || n > 63)
            return "an empty or too long part in the domain";
        if (label[0] == '-' || label[n - 1] == '-')
            return "a domain part starts or ends with a hyphen";
        for (size_t i = 0; i < n; i++)
            if (!label_char((unsigned char)label[i]))
                return "a character not allowed in a domain";
        if (label == last)
            break;
    }
    size_t tld = strlen(last + 1);
    if (tld < 2)
        return "the domain ending is too short";
    for (size_t i = 0; i < tld; i++)
        if (isdigit((unsigned char)last[1 + i]) || last[1 + i] == '-')
            return "the domain ending is not a name";
    return NULL;
}

static const char *check(const char *s)
{
    size_t len = strlen(s);
    if (len == 0)
        return "empty";
    if (len > 254)
        return "longer than 254 characters";
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == 0x7f || strchr("<>(),;:\\\"[]", *p))
            return "contains a space or a character not allowed in an address";
    const char *at = strchr(s, '@');
    if (!at)
        return "missing @";
    if (strchr(at + 1, '@'))
        return "more than one @";
    size_t local = (size_t)(at - s);
    if (local == 0)
        return "nothing before @";
    if (local > 64)
        return "the part before @ is longer than 64 characters";
    if (s[0] == '.' || at[-1] == '.' || strstr(s, ".."))
        return "a misplaced dot before @";
    return check_domain(at + 1);
}

bool bento_email_plausible(const char *s, const char **why)
{
    const char *problem = s ? check(s) : "empty";
    if (why)
        *why = problem;
    return problem == NULL;
}

char *bento_email_normalize(char *s)
{
    char *start = s;
    while (isspace((unsigned char)*start))
        start++;
    size_t len = strlen(start);
    while (len > 0 && isspace((unsigned char)start[len - 1]))
        len--;
    memmove(s, start, len);
    s[len] = '\0';
    for (char *p = s; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return s;
}
