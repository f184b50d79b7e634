/* Tab completion in the console's prompts: command words on the `:`
 * line, tag names, field keys, addresses and files in the questions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <readline/readline.h>

#include "app/actions.h"
#include "tui/tui.h"
#include "tui/tui_commands.h"

/* readline's callbacks carry no user pointer. */
static struct tui *cx_ui;

#define CANDS_MAX 256
static char *cands[CANDS_MAX];
static int cand_count;
static bool complete_tags;
static bool complete_files;

void prompt_cand_add(const char *word, size_t len)
{
    for (int i = 0; i < cand_count; i++)
        if (strlen(cands[i]) == len && !strncmp(cands[i], word, len))
            return;
    if (cand_count < CANDS_MAX)
        cands[cand_count++] = strndup(word, len);
}

static void free_cands(void)
{
    for (int i = 0; i < cand_count; i++)
        free(cands[i]);
    cand_count = 0;
}

static char *generator(const char *text, int state)
{
    static size_t idx;
    size_t len = strlen(text);
    if (!state)
        idx = 0;
    if (complete_tags) {
        const char *name;
        while ((name = tui_tag_name_at(cx_ui, idx++)) != NULL) {
            if (!strncmp(name, text, len))
                return strdup(name);
        }
        return NULL;
    }
    while (idx < (size_t)cand_count) {
        const char *c = cands[idx++];
        if (c && !strncmp(c, text, len))
            return strdup(c);
    }
    return NULL;
}

/* Word n of every command whose first n words are the words typed. */
static void command_cands(char **words, int n)
{
    for (size_t i = 0; i < bento_action_count; i++) {
        const struct action *a = &bento_actions[i];
        /* what ? help leaves out is not offered either */
        if (!(a->flags & ACTION_CONSOLE) || (a->flags & ACTION_HIDDEN) || !tui_handlers[a->id])
            continue;
        const char *p = a->command;
        int w = 0;
        for (; w < n && *p; w++) {
            size_t len = strcspn(p, " ");
            if (strlen(words[w]) != len || strncmp(p, words[w], len) != 0)
                break;
            p += len + (p[len] == ' ');
        }
        if (w < n)
            continue;
        if (*p)
            prompt_cand_add(p, strcspn(p, " "));
        else if (!strcmp(a->command, "tags delete") || !strcmp(a->command, "filter") ||
                 !strncmp(a->command, "subscribers tag", 15) ||
                 !strcmp(a->command, "subscribers untag"))
            complete_tags = true;
        else if (n == 2 && (!strcmp(a->command, "subscribers set-field") ||
                            !strcmp(a->command, "subscribers unset-field")))
            subs_complete_fields(cx_ui);
    }
}

static char **complete_cb(const char *text, int start, int end)
{
    (void)end;
    rl_attempted_completion_over = 1;
    /* Only the `:` line separates words: elsewhere the answer is the whole
     * line, and the space readline appends after a unique match would be
     * sent as part of it ("plan " beside "plan"). */
    rl_completion_suppress_append = cx_ui->prompt_kind != PR_COMMAND;
    free_cands();
    complete_tags = cx_ui->prompt_kind == PR_FILTER;
    if (cx_ui->prompt_kind == PR_COMMAND) {
        char *before = strndup(rl_line_buffer, (size_t)start), **words = NULL;
        int n = before ? app_action_split(before, &words) : -1;
        if (n > 0 && !words[0])
            n = 0; /* app_action_split reports a blank line as one NULL word */
        if (n >= 0)
            command_cands(words, n);
        app_action_words_free(words, n);
        free(before);
    }
    if (cx_ui->prompt_kind == PR_BROADCAST)
        complete_tags = tui_broadcasts_prompt_tags(cx_ui);
    complete_files = false;
    if (cx_ui->prompt_kind == PR_LOOKUP || cx_ui->prompt_kind == PR_ASK) {
        enum tui_complete more = subs_complete(cx_ui, cx_ui->prompt_kind == PR_LOOKUP);
        complete_tags = complete_tags || more == AC_TAGS;
        complete_files = more == AC_FILES;
    }
    if (complete_files)
        return rl_completion_matches(text, rl_filename_completion_function);
    if (!complete_tags && cand_count == 0)
        return NULL;
    return rl_completion_matches(text, generator);
}

/* An address is one word: readline's default breaks would complete
 * only what follows its @ ("ada@ada@example.com"). */
static char *word_breaks_cb(void)
{
    if (cx_ui->prompt_kind == PR_BROADCAST && tui_broadcasts_prompt_tags(cx_ui))
        return ", "; /* each name of a comma list on its own */
    return cx_ui->prompt_kind == PR_LOOKUP ? "" : NULL;
}

static void show_matches_cb(char **matches, int num, int max_len)
{
    (void)max_len;
    char line[400];
    size_t len = (size_t)snprintf(line, sizeof line, "%d matches:", num);
    for (int i = 1; i <= num && len < sizeof line; i++)
        len += (size_t)snprintf(line + len, sizeof line - len, " %s", matches[i]);
    tui_flash(cx_ui, false, "%s", line);
    tui_draw(cx_ui);
}

void prompt_complete_init(struct tui *ui)
{
    cx_ui = ui;
    rl_attempted_completion_function = complete_cb;
    rl_completion_display_matches_hook = show_matches_cb;
    rl_completion_word_break_hook = word_breaks_cb;
    rl_completion_query_items = -1;
}

void prompt_complete_free(void)
{
    free_cands();
    cx_ui = NULL;
}
