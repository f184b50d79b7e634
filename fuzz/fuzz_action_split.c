/* A `:` command line as typed (or pasted) through app_action_split, then
 * app_action_find on its words, as the console does. Checked: a split
 * returns -1 (unterminated quote) or its word count with a
 * NULL-terminated list of non-NULL words whose bytes come from the line;
 * and the command found consumes no more words than there are. */
#include <stdlib.h>
#include <string.h>

#include "app/actions.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *line = fuzz_str(data, size);
    char **words = NULL;
    int n = app_action_split(line, &words);
    if (n < 0) {
        FUZZ_CHECK(n == -1 && words == NULL, "a failed split leaves no list");
        free(line);
        return 0;
    }
    FUZZ_CHECK(words != NULL && words[n] == NULL, "the list is NULL-terminated");
    size_t total = 0;
    for (int i = 0; i < n; i++) {
        FUZZ_CHECK(words[i] != NULL, "every word is there");
        total += strlen(words[i]);
    }
    FUZZ_CHECK(total <= strlen(line), "words only hold bytes of the line");
    int used = -1;
    const struct action *a = app_action_find(n, words, &used);
    FUZZ_CHECK(used >= 0 && used <= n && (a != NULL) == (used > 0),
               "a command uses the words it matched");
    app_action_words_free(words, n);
    free(line);
    return 0;
}
