/* Small file helpers the core's stores share. Not public API. */
#ifndef BENTO_FILEIO_H
#define BENTO_FILEIO_H

#include <stddef.h>

/* Write all n bytes, retrying short writes and EINTR. 0 or -1 (errno). */
int bento_fd_write_all(int fd, const char *s, size_t n);

/* fsync a directory so a rename or a new file in it is durable. Best
 * effort: errors are ignored (some filesystems refuse it). */
void bento_dir_sync(const char *dir);

#endif
