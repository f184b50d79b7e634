/* Reading a whole text file the user named (an email's body, a template,
 * a file of an exported tree): one reader for every command, with a size
 * limit and one message naming the file and the cause. */
#ifndef BENTO_APP_FILE_TEXT_H
#define BENTO_APP_FILE_TEXT_H

#include <stddef.h>
#include "bento/error.h"

#define APP_FILE_TEXT_MAX (16 * 1024 * 1024) /* an email body: far above Bento's own limits */

/* The whole file ("-": standard input), NUL-terminated (allocated, the
 * caller frees), or NULL with err set when it cannot be read, is over max
 * bytes or holds a NUL byte (so it is not text). *len (may be NULL) is its
 * length. */
char *app_file_text(const char *path, size_t max, size_t *len, struct bento_error *err);

/* The same for a descriptor already open (closed by the call); name is
 * for messages. */
char *app_file_text_fd(int fd, const char *name, size_t max, size_t *len, struct bento_error *err);

#endif
