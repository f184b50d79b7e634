/* The resume journal: one JSON line per acknowledged call, appended and
 * fdatasync'd before the next call goes out, so after a crash the last
 * complete line says where to continue. A torn last line is ignored.
 *
 *   {"v":1,"kind":"subscribers","path":"/abs/file.csv","size":N,"mtime_ns":N,"started":ISO}
 *   {"offset":N,"line":N,"rows":N,"sent":N,"accepted":N,"failed":N,"calls":N,"batches":N}
 *   ... and {"done":true,...,"at":ISO} when the import finished. */
#include "fileio.h"
#include "fnv.h"
#include "import_internal.h"

#include "bento/sanitize.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

struct import_journal {
    int fd;
    int lock_fd; /* flock'd while this run writes the journal */
    char *path;
};

/* "a" + "b" + "c" in a new string. */
static char *join3(const char *a, const char *b, const char *c)
{
    size_t na = strlen(a), nb = strlen(b), nc = strlen(c);
    char *out = malloc(na + nb + nc + 1);
    if (!out)
        return NULL;
    memcpy(out, a, na);
    memcpy(out + na, b, nb);
    memcpy(out + na + nb, c, nc + 1);
    return out;
}

static uint64_t fnv_str(uint64_t h, const char *s)
{
    return bento_fnv(h, s, strlen(s) + 1); /* the NUL keeps "ab","c" apart from "a","bc" */
}

int import_identity_make(struct import_identity *id, enum bento_import_kind kind, const char *path,
                         const char *account, struct bento_error *err)
{
    struct stat st;
    char num[64], shown[208];
    memset(id, 0, sizeof *id);
    bento_sanitize_line(path, strlen(path), shown, sizeof shown);
    id->path = realpath(path, NULL);
    if (!id->path || stat(id->path, &st) != 0) {
        bento_error_set(err, BENTO_E_IO, "Cannot read %s: %s", shown, strerror(errno));
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        bento_error_set(err, BENTO_E_IO,
                        "%s is not a regular file: an import reads its file twice and "
                        "resumes by offset, so it needs one on disk",
                        shown);
        return -1;
    }
    id->size = (uint64_t)st.st_size;
    id->mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
    uint64_t h = BENTO_FNV_OFFSET;
    h = fnv_str(h, id->path);
    snprintf(num, sizeof num, "%" PRIu64 "/%" PRId64, id->size, id->mtime_ns);
    h = fnv_str(h, num);
    snprintf(id->file_id, sizeof id->file_id, "%016" PRIx64, h);
    h = fnv_str(h, kind == BENTO_IMPORT_EVENTS ? "events" : "subscribers");
    h = fnv_str(h, account ? account : "");
    snprintf(id->key, sizeof id->key, "%016" PRIx64, h);
    return 0;
}

void import_identity_free(struct import_identity *id)
{
    free(id->path);
    id->path = NULL;
}

char *import_journal_dir(const char *state_dir)
{
    const char *base = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    if (state_dir)
        return strdup(state_dir);
    if (base && base[0] == '/')
        return join3(base, "/bento-console/imports", "");
    return join3(home ? home : ".", "/.local/state", "/bento-console/imports");
}

static int mkdirs(const char *dir)
{
    char *copy = strdup(dir);
    int rc = 0;
    if (!copy)
        return -1;
    for (char *p = copy + 1; rc == 0 && *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(copy, 0700) != 0 && errno != EEXIST)
            rc = -1;
        *p = '/';
    }
    if (rc == 0 && mkdir(copy, 0700) != 0 && errno != EEXIST)
        rc = -1;
    free(copy);
    return rc;
}

static char *file_of(const char *dir, const struct import_identity *id)
{
    char name[32];
    snprintf(name, sizeof name, "/%s.jsonl", id->key);
    return join3(dir, name, "");
}

/* A count or offset as import_journal_ack writes it: a whole number from
 * 0 to 2^53. Anything else (a hand edit, a torn write) is not one, and
 * converting it would be undefined behaviour. */
static bool whole_number(const cJSON *v, uint64_t *out)
{
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0 && v->valuedouble <= 9007199254740992.0))
        return false;
    *out = (uint64_t)v->valuedouble;
    return true;
}

static size_t num_of(const cJSON *obj, const char *key)
{
    uint64_t n;
    return whole_number(cJSON_GetObjectItemCaseSensitive(obj, key), &n) && n <= SIZE_MAX ? (size_t)n
                                                                                         : 0;
}

static void copy_str(char *dst, size_t size, const cJSON *obj, const char *key)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(obj, key));
    snprintf(dst, size, "%s", s ? s : "");
}

/* The header must name this very file, else the journal is another's. */
static bool header_matches(const cJSON *h, const struct import_identity *id)
{
    const char *path = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(h, "path"));
    uint64_t size;
    return path && !strcmp(path, id->path) &&
           whole_number(cJSON_GetObjectItemCaseSensitive(h, "size"), &size) && size == id->size;
}

static void take_line(const cJSON *e, struct import_resume *out)
{
    if (!whole_number(cJSON_GetObjectItemCaseSensitive(e, "offset"), &out->offset))
        return;
    out->line = num_of(e, "line");
    out->rows = num_of(e, "rows");
    out->sent = num_of(e, "sent");
    out->accepted = num_of(e, "accepted");
    out->failed = num_of(e, "failed");
    out->calls = num_of(e, "calls");
    out->batches = num_of(e, "batches");
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "done"))) {
        out->done = true;
        copy_str(out->finished, sizeof out->finished, e, "at");
    }
}

/* The journal when it is a regular file of ours: never through a link,
 * and O_NONBLOCK so a FIFO planted there cannot block open(). Anything
 * else reads as no journal (the import starts from the top). */
static FILE *open_journal(const char *path)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    FILE *f = NULL;
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == getuid())
        f = fdopen(fd, "r");
    if (!f && fd >= 0)
        close(fd);
    return f;
}

int import_journal_read(const char *dir, const struct import_identity *id,
                        struct import_resume *out, struct bento_error *err)
{
    memset(out, 0, sizeof *out);
    char *path = file_of(dir, id);
    FILE *f = path ? open_journal(path) : NULL;
    free(path);
    if (!f)
        return 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    bool first = true, ok = false;
    while ((n = getline(&line, &cap, f)) > 0 && line[n - 1] == '\n') {
        cJSON *e = cJSON_ParseWithLength(line, (size_t)n);
        if (first) {
            ok = e && header_matches(e, id);
            if (ok)
                copy_str(out->started, sizeof out->started, e, "started");
        } else if (ok && e) {
            take_line(e, out);
        }
        cJSON_Delete(e);
        first = false;
        if (!ok)
            break;
    }
    free(line);
    fclose(f);
    out->found = ok && out->offset > 0;
    return 0;
}

/* A new journal holding only the header, put in place atomically. */
static int write_fresh(const char *dir, const char *path, const struct import_identity *id,
                       enum bento_import_kind kind)
{
    char *tmp = join3(path, ".tmp", ""), started[32];
    if (!tmp)
        return -1;
    import_iso_now(started, sizeof started);
    cJSON *h = cJSON_CreateObject();
    cJSON_AddNumberToObject(h, "v", 1);
    cJSON_AddStringToObject(h, "kind", kind == BENTO_IMPORT_EVENTS ? "events" : "subscribers");
    cJSON_AddStringToObject(h, "path", id->path);
    cJSON_AddNumberToObject(h, "size", (double)id->size);
    cJSON_AddNumberToObject(h, "mtime_ns", (double)id->mtime_ns);
    cJSON_AddStringToObject(h, "started", started);
    char *text = cJSON_PrintUnformatted(h);
    cJSON_Delete(h);
    /* under the run's lock: a stale temp file is ours to drop, and
     * O_EXCL|O_NOFOLLOW never writes through something planted there */
    unlink(tmp);
    int fd = text ? open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600) : -1;
    int rc = fd < 0 || bento_fd_write_all(fd, text, strlen(text)) < 0 ||
                     bento_fd_write_all(fd, "\n", 1) < 0 || fdatasync(fd) < 0
                 ? -1
                 : 0;
    if (fd >= 0)
        close(fd);
    if (rc == 0 && rename(tmp, path) != 0)
        rc = -1;
    if (rc == 0)
        bento_dir_sync(dir);
    else
        unlink(tmp);
    free(text);
    free(tmp);
    return rc;
}

/* One run at a time per import: a second one would interleave calls and
 * journal lines. The lock goes with the process, kill -9 included. */
static int lock_run(struct import_journal *j, struct bento_error *err)
{
    char *lock = join3(j->path, ".lock", "");
    j->lock_fd = lock ? open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600)
                      : -1;
    free(lock);
    if (j->lock_fd < 0) {
        bento_error_set(err, BENTO_E_IO, "Cannot lock the import journal %.200s: %s", j->path,
                        strerror(errno));
        return -1;
    }
    if (flock(j->lock_fd, LOCK_EX | LOCK_NB) != 0) {
        bento_error_set(err, BENTO_E_USAGE,
                        "Another bento-console is importing this file right now; wait for it "
                        "(or stop it) and run this again");
        return -1;
    }
    return 0;
}

struct import_journal *import_journal_begin(const char *dir, const struct import_identity *id,
                                            enum bento_import_kind kind, bool fresh,
                                            struct bento_error *err)
{
    struct import_journal *j = calloc(1, sizeof *j);
    if (!j || !(j->path = file_of(dir, id))) {
        free(j);
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory starting the import journal");
        return NULL;
    }
    j->fd = j->lock_fd = -1;
    if (mkdirs(dir) < 0) {
        bento_error_set(err, BENTO_E_IO, "Cannot create %.200s: %s", dir, strerror(errno));
    } else if (lock_run(j, err) == 0) {
        if ((!fresh || write_fresh(dir, j->path, id, kind) == 0) &&
            (j->fd = open(j->path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)) >= 0)
            return j;
        bento_error_set(err, BENTO_E_IO, "Cannot write the import journal in %.200s: %s", dir,
                        strerror(errno));
    }
    import_journal_close(j);
    return NULL;
}

int import_journal_ack(struct import_journal *j, const struct import_ack *a, bool done,
                       struct bento_error *err)
{
    char line[512], at[32] = "";
    if (done)
        import_iso_now(at, sizeof at);
    int n = snprintf(line, sizeof line,
                     "{\"offset\":%" PRIu64 ",\"line\":%zu,\"rows\":%zu,\"sent\":%zu,"
                     "\"accepted\":%zu,\"failed\":%zu,\"calls\":%zu,\"batches\":%zu%s%s%s}\n",
                     a->offset, a->line, a->rows, a->sent, a->accepted, a->failed, a->calls,
                     a->batches, done ? ",\"done\":true,\"at\":\"" : "", at, done ? "\"" : "");
    if (n < 0 || (size_t)n >= sizeof line || bento_fd_write_all(j->fd, line, (size_t)n) < 0 ||
        fdatasync(j->fd) < 0) {
        bento_error_set(err, BENTO_E_IO, "Cannot write the import journal %.200s: %s", j->path,
                        strerror(errno));
        return -1;
    }
    return 0;
}

void import_journal_close(struct import_journal *j)
{
    if (!j)
        return;
    if (j->fd >= 0)
        close(j->fd);
    if (j->lock_fd >= 0)
        close(j->lock_fd);
    free(j->path);
    free(j);
}
