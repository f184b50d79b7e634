/* A row's usage read as completion data. The usage text is the one the
 * help prints ("TAG (-e EMAIL... | -f FILE) [--via-event]"), so what
 * completes is what the help promises. */
#include "app/completion_spec.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "app/actions.h"

#define TOK_MAX 64
#define TOK_LEN 96

/* Words of a usage, a "double-quoted" span kept as one. */
static int tokenize(const char *s, char toks[][TOK_LEN], int max)
{
    int n = 0;
    while (*s && n < max) {
        while (*s == ' ')
            s++;
        size_t len = 0;
        bool quoted = false;
        for (; *s && (quoted || *s != ' '); s++) {
            quoted ^= (*s == '"');
            if (len + 1 < TOK_LEN)
                toks[n][len++] = *s;
        }
        toks[n][len] = '\0';
        n += len > 0;
    }
    return n;
}

/* "[--csv]" -> "--csv", "EMAIL..." -> "EMAIL" and *repeats. */
static void clean(char *t, bool *repeats)
{
    size_t skip = strspn(t, "[({");
    memmove(t, t + skip, strlen(t + skip) + 1);
    char *dots = strstr(t, "...");
    *repeats = dots != NULL;
    if (dots)
        *dots = '\0';
    size_t len = strlen(t);
    while (len && strchr("])},;:.", t[len - 1]))
        t[--len] = '\0';
}

static bool is_flag(const char *w)
{
    return w[0] == '-' &&
           (isalpha((unsigned char)w[1]) || (w[1] == '-' && isalpha((unsigned char)w[2])));
}

static bool is_metavar(const char *w)
{
    return (w[0] >= 'A' && w[0] <= 'Z') || w[0] == '"';
}

/* "tags delete" -> group "tags", verb "delete". */
static bool in_group(const struct action *a, const char *group)
{
    size_t len = strlen(group);
    return a && !strncmp(a->command, group, len) && a->command[len] == ' ';
}

static bool creates(const struct action *a)
{
    const char *verb = a ? strrchr(a->command, ' ') : NULL;
    return verb && (!strcmp(verb, " add") || !strcmp(verb, " create"));
}

/* What a metavariable names; flag is NULL for an argument. */
static enum comp_kind metavar_kind(const char *meta, const char *flag, const struct action *a)
{
    if (!strncmp(meta, "FILE", 4) || !strcmp(meta, "F") || !strcmp(meta, "DIR"))
        return CK_FILE;
    if (!strcmp(meta, "TAG") || !strcmp(meta, "T"))
        return CK_TAG;
    if (!strcmp(meta, "COMMAND"))
        return CK_COMMAND;
    if (!strcmp(meta, "PROFILE") || (flag && !strcmp(flag, "--profile")))
        return CK_PROFILE;
    if (strcmp(meta, "NAME") || flag || creates(a))
        return CK_NONE;
    return in_group(a, "profile") ? CK_PROFILE : in_group(a, "tags") ? CK_TAG : CK_NONE;
}

static struct comp_flag *add_flag(struct comp_spec *s, const char *name)
{
    for (int i = 0; i < s->nflags; i++)
        if (!strcmp(s->flags[i].name, name))
            return NULL; /* the usage's mention wins over the summary's */
    if (s->nflags == COMP_MAX_FLAGS || strlen(name) >= sizeof s->flags[0].name)
        return NULL;
    struct comp_flag *f = &s->flags[s->nflags++];
    memset(f, 0, sizeof *f);
    strcpy(f->name, name);
    return f;
}

/* Flags of one token ("--resume|--restart"); returns the last added. */
static struct comp_flag *add_flags(struct comp_spec *s, char *tok)
{
    struct comp_flag *last = NULL;
    char *save = NULL;
    for (char *p = strtok_r(tok, "|", &save); p; p = strtok_r(NULL, "|", &save)) {
        size_t eq = strcspn(p, "=");
        p[eq] = '\0';
        if (is_flag(p))
            last = add_flag(s, p);
    }
    return last;
}

/* An argument ("NAME", "FILE.csv|FILE.jsonl", "bash|zsh|fish"). */
static void add_arg(struct comp_spec *s, const char *tok, bool repeats, const struct action *a)
{
    if (s->nargs == COMP_MAX_ARGS || !tok[strspn(tok, "|")])
        return;
    struct comp_arg *g = &s->args[s->nargs++];
    memset(g, 0, sizeof *g);
    g->repeats = repeats;
    if (strspn(tok, "abcdefghijklmnopqrstuvwxyz-|") == strlen(tok)) {
        g->kind = CK_CHOICE;
        for (size_t i = 0; tok[i] && i + 1 < sizeof g->choices; i++)
            g->choices[i] = tok[i] == '|' ? ' ' : tok[i];
        return;
    }
    char first[TOK_LEN];
    snprintf(first, sizeof first, "%.*s", (int)strcspn(tok, "|"), tok);
    g->kind = metavar_kind(first, NULL, a);
}

/* Read text's flags (and, when args, its arguments) into s. */
static void read_usage(struct comp_spec *s, const char *text, bool args, const struct action *a)
{
    char toks[TOK_MAX][TOK_LEN];
    bool rep[TOK_MAX];
    int n = tokenize(text, toks, TOK_MAX);
    for (int i = 0; i < n; i++)
        clean(toks[i], &rep[i]);
    for (int i = 0; i < n; i++) {
        if (!is_flag(toks[i])) {
            if (args && toks[i][0])
                add_arg(s, toks[i], rep[i], a);
            continue;
        }
        bool single = !strchr(toks[i], '|');
        struct comp_flag *f = add_flags(s, toks[i]);
        if (f && single && i + 1 < n && is_metavar(toks[i + 1])) {
            f->takes_value = true;
            f->kind = metavar_kind(toks[i + 1], f->name, a);
            snprintf(f->meta, sizeof f->meta, "%.*s", (int)sizeof f->meta - 1, toks[i + 1]);
            i++;
        }
    }
}

void comp_spec_of_action(struct comp_spec *s, const struct action *a)
{
    memset(s, 0, sizeof *s);
    read_usage(s, a->args, true, a);
    read_usage(s, a->summary, false, a);
    add_flag(s, "--help");
}

void comp_spec_global(struct comp_spec *s)
{
    memset(s, 0, sizeof *s);
    for (size_t i = 0; i < app_global_option_count; i++)
        read_usage(s, app_global_options[i][0], false, NULL);
}

const struct comp_flag *comp_spec_flag(const struct comp_spec *s, const char *word)
{
    size_t len = strcspn(word, "=");
    for (int i = 0; i < s->nflags; i++)
        if (strlen(s->flags[i].name) == len && !strncmp(s->flags[i].name, word, len))
            return &s->flags[i];
    return NULL;
}
