/* Console handlers for the actions of the table (src/app/actions.c),
 * registered by id in src/tui/tui_handlers.c. They run on the UI thread; argc/argv are the words after the command, as
 * typed on the `:` line, or none when the action came from a key (the
 * handler then prompts for what it needs). */
#ifndef BENTO_TUI_COMMANDS_H
#define BENTO_TUI_COMMANDS_H

#include "app/actions.h"

struct tui;

typedef void (*tui_handler)(struct tui *ui, int argc, char **argv);

/* Indexed by action id; NULL where the action is command line only. */
extern const tui_handler tui_handlers[ACTION_ID_COUNT];

void tui_cmd_quit(struct tui *ui, int argc, char **argv);
void tui_cmd_help(struct tui *ui, int argc, char **argv);
void tui_cmd_doctor(struct tui *ui, int argc, char **argv);
void tui_cmd_pane_tags(struct tui *ui, int argc, char **argv);
void tui_cmd_pane_subscribers(struct tui *ui, int argc, char **argv);
void tui_cmd_pane_compose(struct tui *ui, int argc, char **argv);
void tui_cmd_pane_activity(struct tui *ui, int argc, char **argv);
void tui_cmd_pane_broadcasts(struct tui *ui, int argc, char **argv);
void tui_cmd_broadcasts_status(struct tui *ui, int argc, char **argv);
void tui_cmd_broadcasts_new(struct tui *ui, int argc, char **argv);
void tui_cmd_broadcasts_reload(struct tui *ui, int argc, char **argv);
void tui_cmd_compose_broadcast(struct tui *ui, int argc, char **argv);
void tui_cmd_compose_bento_check(struct tui *ui, int argc, char **argv);
/* tui_automations*.c */
void tui_cmd_pane_automations(struct tui *ui, int argc, char **argv);
void tui_cmd_automations_period(struct tui *ui, int argc, char **argv);
void tui_cmd_automations_edit(struct tui *ui, int argc, char **argv);
void tui_cmd_automations_history(struct tui *ui, int argc, char **argv);
void tui_cmd_automations_append(struct tui *ui, int argc, char **argv);
void tui_cmd_automations_reload(struct tui *ui, int argc, char **argv);
/* tui_reports.c */
void tui_cmd_pane_reports(struct tui *ui, int argc, char **argv);
void tui_cmd_reports_reload(struct tui *ui, int argc, char **argv);
void tui_cmd_reports_pin(struct tui *ui, int argc, char **argv);
void tui_cmd_reports_unpin(struct tui *ui, int argc, char **argv);
void tui_cmd_reports_table(struct tui *ui, int argc, char **argv);
/* tui_reports_snippet.c */
void tui_cmd_reports_snippet(struct tui *ui, int argc, char **argv);
void tui_cmd_reports_copy_snippet(struct tui *ui, int argc, char **argv);
/* tui_reports_ads.c */
void tui_cmd_reports_ads(struct tui *ui, int argc, char **argv);
void tui_cmd_reports_dimension(struct tui *ui, int argc, char **argv);
void tui_cmd_reports_period(struct tui *ui, int argc, char **argv);
void tui_cmd_reports_revenue(struct tui *ui, int argc, char **argv);
void tui_cmd_tags_refresh(struct tui *ui, int argc, char **argv);
void tui_cmd_tags_create(struct tui *ui, int argc, char **argv);
void tui_cmd_tags_delete(struct tui *ui, int argc, char **argv);
void tui_cmd_fields_create(struct tui *ui, int argc, char **argv);
void tui_cmd_profile_use(struct tui *ui, int argc, char **argv);
/* tui_shell_cmds.c */
void tui_cmd_profile_list(struct tui *ui, int argc, char **argv);
void tui_cmd_profile_import(struct tui *ui, int argc, char **argv);
void tui_cmd_authors_list(struct tui *ui, int argc, char **argv);
void tui_cmd_stats_site(struct tui *ui, int argc, char **argv);
void tui_cmd_filter(struct tui *ui, int argc, char **argv);
void tui_cmd_sort(struct tui *ui, int argc, char **argv);
void tui_cmd_sort_reverse(struct tui *ui, int argc, char **argv);
void tui_cmd_open(struct tui *ui, int argc, char **argv);
void tui_cmd_activity_copy(struct tui *ui, int argc, char **argv);
void tui_cmd_activity_write(struct tui *ui, int argc, char **argv);
void tui_cmd_errors(struct tui *ui, int argc, char **argv);
void tui_cmd_command_line(struct tui *ui, int argc, char **argv);
void tui_cmd_redraw(struct tui *ui, int argc, char **argv);
void tui_cmd_subs_get(struct tui *ui, int argc, char **argv);
void tui_cmd_subs_refresh(struct tui *ui, int argc, char **argv);
void tui_cmd_subs_create(struct tui *ui, int argc, char **argv);
void tui_cmd_subs_tag(struct tui *ui, int argc, char **argv);
void tui_cmd_subs_tag_via_event(struct tui *ui, int argc, char **argv);
void tui_cmd_subs_untag(struct tui *ui, int argc, char **argv);
void tui_cmd_subs_set_field(struct tui *ui, int argc, char **argv);
void tui_cmd_subs_unset_field(struct tui *ui, int argc, char **argv);
void tui_cmd_subs_subscribe(struct tui *ui, int argc, char **argv);
void tui_cmd_subs_unsubscribe(struct tui *ui, int argc, char **argv);
void tui_cmd_subs_change_email(struct tui *ui, int argc, char **argv);
void tui_cmd_subs_validate(struct tui *ui, int argc, char **argv);
void tui_cmd_subs_search(struct tui *ui, int argc, char **argv);
void tui_cmd_subs_next_page(struct tui *ui, int argc, char **argv);
void tui_cmd_subs_prev_page(struct tui *ui, int argc, char **argv);
void tui_cmd_events_track(struct tui *ui, int argc, char **argv);
void tui_cmd_fields_list(struct tui *ui, int argc, char **argv);
void tui_cmd_subs_forget(struct tui *ui, int argc, char **argv);
void tui_cmd_subs_import(struct tui *ui, int argc, char **argv);
void tui_cmd_events_import(struct tui *ui, int argc, char **argv);
void tui_cmd_import(struct tui *ui, int argc, char **argv);
void tui_cmd_compose_preview(struct tui *ui, int argc, char **argv);
void tui_cmd_compose_send(struct tui *ui, int argc, char **argv);
void tui_cmd_compose_test(struct tui *ui, int argc, char **argv);
void tui_cmd_compose_drafts(struct tui *ui, int argc, char **argv);
void tui_cmd_compose_save(struct tui *ui, int argc, char **argv);
void tui_cmd_compose_new(struct tui *ui, int argc, char **argv);
void tui_cmd_compose_to_file(struct tui *ui, int argc, char **argv);
void tui_cmd_find(struct tui *ui, int argc, char **argv);
/* tui_template_edit.c */
void tui_cmd_templates_edit(struct tui *ui, int argc, char **argv);
void tui_cmd_templates_history(struct tui *ui, int argc, char **argv);

/* Run the full-screen console until the user quits; returns exit code. */
struct app;
int tui_run(struct app *app);

#endif
