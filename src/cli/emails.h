/* `emails send` and `emails test`: one email composed from options,
 * checked as the Compose pane checks it, then previewed (--dry-run) or
 * sent through /batch/emails in calls of at most 60. The same email to
 * the same people within BENTO_SENDLOG_WINDOW_S needs --again. */
#ifndef BENTO_CLI_EMAILS_H
#define BENTO_CLI_EMAILS_H

#include <stdbool.h>
#include <stddef.h>
#include "bento/compose.h"
#include "bento/sendlog.h"
#include "app/addresses.h"

struct app;

struct email_opts {
    struct bento_compose form;
    struct address_list file; /* --to-file; its rejects are errors */
    bool dry_run;
    bool test;  /* emails test: to the profile's test address */
    bool again; /* --again: send even if sent in the last 24 h */
};

/* Parse the options into o (which the caller frees with emails_free,
 * whatever the result). Returns -1 to go on, or an exit code. */
int emails_parse(struct app *app, int argc, char **argv, bool test, struct email_opts *o);
void emails_free(struct email_opts *o);

/* Check, then dry-run or confirm and send. Returns the exit code. */
int emails_run(struct app *app, struct email_opts *o);

/* Print the findings (and --to-file rejects) that stop or warn about a
 * send: "error: FIELD: message" / "warning: ..." lines on stderr, or with
 * --json an error envelope listing them. Returns the number of errors. */
size_t emails_report_findings(struct app *app, const struct email_opts *o,
                              const struct bento_findings *f);

/* Fill key with the email's key and, unless --again, refuse one sent in
 * the window (the reason printed, exit code 6) or when the record cannot
 * be read (exit code 5). Returns -1 to go on, or an exit code. */
int emails_check_repeat(struct app *app, const struct email_opts *o,
                        char key[BENTO_SENDLOG_KEY_SIZE]);
/* Add the send to the record; a failure is a warning. */
void emails_record_send(struct app *app, const char *key, enum bento_send_outcome outcome,
                        size_t recipients);

/* The findings as a JSON array of {field, severity, code, message}. */
cJSON *emails_findings_json(const struct email_opts *o, const struct bento_findings *f,
                            bool warnings_only);

#endif
