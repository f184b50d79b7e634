/* A lookup on the command line also lands in the console's subscriber
 * cache, so the Subscribers pane lists people looked up from a shell.
 * The cache is a convenience: a failure to write it is not an error. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "bento/subcache.h"
#include "cli/app.h"
#include "cli/subcache_note.h"

static const char *tag_name(const struct bento_tag_list *tags, const char *id)
{
    for (size_t i = 0; tags && i < tags->count; i++)
        if (tags->items[i].id && tags->items[i].name && !strcmp(tags->items[i].id, id))
            return tags->items[i].name;
    return NULL;
}

void cli_subcache_note(const struct app *app, const struct bento_subscriber *s,
                       const struct bento_tag_list *tags)
{
    struct bento_subcache c;
    struct bento_error err;
    if (!s->found || !s->email)
        return;
    char *path = bento_subcache_path(app->demo ? "demo"
                                     : app->profile.name[0] ? app->profile.name
                                                            : "default");
    if (!path || bento_subcache_load(&c, path, &err) < 0) {
        free(path);
        return;
    }
    /* names of the tags; "#id" (allocated) for one the list lacks */
    char **owned = calloc(s->tag_id_count + 1, sizeof *owned);
    const char **names = calloc(s->tag_id_count + 1, sizeof *names);
    size_t n = 0;
    for (size_t i = 0; names && owned && i < s->tag_id_count; i++) {
        const char *name = tag_name(tags, s->tag_ids[i]);
        if (!name && (owned[i] = malloc(strlen(s->tag_ids[i]) + 2)))
            sprintf(owned[i], "#%s", s->tag_ids[i]);
        names[n++] = name ? name : owned[i] ? owned[i] : "";
    }
    struct bento_cached_sub *e = bento_subcache_find(&c, s->uuid ? s->uuid : s->email);
    if (e && strcasecmp(e->email, s->email) != 0)
        e = bento_subcache_rename(&c, e, s->email);
    e = bento_subcache_touch(&c, s->email);
    if (e) {
        bento_subcache_record(e, s, names, n, (int64_t)time(NULL), NULL);
        bento_subcache_save(&c, path, &err);
    }
    for (size_t i = 0; owned && i < s->tag_id_count; i++)
        free(owned[i]);
    free(owned);
    free(names);
    bento_subcache_free(&c);
    free(path);
}
