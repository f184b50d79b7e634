#include "cli/confirm.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include "app/app.h"
#include "cli/output.h"

static int auto_confirm(void)
{
    const char *v = getenv("BENTO_AUTO_CONFIRM");
    return v && (!strcmp(v, "1") || !strcasecmp(v, "true") || !strcasecmp(v, "yes") ||
                 !strcasecmp(v, "on"));
}

static void chomp(char *s)
{
    s[strcspn(s, "\r\n")] = '\0';
}

int cli_read_line(const char *prompt, char *buf, int size)
{
    fputs(prompt, stderr);
    fflush(stderr);
    if (!fgets(buf, size, stdin))
        return -1;
    chomp(buf);
    return 0;
}

int cli_confirm(struct app *app, const char *question)
{
    if (app->yes || auto_confirm())
        return 1;
    if (!isatty(STDIN_FILENO)) {
        /* out_fail: with --json this is the error envelope on stderr too */
        struct bento_error err;
        bento_error_set(
            &err, BENTO_E_USAGE,
            "%.160s -- refusing without a terminal to confirm on; pass --yes to go ahead",
            question);
        out_fail(app, &err);
        return -1;
    }
    char answer[16];
    char prompt[512];
    snprintf(prompt, sizeof prompt, "%s [y/N] ", question);
    if (cli_read_line(prompt, answer, sizeof answer) < 0)
        return 0;
    return answer[0] == 'y' || answer[0] == 'Y';
}

int cli_read_secret(const char *prompt, char *buf, int size)
{
    if (!isatty(STDIN_FILENO))
        return -1;
    struct termios old, quiet;
    if (tcgetattr(STDIN_FILENO, &old) < 0)
        return -1;
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    int rc = cli_read_line(prompt, buf, size);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    fputc('\n', stderr);
    return rc;
}
