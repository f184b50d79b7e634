/* The answers behind the completion scripts: given the words typed so
 * far, what the next one may be. Commands come from the action table;
 * what a command takes from its usage (completion_spec.c). */
#include "app/completion.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "bento/error.h"
#include "bento/profile.h"
#include "app/actions.h"
#include "app/completion_spec.h"
#include "app/tag_cache.h"

/* The commands the command line runs and lists. */
static bool completes(const struct action *a)
{
    return (a->flags & ACTION_CLI) && !(a->flags & (ACTION_HIDDEN | ACTION_KEY_DOC));
}

/* How many of words a row's command matches word for word: all of its
 * words, else 0. */
static int command_match(const char *command, int n, char *const *words)
{
    int i = 0;
    for (const char *p = command; *p; i++) {
        size_t len = strcspn(p, " ");
        if (i == n || strlen(words[i]) != len || strncmp(p, words[i], len))
            return 0;
        p += len + (p[len] == ' ');
    }
    return i;
}

/* The word after `words` of a command that starts with them, or NULL. */
static const char *next_word(const char *command, int n, char *const *words, size_t *len)
{
    const char *p = command;
    for (int i = 0; i < n; i++) {
        size_t wl = strcspn(p, " ");
        if (strlen(words[i]) != wl || strncmp(p, words[i], wl) || !p[wl])
            return NULL;
        p += wl + 1;
    }
    *len = strcspn(p, " ");
    return p;
}

/* Print each next word of the commands that start with words, once. */
static void print_next_words(FILE *out, int n, char *const *words, const char *cur)
{
    for (size_t i = 0; i < bento_action_count; i++) {
        size_t len, earlier_len;
        const char *w = completes(&bento_actions[i])
                            ? next_word(bento_actions[i].command, n, words, &len)
                            : NULL;
        if (!w || strncmp(w, cur, strlen(cur)) || len < strlen(cur))
            continue;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++) {
            const char *e = completes(&bento_actions[j])
                                ? next_word(bento_actions[j].command, n, words, &earlier_len)
                                : NULL;
            seen = e && earlier_len == len && !strncmp(e, w, len);
        }
        if (!seen)
            fprintf(out, "%.*s\n", (int)len, w);
    }
}

/* Whether some command is longer than words and starts with them. */
static bool extends(int n, char *const *words)
{
    size_t len;
    for (size_t i = 0; i < bento_action_count; i++)
        if (completes(&bento_actions[i]) && next_word(bento_actions[i].command, n, words, &len))
            return true;
    return false;
}

static void print_flags(FILE *out, const struct comp_spec *s, const char *cur)
{
    for (int i = 0; i < s->nflags; i++)
        if (!strncmp(s->flags[i].name, cur, strlen(cur)))
            fprintf(out, "%s\n", s->flags[i].name);
}

static void print_profiles(FILE *out, const char *cur)
{
    char **names, *current;
    size_t count;
    struct bento_error err;
    if (bento_profile_list(&names, &count, &current, &err) < 0)
        return;
    for (size_t i = 0; i < count; i++)
        if (!strncmp(names[i], cur, strlen(cur)))
            fprintf(out, "%s\n", names[i]);
    bento_profile_list_free(names, count, current);
}

/* The profile named on the line, else the profile file's current one. */
static void line_profile(int n, char *const *words, char *buf, size_t size)
{
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (!strncmp(words[i], "--profile=", 10))
            snprintf(buf, size, "%s", words[i] + 10);
        else if (!strcmp(words[i], "--profile") && i + 1 < n)
            snprintf(buf, size, "%s", words[++i]);
    }
    char **names, *current = NULL;
    size_t count;
    struct bento_error err;
    if (!buf[0] && bento_profile_list(&names, &count, &current, &err) == 0) {
        snprintf(buf, size, "%s", current ? current : "");
        bento_profile_list_free(names, count, current);
    }
}

static void print_choices(FILE *out, const char *choices, const char *cur)
{
    for (const char *p = choices; *p; p += strspn(p, " ")) {
        size_t len = strcspn(p, " ");
        if (len >= strlen(cur) && !strncmp(p, cur, strlen(cur)))
            fprintf(out, "%.*s\n", (int)len, p);
        p += len;
    }
}

/* The line being completed: the words before the last, and the last. */
struct line {
    int n;
    char *const *words;
    const char *cur;
    struct comp_spec global;
};

static void print_kind(FILE *out, const struct comp_arg *arg, const struct line *l, int npos,
                       char *const *pos)
{
    char profile[BENTO_PROFILE_NAME_MAX];
    switch (arg->kind) {
    case CK_FILE: fputs(APP_COMPLETE_FILES "\n", out); break;
    case CK_PROFILE: print_profiles(out, l->cur); break;
    case CK_TAG:
        line_profile(l->n, l->words, profile, sizeof profile);
        app_tag_cache_print(out, profile, l->cur);
        break;
    case CK_COMMAND: print_next_words(out, npos, pos, l->cur); break;
    case CK_CHOICE: print_choices(out, arg->choices, l->cur); break;
    case CK_NONE: break;
    }
}

/* A flag's value, when the word before the last is a flag that takes one. */
static bool complete_value(FILE *out, const struct comp_spec *s, const struct line *l)
{
    const char *prev = l->n ? l->words[l->n - 1] : "";
    const struct comp_flag *f = comp_spec_flag(s, prev);
    if (!f)
        f = comp_spec_flag(&l->global, prev);
    if (!f || !f->takes_value || strchr(prev, '='))
        return false;
    struct comp_arg arg = {.kind = f->kind};
    print_kind(out, &arg, l, 0, NULL);
    return true;
}

/* The command's arguments, from words[from] on: which one is the last,
 * flags and their values left out. */
static void complete_argument(FILE *out, const struct comp_spec *s, const struct line *l, int from)
{
    char *pos[64];
    int npos = 0;
    for (int i = from; i < l->n && npos < 64; i++) {
        const struct comp_flag *f = comp_spec_flag(s, l->words[i]);
        if (!f)
            f = comp_spec_flag(&l->global, l->words[i]);
        if (l->words[i][0] == '-')
            i += f && f->takes_value && !strchr(l->words[i], '=');
        else
            pos[npos++] = l->words[i];
    }
    const struct comp_arg *arg = NULL;
    if (s->nargs && s->args[0].kind == CK_COMMAND)
        arg = &s->args[0]; /* help's words are a command's */
    else if (npos < s->nargs)
        arg = &s->args[npos];
    else if (s->nargs && s->args[s->nargs - 1].repeats)
        arg = &s->args[s->nargs - 1];
    if (arg)
        print_kind(out, arg, l, npos, pos);
}

/* After the command's words: a flag's value, a flag, or an argument. */
static void complete_command(FILE *out, const struct action *a, const struct line *l, int from)
{
    struct comp_spec s;
    comp_spec_of_action(&s, a);
    if (from <= l->n - 1 && complete_value(out, &s, l))
        return;
    if (l->cur[0] == '-') {
        print_flags(out, &s, l->cur);
        for (int i = 0; i < l->global.nflags; i++)
            if (!comp_spec_flag(&s, l->global.flags[i].name) &&
                !strncmp(l->global.flags[i].name, l->cur, strlen(l->cur)))
                fprintf(out, "%s\n", l->global.flags[i].name);
        return;
    }
    complete_argument(out, &s, l, from);
}

/* The longest command that words[start..end) begin with; *m its words. */
static const struct action *longest_command(const struct line *l, int start, int end, int *m)
{
    const struct action *best = NULL;
    *m = 0;
    for (size_t i = 0; i < bento_action_count; i++) {
        const struct action *a = &bento_actions[i];
        int n = completes(a) ? command_match(a->command, end - start, l->words + start) : 0;
        if (n > *m) {
            best = a;
            *m = n;
        }
    }
    return best;
}

void app_complete(FILE *out, int argc, char *const *argv)
{
    if (argc < 1)
        return;
    struct line l = {.n = argc - 1, .words = argv, .cur = argv[argc - 1]};
    comp_spec_global(&l.global);
    int start = 0;
    while (start < l.n && argv[start][0] == '-') {
        const struct comp_flag *f = comp_spec_flag(&l.global, argv[start]);
        start += f && f->takes_value && !strchr(argv[start], '=') ? 2 : 1;
    }
    if (start > l.n) {
        complete_value(out, &l.global, &l); /* "--profile <TAB>" */
        return;
    }
    int end = start, m;
    while (end < l.n && argv[end][0] != '-')
        end++;
    const struct action *a = longest_command(&l, start, end, &m);
    if (end == l.n && l.cur[0] != '-' && (!a || m == end - start) &&
        extends(end - start, argv + start)) {
        print_next_words(out, end - start, argv + start, l.cur);
        return;
    }
    if (a)
        complete_command(out, a, &l, start + m);
    else if (l.cur[0] == '-' && start == l.n)
        print_flags(out, &l.global, l.cur);
}
