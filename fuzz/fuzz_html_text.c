/* An email body through bento_html_to_text, the readable text that
 * previews and dry runs print. Checked: the text is lines ending in a
 * newline with nothing else a terminal would act on; each link is one
 * safe line. */
#include <stdlib.h>
#include <string.h>

#include "bento/compose.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *html = fuzz_str(data, size);
    struct bento_text t;
    FUZZ_CHECK(bento_html_to_text(html, &t) == 0, "rendering only fails for memory");
    FUZZ_CHECK(t.text != NULL, "the text is there");
    size_t n = strlen(t.text);
    FUZZ_CHECK(n == 0 || t.text[n - 1] == '\n', "the text is whole lines");
    fuzz_check_terminal_safe(t.text, n, "\n", "the text is safe on a terminal");
    for (size_t i = 0; i < t.link_count; i++) {
        FUZZ_CHECK(t.links[i] && t.links[i][0], "a link has a URL");
        fuzz_check_terminal_str(t.links[i], NULL, "a link is one safe line");
    }
    bento_text_free(&t);
    FUZZ_CHECK(t.text == NULL && t.links == NULL && t.link_count == 0, "freeing empties it");
    free(html);
    return 0;
}
