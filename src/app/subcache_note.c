/* A lookup on the command line also lands in the console's subscriber
 * cache, so the Subscribers pane lists people looked up from a shell.
 * The cache is a convenience: a failure to write it is not an error. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bento/subcache.h"
#include "app/app.h"
#include "app/subcache_note.h"

static const char *name_from_list(const char *id, void *ctx)
{
    const struct bento_tag_list *tags = ctx;
    for (size_t i = 0; tags && i < tags->count; i++)
        if (tags->items[i].id && tags->items[i].name && !strcmp(tags->items[i].id, id))
            return tags->items[i].name;
    return NULL;
}

char *app_subcache_path(const struct app *app)
{
    return bento_subcache_path(app_cache_name(app));
}

void app_subcache_note(const struct app *app, const struct bento_subscriber *s,
                       const struct bento_tag_list *tags)
{
    struct bento_subcache c;
    struct bento_error err;
    if (!s->found || !s->email)
        return;
    char *path = app_subcache_path(app);
    if (!path || bento_subcache_load(&c, path, &err) < 0) {
        free(path);
        return;
    }
    struct bento_cached_sub *e = bento_subcache_entry_for(&c, s, NULL);
    if (e) {
        bento_subcache_record_named(e, s, name_from_list, (void *)tags, (int64_t)time(NULL), NULL);
        bento_subcache_save(&c, path, &err);
    }
    bento_subcache_free(&c);
    free(path);
}
