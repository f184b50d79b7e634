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

const struct action *app_action_for_key(const char *key, unsigned pane)
{
    for (size_t i = 0; i < bento_action_count; i++) {
        const struct action *a = &bento_actions[i];
        if (a->key && (a->flags & ACTION_CONSOLE) && (a->panes & pane) && strcmp(a->key, key) == 0)
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
