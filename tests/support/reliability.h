/* One line of docs/RELIABILITY.md: a hostile case a test ran, how long the
 * user waited for the message, and the message's first line. */
#ifndef RELIABILITY_H
#define RELIABILITY_H

/* Appends "area<TAB>case<TAB>seconds<TAB>message" to the file named by
 * $BENTO_RELIABILITY_LOG; does nothing when it is unset. Tabs and newlines
 * in the message are written as spaces; only its first line is kept.
 * seconds < 0 means "not timed" (the table shows a dash). */
void reliability_record(const char *area, const char *what, double seconds, const char *message);

/* Seconds since an arbitrary point (CLOCK_MONOTONIC), to time a case. */
double reliability_now(void);

#endif
