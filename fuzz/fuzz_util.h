/* Helpers shared by the libFuzzer harnesses in fuzz/. Each harness turns
 * the fuzzer's bytes into one parser's input, runs it, and checks what
 * the parser promises on top of what ASan and UBSan catch. A broken
 * promise aborts, which libFuzzer reports as a crash. */
#ifndef BENTO_FUZZ_UTIL_H
#define BENTO_FUZZ_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort with a message naming the broken promise. */
#define FUZZ_CHECK(cond, what)                          \
    do {                                                \
        if (!(cond))                                    \
            fuzz_fail(__FILE__, __LINE__, #cond, what); \
    } while (0)

__attribute__((noreturn)) void fuzz_fail(const char *file, int line, const char *cond,
                                         const char *what);

/* The bytes as an allocated NUL-terminated string (an embedded NUL ends
 * it early, as it would any C string the parser is given). */
char *fuzz_str(const uint8_t *data, size_t size);

/* Split the bytes at NUL into at most max allocated strings; the last
 * part takes the rest. Parts the input does not reach are NULL. Returns
 * the number of parts present. Free with fuzz_parts_free. */
size_t fuzz_split(const uint8_t *data, size_t size, char **parts, size_t max);
void fuzz_parts_free(char **parts, size_t max);

/* Abort unless s[0, len) is text a terminal can show as is: valid UTF-8
 * with no C0 control (except the bytes in `allow`), no DEL, no C1
 * control and no bidi control, so no escape sequence can start and
 * nothing can reorder what is shown. */
void fuzz_check_terminal_safe(const char *s, size_t len, const char *allow, const char *what);
/* Same for a NUL-terminated string (NULL is fine). */
void fuzz_check_terminal_str(const char *s, const char *allow, const char *what);

/* A private directory for this process (under $TMPDIR or /tmp), removed
 * with everything in it at exit. */
const char *fuzz_tmpdir(void);
/* Write the bytes to NAME in that directory (mode 0600, replaced if it
 * exists); returns the path (allocated). */
char *fuzz_write_file(const char *name, const uint8_t *data, size_t size);

#endif
