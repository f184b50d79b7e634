/* The `:`, `/` and tag-name prompts on GNU readline's callback interface.
 * The poll loop hands bytes to readline one key at a time; readline never
 * touches the terminal (its streams are /dev/null, its terminal prep and
 * signal handling are off) and draws through our redisplay function. */
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <wchar.h>
#include <readline/history.h>
#include <readline/readline.h>

#include "app/actions.h"
#include "tui/tui.h"

#define HISTORY_MAX 500
#define QUEUE_MAX 64

/* readline's callbacks carry no user pointer. */
static struct tui *rl_ui;
static unsigned char queue[QUEUE_MAX];
static int q_head, q_len;
static HISTORY_STATE *states[PR__COUNT];
static FILE *null_in, *null_out;
static char *done_line;
static bool line_done;

static const char *const history_names[PR__COUNT] = {"history", "filter-history", NULL,
                                                     "lookup-history", NULL, NULL};
static const char *const prompt_texts[PR__COUNT] = {":", "/", "New tag name: ",
                                                    "Look up (email or uuid): ", NULL, NULL};

/* PR_ASK's text is the Subscribers pane's current question. */
static const char *prompt_text(const struct tui *ui, enum tui_prompt_kind kind)
{
    if (kind == PR_COMPOSE)
        return compose_prompt_text(ui);
    return kind == PR_ASK ? ui->subs.ask.prompt : prompt_texts[kind];
}

static int getc_cb(FILE *f)
{
    (void)f;
    if (q_len == 0)
        return EOF;
    int c = queue[q_head];
    q_head = (q_head + 1) % QUEUE_MAX;
    q_len--;
    return c;
}

static int available_cb(void)
{
    return q_len > 0;
}

static void push_bytes(const char *s, size_t n)
{
    for (size_t i = 0; i < n && q_len < QUEUE_MAX; i++) {
        queue[(q_head + q_len) % QUEUE_MAX] = (unsigned char)s[i];
        q_len++;
    }
}

static void redisplay_cb(void)
{
    if (rl_ui) {
        prompt_draw(rl_ui);
        doupdate();
    }
}

static void line_cb(char *line)
{
    done_line = line;
    line_done = true;
    rl_callback_handler_remove();
}

/* ---- history -------------------------------------------------------- */

static char *history_path(const char *name)
{
    const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    char dir[1024];
    if (state && *state)
        snprintf(dir, sizeof dir, "%s/bento-console", state);
    else if (home && *home)
        snprintf(dir, sizeof dir, "%s/.local/state/bento-console", home);
    else
        return NULL;
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%s/%s", dir, name);
    return path;
}

static void make_parent_dirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        if (mkdir(path, 0700) < 0 && errno != EEXIST) {
            *p = '/';
            return;
        }
        *p = '/';
    }
}

static void use_state(enum tui_prompt_kind kind)
{
    history_set_history_state(states[kind]);
    stifle_history(HISTORY_MAX);
    using_history();
}

static void save_state(enum tui_prompt_kind kind)
{
    HISTORY_STATE *now = history_get_history_state();
    if (!now)
        return;
    free(states[kind]);
    states[kind] = now;
}

/* Keep one copy of each line, the newest. */
static void add_unique(const char *line)
{
    for (int i = history_length - 1; i >= 0; i--) {
        HIST_ENTRY *h = history_get(history_base + i);
        if (h && h->line && !strcmp(h->line, line)) {
            HIST_ENTRY *old = remove_history(i);
            if (old)
                free_history_entry(old);
        }
    }
    add_history(line);
}

/* ---- completion ------------------------------------------------------- */

#define CANDS_MAX 256
static char *cands[CANDS_MAX];
static int cand_count;
static bool complete_tags;
static bool complete_files;

static void add_cand(const char *word, size_t len)
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
        const struct tags_model *m = &rl_ui->tags;
        while (idx < m->count) {
            const char *name = m->rows[idx++].raw_name;
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

static void field_cands(struct tui *ui);

/* Word n of every command whose first n words are the words typed. */
static void command_cands(char **words, int n)
{
    for (size_t i = 0; i < bento_action_count; i++) {
        const struct action *a = &bento_actions[i];
        if (!(a->flags & ACTION_CONSOLE))
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
            add_cand(p, strcspn(p, " "));
        else if (!strcmp(a->command, "tags delete") || !strcmp(a->command, "filter") ||
                 !strncmp(a->command, "subscribers tag", 15) ||
                 !strcmp(a->command, "subscribers untag"))
            complete_tags = true;
        else if (n == 2 && (!strcmp(a->command, "subscribers set-field") ||
                            !strcmp(a->command, "subscribers unset-field")))
            field_cands(rl_ui);
    }
}

static void add_cands_json_keys(const cJSON *obj)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, obj) add_cand(it->string, strlen(it->string));
}

/* Field keys: the account's and the selected person's own. */
static void field_cands(struct tui *ui)
{
    struct subs_pane *p = &ui->subs;
    struct bento_cached_sub *e = subs_selected(ui);
    for (size_t i = 0; i < p->field_count; i++)
        add_cand(p->field_keys[i], strlen(p->field_keys[i]));
    if (e)
        add_cands_json_keys(e->sub.fields);
    if (!p->fields_loaded)
        subs_load_fields(ui); /* for the next Tab */
}

/* What Tab offers in the Subscribers pane's prompts. */
static void subs_cands(struct tui *ui)
{
    struct subs_pane *p = &ui->subs;
    struct bento_cached_sub *e = bento_subcache_find(&p->cache, p->ask.email);
    if (ui->prompt_kind == PR_LOOKUP) {
        for (size_t i = 0; i < p->cache.count; i++)
            add_cand(p->cache.items[i].email, strlen(p->cache.items[i].email));
        return;
    }
    switch (p->ask.complete) {
    case AC_TAGS: complete_tags = true; break;
    case AC_PERSON_TAGS:
        for (size_t i = 0; e && i < e->tag_name_count; i++)
            add_cand(e->tag_names[i], strlen(e->tag_names[i]));
        break;
    case AC_FIELDS:
        for (size_t i = 0; i < p->field_count; i++)
            add_cand(p->field_keys[i], strlen(p->field_keys[i]));
        __attribute__((fallthrough)); /* the person's own keys too */
    case AC_PERSON_FIELDS:
        if (e)
            add_cands_json_keys(e->sub.fields);
        break;
    case AC_FILES: complete_files = true; break;
    case AC_NONE: break;
    }
}

static char **complete_cb(const char *text, int start, int end)
{
    (void)end;
    rl_attempted_completion_over = 1;
    /* Only the `:` line separates words: elsewhere the answer is the whole
     * line, and the space readline appends after a unique match would be
     * sent as part of it ("plan " beside "plan"). */
    rl_completion_suppress_append = rl_ui->prompt_kind != PR_COMMAND;
    free_cands();
    complete_tags = rl_ui->prompt_kind == PR_FILTER;
    if (rl_ui->prompt_kind == PR_COMMAND) {
        char *before = strndup(rl_line_buffer, (size_t)start), **words = NULL;
        int n = before ? action_split(before, &words) : -1;
        if (n > 0 && !words[0])
            n = 0; /* action_split reports a blank line as one NULL word */
        if (n >= 0)
            command_cands(words, n);
        action_words_free(words, n);
        free(before);
    }
    complete_files = false;
    if (rl_ui->prompt_kind == PR_LOOKUP || rl_ui->prompt_kind == PR_ASK)
        subs_cands(rl_ui);
    if (complete_files)
        return rl_completion_matches(text, rl_filename_completion_function);
    if (!complete_tags && cand_count == 0)
        return NULL;
    return rl_completion_matches(text, generator);
}

static void show_matches_cb(char **matches, int num, int max_len)
{
    (void)max_len;
    char line[400];
    size_t len = (size_t)snprintf(line, sizeof line, "%d matches:", num);
    for (int i = 1; i <= num && len < sizeof line; i++)
        len += (size_t)snprintf(line + len, sizeof line - len, " %s", matches[i]);
    tui_flash(rl_ui, false, "%s", line);
    tui_draw(rl_ui);
}

/* ---- lifecycle -------------------------------------------------------- */

void prompt_init(struct tui *ui)
{
    rl_ui = ui;
    null_in = fopen("/dev/null", "re");
    null_out = fopen("/dev/null", "we");
    rl_instream = null_in;
    rl_outstream = null_out;
    rl_readline_name = "bento-console";
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_change_environment = 0;
    rl_prep_term_function = NULL;
    rl_deprep_term_function = NULL;
    rl_getc_function = getc_cb;
    rl_input_available_hook = available_cb;
    rl_redisplay_function = redisplay_cb;
    rl_attempted_completion_function = complete_cb;
    rl_completion_display_matches_hook = show_matches_cb;
    rl_completion_query_items = -1;
    rl_variable_bind("bell-style", "none");
    rl_variable_bind("page-completions", "off");
    using_history();
    HISTORY_STATE empty;
    memset(&empty, 0, sizeof empty);
    for (int k = 0; k < PR__COUNT; k++) {
        history_set_history_state(&empty);
        stifle_history(HISTORY_MAX);
        char *path = history_names[k] ? history_path(history_names[k]) : NULL;
        if (path)
            read_history(path);
        free(path);
        states[k] = history_get_history_state();
    }
}

void prompt_shutdown(struct tui *ui)
{
    if (ui->prompt_active)
        prompt_key(ui, 27);
    HISTORY_STATE empty;
    memset(&empty, 0, sizeof empty);
    for (int k = 0; k < PR__COUNT; k++) {
        if (!states[k])
            continue;
        history_set_history_state(states[k]);
        char *path = history_names[k] ? history_path(history_names[k]) : NULL;
        if (path && history_length > 0) {
            make_parent_dirs(path);
            write_history(path);
        }
        free(path);
        clear_history();
        free(history_list());
        history_set_history_state(&empty);
        free(states[k]);
        states[k] = NULL;
    }
    free_cands();
    rl_ui = NULL;
    if (null_in)
        fclose(null_in);
    if (null_out)
        fclose(null_out);
    null_in = null_out = NULL;
}

void prompt_open(struct tui *ui, enum tui_prompt_kind kind, const char *initial)
{
    if (ui->prompt_active)
        return;
    ui->prompt_active = true;
    ui->prompt_kind = kind;
    enum tui_pane pane = tui_filter_pane(ui);
    snprintf(ui->prompt_saved, sizeof ui->prompt_saved, "%s", ui->filter[pane]);
    q_head = q_len = 0;
    line_done = false;
    use_state(kind);
    rl_callback_handler_install(prompt_text(ui, kind), line_cb);
    if (initial && *initial) {
        rl_replace_line(initial, 0);
        rl_point = rl_end;
    }
    ui->dirty = true;
}

static void close_prompt(struct tui *ui)
{
    save_state(ui->prompt_kind);
    ui->prompt_active = false;
    q_head = q_len = 0;
    ui->dirty = true;
}

static void cancel(struct tui *ui)
{
    rl_replace_line("", 0);
    rl_callback_sigcleanup();
    rl_callback_handler_remove();
    if (ui->prompt_kind == PR_FILTER)
        tui_set_filter(ui, tui_filter_pane(ui), ui->prompt_saved);
    if (ui->prompt_kind == PR_ASK)
        tui_flash(ui, false, "Cancelled; nothing sent.");
    ui->compose.ask_me = false;
    close_prompt(ui);
}

static void finish(struct tui *ui)
{
    char *line = done_line;
    enum tui_prompt_kind kind = ui->prompt_kind;
    done_line = NULL;
    line_done = false;
    if (line && *line && kind != PR_TAG_NAME)
        add_unique(line);
    if (!line && kind == PR_ASK)
        tui_flash(ui, false, "Cancelled; nothing sent.");
    close_prompt(ui);
    enum tui_pane pane = tui_filter_pane(ui);
    if (!line) {
        ui->compose.ask_me = false;
        if (kind == PR_FILTER)
            tui_set_filter(ui, pane, ui->prompt_saved);
    } else if (kind == PR_COMMAND) {
        tui_run_command_line(ui, line);
    } else if (kind == PR_FILTER) {
        tui_set_filter(ui, pane, line);
    } else if (kind == PR_LOOKUP) {
        if (subs_lookup(ui, line) < 0)
            prompt_open(ui, PR_LOOKUP, line);   /* keep what was typed */
    } else if (kind == PR_ASK) {
        subs_ask_done(ui, line);
    } else if (kind == PR_COMPOSE) {
        compose_prompt_done(ui, line);
    } else if (tui_create_tag(ui, line) < 0) {
        prompt_open(ui, PR_TAG_NAME, line);
    }
    free(line);
}

/* curses key codes back to the bytes a terminal sends. */
static const char *key_bytes(int key)
{
    switch (key) {
    case KEY_UP: return "\033[A";
    case KEY_DOWN: return "\033[B";
    case KEY_RIGHT: return "\033[C";
    case KEY_LEFT: return "\033[D";
    case KEY_HOME: return "\033[H";
    case KEY_END: return "\033[F";
    case KEY_DC: return "\033[3~";
    case KEY_BACKSPACE: return "\177";
    case KEY_ENTER: return "\r";
    default: return NULL;
    }
}

void prompt_key(struct tui *ui, int key)
{
    if (!ui->prompt_active)
        return;
    if (key == 27) {
        cancel(ui);
        return;
    }
    if (ui->flash[0] && !ui->flash_error)
        tui_flash_clear(ui);
    char byte = (char)key;
    const char *seq = key >= 0 && key < 256 ? NULL : key_bytes(key);
    if (seq)
        push_bytes(seq, strlen(seq));
    else if (key >= 0 && key < 256)
        push_bytes(&byte, 1);
    while (q_len > 0 && !line_done)
        rl_callback_read_char();
    q_head = q_len = 0;
    if (line_done) {
        finish(ui);
        return;
    }
    if (ui->prompt_kind == PR_FILTER)
        tui_set_filter(ui, tui_filter_pane(ui), rl_line_buffer);
    ui->dirty = true;
}

/* Columns of n bytes of s as drawn: control characters take two (^X). */
static int span_width(const char *s, size_t n)
{
    int w = 0;
    mbstate_t st;
    memset(&st, 0, sizeof st);
    while (n > 0) {
        wchar_t wc;
        size_t k = mbrtowc(&wc, s, n, &st);
        if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
            k = 1;
            wc = L'?';
            memset(&st, 0, sizeof st);
        }
        int cw = wc < 32 || wc == 127 ? 2 : wcwidth(wc);
        w += cw < 0 ? 1 : cw;
        s += k;
        n -= k;
    }
    return w;
}

/* Draw s from byte offset `from`, control characters as ^X. */
static void draw_span(int y, int x, const char *s, int max_x)
{
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t n = strlen(s);
    while (n > 0 && x < max_x) {
        wchar_t wc;
        size_t k = mbrtowc(&wc, s, n, &st);
        if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
            k = 1;
            wc = L'?';
            memset(&st, 0, sizeof st);
        }
        if (wc < 32 || wc == 127) {
            if (x + 2 > max_x)
                break;
            mvaddch(y, x, '^');
            mvaddch(y, x + 1, wc == 127 ? '?' : (chtype)(wc + '@'));
            x += 2;
        } else {
            int cw = wcwidth(wc);
            if (cw < 0)
                wc = L'?', cw = 1;
            if (x + cw > max_x)
                break;
            mvaddnwstr(y, x, &wc, 1);
            x += cw;
        }
        s += k;
        n -= k;
    }
}

void prompt_draw(struct tui *ui)
{
    int y = LINES - 1;
    if (ui->prompt_kind == PR_COMPOSE && compose_prompt_row(ui) >= 0)
        y = compose_prompt_row(ui); /* in place, on the form's row */
    const char *prompt = rl_display_prompt ? rl_display_prompt : prompt_text(ui, ui->prompt_kind);
    const char *buf = rl_line_buffer ? rl_line_buffer : "";
    size_t point = rl_point > 0 ? (size_t)rl_point : 0;
    if (point > strlen(buf))
        point = strlen(buf);
    move(y, 0);
    clrtoeol();
    int pw = span_width(prompt, strlen(prompt));
    draw_span(y, 0, prompt, COLS);
    /* Scroll the text left so the cursor stays on screen. */
    size_t skip = 0;
    while (skip < point && pw + span_width(buf + skip, point - skip) >= COLS - 1) {
        skip++;
        while (skip < point && ((unsigned char)buf[skip] & 0xc0) == 0x80)
            skip++;
    }
    draw_span(y, pw, buf + skip, COLS);
    int cx = pw + span_width(buf + skip, point - skip);
    if (cx < COLS) {
        curs_set(1);
        move(y, cx);
    } else {
        curs_set(0);
    }
    wnoutrefresh(stdscr);
}

void tui_run_command_line(struct tui *ui, const char *line)
{
    char **words = NULL;
    int n = action_split(line, &words), used = 0;
    if (n > 0 && !words[0])
        n = 0; /* action_split reports a blank line as one NULL word */
    if (n < 0) {
        tui_flash(ui, true, "! Unbalanced quote in \"%.100s\"", line);
        return;
    }
    const struct action *a = n ? action_find(n, words, &used) : NULL;
    if (n == 0) {
        /* an empty line does nothing */
    } else if (!a) {
        tui_flash(ui, true, "! Unknown command \"%.60s\": press ? for the list", words[0]);
    } else if (!tui_handlers[a->id]) {
        tui_flash(ui, true, "! \"%s\" works in a shell: bento-console %s", a->command,
                  a->command);
    } else if (!(a->flags & (ACTION_OPTIONS | ACTION_TUI_ARGS)) &&
               (n - used < a->min_args || n - used > a->max_args)) {
        tui_flash(ui, true, "! Usage: :%s %s", a->command, a->console_args);
    } else {
        tui_handlers[a->id](ui, n - used, words + used);
    }
    action_words_free(words, n);
}
