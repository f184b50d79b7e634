#include "reliability.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

double reliability_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* First line of msg, tabs as spaces, at most cap-1 bytes. */
static void first_line(const char *msg, char *out, size_t cap)
{
    size_t n = 0;
    while (msg && *msg == '\n')
        msg++;
    for (; msg && *msg && *msg != '\n' && n + 1 < cap; msg++)
        out[n++] = (*msg == '\t' || *msg == '\r') ? ' ' : *msg;
    out[n] = '\0';
}

void reliability_record(const char *area, const char *what, double seconds, const char *message)
{
    const char *path = getenv("BENTO_RELIABILITY_LOG");
    if (!path || !*path)
        return;
    char line[2048], msg[1024];
    first_line(message, msg, sizeof msg);
    int n = seconds < 0
                ? snprintf(line, sizeof line, "%s\t%s\t-\t%s\n", area, what, msg)
                : snprintf(line, sizeof line, "%s\t%s\t%.2f\t%s\n", area, what, seconds, msg);
    if (n <= 0)
        return;
    size_t len = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
    /* O_APPEND: tests run in parallel and each line is one write. */
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    if (write(fd, line, len) < 0) {
        /* nothing to do: the table is a report, not a test result */
    }
    close(fd);
}
