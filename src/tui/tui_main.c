/* The console's entry point and its one poll() loop: keys, the client's
 * wake-up descriptor, signals (through a self-pipe) and, in test mode,
 * the key script. */
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/actions.h"
#include "app/app.h"
#include "tui/tui.h"
#include "tui/tui_script.h"
#include "tui/tui_template_edit.h"

static int sig_write_fd = -1;
static FILE *term_out, *term_in; /* the virtual screen's streams in test mode */

int64_t tui_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void on_signal(int sig)
{
    unsigned char b = (unsigned char)sig;
    int saved = errno;
    if (sig_write_fd >= 0 && write(sig_write_fd, &b, 1) < 0) {
        /* nothing to do: the pipe is full, a byte is already waiting */
    }
    errno = saved;
}

static int signals_install(struct tui *ui)
{
    if (pipe(ui->sig_pipe) < 0)
        return -1;
    for (int i = 0; i < 2; i++) {
        fcntl(ui->sig_pipe[i], F_SETFL, O_NONBLOCK);
        fcntl(ui->sig_pipe[i], F_SETFD, FD_CLOEXEC);
    }
    sig_write_fd = ui->sig_pipe[1];
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    return 0;
}

static void signals_remove(struct tui *ui)
{
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    sig_write_fd = -1;
    close(ui->sig_pipe[0]);
    close(ui->sig_pipe[1]);
}

static void colors_init(struct tui *ui)
{
    const char *nc = getenv("NO_COLOR");
    ui->colors = !ui->app->no_color && !(nc && *nc) && has_colors();
    if (!ui->colors)
        return;
    start_color();
    use_default_colors();
    init_pair(1, COLOR_RED, -1);           /* errors */
    init_pair(2, COLOR_GREEN, -1);         /* ok */
    init_pair(3, COLOR_BLACK, COLOR_CYAN); /* bars */
    init_pair(4, COLOR_YELLOW, -1);        /* waits */
}

static void close_term_streams(void)
{
    if (term_out)
        fclose(term_out);
    if (term_in)
        fclose(term_in);
    term_out = term_in = NULL;
}

static SCREEN *screen_open(struct tui *ui)
{
    SCREEN *scr;
    if (ui->script_mode) {
        const char *term = getenv("TERM");
        const char *out = getenv("BENTO_CONSOLE_TERM_OUT"); /* what the terminal got */
        term_out = fopen(out && *out ? out : "/dev/null", "we");
        term_in = fopen("/dev/null", "re");
        scr = term_out && term_in ? newterm(term && *term ? term : "xterm", term_out, term_in)
                                  : NULL;
    } else {
        scr = newterm(NULL, stdout, stdin);
    }
    if (!scr)
        return NULL;
    set_term(scr);
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    colors_init(ui);
    if (ui->mouse) {
        mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
        mouseinterval(0);
    }
    return scr;
}

int tui_term_fd(void)
{
    return term_out ? fileno(term_out) : STDOUT_FILENO;
}

void tui_quit(struct tui *ui)
{
    ui->running = false;
}

bool tui_idle(const struct tui *ui)
{
    return ui->outstanding == 0 && !form_busy(ui) && !tui_import_busy(ui);
}

void tui_resize(struct tui *ui, int rows, int cols)
{
    if (rows > 0 && cols > 0)
        resizeterm(rows, cols);
    clearok(curscr, TRUE);
    ui->dirty = true;
}

static void start_session(struct tui *ui)
{
    struct bento_error err;
    if (form_needed(ui)) {
        form_open(ui);
        return;
    }
    if (app_connect(ui->app, &err) < 0) {
        tui_report_error(ui, "Could not start", &err, NULL);
        return;
    }
    tui_refresh_tags(ui);
}

static void read_signal(struct tui *ui)
{
    unsigned char b = 0;
    while (read(ui->sig_pipe[0], &b, 1) == 1) {
        if (b == SIGINT && ui->prompt_active) {
            prompt_key(ui, 27);
            continue;
        }
        ui->exit_code = 128 + b;
        tui_quit(ui);
    }
}

static int loop_timeout(struct tui *ui)
{
    int t = -1;
    if (tui_animating(ui))
        t = 200;
    if (ui->flash[0] && ui->flash_until && !ui->fake_clock) {
        int64_t left = ui->flash_until - tui_now_ms();
        int ft = left < 0 ? 0 : (int)(left > 200 ? 200 : left);
        t = t < 0 || ft < t ? ft : t;
    }
    int save = tui_compose_autosave_timeout(ui); /* the text being typed */
    if (save >= 0 && (t < 0 || save < t))
        t = save;
    if (ui->script) {
        int st = script_poll_timeout(ui->script);
        if (st >= 0 && (t < 0 || st < t))
            t = st;
    }
    return t;
}

static void tick(struct tui *ui)
{
    if (ui->flash[0] && ui->flash_until && !ui->fake_clock && tui_now_ms() >= ui->flash_until)
        tui_flash_clear(ui);
    if (tui_animating(ui)) {
        ui->spin++;
        ui->dirty = true;
    }
}

static void wait_events(struct tui *ui)
{
    struct pollfd fds[5];
    nfds_t n = 0;
    fds[n++] = (struct pollfd){.fd = ui->sig_pipe[0], .events = POLLIN};
    if (!ui->script)
        fds[n++] = (struct pollfd){.fd = STDIN_FILENO, .events = POLLIN};
    if (ui->app->client)
        fds[n++] = (struct pollfd){.fd = bento_client_wake_fd(ui->app->client), .events = POLLIN};
    if (form_wake_fd(ui) >= 0)
        fds[n++] = (struct pollfd){.fd = form_wake_fd(ui), .events = POLLIN};
    if (tui_import_wake_fd(ui) >= 0)
        fds[n++] = (struct pollfd){.fd = tui_import_wake_fd(ui), .events = POLLIN};
    int rc = poll(fds, n, loop_timeout(ui));
    if (rc > 0 && (fds[0].revents & POLLIN))
        read_signal(ui);
    if (rc == 0)
        tick(ui);
}

static int term_next(void *ctx)
{
    (void)ctx;
    int k = wgetch(stdscr);
    return k == ERR ? -1 : k;
}

static int script_next(void *ctx)
{
    return script_next_key(ctx);
}

/* One key from the terminal or the script; an Esc takes the rest of its
 * escape sequence with it (tui_escape.c). */
static void input_key(struct tui *ui, int k, int (*next)(void *), void *ctx)
{
    int replay = -1;
    if (k == 27)
        k = tui_esc_decode(next, ctx, &replay);
    if (k != TUI_KEY_NONE)
        tui_handle_key(ui, k);
    if (replay >= 0 && ui->running)
        tui_handle_key(ui, replay);
}

/* Returns true when a key was handled (the loop then draws and goes on). */
static bool next_input(struct tui *ui)
{
    if (!ui->script) {
        int k, handled = 0;
        while (ui->running && (k = wgetch(stdscr)) != ERR && handled < 512) {
            input_key(ui, k, term_next, NULL);
            handled++;
        }
        return handled > 0;
    }
    int k = script_next_key(ui->script);
    if (k >= 0) {
        input_key(ui, k, script_next, ui->script);
        return true;
    }
    switch (script_step(ui, ui->script)) {
    case SS_KEYS: return true;
    case SS_WAIT: return false;
    case SS_END: tui_quit(ui); return true;
    case SS_FAIL:
        ui->exit_code = 3;
        tui_quit(ui);
        return true;
    }
    return false;
}

static void run_loop(struct tui *ui)
{
    while (ui->running) {
        tui_drain_results(ui);
        form_poll(ui);
        tui_import_poll(ui);
        tui_compose_autosave_poll(ui);
        if (ui->dirty)
            tui_draw(ui);
        if (ui->session_pending) {
            ui->session_pending = false;
            start_session(ui);
        }
        if (next_input(ui))
            continue;
        if (ui->dirty)
            tui_draw(ui);
        wait_events(ui);
    }
}

static void tui_free(struct tui *ui)
{
    form_free(ui);
    free(ui->doctor);
    tui_import_free(ui);
    tui_calls_drop(ui);
    tui_panes_free(ui);
    tui_edit_free(ui);
    tui_template_free();
    text_clear(&ui->text);
    free(ui->confirm_id);
    free(ui->confirm_name);
    script_free(ui->script);
}

static int setup(struct tui *ui, struct app *app)
{
    memset(ui, 0, sizeof *ui);
    ui->app = app;
    ui->running = true;
    ui->pane = TP_TAGS;
    const char *fc = getenv("BENTO_CONSOLE_FAKE_CLOCK");
    ui->fake_clock = fc && *fc && strcmp(fc, "0") != 0;
    const char *script = getenv("BENTO_CONSOLE_SCRIPT");
    if (script && *script) {
        ui->script_mode = true;
        ui->script = script_open(script);
        if (!ui->script) {
            fprintf(app->err, "bento-console: cannot read the key script %s\n", script);
            return -1;
        }
    }
    ui->mouse = !app->no_mouse && !ui->script_mode;
    snprintf(ui->profile_name, sizeof ui->profile_name, "%s",
             app->profile.name[0] ? app->profile.name : "default");
    if (signals_install(ui) < 0) {
        fprintf(app->err, "bento-console: cannot set up signal handling\n");
        return -1;
    }
    if (tui_panes_init(ui) < 0) {
        signals_remove(ui);
        fprintf(app->err, "bento-console: out of memory\n");
        return -1;
    }
    return 0;
}

int tui_run(struct app *app)
{
    struct tui ui;
    setlocale(LC_ALL, "");
    if (setup(&ui, app) < 0) {
        script_free(ui.script);
        return 1;
    }
    SCREEN *scr = screen_open(&ui);
    if (!scr) {
        fprintf(app->err, "bento-console: cannot open the terminal (is TERM set?)\n");
        close_term_streams();
        signals_remove(&ui);
        tui_free(&ui);
        return 1;
    }
    prompt_init(&ui);
    /* The first frame goes out before the client (and, with --demo, the
     * simulator and its seed) is made: the screen is up at once. */
    if (form_needed(&ui))
        form_open(&ui);
    else
        ui.session_pending = true;
    ui.dirty = true;
    run_loop(&ui);
    prompt_shutdown(&ui);
    endwin();
    delscreen(scr);
    close_term_streams();
    signals_remove(&ui);
    tui_free(&ui);
    return ui.exit_code;
}
