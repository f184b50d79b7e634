/* The command line's handler for each action id of the table
 * (src/app/actions.c); the rows marked ACTION_CLI have one. */
#include "cli/cli.h"

#include "cli/commands.h"

const cli_handler cli_handlers[ACTION_ID_COUNT] = {
    [ACT_DOCTOR] = cli_doctor,
    [ACT_TAGS_LIST] = cli_tags_list,
    [ACT_TAGS_CREATE] = cli_tags_create,
    [ACT_TAGS_DELETE] = cli_tags_delete,
    [ACT_FIELDS_LIST] = cli_fields_list,
    [ACT_FIELDS_CREATE] = cli_fields_create,
    [ACT_SUBSCRIBERS_GET] = cli_subscribers_get,
    [ACT_SUBSCRIBERS_CREATE] = cli_subscribers_create,
    [ACT_SUBSCRIBERS_TAG] = cli_subscribers_tag,
    [ACT_SUBSCRIBERS_UNTAG] = cli_subscribers_untag,
    [ACT_SUBSCRIBERS_SUBSCRIBE] = cli_subscribers_subscribe,
    [ACT_SUBSCRIBERS_UNSUBSCRIBE] = cli_subscribers_unsubscribe,
    [ACT_SUBSCRIBERS_SET_FIELD] = cli_subscribers_set_field,
    [ACT_SUBSCRIBERS_UNSET_FIELD] = cli_subscribers_unset_field,
    [ACT_SUBSCRIBERS_CHANGE_EMAIL] = cli_subscribers_change_email,
    [ACT_SUBSCRIBERS_VALIDATE] = cli_subscribers_validate,
    [ACT_SUBSCRIBERS_CACHED] = cli_subscribers_cached,
    [ACT_SUBSCRIBERS_IMPORT] = cli_subscribers_import,
    [ACT_EVENTS_TRACK] = cli_events_track,
    [ACT_EVENTS_IMPORT] = cli_events_import,
    [ACT_EMAILS_SEND] = cli_emails_send,
    [ACT_EMAILS_TEST] = cli_emails_test,
    [ACT_AUTHORS_LIST] = cli_authors_list,
    [ACT_STATS_SITE] = cli_stats_site,
    [ACT_SEQUENCES_LIST] = cli_sequences_list,
    [ACT_SEQUENCES_ADD_EMAIL] = cli_sequences_add_email,
    [ACT_WORKFLOWS_LIST] = cli_workflows_list,
    [ACT_WORKFLOWS_STATS] = cli_workflows_stats,
    [ACT_PROFILE_LIST] = cli_profile_list,
    [ACT_PROFILE_USE] = cli_profile_use,
    [ACT_PROFILE_ADD] = cli_profile_add,
    [ACT_PROFILE_REMOVE] = cli_profile_remove,
    [ACT_PROFILE_IMPORT] = cli_profile_import,
    [ACT_PROFILE_TEST_ADDRESS] = cli_profile_test_address,
    [ACT_HELP] = cli_help,
};
