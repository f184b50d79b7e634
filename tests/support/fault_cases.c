/* The fault matrix's catalogue (fault_cases.h), in the order reports show
 * it: error statuses and their body shapes, rate limits, transport
 * failures, then bodies a 2xx should not have. */
#include "fault_cases.h"

#define F FAULT_FAILS
#define P FAULT_MAY_PASS
#define S FAULT_SLOW
#define R FAULT_RETRIED
#define H FAULT_HEAVY

/* clang-format off */
const struct fault_case fault_cases[] = {
    {"400 {\"error\"}",                      "body=error",                 F},
    {"400 {\"message\"}",                    "body=message",               F},
    {"400 {\"errors\": string}",             "body=errors-string",         F},
    {"400 {\"errors\": [strings]}",          "body=errors-strings",        F},
    {"400 {\"errors\": [{field, message}]}", "body=errors-array",          F},
    {"400 {\"errors\": [{field, detail}]}",  "body=errors-detail",         F},
    {"400 {\"errors\": [{title}]}",          "body=errors-title",          F},
    {"401 plain text",                       "body=text",                  F},
    {"403 HTML page",                        "status=403",                 F},
    {"404",                                  "status=404",                 F},
    {"422 {\"error\"}",                      "status=422",                 F},
    {"422 {\"errors\": {field: [..]}}",      "body=errors-hash",           F},
    {"422 with escape sequences",            "hostile",                    F},
    {"429, no Retry-After",                  "status=429",                 F | R},
    {"429, Retry-After: 1",                  "retry_after=1",              F | R},
    {"429, Retry-After: 315360000",          "retry_after=315360000",      F},
    {"429, Retry-After: -5",                 "retry_after=-5",             F},
    {"429, Retry-After: a date in 2099",
     "retry_after=Thu, 01 Jan 2099 00%3A00%3A00 GMT",                      F},
    {"500 author not authorized",            "body=author",                F | R},
    {"500",                                  "status=500",                 F | R},
    {"502 HTML page",                        "body=gateway",               F | R},
    {"503 HTML page",                        "status=503:body=gateway",    F | R},
    {"connection reset",                     "reset",                      F | R},
    {"read stalls",                          "stall",                      F | S},
    {"one byte a second",                    "trickle=1000",               F | S},
    {"truncated JSON",                       "truncate",                   F},
    {"200 with an HTML page",                "status=200:html",            F},
    {"200, empty body",                      "body=empty",                 F},
    {"200, 50 MB of tags",                   "body=huge",                  P | H},
    {"200, 100000 nested arrays",            "body=deep",                  F | H},
    {"ids as numbers",                       "body=idnum",                 P},
    {"ids as strings",                       "body=idstr",                 P},
    {"every value null",                     "body=nullkeys",              P},
    {"every key missing",                    "body=nokeys",                P},
    {"invalid UTF-8 in every string",        "body=badutf8",               P},
};
/* clang-format on */

const size_t fault_case_count = sizeof fault_cases / sizeof fault_cases[0];
