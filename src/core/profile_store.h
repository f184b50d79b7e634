/* File handling behind profile.h: where files live, safe reads and
 * atomic 0600 writes. Not public API. */
#ifndef BENTO_PROFILE_STORE_H
#define BENTO_PROFILE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <cjson/cJSON.h>
#include "bento/error.h"

/* <base>/<rest>, where base is $env_var when it holds an absolute path,
 * else $HOME/<fallback>. Allocated; NULL when no home is known. */
char *bento_pstore_xdg_path(const char *env_var, const char *fallback, const char *rest);

/* path with $HOME shown as "~", for messages. */
void bento_pstore_tilde(const char *path, char *out, size_t size);

/* Open a file of ours for reading: never through a symbolic link (one
 * planted there could point at any file), and only a regular file this
 * user owns. Returns the descriptor with *st filled, -2 when the file does
 * not exist (err untouched), or -1 with err naming `shown`. */
int bento_pstore_open_own(const char *path, const char *shown, struct stat *st,
                          struct bento_error *err);

/* Read a JSON object file. A missing file gives *root = NULL and 0.
 * private_file: refuse a symbolic link, a file other users can read or
 * that another user owns. Errors name the file. */
int bento_pstore_read(const char *path, bool private_file, cJSON **root, struct bento_error *err);

/* Replace path atomically with root's text, mode 0600, creating its
 * directory (0700) when needed. A path that is a symbolic link or
 * belongs to another user, or a directory another user owns or can
 * write to, is refused and left as it is. */
int bento_pstore_write(const char *path, const cJSON *root, struct bento_error *err);

/* mkdir -p, 0700 for each directory it creates; dir is changed and
 * restored meanwhile. 0, or -1 with errno set. */
int bento_pstore_make_dirs(char *dir);

/* Hold path's side lock (<path>.lock, 0600, never through a link) for a
 * load-change-save that must not interleave with another process's.
 * Waits a few seconds at most. Returns the descriptor to pass to
 * bento_pstore_unlock(), or -1 with err naming the file. */
int bento_pstore_lock(const char *path, struct bento_error *err);
void bento_pstore_unlock(int fd);

/* Overwrite every string in the tree with zeros, then free it. */
void bento_pstore_wipe_delete(cJSON *root);

/* Set obj[key] to a string (wiping the old value), or delete it when
 * value is NULL or "". Returns -1 when out of memory. */
int bento_pstore_set_string(cJSON *obj, const char *key, const char *value);

#endif
