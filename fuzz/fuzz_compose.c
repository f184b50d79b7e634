/* One email form built from the input, through everything the Compose
 * pane and `emails send` do before sending: bento_compose_check,
 * bento_compose_preview, bento_compose_recipients, bento_compose_emails.
 * Input: NUL-separated To text, From, Subject, HTML body, personalization
 * lines (KEY=VALUE), author lines (absent: authors not known yet) and
 * flags ('t': transactional).
 * Checked: findings are ordered, counted and one safe line each; the
 * preview is safe and its highlight spans lie inside its text; what
 * would be sent agrees with the checks (a form without errors sends
 * only plausible addresses, from an author). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bento/compose.h"
#include "bento/email.h"
#include "fuzz_util.h"

enum { TO, FROM, SUBJECT, HTML, VARS, AUTHORS, FLAGS, NPARTS };

static void build(struct bento_compose *c, char **p)
{
    FUZZ_CHECK(bento_compose_set_to_text(c, p[TO]) == 0, "out of memory setting To");
    FUZZ_CHECK(bento_compose_set_from(c, p[FROM]) == 0, "out of memory setting From");
    FUZZ_CHECK(bento_compose_set_subject(c, p[SUBJECT]) == 0, "out of memory setting Subject");
    FUZZ_CHECK(bento_compose_set_html(c, p[HTML]) == 0, "out of memory setting the body");
    char *save = NULL;
    for (char *l = p[VARS] ? strtok_r(p[VARS], "\n", &save) : NULL; l;
         l = strtok_r(NULL, "\n", &save))
        FUZZ_CHECK(bento_compose_parse_var(c, l) != -2, "out of memory adding a variable");
    c->transactional = p[FLAGS] && strchr(p[FLAGS], 't');
}

/* Author lines, split in place; NULL when the part is absent. */
static char **authors_of(char *text, size_t *n)
{
    *n = 0;
    if (!text)
        return NULL;
    char **list = calloc(strlen(text) / 2 + 2, sizeof *list), *save = NULL;
    FUZZ_CHECK(list != NULL, "out of memory in the harness");
    for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
        list[(*n)++] = l;
    return list;
}

static bool has_error(const struct bento_findings *f, enum bento_compose_field field)
{
    for (size_t i = 0; i < f->count; i++)
        if (f->items[i].field == field && f->items[i].severity == BENTO_SEV_ERROR)
            return true;
    return false;
}

static void check_findings(const struct bento_findings *f)
{
    size_t errors = 0, warnings = 0;
    for (size_t i = 0; i < f->count; i++) {
        const struct bento_finding *x = &f->items[i];
        FUZZ_CHECK(x->field < BENTO_FIELD__COUNT && x->code && x->code[0], "a finding is named");
        FUZZ_CHECK(x->message[0] != '\0', "a finding says something");
        fuzz_check_terminal_str(x->message, NULL, "a finding is one safe line");
        errors += x->severity == BENTO_SEV_ERROR;
        warnings += x->severity == BENTO_SEV_WARNING;
        if (i > 0) {
            const struct bento_finding *prev = &f->items[i - 1];
            FUZZ_CHECK(prev->field < x->field ||
                           (prev->field == x->field && prev->severity >= x->severity),
                       "findings are in field order, errors first");
        }
    }
    FUZZ_CHECK(errors == f->errors && warnings == f->warnings, "findings are counted");
}

static void check_spans(const char *text, const struct bento_span *s, size_t n)
{
    size_t len = strlen(text);
    for (size_t i = 0; i < n; i++)
        FUZZ_CHECK(s[i].start <= len && s[i].len <= len - s[i].start, "a span is inside the text");
}

static void check_preview(const struct bento_compose *c)
{
    struct bento_preview pv;
    FUZZ_CHECK(bento_compose_preview(c, &pv) == 0, "the preview only fails for memory");
    fuzz_check_terminal_str(pv.subject, NULL, "the previewed subject is one safe line");
    check_spans(pv.subject, pv.subject_missing, pv.subject_missing_count);
    fuzz_check_terminal_str(pv.body.text, "\n", "the previewed body is safe");
    check_spans(pv.body.text, pv.body_missing, pv.body_missing_count);
    for (size_t i = 0; i < pv.body.link_count; i++)
        fuzz_check_terminal_str(pv.body.links[i], NULL, "a previewed link is one safe line");
    bento_preview_free(&pv);
}

/* What goes to Bento agrees with the checks. */
static void check_payload(const struct bento_compose *c, const struct bento_findings *f,
                          char **authors, size_t nauthors)
{
    char **to = NULL;
    size_t n = 0;
    FUZZ_CHECK(bento_compose_recipients(c, &to, &n) == 0, "recipients only fail for memory");
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(bento_email_plausible(to[i], NULL), "only plausible recipients are sent to");
        for (size_t j = 0; j < i; j++)
            FUZZ_CHECK(strcmp(to[i], to[j]) != 0, "each recipient gets one email");
    }
    cJSON *emails = bento_compose_emails(c);
    FUZZ_CHECK(emails && (size_t)cJSON_GetArraySize(emails) == n, "one record per recipient");
    const cJSON *first = cJSON_GetArrayItem(emails, 0);
    const char *from = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(first, "from"));
    if (first && !has_error(f, BENTO_FIELD_FROM)) {
        FUZZ_CHECK(from && bento_email_plausible(from, NULL),
                   "a sender that passed the checks is plausible as sent");
        bool author = !authors;
        for (size_t i = 0; !author && i < nauthors; i++)
            author = strcasecmp(authors[i], from) == 0;
        FUZZ_CHECK(author, "a sender that passed the checks is an author as sent");
    }
    cJSON_Delete(emails);
    bento_compose_recipients_free(to, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *p[NPARTS];
    fuzz_split(data, size, p, NPARTS);
    struct bento_compose c, copy;
    bento_compose_init(&c);
    bento_compose_init(&copy);
    build(&c, p);
    size_t nauthors;
    char **authors = authors_of(p[AUTHORS], &nauthors);

    struct bento_findings f = {0};
    FUZZ_CHECK(bento_compose_check(&c, (const char *const *)authors, nauthors, &f) == 0,
               "checking only fails for memory");
    check_findings(&f);
    check_preview(&c);
    check_payload(&c, &f, authors, nauthors);

    /* the To text survives a round trip through the field */
    char *to_text = bento_compose_to_text(&c);
    FUZZ_CHECK(to_text && bento_compose_copy(&copy, &c) == 0, "out of memory copying");
    FUZZ_CHECK(bento_compose_set_to_text(&copy, to_text) == 0, "out of memory setting To");
    FUZZ_CHECK(copy.to_count == c.to_count, "the To list reads back as written");
    for (size_t i = 0; i < c.to_count; i++)
        FUZZ_CHECK(strcmp(copy.to[i], c.to[i]) == 0, "the To list reads back as written");
    free(to_text);

    bento_findings_free(&f);
    free(authors);
    bento_compose_free(&copy);
    bento_compose_free(&c);
    fuzz_parts_free(p, NPARTS);
    return 0;
}
