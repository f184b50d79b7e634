/* Where the keys may go. https to any host; plain http only to this
 * machine (127.0.0.0/8, ::1, or "localhost" when it resolves to loopback
 * only), since Basic auth over http sends the keys in clear. One check,
 * used for every request, every saved profile and the doctor. */
#ifndef BENTO_URL_H
#define BENTO_URL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "bento/error.h"

/* 0 when url (NULL or "" = the default https URL) may carry the keys;
 * otherwise -1 with err (BENTO_E_CONFIG) naming the URL without any
 * user:password in it and what is accepted. A URL holding a user name or
 * password is refused whatever its scheme (curl would send them). */
int bento_url_check(const char *url, struct bento_error *err);

/* True when url's scheme is plain http (the peer must then be loopback). */
bool bento_url_is_plain_http(const char *url);

/* True for an IPv4 address in 127.0.0.0/8, ::1, or ::ffff:127.x.y.z. */
bool bento_url_addr_loopback(const struct sockaddr *sa);

/* url for messages: user:password removed, control bytes escaped. */
void bento_url_shown(const char *url, char *out, size_t size);

#endif
