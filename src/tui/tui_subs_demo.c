/* The demo opens the Subscribers pane on a handful of its people, looked
 * up as a user would (they show in the Activity pane), so a newcomer sees
 * the list work before typing anything. The demo's cache is fresh at every
 * start (app/demo_state.c), so this runs once per demo. */
#include <stdlib.h>

#include "bento/request.h"
#include "app/app.h"
#include "tui/tui.h"
#include "tui/tui_subs_internal.h"

static void look_up_next(struct tui *ui);

static void demo_looked_up(struct tui *ui, struct bento_result *r, void *ctx)
{
    (void)ctx;
    struct subs_pane *p = ui->subs;
    if (r->err.kind != BENTO_OK) {
        p->demo_left = 0;
        tui_report_error(ui, "Could not look up the demo's people", &r->err, r);
        return;
    }
    struct bento_cached_sub *e = r->subscriber.found
                                     ? bento_subcache_entry_for(&p->cache, &r->subscriber, NULL)
                                     : NULL;
    if (e) {
        subs_record_found(ui, e, &r->subscriber, NULL);
        subs_save(ui);
    }
    look_up_next(ui);
}

/* One at a time, the last first: each lookup goes to the top of the list,
 * so the list ends in the demo's order. */
static void look_up_next(struct tui *ui)
{
    struct subs_pane *p = ui->subs;
    if (!p->demo_left) {
        tui_flash(ui, false,
                  "Demo account: s searches all its people, l looks one up, x removes one "
                  "from this list.");
        return;
    }
    const char *email = app_demo_person(ui->app, --p->demo_left);
    if (!tui_post(ui, bento_request_subscriber_get(email), demo_looked_up, NULL))
        p->demo_left = 0;
}

void subs_demo_open(struct tui *ui)
{
    struct subs_pane *p = ui->subs;
    if (!app_demo_person(ui->app, 0) || p->cache.count || !ui->app->client)
        return;
    while (app_demo_person(ui->app, p->demo_left))
        p->demo_left++;
    look_up_next(ui);
}
