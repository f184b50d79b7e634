/* The Reports pane's pins as one small private JSON file per profile:
 * {"pins": [{"kind": "segment", "id": "...", "name": "..."}]}. */
#include "bento/pins.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "profile_store.h"

static bool name_ok(const char *s)
{
    if (!s || !s[0] || s[0] == '.' || strlen(s) > 64)
        return false;
    for (; *s; s++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", *s))
            return false;
    return true;
}

static char *pins_path(const char *profile, struct bento_error *err)
{
    if (!name_ok(profile)) {
        bento_error_set(err, BENTO_E_USAGE,
                        "Cannot keep pins for profile '%.64s': use letters, digits, '.', '_' "
                        "or '-' in its name",
                        profile ? profile : "");
        return NULL;
    }
    char rest[160];
    snprintf(rest, sizeof rest, "bento-console/pins/%s.json", profile);
    char *path = bento_pstore_xdg_path("XDG_STATE_HOME", ".local/state", rest);
    if (!path)
        bento_error_set(err, BENTO_E_CONFIG,
                        "Cannot find the home directory; set HOME or XDG_STATE_HOME");
    return path;
}

const char *bento_pin_kind_name(enum bento_pin_kind kind)
{
    return kind == BENTO_PIN_REPORT ? "report" : "segment";
}

int bento_pins_add(struct bento_pins *p, enum bento_pin_kind kind, const char *id, const char *name)
{
    char *n = strdup(name ? name : "");
    if (!n)
        return -1;
    for (size_t i = 0; i < p->count; i++)
        if (p->items[i].kind == kind && !strcmp(p->items[i].id, id)) {
            free(p->items[i].name);
            p->items[i].name = n;
            return 0;
        }
    struct bento_pin *items = realloc(p->items, (p->count + 1) * sizeof *items);
    char *i = strdup(id);
    if (items)
        p->items = items;
    if (!items || !i) {
        free(n), free(i);
        return -1;
    }
    p->items[p->count++] = (struct bento_pin){kind, i, n};
    return 0;
}

void bento_pins_remove(struct bento_pins *p, size_t i)
{
    if (i >= p->count)
        return;
    struct bento_pin *grown = realloc(p->removed, (p->removed_count + 1) * sizeof *grown);
    if (grown) {
        /* kept (its name freed) so a merging save does not bring it back */
        p->removed = grown;
        free(p->items[i].name);
        p->removed[p->removed_count++] = (struct bento_pin){p->items[i].kind, p->items[i].id, NULL};
    } else {
        free(p->items[i].id), free(p->items[i].name);
    }
    memmove(&p->items[i], &p->items[i + 1], (p->count - i - 1) * sizeof *p->items);
    p->count--;
}

static void free_removed(struct bento_pins *p)
{
    for (size_t i = 0; i < p->removed_count; i++)
        free(p->removed[i].id);
    free(p->removed);
    p->removed = NULL, p->removed_count = 0;
}

void bento_pins_free(struct bento_pins *p)
{
    for (size_t i = 0; i < p->count; i++)
        free(p->items[i].id), free(p->items[i].name);
    free(p->items);
    p->items = NULL, p->count = 0;
    free_removed(p);
}

/* Entries without an id or with an unknown kind are skipped. */
static int pins_from_json(const cJSON *root, struct bento_pins *out)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(root, "pins")) {
        const char *kind = cJSON_GetStringValue(cJSON_GetObjectItem(e, "kind"));
        const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(e, "id"));
        const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(e, "name"));
        if (!kind || !id || !id[0] || (strcmp(kind, "segment") && strcmp(kind, "report")))
            continue;
        enum bento_pin_kind k = strcmp(kind, "report") ? BENTO_PIN_SEGMENT : BENTO_PIN_REPORT;
        if (bento_pins_add(out, k, id, name) < 0)
            return -1;
    }
    return 0;
}

int bento_pins_load(const char *profile, struct bento_pins *out, struct bento_error *err)
{
    memset(out, 0, sizeof *out);
    char *path = pins_path(profile, err);
    cJSON *root = NULL;
    if (!path || bento_pstore_read(path, true, &root, err) < 0) {
        free(path);
        return -1;
    }
    free(path);
    int rc = root ? pins_from_json(root, out) : 0;
    cJSON_Delete(root);
    if (rc < 0) {
        bento_pins_free(out);
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory reading the pins");
    }
    return rc;
}

static bool listed(const struct bento_pin *list, size_t n, const struct bento_pin *pin)
{
    for (size_t i = 0; i < n; i++)
        if (list[i].kind == pin->kind && !strcmp(list[i].id, pin->id))
            return true;
    return false;
}

static void add_pin_json(cJSON *list, const struct bento_pin *pin)
{
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "kind", bento_pin_kind_name(pin->kind));
    cJSON_AddStringToObject(e, "id", pin->id);
    cJSON_AddStringToObject(e, "name", pin->name);
    cJSON_AddItemToArray(list, e);
}

/* This list, then what the file holds that it does not (pinned by
 * another console since), less what was unpinned here. */
static cJSON *merged_json(const struct bento_pins *p, const struct bento_pins *disk)
{
    cJSON *root = cJSON_CreateObject(), *list = cJSON_AddArrayToObject(root, "pins");
    for (size_t i = 0; list && i < p->count; i++)
        add_pin_json(list, &p->items[i]);
    for (size_t i = 0; list && i < disk->count; i++)
        if (!listed(p->items, p->count, &disk->items[i]) &&
            !listed(p->removed, p->removed_count, &disk->items[i]))
            add_pin_json(list, &disk->items[i]);
    if (!list) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

int bento_pins_save(const char *profile, struct bento_pins *p, struct bento_error *err)
{
    char *path = pins_path(profile, err);
    if (!path)
        return -1;
    int lock = bento_pstore_lock(path, err), rc = -1;
    struct bento_pins disk = {0};
    cJSON *old = NULL, *root = NULL;
    /* an unreadable file is replaced: this console's pins are what it has */
    struct bento_error ignored;
    if (lock >= 0 && bento_pstore_read(path, true, &old, &ignored) == 0 && old)
        pins_from_json(old, &disk);
    if (lock >= 0 && !(root = merged_json(p, &disk)))
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory writing the pins");
    if (root && (rc = bento_pstore_write(path, root, err)) == 0)
        free_removed(p);
    bento_pstore_unlock(lock);
    bento_pins_free(&disk);
    cJSON_Delete(old);
    cJSON_Delete(root);
    free(path);
    return rc;
}
