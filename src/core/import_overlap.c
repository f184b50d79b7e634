/* The validation pass on a thread of its own while the calls go out: a
 * second reader of the same file (its own buffers, duplicate keys and
 * reject file) runs the check, and the send pass walks the file behind it
 * as it always does. Both walk in file order from the first record, so the
 * send keeps and refuses exactly the rows the check counts; they share one
 * table of the keys seen (whichever reaches a row first records it, at the
 * same line). The plan's numbers arrive when the check ends. Only for a first run: a resumed
 * import needs the keys of the rows before the resume point, which only a
 * whole check gathers. */
#include "import_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct import_checker {
    pthread_t thread;
    struct bento_import *im; /* the check's own reader of the file */
    bool write_rejects;
    atomic_bool done;
    int rc;
    struct bento_error err;
};

static void *check_main(void *arg)
{
    struct import_checker *c = arg;
    c->rc = bento_import_check(c->im, c->write_rejects, NULL, &c->err);
    atomic_store(&c->done, true);
    return NULL;
}

static struct bento_import *second_reader(const struct bento_import *im, struct bento_error *err)
{
    struct bento_import_options o = {
        .kind = im->kind,
        .path = im->path,
        .rejects_path = im->rejects_path,
        .state_dir = im->dir,
        .account = im->account,
        .batch_size = im->batch_size,
        .field_max = im->field_max,
        .restart = true, /* no journal: this reader never sends */
    };
    struct bento_import *c = bento_import_open(&o, err);
    if (c && strcmp(c->id.key, im->id.key)) {
        bento_error_set(err, BENTO_E_IO, "%s changed while it was being read; import it again",
                        im->shown);
        bento_import_free(c);
        return NULL;
    }
    return c;
}

int bento_import_check_begin(struct bento_import *im, bool write_rejects,
                             const struct bento_import_plan **plan, struct bento_error *err)
{
    bento_error_clear(err);
    if (im->resume.found || im->checked || im->checker || im->started)
        return 1;
    struct import_checker *c = calloc(1, sizeof *c);
    if (!c) {
        bento_error_set(err, BENTO_E_NOMEM, "Out of memory starting the check");
        return -1;
    }
    c->write_rejects = write_rejects;
    atomic_init(&c->done, false);
    c->im = second_reader(im, err);
    if (!c->im) {
        free(c);
        return -1;
    }
    c->im->stop = &im->check_stop;
    if (!im->lock_made && pthread_mutex_init(&im->lock, NULL) == 0)
        im->lock_made = true;
    if (im->lock_made) {
        im->dupes_at = c->im->dupes_at = &im->dupes;
        im->dupes_lock = c->im->dupes_lock = &im->lock;
    }
    if (!im->lock_made || pthread_create(&c->thread, NULL, check_main, c) != 0) {
        im->dupes_at = NULL;
        bento_import_free(c->im);
        free(c);
        bento_error_set(err, BENTO_E_NOMEM, "Cannot start the check of %s", im->shown);
        return -1;
    }
    memset(&im->plan, 0, sizeof im->plan);
    im->plan.jsonl = im->jsonl;
    im->checker = c;
    if (plan)
        *plan = &im->plan;
    return 0;
}

/* Take the check's plan over; its reject file path is ours (the same). */
static void adopt(struct bento_import *im, struct import_checker *c)
{
    pthread_join(c->thread, NULL);
    im->checker = NULL;
    im->plan = c->im->plan;
    c->im->plan.sample = NULL;
    if (im->plan.rejects_path)
        im->plan.rejects_path = im->rejects_path;
    im->dupes_at = NULL; /* the send's alone from here */
    im->check_rc = c->rc;
    im->check_err = c->err;
    im->checked = c->rc == 0;
    im->prog.rows_total = im->plan.to_send;
    bento_import_free(c->im);
    free(c);
}

void import_check_poll(struct bento_import *im)
{
    if (im->checker && atomic_load(&im->checker->done))
        adopt(im, im->checker);
}

int bento_import_check_end(struct bento_import *im, const struct bento_import_plan **plan,
                           struct bento_error *err)
{
    bento_error_clear(err);
    if (im->checker)
        adopt(im, im->checker);
    if (plan)
        *plan = &im->plan;
    if (im->check_rc < 0)
        *err = im->check_err;
    return im->check_rc;
}

bool bento_import_checking(const struct bento_import *im)
{
    return im && im->checker;
}

void import_check_abandon(struct bento_import *im)
{
    if (!im->checker)
        return;
    atomic_store(&im->check_stop, true);
    adopt(im, im->checker);
}
