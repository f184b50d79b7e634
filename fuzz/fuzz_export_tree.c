/* The exported tree `diff` and `apply` read back (app_export_read, then
 * what tree_compare does with each file: app_export_is_email,
 * app_export_meta_parse, app_export_sibling, app_export_find), on a tree
 * the input builds in a temporary folder: a user's edits, a merge, a
 * planted link or pipe may have left anything there.
 *
 * Input: NUL-separated records, a path then its content. A path starting
 * with '@' makes a symbolic link to the content (an absolute target is
 * taken under a folder beside the tree, "outside", holding files of its
 * own), '|' a named pipe, and one ending in '/' a folder. The harness
 * itself refuses absolute paths, ".." and empty parts, and never creates
 * anything through a link.
 *
 * Checked: a tree that does not load says why on one safe line that
 * names the folder; one that loads holds exactly the plain files of ours
 * the harness wrote there, byte for byte (so nothing was read through a
 * link or from outside the tree, and nothing was skipped); what diff
 * shows of them sanitises to safe text; no read waits on a pipe. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/export_tree.h"
#include "bento/sanitize.h"
#include "fuzz_util.h"

#define RECORDS 16

struct written {
    char *rel[RECORDS];
    const char *data[RECORDS];
    size_t count;
};

static char tree[4096], outside[4096];

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path), 0;
}

static void make_outside(void)
{
    char path[4200];
    mkdir(outside, 0700);
    snprintf(path, sizeof path, "%s/sequences", outside);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/sequences/s-1", outside);
    mkdir(path, 0700);
    free(fuzz_write_file("outside/secret.html", (const uint8_t *)"OUTSIDE", 7));
    free(fuzz_write_file("outside/sequences/s-1/01-a.html", (const uint8_t *)"OUTSIDE", 7));
    free(fuzz_write_file("outside/sequences/s-1/01-a.json", (const uint8_t *)"{\"id\":\"9\"}", 10));
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    snprintf(tree, sizeof tree, "%s/tree", fuzz_tmpdir());
    snprintf(outside, sizeof outside, "%s/outside", fuzz_tmpdir());
    make_outside();
    return 0;
}

/* Whether every part of rel is a plain name (no "", ".", ".."). */
static bool plain_path(const char *rel)
{
    if (!*rel || *rel == '/')
        return false;
    for (const char *p = rel; *p;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        if (n == 0 && slash)
            return false;
        if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
            return false;
        p += n + (slash ? 1 : 0);
    }
    return true;
}

/* The folder of rel under the tree, made as needed and never through a
 * link; *base the last part. -1 when it cannot be. */
static int parent_of(int root, char *rel, char **base)
{
    int fd = dup(root);
    char *p = rel, *slash;
    while (fd >= 0 && (slash = strchr(p, '/')) && slash[1]) {
        *slash = '\0';
        mkdirat(fd, p, 0700);
        int next = openat(fd, p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
        *slash = '/';
        close(fd);
        fd = next;
        p = slash + 1;
    }
    *base = p;
    return fd;
}

static void note_written(struct written *w, const char *rel, const char *data)
{
    for (size_t i = 0; i < w->count; i++)
        if (!strcmp(w->rel[i], rel)) {
            w->data[i] = data;
            return;
        }
    w->rel[w->count] = strdup(rel);
    FUZZ_CHECK(w->rel[w->count] != NULL, "memory");
    w->data[w->count++] = data;
}

static void forget(struct written *w, const char *rel)
{
    for (size_t i = 0; i < w->count; i++)
        if (!strcmp(w->rel[i], rel)) {
            free(w->rel[i]);
            w->rel[i] = w->rel[--w->count];
            w->data[i] = w->data[w->count];
            return;
        }
}

static void make_entry(int root, const char *spec, const char *content, struct written *w)
{
    char kind = *spec == '@' || *spec == '|' ? *spec++ : 'f';
    char rel[1024];
    size_t n = strlen(spec);
    if (n >= sizeof rel || !plain_path(spec))
        return;
    memcpy(rel, spec, n + 1);
    if (rel[n - 1] == '/')
        kind = 'd', rel[n - 1] = '\0';
    char *base;
    int dir = parent_of(root, rel, &base);
    if (dir < 0)
        return;
    if (kind == 'd') {
        mkdirat(dir, base, 0700);
    } else if (kind == '@') {
        char target[8192];
        snprintf(target, sizeof target, "%s%s", *content == '/' ? outside : "", content);
        if (symlinkat(target, dir, base) == 0)
            forget(w, rel);
    } else if (kind == '|') {
        if (mkfifoat(dir, base, 0600) == 0)
            forget(w, rel);
    } else {
        int fd = openat(dir, base, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_NONBLOCK, 0600);
        struct stat st;
        if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
            size_t len = strlen(content);
            FUZZ_CHECK(write(fd, content, len) == (ssize_t)len, "the harness writes its file");
            note_written(w, rel, content);
        }
        if (fd >= 0)
            close(fd);
    }
    close(dir);
}

static bool ours(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' && n > 5 &&
           (!strcmp(name + n - 5, ".html") || !strcmp(name + n - 5, ".json"));
}

/* Whether the reader is meant to load a plain file at rel: the two lists,
 * or a .html or .json two folders under sequences, workflows or broadcasts. */
static bool expected(const char *rel)
{
    if (!strcmp(rel, "tags.csv") || !strcmp(rel, "fields.csv"))
        return true;
    const char *a = strchr(rel, '/'), *b = a ? strchr(a + 1, '/') : NULL;
    if (!b || strchr(b + 1, '/') || a[1] == '.')
        return false;
    size_t top = (size_t)(a - rel);
    return ((top == 9 && (!strncmp(rel, "sequences", 9) || !strncmp(rel, "workflows", 9))) ||
            (top == 10 && !strncmp(rel, "broadcasts", 10))) &&
           ours(b + 1);
}

static void show(const char *s)
{
    char *safe = bento_sanitize_dup(s);
    FUZZ_CHECK(safe != NULL, "sanitising only fails for memory");
    fuzz_check_terminal_str(safe, "\n\t", "what diff shows of a file sanitises to safe text");
    free(safe);
}

/* What tree_compare does with each file it read. */
static void use_file(const struct app_export_tree *t, const struct app_export_file *f)
{
    FUZZ_CHECK(strlen(f->data) == f->len, "a file read is text with no NUL");
    show(f->rel);
    show(f->data);
    char sibling[512];
    if (app_export_is_email(f->rel, ".json")) {
        struct app_export_meta m;
        if (app_export_meta_parse(f, &m) == 0) {
            FUZZ_CHECK(m.id != NULL, "a parsed .json has an id");
            show(m.id), show(m.subject ? m.subject : ""), show(m.hash ? m.hash : "");
            app_export_meta_free(&m);
        }
        app_export_sibling(f->rel, ".html", sibling, sizeof sibling);
        const struct app_export_file *html = app_export_find(t, sibling);
        FUZZ_CHECK(!html || app_export_is_email(html->rel, ".html"),
                   "an email's .json pairs with an email's .html");
    }
}

static void check_loaded(const struct app_export_tree *t, const struct written *w)
{
    size_t want = 0;
    for (size_t i = 0; i < w->count; i++)
        want += expected(w->rel[i]);
    FUZZ_CHECK(t->count == want, "the tree read holds every plain file of ours, and no other");
    for (size_t i = 0; i < t->count; i++) {
        const struct app_export_file *f = &t->items[i];
        FUZZ_CHECK(i == 0 || strcmp(t->items[i - 1].rel, f->rel) < 0, "sorted, each file once");
        size_t j = 0;
        while (j < w->count && strcmp(w->rel[j], f->rel))
            j++;
        FUZZ_CHECK(j < w->count && expected(f->rel), "every file read is one written there");
        FUZZ_CHECK(!strcmp(w->data[j], f->data), "a file reads back byte for byte");
        use_file(t, f);
    }
}

/* Whether an error names the tree's folder or a file in it. */
static bool names_place(const char *msg)
{
    static const char *const places[] = {"/tree",      "tags.csv",   "fields.csv",
                                         "sequences/", "workflows/", "broadcasts/"};
    for (size_t i = 0; i < sizeof places / sizeof *places; i++)
        if (strstr(msg, places[i]))
            return true;
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nftw(tree, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    FUZZ_CHECK(mkdir(tree, 0700) == 0, "a fresh tree");
    int root = open(tree, O_RDONLY | O_DIRECTORY);
    FUZZ_CHECK(root >= 0, "the tree opens");
    char *parts[RECORDS * 2];
    size_t n = fuzz_split(data, size, parts, RECORDS * 2);
    struct written w = {.count = 0};
    for (size_t i = 0; i < n; i += 2)
        make_entry(root, parts[i], parts[i + 1] ? parts[i + 1] : "", &w);
    close(root);

    struct app_export_tree t;
    struct bento_error err;
    bento_error_clear(&err);
    if (app_export_read(tree, &t, &err) == 0) {
        check_loaded(&t, &w);
        app_export_tree_free(&t);
    } else {
        FUZZ_CHECK(err.message[0] != '\0', "a tree that does not load says why");
        fuzz_check_terminal_str(err.message, NULL, "the error is one safe line");
        FUZZ_CHECK(names_place(err.message), "the error names the folder or the file");
        FUZZ_CHECK(t.count == 0 && t.items == NULL, "a failed read leaves the tree empty");
    }
    for (size_t i = 0; i < w.count; i++)
        free(w.rel[i]);
    fuzz_parts_free(parts, RECORDS * 2);
    return 0;
}
