/* One email for /batch/emails, composed without any screen: the form,
 * the Liquid variables it uses, a readable-text preview, the checks made
 * before sending and the records Bento receives. The Compose pane and
 * `bento-console emails send` share it. */
#ifndef BENTO_COMPOSE_H
#define BENTO_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>

/* Bento documents no size limit for an email body. 512 KiB is the cap
 * the official Bento CLI puts on template HTML (the only figure Bento
 * publishes for a body); above 100 KiB Gmail clips a message, hiding the
 * rest of it and its unsubscribe link, so that only earns a warning. */
#define BENTO_COMPOSE_HTML_MAX (512u * 1024u)
#define BENTO_COMPOSE_HTML_WARN (100u * 1024u)

/* ---- the form ------------------------------------------------------------ */

/* One personalization: a Liquid variable and the text that replaces it. */
struct bento_kv {
    char *key;
    char *value;
};

/* Every string is owned (malloc'd) and NULL means empty. */
struct bento_compose {
    char **to; /* recipients as typed (trimmed) */
    size_t to_count;
    char *from;
    char *subject;
    char *html;
    struct bento_kv *vars; /* personalizations, in the order given */
    size_t var_count;
    bool transactional; /* also reaches unsubscribed people */
};

void bento_compose_init(struct bento_compose *c);
/* Frees everything; c is then as after bento_compose_init. */
void bento_compose_free(struct bento_compose *c);
/* dst must be initialised (it is freed first). Returns 0 or -1 (memory). */
int bento_compose_copy(struct bento_compose *dst, const struct bento_compose *src);

/* Setters copy their text; NULL or "" clears the field. They return 0,
 * or -1 when out of memory (the field is then unchanged). */
int bento_compose_set_from(struct bento_compose *c, const char *from);
int bento_compose_set_subject(struct bento_compose *c, const char *subject);
int bento_compose_set_html(struct bento_compose *c, const char *html);

/* Append one recipient, trimmed; a blank one is ignored. Not checked. */
int bento_compose_add_to(struct bento_compose *c, const char *addr);
/* Replace the recipients with those in text, separated by commas,
 * semicolons or whitespace (a To field or a pasted list). */
int bento_compose_set_to_text(struct bento_compose *c, const char *text);
/* The recipients joined with ", " (allocated; "" when none). */
char *bento_compose_to_text(const struct bento_compose *c);
void bento_compose_clear_to(struct bento_compose *c);

/* Insert or replace one personalization (key trimmed, value as given).
 * Returns 0, -1 when the key is blank, -2 when out of memory. */
int bento_compose_set_var(struct bento_compose *c, const char *key, const char *value);
/* "key=value" as given on the command line; same returns. */
int bento_compose_parse_var(struct bento_compose *c, const char *kv);
/* Returns true when the key was there. */
bool bento_compose_remove_var(struct bento_compose *c, const char *key);
/* The value, or NULL when the key is not set. */
const char *bento_compose_get_var(const struct bento_compose *c, const char *key);

/* ---- Liquid variables ---------------------------------------------------- */

#define BENTO_IN_SUBJECT 1u
#define BENTO_IN_HTML 2u

struct bento_liquid_ref {
    char *name;     /* "name", "user.first_name" */
    unsigned where; /* BENTO_IN_SUBJECT | BENTO_IN_HTML */
    unsigned uses;
    unsigned defaulted; /* uses that carry a `default` filter */
};

struct bento_liquid_refs {
    struct bento_liquid_ref *items; /* unique names, in order of first use */
    size_t count;
};

/* Add the variables that text's {{ ... }} output tags name to refs,
 * marking them `where`. Tolerant of spacing, {{- -}}, filters after `|`,
 * dotted and bracketed names (user.name, items[0] -> "items"); literals
 * ({{ "x" }}, {{ 3 }}) name no variable; {% raw %} and {% comment %}
 * blocks are skipped; an unclosed {{ ends the scan. refs must start
 * zeroed. Returns 0, or -1 when out of memory. */
int bento_liquid_scan(const char *text, unsigned where, struct bento_liquid_refs *refs);
/* The variables of the subject and the body. */
int bento_compose_variables(const struct bento_compose *c, struct bento_liquid_refs *refs);
void bento_liquid_refs_free(struct bento_liquid_refs *refs);

/* text with each {{ ... }} output tag replaced by the value of the
 * personalization it names. Filters are not applied, except that a
 * variable without a value takes its `default` filter's quoted text;
 * a tag with neither stays as written. Allocated; NULL when out of
 * memory. (Bento itself substitutes when it sends; this is for previews
 * and checks.) */
char *bento_compose_substitute(const struct bento_compose *c, const char *text);

/* ---- readable text ------------------------------------------------------- */

struct bento_span {
    size_t start, len; /* bytes */
};

/* HTML as a reader sees it: tags dropped, entities decoded, whitespace
 * collapsed, <br> a line break, <p>/<div>/headings/list items on lines
 * of their own (items start "- " or "1. "), <script>/<style>/<head>
 * dropped, images as "[image: ALT]", and each link followed by " [N]"
 * with its URL listed in links[N-1] (the same URL keeps one number).
 * The text and the links are sanitised for a terminal (sanitize.h); the
 * text is lines ending in "\n". */
struct bento_text {
    char *text;
    char **links;
    size_t link_count;
};

/* Returns 0, or -1 when out of memory (out is then empty). */
int bento_html_to_text(const char *html, struct bento_text *out);
void bento_text_free(struct bento_text *t);

/* The form as a recipient would read it: subject and body with the
 * personalizations substituted, the body as readable text. A variable
 * without a value stays as written ("{{ name }}") and its place is in
 * the *_missing spans, for highlighting. Everything is sanitised. */
struct bento_preview {
    char *subject; /* one line */
    struct bento_span *subject_missing;
    size_t subject_missing_count;
    struct bento_text body;
    struct bento_span *body_missing; /* spans in body.text */
    size_t body_missing_count;
};

int bento_compose_preview(const struct bento_compose *c, struct bento_preview *out);
void bento_preview_free(struct bento_preview *p);

/* ---- checks -------------------------------------------------------------- */

enum bento_compose_field {
    BENTO_FIELD_TO,
    BENTO_FIELD_FROM,
    BENTO_FIELD_SUBJECT,
    BENTO_FIELD_HTML,
    BENTO_FIELD_VARS,
    BENTO_FIELD_TRANSACTIONAL,
    BENTO_FIELD__COUNT
};

enum bento_severity {
    BENTO_SEV_WARNING, /* worth a look; sending is allowed */
    BENTO_SEV_ERROR    /* sending is refused */
};

#define BENTO_FINDING_MSG_MAX 192

struct bento_finding {
    enum bento_compose_field field;
    enum bento_severity severity;
    const char *code;                    /* stable name, e.g. "from_not_author" (static) */
    char message[BENTO_FINDING_MSG_MAX]; /* one sanitised line */
};

struct bento_findings {
    struct bento_finding *items; /* in field order, errors before warnings */
    size_t count;
    size_t errors, warnings;
};

/* Check the form before sending:
 *  to: at least one recipient, each a plausible bare address (email.h);
 *      a repeated one is sent once (warning);
 *  from: set, plausible, and one of `authors` (the account's author
 *      addresses, compared without case); authors == NULL means the list
 *      is not known yet and skips that part;
 *  subject: not blank, one line; body: not blank, at most
 *      BENTO_COMPOSE_HTML_MAX bytes (warning above BENTO_COMPOSE_HTML_WARN);
 *  variables: one used without a personalization is an error, unless a
 *      `default` filter covers every use; a dotted one (visitor.name) is
 *      a warning, since Bento may fill objects of its own; a
 *      personalization that nothing uses and a blank key are warnings;
 *  spam: links through URL shorteners and emoji in the subject or body
 *      (Bento says either may be flagged as spam, after which it sends
 *      one email an hour) are warnings;
 *  transactional: a warning that unsubscribed people will receive it.
 * out must start zeroed. Returns 0, or -1 when out of memory. */
int bento_compose_check(const struct bento_compose *c, const char *const *authors,
                        size_t author_count, struct bento_findings *out);
void bento_findings_free(struct bento_findings *f);

/* The most severe finding for a field (the first one listed), or NULL. */
const struct bento_finding *bento_findings_for(const struct bento_findings *f,
                                               enum bento_compose_field field);
/* "to", "from", "subject", "html", "personalizations", "transactional". */
const char *bento_compose_field_name(enum bento_compose_field field);

/* ---- what Bento receives ------------------------------------------------- */

/* The recipients, normalised (trimmed, lowercased) and de-duplicated,
 * first occurrence first; implausible ones are left out. Allocated array
 * of allocated strings; *count may be 0. Returns 0 or -1 (memory). */
int bento_compose_recipients(const struct bento_compose *c, char ***out, size_t *count);
void bento_compose_recipients_free(char **list, size_t count);

/* The /batch/emails records: one per recipient (as above) with to, from,
 * subject, html_body, transactional and personalizations (an object,
 * left out when there are none). Pass it to bento_request_batch_emails,
 * which splits it into calls. Does not check: run bento_compose_check
 * first. Returns a JSON array, or NULL when out of memory. */
cJSON *bento_compose_emails(const struct bento_compose *c);

/* A recipient's own custom fields (a JSON object), or NULL when unknown. */
typedef const cJSON *(*bento_compose_fields_fn)(const char *email, void *user);

/* bento_compose_emails, each recipient with their own personalizations:
 * a key the person has a field for (a string, number or boolean) takes
 * that value; other keys, and every key of a recipient fields_of does not
 * know, keep the form's shared value. fields_of NULL: the shared values. */
cJSON *bento_compose_emails_each(const struct bento_compose *c, bento_compose_fields_fn fields_of,
                                 void *user);

#endif
