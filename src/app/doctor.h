/* The doctor's checks, shared by `bento-console doctor`, `:doctor` and
 * the console's credentials form: local checks first, then one probe
 * request whose result is interpreted into the exact cause. */
#ifndef BENTO_APP_DOCTOR_H
#define BENTO_APP_DOCTOR_H

#include "bento/client.h"
#include "bento/profile.h"

enum doctor_state { DOCTOR_PASS, DOCTOR_WARN, DOCTOR_FAIL };

struct doctor_step {
    const char *name; /* "credentials", "keys", "base url", "api" */
    enum doctor_state state;
    char message[400];
};

#define DOCTOR_MAX_STEPS 8

struct doctor_report {
    struct doctor_step steps[DOCTOR_MAX_STEPS];
    int count;
    enum bento_err_kind failure; /* BENTO_OK when nothing failed */
};

void doctor_init(struct doctor_report *rep);

/* Credentials present, key shapes, base URL. Returns 0 when the probe
 * request should follow, -1 when a local check already failed. */
int doctor_check_local(const struct bento_profile *p, struct doctor_report *rep);

/* The probe: GET /fetch/authors (a fetch-family call that needs both
 * keys and the site_uuid, and spares the 60-per-hour stats budget). */
struct bento_request *doctor_probe_request(void);

/* Turn the probe's result into the final step. */
void doctor_check_result(const struct bento_profile *p, const struct bento_result *r,
                         struct doctor_report *rep);

const char *doctor_state_label(enum doctor_state s);

#endif
