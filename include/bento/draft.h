/* Saved compose forms. Each draft is one JSON file,
 * $XDG_STATE_HOME/bento-console/drafts/<id>.json (default ~/.local/state),
 * written 0600 through a temporary file and a rename, so a crash or a
 * kill -9 leaves either the old draft or the new one, never half of one.
 * The draft with id BENTO_DRAFT_AUTOSAVE holds the form being edited. */
#ifndef BENTO_DRAFT_H
#define BENTO_DRAFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "bento/compose.h"
#include "bento/error.h"

#define BENTO_DRAFT_AUTOSAVE "autosave"
#define BENTO_DRAFT_ID_MAX 64

struct bento_draft_info {
    char id[BENTO_DRAFT_ID_MAX];
    char *subject; /* sanitised one line, "" when none */
    size_t recipients;
    bool transactional;
    int64_t saved_ms; /* when it was saved (ms since the epoch) */
    bool broken;      /* the file could not be read as a draft */
};

struct bento_draft_list {
    struct bento_draft_info *items; /* newest first */
    size_t count;
};

/* The drafts directory (allocated), honouring $XDG_STATE_HOME; NULL when
 * no home directory is known. */
char *bento_draft_dir(void);

/* Ids match ^[A-Za-z0-9_-]{1,63}$. */
bool bento_draft_id_valid(const char *id);

/* A fresh id from the current time ("20260712-153012", then "-2", ...)
 * that no draft uses yet. Returns 0, or -1 with err set. */
int bento_draft_new_id(char *out, size_t size, struct bento_error *err);

/* Save c as draft id, replacing it. Returns 0, or -1 with err set
 * (BENTO_E_IO naming the file, BENTO_E_USAGE for a bad id). */
int bento_draft_save(const char *id, const struct bento_compose *c, struct bento_error *err);

/* Load draft id into c (freed first; initialised on failure). A missing
 * draft is BENTO_E_NOT_FOUND; a file that is not a draft BENTO_E_IO. */
int bento_draft_load(const char *id, struct bento_compose *c, struct bento_error *err);

/* Every draft, newest first (the autosave one included). Files that are
 * not drafts are listed as broken so they can be deleted. A missing
 * directory is an empty list. */
int bento_draft_list(struct bento_draft_list *out, struct bento_error *err);
void bento_draft_list_free(struct bento_draft_list *l);

/* Copy draft id to a new id (written into new_id). */
int bento_draft_duplicate(const char *id, char *new_id, size_t size, struct bento_error *err);

/* Whether a draft named id exists (false for an invalid id). */
bool bento_draft_exists(const char *id);

/* Rename draft from to `to`, content unchanged. A name already taken
 * (the autosave one too) is BENTO_E_USAGE and changes nothing; a missing
 * draft is BENTO_E_NOT_FOUND. */
int bento_draft_rename(const char *from, const char *to, struct bento_error *err);

/* Remove draft id; a missing one is BENTO_E_NOT_FOUND. */
int bento_draft_delete(const char *id, struct bento_error *err);

/* The same as bento_draft_save(BENTO_DRAFT_AUTOSAVE, ...). */
int bento_draft_autosave(const struct bento_compose *c, struct bento_error *err);

#endif
