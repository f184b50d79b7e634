/* Command-line handlers named in the action table. Each returns the
 * process exit code (see bento_error_exit_code). */
#ifndef BENTO_CLI_COMMANDS_H
#define BENTO_CLI_COMMANDS_H

struct app;

int cli_doctor(struct app *app, int argc, char **argv);
int cli_tags_list(struct app *app, int argc, char **argv);
int cli_tags_create(struct app *app, int argc, char **argv);
int cli_tags_delete(struct app *app, int argc, char **argv);
int cli_fields_list(struct app *app, int argc, char **argv);
int cli_fields_create(struct app *app, int argc, char **argv);
int cli_subscribers_get(struct app *app, int argc, char **argv);
int cli_subscribers_create(struct app *app, int argc, char **argv);
int cli_subscribers_tag(struct app *app, int argc, char **argv);
int cli_subscribers_untag(struct app *app, int argc, char **argv);
int cli_subscribers_subscribe(struct app *app, int argc, char **argv);
int cli_subscribers_unsubscribe(struct app *app, int argc, char **argv);
int cli_subscribers_set_field(struct app *app, int argc, char **argv);
int cli_subscribers_unset_field(struct app *app, int argc, char **argv);
int cli_subscribers_change_email(struct app *app, int argc, char **argv);
int cli_subscribers_validate(struct app *app, int argc, char **argv);
int cli_subscribers_cached(struct app *app, int argc, char **argv);
int cli_subscribers_import(struct app *app, int argc, char **argv);
int cli_events_track(struct app *app, int argc, char **argv);
int cli_events_import(struct app *app, int argc, char **argv);
int cli_emails_send(struct app *app, int argc, char **argv);
int cli_emails_test(struct app *app, int argc, char **argv);
int cli_templates_get(struct app *app, int argc, char **argv);
int cli_templates_set(struct app *app, int argc, char **argv);
int cli_templates_edit(struct app *app, int argc, char **argv);
int cli_templates_history(struct app *app, int argc, char **argv);
int cli_templates_revert(struct app *app, int argc, char **argv);
int cli_authors_list(struct app *app, int argc, char **argv);
int cli_check_email(struct app *app, int argc, char **argv);
int cli_check_domain(struct app *app, int argc, char **argv);
int cli_check_ip(struct app *app, int argc, char **argv);
int cli_check_content(struct app *app, int argc, char **argv);
int cli_check_name(struct app *app, int argc, char **argv);
int cli_snippet(struct app *app, int argc, char **argv);
int cli_stats_site(struct app *app, int argc, char **argv);
int cli_stats_segment(struct app *app, int argc, char **argv);
int cli_stats_report(struct app *app, int argc, char **argv);
int cli_stats_ads(struct app *app, int argc, char **argv);
int cli_forms_responses(struct app *app, int argc, char **argv);
int cli_broadcasts_list(struct app *app, int argc, char **argv);
int cli_broadcasts_get(struct app *app, int argc, char **argv);
int cli_broadcasts_create(struct app *app, int argc, char **argv);
int cli_sequences_list(struct app *app, int argc, char **argv);
int cli_sequences_add_email(struct app *app, int argc, char **argv);
int cli_workflows_list(struct app *app, int argc, char **argv);
int cli_workflows_stats(struct app *app, int argc, char **argv);
int cli_profile_list(struct app *app, int argc, char **argv);
int cli_profile_use(struct app *app, int argc, char **argv);
int cli_profile_add(struct app *app, int argc, char **argv);
int cli_profile_remove(struct app *app, int argc, char **argv);
int cli_profile_import(struct app *app, int argc, char **argv);
int cli_profile_test_address(struct app *app, int argc, char **argv);
int cli_completion(struct app *app, int argc, char **argv);
int cli_help(struct app *app, int argc, char **argv);
int cli_help_command(struct app *app, int argc, char **argv);
int cli_export(struct app *app, int argc, char **argv);
int cli_diff(struct app *app, int argc, char **argv);
int cli_apply(struct app *app, int argc, char **argv);

#endif
