#include "cli/actions.h"

#include "cli/commands.h"
#include "tui/tui_commands.h"

#define ALL PANE_ALL
#define TAGS PANE_TAGS

/* Order is the order of help output. Rows with neither handler only
 * document keys the console handles itself (movement). */
const struct action bento_actions[] = {
    {"doctor", "", "Check credentials, site_uuid and reachability step by step",
     NULL, 0, 0, 0, 0, cli_doctor, tui_cmd_doctor},
    {"tags list", "[FILTER]", "List the account's tags (refresh in the console)",
     "r", TAGS, 0, 1, 0, cli_tags_list, tui_cmd_tags_refresh},
    {"tags create", "NAME", "Create a tag",
     "n", TAGS, 0, 1, 0, cli_tags_create, tui_cmd_tags_create},
    {"tags delete", "NAME", "Delete (discard) a tag, after confirmation",
     "d", TAGS, 0, 1, 0, cli_tags_delete, tui_cmd_tags_delete},
    {"fields list", "", "List the account's custom fields",
     NULL, 0, 0, 0, 0, cli_fields_list, NULL},
    {"fields create", "KEY", "Create a custom field",
     NULL, 0, 1, 1, 0, cli_fields_create, tui_cmd_fields_create},
    {"subscribers get", "EMAIL|UUID", "Look up one subscriber",
     NULL, 0, 1, 1, 0, cli_subscribers_get, NULL},
    {"authors list", "", "List the authors allowed to send email",
     NULL, 0, 0, 0, 0, cli_authors_list, NULL},
    {"stats site", "", "Show subscriber counts (60 calls per hour)",
     NULL, 0, 0, 0, 0, cli_stats_site, NULL},
    {"profile list", "", "List saved profiles",
     NULL, 0, 0, 0, 0, cli_profile_list, NULL},
    {"profile use", "NAME", "Make NAME the current profile",
     NULL, 0, 1, 1, 0, cli_profile_use, tui_cmd_profile_use},
    {"profile add", "NAME", "Save a profile (keys read from the terminal or BENTO_* variables)",
     NULL, 0, 1, 1, 0, cli_profile_add, NULL},
    {"profile remove", "NAME", "Delete a saved profile",
     NULL, 0, 1, 1, 0, cli_profile_remove, NULL},
    {"profile import", "", "Import profiles from the official Bento CLI",
     NULL, 0, 0, 0, 0, cli_profile_import, NULL},
    {"help", "[COMMAND]", "Show commands and keys",
     "?", ALL, 0, 2, 0, cli_help, tui_cmd_help},
    {"pane tags", "", "Show the Tags pane",
     "1", ALL, 0, 0, 0, NULL, tui_cmd_pane_tags},
    {"pane subscribers", "", "Show the Subscribers pane",
     "2", ALL, 0, 0, 0, NULL, tui_cmd_pane_subscribers},
    {"pane compose", "", "Show the Compose pane",
     "3", ALL, 0, 0, 0, NULL, tui_cmd_pane_compose},
    {"pane activity", "", "Show the Activity pane (every request made)",
     "4", ALL, 0, 0, 0, NULL, tui_cmd_pane_activity},
    {"filter", "[TEXT]", "Filter the list (substring; a leading ! inverts)",
     "/", TAGS | PANE_ACTIVITY, 0, 1, 0, NULL, tui_cmd_filter},
    {"sort", "[name|date]", "Sort by name or by date (toggles)",
     "s", TAGS, 0, 1, 0, NULL, tui_cmd_sort},
    {"open", "", "Show details of the selected row",
     "Enter", TAGS | PANE_ACTIVITY, 0, 0, 0, NULL, tui_cmd_open},
    {"errors", "", "Show the last error in full",
     "e", ALL, 0, 0, 0, NULL, tui_cmd_errors},
    {"command", "", "Open the command line",
     ":", ALL, 0, 0, 0, NULL, tui_cmd_command_line},
    {"redraw", "", "Redraw the screen",
     "^L", ALL, 0, 0, 0, NULL, tui_cmd_redraw},
    {"quit", "", "Quit (asks first when requests are in flight)",
     "q", ALL, 0, 0, 0, NULL, tui_cmd_quit},
    {"q", "", "Quit", NULL, 0, 0, 0, ACTION_HIDDEN, NULL, tui_cmd_quit},
    {"move", "", "Move the selection (also PgUp/PgDn, g/G, Home/End)",
     "j/k", ALL, 0, 0, 0, NULL, NULL},
    {"back", "", "Leave a prompt, overlay or detail view",
     "Esc", ALL, 0, 0, 0, NULL, NULL},
};

const size_t bento_action_count = sizeof bento_actions / sizeof bento_actions[0];
