/* --journal (the caller initialises j->lock): one JSON object per request and line, flushed at once so a
 * test can read it as soon as the response arrives. */
#include <stdlib.h>

#include "sim_internal.h"

bool journal_open(struct sim_journal *j, const char *path)
{
    j->fp = NULL;
    if (!path)
        return true;
    j->fp = fopen(path, "a");
    return j->fp != NULL;
}

void journal_close(struct sim_journal *j)
{
    if (j->fp)
        fclose(j->fp);
    j->fp = NULL;
}

void journal_write(struct sim_journal *j, const cJSON *entry)
{
    if (!j->fp)
        return;
    char *line = cJSON_PrintUnformatted(entry);
    if (!line)
        return;
    pthread_mutex_lock(&j->lock);
    fputs(line, j->fp);
    fputc('\n', j->fp);
    fflush(j->fp);
    pthread_mutex_unlock(&j->lock);
    free(line);
}
