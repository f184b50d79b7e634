/* The command line's read-only commands on the `:` line: what they
 * print goes to a text view (Esc closes it). The calls go out through
 * tui_post like every other; the profile file is read here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bento/profile.h"
#include "bento/request.h"
#include "bento/sanitize.h"
#include "app/app.h"
#include "tui/tui.h"
#include "tui/tui_commands.h"

/* Names only: a profile's keys are never shown. */
void tui_cmd_profile_list(struct tui *ui, int argc, char **argv)
{
    char **names = NULL, *current = NULL;
    size_t count = 0;
    struct bento_error err;
    if (bento_profile_list(&names, &count, &current, &err) < 0) {
        tui_report_error(ui, "Could not read the profiles", &err, NULL);
        return;
    }
    text_open(ui, "Profiles");
    for (size_t i = 0; i < count; i++) {
        bool here = !ui->app->demo && !strcmp(ui->profile_name, names[i]);
        bool cur = current && !strcmp(current, names[i]);
        text_add(&ui->text, "%c %s%s", cur ? '*' : ' ', names[i],
                 here ? "  (this console uses it)" : "");
    }
    if (count == 0)
        text_add(&ui->text, "No saved profiles: bento-console profile add NAME saves one.");
    text_add(&ui->text, "%s", "");
    text_add(&ui->text, "* is the current profile; :profile use NAME switches to another.");
    bento_profile_list_free(names, count, current);
}

static void text_cell(struct text_view *t, const char *a, const char *b)
{
    char *sa = bento_sanitize_dup(a ? a : ""), *sb = bento_sanitize_dup(b ? b : "");
    text_add(t, "%-30.200s %.200s", sa ? sa : "", sb ? sb : "");
    free(sa);
    free(sb);
}

static void authors_listed(struct tui *ui, struct bento_result *r, void *ctx)
{
    if (r->err.kind != BENTO_OK) {
        tui_report_error(ui, "Could not list the authors", &r->err, r);
        return;
    }
    text_open(ui, "Authors allowed to send email");
    text_cell(&ui->text, "NAME", "EMAIL");
    for (size_t i = 0; i < r->authors.count; i++)
        text_cell(&ui->text, r->authors.items[i].name, r->authors.items[i].email);
    if (r->authors.count == 0)
        text_add(&ui->text, "None: add an author in Bento's settings before sending email.");
}

void tui_cmd_authors_list(struct tui *ui, int argc, char **argv)
{
    tui_post(ui, bento_request_authors_list(), authors_listed, NULL);
}

static void stats_shown(struct tui *ui, struct bento_result *r, void *ctx)
{
    if (r->err.kind != BENTO_OK) {
        tui_report_error(ui, "Could not read the site's counts", &r->err, r);
        return;
    }
    const struct bento_site_stats *s = &r->stats;
    text_open(ui, "Subscriber counts");
    text_add(&ui->text, "People:        %ld", s->user_count);
    text_add(&ui->text, "Subscribed:    %ld", s->subscriber_count);
    text_add(&ui->text, "Unsubscribed:  %ld", s->unsubscriber_count);
}

void tui_cmd_stats_site(struct tui *ui, int argc, char **argv)
{
    tui_post(ui, bento_request_stats_site(), stats_shown, NULL);
}

void tui_cmd_profile_import(struct tui *ui, int argc, char **argv)
{
    struct bento_error err;
    int n = bento_profile_import_official(&err);
    if (n < 0)
        tui_report_error(ui, "Could not import the Bento CLI's profiles", &err, NULL);
    else
        tui_flash(ui, false, "Imported %d profile%s from the Bento CLI: :profile list shows them",
                  n, n == 1 ? "" : "s");
}
