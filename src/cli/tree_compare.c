/* The tree in DIR against the account now (cli/account_tree.h): each
 * template by its id, whatever its file is called now, and every other
 * file byte for byte. The hash each .json keeps of what was exported
 * tells who changed a template since: the tree, Bento, or both. */
#include "cli/account_tree.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bento/sanitize.h"
#include "app/app.h"
#include "app/text_diff.h"
#include "cli/output.h"

static bool same(const char *a, const char *b)
{
    return !strcmp(a ? a : "", b ? b : "");
}

static int add_note(struct tree_note **list, size_t *count, const char *file, const char *why)
{
    struct tree_note *grown = realloc(*list, (*count + 1) * sizeof *grown);
    if (!grown)
        return -1;
    *list = grown;
    struct tree_note *n = &grown[*count];
    n->file = strdup(file);
    n->why = strdup(why);
    if (!n->file || !n->why) {
        free(n->file);
        free(n->why);
        return -1;
    }
    (*count)++;
    return 0;
}

static int note(struct tree_compare *c, const char *file, const char *why)
{
    return add_note(&c->notes, &c->nnotes, file, why);
}

/* The tree's version differs from what was exported but not from Bento. */
static bool applied_since(const struct app_export_meta *m, const char *tree_html)
{
    char tree_hash[APP_EXPORT_HASH_SIZE];
    app_export_hash(m->subject, tree_html, tree_hash);
    return m->hash && strcmp(tree_hash, m->hash);
}

/* The email .json of t whose id is id, parsed into *m. */
static const struct app_export_file *email_by_id(const struct app_export_tree *t, const char *id,
                                                 struct app_export_meta *m)
{
    for (size_t i = 0; i < t->count; i++) {
        if (!app_export_is_email(t->items[i].rel, ".json") ||
            app_export_meta_parse(&t->items[i], m) < 0)
            continue;
        if (!strcmp(m->id, id))
            return &t->items[i];
        app_export_meta_free(m);
    }
    return NULL;
}

static const char *body(const struct app_export_tree *t, const char *json_rel, char *rel,
                        size_t size)
{
    app_export_sibling(json_rel, ".html", rel, size);
    const struct app_export_file *f = app_export_find(t, rel);
    return f ? f->data : NULL;
}

static int add_change(struct tree_compare *c, const struct tree_change *ch)
{
    struct tree_change *grown = realloc(c->changes, (c->nchanges + 1) * sizeof *grown);
    if (!grown)
        return -1;
    c->changes = grown;
    c->changes[c->nchanges++] = *ch;
    return 0;
}

static enum tree_state state_of(const struct app_export_meta *m, const char *tree_html,
                                const struct app_export_meta *now, const char *now_html)
{
    char tree_hash[APP_EXPORT_HASH_SIZE], now_hash[APP_EXPORT_HASH_SIZE];
    app_export_hash(m->subject, tree_html, tree_hash);
    app_export_hash(now->subject, now_html, now_hash);
    if (m->hash && !strcmp(tree_hash, m->hash))
        return TREE_ON_BENTO;
    if (m->hash && !strcmp(now_hash, m->hash))
        return TREE_CHANGED;
    return TREE_CONFLICT;
}

static int compare_email(struct tree_compare *c, const struct app_export_file *f)
{
    struct app_export_meta m, now;
    char rel[512], now_rel[512], why[200];
    if (app_export_meta_parse(f, &m) < 0)
        return note(c, f->rel, "not an email export wrote (no \"id\"): left alone");
    const char *html = body(&c->tree, f->rel, rel, sizeof rel);
    const struct app_export_file *nf = email_by_id(&c->now, m.id, &now);
    int rc = 0;
    if (!html) {
        rc = note(c, rel, "deleted from the tree: apply cannot delete emails (the API has no way)");
    } else if (!nf) {
        snprintf(why, sizeof why,
                 "template %.64s is no longer on the account: nothing to apply "
                 "it to",
                 m.id);
        rc = note(c, rel, why);
    } else {
        const char *now_html = body(&c->now, nf->rel, now_rel, sizeof now_rel);
        if (!same(m.subject, now.subject) || !same(html, now_html)) {
            struct tree_change ch = {state_of(&m, html, &now, now_html),
                                     m.id,
                                     strdup(rel),
                                     m.subject,
                                     now.subject,
                                     html,
                                     now_html};
            m.id = m.subject = now.subject = NULL; /* now the change's */
            rc = !ch.file || add_change(c, &ch) < 0 ? -1 : 0;
            if (rc)
                free(ch.id), free(ch.file), free(ch.tree_subject), free(ch.now_subject);
        } else if (applied_since(&m, html)) {
            rc = add_note(&c->done, &c->ndone, rel, m.id);
        }
    }
    app_export_meta_free(&m);
    if (nf)
        app_export_meta_free(&now);
    return rc;
}

/* Why a file other than an email differs, for the user. */
static const char *cannot(const char *rel)
{
    if (!strcmp(rel, "tags.csv"))
        return "differs from the account's tags: apply does not change tags (tags create and "
               "tags delete do)";
    if (!strcmp(rel, "fields.csv"))
        return "differs from the account's fields: apply does not change fields (fields create "
               "does)";
    return "differs from the account: the API cannot change broadcasts";
}

static int tree_side(struct tree_compare *c, const struct app_export_file *f)
{
    char json[512];
    if (app_export_is_email(f->rel, ".json"))
        return compare_email(c, f);
    if (app_export_is_email(f->rel, ".html")) {
        app_export_sibling(f->rel, ".json", json, sizeof json);
        return app_export_find(&c->tree, json)
                   ? 0
                   : note(c, f->rel,
                          "a new file: apply cannot add emails (sequences add-email "
                          "can)");
    }
    const struct app_export_file *now = app_export_find(&c->now, f->rel);
    if (!now)
        return note(c, f->rel, "not on the account: the API cannot create it from a file");
    if (now->len != f->len || memcmp(now->data, f->data, f->len))
        return note(c, f->rel, cannot(f->rel));
    return 0;
}

static int account_side(struct tree_compare *c, const struct app_export_file *f)
{
    struct app_export_meta m, other;
    if (app_export_is_email(f->rel, ".html"))
        return 0;
    if (app_export_is_email(f->rel, ".json")) {
        if (app_export_meta_parse(f, &m) < 0)
            return 0;
        bool there = email_by_id(&c->tree, m.id, &other) != NULL;
        if (there)
            app_export_meta_free(&other);
        app_export_meta_free(&m);
        if (there)
            return 0;
        char rel[512];
        app_export_sibling(f->rel, ".html", rel, sizeof rel);
        return note(c, rel, "on the account but not in the tree: export again to add it");
    }
    return app_export_find(&c->tree, f->rel)
               ? 0
               : note(c, f->rel, "on the account but not in the tree: export again to add it");
}

int tree_compare_run(struct app *app, const char *dir, struct tree_compare *c)
{
    struct bento_error err;
    memset(c, 0, sizeof *c);
    if (app_export_read(dir, &c->tree, &err) < 0)
        return out_fail(app, &err);
    int rc = account_tree_fetch(app, &c->now);
    for (size_t i = 0; !rc && i < c->tree.count; i++)
        rc = tree_side(c, &c->tree.items[i]) < 0 ? -1 : 0;
    for (size_t i = 0; !rc && i < c->now.count; i++)
        rc = account_side(c, &c->now.items[i]) < 0 ? -1 : 0;
    if (rc < 0) {
        bento_error_set(&err, BENTO_E_NOMEM, "Out of memory comparing %.200s", dir);
        rc = out_fail(app, &err);
    }
    if (rc)
        tree_compare_free(c);
    return rc;
}

void tree_compare_free(struct tree_compare *c)
{
    for (size_t i = 0; i < c->nchanges; i++) {
        free(c->changes[i].id);
        free(c->changes[i].file);
        free(c->changes[i].tree_subject);
        free(c->changes[i].now_subject);
    }
    for (size_t i = 0; i < c->nnotes; i++) {
        free(c->notes[i].file);
        free(c->notes[i].why);
    }
    for (size_t i = 0; i < c->ndone; i++) {
        free(c->done[i].file);
        free(c->done[i].why);
    }
    free(c->changes);
    free(c->notes);
    free(c->done);
    app_export_tree_free(&c->tree);
    app_export_tree_free(&c->now);
    memset(c, 0, sizeof *c);
}

static char *version_text(const char *subject, const char *html)
{
    size_t n = strlen(subject ? subject : "") + strlen(html ? html : "") + 16;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "Subject: %s\n\n%s", subject ? subject : "", html ? html : "");
    return s;
}

char *tree_change_diff(const struct tree_change *ch, struct bento_error *err)
{
    char label[200];
    snprintf(label, sizeof label, "template %.64s (on Bento)", ch->id);
    char *a = version_text(ch->now_subject, ch->now_html);
    char *b = version_text(ch->tree_subject, ch->tree_html), *d = NULL;
    if (a && b)
        d = app_text_diff(label, a, ch->file, b, err);
    else
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory making the diff");
    free(a);
    free(b);
    return d;
}

const char *tree_state_name(enum tree_state s)
{
    return s == TREE_CHANGED ? "changed" : s == TREE_CONFLICT ? "conflict" : "changed on Bento";
}

/* Each line made safe but kept whole (indentation too), so the output
 * stays a patch; -/+ carry the meaning, colour only helps on a terminal. */
void tree_print_diff(struct app *app, FILE *out, const char *diff)
{
    bool colour = !app->no_color && isatty(fileno(out));
    for (const char *p = diff; *p;) {
        size_t n = strcspn(p, "\n");
        const char *on = !colour                ? NULL
                         : !strncmp(p, "@@", 2) ? "\033[36m"
                         : *p == '-'            ? "\033[31m"
                         : *p == '+'            ? "\033[32m"
                                                : NULL;
        char *raw = malloc(n + 1), *safe = NULL;
        if (raw) {
            memcpy(raw, p, n);
            raw[n] = '\0';
            safe = bento_sanitize_dup(raw);
        }
        fprintf(out, "%s%s%s\n", on ? on : "", safe ? safe : "", on ? "\033[0m" : "");
        free(raw);
        free(safe);
        p += n + (p[n] == '\n');
    }
}
