/* The console's prompts (`:`, `/`, the questions) on GNU readline's
 * callback interface; completion is in tui_complete.c, the `:` line's
 * commands in tui_cmdline.c.
 * The poll loop hands bytes to readline one key at a time; readline never
 * touches the terminal (its streams are /dev/null, its terminal prep and
 * signal handling are off) and draws through our redisplay function. */
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>
#include <readline/history.h>
#include <readline/readline.h>

#include "app/actions.h"
#include "tui/tui.h"
#include "tui/tui_template_edit.h"

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

/* Each prompt's history file (NULL: kept for the session only), its text
 * and what runs when it is answered or cancelled. */
struct prompt_class {
    const char *history;
    const char *text;
    const char *(*text_of)(const struct tui *ui); /* when the text changes */
    bool no_history;                              /* answers not recalled */
    void (*done)(struct tui *ui, const char *line);
    void (*cancelled)(struct tui *ui);
};

static void filter_done(struct tui *ui, const char *line)
{
    tui_set_filter(ui, tui_filter_pane(ui), line);
}

static void filter_cancelled(struct tui *ui)
{
    tui_set_filter(ui, tui_filter_pane(ui), ui->prompt_saved);
}

static void lookup_done(struct tui *ui, const char *line)
{
    if (subs_lookup(ui, line) < 0)
        prompt_open(ui, PR_LOOKUP, line); /* keep what was typed */
}

static void ask_cancelled(struct tui *ui)
{
    tui_flash(ui, false, "Cancelled; nothing sent.");
}

static void tag_name_done(struct tui *ui, const char *line)
{
    if (tui_create_tag(ui, line) < 0)
        prompt_open(ui, PR_TAG_NAME, line);
}

static const struct prompt_class classes[PR__COUNT] = {
    [PR_COMMAND] = {.history = "history", .text = ":", .done = tui_run_command_line},
    [PR_FILTER] = {.history = "filter-history",
                   .text = "/",
                   .done = filter_done,
                   .cancelled = filter_cancelled},
    [PR_TAG_NAME] = {.text = "New tag name: ", .no_history = true, .done = tag_name_done},
    [PR_LOOKUP] = {.history = "lookup-history",
                   .text = "Look up (email or uuid): ",
                   .done = lookup_done},
    [PR_ASK] = {.text_of = subs_ask_prompt, .done = subs_ask_done, .cancelled = ask_cancelled},
    [PR_COMPOSE] = {.text_of = tui_compose_prompt_text,
                    .done = tui_compose_prompt_done,
                    .cancelled = tui_compose_prompt_cancelled},
    [PR_DRAFT_NAME] = {.text_of = tui_compose_draft_name_text,
                       .no_history = true,
                       .done = tui_compose_draft_name_done},
    [PR_TEMPLATE_SUBJECT] = {.text_of = tui_template_subject_prompt,
                             .no_history = true,
                             .done = tui_template_subject_done,
                             .cancelled = tui_template_subject_cancelled},
    [PR_BROADCAST] = {.text_of = tui_broadcasts_prompt_text,
                      .no_history = true,
                      .done = tui_broadcasts_prompt_done},
    [PR_AUTOMATIONS] = {.text_of = tui_automations_prompt_text,
                        .no_history = true,
                        .done = tui_automations_prompt_done},
    [PR_REPORTS] = {.text_of = tui_reports_prompt_text,
                    .no_history = true,
                    .done = tui_reports_prompt_done},
};

static const char *prompt_text(const struct tui *ui, enum tui_prompt_kind kind)
{
    return classes[kind].text_of ? classes[kind].text_of(ui) : classes[kind].text;
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

/* readline opens the file by name, following a link and blocking on a
 * FIFO: look first (without following or blocking) and use the file only
 * when it is a regular file of this user's, or absent (may_be_missing). */
static bool history_file_ok(const char *path, bool may_be_missing)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0)
        return may_be_missing && errno == ENOENT;
    bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == getuid();
    close(fd);
    return ok;
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
    prompt_complete_init(ui);
    rl_variable_bind("bell-style", "none");
    rl_variable_bind("page-completions", "off");
    using_history();
    HISTORY_STATE empty;
    memset(&empty, 0, sizeof empty);
    for (int k = 0; k < PR__COUNT; k++) {
        history_set_history_state(&empty);
        stifle_history(HISTORY_MAX);
        char *path = classes[k].history ? history_path(classes[k].history) : NULL;
        if (path && history_file_ok(path, false))
            read_history(path);
        else if (path && !history_file_ok(path, true))
            tui_flash(ui, true,
                      "! %s is a link, not a regular file or not yours: prompt history not "
                      "used; remove it",
                      path);
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
        char *path = classes[k].history ? history_path(classes[k].history) : NULL;
        if (path && history_length > 0) {
            make_parent_dirs(path);
            if (history_file_ok(path, true))
                write_history(path);
        }
        free(path);
        clear_history();
        free(history_list());
        history_set_history_state(&empty);
        free(states[k]);
        states[k] = NULL;
    }
    prompt_complete_free();
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
    if (classes[ui->prompt_kind].cancelled)
        classes[ui->prompt_kind].cancelled(ui);
    close_prompt(ui);
}

static void finish(struct tui *ui)
{
    char *line = done_line;
    const struct prompt_class *pc = &classes[ui->prompt_kind];
    done_line = NULL;
    line_done = false;
    if (line && *line && !pc->no_history)
        add_unique(line);
    close_prompt(ui);
    if (!line && pc->cancelled)
        pc->cancelled(ui);
    else if (line)
        pc->done(ui, line);
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
    while (n > 0) {
        wchar_t wc;
        size_t k = tui_wc_step(s, n, &wc);
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
    size_t n = strlen(s);
    while (n > 0 && x < max_x) {
        wchar_t wc;
        size_t k = tui_wc_step(s, n, &wc);
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
    if (ui->prompt_kind == PR_COMPOSE && tui_compose_prompt_row(ui) >= 0)
        y = tui_compose_prompt_row(ui); /* in place, on the form's row */
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
