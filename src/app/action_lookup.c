#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "app/actions.h"

/* Number of words in a command such as "tags create". */
static int command_words(const char *command)
{
    int n = 1;
    for (const char *p = command; *p; p++)
        n += (*p == ' ');
    return n;
}

static int words_match(const char *command, int argc, char *const *argv)
{
    int n = command_words(command);
    if (n > argc)
        return 0;
    const char *p = command;
    for (int i = 0; i < n; i++) {
        size_t len = strcspn(p, " ");
        if (strlen(argv[i]) != len || strncmp(p, argv[i], len) != 0)
            return 0;
        p += len + (p[len] == ' ');
    }
    return n;
}

const struct action *app_action_find(int argc, char *const *argv, int *consumed)
{
    const struct action *best = NULL;
    int best_n = 0;
    for (size_t i = 0; i < bento_action_count; i++) {
        if (bento_actions[i].flags & ACTION_KEY_DOC)
            continue; /* a key's name, not a command */
        int n = words_match(bento_actions[i].command, argc, argv);
        if (n > best_n) {
            best = &bento_actions[i];
            best_n = n;
        }
    }
    if (consumed)
        *consumed = best_n;
    return best;
}

/* A row's key is one key ("/", "Enter") or alternatives written "x/Del". */
static bool key_matches(const char *keys, const char *key)
{
    if (strcmp(keys, key) == 0)
        return true;
    size_t n = strlen(key);
    for (const char *p = keys; strlen(p) > 1; p += strcspn(p, "/") + 1) {
        if (strncmp(p, key, n) == 0 && (p[n] == '/' || p[n] == 0))
            return true;
        if (!strchr(p, '/'))
            break;
    }
    return false;
}

const struct action *app_action_for_key(const char *key, unsigned pane)
{
    for (size_t i = 0; i < bento_action_count; i++) {
        const struct action *a = &bento_actions[i];
        if (a->key && (a->flags & ACTION_CONSOLE) && (a->panes & pane) && key_matches(a->key, key))
            return a;
    }
    return NULL;
}

static int push_word(char ***words, int *count, const char *buf, size_t len)
{
    char **grown = realloc(*words, (size_t)(*count + 2) * sizeof **words);
    if (!grown)
        return -1;
    *words = grown;
    grown[*count] = strndup(buf, len);
    if (!grown[*count])
        return -1;
    grown[++*count] = NULL;
    return 0;
}

int app_action_split(const char *line, char ***words)
{
    size_t cap = strlen(line) + 1;
    char *buf = malloc(cap);
    int count = 0;
    *words = NULL;
    if (!buf)
        return -1;
    const char *p = line;
    while (*p) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        size_t len = 0;
        char quote = 0;
        for (; *p && (quote || (*p != ' ' && *p != '\t')); p++) {
            if (quote && *p == quote)
                quote = 0;
            else if (!quote && (*p == '"' || *p == '\''))
                quote = *p;
            else if (*p == '\\' && quote != '\'' && p[1])
                buf[len++] = *++p;
            else
                buf[len++] = *p;
        }
        if (quote || push_word(words, &count, buf, len) < 0) {
            free(buf);
            app_action_words_free(*words, count);
            *words = NULL;
            return -1;
        }
    }
    free(buf);
    if (!*words)
        *words = calloc(1, sizeof **words); /* no words: an empty list */
    return count;
}

void app_action_words_free(char **words, int count)
{
    if (!words)
        return;
    for (int i = 0; i < count; i++)
        free(words[i]);
    free(words);
}

const struct action *app_action(enum action_id id)
{
    return (size_t)id < bento_action_count ? &bento_actions[id] : NULL;
}

static int listed(const struct action *a, unsigned flags)
{
    return (a->flags & flags) && !(a->flags & (ACTION_HIDDEN | ACTION_KEY_DOC));
}

int app_action_group(const char *word, unsigned flags, char *buf, size_t size)
{
    size_t len = strlen(word);
    int n = 0, used = snprintf(buf, size, "%.60s:", word);
    for (size_t i = 0; i < bento_action_count && used > 0 && (size_t)used < size; i++) {
        const struct action *a = &bento_actions[i];
        if (!listed(a, flags) || strncmp(a->command, word, len) != 0 || a->command[len] != ' ')
            continue;
        used += snprintf(buf + used, size - (size_t)used, "%s %s", n++ ? "," : "",
                         a->command + len + 1);
    }
    return n;
}

/* Levenshtein distance, for strings as short as command names. */
static size_t edit_distance(const char *s, const char *t)
{
    size_t n = strlen(t), row[64];
    if (n >= 64)
        return (size_t)-1;
    for (size_t j = 0; j <= n; j++)
        row[j] = j;
    for (size_t i = 1; s[i - 1]; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= n; j++) {
            size_t up = row[j], best = diag + (s[i - 1] != t[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[n];
}

/* The first `words` words of argv joined by spaces. */
static void join_words(int argc, char *const *argv, int words, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < argc && i < words && used < size; i++) {
        int w = snprintf(buf + used, size - used, "%s%s", i ? " " : "", argv[i]);
        if (w < 0)
            return;
        used += (size_t)w;
    }
}

const struct action *app_action_suggest(int argc, char *const *argv, unsigned flags)
{
    const struct action *best = NULL;
    size_t best_d = 3; /* farther than two edits is a different word */
    for (size_t i = 0; i < bento_action_count; i++) {
        const struct action *a = &bento_actions[i];
        if (!listed(a, flags))
            continue;
        char typed[128];
        join_words(argc, argv, command_words(a->command), typed, sizeof typed);
        size_t d = edit_distance(typed, a->command);
        if (d < best_d && d * 2 < strlen(a->command)) {
            best = a;
            best_d = d;
        }
    }
    return best;
}

/* The group word nearest to `word` ("tagz": "tags"), or NULL. */
static const char *near_group(const char *word, unsigned flags, char *buf, size_t size)
{
    size_t best_d = 3;
    const char *best = NULL;
    for (size_t i = 0; i < bento_action_count; i++) {
        const struct action *a = &bento_actions[i];
        size_t len = strcspn(a->command, " ");
        if (!listed(a, flags) || !a->command[len] || len >= size)
            continue;
        memcpy(buf, a->command, len);
        buf[len] = '\0';
        size_t d = edit_distance(word, buf);
        if (d < best_d && d * 2 < len) {
            best = a->command;
            best_d = d;
        }
    }
    if (best)
        snprintf(buf, size, "%.*s", (int)strcspn(best, " "), best);
    return best ? buf : NULL;
}

void app_action_unknown(int argc, char *const *argv, unsigned flags, const char *hint, char *buf,
                        size_t size)
{
    char group[256], typed[128];
    const struct action *near = app_action_suggest(argc, argv, flags);
    int subs = app_action_group(argv[0], flags, group, sizeof group);
    if (subs && argc == 1) {
        snprintf(buf, size, "%s", group);
        return;
    }
    join_words(argc, argv, near ? command_words(near->command) : 1 + (subs > 0), typed,
               sizeof typed);
    char word[64];
    const char *guess = near   ? near->command
                        : subs ? NULL
                               : near_group(argv[0], flags, word, sizeof word);
    if (guess)
        snprintf(buf, size, "Unknown command \"%.60s\": did you mean %s?", typed, guess);
    else if (subs)
        snprintf(buf, size, "Unknown command \"%.60s\"; %s", typed, group);
    else
        snprintf(buf, size, "Unknown command \"%.60s\": %s", typed, hint);
}
