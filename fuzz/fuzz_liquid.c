/* Liquid in a subject or body: bento_liquid_scan and
 * bento_compose_substitute. Input: personalization lines (KEY=VALUE),
 * a NUL, then the text. Checked: the variables found are unique,
 * non-blank names; defaults never outnumber uses; and without
 * personalizations or a default filter the text comes back unchanged. */
#include <stdlib.h>
#include <string.h>

#include "bento/compose.h"
#include "fuzz_util.h"

static void add_vars(struct bento_compose *c, char *lines)
{
    for (char *save = NULL, *l = strtok_r(lines, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
        FUZZ_CHECK(bento_compose_parse_var(c, l) != -2, "out of memory adding a variable");
}

static void check_refs(const struct bento_liquid_refs *refs, unsigned where)
{
    for (size_t i = 0; i < refs->count; i++) {
        const struct bento_liquid_ref *r = &refs->items[i];
        FUZZ_CHECK(r->name && r->name[0], "a variable has a name");
        FUZZ_CHECK(r->uses > 0 && r->defaulted <= r->uses, "defaults never outnumber uses");
        FUZZ_CHECK((r->where & ~where) == 0 && r->where != 0, "a variable is where it was found");
        for (size_t j = 0; j < i; j++)
            FUZZ_CHECK(strcmp(refs->items[j].name, r->name) != 0, "each variable is listed once");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *parts[2];
    fuzz_split(data, size, parts, 2);
    const char *text = parts[1] ? parts[1] : parts[0];

    struct bento_liquid_refs refs = {0};
    FUZZ_CHECK(bento_liquid_scan(text, BENTO_IN_HTML, &refs) == 0,
               "scanning only fails for memory");
    check_refs(&refs, BENTO_IN_HTML);
    bento_liquid_refs_free(&refs);

    struct bento_compose c;
    bento_compose_init(&c);
    char *same = bento_compose_substitute(&c, text);
    FUZZ_CHECK(same != NULL, "substituting only fails for memory");
    if (!strstr(text, "default"))
        FUZZ_CHECK(strcmp(same, text) == 0, "with nothing to fill in, the text is unchanged");
    free(same);

    if (parts[1])
        add_vars(&c, parts[0]);
    FUZZ_CHECK(bento_compose_set_subject(&c, text) == 0 && bento_compose_set_html(&c, text) == 0,
               "out of memory setting the text");
    struct bento_liquid_refs both = {0};
    FUZZ_CHECK(bento_compose_variables(&c, &both) == 0, "scanning only fails for memory");
    check_refs(&both, BENTO_IN_SUBJECT | BENTO_IN_HTML);
    bento_liquid_refs_free(&both);
    char *filled = bento_compose_substitute(&c, text);
    FUZZ_CHECK(filled != NULL, "substituting only fails for memory");
    free(filled);

    bento_compose_free(&c);
    fuzz_parts_free(parts, 2);
    return 0;
}
