#define _GNU_SOURCE /* asprintf */
/* The copy-as-curl command: built with the keys as shell variables, put
 * on the terminal's clipboard with OSC 52, or written as a script with
 * the request's whole body in a file beside it. */
#include "tui/tui_curl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bento/profile.h"
#include "bento/version.h"
#include "app/app.h"
#include "tui/tui.h"

char *tui_shell_quote(const char *s)
{
    size_t n = 3;
    for (const char *p = s; *p; p++)
        n += *p == '\'' ? 4 : 1;
    char *out = malloc(n), *o = out;
    if (!out)
        return NULL;
    *o++ = '\'';
    for (const char *p = s; *p; p++) {
        if (*p == '\'') {
            memcpy(o, "'\\''", 4);
            o += 4;
        } else {
            *o++ = *p;
        }
    }
    *o++ = '\'';
    *o = 0;
    return out;
}

char *tui_curl_line(const struct tui *ui, const char *method, const char *path, const char *data)
{
    const char *base = ui->app->profile.base_url[0] ? ui->app->profile.base_url
                                                    : BENTO_DEFAULT_BASE_URL;
    char *url = NULL, *line = NULL;
    if (asprintf(&url, "%s%s", base, path ? path : "") < 0)
        return NULL;
    char *qurl = tui_shell_quote(url);
    free(url);
    if (!qurl || asprintf(&line,
                          "curl -sS -u \"$BENTO_PUBLISHABLE_KEY:$BENTO_SECRET_KEY\" -A '%s' -X %s "
                          "-H 'Content-Type: application/json' %s%s%s",
                          BENTO_USER_AGENT, method ? method : "GET", qurl, data ? " " : "",
                          data ? data : "") < 0)
        line = NULL;
    free(qurl);
    char *safe = line ? tui_redact(ui, line) : NULL;
    free(line);
    return safe;
}

static char *base64(const char *s)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t n = strlen(s);
    char *out = malloc((n + 2) / 3 * 4 + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned char)s[i] << 16;
        if (i + 1 < n)
            v |= (unsigned char)s[i + 1] << 8;
        if (i + 2 < n)
            v |= (unsigned char)s[i + 2];
        *o++ = abc[v >> 18 & 63];
        *o++ = abc[v >> 12 & 63];
        *o++ = i + 1 < n ? abc[v >> 6 & 63] : '=';
        *o++ = i + 2 < n ? abc[v & 63] : '=';
    }
    *o = 0;
    return out;
}

static int write_all(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, s, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        s += k;
        n -= (size_t)k;
    }
    return 0;
}

int tui_osc52_copy(const char *text)
{
    char *b64 = base64(text), *seq = NULL;
    const char *tmux = getenv("TMUX");
    bool wrap = tmux && *tmux; /* tmux passes it on from a DCS, its Esc doubled */
    int n = b64 ? asprintf(&seq, "%s\033]52;c;%s\a%s", wrap ? "\033Ptmux;\033" : "", b64,
                           wrap ? "\033\\" : "")
                : -1;
    free(b64);
    int rc = n < 0 ? -1 : write_all(tui_term_fd(), seq, (size_t)n);
    free(seq);
    return rc;
}

/* text into path through a 0600 temporary file renamed over it, so a
 * symlink at path is replaced, never followed. */
static int write_private(const char *path, const char *text, char *why, size_t why_size)
{
    char *tmp = NULL;
    if (asprintf(&tmp, "%s.XXXXXX", path) < 0) {
        snprintf(why, why_size, "out of memory");
        return -1;
    }
    int fd = mkstemp(tmp), rc = fd < 0 ? -1 : 0;
    if (rc == 0 && (fchmod(fd, 0600) != 0 || write_all(fd, text, strlen(text)) != 0))
        rc = -1;
    if (fd >= 0 && close(fd) != 0)
        rc = -1;
    if (rc == 0 && rename(tmp, path) != 0)
        rc = -1;
    if (rc < 0) {
        int saved = errno;
        snprintf(why, why_size, "cannot write %.200s: %s; name another file", path,
                 strerror(saved));
        if (fd >= 0)
            unlink(tmp);
    }
    free(tmp);
    return rc;
}

/* a.sh -> a.json; b -> b.json */
static char *body_file_name(const char *path)
{
    size_t n = strlen(path);
    if (n > 3 && !strcmp(path + n - 3, ".sh"))
        n -= 3;
    char *out = NULL;
    return asprintf(&out, "%.*s.json", (int)n, path) < 0 ? NULL : out;
}

static char *script_text(const struct tui *ui, const char *method, const char *urlpath,
                         const char *body_file)
{
    const char *slash = body_file ? strrchr(body_file, '/') : NULL;
    char *qname = body_file ? tui_shell_quote(slash ? slash + 1 : body_file) : NULL;
    char *data = NULL, *line = NULL, *text = NULL;
    if (qname && asprintf(&data, "--data-binary @\"$(dirname \"$0\")\"/%s", qname) < 0)
        data = NULL;
    free(qname);
    if (!body_file || data)
        line = tui_curl_line(ui, method, urlpath, data);
    free(data);
    if (line && asprintf(&text,
                         "#!/bin/sh\n# A request from bento-console's Activity pane; export\n"
                         "# BENTO_PUBLISHABLE_KEY and BENTO_SECRET_KEY first.\nexec %s\n",
                         line) < 0)
        text = NULL;
    free(line);
    return text;
}

int tui_curl_write(const struct tui *ui, const char *path, const char *method, const char *urlpath,
                   const char *body, char *body_path, size_t body_size, char *why, size_t why_size)
{
    char *bfile = body && *body ? body_file_name(path) : NULL;
    char *script = (!body || !*body || bfile) ? script_text(ui, method, urlpath, bfile) : NULL;
    char *safe = bfile ? tui_redact(ui, body) : NULL;
    int rc = -1;
    body_path[0] = 0;
    if (!script || (bfile && !safe))
        snprintf(why, why_size, "out of memory");
    else if (write_private(path, script, why, why_size) == 0 &&
             (!bfile || write_private(bfile, safe, why, why_size) == 0))
        rc = 0;
    if (rc == 0 && bfile)
        snprintf(body_path, body_size, "%s", bfile);
    free(bfile);
    free(script);
    free(safe);
    return rc;
}
